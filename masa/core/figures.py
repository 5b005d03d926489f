"""Figures for pages and exports: financial years and quarters, cells that never divide
by zero, the suppression of small numbers for publication, tables, and accessible bar
charts drawn as SVG with their figures in a table beside them.

Pure functions (and one query expression), shared by every app that shows figures.
English statutory returns run April to March: years are financial years, months are
calendar months and quarters are financial quarters (Q1 is April to June).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, When
from django.db.models import Value as V

LONDON = ZoneInfo("Europe/London")

# --- financial years and quarters -----------------------------------------------------

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def financial_year_of(day: datetime.date) -> int:
    """The financial year `day` falls in, as the year it starts (1 April)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start: int) -> str:
    """`2025` → "2025-26"."""
    return f"{start}-{(start + 1) % 100:02d}"


def parse_year_label(text: str) -> int:
    """ "2025-26" → 2025; ValueError unless the two years follow each other."""
    match = _YEAR_LABEL.match(text.strip())
    if match is None:
        raise ValueError(f"not a financial year: {text!r}")
    start = int(match.group(1))
    if int(match.group(2)) != (start + 1) % 100 or not 1990 <= start <= 2100:
        raise ValueError(f"not a financial year: {text!r}")
    return start


def year_bounds(start: int) -> tuple[datetime.datetime, datetime.datetime]:
    """From 00:00 on 1 April to 00:00 on the next 1 April, UK time."""
    return (
        datetime.datetime(start, 4, 1, tzinfo=LONDON),
        datetime.datetime(start + 1, 4, 1, tzinfo=LONDON),
    )


def month_starts(start: int) -> list[datetime.date]:
    """The first days of the twelve months of a financial year, April first."""
    return [datetime.date(start, month, 1) for month in range(4, 13)] + [
        datetime.date(start + 1, month, 1) for month in range(1, 4)
    ]


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From 00:00 on the first of `month` to 00:00 on the first of the next, UK time."""
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        datetime.datetime(month.year, month.month, 1, tzinfo=LONDON),
        datetime.datetime(following.year, following.month, 1, tzinfo=LONDON),
    )


def financial_quarter(month: int) -> int:
    """The financial quarter (1 to 4) of a calendar month: April to June is Q1."""
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return (month - 4) % 12 // 3 + 1


def month_label(month: datetime.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def quarter_label(start: int, quarter: int) -> str:
    """`(2025, 4)` → "Q4: January to March 2026"."""
    first = month_starts(start)[(quarter - 1) * 3]
    last = month_starts(start)[(quarter - 1) * 3 + 2]
    return (
        f"Q{quarter}: {MONTH_NAMES[first.month - 1]} to {MONTH_NAMES[last.month - 1]} {last.year}"
    )


class Grouping(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True)
class Period:
    """A month or quarter: its label and its months' indexes (0 = April) in the year."""

    label: str
    months: tuple[int, ...]


def periods(start: int, grouping: Grouping) -> list[Period]:
    months = month_starts(start)
    if grouping == Grouping.QUARTER:
        return [
            Period(quarter_label(start, q), tuple(range((q - 1) * 3, q * 3))) for q in (1, 2, 3, 4)
        ]
    return [Period(month_label(month), (i,)) for i, month in enumerate(months)]


# --- cells: counts, percentages and rates, with suppression ---------------------------

SUPPRESSED = "[c]"
NOT_AVAILABLE = "not available"
SUPPRESSION_NOTE = (
    "Prepared for publication: counts of 1 to 4 are shown as [c], and so is any "
    "percentage or rate worked out from such a count, so that no child can be "
    "identified. Zero is shown as 0. So that a hidden count cannot be worked out by "
    "subtracting the others from a total, the next smallest count adding up to the same "
    "total is shown as [c] too."
)


class Kind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"


def is_suppressed(count: int, publish: bool) -> bool:
    """Whether a count is hidden when publishing: 1 to 4 are; 0 and 5 or more are not."""
    return publish and 1 <= count <= 4


