"""Partnerships, agencies, people, roles, local timescales and the audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from masa.core import clocks


class Partnership(models.Model):
    """One area's multi-agency safeguarding arrangements."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    area = models.CharField(max_length=200, help_text="The local authority area it covers.")
    code = models.CharField(
        max_length=6,
        blank=True,
        help_text="Short letters that start its references, like NB in NB-2026-000123.",
    )
    agencies: models.ManyToManyField[Agency, PartnershipAgency] = models.ManyToManyField(
        "Agency", through="PartnershipAgency", related_name="partnerships"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def child_population(self, year: int) -> int | None:
        """Children aged 0-17 in the area in `year` (for rates per 10,000), if known."""
        row = self.child_populations.filter(year=year).first()
        return row.children if row else None


class ChildPopulation(models.Model):
    """Mid-year estimate of the number of children aged 0 to 17 in the area."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="child_populations"
    )
    year = models.PositiveSmallIntegerField()
    children = models.PositiveIntegerField()

    class Meta:
        ordering = ["partnership", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_population_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="population_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.children:,} children in {self.year}"


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH_ICB = "health_icb", "Health: integrated care board"
    HEALTH_TRUST = "health_trust", "Health: NHS trust"
    HEALTH_GP = "health_gp", "Health: GP practice"
    SCHOOL = "school", "Education: school"
    COLLEGE = "college", "Education: college"
    EARLY_YEARS = "early_years", "Education: early years setting"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    FIRE = "fire", "Fire and rescue"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary, community or faith group"
    OTHER = "other", "Other relevant agency"


class Agency(models.Model):
    """An organisation. One agency (a police force, an ICB) may sit in several partnerships."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    email_domain = models.CharField(
        max_length=120, blank=True, help_text="Used to suggest the agency of a new person."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class PartnershipAgency(models.Model):
    """An agency's part in one partnership: statutory safeguarding partner or relevant agency."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)
    statutory_partner = models.BooleanField(
        default=False,
        help_text="The local authority, the police and the ICB (and any 4th partner).",
    )
    answers_partner_checks = models.BooleanField(
        default=True,
        help_text="The MASH may ask this agency what it knows about a child (partner checks).",
    )
    takes_part_in_training = models.BooleanField(
        default=True,
        help_text="Its staff train with the partnership: it is offered in training and asked "
        "in the training needs survey.",
    )

    class Meta:
        ordering = ["partnership", "-statutory_partner", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency"], name="agency_once_a_partnership"
            )
        ]
        verbose_name = "agency in a partnership"
        verbose_name_plural = "agencies in partnerships"

    def __str__(self) -> str:
        kind = "statutory partner" if self.statutory_partner else "relevant agency"
        return f"{self.agency} in {self.partnership} ({kind})"


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=username or "")

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Person:
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person


class Person(AbstractBaseUser):
    """Someone who signs in. What they may do comes from their memberships."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_installation_admin = models.BooleanField(
        default=False,
        help_text=(
            "Administers the whole installation in the admin: every partnership, roles and "
            "agencies shared between partnerships. A partnership's system administrator "
            "(admin.access) administers only their own partnership."
        ),
    )
    date_joined = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Scope(models.TextChoices):
    """How far a permission reaches. Ordered from narrowest to widest."""

    AGGREGATE = "aggregate", "Aggregate figures only"
    OWN = "own", "Own records"
    AGENCY = "agency", "Own agency's records"
    PARTNERSHIP = "partnership", "All records in the partnership"


SCOPE_ORDER = {Scope.AGGREGATE: 0, Scope.OWN: 1, Scope.AGENCY: 2, Scope.PARTNERSHIP: 3}


class Role(models.Model):
    """A named set of permissions. Roles are data: administrators may change them."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RolePermission(models.Model):
    """One `resource.action` a role grants, with how far it reaches."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="permissions")
    permission = models.CharField(max_length=80, help_text="resource.action, e.g. person.view")
    scope = models.CharField(max_length=20, choices=Scope.choices)

    class Meta:
        ordering = ["role", "permission"]
        constraints = [
            models.UniqueConstraint(fields=["role", "permission"], name="permission_once_a_role")
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.permission} ({self.get_scope_display()})"


class Membership(models.Model):
    """A person's place in one partnership: through which agency, with which roles."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    roles = models.ManyToManyField(Role, related_name="memberships")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["partnership", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "partnership"], name="one_membership_a_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.partnership} ({self.agency})"

    def grants(self) -> dict[str, Scope]:
        """Every permission this membership holds, with its widest scope (cached)."""
        cached: dict[str, Scope] | None = getattr(self, "_grants", None)
        if cached is None:
            cached = {}
            rows = RolePermission.objects.filter(role__memberships=self).values_list(
                "permission", "scope"
            )
            for permission, scope in rows:
                current = cached.get(permission)
                if current is None or SCOPE_ORDER[Scope(scope)] > SCOPE_ORDER[current]:
                    cached[permission] = Scope(scope)
            self._grants = cached
        return cached

    def scope_for(self, permission: str) -> Scope | None:
        return self.grants().get(permission)


class Timescale(models.Model):
    """A partnership's own figure for one named timescale (overrides the default)."""

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "working days"
        CALENDAR_DAYS = "calendar_days", "calendar days"
        MONTHS = "months", "months"
        HOURS = "hours", "hours"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="timescales"
    )
    code = models.SlugField(max_length=60)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    reason = models.TextField(blank=True, help_text="Why the partnership uses this figure.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="one_timescale_a_code"),
            models.CheckConstraint(condition=Q(amount__gte=1), name="timescale_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.code} = {self.rule}"

    @property
    def rule(self) -> clocks.Rule:
        return clocks.Rule(**{self.unit: self.amount})


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Audit rows are append-only: bulk changes are refused before they reach the database."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are append-only: they cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only: they cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what to which record, when, from where. Written only by `masa.core.audit`."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["partnership", "-at"], name="audit_partnership_at"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        # The record by type and id, never its stored label (it may name a child).
        record = f"{self.target_type}:{self.target_id}" if self.target_type else ""
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {record}".rstrip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only: they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only: they cannot be deleted.")


class Notification(models.Model):
    """One email the service sent (or tried to send): to whom, what, when, about which
    record, so a person can see what the service told them. Written only by
    `masa.core.notify`, in the transaction of the change that caused it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    address = models.EmailField(max_length=254)
    message = models.CharField(max_length=100, help_text="The message template's name.")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["target_type", "target_id"], name="notification_target"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} to {self.address}: {self.subject}"
