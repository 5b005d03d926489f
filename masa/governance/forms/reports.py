"""The attendance report's filters (sent with GET) and its threshold."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core import figures
from masa.core.forms import GovUKForm
from masa.governance.forms.common import SELECT_ONE
from masa.governance.models import Group


class AttendanceFilterForm(GovUKForm):
    year = forms.TypedChoiceField(
        label="Financial year", coerce=int, required=False, empty_value=None
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "The whole year"), *((str(q), f"Q{q}") for q in (1, 2, 3, 4))],
    )
    group = forms.TypedChoiceField(label="Group", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int], groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(str(y), figures.year_label(y)) for y in years]
        group = self.fields["group"]
        assert isinstance(group, forms.TypedChoiceField)
        group.choices = [("", "Every group"), *((str(g.pk), g.name) for g in groups)]
        for name in ("year", "quarter", "group"):
            self.fields[name].error_messages["invalid_choice"] = SELECT_ONE

    def chosen(self, default_year: int) -> tuple[int, int | None, int | None]:
        if not self.is_bound or not self.is_valid():
            return default_year, None, None
        data = self.cleaned_data
        return data["year"] or default_year, data["quarter"], data["group"]


class ThresholdForm(GovUKForm):
    threshold = forms.IntegerField(
        label="Attendance threshold, as a percentage",
        help_text="Agencies attending less than this are highlighted in the attendance report.",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"width": "3"}),
        error_messages={
            "required": "Enter the threshold",
            "invalid": "The threshold must be a whole number",
            "min_value": "The threshold must be 0 or more",
            "max_value": "The threshold must be 100 or less",
        },
    )
