"""Case reviews and the learning loop: serious incident notifications, pre-discussions,
rapid reviews with agency summaries, LCSPRs, SARs, DHRs and other reviews, their
findings and recommendations, the actions that carry them out (with versioned
updates and evidence), and the learning published from them.

Subjects' equality data (age band, sex, ethnicity, disability) is held on `Subject`
and is seen only by the case review group (review.view at partnership scope); everyone
else gets aggregate figures with small numbers suppressed.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import PurePosixPath
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from masa.core.codes import ETHNICITY, SEX
from masa.core.models import Agency, Partnership, Person
from masa.reviews import rules


class Theme(models.Model):
    """A theme in the partnership's review taxonomy (neglect, voice of the child...)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="review_theme_once")
        ]

    def __str__(self) -> str:
        return self.name


class Reviewer(models.Model):
    """An independent reviewer in the partnership's pool."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    expertise = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviewers")
    conflicts = models.TextField(
        blank=True, help_text="Organisations or people the reviewer has worked with."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Subject(models.Model):
    """The child or adult a review is about, by pseudonym, with equality data only."""

    class AgeBand(models.TextChoices):
        UNBORN = "unborn", "Unborn"
        UNDER_1 = "under_1", "Under 1"
        AGE_1_4 = "1_4", "1 to 4"
        AGE_5_9 = "5_9", "5 to 9"
        AGE_10_15 = "10_15", "10 to 15"
        AGE_16_17 = "16_17", "16 to 17"
        AGE_18_24 = "18_24", "18 to 24"
        AGE_25_64 = "25_64", "25 to 64"
        AGE_65_PLUS = "65_plus", "65 and over"

    class Disability(models.TextChoices):
        YES = "yes", "Disabled"
        NO = "no", "Not disabled"
        UNKNOWN = "unknown", "Not known"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=100, help_text='For example "Child T".')
    is_child = models.BooleanField(default=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    sex = models.CharField(max_length=1, choices=list(SEX.items()))
    ethnicity = models.CharField(max_length=4, choices=list(ETHNICITY.items()))
    disability = models.CharField(
        max_length=10, choices=Disability.choices, default=Disability.UNKNOWN
    )
    other_characteristics = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["pseudonym"]

    def __str__(self) -> str:
        return self.pseudonym


class ReferenceCounter(models.Model):
    """The last number given in a series (SI, LCSPR, SAR...) for a partnership and year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "series", "year"], name="review_counter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.series} {self.year}: {self.last}"


