"""Forms for serious incidents and pre-discussions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.core.models import Partnership
from masa.reviews.forms_casework.fields import (
    CHILD_AGE_BANDS,
    PickForm,
    SubjectFieldsMixin,
    choice_field,
    date_field,
    incident_label,
    text_field,
    theme_choices,
    themes_field,
    yes_no_field,
)
from masa.reviews.models import Incident, PreDiscussion


class IncidentNotifyForm(SubjectFieldsMixin, PickForm):
    summary = text_field(
        "What happened",
        noun="what happened",
        rows=6,
        hint="Enough for the Panel notification: no names, addresses or dates of birth.",
    )
    aware_on = date_field(
        "When did the local authority become aware?",
        "Date the local authority became aware",
        hint="The Panel must be notified within 5 working days of this date.",
    )
    looked_after = yes_no_field(
        "Was the child looked after?",
        "Select whether the child was looked after",
        hint="If yes, Ofsted and the Secretary of State are told as well.",
    )
    themes = themes_field()

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_subject_fields(CHILD_AGE_BANDS)
        self.pick("themes", theme_choices(partnership))
        self.order_fields(
            [
                "pseudonym",
                "age_band",
                "sex",
                "ethnicity",
                "disability",
                "other_characteristics",
                "aware_on",
                "looked_after",
                "summary",
                "themes",
            ]
        )


class NotificationsForm(GovUKForm):
    """When the Panel, the partners (and for a looked-after child Ofsted and the
    Secretary of State) were told. A date left empty keeps the one held."""

    notified_panel_on = date_field(
        "Child Safeguarding Practice Review Panel notified on", "Panel date", required=False
    )
    partners_told_on = date_field(
        "Safeguarding partners told on", "Date the partners were told", required=False
    )
    notified_ofsted_on = date_field("Ofsted told on", "Ofsted date", required=False)
    notified_sos_on = date_field(
        "Secretary of State told on", "Secretary of State date", required=False
    )

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not incident.looked_after:
            del self.fields["notified_ofsted_on"]
            del self.fields["notified_sos_on"]
        if hasattr(incident, "rapid_review"):
            # The rapid review's clock runs from the Panel notification.
            del self.fields["notified_panel_on"]

    def dates(self) -> dict[str, datetime.date | None]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class PreDiscussionForm(PickForm):
    referral_summary = text_field(
        "The referral",
        noun="a summary of the referral",
        rows=5,
        hint="Why it may not meet the criteria for a rapid review.",
    )
    held_on = date_field("Date of the panel", "Date of the panel")
    attendees = text_field(
        "Who attended (optional)", noun="who attended", max_length=2000, required=False, rows=3
    )
    outcome = choice_field(
        "Outcome", PreDiscussion.Outcome.choices, "Select the outcome", radios=True
    )
    rationale = text_field("Reasons for the outcome", noun="the reasons for the outcome", rows=4)
    incident = forms.ChoiceField(
        label="Serious incident it concerns (optional)",
        required=False,
        widget=forms.Select(attrs={"data-label-size": "s"}),
        error_messages={"invalid_choice": "Select an incident from the list"},
    )

    def __init__(self, *args: Any, incidents: Iterable[Incident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("incident", incidents, incident_label, blank="None")
