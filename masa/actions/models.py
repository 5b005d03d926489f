"""Actions, whatever asked for them: a SMART action owned by an agency (and a named
person in it), its versioned progress updates and the evidence that it was done.

Every action has a **source**: the record that asked for it: a case review's
recommendation, or a priority of the strategic plan (its delivery actions); a group's
action log, an audit, a scrutiny recommendation or an inspection will follow. Whatever
its source, an action may name the partnership priority it **serves** (`serves`).

Each kind of source is a `Action.SourceKind` and a nullable foreign key named in
`SOURCE_FIELDS`; a check constraint makes the key of the action's kind the one that is
set. A new kind of source is a new choice, a new foreign key and a migration (the
constraint is rebuilt from `SOURCE_FIELDS`).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from masa.actions import rules
from masa.core.files import CheckedFile
from masa.core.models import Agency, Partnership, Person


class SourceKind(models.TextChoices):
    """What asked for an action."""

    RECOMMENDATION = "recommendation", "Case review recommendation"
    MEETING = "meeting", "Group meeting"
    RISK = "risk", "Risk in the register"
    SCRUTINY_RECOMMENDATION = "scrutiny_recommendation", "Scrutiny recommendation"
    PLAN_ITEM = "plan_item", "Strategic plan priority"
    AUDIT_CASE = "audit_case", "Multi-agency case audit"


# The foreign key that holds the source of each kind.
SOURCE_FIELDS: dict[str, str] = {
    SourceKind.RECOMMENDATION: "recommendation",
    SourceKind.MEETING: "meeting",
    SourceKind.RISK: "risk",
    SourceKind.SCRUTINY_RECOMMENDATION: "scrutiny_recommendation",
    SourceKind.PLAN_ITEM: "plan_item",
    SourceKind.AUDIT_CASE: "audit_case",
}


def source_is_set() -> Q:
    """The action's kind of source names its foreign key, and no other key is set."""
    condition = Q()
    for kind, name in SOURCE_FIELDS.items():
        others = {f"{other}__isnull": True for other in SOURCE_FIELDS.values() if other != name}
        condition |= Q(source_kind=kind, **{f"{name}__isnull": False}, **others)
    return condition


@dataclass(frozen=True)
class Source:
    """An action's source as pages and exports show it."""

    kind: str  # a SourceKind value
    kind_label: str  # "Case review recommendation"
    reference: str  # the record the source belongs to: "NB-2025-003"
    title: str  # that record's title
    part: str  # the source within it: "Recommendation 2"
    number: str  # its number within the record: "2"
    text: str  # what the source asks for
    url: str  # its page
    review_id: int | None = None  # a review's actions group by review
    # What the reference names: "Review", "Risk", "Scrutiny", "Plan", "Audit round"; none
    # for a meeting, whose reference is its group's name.
    record_kind: str = "Review"

    @property
    def label(self) -> str:
        """ "Review NB-2025-003, recommendation 2"; "Risk R03, register entry";
        "Neglect subgroup, meeting on 3 March 2026"."""
        part = f"{self.part[:1].lower()}{self.part[1:]}"
        if self.record_kind:
            return f"{self.record_kind} {self.reference}, {part}"
        return f"{self.reference}, {part}"


