"""The scorecard: every indicator in use (of a function or priority), with its
latest figure, rating, direction of travel and comparators."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Max, Q
from django.utils.safestring import SafeString

from masa.core.models import Partnership
from masa.insight import periods
from masa.insight.charts import Sparkline, sparkline
from masa.insight.dashboards.figures import (
    COMPARATOR_KINDS,
    COMPARATOR_LABELS,
    FUNCTION_ORDER,
    QUARTERS,
    YEARS,
    Point,
    load_figures,
)
from masa.insight.dashboards.trends import Trend, periods_shown, span_of
from masa.insight.models import (
    Comparator,
    Function,
    Indicator,
    Measurement,
    Priority,
)
from masa.insight.periods import Period
from masa.insight.rag import (
    NOT_KNOWN,
    Direction,
    direction,
)

# --- the scorecard --------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    """A scorecard row in words, as the page shows it: worked out once, so the template
    looks each cell up once (the scorecard is the busiest page of the dashboards)."""

    period: str
    figure: str
    flag: str
    rating: str
    rating_tag: str
    arrow: str
    direction: str  # the way the figure went: "Up", "Down", "No change", "Not known"
    judgement: str  # "Better", "Worse", "Neither better nor worse" or "Not known"
    judgement_symbol: str
    judgement_tag: str
    comparators: tuple[str, ...]
    sparkline: SafeString | str
    words: str


@dataclass(frozen=True)
class ScoreLine:
    """One indicator on the scorecard: its latest figure and how it got there."""

    indicator: Indicator
    latest: Point | None
    previous: Point | None
    direction: Direction
    trend: Trend
    sparkline: Sparkline | None
    sparkline_text: str = ""

    @cached_property
    def row(self) -> ScoreRow | None:
        """The cells of its row on the page (None when it has no figures yet)."""
        point = self.latest
        if point is None:
            return None
        return ScoreRow(
            period=point.period.short_label,
            figure=point.cell.text,
            flag=point.cell.flag,
            rating=point.rating.label,
            rating_tag=point.rating.tag,
            arrow=self.direction.arrow,
            direction=self.direction.movement.label,
            judgement=self.direction.judgement.label,
            judgement_symbol=self.direction.judgement.symbol,
            judgement_tag=self.direction.judgement.tag,
            comparators=tuple(f"{label}: {text}" for label, text in self.comparator_texts),
            sparkline=self.sparkline.svg() if self.sparkline else "",
            words=self.sparkline_text,
        )

    @property
    def comparator_texts(self) -> list[tuple[str, str]]:
        """The comparators there are for the latest period: (England, "45.0%")..., or,
        beside a quarter, the latest year's, labelled with it: (England 2025-26, "45.0%")."""
        if self.latest is None:
            return []
        return [
            (comparator_label(self.latest, kind), self.latest.comparators[kind].text)
            for kind in COMPARATOR_KINDS
            if kind in self.latest.comparators
        ]


def comparator_label(point: Point, kind: str) -> str:
    """ "England", or "England 2025-26" when the comparator is of another period."""
    other = point.comparator_periods.get(kind)
    label = COMPARATOR_LABELS[kind]
    return f"{label} {other.code}" if other is not None else label


def _words(trend: Trend, labels: Mapping[Period, str]) -> str:
    """A sparkline's figures in words, for screen readers (and the exports)."""

    def said(point: Point | None) -> str:
        if point is None:
            return "no figure"
        flag = point.cell.flag
        return f"{point.cell.text} ({flag})" if flag else point.cell.text

    shown = [
        f"{labels[period]}: {said(point)}"
        for period, point in zip(trend.periods, trend.points, strict=True)
    ]
    return f"Last {len(shown)} {trend.span}: " + "; ".join(shown)


@dataclass(frozen=True)
class Section:
    function: str
    label: str
    lines: tuple[ScoreLine, ...]


@dataclass(frozen=True)
class Scorecard:
    partnership: Partnership
    sections: tuple[Section, ...]
    publish: bool
    quarters: tuple[Period, ...]
    years: tuple[Period, ...]

    @property
    def lines(self) -> list[ScoreLine]:
        return [line for section in self.sections for line in section.lines]

    @property
    def as_at(self) -> Period | None:
        return self.quarters[-1] if self.quarters else None


def _score_line(
    indicator: Indicator,
    points: Mapping[Period, Point],
    slots: Mapping[str, tuple[Period, ...]],
    labels: Mapping[Period, str],
    publish: bool,
) -> ScoreLine:
    span = span_of(indicator, points)
    own = {p: point for p, point in points.items() if p.is_quarter == (span == QUARTERS)}
    trend = Trend(indicator, span, slots[span], tuple(own.get(p) for p in slots[span]), publish)
    # The latest whole figure (a partial one only when there is no other), compared
    # with the whole figure of the period before: never with a partial or missing one.
    whole = [p for p, point in own.items() if not point.partial]
    latest = own[max(whole or own)] if own else None
    previous = own.get(latest.period.previous()) if latest else None
    if latest is None or previous is None or not latest.comparable or not previous.comparable:
        travel = NOT_KNOWN
    else:
        travel = direction(latest.value, previous.value, polarity=indicator.polarity)
    drawn = sparkline([p.cell.shown if p else None for p in trend.points])
    return ScoreLine(indicator, latest, previous, travel, trend, drawn, _words(trend, labels))


