"""People and access: what the partnership itself runs (password resets, leavers).

`Attempt` counts requests made without signing in (a password reset asked for), so
they can be throttled across every server process; it holds a keyed hash of the
address asked about, never the address. `Handover` records a leaver's hand-over to
their successor, so the leaver's page says what went to whom."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from masa.core.models import Agency, Membership, Partnership, Person


class Attempt(models.Model):
    """One request that is rate-limited (by the address asked about and by where it
    came from), kept only as long as the limits look back."""

    class Kind(models.TextChoices):
        PASSWORD_RESET = "password_reset", "Password reset asked for"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=64, help_text="Keyed hash of the address or the IP.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"], name="attempt_kind_key_at")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class Leaver(models.Model):
    """A person who left a partnership (their membership ended), with the successor
    named to take over what they owned, and when it was done."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    actions_handed_over = models.PositiveIntegerField(default=0)
    left_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-left_at"]

    def __str__(self) -> str:
        return f"{self.person} left {self.partnership} on {self.left_at:%Y-%m-%d}"


class DormantFlag(models.Model):
    """An account unused for longer than the partnership allows, flagged once to its
    agency's leads (cleared when the person signs in again)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField(help_text="Last sign-in, or when the account was made.")
    flagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-flagged_at"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "last_seen"], name="dormant_once_a_gap")
        ]

    def __str__(self) -> str:
        return f"{self.membership} unused since {self.last_seen:%Y-%m-%d}"


class AgencyDomain(models.Model):
    """An email domain an agency's staff use (an agency may use several): how a new
    person's agency is known. A domain belongs to one agency only."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class Invitation(models.Model):
    """An invitation to join the partnership by email, with roles: its link works once,
    until it expires (the partnership's `invitation_expiry` timescale). Only a hash of
    the link's token is kept."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    roles = models.ManyToManyField("core.Role", related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_made",
            ),
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(person__isnull=False),
                name="invitation_used_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.email} ({self.partnership})"