class Action(models.Model):
    """A SMART action that carries out part of its source, owned by an agency.

    "Overdue" is never stored: it is worked out when read (due date passed and the
    action not completed, evidenced or closed), so it cannot go stale between runs of
    a job. `reviews_tick` only sends reminders.
    """

    SourceKind = SourceKind

    class Status(models.TextChoices):
        NOT_STARTED = rules.ActionStatus.NOT_STARTED.value, "Not started"
        ON_TRACK = rules.ActionStatus.ON_TRACK.value, "On track"
        AT_RISK = rules.ActionStatus.AT_RISK.value, "At risk"
        OVERDUE = rules.ActionStatus.OVERDUE.value, "Overdue"
        COMPLETED = rules.ActionStatus.COMPLETED.value, "Completed"
        EVIDENCED = rules.ActionStatus.EVIDENCED.value, "Evidenced"
        CLOSED = rules.ActionStatus.CLOSED.value, "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    source_kind = models.CharField(
        max_length=30, choices=SourceKind.choices, default=SourceKind.RECOMMENDATION
    )
    recommendation = models.ForeignKey(
        "reviews.Recommendation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The group meeting that raised the action.",
    )
    risk = models.ForeignKey(
        "governance.Risk",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    scrutiny_recommendation = models.ForeignKey(
        "governance.ScrutinyRecommendation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    plan_item = models.ForeignKey(
        "plan.Priority",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="delivery_actions",
    )
    audit_case = models.ForeignKey(
        "audits.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.TextField()
    measure_of_success = models.TextField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    # The priority as first written, before the one list of priorities (kept as written;
    # plan 0003 linked it to `serves`).
    priority = models.CharField(
        max_length=200, blank=True, help_text="The partnership priority it serves."
    )
    serves = models.ForeignKey(
        "plan.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_serving",
        help_text="The partnership priority it serves.",
    )
    last_update_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_reason = models.TextField(blank=True)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status"], name="actions_status"),
            models.Index(fields=["owner_agency", "status"], name="actions_agency"),
            models.Index(fields=["partnership", "due_on"], name="actions_partnership_due"),
            # The action plan filtered by agency, in due-date order.
            models.Index(
                fields=["partnership", "owner_agency", "due_on"], name="actions_agency_due"
            ),
            models.Index(fields=["due_on"], name="actions_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="overdue"), name="actions_overdue_derived"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="actions_closed_has_date",
            ),
            models.CheckConstraint(condition=source_is_set(), name="actions_source_set"),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on < today and self.status in rules.ACTION_OPEN

    def shown_status(self, today: datetime.date) -> rules.ActionStatus:
        return rules.action_shown_status(self.status, overdue=self.is_overdue(today))

    @property
    def source(self) -> models.Model:
        """The record that asked for the action (a review's recommendation, a meeting,
        a risk, a scrutiny recommendation, a plan's priority, an audit case)."""
        record = getattr(self, SOURCE_FIELDS[self.source_kind])
        assert isinstance(record, models.Model)
        return record

    @property
    def source_info(self) -> Source:
        """The source as pages and exports show it. A recommendation's review is read
        too: select `recommendation__review` with the action (a meeting's group:
        `meeting__group`; a plan's priority: `plan_item__period`; an audit case's round:
        `audit_case__round`)."""
        if self.source_kind == SourceKind.AUDIT_CASE:
            case = self.audit_case
            assert case is not None
            round_ = case.round
            return Source(
                kind=self.source_kind,
                kind_label=SourceKind(self.source_kind).label,
                reference=f"{round_.year} {round_.quarter}",
                title=round_.theme,
                part=f"Case {case.reference}",
                number=case.reference,
                text=case.rationale or round_.theme,
                url=reverse("audits:round", args=[round_.pk]),
                record_kind="Audit round",
            )
        if self.source_kind == SourceKind.RISK:
            return self._risk_source()
        if self.source_kind == SourceKind.SCRUTINY_RECOMMENDATION:
            return self._scrutiny_source()
        if self.source_kind == SourceKind.MEETING:
            meeting = self.meeting
            assert meeting is not None
            held = timezone.localtime(meeting.starts_at).date()
            return Source(
                kind=self.source_kind,
                kind_label=SourceKind(self.source_kind).label,
                reference=meeting.group.name,
                title=f"Meeting on {held:%-d %B %Y}",
                part=f"Meeting on {held:%-d %B %Y}",
                number="",
                text=self.what,
                url=reverse("governance:meeting", args=[meeting.pk]),
                record_kind="",
            )
        if self.source_kind == SourceKind.PLAN_ITEM:
            item = self.plan_item
            assert item is not None
            return Source(
                kind=self.source_kind,
                kind_label=SourceKind(self.source_kind).label,
                reference=item.period.name,
                title=item.name,
                part=f"Priority {item.number}",
                number=str(item.number),
                text=item.summary or item.name,
                url=reverse("plan:priority", args=[item.pk]),
                record_kind="Plan",
            )
        assert self.source_kind == SourceKind.RECOMMENDATION
        recommendation = self.recommendation
        assert recommendation is not None
        review = recommendation.review
        return Source(
            kind=self.source_kind,
            kind_label=SourceKind(self.source_kind).label,
            reference=review.reference,
            title=review.title,
            part=f"Recommendation {recommendation.number}",
            number=str(recommendation.number),
            text=recommendation.text,
            url=reverse("reviews:review-recommendations", args=[review.pk]),
            review_id=review.pk,
        )

    def _risk_source(self) -> Source:
        risk = self.risk
        assert risk is not None
        return Source(
            kind=self.source_kind,
            kind_label=SourceKind(self.source_kind).label,
            reference=risk.reference,
            title=risk.title,
            part="Register entry",
            number=str(risk.number),
            text=risk.description,
            url=reverse("governance:risk", args=[risk.pk]),
            record_kind="Risk",
        )

    def _scrutiny_source(self) -> Source:
        recommendation = self.scrutiny_recommendation
        assert recommendation is not None
        return Source(
            kind=self.source_kind,
            kind_label=SourceKind(self.source_kind).label,
            reference=recommendation.reference,
            title=f"Scrutiny recommendation {recommendation.number}",
            part="Recommendation",
            number=str(recommendation.number),
            text=recommendation.text,
            url=reverse("governance:scrutiny-recommendation", args=[recommendation.pk]),
            record_kind="Scrutiny",
        )

    @property
    def source_label(self) -> str:
        """ "Review NB-2025-003, recommendation 2"."""
        return self.source_info.label

    @property
    def source_url(self) -> str:
        return self.source_info.url


class ActionUpdate(models.Model):
    """One progress update on an action. Updates are never edited: each is a version."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    version = models.PositiveIntegerField()
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    progress = models.TextField()

    class Meta:
        ordering = ["action", "version"]
        constraints = [
            models.UniqueConstraint(fields=["action", "version"], name="actions_update_version")
        ]

    def __str__(self) -> str:
        return f"Update {self.version} on {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Action updates are versions: they cannot be changed.")
        super().save(*args, **kwargs)


def evidence_path(instance: Evidence, filename: str) -> str:
    """evidence/<partnership>/<random>.<ext>: never the uploaded name, never guessable."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"evidence/{instance.partnership_id}/{secrets.token_hex(16)}{suffix}"


class Evidence(CheckedFile):
    """A file that shows an action was done, checked on upload and served by permission."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    update = models.ForeignKey(
        ActionUpdate, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
    accepted_on = models.DateField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.stored_name
