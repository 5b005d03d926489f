"""The risk register, professional escalation and independent scrutiny.

* **Risk register.** A `Risk` is scored likelihood x impact on the partnership's
  `RiskScale` (5 x 5 unless it sets another) three times: inherent (with no controls),
  current (with the controls in place) and target. Every review is a `RiskReview`
  version (who, when, the scores, a note); version 1 is the risk as first entered.
  Its next review is due on a clock (`risk_review`, 3 months by default).
* **Escalation.** The stages and their timescales are partnership data
  (`EscalationStage`, shipped as an editable default ladder); an `Escalation` is raised
  by a person of an agency about another agency, case-level or strategic, and has one
  `EscalationStep` per stage it reaches, each with its date, due date, response.
  A case-level escalation carries the child's pseudonym or a case reference, never a name.
* **Scrutiny.** A `ScrutinyPlan` per year, its `ScrutinyActivity` items with findings,
  and `ScrutinyRecommendation` items with the executive's decision; accepted ones are the
  source of actions of the one action model (`masa.actions`).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from masa.core.models import Agency, Partnership, Person
from masa.governance import rules_risks as rules


class RiskScale(models.Model):
    """The partnership's risk matrix: how many levels of likelihood and of impact."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="risk_scale"
    )
    likelihood_levels = models.PositiveSmallIntegerField(default=rules.DEFAULT_SCALE)
    impact_levels = models.PositiveSmallIntegerField(default=rules.DEFAULT_SCALE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood_levels__gte=rules.SMALLEST_SCALE)
                & Q(likelihood_levels__lte=rules.LARGEST_SCALE)
                & Q(impact_levels__gte=rules.SMALLEST_SCALE)
                & Q(impact_levels__lte=rules.LARGEST_SCALE),
                name="governance_risk_scale_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.likelihood_levels} x {self.impact_levels}"


class RiskCategory(models.TextChoices):
    PRACTICE = "practice", "Safeguarding practice"
    PARTNERSHIP = "partnership", "Partnership working and governance"
    WORKFORCE = "workforce", "Workforce and capacity"
    DATA = "data", "Data and information sharing"
    FINANCE = "finance", "Finance and resources"
    STATUTORY = "statutory", "Statutory duties and inspection"
    REPUTATION = "reputation", "Reputation and public confidence"


def _levels_ok(prefix: str) -> Q:
    return Q(**{f"{prefix}_likelihood__gte": 1}) & Q(**{f"{prefix}_impact__gte": 1})


