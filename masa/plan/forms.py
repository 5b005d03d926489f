"""Forms of the strategic plan: the plan, an ambition, a priority, a strategy, a
quarterly update, a delivery action and an area for improvement."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.actions.forms import ActionForm
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Membership, Partnership, Person
from masa.insight.models import Indicator
from masa.learning.models import Theme as TrainingTheme
from masa.plan.models import Ambition, ImprovementArea, PlanPeriod, Priority, Quarter
from masa.reviews.forms_tracker import SELECT_ONE, text_field
from masa.reviews.models import Theme as ReviewTheme


def _short(
    label: str, message: str, *, required: bool = True, max_length: int = 200
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _optional_text(label: str, help_text: str = "") -> forms.CharField:
    return text_field(label, "", required=False, help_text=help_text)


def _number(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=99,
        help_text="Leave blank to put it last.",
        widget=forms.NumberInput(attrs={"width": "2"}),
        error_messages={
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be 1 or more",
            "max_value": f"{label} must be 99 or less",
        },
    )


def _checkboxes(label: str, help_text: str) -> forms.ModelMultipleChoiceField[Any]:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Indicator.objects.none(),
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={
            "invalid_choice": "Select from the list",
            "invalid_pk_value": "Select from the list",
        },
    )


def _officers(partnership: Partnership) -> list[tuple[str, str]]:
    people = (
        Membership.objects.filter(partnership=partnership, is_active=True)
        .select_related("person", "agency")
        .order_by("person__full_name", "person__email")
    )
    return [("", "No lead officer named")] + [
        (str(m.person_id), f"{m.person.full_name or m.person.email}, {m.agency.name}")
        for m in people
    ]


class PlanForm(GovUKForm):
    name = _short("Years the plan covers", "Enter the years the plan covers", max_length=40)
    starts_on = GovUKDateField(label="Starts", noun="Start date")
    ends_on = GovUKDateField(label="Ends", noun="End date")
    title = _short("Title", "Enter the plan's title")
    vision = _optional_text("Vision", "The partnership's vision for children and adults.")
    introduction = _optional_text("Introduction")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = 'For example "2025-2028".'
        self.fields["name"].widget.attrs["class"] += " govuk-input--width-10"


class PlanItemForm(GovUKForm):
    """The seed's columns and the leads, shared by an ambition and a priority."""

    description = _optional_text("Description", "What the partnership will do.")
    reason = _optional_text("Reason", "Why it matters here.")
    impact = _optional_text("Impact", "The difference it will make.")
    lead_group = _short("Lead group (optional)", "", required=False)
    lead_officer = forms.TypedChoiceField(
        label="Lead officer (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a person from the list"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officer = self.fields["lead_officer"]
        assert isinstance(officer, forms.TypedChoiceField)
        officer.choices = _officers(partnership)
        self.fields["lead_group"].help_text = "The group that leads it, by name."

    def officer(self) -> Person | None:
        pk = self.cleaned_data.get("lead_officer")
        return Person.objects.filter(pk=pk).first() if pk else None

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["lead_officer"] = self.officer()
        return data


class AmbitionForm(PlanItemForm):
    number = _number("Number")
    title = _short("Ambition", "Enter the ambition")
    statement = _optional_text("Statement", '"We want to ..."')
    field_order = ["number", "title", "statement", "description", "reason", "impact"]


class PriorityForm(PlanItemForm):
    number = _number("Number")
    name = _short("Priority", "Enter the priority's name", max_length=100)
    summary = _optional_text("Summary", 'The priority in a sentence: "To improve ..."')
    ambition = forms.ModelChoiceField(
        label="Ambition (optional)",
        queryset=Ambition.objects.none(),
        required=False,
        empty_label="No ambition",
        error_messages={"invalid_choice": "Select an ambition from the list"},
    )
    indicators = _checkboxes(
        "Outcome indicators", "Indicators of the catalogue that show its outcomes."
    )
    review_themes = _checkboxes("Review themes", "Case review themes that map onto it.")
    training_themes = _checkboxes("Training themes", "Training themes that map onto it.")
    field_order = ["number", "name", "summary", "ambition", "description", "reason", "impact"]

    def __init__(
        self, *args: Any, partnership: Partnership, period: PlanPeriod, **kwargs: Any
    ) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        querysets: dict[str, Any] = {
            "ambition": Ambition.objects.filter(plan__period=period),
            "indicators": Indicator.objects.filter(
                partnership=partnership, is_active=True
            ).order_by("name"),
            "review_themes": ReviewTheme.objects.filter(partnership=partnership),
            "training_themes": TrainingTheme.objects.filter(partnership=partnership),
        }
        for name, queryset in querysets.items():
            chosen = self.fields[name]
            assert isinstance(chosen, forms.ModelChoiceField)
            chosen.queryset = queryset

    def split(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The priority's values, and its links (indicators and themes)."""
        values = self.values()
        links = {
            name: values.pop(name) for name in ("indicators", "review_themes", "training_themes")
        }
        return values, links


class StrategyForm(GovUKForm):
    name = _short("Strategy", "Enter the strategy's name")
    review_on = GovUKDateField(label="Next review date", noun="Review date")
    url = forms.URLField(
        label="Link (optional)",
        assume_scheme="https",
        required=False,
        max_length=200,
        error_messages={"invalid": "Enter a web address, like https://www.example.org/strategy"},
    )


class ProgressForm(GovUKForm):
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={"required": "Select the year", "invalid_choice": SELECT_ONE},
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        choices=[("", "Select the quarter"), *Quarter.choices],
        error_messages={"required": "Select the quarter", "invalid_choice": SELECT_ONE},
    )
    what_we_did = text_field("What we did", "Say what was done this quarter")
    impact = text_field("Impact", "Say what difference it made")
    challenges = _optional_text("Remaining challenges")
    next_steps = _optional_text("Next steps")

    def __init__(self, *args: Any, period: PlanPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = period.starts_on.year - (1 if period.starts_on.month < 4 else 0)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", "Select the year")] + [
            (str(y), f"{y}-{(y + 1) % 100:02d}") for y in range(first, period.ends_on.year + 1)
        ]


class DeliveryActionForm(ActionForm):
    """A delivery action: the priority is its source and what it serves."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        del self.fields["serves"]


class ImprovementForm(GovUKForm):
    from_year = _short("Report year", "Enter the year of the report that named it", max_length=7)
    area = text_field("Area for improvement", "Say what the area for improvement was")
    priority = forms.ModelChoiceField(
        label="Priority it now sits under (optional)",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="No priority",
        error_messages={"invalid_choice": "Select a priority from the list"},
    )
    outcome = forms.ChoiceField(
        label="What became of it",
        choices=ImprovementArea.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what became of it", "invalid_choice": SELECT_ONE},
    )
    what_became = _optional_text("Where it stands", "What was done, and what is left.")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_year"].help_text = 'For example "2024-25".'
        priority = self.fields["priority"]
        assert isinstance(priority, forms.ModelChoiceField)
        priority.queryset = Priority.objects.filter(partnership=partnership).select_related(
            "period"
        )