def active_indicators(partnership: Partnership, *, publish: bool) -> list[Indicator]:
    """The partnership's catalogue in use (only what may be published, when publishing)."""
    indicators = Indicator.objects.filter(partnership=partnership, is_active=True)
    if publish:
        indicators = indicators.filter(publishable=True)
    return sorted(indicators, key=lambda i: (FUNCTION_ORDER.get(i.function, 99), i.order, i.name))


def scorecard(
    partnership: Partnership,
    *,
    function: str | None = None,
    priority: Priority | None = None,
    publish: bool = False,
    trends: bool = False,
) -> Scorecard:
    """Every active indicator's latest figure, rating, direction of travel, comparators,
    sparkline and narrative, grouped by function; filtered by function or priority.

    The sparklines cover the 12 quarters (or 5 financial years, for yearly indicators)
    up to the latest quarter with any figure. Comparators are read for the latest
    figures only, or for every period of the trends when `trends` (for their charts).
    Four or five queries (the fifth when a quarter lacks a comparator of its own), one
    more when publishing.
    """
    universe = active_indicators(partnership, publish=publish)
    shown = [i for i in universe if function is None or i.function == function]
    if priority is not None:
        serving = set(priority.indicators.values_list("pk", flat=True))
        shown = [i for i in shown if i.pk in serving]
    # Up to the latest whole figure: a year to date does not move the scorecard on to a
    # quarter that has not ended.
    ends: dict[str, datetime.date | None] = (
        Measurement.objects.filter(indicator_id__in=[i.pk for i in shown]).aggregate(
            whole=Max("period_end", filter=Q(partial=False)), any=Max("period_end")
        )
        if shown
        else {}
    )
    latest_end = ends.get("whole") or ends.get("any")
    if latest_end is None:
        lines = [ScoreLine(i, None, None, NOT_KNOWN, _empty_trend(i, publish), None) for i in shown]
        return Scorecard(partnership, _sections(lines), publish, (), ())
    last_quarter = periods.quarter_containing(latest_end)
    last_year = periods.financial_year(last_quarter.financial_year)
    if last_year.end > latest_end:
        last_year = last_year.previous()
    quarters, years = periods_shown(QUARTERS, last_quarter), periods_shown(YEARS, last_year)
    points = load_figures(
        partnership,
        shown,
        since=quarters[0].start,
        until=last_quarter.end,
        publish=publish,
        related=universe,
        years=years,
        comparators=trends,
    )
    slots = {QUARTERS: quarters, YEARS: years}
    labels = {period: period.short_label for period in (*quarters, *years)}
    lines = [_score_line(i, points.get(i.pk, {}), slots, labels, publish) for i in shown]
    sections = _sections(_with_latest_comparators(lines))
    return Scorecard(partnership, sections, publish, quarters, years)


def _with_latest_comparators(lines: Sequence[ScoreLine]) -> list[ScoreLine]:
    """The lines with the comparators of their latest figures, in one query. Comparators
    are published by year: beside a quarter with none of its own, the latest year's up
    to that quarter (labelled with its year, `Point.comparator_periods`)."""
    latest = {line.indicator.pk: line.latest for line in lines if line.latest}
    if not latest:
        return list(lines)
    newest = max(point.period.end for point in latest.values())
    found: dict[int, dict[Period, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))

    def read(rows: Q, indicators: list[int]) -> None:
        for pk, start, end, kind, value in (
            Comparator.objects.filter(rows, indicator_id__in=indicators)
            .order_by()
            .values_list("indicator_id", "period_start", "period_end", "kind", "value")
        ):
            found[pk][Period(start, end)][kind] = value

    # The latest periods' own comparators first (a few distinct periods); then, only for
    # quarters lacking some kind, every earlier comparator, to find the latest year's.
    # Reading every comparator of every indicator was half the scorecard's time.
    exact = Q()
    for period in {point.period for point in latest.values()}:
        exact |= Q(period_start=period.start, period_end=period.end)
    read(exact, list(latest))
    lacking = [
        pk
        for pk, point in latest.items()
        if point.period.is_quarter
        and any(kind not in found[pk].get(point.period, {}) for kind in COMPARATOR_KINDS)
    ]
    if lacking:
        read(Q(period_start__lte=newest), lacking)
    for pk, point in latest.items():
        own = found[pk]
        for kind, value in own.get(point.period, {}).items():
            point.comparator_values.setdefault(kind, value)
        if not point.period.is_quarter:
            continue
        years = sorted(
            (p for p in own if not p.is_quarter and p.start <= point.period.end), reverse=True
        )
        for kind in COMPARATOR_KINDS:
            if kind in point.comparator_values:
                continue
            year = next((y for y in years if kind in own[y]), None)
            if year is not None:
                point.comparator_values[kind] = own[year][kind]
                point.comparator_periods[kind] = year
        point.__dict__.pop("comparators", None)  # worked out again with the year's
    return list(lines)


def _empty_trend(indicator: Indicator, publish: bool) -> Trend:
    return Trend(indicator, QUARTERS, (), (), publish)


def _sections(lines: Sequence[ScoreLine]) -> tuple[Section, ...]:
    by_function: dict[str, list[ScoreLine]] = defaultdict(list)
    for line in lines:
        by_function[line.indicator.function].append(line)
    labels = dict(Function.choices)
    return tuple(
        Section(function, str(labels.get(function, function)), tuple(items))
        for function, items in sorted(by_function.items(), key=lambda kv: FUNCTION_ORDER[kv[0]])
    )
