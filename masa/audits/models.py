"""Multi-agency case audits: a partnership's rounds (a theme in a quarter of a year),
the audit tool's questions grouped by the seven practice areas, the cases audited
(a pseudonymous reference and the child's equality data, never a name), each agency's
audit of its own file, the panel's grades, and urgent concerns sent to an agency.

A year's audit programme is its rounds. Grades of earlier years, which partnerships
hold in spreadsheets, come in as imported cases of imported rounds (`imported`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from masa.audits import rules
from masa.core.codes import ETHNICITY, SEX
from masa.core.models import Agency, Partnership, Person


class Grade(models.TextChoices):
    """The four grades of multi-agency practice (rules.GRADES)."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class PracticeArea(models.TextChoices):
    """The seven practice areas of the audit tool (rules.PRACTICE_AREAS)."""

    RISK = "risk", "Identification and response to risk"
    ASSESSMENT = "assessment", "Assessment"
    ENGAGEMENT = "engagement", "Child and family engagement"
    OVERSIGHT = "oversight", "Decision making and management oversight"
    PLANNING = "planning", "Planning"
    MULTI_AGENCY = "multi_agency", "Multi-agency working"
    IMPACT = "impact", "Impact for the child"


class AgeBand(models.TextChoices):
    UNBORN = "unborn", "Unborn"
    UNDER_1 = "under_1", "Under 1"
    ONE_TO_4 = "1_4", "1 to 4"
    FIVE_TO_9 = "5_9", "5 to 9"
    TEN_TO_15 = "10_15", "10 to 15"
    SIXTEEN_17 = "16_17", "16 or 17"


class Disability(models.TextChoices):
    YES = "yes", "Disabled"
    NO = "no", "Not disabled"
    UNKNOWN = "unknown", "Not known"


class Round(models.Model):
    """One themed audit round of a year's programme."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.CharField(max_length=7, help_text='The financial year, like "2022-23".')
    quarter = models.CharField(max_length=2, choices=[(q, q) for q in rules.QUARTERS])
    theme = models.CharField(max_length=200)
    why_chosen = models.TextField(blank=True)
    review = models.ForeignKey(
        "reviews.Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_rounds",
        help_text="The case review whose learning the theme follows.",
    )
    indicator = models.ForeignKey(
        "insight.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_rounds",
        help_text="The figure on the dashboards that led to the theme.",
    )
    case_count = models.PositiveSmallIntegerField(default=5)
    audit_group = models.ManyToManyField(Person, blank=True, related_name="audit_rounds")
    agency_due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["partnership", "year", "quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "quarter", "theme"], name="audit_round_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="audit_round_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.quarter}: {self.theme}"


class Question(models.Model):
    """A question of the audit tool in one practice area: the partnership's standard
    tool (no round) or a round's own copy, adapted to its theme."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="questions"
    )
    practice_area = models.CharField(max_length=20, choices=PracticeArea.choices)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Case(models.Model):
    """A child's case audited in a round: a pseudonymous reference and equality data,
    never a name."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=40)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=1, choices=list(SEX.items()), blank=True)
    ethnicity = models.CharField(max_length=4, choices=list(ETHNICITY.items()), blank=True)
    disability = models.CharField(
        max_length=10, choices=Disability.choices, default=Disability.UNKNOWN
    )
    agencies: models.ManyToManyField[Agency, AgencyAudit] = models.ManyToManyField(
        Agency, through="AgencyAudit", related_name="+"
    )
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    rationale = models.TextField(blank=True)
    graded_on = models.DateField(null=True, blank=True)
    graded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["round", "reference"], name="audit_case_once"),
        ]
        indexes = [models.Index(fields=["partnership", "grade"], name="audit_case_grade")]

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return f"Audit case {self.reference}"


class AgencyAudit(models.Model):
    """An agency's audit of its own file for one case: its answers to the round's
    questions, the practitioner's view and what the child and family said."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agency_audits")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    practitioner_view = models.TextField(blank=True)
    child_family_voice = models.TextField(blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="agency_audit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} on {self.case}"

    @property
    def partnership_id(self) -> int:
        return self.case.partnership_id


class Answer(models.Model):
    agency_audit = models.ForeignKey(AgencyAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency_audit", "question"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return f"Answer to question {self.question_id}"


class AreaGrade(models.Model):
    """The panel's grade of one practice area of a case, with its rationale, the good
    practice seen and what should improve."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="area_grades")
    practice_area = models.CharField(max_length=20, choices=PracticeArea.choices)
    grade = models.CharField(max_length=30, choices=Grade.choices)
    rationale = models.TextField()
    good_practice = models.TextField(blank=True)
    improvement = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "practice_area"], name="area_grade_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_practice_area_display()}: {self.get_grade_display()}"


class UrgentConcern(models.Model):
    """A worry found during an audit that goes straight to the agency's lead, who must
    answer within the partnership's timescale."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="urgent_concerns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField()
    raised_on = models.DateField()
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | ~Q(response=""),
                name="urgent_concern_answer_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"Urgent concern for {self.agency} on {self.case}"

    def audit_label(self) -> str:
        return f"Urgent concern on audit case {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.responded_on is None

    @property
    def answered_in_time(self) -> bool:
        return self.responded_on is not None and self.responded_on <= self.due_on


class GoodPractice(models.Model):
    """An entry in the partnership's bank of good practice examples, drawn from an
    audit round's findings, that training and briefings can cite. It names no case."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="good_practice")
    practice_area = models.CharField(max_length=20, choices=PracticeArea.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    added_on = models.DateField()
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-added_on", "-pk"]
        verbose_name_plural = "good practice examples"

    def __str__(self) -> str:
        return self.title
