"""Small template helpers for GOV.UK markup."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.forms import BoundField
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from masa.core import clocks

register = template.Library()


class ScrollingTableNode(template.Node):
    def __init__(self, label: Any, nodelist: template.NodeList) -> None:
        self.label = label
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        label = self.label.resolve(context)
        return format_html(
            '<div class="masa-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            mark_safe(self.nodelist.render(context)),
        )


@register.tag
def scrolling_table(parser: Any, token: Any) -> ScrollingTableNode:
    """{% scrolling_table "Caption" %}<table>...</table>{% endscrolling_table %}: a table
    wider than the screen scrolls inside its own labelled, focusable box."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scrolling_table takes one argument: its label")
    nodelist = parser.parse(("endscrolling_table",))
    parser.delete_first_token()
    return ScrollingTableNode(parser.compile_filter(bits[1]), nodelist)


@register.filter
def time_of_day(value: datetime.datetime | datetime.time | None) -> str:
    """A time as GOV.UK style writes it: 1:35am, 10am, 5:30pm, midday, midnight
    (a datetime is shown in the local time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if value.minute == 0 and value.hour in {0, 12}:
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


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
