"""Reads for the dashboards: the scorecard, indicators' trends and the exceptions of a
quarter, all from the `Measurement` fact table, in a constant number of queries.

Every figure passes through one loader (`_load`), which also applies disclosure
control when figures are prepared for publication: the loader always reads whole
financial years, and the other parts of a breakdown, so a figure is hidden the same
way on every page that shows it. Figures only: nothing here names a person.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.utils.safestring import SafeString

from masa.core.figures import Cell
from masa.core.models import Agency, ChildPopulation, Partnership
from masa.insight import disclosure, periods, selectors
from masa.insight.charts import ChartSeries, Sparkline, sparkline
from masa.insight.disclosure import Fact, FigureCell, Line
from masa.insight.models import (
    Comparator,
    DataReturn,
    Frequency,
    Function,
    Indicator,
    Measurement,
    Polarity,
    Priority,
    Source,
    Unit,
)
from masa.insight.periods import Period
from masa.insight.rag import (
    NOT_KNOWN,
    Direction,
    Judgement,
    Rating,
    change_beyond,
    change_percent,
    direction,
    rating,
)

QUARTERS_SHOWN = 12
YEARS_SHOWN = 5
COMPARATOR_KINDS: tuple[str, ...] = tuple(Comparator.Kind.values)
COMPARATOR_LABELS: dict[str, str] = {k.value: str(k.label) for k in Comparator.Kind}
FUNCTION_ORDER = {value: n for n, value in enumerate(Function.values)}
QUARTERS, YEARS = "quarters", "years"
# A breakdown's part: the same code with a category code after the last dot
# (cin.cpp_initial_category_pct.NEG); its parts may add up to 100%.
_PART = re.compile(r"^(?P<whole>.+)\.(?P<part>[A-Z0-9]{1,4})$")

Key = tuple[int, Period]


# --- figures as shown -----------------------------------------------------------------


@dataclass(eq=False)
class Point:
    """One indicator's figure for one period, as shown. What only some pages show
    (the counts behind it, its rating, comparators) is worked out when first asked."""

    indicator: Indicator
    period: Period
    value: Decimal | None
    cell: FigureCell
    narrative: str
    fact: Fact
    state: disclosure.Hidden | None
    comparator_values: dict[str, Decimal]
    partial: bool = False  # for part of the period only (not ended, or the source began)
    # Comparators of another period shown beside this figure (a year's, beside a quarter).
    comparator_periods: dict[str, Period] = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        return self.cell.suppressed

    @property
    def comparable(self) -> bool:
        """Whether direction of travel and change alerts may use it: shown and whole."""
        return not self.hidden and not self.partial and self.value is not None

    @cached_property
    def numerator(self) -> FigureCell:
        return disclosure.part_cell(self.fact.numerator, bool(self.state and self.state.numerator))

    @cached_property
    def denominator(self) -> FigureCell:
        hidden = bool(self.state and self.state.denominator)
        return disclosure.part_cell(self.fact.denominator, hidden)

    @cached_property
    def rating(self) -> Rating:
        """Red, amber or green; none for a hidden figure (a rating would narrow it down)."""
        if self.hidden:
            return Rating.NONE
        return rating(
            self.value,
            polarity=self.indicator.polarity,
            green_from=self.indicator.green_from,
            red_from=self.indicator.red_from,
        )

    @cached_property
    def comparators(self) -> dict[str, FigureCell]:
        """England, region and statistical neighbours for the same period, as shown."""
        unit = self.indicator.unit
        return {kind: unit_cell(unit, v) for kind, v in self.comparator_values.items()}

    def comparator(self, kind: str) -> FigureCell | None:
        return self.comparators.get(kind)


def unit_cell(unit: str, value: Decimal | float | None) -> FigureCell:
    """A figure in an indicator's unit, never hidden (thresholds, comparators)."""
    return disclosure.figure_cell(Fact(unit, None if value is None else float(value)))


