"""Insight: the indicator catalogue, agencies' quarterly returns, the Children in Need
census, comparators, and the measurements every dashboard reads.

One fact table, `Measurement`, holds every figure a dashboard shows, whatever its
source: an agency's submitted return, the CIN census, or the platform's own records
(front door, training). Sources write their measurements when they change (a return
is submitted, a census imported, the nightly `insight_compute`); dashboards only read.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from masa.core.models import Agency, AgencyKind, Partnership, Person

# The partnership's priorities are the plan's one list (plan 0003 moved them there);
# indicators serve them through `Priority.indicators` (`indicator.priorities`).
from masa.plan.models import Priority as Priority


class Function(models.TextChoices):
    """The partnership function a dashboard is about."""

    FRONT_DOOR = "front_door", "Front door"
    EARLY_HELP = "early_help", "Early help"
    CHILDREN_IN_NEED = "children_in_need", "Children in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care and care leavers"
    POLICING = "policing", "Policing"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    ADULTS = "adults", "Adults"
    LEARNING = "learning", "Learning and development"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percentage"
    RATE = "rate", "Rate per 10,000 children"
    DAYS = "days", "Days"
    NUMBER = "number", "Number"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "Neither"


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


class Source(models.TextChoices):
    RETURN = "return", "Agency return"
    CIN = "cin", "Children in Need census"
    FRONT_DOOR = "front_door", "Front door (the platform)"
    LEARNING = "learning", "Training (the platform)"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NONE = "none", "No tolerance set"


class Indicator(models.Model):
    """One measure in the partnership's catalogue. The catalogue is data: the
    partnership edits it; the starter catalogue comes from `catalogue.STARTER`."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(
        max_length=80, help_text="Stable code, e.g. police.missing_episodes or cin.referrals."
    )
    name = models.CharField(max_length=200)
    definition = models.TextField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.RETURN)
    function = models.CharField(max_length=30, choices=Function.choices)
    agency_kind = models.CharField(
        max_length=30,
        choices=AgencyKind.choices,
        blank=True,
        help_text="The kind of agency that owns the figure (blank: the platform computes it).",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="The agency that returns it each period (agency returns only).",
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    numerator_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a percentage entered as two counts: what is counted.",
    )
    denominator_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a percentage entered as two counts: out of what. Blank: one value.",
    )
    minimum = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, help_text="Lowest valid value."
    )
    maximum = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, help_text="Highest valid value."
    )
    green_from = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Green at or beyond this value (in the better direction).",
    )
    red_from = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Red at or beyond this value (in the worse direction). Between: amber.",
    )
    change_alert_percent = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("20.0"),
        help_text="Raise an exception when the value moves more than this % from the last period.",
    )
    publishable = models.BooleanField(
        default=False, help_text="May appear in published figures (with suppression)."
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["function", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="indicator_code_once"),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=models.F("maximum")),
                name="indicator_minimum_not_above_maximum",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "source", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def entered_as_fraction(self) -> bool:
        """Whether a return gives this figure as a numerator and a denominator."""
        return bool(self.denominator_label)


