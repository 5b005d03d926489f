"""Governance: the partnership's groups and the people on them, their meetings,
agendas, papers, attendance, decisions and terms of reference.

Other sub-areas of governance (the risk register, escalation, independent scrutiny)
keep their models in their own modules, imported at the end of this file.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import PurePosixPath

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from masa.core.files import CheckedFile
from masa.core.models import Agency, Partnership, Person


class GroupKind(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    OPERATIONS = "operations", "Operations and scrutiny group"
    SUBGROUP = "subgroup", "Subgroup"
    PANEL = "panel", "Panel"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    FORUM = "forum", "Forum"
    EXTERNAL_BOARD = "external_board", "External board"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    SIX_WEEKLY = "six_weekly", "Every six weeks"
    BI_MONTHLY = "bi_monthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    TWICE_YEARLY = "twice_yearly", "Twice a year"
    AS_NEEDED = "as_needed", "As needed"


class Group(models.Model):
    """A group the partnership is run through: the executive, the operations and
    scrutiny group, a subgroup, a panel. `parent` is the group it reports to (the
    structure chart is drawn from it).

    The chair is `chair`, unless the group rotates its chair (`rotation_months` set):
    then the chair is the person of the current `ChairTurn` (Sandwell rotates between
    the four statutory partners every six months, seed 002 §4.2).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=GroupKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The group it reports to.",
    )
    purpose = models.TextField(blank=True)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="How many voting members (or authorised deputies) must attend."
    )
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vice_chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rotation_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="If the chair rotates: how many months each turn lasts.",
    )
    rotation_starts_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="governance_group_name"),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="governance_group_not_own_parent"
            ),
            models.CheckConstraint(condition=Q(quorum__gte=1), name="governance_quorum_positive"),
            models.CheckConstraint(
                condition=Q(rotation_months__isnull=True, rotation_starts_on__isnull=True)
                | Q(rotation_months__gte=1, rotation_starts_on__isnull=False),
                name="governance_rotation_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"Group {self.pk}: {self.name}"

    @property
    def rotates(self) -> bool:
        return self.rotation_months is not None


class ChairTurn(models.Model):
    """One place in a rotating chair's order: the agency whose turn it is and the
    person who chairs for it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="turns")
    position = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "position"], name="governance_turn_position")
        ]

    def __str__(self) -> str:
        return f"{self.group}: turn {self.position + 1}"


class GroupMember(models.Model):
    """A person's seat on a group, for their agency; or a deputy (`deputy_of` set) who
    may attend in a member's place. A deputy counts towards the quorum only once their
    delegated authority is confirmed (seed 004 §3.3-3.4)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        max_length=200, blank=True, help_text="Their role in the group, e.g. 'Designated nurse'."
    )
    voting = models.BooleanField(default=True)
    deputy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="deputies"
    )
    authority_confirmed_on = models.DateField(
        null=True, blank=True, help_text="When the deputy's delegated authority was confirmed."
    )
    authority_confirmed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["group", "deputy_of_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_on__isnull=True),
                name="governance_member_once",
            ),
            models.CheckConstraint(
                condition=~Q(deputy_of=F("pk")), name="governance_member_not_own_deputy"
            ),
        ]
        indexes = [models.Index(fields=["person", "left_on"], name="governance_member_person")]

    def __str__(self) -> str:
        return f"{self.person} on {self.group}"

    def audit_label(self) -> str:
        return f"Group member {self.pk} ({self.group_id})"

    @property
    def is_deputy(self) -> bool:
        return self.deputy_of_id is not None

    @property
    def authority_confirmed(self) -> bool:
        return self.authority_confirmed_on is not None

    def is_current(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


def governance_file_path(instance: models.Model, filename: str) -> str:
    """governance/<partnership>/<random>.<ext>: never the uploaded name."""
    suffix = PurePosixPath(filename).suffix.lower()
    partnership_id = getattr(instance, "partnership_id", "x")
    return f"governance/{partnership_id}/{secrets.token_hex(16)}{suffix}"


class TermsOfReference(models.Model):
    """A version of a group's terms of reference, approved by the group on a date and
    due for review on a clock (yearly by default)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="terms")
    version = models.PositiveSmallIntegerField()
    summary = models.TextField()
    approved_on = models.DateField()
    review_due_on = models.DateField()
    original_name = models.CharField(max_length=255, blank=True)
    stored_name = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=governance_file_path, max_length=200, blank=True)
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="governance_terms_version"),
            models.CheckConstraint(
                condition=Q(review_due_on__gt=F("approved_on")), name="governance_terms_review"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} terms of reference v{self.version}"


class Meeting(models.Model):
    """A meeting of a group. Quorate and "statutory partner absent" are worked out
    from the attendance when it is recorded and kept, so reports need not recount."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Minutes(models.TextChoices):
        NONE = "none", "Not written"
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    link = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    papers_due_on = models.DateField(null=True, blank=True)
    papers_sent_on = models.DateField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(max_length=20, choices=Minutes.choices, default=Minutes.NONE)
    minutes_approved_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The meeting that approved these minutes.",
    )
    quorate = models.BooleanField(null=True, blank=True)
    statutory_partner_absent = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "pk"]
        indexes = [
            models.Index(fields=["group", "starts_at"], name="governance_meeting_group"),
            models.Index(fields=["partnership", "starts_at"], name="governance_meeting_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="governance_meeting_ends_after"
            ),
            models.CheckConstraint(
                condition=~Q(minutes_status="approved") | Q(minutes_approved_at__isnull=False),
                name="governance_minutes_approved_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} on {timezone.localtime(self.starts_at):%-d %B %Y}"

    def audit_label(self) -> str:
        return f"Meeting {self.pk} ({self.group_id})"


class Purpose(models.TextChoices):
    DECISION = "decision", "Decision"
    DISCUSSION = "discussion", "Discussion"
    INFORMATION = "information", "Information"
    ASSURANCE = "assurance", "Assurance"


class AgendaItem(models.Model):
    """An item on a meeting's agenda, with its owner, time, purpose and the note the
    minutes keep of it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes_allowed = models.PositiveSmallIntegerField(default=15)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    note = models.TextField(blank=True, help_text="What the minutes record of this item.")

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="governance_item_number"),
            models.CheckConstraint(
                condition=Q(minutes_allowed__gte=1, minutes_allowed__lte=480),
                name="governance_item_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Paper(CheckedFile):
    """A paper for a meeting (on an agenda item), checked on upload. Members see it
    once the meeting's papers are published."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=governance_file_path, max_length=200)

    class Meta:
        ordering = ["meeting", "item__number", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    DEPUTY = "deputy", "Sent a deputy"
    ABSENT = "absent", "Absent without apologies"


class Attendance(models.Model):
    """A member's attendance at a meeting. Agency, group and date are copied from the
    member and meeting so the attendance report reads one table."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="attendance")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    deputy = models.ForeignKey(
        GroupMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="governance_attendance_once"
            ),
            models.CheckConstraint(
                condition=Q(status="deputy", deputy__isnull=False)
                | (~Q(status="deputy") & Q(deputy__isnull=True)),
                name="governance_deputy_named",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "held_on"], name="governance_attendance_when"),
        ]

    def __str__(self) -> str:
        return f"{self.member} at {self.meeting}: {self.status}"


class Decision(models.Model):
    """A decision a group made, numbered within the group ("EX-12"), with the agenda
    item it came from and its owner."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="governance_decision_number")
        ]
        indexes = [
            models.Index(fields=["partnership", "decided_on"], name="governance_decision_when")
        ]

    def __str__(self) -> str:
        return f"Decision {self.number}"


class GovernanceSettings(models.Model):
    """A partnership's settings for governance: the attendance rate under which an
    agency is highlighted in the attendance report."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="governance_settings"
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        default=75, help_text="Agencies attending less than this percentage are highlighted."
    )

    class Meta:
        verbose_name_plural = "governance settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_threshold__lte=100), name="governance_threshold_percent"
            )
        ]

    def __str__(self) -> str:
        return f"Governance settings of {self.partnership}"


class CalendarFeed(models.Model):
    """A person's secret calendar address for one partnership. Only a hash of the
    secret is kept; renewing revokes the old address. The feed carries titles, times
    and places of their meetings only."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "person"],
                condition=Q(revoked_at__isnull=True),
                name="governance_one_live_feed",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"


class HighlightReport(models.Model):
    """A group's highlight report to the group it reports to for a period: progress,
    exceptions, risks and asks, drafted from the period's meetings and actions and
    edited by the chair (seed 000 §8.1)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="highlights")
    to_group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    progress = models.TextField(blank=True)
    exceptions = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    asks = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_on = models.DateField(null=True, blank=True)
    written_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_end", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period_start", "period_end"], name="governance_highlight_once"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="governance_highlight_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Highlight report of {self.group} to {self.period_end:%-d %B %Y}"


# Other sub-areas' models are imported below this line (risks, escalation, scrutiny).
from masa.governance.models_risks import *  # noqa: E402, F403 - the risk register, escalation, scrutiny