class Incident(models.Model):
    """A serious child safeguarding incident and its notifications (Children Act 2004 s16C)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40, unique=True)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="incidents")
    summary = models.TextField()
    aware_on = models.DateField(help_text="When the local authority became aware.")
    notification_due_on = models.DateField()
    looked_after = models.BooleanField(default=False)
    notified_panel_on = models.DateField(null=True, blank=True)
    notified_ofsted_on = models.DateField(null=True, blank=True)
    notified_sos_on = models.DateField(null=True, blank=True)
    partners_told_on = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="incidents")
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-aware_on", "-pk"]
        indexes = [
            models.Index(
                fields=["partnership", "notified_panel_on", "notification_due_on"],
                name="incident_notification",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class PreDiscussion(models.Model):
    """A pre-discussion panel on a referral that may not meet the rapid review criteria."""

    class Outcome(models.TextChoices):
        NOTIFY_PANEL = "notify_panel", "Notify the Panel"
        NO_NOTIFICATION = "no_notification", "No notification: learning captured elsewhere"
        REFER_SAR = "refer_sar", "Refer for a Safeguarding Adult Review"
        ANOTHER_ROUTE = "another_route", "Another route"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="pre_discussions"
    )
    referral_summary = models.TextField()
    held_on = models.DateField()
    attendees = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Pre-discussion on {self.held_on:%-d %b %Y}"


class RapidReview(models.Model):
    """The rapid review after a notification: agency summaries, meeting, decision, Panel."""

    class Decision(models.TextChoices):
        LCSPR = "lcspr", "Local child safeguarding practice review"
        NO_LCSPR = "no_lcspr", "No LCSPR: learning captured"
        OTHER_REVIEW = "other_review", "Another kind of review"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MEETING_HELD = "meeting_held", "Meeting held"
        DECIDED = "decided", "Decided"
        SENT_TO_PANEL = "sent_to_panel", "Sent to the Panel"
        PANEL_RESPONDED = "panel_responded", "Panel responded"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="rapid_review")
    due_on = models.DateField()
    meeting_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    rationale = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    panel_response = models.TextField(blank=True)
    panel_response_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-due_on", "-pk"]
        indexes = [models.Index(fields=["partnership", "status", "due_on"], name="rapid_due")]

    def __str__(self) -> str:
        return f"Rapid review {self.incident.reference}"


class DateCorrection(models.Model):
    """One correction of a recorded date on a serious incident (or its rapid review) or
    on a review. Never edited: each correction is a new version with its reason, so the
    history of a date (and of the clock it starts or stops) stays visible."""

    class Field(models.TextChoices):
        AWARE_ON = "aware_on", "Local authority aware"
        NOTIFIED_PANEL_ON = "notified_panel_on", "Panel notified"
        PARTNERS_TOLD_ON = "partners_told_on", "Safeguarding partners told"
        NOTIFIED_OFSTED_ON = "notified_ofsted_on", "Ofsted told"
        NOTIFIED_SOS_ON = "notified_sos_on", "Secretary of State told"
        MEETING_ON = "rapid.meeting_on", "Rapid review meeting"
        DECIDED_ON = "rapid.decided_on", "Rapid review decision"
        SENT_TO_PANEL_ON = "rapid.sent_to_panel_on", "Rapid review sent to the Panel"
        PANEL_RESPONSE_ON = "rapid.panel_response_on", "Panel's response"
        REVIEW_NOTIFIED_ON = "review.notified_on", "Community safety partnership notified"
        CONFLICT_CHECKED_ON = "review.conflict_checked_on", "Conflict of interest check"
        STARTED_ON = "review.started_on", "Start of the review"
        DRAFT_RECEIVED_ON = "review.draft_received_on", "Draft report received"
        SIGNED_OFF_ON = "review.signed_off_on", "Executive sign-off"
        PUBLISHED_ON = "review.published_on", "Publication"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # The record whose date it is: an incident (its own dates and its rapid review's)
    # or a review, never both.
    incident = models.ForeignKey(
        Incident,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="date_corrections",
    )
    review = models.ForeignKey(
        "Review",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="date_corrections",
    )
    field = models.CharField(max_length=30, choices=Field.choices)
    version = models.PositiveIntegerField(help_text="2 for the first correction of a date.")
    old_on = models.DateField()
    new_on = models.DateField()
    reason = models.TextField()
    corrected_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "field", "version"], name="date_correction_version"
            ),
            models.UniqueConstraint(
                fields=["review", "field", "version"], name="review_date_correction_version"
            ),
            models.CheckConstraint(
                condition=Q(incident__isnull=False, review__isnull=True)
                | Q(incident__isnull=True, review__isnull=False),
                name="date_correction_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.old_on} to {self.new_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Date corrections are versions: they cannot be changed.")
        super().save(*args, **kwargs)


class AgencySummary(models.Model):
    """One agency's summary of its involvement, asked for by a rapid review."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SUBMITTED = "submitted", "Submitted"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.PROTECT, related_name="agency_summaries"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField()
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(null=True, blank=True)
    involvement = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    immediate_learning = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)

    class Meta:
        ordering = ["due_on", "agency__name"]
        verbose_name_plural = "agency summaries"
        indexes = [models.Index(fields=["partnership", "status", "due_on"], name="summary_due")]
        constraints = [
            models.UniqueConstraint(fields=["rapid_review", "agency"], name="summary_once_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} summary for {self.rapid_review}"


class SarReferral(models.Model):
    """A referral for a Safeguarding Adult Review, tested against Care Act s44."""

    class Decision(models.TextChoices):
        MANDATORY = rules.SarDecision.MANDATORY.value, "Mandatory SAR"
        DISCRETIONARY = rules.SarDecision.DISCRETIONARY.value, "Discretionary SAR"
        NO_SAR = rules.SarDecision.NO_SAR.value, "No SAR: other learning"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40, unique=True)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="sar_referrals")
    received_on = models.DateField()
    referrer_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    criteria = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField(blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.reference


class Review(models.Model):
    """A case review: LCSPR, SAR, DHR (owned by the community safety partnership),
    alternative or table-top review. Its target extends by the days it was paused."""

    class Kind(models.TextChoices):
        LCSPR = "lcspr", "Local child safeguarding practice review"
        SAR = "sar", "Safeguarding adult review"
        DHR = "dhr", "Domestic homicide review"
        ALTERNATIVE = "alternative", "Alternative review"
        TABLE_TOP = "table_top", "Table-top review"

    class Status(models.TextChoices):
        COMMISSIONED = rules.ReviewStatus.COMMISSIONED.value, "Commissioned"
        IN_PROGRESS = rules.ReviewStatus.IN_PROGRESS.value, "In progress"
        PAUSED = rules.ReviewStatus.PAUSED.value, "Paused"
        DRAFT_RECEIVED = rules.ReviewStatus.DRAFT_RECEIVED.value, "Draft received"
        SIGNED_OFF = rules.ReviewStatus.SIGNED_OFF.value, "Signed off"
        PUBLISHED = rules.ReviewStatus.PUBLISHED.value, "Published"
        CLOSED_NOT_PUBLISHED = (
            rules.ReviewStatus.CLOSED_NOT_PUBLISHED.value,
            "Closed, not published",
        )

    # The reference series for each kind: NB-LCSPR-2026-001.
    SERIES = {
        "lcspr": "LCSPR",
        "sar": "SAR",
        "dhr": "DHR",
        "alternative": "AR",
        "table_top": "TTR",
    }

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    sar_referral = models.ForeignKey(
        SarReferral, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    owner = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who runs it when it is not the partnership, e.g. the community safety "
        "partnership for a DHR.",
    )
    notified_on = models.DateField(
        null=True, blank=True, help_text="When the owner was notified (DHR decision clock)."
    )
    reviewer = models.ForeignKey(
        Reviewer, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    conflict_check = models.TextField(blank=True)
    conflict_checked_on = models.DateField(null=True, blank=True)
    terms_of_reference = models.TextField(blank=True)
    family_involvement = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    planned_target_on = models.DateField(
        null=True, blank=True, help_text="The target before any delay."
    )
    target_on = models.DateField(null=True, blank=True, help_text="The target after delays.")
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.COMMISSIONED)
    resume_status = models.CharField(
        max_length=30, choices=Status.choices, blank=True, help_text="Where a pause returns to."
    )
    draft_received_on = models.DateField(null=True, blank=True)
    signed_off_on = models.DateField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField(null=True, blank=True)
    publication_link = models.URLField(blank=True)
    not_published_reason = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviews")
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "status"], name="review_status"),
            models.Index(fields=["partnership", "kind"], name="review_kind"),
            models.Index(fields=["partnership", "published_on"], name="review_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="review_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed_off") | Q(signed_off_on__isnull=False),
                name="review_signed_off_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class ReviewDelay(models.Model):
    """A reason the review stopped: the clock pauses while it lasts."""

    class Reason(models.TextChoices):
        CRIMINAL_PROCEEDINGS = "criminal_proceedings", "Criminal proceedings"
        INQUEST = "inquest", "Inquest"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="delays")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    detail = models.TextField(blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="delay_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["review"], condition=Q(ended_on__isnull=True), name="one_open_delay"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.started_on:%-d %b %Y}"

    @property
    def paused_days(self) -> int | None:
        """Calendar days the review was paused; None while the delay lasts."""
        if self.ended_on is None:
            return None
        return (self.ended_on - self.started_on).days


class Milestone(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.name


class CopySent(models.Model):
    """A copy of the final review sent to the Panel, Ofsted, the DfE or others."""

    class Recipient(models.TextChoices):
        PANEL = "panel", "Child Safeguarding Practice Review Panel"
        OFSTED = "ofsted", "Ofsted"
        DFE = "dfe", "Department for Education"
        HOME_OFFICE = "home_office", "Home Office"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="copies")
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    recipient_other = models.CharField(max_length=200, blank=True)
    sent_on = models.DateField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name_plural = "copies sent"

    def __str__(self) -> str:
        who = self.recipient_other if self.recipient == "other" else self.get_recipient_display()
        return f"Copy to {who} on {self.sent_on:%-d %b %Y}"


class Finding(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="finding_number_once")
        ]

    def __str__(self) -> str:
        return f"Finding {self.number}"


