"""Forms for the recommendations tracker: findings, recommendations and their impact
measures (the forms of actions and the action plan are in `masa.actions.forms`)."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Partnership
from masa.reviews import selectors
from masa.reviews.models import Finding, Recommendation, Review, Theme
from masa.reviews.validators import happened

SELECT_ONE = "Select one of the options"


def themes_field(
    help_text: str = "Select all that apply.",
) -> forms.ModelMultipleChoiceField[Theme]:
    return forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={"invalid_choice": "Select themes from the list"},
    )


def text_field(
    label: str, required_message: str, *, rows: int = 4, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=kwargs.pop("max_length", 5000),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be 5,000 characters or fewer",
        },
        **kwargs,
    )


def set_themes(form: GovUKForm, partnership: Partnership) -> None:
    field = form.fields["themes"]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    field.queryset = selectors.themes_for(partnership)


# --- findings and recommendations ------------------------------------------------------


class FindingForm(GovUKForm):
    text = text_field("Finding", "Enter the finding", rows=6)
    themes = themes_field()

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_themes(self, partnership)


MEASURE_HELP = (
    "For an indicator, enter its code in the insight catalogue, like cin.referrals. "
    "For an audit question or a survey, say which one."
)


class _ImpactMeasure(GovUKForm):
    """How the partnership will know a recommendation worked. An indicator must be one of
    the partnership's indicator codes in the insight catalogue."""

    impact_measure_kind = forms.ChoiceField(
        label="How will the partnership know it worked?",
        choices=Recommendation.MeasureKind.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={"invalid_choice": SELECT_ONE},
    )
    impact_measure = forms.CharField(
        label="Impact measure",
        help_text=MEASURE_HELP,
        required=False,
        max_length=500,
        error_messages={"max_length": "The impact measure must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        self.partnership = partnership
        self._codes: dict[str, str] | None = None
        super().__init__(*args, **kwargs)

    @property
    def indicator_codes(self) -> dict[str, str]:
        if self._codes is None:
            self._codes = selectors.indicator_codes(self.partnership)
        return self._codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, measure = data.get("impact_measure_kind"), (data.get("impact_measure") or "").strip()
        if (
            kind == Recommendation.MeasureKind.INDICATOR
            and measure
            and measure not in self.indicator_codes
        ):
            self.add_error(
                "impact_measure",
                "Enter the code of an indicator in the partnership's insight catalogue, "
                "like cin.referrals",
            )
        if measure and not kind and "impact_measure_kind" not in self.errors:
            self.add_error("impact_measure_kind", "Select how the partnership will know it worked")
        data["impact_measure"] = measure
        return data


class RecommendationForm(_ImpactMeasure):
    text = text_field("Recommendation", "Enter the recommendation", rows=5)
    finding = forms.TypedChoiceField(
        label="Which finding does it answer? (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a finding of this review"},
    )
    themes = themes_field()

    field_order = ["text", "finding", "themes", "impact_measure_kind", "impact_measure"]

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, partnership=review.partnership, **kwargs)
        self.order_fields(self.field_order)
        self.findings = {f.pk: f for f in Finding.objects.filter(review=review)}
        field = self.fields["finding"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", "None"),
            *((str(pk), f"Finding {f.number}: {f.text[:80]}") for pk, f in self.findings.items()),
        ]
        set_themes(self, review.partnership)

    def chosen_finding(self) -> Finding | None:
        pk = self.cleaned_data.get("finding")
        return self.findings.get(pk) if pk is not None else None


class ImpactForm(_ImpactMeasure):
    impact_result = forms.CharField(
        label="The result (when known)",
        help_text="What the indicator, audit or survey showed.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The result must be 5,000 characters or fewer"},
    )
    impact_result_on = GovUKDateField(
        label="When was the result known?",
        noun="Date the result was known",
        required=False,
        validators=[happened("Date the result was known")],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            (data.get("impact_result") or "").strip()
            and not data.get("impact_result_on")
            and "impact_result_on" not in self.errors
        ):
            self.add_error("impact_result_on", "Enter when the result was known")
        return data
