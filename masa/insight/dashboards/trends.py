"""Trends: an indicator's figures over the quarters or years shown, with its
comparators, as a table and a chart."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from masa.insight import periods
from masa.insight.charts import ChartSeries
from masa.insight.dashboards.figures import (
    COMPARATOR_KINDS,
    COMPARATOR_LABELS,
    QUARTERS,
    QUARTERS_SHOWN,
    YEARS,
    YEARS_SHOWN,
    Point,
)
from masa.insight.models import (
    Frequency,
    Indicator,
)
from masa.insight.periods import Period

# --- trends ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """An indicator's figures over consecutive periods (quarters or years), oldest first,
    with a gap (None) where there is no figure: what a chart draws and its table shows."""

    indicator: Indicator
    span: str
    periods: tuple[Period, ...]
    points: tuple[Point | None, ...]
    publish: bool

    @property
    def by(self) -> str:
        return "quarter" if self.span == QUARTERS else "financial year"

    @property
    def comparator_kinds(self) -> tuple[str, ...]:
        """The comparators with at least one figure in the trend."""
        return tuple(
            kind
            for kind in COMPARATOR_KINDS
            if any(p is not None and kind in p.comparators for p in self.points)
        )

    @property
    def has_figures(self) -> bool:
        return any(p is not None for p in self.points)

    @property
    def query(self) -> str:
        """The chart's query string: the same span and periods, and publication."""
        if not self.periods:
            return ""
        values = {"span": self.span, "to": self.periods[-1].code}
        if self.publish:
            values["publish"] = "1"
        return urlencode(values)

    @property
    def key(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"{self.indicator.code}-{self.span}".lower())

    @property
    def alt(self) -> str:
        first, last = self.periods[0].short_label, self.periods[-1].short_label
        comparators = [COMPARATOR_LABELS[k] for k in self.comparator_kinds]
        text = f"Line chart of {self.indicator.name} by {self.by}, {first} to {last}"
        if comparators:
            text += ", with " + _and(comparators)
        return text + ". The figures are in the table beside the chart."

    def series(self, partnership_name: str) -> list[ChartSeries]:
        """The partnership's line and one per comparator with figures."""
        lines = [
            ChartSeries(partnership_name, tuple(p.cell.shown if p else None for p in self.points))
        ]
        for kind in COMPARATOR_KINDS:
            values = tuple(
                (p.comparators[kind].value if p and kind in p.comparators else None)
                for p in self.points
            )
            lines.append(ChartSeries(COMPARATOR_LABELS[kind], values))
        return lines

    @property
    def labels(self) -> list[str]:
        """The chart's period labels, "(partial)" after a part period's (drawn as a gap)."""
        return [
            f"{period.short_label} (partial)" if point and point.partial else period.short_label
            for period, point in zip(self.periods, self.points, strict=True)
        ]

    def rows(self) -> list[tuple[Period, Point | None]]:
        return list(zip(self.periods, self.points, strict=True))

    @property
    def comparator_headings(self) -> tuple[str, ...]:
        return tuple(COMPARATOR_LABELS[kind] for kind in self.comparator_kinds)

    @property
    def table(self) -> list[TrendRow]:
        """The rows of the table beside the chart, comparators in `comparator_kinds` order."""
        kinds = self.comparator_kinds
        return [
            TrendRow(
                period,
                point,
                tuple(
                    (point.comparators[k].text if k in point.comparators else "not available")
                    if point
                    else ""
                    for k in kinds
                ),
            )
            for period, point in self.rows()
        ]


@dataclass(frozen=True)
class TrendRow:
    period: Period
    point: Point | None
    comparators: tuple[str, ...]


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def periods_shown(span: str, last: Period) -> tuple[Period, ...]:
    if span == QUARTERS:
        return tuple(periods.quarters_back(last, QUARTERS_SHOWN))
    start = last.financial_year
    return tuple(periods.financial_year(y) for y in range(start - YEARS_SHOWN + 1, start + 1))


def span_of(indicator: Indicator, points: Mapping[Period, Point]) -> str:
    """Quarters for a quarterly indicator with quarterly figures; otherwise years (a
    quarterly indicator with only yearly figures is shown by year)."""
    has_quarters = any(p.is_quarter for p in points)
    has_years = any(not p.is_quarter for p in points)
    if indicator.frequency == Frequency.QUARTERLY and (has_quarters or not has_years):
        return QUARTERS
    return YEARS if has_years or not has_quarters else QUARTERS


def trend_of(
    indicator: Indicator, points: Mapping[Period, Point], span: str, last: Period, publish: bool
) -> Trend:
    slots = periods_shown(span, last)
    return Trend(indicator, span, slots, tuple(points.get(p) for p in slots), publish)
