"""Forms for the dashboards: what to show (GET), and whether to prepare it for publication."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms

from masa.core.forms import GovUKForm
from masa.insight import periods
from masa.insight.models import Function
from masa.insight.periods import Period

PUBLISH_HELP = (
    "Only indicators that may be published. Counts of 1 to 4 are shown as [c], and so are "
    "the figures that would give them away."
)


def _publish_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="Prepare for publication", help_text=PUBLISH_HELP, required=False
    )


class PublishForm(GovUKForm):
    """Whether to prepare the figures for publication."""

    publish = _publish_field()

    @property
    def publishing(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["publish"])

    def values(self) -> dict[str, str]:
        return {"publish": "1"} if self.publishing else {}

    def query(self, **extra: str) -> str:
        """The choices as a query string, for links to the same figures (and exports)."""
        return urlencode({**self.values(), **extra})


class ScorecardForm(PublishForm):
    """Which indicators the scorecard shows: a function, a priority, or all."""

    function = forms.ChoiceField(
        label="Function",
        required=False,
        choices=[("", "All functions"), *Function.choices],
        error_messages={"invalid_choice": "Select a function from the list"},
    )
    priority = forms.ChoiceField(
        label="Priority",
        required=False,
        error_messages={"invalid_choice": "Select a priority from the list"},
    )
    field_order = ["function", "priority", "publish"]

    def __init__(self, data: Any, *, priorities: Sequence[tuple[str, str]]) -> None:
        super().__init__(data)
        field = self.fields["priority"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All priorities"), *priorities]

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        chosen = {
            name: self.cleaned_data[name]
            for name in ("function", "priority")
            if self.cleaned_data[name]
        }
        return {**chosen, **super().values()}


class QuarterForm(PublishForm):
    """Which quarter's exceptions to show."""

    quarter = forms.ChoiceField(
        label="Quarter",
        help_text="Financial quarters: Q1 is April to June.",
        error_messages={
            "required": "Select a quarter",
            "invalid_choice": "Select a quarter from the list",
        },
    )
    field_order = ["quarter", "publish"]

    def __init__(self, data: Any, *, quarters: Sequence[Period]) -> None:
        super().__init__(data)
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(q.code, q.label) for q in quarters]

    @property
    def period(self) -> Period:
        return periods.parse(self.cleaned_data["quarter"])

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {"quarter": self.cleaned_data["quarter"], **super().values()}
