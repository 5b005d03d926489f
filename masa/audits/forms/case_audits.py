"""Forms for multi-agency case audits: a round, a question of the tool, a case, an
agency's audit of its own file, the panel's grades, an urgent concern and its answer,
a follow-up action and closing a round."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.audits import rules
from masa.audits.forms.common import SMALL, PickForm, choice, text
from masa.audits.models import AgeBand, Disability, Grade, PracticeArea, Question, Round
from masa.audits.services.case_audits import AreaJudgement
from masa.core.codes import ETHNICITY, SEX
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Agency, Membership, Partnership, Person
from masa.insight.models import Indicator
from masa.reviews.models import Review


def partnership_agencies(partnership: Partnership) -> list[Agency]:
    return list(Agency.objects.filter(partnershipagency__partnership=partnership).order_by("name"))


class RoundForm(PickForm):
    year = text(
        "Financial year",
        "Enter the year, like 2022-23",
        max_length=7,
        hint="The financial year, like 2022-23.",
    )
    quarter = choice("Quarter", [(q, q) for q in rules.QUARTERS], "Choose the quarter", radios=True)
    theme = text("Theme", "Enter the round's theme", max_length=200)
    why_chosen = text(
        "Why the theme was chosen",
        "Say why the theme was chosen",
        rows=3,
        hint="A partnership priority, a review's learning or a figure.",
    )
    review = forms.ChoiceField(
        label="The case review whose learning it follows (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose a review from the list"},
    )
    indicator = forms.ChoiceField(
        label="The figure on the dashboards that led to it (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose a figure from the list"},
    )
    case_count = forms.IntegerField(
        label="Number of cases",
        min_value=1,
        max_value=50,
        initial=5,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "width": "2", "data-label-size": "s"}
        ),
        error_messages={
            "required": "Enter the number of cases",
            "invalid": "The number of cases must be a whole number",
            "min_value": "The number of cases must be between 1 and 50",
            "max_value": "The number of cases must be between 1 and 50",
        },
    )
    audit_group = forms.MultipleChoiceField(
        label="Audit group",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=SMALL),
        help_text="The people who see this round's cases and grade them.",
        error_messages={"invalid_choice": "Choose people from the list"},
    )
    agency_due_on = GovUKDateField(
        label="Agencies' audits due (optional)", noun="Due date", required=False
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"case_count": 5})
        super().__init__(*args, **kwargs)
        self.pick(
            "review",
            Review.objects.filter(partnership=partnership).order_by("-pk"),
            lambda r: f"{r.reference}: {r.title}",
            blank="None",
        )
        self.pick(
            "indicator",
            Indicator.objects.filter(partnership=partnership).order_by("name"),
            lambda i: i.name,
            blank="None",
        )
        graders = (
            Membership.objects.filter(
                partnership=partnership,
                is_active=True,
                roles__permissions__permission="case_audit.grade",
            )
            .select_related("person", "agency")
            .distinct()
            .order_by("person__full_name")
        )
        people: dict[int, Person] = {m.person_id: m.person for m in graders}
        self.pick("audit_group", people.values(), lambda p: p.full_name)


class QuestionForm(GovUKForm):
    practice_area = choice("Practice area", PracticeArea.choices, "Choose the practice area")
    text = text("Question", "Enter the question", rows=3, max_length=1000)


class CaseForm(PickForm):
    reference = text(
        "Case reference",
        "Enter the case's reference",
        max_length=40,
        hint="A pseudonymous reference, never the child's name.",
    )
    age_band = choice("Age band", AgeBand.choices, "Choose the child's age band")
    sex = choice("Sex", list(SEX.items()), "Choose the child's sex")
    ethnicity = choice("Ethnicity", list(ETHNICITY.items()), "Choose the child's ethnicity")
    disability = choice(
        "Disability", Disability.choices, "Choose whether the child is disabled", radios=True
    )
    agencies = forms.MultipleChoiceField(
        label="Agencies involved",
        widget=forms.CheckboxSelectMultiple(attrs=SMALL),
        help_text="Each audits its own file.",
        error_messages={
            "required": "Choose the agencies involved",
            "invalid_choice": "Choose agencies from the list",
        },
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("agencies", partnership_agencies(partnership), lambda a: a.name)


class AgencyAuditForm(GovUKForm):
    """One answer box per question of the round's tool, then the two voices (made for
    the round's questions by `agency_audit_form`)."""

    questions: list[Question] = []

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}", "") for q in self.questions}