class DataReturn(models.Model):
    """What one agency returns for one period: the values as typed (a draft keeps
    anything, valid or not) and the story behind the figures. Submitting copies the
    checked values into a new `ReturnSubmission`; earlier versions stay as history."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="data_returns")
    period_start = models.DateField(help_text="First day of the quarter (or year).")
    period_end = models.DateField(help_text="Last day of the quarter (or year).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(blank=True, help_text="The story behind the figures.")
    version = models.PositiveIntegerField(default=0, help_text="Submissions made so far.")
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency", "period_start"], name="return_once_a_period"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")), name="return_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} return from {self.period_start:%-d %B %Y}"


class ReturnValue(models.Model):
    """One indicator's entry in a draft, kept exactly as typed."""

    data_return = models.ForeignKey(DataReturn, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value_text = models.CharField(max_length=40, blank=True)
    numerator_text = models.CharField(max_length=40, blank=True)
    denominator_text = models.CharField(max_length=40, blank=True)
    narrative = models.TextField(blank=True)
    not_available = models.BooleanField(
        default=False,
        help_text="The agency says it cannot provide this figure (the narrative says why).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["data_return", "indicator"], name="return_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} in return {self.data_return_id}"


class ReturnSubmission(models.Model):
    """One version of a submitted return. Never edited: a correction is a new version."""

    data_return = models.ForeignKey(
        DataReturn, on_delete=models.CASCADE, related_name="submissions"
    )
    version = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField(blank=True)
    correction_reason = models.TextField(blank=True)
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["data_return", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_return", "version"], name="return_submission_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of return {self.data_return_id}"


class SubmittedValue(models.Model):
    submission = models.ForeignKey(
        ReturnSubmission, on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    not_available = models.BooleanField(
        default=False, help_text="The agency says it cannot provide this figure."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="submitted_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} in submission {self.submission_id}"


class ReturnReminder(models.Model):
    """A reminder sent about one agency's return for one period. The scheduled ones
    (before the deadline, overdue) are sent once each; one sent by hand from the
    completeness page may be sent again, but not within `REMIND_AGAIN_AFTER`."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Before the deadline"
        OVERDUE = "overdue", "Overdue"
        BY_HAND = "by_hand", "Sent from the completeness page"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency", "period_start", "kind"],
                condition=~Q(kind="by_hand"),
                name="return_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.period_start}"


class Comparator(models.Model):
    """A published figure to compare with: England, the region, statistical neighbours."""

    class Kind(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        NEIGHBOURS = "neighbours", "Statistical neighbours"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="comparators")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind", "period_start", "period_end"],
                name="comparator_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class CinCensus(models.Model):
    """One imported Children in Need census year. Re-importing a year replaces it."""

    class Status(models.TextChoices):
        IMPORTING = "importing", "Importing"
        COMPLETE = "complete", "Imported"
        FAILED = "failed", "Refused"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="Census year: the year ending 31 March.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IMPORTING)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    la_code = models.CharField(max_length=3, blank=True)
    children = models.PositiveIntegerField(default=0, help_text="Children imported.")
    rejected = models.PositiveIntegerField(default=0, help_text="Children refused.")
    problems = models.JSONField(
        default=list, blank=True, help_text="Each refused record and why (the first 1,000)."
    )
    failure = models.TextField(blank=True, help_text="Why the whole file was refused.")
    is_current = models.BooleanField(
        default=False, help_text="The census the figures use for its year."
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-started_at"]
        verbose_name_plural = "CIN censuses"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                condition=Q(is_current=True),
                name="one_current_census_a_year",
            )
        ]

    def __str__(self) -> str:
        return f"CIN census {self.year - 1}-{self.year % 100:02d}"


class CinChild(models.Model):
    census = models.ForeignKey(CinCensus, on_delete=models.CASCADE, related_name="+")
    la_child_id = models.CharField(max_length=20)
    birth_date = models.DateField(null=True, blank=True)
    expected_birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True)
    disabilities = models.CharField(max_length=80, blank=True, help_text="Codes, comma-separated.")

    class Meta:
        indexes = [models.Index(fields=["census", "la_child_id"])]

    def __str__(self) -> str:
        return self.la_child_id


class CinEpisode(models.Model):
    """A CINdetails episode: a referral and what followed it."""

    census = models.ForeignKey(CinCensus, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(CinChild, on_delete=models.CASCADE, related_name="episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=3, blank=True)
    primary_need = models.CharField(max_length=2, blank=True)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=4, blank=True)
    referral_nfa = models.BooleanField(default=False)
    initial_cpc_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["census", "referral_date"])]

    def __str__(self) -> str:
        return f"Referral on {self.referral_date}"


class CinAssessment(models.Model):
    census = models.ForeignKey(CinCensus, on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey(CinEpisode, on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField(null=True, blank=True)
    authorised_date = models.DateField(null=True, blank=True)
    factors = models.CharField(max_length=200, blank=True, help_text="Codes, comma-separated.")

    def __str__(self) -> str:
        return f"Assessment authorised {self.authorised_date}"


class CinPlan(models.Model):
    """A child in need plan (CINPlanDates)."""

    census = models.ForeignKey(CinCensus, on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey(CinEpisode, on_delete=models.CASCADE, related_name="cin_plans")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"CIN plan from {self.start_date}"


class CinSection47(models.Model):
    census = models.ForeignKey(CinCensus, on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey(CinEpisode, on_delete=models.CASCADE, related_name="section47s")
    start_date = models.DateField(null=True, blank=True)
    icpc_target = models.DateField(null=True, blank=True)
    icpc_date = models.DateField(null=True, blank=True)
    icpc_not_required = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Section 47 from {self.start_date}"


class CinProtectionPlan(models.Model):
    census = models.ForeignKey(CinCensus, on_delete=models.CASCADE, related_name="+")
    episode = models.ForeignKey(
        CinEpisode, on_delete=models.CASCADE, related_name="protection_plans"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, blank=True)
    latest_category = models.CharField(max_length=3, blank=True)
    previous_plans = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date}"


class Measurement(models.Model):
    """One figure for one indicator and period: what every dashboard reads."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    partial = models.BooleanField(
        default=False,
        help_text=(
            "A figure for part of the period: the period had not ended, or the source "
            "began during it. Shown as partial and left out of direction of travel."
        ),
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    submission = models.ForeignKey(
        ReturnSubmission, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    census = models.ForeignKey(
        CinCensus, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"], name="measurement_once"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="measurement_period_order",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "period_start"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_start}: {self.value}"
