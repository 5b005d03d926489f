"""Forms for highlight reports: the period, then the four sections."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKDateField, GovUKForm


class PeriodForm(GovUKForm):
    period_start = GovUKDateField(label="From", noun="Start of the period")
    period_end = GovUKDateField(label="To", noun="End of the period")


def _section(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20000,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": f"{label} must be 20,000 characters or fewer"},
    )


class HighlightForm(GovUKForm):
    progress = _section("Progress", "What the group did and decided, and the actions completed.")
    exceptions = _section("Exceptions", "What is off track: overdue actions, meetings not quorate.")
    risks = _section("Risks", "Risks the group holds or escalates.")
    asks = _section("Asks", "What the group asks of the group it reports to.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
