"""The dashboards' figures: one loader (`load`) reads every figure from the
`Measurement` fact table, whole financial years and the other parts of a breakdown
together, and applies disclosure control when figures are prepared for publication,
so a figure is hidden the same way on every page that shows it."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Q

from masa.core.models import ChildPopulation, Partnership
from masa.insight import disclosure, periods
from masa.insight.disclosure import Fact, FigureCell, Line
from masa.insight.models import (
    Comparator,
    Function,
    Indicator,
    Measurement,
    Unit,
)
from masa.insight.periods import Period
from masa.insight.rag import (
    Rating,
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
PART = re.compile(r"^(?P<whole>.+)\.(?P<part>[A-Z0-9]{1,4})$")

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
        match = PART.match(indicator.code)
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


def load_figures(
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
