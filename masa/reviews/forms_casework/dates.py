"""The form that corrects a recorded date, with the reason."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.reviews.forms_casework.fields import date_field, text_field
from masa.reviews.models import DateCorrection


class DateCorrectionForm(GovUKForm):
    """Correct a date recorded on an incident, its rapid review or a review, with the
    reason. Only the dates already recorded are offered."""

    field = forms.ChoiceField(
        label="Which date is wrong?",
        widget=forms.RadioSelect(attrs={"data-label-size": "m"}),
        error_messages={
            "required": "Select the date to correct",
            "invalid_choice": "Select a date from the list",
        },
    )
    new_on = date_field("The correct date", "The correct date")
    reason = text_field(
        "Why is it being corrected?",
        noun="the reason for the correction",
        max_length=2000,
        rows=3,
        hint="For example, the letter was drafted that day but sent the next.",
    )

    def __init__(
        self, *args: Any, recorded: Mapping[str, datetime.date | None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (name, f"{DateCorrection.Field(name).label}: {day:%-d %B %Y}")
            for name, day in recorded.items()
            if day is not None
        ]
