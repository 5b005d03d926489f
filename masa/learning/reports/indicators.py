"""The training indicators the reports give the insight catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils import timezone

from masa.core.figures import (
    percentage,
    year_bounds,
)
from masa.core.models import Partnership
from masa.core.workbooks import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE  # the views use it
from masa.learning.models import (
    EvaluationStage,
)
from masa.learning.reports.counts import (
    BOOKING_MEASURES,
    Counts,
    Span,
    _bookings,
    _changes,
    _evaluations,
    _events,
    event_measures,
)


class IndicatorValue(Protocol):
    """An indicator's value for a partnership and a financial year (or part of it)."""

    def __call__(
        self, partnership: Partnership, start: int, between: Span | None = None, /
    ) -> float | None: ...


@dataclass(frozen=True)
class Indicator:
    """A figure the insight catalogue can show: how it is worked out, and its value for a
    partnership and a financial year (the year it starts), or None when not available;
    given `between`, for the events of that part of the year only (a quarter, or the year
    to date)."""

    code: str
    name: str
    numerator: str
    denominator: str
    unit: str  # "count", "percent" or "mean"
    value: IndicatorValue


def _year_numbers(
    partnership: Partnership, start: int, between: Span | None = None
) -> Mapping[str, Any]:
    """The year's (or part of the year's) booking and event totals, in two queries. The
    events held are those that ended by the end of the period."""
    held_by = between[1] if between else year_bounds(start)[1]
    events = _events(partnership, start, between).aggregate(**event_measures(held_by))
    bookings = _bookings(partnership, start, between).aggregate(**BOOKING_MEASURES)
    return {**events, **bookings}


def _ratio(numerator: Iterable[str], denominator: Iterable[str]) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        numbers = _year_numbers(partnership, start, between)
        return percentage(
            sum(int(numbers[name] or 0) for name in numerator),
            sum(int(numbers[name] or 0) for name in denominator),
        )

    return value


def _total(measure: str) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        return float(_year_numbers(partnership, start, between)[measure] or 0)

    return value


def _response_rate(stage: str) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        counted = _evaluations(_bookings(partnership, start, between), timezone.now())
        return percentage(counted[f"{stage}_responses"], counted[f"{stage}_eligible"])

    return value


def _mean_change(measure: str) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        bookings = _bookings(partnership, start, between)
        overall = Counts(start, {}, (), (), {}, _changes(bookings), (), ())
        change = overall.overall_change()
        pairs = getattr(change, f"{measure}_pairs")
        if not pairs:
            return None
        after, before = getattr(change, f"{measure}_after"), getattr(change, f"{measure}_before")
        return float(after - before) / int(pairs)

    return value


INDICATORS: list[Indicator] = [
    Indicator(
        "learning.places_offered",
        "Training places offered",
        "Places (capacity) of events held: ended, not cancelled",
        "",
        "count",
        _total("places"),
    ),
    Indicator(
        "learning.utilisation",
        "Training utilisation",
        "Places attended in full or in part",
        "Places offered",
        "percent",
        _ratio(("attended", "partial"), ("places",)),
    ),
    Indicator(
        "learning.cancellation_rate",
        "Training cancellation rate",
        "Bookings cancelled, on time or late",
        "Bookings",
        "percent",
        _ratio(("cancelled", "late_cancelled"), ("bookings",)),
    ),
    Indicator(
        "learning.late_cancellation_rate",
        "Training late-cancellation rate",
        "Bookings cancelled after the cancellation deadline",
        "Bookings",
        "percent",
        _ratio(("late_cancelled",), ("bookings",)),
    ),
    Indicator(
        "learning.no_show_rate",
        "Training no-show rate",
        "No-shows",
        "Confirmed places with attendance recorded",
        "percent",
        _ratio(("no_shows",), ("recorded",)),
    ),
    Indicator(
        "learning.after_response_rate",
        "After-course evaluation response rate",
        "After-course evaluations given",
        "Places attended",
        "percent",
        _response_rate(EvaluationStage.AFTER),
    ),
    Indicator(
        "learning.impact_response_rate",
        "Impact evaluation (8 weeks) response rate",
        "Impact evaluations given",
        "Places attended whose event ended at least 8 weeks ago",
        "percent",
        _response_rate(EvaluationStage.IMPACT),
    ),
    Indicator(
        "learning.knowledge_change",
        "Change in self-rated knowledge after training",
        "Sum of (after − before) knowledge ratings, paired by learner",
        "Paired responses",
        "mean",
        _mean_change("knowledge"),
    ),
    Indicator(
        "learning.confidence_change",
        "Change in self-rated confidence after training",
        "Sum of (after − before) confidence ratings, paired by learner",
        "Paired responses",
        "mean",
        _mean_change("confidence"),
    ),
]
