"""The fields every audit form shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from masa.core.forms import GovUKForm

SMALL = {"data-label-size": "s", "data-small": "1"}


def text(
    label: str,
    message: str,
    *,
    rows: int = 0,
    required: bool = True,
    hint: str = "",
    max_length: int = 5000,
) -> forms.CharField:
    attrs: dict[str, Any] = {"data-label-size": "s"}
    widget: forms.Widget = (
        forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs)
    )
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": message,
            "max_length": f"{label} must be {max_length:,} characters or fewer",
            "null_characters_not_allowed": f"{label} must not contain null characters",
        },
    )


def choice(
    label: str,
    choices: Iterable[tuple[str, str]],
    message: str,
    *,
    radios: bool = False,
    required: bool = True,
    hint: str = "",
) -> forms.ChoiceField:
    listed = list(choices)
    widget: forms.Widget = (
        forms.RadioSelect(attrs=SMALL) if radios else forms.Select(attrs={"data-label-size": "s"})
    )
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        required=required,
        choices=listed if radios else [("", "Choose"), *listed],
        widget=widget,
        error_messages={"required": message, "invalid_choice": message},
    )


class PickForm(GovUKForm):
    """A form whose choice fields pick records by key from a known set."""

    def pick(self, name: str, rows: Iterable[Any], label: Any = str, *, blank: str = "") -> None:
        found = {str(row.pk): row for row in rows}
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        first = [("", blank)] if blank else []
        field.choices = [*first, *((key, label(row)) for key, row in found.items())]
        setattr(self, f"_{name}_rows", found)

    def picked(self, name: str) -> Any:
        rows: dict[str, Any] = getattr(self, f"_{name}_rows")
        return rows.get(str(self.cleaned_data.get(name) or ""))

    def picked_all(self, name: str) -> list[Any]:
        rows: dict[str, Any] = getattr(self, f"_{name}_rows")
        return [rows[key] for key in self.cleaned_data.get(name) or [] if key in rows]
