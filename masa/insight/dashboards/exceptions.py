"""The exceptions of a quarter: figures at red, changes beyond the indicator's alert,
and returns missing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count

from masa.core.models import Agency, Partnership
from masa.insight import disclosure, periods, selectors
from masa.insight.dashboards.figures import QUARTERS, Point, load_figures, unit_cell
from masa.insight.dashboards.scorecard import active_indicators
from masa.insight.dashboards.trends import span_of
from masa.insight.models import (
    DataReturn,
    Frequency,
    Indicator,
    Measurement,
    Polarity,
    Source,
    Unit,
)
from masa.insight.periods import Period
from masa.insight.rag import (
    Judgement,
    Rating,
    change_beyond,
    change_percent,
    direction,
)

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
    points = load_figures(
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
        span = span_of(indicator, own)
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
