"""The forms of the money pages: an import upload and an in-kind contribution."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from masa.core.figures import year_label
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Agency, Partnership
from masa.finance.models import Section


class ImportForm(GovUKForm):
    BUDGET, CONTRIBUTIONS = "budget", "contributions"
    kind = forms.ChoiceField(
        label="What is in the file",
        choices=[
            (BUDGET, "Budget against actual (year,section,line,budget,actual)"),
            (CONTRIBUTIONS, "Partners' contributions (year,agency,amount)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is in the file"},
    )
    file = forms.FileField(
        label="CSV file",
        help_text="A CSV file from the finance system, smaller than 2 MB.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
            "missing": "Select a CSV file",
        },
    )


def year_choices(around: int) -> list[tuple[int, str]]:
    return [(year, year_label(year)) for year in range(around + 1, around - 10, -1)]


class InKindForm(GovUKForm):
    year = forms.TypedChoiceField(
        label="Financial year", coerce=int, error_messages={"required": "Choose the year"}
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency", "invalid_choice": "Choose the agency"},
    )
    description = forms.CharField(
        label="What the agency gives",
        help_text="For example, training capacity: two trainers for ten days a year.",
        max_length=300,
        error_messages={
            "required": "Say what the agency gives",
            "max_length": "What the agency gives must be 300 characters or fewer",
        },
    )
    value = forms.DecimalField(
        label="Value in pounds (optional)",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("9999999999"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": "10"}),
        error_messages={
            "invalid": "Value must be an amount in pounds, like 1250 or 1250.50",
            "min_value": "Value cannot be negative",
            "max_value": "Value is too large",
            "max_decimal_places": "Value must have at most 2 decimal places",
            "max_digits": "Value is too large",
        },
    )
    agreed_on = GovUKDateField(noun="Date it was agreed", required=False)
    reviewed_on = GovUKDateField(noun="Date it was last reviewed", required=False)

    def __init__(self, *args: Any, partnership: Partnership, this_year: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", this_year)
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = year_choices(this_year)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = Agency.objects.filter(
            partnershipagency__partnership=partnership
        ).order_by("name")


def _pounds_field(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_value=Decimal("9999999999"),
        min_value=Decimal("-9999999999"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": "10"}),
        error_messages={
            "invalid": f"{label} must be an amount in pounds, like 1250 or 1250.50",
            "max_value": f"{label} is too large",
            "min_value": f"{label} is too small",
            "max_decimal_places": f"{label} must have at most 2 decimal places",
            "max_digits": f"{label} is too large",
        },
    )


class ReserveForm(GovUKForm):
    brought_forward = _pounds_field("Reserve brought forward (£)")
    carried_forward = _pounds_field("Reserve carried forward (£)")


class ContributionDatesForm(GovUKForm):
    agreed_on = GovUKDateField(noun="Date it was agreed", required=False)
    reviewed_on = GovUKDateField(noun="Date it was last reviewed", required=False)


class CategoryForm(GovUKForm):
    section = forms.ChoiceField(
        label="Section",
        choices=Section.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a section"},
    )
    name = forms.CharField(
        label="Name of the line",
        max_length=120,
        help_text="As the finance system names it.",
        error_messages={
            "required": "Enter the line's name",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