def agency_audit_form(questions: list[Question]) -> type[AgencyAuditForm]:
    fields: dict[str, Any] = {
        f"q{question.pk}": text(
            question.text,
            "Answer the question",
            rows=3,
            hint=PracticeArea(question.practice_area).label,
        )
        for question in questions
    }
    fields["practitioner_view"] = text(
        "The practitioner's view", "Say what the practitioner thinks", rows=4
    )
    fields["child_family_voice"] = text(
        "What the child and family said",
        "Say what the child and family said",
        rows=4,
        hint="Their lived experience, in their words where you have them.",
    )
    return type("RoundAgencyAuditForm", (AgencyAuditForm,), {**fields, "questions": questions})


def _grade_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for area in PracticeArea:
        name = area.label.lower()
        fields[f"{area.value}_grade"] = choice(
            f"{area.label}: grade", Grade.choices, f"Choose the grade for {name}", radios=True
        )
        fields[f"{area.value}_rationale"] = text(
            f"{area.label}: rationale", f"Give the rationale for {name}", rows=3
        )
        fields[f"{area.value}_good"] = text(
            f"{area.label}: good practice (optional)", "", rows=2, required=False
        )
        fields[f"{area.value}_improve"] = text(
            f"{area.label}: areas for improvement (optional)", "", rows=2, required=False
        )
    fields["grade"] = choice(
        "Overall grade of multi-agency practice",
        Grade.choices,
        "Choose the overall grade",
        radios=True,
    )
    fields["rationale"] = text(
        "Rationale for the overall grade", "Give the rationale for the overall grade", rows=4
    )
    return fields


class _GradeForm(GovUKForm):
    def areas(self) -> dict[str, AreaJudgement]:
        data = self.cleaned_data
        return {
            area.value: AreaJudgement(
                data[f"{area.value}_grade"],
                data[f"{area.value}_rationale"],
                data.get(f"{area.value}_good", ""),
                data.get(f"{area.value}_improve", ""),
            )
            for area in PracticeArea
        }


# A grade and a rationale for each practice area, then the overall grade.
GradeForm: type[_GradeForm] = type("GradeForm", (_GradeForm,), _grade_fields())


class ConcernForm(PickForm):
    agency = forms.ChoiceField(
        label="Agency",
        widget=forms.RadioSelect(attrs=SMALL),
        error_messages={"required": "Choose the agency", "invalid_choice": "Choose the agency"},
    )
    concern = text("The concern", "Describe the concern", rows=5)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("agency", agencies, lambda a: a.name)


class AnswerForm(GovUKForm):
    response = text("What your agency has done", "Say what the agency has done", rows=6)


class ActionForm(PickForm):
    owner_agency = forms.ChoiceField(
        label="Owning agency",
        error_messages={
            "required": "Choose the owning agency",
            "invalid_choice": "Choose the owning agency",
        },
    )
    what = text("What will be done", "Say what will be done", rows=3)
    measure_of_success = text("Measure of success", "Say how success will be measured", rows=3)
    due_on = GovUKDateField(label="Due date", noun="Due date")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick(
            "owner_agency",
            partnership_agencies(partnership),
            lambda a: a.name,
            blank="Choose an agency",
        )


class CloseForm(GovUKForm):
    """Closing a round asks nothing: the service checks the rules."""


class GoodPracticeForm(PickForm):
    round = forms.ChoiceField(
        label="Audit round",
        error_messages={"required": "Choose the round", "invalid_choice": "Choose the round"},
    )
    practice_area = choice("Practice area", PracticeArea.choices, "Choose the practice area")
    title = text("Title", "Enter a short title", max_length=200)
    example = text(
        "The good practice",
        "Describe the good practice",
        rows=5,
        hint="What was done and the difference it made. Never a name or a case reference.",
    )

    def __init__(self, *args: Any, rounds: list[Round], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("round", rounds, str, blank="Choose a round")
