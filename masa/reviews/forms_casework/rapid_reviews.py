"""Forms for rapid reviews and the agency summaries they ask for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.core.models import Agency
from masa.reviews.forms_casework.fields import SMALL, PickForm, choice_field, date_field, text_field
from masa.reviews.models import RapidReview


class SummaryRequestForm(PickForm):
    agencies = forms.MultipleChoiceField(
        label="Which agencies are asked for a summary?",
        widget=forms.CheckboxSelectMultiple(attrs=SMALL),
        help_text="Each summary is due 5 working days after the request, unless the "
        "partnership has set another timescale.",
        error_messages={
            "required": "Select at least one agency",
            "invalid_choice": "Select agencies from the list",
        },
    )
    requested_on = date_field(
        "Date of the request (optional)",
        "Date of the request",
        required=False,
        hint="Leave empty for today.",
    )

    def __init__(self, *args: Any, agencies: Iterable[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("agencies", agencies)


class MeetingForm(GovUKForm):
    meeting_on = date_field("Date of the rapid review meeting", "Date of the meeting")


class DecisionForm(GovUKForm):
    decision = choice_field(
        "What did the rapid review decide?",
        RapidReview.Decision.choices,
        "Select the decision",
        radios=True,
    )
    rationale = text_field("Reasons for the decision", noun="the reasons for the decision", rows=5)
    learning = text_field(
        "Learning captured",
        noun="the learning captured",
        required=False,
        rows=5,
        hint="Required when there is to be no LCSPR.",
    )
    review_title = text_field(
        "Title of the LCSPR (optional)",
        noun="the title",
        max_length=200,
        required=False,
        hint="Only for an LCSPR. Leave empty to use the child's pseudonym.",
    )
    decided_on = date_field(
        "Date of the decision (optional)",
        "Date of the decision",
        required=False,
        hint="Leave empty for today.",
    )


class SentToPanelForm(GovUKForm):
    sent_on = date_field(
        "When were the decision and the rapid review report sent to the Panel?",
        "Date sent to the Panel",
    )


class PanelResponseForm(GovUKForm):
    received_on = date_field("When did the Panel respond?", "Date of the Panel's response")
    response = text_field("What the Panel said", noun="what the Panel said", rows=5)


class AgencySummaryForm(GovUKForm):
    involvement = text_field(
        "Your agency's involvement",
        noun="your agency's involvement",
        max_length=20000,
        rows=8,
        hint="What your agency knew and did, with dates, from your own records.",
    )
    analysis = text_field(
        "Analysis of the practice",
        noun="your analysis of the practice",
        max_length=20000,
        rows=8,
        hint="What went well, what did not, and why.",
    )
    immediate_learning = text_field(
        "Immediate learning and actions taken (optional)",
        noun="the immediate learning",
        max_length=20000,
        required=False,
        rows=5,
    )