class Risk(models.Model):
    """One risk in the partnership's register. "Overdue for review" is worked out when
    read (review date passed, the risk not closed)."""

    class Status(models.TextChoices):
        OPEN = rules.RiskStatus.OPEN.value, "Open"
        ESCALATED = rules.RiskStatus.ESCALATED.value, "Escalated to the executive"
        CLOSED = rules.RiskStatus.CLOSED.value, "Closed"

    Category = RiskCategory

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField()
    cause = models.TextField()
    effect = models.TextField()
    category = models.CharField(max_length=20, choices=RiskCategory.choices)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    owner_group = models.ForeignKey(
        "governance.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    controls = models.TextField()
    current_likelihood = models.PositiveSmallIntegerField()
    current_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    # Stored for ordering and the heat map; always likelihood x impact (the service sets it).
    current_score = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    review_due_on = models.DateField()
    last_reviewed_on = models.DateField()
    created_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-current_score", "number"]
        indexes = [
            models.Index(fields=["partnership", "status", "-current_score"], name="gov_risk_order"),
            models.Index(fields=["partnership", "review_due_on"], name="gov_risk_review_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="gov_risk_number"),
            models.CheckConstraint(
                condition=_levels_ok("inherent") & _levels_ok("current") & _levels_ok("target"),
                name="gov_risk_levels_positive",
            ),
            models.CheckConstraint(
                condition=Q(
                    current_score=models.F("current_likelihood") * models.F("current_impact")
                ),
                name="gov_risk_current_score",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="gov_risk_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"R{self.number:02d}"

    def audit_label(self) -> str:
        return f"Risk {self.reference}"

    @property
    def inherent_score(self) -> int:
        return rules.score(self.inherent_likelihood, self.inherent_impact)

    @property
    def target_score(self) -> int:
        return rules.score(self.target_likelihood, self.target_impact)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status != Risk.Status.CLOSED and self.review_due_on < today


class RiskReview(models.Model):
    """One review of a risk, never edited: who, when, the scores then and a note.
    Version 1 is the risk as first entered."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    version = models.PositiveIntegerField()
    reviewed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    current_likelihood = models.PositiveSmallIntegerField()
    current_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Risk.Status.choices)
    controls = models.TextField()
    note = models.TextField()
    next_review_on = models.DateField()

    class Meta:
        ordering = ["risk", "version"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "version"], name="gov_risk_review_version"),
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} review {self.version}"

    @property
    def current_score(self) -> int:
        return rules.score(self.current_likelihood, self.current_impact)

    @property
    def inherent_score(self) -> int:
        return rules.score(self.inherent_likelihood, self.inherent_impact)

    @property
    def target_score(self) -> int:
        return rules.score(self.target_likelihood, self.target_impact)


# --- escalation -------------------------------------------------------------------------


class EscalationStage(models.Model):
    """A rung of the partnership's escalation ladder, with its timescale in working days."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    working_days = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="gov_stage_number"),
            models.CheckConstraint(
                condition=Q(working_days__gte=1) & Q(working_days__lte=120),
                name="gov_stage_working_days",
            ),
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.name}"


class Escalation(models.Model):
    """A professional disagreement about a case, or a strategic challenge between leaders,
    raised by a person of one agency about another, and how far up the ladder it went."""

    class Kind(models.TextChoices):
        CASE = "case", "Case-level professional disagreement"
        STRATEGIC = "strategic", "Strategic challenge between leaders"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    raised_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    about_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField()
    case_reference = models.CharField(
        max_length=40,
        blank=True,
        help_text="The child's pseudonym or the case reference, never a name.",
    )
    themes = models.ManyToManyField("reviews.Theme", blank=True, related_name="escalations")
    raised_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    stage = models.ForeignKey(EscalationStage, on_delete=models.PROTECT, related_name="+")
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    learning = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on", "-number"]
        indexes = [
            models.Index(fields=["partnership", "status"], name="gov_escalation_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="gov_escalation_number"),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_on__isnull=False),
                name="gov_escalation_resolved_date",
            ),
            models.CheckConstraint(
                condition=~Q(raised_by_agency=models.F("about_agency")),
                name="gov_escalation_two_agencies",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"ESC-{self.raised_on.year}-{self.number:03d}"

    def audit_label(self) -> str:
        return f"Escalation {self.reference}"


class EscalationStep(models.Model):
    """The escalation at one stage: when it reached it, when a response is due, the
    response and when it came."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    stage = models.ForeignKey(EscalationStage, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    due_on = models.DateField()
    raised_with = models.CharField(
        max_length=200, help_text="Who it was taken to at this stage (a role, not a child)."
    )
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["escalation", "stage__number"]
        constraints = [
            models.UniqueConstraint(fields=["escalation", "stage"], name="gov_step_stage_once"),
        ]

    def __str__(self) -> str:
        return f"{self.escalation.reference} at {self.stage}"


# --- independent scrutiny -----------------------------------------------------------------


class ScrutinyPlan(models.Model):
    """The independent scrutineer's plan for one financial year (April to March)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year the plan starts in (April).")
    summary = models.TextField()

    class Meta:
        ordering = ["partnership", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="gov_scrutiny_plan_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="gov_scrutiny_plan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Scrutiny plan {self.year}-{(self.year + 1) % 100:02d}"


class ScrutinyActivity(models.Model):
    """A piece of scrutiny in the plan, and what it found."""

    class Kind(models.TextChoices):
        SESSION = "session", "Scrutiny session"
        FOCUS_GROUP = "focus_group", "Practitioner focus group"
        DEEP_DIVE = "deep_dive", "Deep dive"
        OBSERVATION = "observation", "Observation of a meeting"

    plan = models.ForeignKey(ScrutinyPlan, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    planned_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "planned_on", "pk"]
        verbose_name_plural = "scrutiny activities"

    def __str__(self) -> str:
        return self.title


class ScrutinyRecommendation(models.Model):
    """A recommendation of the scrutineer, and the executive's decision on it."""

    class Decision(models.TextChoices):
        PENDING = rules.Decision.PENDING.value, "Awaiting the executive's decision"
        ACCEPTED = rules.Decision.ACCEPTED.value, "Accepted"
        ACCEPTED_IN_PART = rules.Decision.ACCEPTED_IN_PART.value, "Accepted in part"
        REJECTED = rules.Decision.REJECTED.value, "Rejected"
        DELEGATED = rules.Decision.DELEGATED.value, "Delegated to a group"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        ScrutinyActivity, on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    made_on = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(blank=True)
    delegated_to = models.ForeignKey(
        "governance.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="gov_scrutiny_rec_number"
            ),
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(decided_on__isnull=False),
                name="gov_scrutiny_rec_decided_on",
            ),
            models.CheckConstraint(
                condition=~Q(decision="delegated") | Q(delegated_to__isnull=False),
                name="gov_scrutiny_rec_delegated_group",
            ),
        ]

    def __str__(self) -> str:
        return f"Scrutiny recommendation {self.reference}"

    @property
    def reference(self) -> str:
        return f"SR-{self.number:03d}"

    def audit_label(self) -> str:
        return self.__str__()


class RegisterReminder(models.Model):
    """A reminder already sent (risk review or escalation stage overdue), by key, so
    `governance_risks_tick` tells each person once."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="gov_register_reminder_key")
        ]

    def __str__(self) -> str:
        return self.key


__all__ = [
    "Escalation",
    "EscalationStage",
    "EscalationStep",
    "RegisterReminder",
    "Risk",
    "RiskCategory",
    "RiskReview",
    "RiskScale",
    "ScrutinyActivity",
    "ScrutinyPlan",
    "ScrutinyRecommendation",
]