def percentage(numerator: int, denominator: int) -> float | None:
    """`numerator` as a percentage of `denominator`; None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return 100 * numerator / denominator


def rate_per_10000(count: int, population: int | None) -> float | None:
    """A count per 10,000 children; None when the child population is not known."""
    if not population or population <= 0:
        return None
    return 10_000 * count / population


@dataclass(frozen=True)
class Cell:
    """One figure in a table: the number, or why it is not shown."""

    kind: Kind
    value: float | None  # None: not available (nothing to divide by, no population)
    suppressed: bool = False

    @property
    def text(self) -> str:
        """As shown on the page: "1,234", "45.5%", "12.3", "[c]" or "not available"."""
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return NOT_AVAILABLE
        if self.kind == Kind.COUNT:
            return f"{int(self.value):,}"
        if self.kind == Kind.PERCENT:
            return f"{self.value:.1f}%"
        return f"{self.value:.1f}"

    @property
    def csv_value(self) -> str:
        """As written to CSV: plain numbers (no thousands separators or % signs)."""
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return NOT_AVAILABLE
        if self.kind == Kind.COUNT:
            return str(int(self.value))
        return f"{self.value:.1f}"

    @property
    def shown(self) -> float | None:
        """The number a chart may draw: None when suppressed or not available."""
        return None if self.suppressed else self.value


def count_cell(count: int, publish: bool) -> Cell:
    return Cell(Kind.COUNT, count, is_suppressed(count, publish))


def percent_cell(numerator: int, denominator: int, publish: bool) -> Cell:
    """A percentage, suppressed when either count it is worked out from is suppressed."""
    value = percentage(numerator, denominator)
    hidden = value is not None and (
        is_suppressed(numerator, publish) or is_suppressed(denominator, publish)
    )
    return Cell(Kind.PERCENT, value, hidden)


def rate_cell(count: int, population: int | None, publish: bool) -> Cell:
    value = rate_per_10000(count, population)
    return Cell(Kind.RATE, value, value is not None and is_suppressed(count, publish))


# --- tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str  # names the table in the CSV and in the page's anchors
    caption: str
    group_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    chart: Chart | None = None


def protect_line(values: Sequence[float | int | None], hidden: Sequence[bool]) -> list[bool]:
    """Secondary suppression of figures that add up to a total that is shown: when
    exactly one is hidden, it could be worked out by subtraction, so the smallest other
    figure shown (the first of equals) is hidden too; a 0 only when there is nothing
    else (hiding a 0 protects nothing: a hidden count is known to be 1 or more). Missing
    figures (None) are neither hidden nor chosen."""
    result = list(hidden)
    present = [i for i, value in enumerate(values) if value is not None]
    if sum(1 for i in present if hidden[i]) != 1:
        return result
    shown = [i for i in present if not hidden[i]]
    shown = [i for i in shown if values[i]] or shown
    if shown:
        smallest = min(shown, key=lambda i: (values[i], i))
        result[smallest] = True
    return result


def protect_totals(
    table: Table,
    totals: Mapping[int, Cell],
    derived: Mapping[int, Sequence[int]] | None = None,
) -> Table:
    """`table` with secondary suppression: each column in `totals` adds up, down its
    rows, to that total (shown here or in another table), so when one of its cells is
    hidden the smallest other is hidden too (`protect_line`). The columns `derived` from
    a column (a percentage worked out from its count) are hidden in the rows where it is.
    A hidden total gives nothing away, so its column is left as it is."""
    derived = derived or {}
    rows = [list(row.cells) for row in table.rows]
    for column, total in totals.items():
        if total.suppressed or total.value is None:
            continue
        cells = [row[column] for row in rows]
        protected = protect_line([c.value for c in cells], [c.suppressed for c in cells])
        for row, cell, hide in zip(rows, cells, protected, strict=True):
            if hide and not cell.suppressed:
                row[column] = replace(cell, suppressed=True)
    for column, worked_out in derived.items():
        for row in rows:
            if not row[column].suppressed:
                continue
            for other in worked_out:
                if row[other].value is not None and not row[other].suppressed:
                    row[other] = replace(row[other], suppressed=True)
    labels = [row.label for row in table.rows]
    pairs = zip(labels, rows, strict=True)
    return replace(table, rows=tuple(Row(label, tuple(cells)) for label, cells in pairs))


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    height: int
    fill: str
    text: str
    text_x: float
    text_y: int


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    y: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart as SVG geometry (drawn with attributes, never styles):
    each group's label on a line of its own, its bars beneath it."""

    title: str
    width: int
    height: int
    groups: tuple[ChartGroup, ...]
    legend: tuple[LegendItem, ...]


# Colours with at least 3:1 contrast against white (WCAG 2.2 non-text contrast).
CHART_FILLS = ("#1d70b8", "#0b0c0c", "#912b88")
CHART_WIDTH = 640
_LABEL = 22  # height of a group's label line
_BAR = 20  # height of one bar's line
_GAP = 10  # space after a group
_VALUE_ROOM = 110  # room to the right of the longest bar for its figure


def bar_chart(title: str, table: Table, columns: Sequence[int]) -> Chart:
    """Bars for some columns of `table`, one group of bars per row.

    Each bar's length is its figure over the largest figure drawn; a suppressed or
    unavailable figure has no bar and its text says why.
    """
    values = [row.cells[c].shown for row in table.rows for c in columns]
    largest = max((v for v in values if v is not None), default=0.0)
    plot_width = CHART_WIDTH - _VALUE_ROOM
    legend = tuple(
        LegendItem(table.columns[c], CHART_FILLS[j % len(CHART_FILLS)], 24 * j, 24 * j + 14)
        for j, c in enumerate(columns)
        if len(columns) > 1
    )
    top = 24 * len(legend) + (8 if legend else 0)
    groups: list[ChartGroup] = []
    for row in table.rows:
        bars: list[Bar] = []
        for j, c in enumerate(columns):
            cell = row.cells[c]
            shown = cell.shown
            length = plot_width * shown / largest if shown and largest > 0 else 0.0
            y = top + _LABEL + j * _BAR
            bars.append(
                Bar(
                    y=y,
                    width=round(length, 1),
                    height=_BAR - 4,
                    fill=CHART_FILLS[j % len(CHART_FILLS)],
                    text=cell.text,
                    text_x=round(length + 6, 1),
                    text_y=y + _BAR - 6,
                )
            )
        groups.append(ChartGroup(label=row.label, label_y=top + _LABEL - 6, bars=tuple(bars)))
        top += _LABEL + _BAR * len(columns) + _GAP
    return Chart(title=title, width=CHART_WIDTH, height=top, groups=tuple(groups), legend=legend)


def month_index_expression(start: int, field: str) -> Case:
    """Which month of the financial year (0 = April) a moment falls in; rows outside
    the year must be filtered out beforehand."""
    return Case(
        *[
            When(**{f"{field}__lt": month_bounds(month)[1]}, then=V(i))
            for i, month in enumerate(month_starts(start))
        ],
        default=V(None),
        output_field=IntegerField(),
    )
