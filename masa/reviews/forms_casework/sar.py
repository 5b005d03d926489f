"""Forms for SAR referrals and their decision (the Care Act s44 checklist)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.core.models import Agency
from masa.reviews import rules
from masa.reviews.forms_casework.fields import (
    ADULT_AGE_BANDS,
    PickForm,
    SubjectFieldsMixin,
    choice_field,
    date_field,
    text_field,
)
from masa.reviews.models import SarReferral


def criteria_field(hint: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Which Care Act 2014 section 44 conditions are met?",
        required=False,
        choices=list(rules.SAR_CRITERIA.items()),
        help_text=hint,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "m"}),
        error_messages={"invalid_choice": "Select conditions from the list"},
    )


def criteria_answers(chosen: Iterable[str]) -> dict[str, bool]:
    picked = set(chosen)
    return {key: key in picked for key in rules.SAR_CRITERIA}


CRITERIA_HINT = (
    "A review is mandatory when the first four conditions are all met (section 44(1) to "
    "(3)). Otherwise the board may arrange one under section 44(4). Select all that apply."
)


class SarReferralForm(SubjectFieldsMixin, PickForm):
    received_on = date_field("When was the referral received?", "Date received")
    referrer_agency = forms.ChoiceField(
        label="Referring agency",
        widget=forms.Select(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select the referring agency",
            "invalid_choice": "Select an agency from the list",
        },
    )
    summary = text_field(
        "Summary of the referral",
        noun="a summary of the referral",
        rows=6,
        hint="What happened and the concern about how agencies worked together.",
    )
    criteria = criteria_field(CRITERIA_HINT)

    def __init__(self, *args: Any, agencies: Iterable[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("referrer_agency", agencies, blank="Choose the agency")
        self.add_subject_fields(ADULT_AGE_BANDS)
        self.order_fields(
            [
                "pseudonym",
                "age_band",
                "sex",
                "ethnicity",
                "disability",
                "other_characteristics",
                "received_on",
                "referrer_agency",
                "summary",
                "criteria",
            ]
        )

    def answers(self) -> dict[str, bool]:
        return criteria_answers(self.cleaned_data.get("criteria") or [])


class SarDecisionForm(GovUKForm):
    criteria = criteria_field(
        f"{CRITERIA_HINT} Correct the referrer's answers here if the board sees them otherwise."
    )
    decision = choice_field(
        "Decision", SarReferral.Decision.choices, "Select the decision", radios=True
    )
    rationale = text_field("Reasons for the decision", noun="the reasons for the decision", rows=5)
    decided_on = date_field(
        "Date of the decision (optional)",
        "Date of the decision",
        required=False,
        hint="Leave empty for today.",
    )

    def __init__(self, *args: Any, referral: SarReferral, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"criteria": [key for key, met in (referral.criteria or {}).items() if met]},
        )
        super().__init__(*args, **kwargs)

    def answers(self) -> dict[str, bool]:
        return criteria_answers(self.cleaned_data.get("criteria") or [])
