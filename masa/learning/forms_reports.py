"""Forms for the training reports and the training needs analysis."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.forms import BoundField

from masa.core.figures import Grouping, parse_year_label, year_label
from masa.core.forms import GovUKForm
from masa.learning.models import Theme
from masa.learning.services import NeedsAnswer


class ReportPeriodForm(GovUKForm):
    """Which financial year, by month or by quarter."""

    year = forms.ChoiceField(
        label="Financial year",
        help_text="1 April to 31 March.",
        error_messages={
            "required": "Select a financial year",
            "invalid_choice": "Select a financial year from the list",
        },
    )
    group = forms.ChoiceField(
        label="Show figures by",
        choices=[
            (Grouping.MONTH.value, "Month"),
            (Grouping.QUARTER.value, "Financial quarter (Q1 is April to June)"),
        ],
        widget=forms.RadioSelect(attrs={"data-small": "1"}),
        error_messages={
            "required": "Select month or financial quarter",
            "invalid_choice": "Select month or financial quarter",
        },
    )

    def __init__(self, data: dict[str, Any], *, years: Sequence[int]) -> None:
        super().__init__(data)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(year_label(y), year_label(y)) for y in years]

    @property
    def start(self) -> int:
        return parse_year_label(self.cleaned_data["year"])

    @property
    def grouping(self) -> Grouping:
        return Grouping(self.cleaned_data["group"])

    def query(self) -> str:
        return urlencode({"year": self.cleaned_data["year"], "group": self.cleaned_data["group"]})


class NeedsSurveyForm(GovUKForm):
    """Open a training needs analysis for a year."""

    year = forms.IntegerField(
        label="Year of the programme",
        help_text="The year the training programme starts, for example 2027.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "4"}),
        error_messages={
            "required": "Enter the year of the programme",
            "invalid": "Enter the year as 4 digits, like 2027",
        },
    )
    closes_on = forms.DateField(
        label="Closes on",
        help_text="Agencies can answer until the end of this day. For example, 31/1/2027",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs={"width": "10"}),
        error_messages={
            "required": "Enter the date the survey closes",
            "invalid": "Enter the closing date as day/month/year, like 31/1/2027",
        },
    )

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter a year between 2000 and 2100")
        return year


PRIORITIES = [("1", "1: high"), ("2", "2: medium"), ("3", "3: low")]


@dataclass(frozen=True)
class ThemeFields:
    """The three questions asked about one theme, for the template."""

    theme: Theme
    staff: BoundField
    priority: BoundField
    notes: BoundField


class NeedsResponseForm(GovUKForm):
    """An agency's answers: for each theme, staff needing training, priority and notes."""

    def __init__(
        self,
        data: Any = None,
        *,
        themes: Iterable[Theme],
        initial: dict[str, Any] | None = None,
    ) -> None:
        self.themes = list(themes)
        super().__init__(data, initial=initial)
        for theme in self.themes:
            name = theme.name.lower()
            self.fields[f"staff_{theme.pk}"] = forms.IntegerField(
                label="Staff needing this training",
                help_text="A whole number. Enter 0 if none.",
                min_value=0,
                max_value=100_000,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "5"}),
                error_messages={
                    "required": f"Enter the number of staff needing {name} training",
                    "invalid": f"Enter the number of staff needing {name} training as a "
                    "whole number, like 12",
                    "min_value": f"The number of staff needing {name} training must be 0 or more",
                    "max_value": f"The number of staff needing {name} training must be "
                    "100,000 or fewer",
                },
            )
            self.fields[f"priority_{theme.pk}"] = forms.ChoiceField(
                label="Priority",
                help_text="Needed when any staff need this training.",
                choices=PRIORITIES,
                required=False,
                widget=forms.RadioSelect(attrs={"data-small": "1", "data-label-size": "s"}),
                error_messages={"invalid_choice": f"Choose priority 1, 2 or 3 for {name}"},
            )
            self.fields[f"notes_{theme.pk}"] = forms.CharField(
                label="Notes (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"Notes about {name} must be 2,000 characters or fewer"
                },
            )
        # GovUKForm gave classes to the fields it knew of; these were added after.
        for name, field in self.fields.items():
            if "class" not in field.widget.attrs:
                _govuk_classes(name, field)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for theme in self.themes:
            staff = data.get(f"staff_{theme.pk}")
            if staff and not data.get(f"priority_{theme.pk}"):
                self.add_error(
                    f"priority_{theme.pk}",
                    f"Select a priority for {theme.name.lower()}, as staff need it",
                )
        return data

    def by_theme(self) -> list[ThemeFields]:
        return [
            ThemeFields(
                theme,
                self[f"staff_{theme.pk}"],
                self[f"priority_{theme.pk}"],
                self[f"notes_{theme.pk}"],
            )
            for theme in self.themes
        ]

    def answers(self) -> list[NeedsAnswer]:
        data = self.cleaned_data
        return [
            NeedsAnswer(
                theme.pk,
                int(data[f"staff_{theme.pk}"]),
                # No staff needing it: the priority is not asked and is kept as the lowest.
                int(data.get(f"priority_{theme.pk}") or 3),
                data.get(f"notes_{theme.pk}", "").strip(),
            )
            for theme in self.themes
        ]


def _govuk_classes(name: str, field: forms.Field) -> None:
    widget_type = field.widget.__class__.__name__.lower()
    if widget_type == "radioselect":
        css = "govuk-radios__input"
    elif widget_type == "textarea":
        css = "govuk-textarea"
    else:
        css = "govuk-input"
    width = field.widget.attrs.pop("width", None)
    if width:
        css += f" govuk-input--width-{width}"
    field.widget.attrs["class"] = css
    if field.help_text:
        field.widget.attrs["aria-describedby"] = f"id_{name}-hint"
