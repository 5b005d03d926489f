"""Keyset pagination: a page starts after (or ends before) a given row, found by its
key, so page 500 costs what page 1 does (issue 19). OFFSET paging reads and throws
away every skipped row; a keyset page seeks in the index to the row it follows.

A cursor is the primary key of the row the page follows (`after`) or precedes
(`before`); its ordering values are read from the database, so a cursor is a plain
number in the address and a stale or made-up one only brings the first page back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    after: int | None  # the cursor of the next page, if there is one
    before: int | None  # the cursor of the previous page, if there is one

    @property
    def has_other_pages(self) -> bool:
        return self.after is not None or self.before is not None


def _cursor(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _beyond(order: Sequence[str], values: Mapping[str, Any], *, forwards: bool) -> Q | None:
    """Rows after the row with `values` in `order` (or before it when not `forwards`):
    the row comparison spelled out as ORs, with a range on the first column so the
    database can seek to it."""
    if any(values[name.lstrip("-")] is None for name in order):
        return None
    condition = Q()
    equal = Q()
    for name in order:
        field = name.lstrip("-")
        later = name.startswith("-") != forwards  # ascending and forwards: greater
        condition |= equal & Q(**{f"{field}__{'gt' if later else 'lt'}": values[field]})
        equal &= Q(**{field: values[field]})
    first = order[0].lstrip("-")
    seek = "gte" if order[0].startswith("-") != forwards else "lte"
    return Q(**{f"{first}__{seek}": values[first]}) & condition


def page(
    records: QuerySet[M],
    order: Sequence[str],
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> Page[M]:
    """A page of `records` in `order` (names, "-" for descending, ending with a unique
    one such as "pk"), following the row `after` or preceding the row `before`."""
    key = _cursor(after) or _cursor(before)
    forwards = _cursor(after) is not None or key is None
    condition = None
    if key is not None:
        fields = [name.lstrip("-") for name in order]
        values = records.filter(pk=key).values(*fields).first()
        condition = _beyond(order, values, forwards=forwards) if values else None
    if condition is None:  # the first page
        rows = list(records.order_by(*order)[: size + 1])
        return Page(rows[:size], rows[size - 1].pk if len(rows) > size else None, None)
    if forwards:
        rows = list(records.filter(condition).order_by(*order)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return Page(rows, rows[-1].pk if more and rows else None, rows[0].pk if rows else None)
    backwards = [name[1:] if name.startswith("-") else f"-{name}" for name in order]
    rows = list(records.filter(condition).order_by(*backwards)[: size + 1])
    more = len(rows) > size
    rows = rows[:size][::-1]
    return Page(rows, rows[-1].pk if rows else None, rows[0].pk if more and rows else None)
