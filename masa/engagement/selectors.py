"""Reads of the engagement log: entries, counts by who was heard and how (a table with
its chart), and "you said, we did" by priority and financial year."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from masa.core.acting import Acting
from masa.core.figures import (
    Cell,
    Kind,
    Row,
    Table,
    bar_chart,
    financial_year_of,
    year_bounds,
    year_label,
)
from masa.engagement import policies
from masa.engagement.models import Entry, Group, Method


def entries(*, acting: Acting) -> QuerySet[Entry]:
    return policies.entries.visible(acting, "view").select_related("priority")


def years(*, acting: Acting) -> list[int]:
    days = entries(acting=acting).values_list("happened_on", flat=True)
    return sorted({financial_year_of(day) for day in days}, reverse=True)


def in_year(records: QuerySet[Entry], year: int) -> QuerySet[Entry]:
    start, end = year_bounds(year)
    return records.filter(happened_on__gte=start.date(), happened_on__lt=end.date())


def counts(*, acting: Acting, year: int) -> Table:
    """Entries in the year by who was heard (rows) and how (columns), with totals; a
    chart of the totals beside it."""
    tally = Counter(in_year(entries(acting=acting), year).values_list("group", "method"))
    columns = (*[label for _, label in Method.choices], "All")
    rows = []
    for group, label in Group.choices:
        cells = [tally[(group, method)] for method, _ in Method.choices]
        rows.append(Row(label, tuple(Cell(Kind.COUNT, n) for n in (*cells, sum(cells)))))
    per_method = [sum(tally[(g, m)] for g, _ in Group.choices) for m, _ in Method.choices]
    rows.append(Row("All", tuple(Cell(Kind.COUNT, n) for n in (*per_method, sum(per_method)))))
    table = Table(
        key="engagement-counts",
        caption=f"Engagement in {year_label(year)} by who was heard and how",
        group_heading="Who was heard",
        columns=columns,
        rows=tuple(rows),
    )
    chart_table = Table(
        key=table.key,
        caption=table.caption,
        group_heading=table.group_heading,
        columns=columns,
        rows=tuple(rows[:-1]),
    )
    return Table(
        key=table.key,
        caption=table.caption,
        group_heading=table.group_heading,
        columns=columns,
        rows=table.rows,
        chart=bar_chart(
            f"Engagement in {year_label(year)} by who was heard", chart_table, [len(columns) - 1]
        ),
    )


@dataclass(frozen=True)
class Heading:
    title: str
    entries: tuple[Entry, ...]


def you_said_we_did(*, acting: Acting, year: int) -> list[Heading]:
    """The year's entries that changed something, under their priority (or "Other
    work"), priorities in plan order."""
    grouped: dict[str, list[Entry]] = defaultdict(list)
    order: dict[str, tuple[int, str]] = {}
    for entry in (
        in_year(entries(acting=acting), year).exclude(changed="").order_by("happened_on", "pk")
    ):
        if entry.priority is not None:
            title = str(entry.priority)
            order[title] = (0, f"{entry.priority.number:04d} {title}")
        else:
            title = "Other work"
            order[title] = (1, title)
        grouped[title].append(entry)
    return [Heading(t, tuple(grouped[t])) for t in sorted(grouped, key=lambda t: order[t])]