class Recommendation(models.Model):
    """What the review asks the partners to do, and how they will know it worked."""

    class MeasureKind(models.TextChoices):
        INDICATOR = "indicator", "An indicator from the insight catalogue"
        AUDIT_QUESTION = "audit_question", "An audit question"
        SURVEY = "survey", "A survey"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    impact_measure_kind = models.CharField(max_length=20, choices=MeasureKind.choices, blank=True)
    impact_measure = models.TextField(
        blank=True, help_text="For an indicator, its code in the insight catalogue."
    )
    impact_result = models.TextField(blank=True)
    impact_result_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_number_once")
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class Action(models.Model):
    """A SMART action that carries out part of a recommendation, owned by an agency.

    "Overdue" is never stored: it is worked out when read (due date passed and the
    action not completed, evidenced or closed), so it cannot go stale between runs of
    a job. `reviews_tick` only sends reminders.
    """

    class Status(models.TextChoices):
        NOT_STARTED = rules.ActionStatus.NOT_STARTED.value, "Not started"
        ON_TRACK = rules.ActionStatus.ON_TRACK.value, "On track"
        AT_RISK = rules.ActionStatus.AT_RISK.value, "At risk"
        OVERDUE = rules.ActionStatus.OVERDUE.value, "Overdue"
        COMPLETED = rules.ActionStatus.COMPLETED.value, "Completed"
        EVIDENCED = rules.ActionStatus.EVIDENCED.value, "Evidenced"
        CLOSED = rules.ActionStatus.CLOSED.value, "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.TextField()
    measure_of_success = models.TextField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    priority = models.CharField(
        max_length=200, blank=True, help_text="The partnership priority it serves."
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
            models.Index(fields=["partnership", "status"], name="action_status"),
            models.Index(fields=["owner_agency", "status"], name="action_agency"),
            models.Index(fields=["partnership", "due_on"], name="action_partnership_due"),
            # The action plan filtered by agency, in due-date order.
            models.Index(
                fields=["partnership", "owner_agency", "due_on"], name="action_agency_due"
            ),
            models.Index(fields=["due_on"], name="action_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="overdue"), name="action_overdue_derived"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="action_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on < today and self.status in rules.ACTION_OPEN

    def shown_status(self, today: datetime.date) -> rules.ActionStatus:
        return rules.action_shown_status(self.status, overdue=self.is_overdue(today))


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
            models.UniqueConstraint(fields=["action", "version"], name="action_update_version")
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


class CheckedFile(models.Model):
    """What is kept about an uploaded file that passed `files.check_upload`: its name as
    sent and made safe, its checked type, size and SHA-256, and who sent it when."""

    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=120, help_text="The name, made safe.")
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


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


def document_path(instance: ReviewDocument, filename: str) -> str:
    """review-documents/<partnership>/<random>.<ext>: never the uploaded name."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"review-documents/{instance.partnership_id}/{secrets.token_hex(16)}{suffix}"


class ReviewDocument(CheckedFile):
    """A file on a review (terms of reference, a chronology, an agency report, the
    draft or final report), checked on upload as evidence is and served only to the
    case review group and the executive who signs the review off."""

    class Kind(models.TextChoices):
        TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
        CHRONOLOGY = "chronology", "Chronology"
        AGENCY_REPORT = "agency_report", "Agency report"
        DRAFT_REPORT = "draft_report", "Draft report"
        FINAL_REPORT = "final_report", "Final report"
        OTHER = "other", "Other document"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)

    class Meta:
        ordering = ["review", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Publishable(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Briefing(models.Model):
    """A 7-minute briefing: the learning from a review in six short sections."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefings"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="briefings")
    background = models.TextField()
    what_happened = models.TextField()
    what_we_learned = models.TextField()
    what_to_do_differently = models.TextField()
    questions_for_reflection = models.TextField()
    further_reading = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Publishable.choices, default="draft")
    published_on = models.DateField(null=True, blank=True)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [models.Index(fields=["partnership", "status"], name="briefing_status")]

    def __str__(self) -> str:
        return self.title


class Newsletter(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    issue_date = models.DateField()
    body = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="newsletters")
    status = models.CharField(max_length=20, choices=Publishable.choices, default="draft")
    published_on = models.DateField(null=True, blank=True)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issue_date", "title"]
        indexes = [models.Index(fields=["partnership", "status"], name="newsletter_status")]

    def __str__(self) -> str:
        return self.title


class LibraryItem(models.Model):
    """An entry in the learning library: a national review, guidance, or a link to a
    review or briefing published elsewhere. Always public to members: no drafts."""

    class Kind(models.TextChoices):
        PUBLISHED_REVIEW = "published_review", "Published review"
        NATIONAL_REVIEW = "national_review", "National review"
        BRIEFING = "briefing", "Briefing"
        GUIDANCE = "guidance", "Guidance"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    link = models.URLField(blank=True)
    published_on = models.DateField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="library_items")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="library_items"
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """A reminder email that was sent, by a key naming what and when, so each is sent once."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=200)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key