def _whole_years(
    since: datetime.date | None, until: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """Widen a span to whole financial years, so a year and its quarters load together."""

    def year_of(day: datetime.date) -> Period:
        return periods.financial_year(periods.quarter_containing(day).financial_year)

    return (year_of(since).start if since else None, year_of(until).end if until else None)


def _breakdowns(indicators: Iterable[Indicator]) -> dict[str, list[Indicator]]:
    """Percentage indicators grouped by the whole they are parts of (two or more parts)."""
    groups: dict[str, dict[int, Indicator]] = defaultdict(dict)
    for indicator in indicators:
        match = _PART.match(indicator.code)
        if match and indicator.unit == Unit.PERCENT:
            groups[match.group("whole")][indicator.pk] = indicator
    return {whole: list(parts.values()) for whole, parts in groups.items() if len(parts) > 1}


def _lines(facts: Mapping[Key, Fact], indicators: Sequence[Indicator]) -> list[Line[Key]]:
    """What adds up to what: each year's quarters to the year (counts, numerators and
    denominators), and a breakdown's parts to 100% where they do add up to it."""
    result: list[Line[Key]] = []
    quarters_of: dict[Key, list[Key]] = defaultdict(list)
    for key in facts:
        pk, period = key
        if period.is_quarter:
            quarters_of[(pk, periods.financial_year(period.financial_year))].append(key)
    for year_key, quarter_keys in quarters_of.items():
        year = facts.get(year_key)
        if year is None:
            continue
        parts = tuple(sorted(quarter_keys, key=lambda k: k[1]))
        if year.unit == disclosure.COUNT:
            result.append(Line(parts, "value", year_key))
        for name in ("numerator", "denominator"):
            if getattr(year, name) is not None:
                result.append(Line(parts, name, year_key))
    keys_of: dict[int, list[Key]] = defaultdict(list)
    for key in facts:
        keys_of[key[0]].append(key)
    by_period: dict[tuple[str, Period], list[Key]] = defaultdict(list)
    for whole, members in _breakdowns(indicators).items():
        for member in members:
            for key in keys_of[member.pk]:
                by_period[(whole, key[1])].append(key)
    for keys in by_period.values():
        values = [facts[k].value for k in keys]
        present = [v for v in values if v is not None]
        if len(present) > 1 and abs(sum(present) - 100) <= 0.1 * len(present):
            result.append(Line(tuple(keys), "value", None))
    return result


def _load(
    partnership: Partnership,
    indicators: Sequence[Indicator],
    *,
    since: datetime.date | None,
    until: datetime.date | None,
    publish: bool,
    related: Sequence[Indicator] = (),
    years: Sequence[Period] = (),
    comparators: bool = True,
) -> dict[int, dict[Period, Point]]:
    """Every figure of `indicators` from `since` to `until` (None: no limit), and for the
    financial `years`, with comparators, ratings and, when publishing, disclosure control.

    When publishing, the span is widened to whole financial years (a year's figure and
    its quarters are suppressed together) and `related` indicators (the other parts of
    breakdowns) are read for the suppression but not returned. Two queries, three when
    publishing."""
    wanted = {i.pk: i for i in indicators}
    everything = dict(wanted)
    span = Q()
    if publish:
        for whole_parts in _breakdowns([*indicators, *related]).values():
            if any(part.pk in wanted for part in whole_parts):
                everything.update({part.pk: part for part in whole_parts})
        starts = [day for day in (since, *(year.start for year in years)) if day is not None]
        low, high = _whole_years(min(starts) if starts and since else None, until)
        if low is not None:
            span &= Q(period_start__gte=low)
        if high is not None:
            span &= Q(period_end__lte=high)
    else:
        if since is not None:
            span &= Q(period_start__gte=since)
        if until is not None:
            span &= Q(period_end__lte=until)
        if years and span:
            span |= Q(
                period_start__in=[year.start for year in years],
                period_end__in=[year.end for year in years],
            )
    rows = (
        Measurement.objects.filter(span, indicator_id__in=list(everything))
        .order_by()
        .values_list(
            "indicator_id",
            "period_start",
            "period_end",
            "value",
            "numerator",
            "denominator",
            "narrative",
            "partial",
        )
    )
    compared: dict[Key, dict[str, Decimal]] = defaultdict(dict)
    if comparators:
        for pk, start, end, kind, figure in (
            Comparator.objects.filter(span, indicator_id__in=list(wanted))
            .order_by()
            .values_list("indicator_id", "period_start", "period_end", "kind", "value")
        ):
            compared[(pk, Period(start, end))][kind] = figure
    population: dict[int, int] = {}
    if publish:
        population = dict(
            ChildPopulation.objects.filter(partnership=partnership).values_list("year", "children")
        )
    read: list[tuple[int, Period, Decimal | None, str, Fact]] = []
    partial: set[Key] = set()
    for pk, start, end, stored_value, numerator, denominator, narrative, part in rows:
        period = Period(start, end)
        fact = Fact(
            unit=everything[pk].unit,
            value=None if stored_value is None else float(stored_value),
            numerator=numerator,
            denominator=denominator,
            population=population.get(period.financial_year) if publish else None,
        )
        read.append((pk, period, stored_value, narrative, fact))
        if part:
            partial.add((pk, period))
    hidden: dict[Key, disclosure.Hidden] = {}
    if publish:
        facts = {(pk, period): fact for pk, period, _, _, fact in read}
        hidden = disclosure.suppress(facts, _lines(facts, list(everything.values())))
    result: dict[int, dict[Period, Point]] = defaultdict(dict)
    for pk, period, value, narrative, fact in read:
        if pk not in wanted:
            continue
        state = hidden.get((pk, period)) if hidden else None
        result[pk][period] = Point(
            indicator=wanted[pk],
            period=period,
            value=value,
            cell=disclosure.figure_cell(fact, state, partial=(pk, period) in partial),
            narrative=narrative,
            fact=fact,
            state=state,
            comparator_values=dict(compared[(pk, period)]) if compared else {},
            partial=(pk, period) in partial,
        )
    return result


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


def _slots(span: str, last: Period) -> tuple[Period, ...]:
    if span == QUARTERS:
        return tuple(periods.quarters_back(last, QUARTERS_SHOWN))
    start = last.financial_year
    return tuple(periods.financial_year(y) for y in range(start - YEARS_SHOWN + 1, start + 1))


def _span_of(indicator: Indicator, points: Mapping[Period, Point]) -> str:
    """Quarters for a quarterly indicator with quarterly figures; otherwise years (a
    quarterly indicator with only yearly figures is shown by year)."""
    has_quarters = any(p.is_quarter for p in points)
    has_years = any(not p.is_quarter for p in points)
    if indicator.frequency == Frequency.QUARTERLY and (has_quarters or not has_years):
        return QUARTERS
    return YEARS if has_years or not has_quarters else QUARTERS


def _trend(
    indicator: Indicator, points: Mapping[Period, Point], span: str, last: Period, publish: bool
) -> Trend:
    slots = _slots(span, last)
    return Trend(indicator, span, slots, tuple(points.get(p) for p in slots), publish)


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
    span = _span_of(indicator, points)
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
    Four queries, five when publishing.
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
    quarters, years = _slots(QUARTERS, last_quarter), _slots(YEARS, last_year)
    points = _load(
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
    for pk, start, end, kind, value in (
        Comparator.objects.filter(indicator_id__in=list(latest), period_start__lte=newest)
        .order_by()
        .values_list("indicator_id", "period_start", "period_end", "kind", "value")
    ):
        found[pk][Period(start, end)][kind] = value
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


# --- one indicator --------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator: its trend by quarter and by year (either may be empty)."""

    indicator: Indicator
    quarters: Trend | None
    years: Trend | None
    publish: bool

    @property
    def trends(self) -> list[Trend]:
        return [t for t in (self.quarters, self.years) if t is not None]


def siblings(indicator: Indicator, *, publish: bool) -> list[Indicator]:
    """The other parts of the breakdown `indicator` is part of (none when not publishing:
    they only matter to disclosure control)."""
    match = _PART.match(indicator.code)
    if not publish or match is None:
        return []
    return list(
        Indicator.objects.filter(
            partnership_id=indicator.partnership_id,
            code__startswith=match.group("whole") + ".",
            is_active=True,
            publishable=True,
        ).exclude(pk=indicator.pk)
    )


def indicator_figures(
    indicator: Indicator, *, publish: bool = False, to: Period | None = None
) -> IndicatorFigures:
    """Every figure of one indicator, as its last 12 quarters and last 5 years (up to
    `to`, when given, for whichever span it names)."""
    points = _load(
        indicator.partnership,
        [indicator],
        since=None,
        until=None,
        publish=publish,
        related=siblings(indicator, publish=publish),
    ).get(indicator.pk, {})
    trends: dict[str, Trend | None] = {}
    for span, is_quarter in ((QUARTERS, True), (YEARS, False)):
        own = {p: point for p, point in points.items() if p.is_quarter == is_quarter}
        last = to if to is not None and to.is_quarter == is_quarter else None
        if last is None and own:
            last = max(own)
        trends[span] = _trend(indicator, own, span, last, publish) if last else None
    return IndicatorFigures(indicator, trends[QUARTERS], trends[YEARS], publish)


def priorities_of(indicator: Indicator) -> list[str]:
    return list(indicator.priorities.order_by("order", "name").values_list("name", flat=True))


# --- exceptions -----------------------------------------------------------------------

RED, CHANGE, MISSING = "red", "change", "missing"
EXCEPTION_LABELS = {
    RED: "Outside tolerance",
    CHANGE: "Change beyond threshold",
    MISSING: "Missing return",
}


@dataclass(frozen=True)
class ExceptionItem:
    """One thing needing the subgroup's attention, and why, in words."""

    kind: str
    title: str
    period: Period
    reason: str
    indicator: Indicator | None = None
    agency: Agency | None = None

    @property
    def label(self) -> str:
        return EXCEPTION_LABELS[self.kind]


@dataclass(frozen=True)
class Exceptions:
    quarter: Period
    items: tuple[ExceptionItem, ...]
    deadline: datetime.date
    publish: bool

    def of(self, kind: str) -> list[ExceptionItem]:
        return [item for item in self.items if item.kind == kind]


def _red_reason(indicator: Indicator, point: Point) -> str:
    assert indicator.red_from is not None
    line = unit_cell(indicator.unit, indicator.red_from).text
    way = "at or below" if indicator.polarity == Polarity.HIGHER else "at or above"
    better = "higher" if indicator.polarity == Polarity.HIGHER else "lower"
    return (
        f"{point.cell.text} in {point.period.short_label} is {way} the red line of {line} "
        f"({better} is better)."
    )


def _change_reason(indicator: Indicator, point: Point, previous: Point) -> str:
    """Why a change is an exception. A percentage's change is said in percentage points
    (its relative change, which the threshold is, is labelled as such); other figures'
    change is relative."""
    threshold = f"{indicator.change_alert_percent:.1f}%"
    travel = direction(point.value, previous.value, polarity=indicator.polarity)
    judged = (
        f" ({travel.judgement.label.lower()})"
        if travel.judgement in (Judgement.BETTER, Judgement.WORSE)
        else ""
    )
    change = change_percent(point.value, previous.value)
    was, now = previous.period.short_label, point.period.short_label
    way = travel.movement.label
    if change is None:
        return (
            f"Up from 0 in {was} to {point.cell.text} in {now}{judged}: "
            "any change from 0 is an exception."
        )
    moved = f"{way} from {previous.cell.text} in {was} to {point.cell.text} in {now}{judged}"
    if indicator.unit == Unit.PERCENT:
        points = abs(float(point.value or 0) - float(previous.value or 0))
        return (
            f"{way} {points:.1f} percentage point{'' if points == 1 else 's'}"
            f"{moved.removeprefix(way)}: a relative change of {abs(change):.1f}%, more than "
            f"the {threshold} relative change that is an exception for this indicator."
        )
    return (
        f"{way} {abs(change):.1f}%{moved.removeprefix(way)}: more than the {threshold} "
        "change that is an exception for this indicator."
    )


def exceptions(
    partnership: Partnership, quarter: Period, *, today: datetime.date, publish: bool = False
) -> Exceptions:
    """What needs the subgroup's attention for `quarter`: figures outside tolerance (red),
    changes beyond an indicator's threshold since the period before, and agencies' returns
    missing after the deadline. Yearly figures count in the quarter their year ends."""
    universe = active_indicators(partnership, publish=publish)
    points = _load(
        partnership,
        universe,
        since=periods.financial_year(quarter.financial_year - 1).start,
        until=quarter.end,
        publish=publish,
        related=universe,
    )
    items: list[ExceptionItem] = []
    changes: list[ExceptionItem] = []
    for indicator in universe:
        own = points.get(indicator.pk, {})
        span = _span_of(indicator, own)
        if span == QUARTERS:
            period = quarter
        elif quarter.quarter == 4:
            period = periods.financial_year(quarter.financial_year)
        else:
            continue
        point = own.get(period)
        if point is None or not point.comparable:
            continue
        if point.rating == Rating.RED:
            items.append(
                ExceptionItem(RED, indicator.name, period, _red_reason(indicator, point), indicator)
            )
        previous = own.get(period.previous())
        if (
            previous is not None
            and previous.comparable
            and not _small_numbers(point, previous)
            and change_beyond(point.value, previous.value, indicator.change_alert_percent)
        ):
            changes.append(
                ExceptionItem(
                    CHANGE,
                    indicator.name,
                    period,
                    _change_reason(indicator, point, previous),
                    indicator,
                )
            )
    deadline = selectors.return_deadline(partnership, quarter)
    return Exceptions(
        quarter,
        tuple(items + changes + _missing(partnership, quarter, deadline, today)),
        deadline,
        publish,
    )


def _missing(
    partnership: Partnership, quarter: Period, deadline: datetime.date, today: datetime.date
) -> list[ExceptionItem]:
    """Agencies that owe a quarterly return and have submitted nothing for `quarter`, once
    its deadline has passed (the completeness page's "overdue")."""
    if today <= deadline:
        return []
    owing = selectors.owing_agencies(partnership)
    owed = dict(
        Indicator.objects.filter(
            partnership=partnership,
            is_active=True,
            source=Source.RETURN,
            frequency=Frequency.QUARTERLY,
            agency__in=owing,
        )
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    versions = dict(
        DataReturn.objects.filter(partnership=partnership, period_start=quarter.start)
        .order_by()
        .values_list("agency_id", "version")
    )
    late = (today - deadline).days
    items = []
    for agency in owing:
        if versions.get(agency.pk, 0) > 0:
            continue
        count = owed.get(agency.pk, 0)
        draft = " A draft has been started but not submitted." if agency.pk in versions else ""
        items.append(
            ExceptionItem(
                MISSING,
                agency.name,
                quarter,
                (
                    f"No return for {quarter.label}. It was due by {deadline.day} "
                    f"{deadline:%B %Y} and is {late} day{'s' if late != 1 else ''} overdue. "
                    f"{agency.name} returns {count} indicator{'s' if count != 1 else ''} each "
                    f"quarter.{draft}"
                ),
                agency=agency,
            )
        )
    return items


def _small_numbers(point: Point, previous: Point) -> bool:
    """A change between figures built on fewer than 10 cases is noise, not an exception:
    "numbers are small, and any small increase/decrease will have an effect on the
    percentage" (seed 001). Counts below 10 on both sides, or a percentage whose base is
    below 10 on either side, raise no change exception."""
    base = disclosure.UNRELIABLE_BASE
    if point.fact.unit == Unit.COUNT:
        return max(abs(float(point.value or 0)), abs(float(previous.value or 0))) < base
    return any(
        fact.denominator is not None and fact.denominator < base
        for fact in (point.fact, previous.fact)
    )


def exception_quarters(partnership: Partnership, today: datetime.date) -> list[Period]:
    """Quarters to choose from, latest first: the last 8 that have ended, and any other
    quarter with figures."""
    last = periods.last_ended_quarter(today)
    chosen = set(periods.quarters_back(last, 8))
    for start, end in (
        Measurement.objects.filter(partnership=partnership)
        .order_by()
        .values_list("period_start", "period_end")
        .distinct()
    ):
        period = Period(start, end)
        if period.is_quarter:
            chosen.add(period)
    return sorted(chosen, reverse=True)


# --- the index ------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardLink:
    slug: str
    name: str
    indicators: int


@dataclass(frozen=True)
class DashboardIndex:
    functions: tuple[DashboardLink, ...]
    priorities: tuple[DashboardLink, ...]
    platform_computed_at: datetime.datetime | None


def dashboard_index(partnership: Partnership) -> DashboardIndex:
    """A dashboard per function and per priority, with how many indicators each has."""
    counts = dict(
        Indicator.objects.filter(partnership=partnership, is_active=True)
        .order_by()
        .values("function")
        .annotate(n=Count("pk"))
        .values_list("function", "n")
    )
    functions = tuple(
        DashboardLink(f.value, str(f.label), counts.get(f.value, 0)) for f in Function
    )
    priorities = tuple(
        DashboardLink(slug, name, n)
        for slug, name, n in Priority.objects.filter(partnership=partnership)
        .annotate(n=Count("indicators", filter=Q(indicators__is_active=True)))
        .values_list("slug", "name", "n")
    )
    computed = Measurement.objects.filter(
        partnership=partnership, source__in=[Source.FRONT_DOOR, Source.LEARNING]
    ).aggregate(at=Max("computed_at"))["at"]
    return DashboardIndex(functions, priorities, computed)


__all__ = [
    "COMPARATOR_KINDS",
    "COMPARATOR_LABELS",
    "Cell",
    "DashboardIndex",
    "ExceptionItem",
    "Exceptions",
    "IndicatorFigures",
    "Point",
    "ScoreLine",
    "Scorecard",
    "Section",
    "Trend",
    "active_indicators",
    "dashboard_index",
    "exception_quarters",
    "exceptions",
    "indicator_figures",
    "priorities_of",
    "scorecard",
    "unit_cell",
]
