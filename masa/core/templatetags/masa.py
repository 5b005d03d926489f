"""Small template helpers for GOV.UK markup."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

from masa.core import clocks

register = template.Library()


@register.filter
def character_limit(field: BoundField) -> int | None:
    """The most characters a text box takes, for the GOV.UK character count."""
    classes = field.field.widget.attrs.get("class", "")
    limit = getattr(field.field, "max_length", None)
    return limit if "govuk-js-character-count" in classes and limit else None


@register.filter
def intcomma_plain(value: int) -> str:
    """1,000 rather than 1000 (without django.contrib.humanize's locale rules)."""
    return f"{value:,}"


@register.filter
def label_size(field: BoundField) -> str:
    """The label size a field asked for with widget attribute data-label-size (s, m, l)."""
    return str(field.field.widget.attrs.get("data-label-size", ""))


@register.filter
def legend_size(field: BoundField) -> str:
    """The legend size of a group of radios or checkboxes: medium unless asked otherwise."""
    return label_size(field) or "m"


@register.filter
def is_small(field: BoundField) -> bool:
    return bool(field.field.widget.attrs.get("data-small"))


@register.inclusion_tag("govuk/status_tag.html")
def status_tag(status: clocks.TimescaleStatus | None) -> dict[str, Any]:
    """A GOV.UK tag for a timescale status (due, due soon, overdue, met in time, met late)."""
    return {"status": status}
