"""Platform indicators: figures the platform works out from its own records, written to
the measurement table the dashboards read.

* Front door (source "front_door"): from `masa.frontdoor.figures.count_figures`, the
  monthly counts of each financial year with contacts, summed into quarters and the
  year. Percentages keep their numerator and denominator; rates per 10,000 keep the
  count and the child population they were worked out from.
* Training (source "learning"): each of `masa.learning.reports.INDICATORS`, by
  financial year.

Only periods that have ended are written, so a quarter still under way never shows
on a scorecard as a fall. Run nightly by `manage.py insight_compute`, and on demand
by the business manager ("Refresh platform figures").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction

from masa.core import audit
from masa.core.figures import percentage, rate_per_10000, year_bounds
from masa.core.models import Partnership, Person
from masa.frontdoor import figures as frontdoor_figures
from masa.frontdoor.models import Contact
from masa.insight import periods
from masa.insight.measurements import Figure, measurements_replace
from masa.insight.models import Source
from masa.insight.periods import Period
from masa.learning import reports as learning_reports
from masa.learning.models import Event


@dataclass(frozen=True)
class Ratio:
    """A front-door percentage: which monthly count over which."""

    numerator: str
    denominator: str


FRONT_DOOR_COUNTS: dict[str, str] = {
    "frontdoor.contacts": "contacts",
    "frontdoor.referrals": "referrals",
}
FRONT_DOOR_RATES: dict[str, str] = {"frontdoor.contacts_per_10k": "contacts"}
FRONT_DOOR_PERCENTAGES: dict[str, Ratio] = {
    "frontdoor.conversion_pct": Ratio("referrals", "decided"),
    "frontdoor.repeat_contacts_pct": Ratio("repeats", "contacts"),
    "frontdoor.level4_nfa_pct": Ratio("level4_nfa", "referrals"),
    "frontdoor.decisions_on_time_pct": Ratio("decided_in_time", "decided"),
    "frontdoor.partner_checks_on_time_pct": Ratio("checks_in_time", "checks_answered"),
}
FRONT_DOOR_CODES = (*FRONT_DOOR_COUNTS, *FRONT_DOOR_RATES, *FRONT_DOOR_PERCENTAGES)
LEARNING_CODES = tuple(indicator.code for indicator in learning_reports.INDICATORS)


def _one_place(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def front_door_period_figures(
    monthly: dict[str, list[int]], months: range, period: Period, population: int | None
) -> list[Figure]:
    """The front-door indicators for one period from the year's monthly counts (April
    first): counts summed over `months`, percentages and rates of those sums."""

    def total(measure: str) -> int:
        return sum(monthly[measure][i] for i in months)

    figures = [Figure(code, period, total(measure)) for code, measure in FRONT_DOOR_COUNTS.items()]
    for code, measure in FRONT_DOOR_RATES.items():
        count = total(measure)
        figures.append(
            Figure(
                code,
                period,
                _one_place(rate_per_10000(count, population)),
                numerator=count,
                denominator=population,
            )
        )
    for code, ratio in FRONT_DOOR_PERCENTAGES.items():
        numerator, denominator = total(ratio.numerator), total(ratio.denominator)
        figures.append(
            Figure(
                code,
                period,
                _one_place(percentage(numerator, denominator)),
                numerator=numerator,
                denominator=denominator,
            )
        )
    return figures


def _has_any(exists: Callable[[int], bool], first: int, last: int) -> Iterator[int]:
    for start in range(first, last + 1):
        if exists(start):
            yield start


def front_door_figures(partnership: Partnership, today: datetime.date) -> list[Figure]:
    """Every ended quarter and year of each financial year with contacts."""
    span = frontdoor_figures.years_with_contacts(partnership)
    if span is None:
        return []
    last = min(span[1], periods.quarter_containing(today).financial_year)

    def any_contacts(start: int) -> bool:
        low, high = year_bounds(start)
        return Contact.objects.filter(
            partnership=partnership, received_at__gte=low, received_at__lt=high
        ).exists()

    figures: list[Figure] = []
    for start in _has_any(any_contacts, span[0], last):
        counts = frontdoor_figures.count_figures(partnership, start)
        year = periods.financial_year(start)
        for number, quarter in enumerate(periods.quarters_of(start)):
            if quarter.end < today:
                months = range(number * 3, number * 3 + 3)
                figures += front_door_period_figures(
                    counts.monthly, months, quarter, counts.population
                )
        if year.end < today:
            figures += front_door_period_figures(counts.monthly, range(12), year, counts.population)
    return figures


def training_figures(partnership: Partnership, today: datetime.date) -> list[Figure]:
    """Every training indicator for each ended financial year with events."""
    span = learning_reports.years_with_events(partnership)
    if span is None:
        return []

    def any_events(start: int) -> bool:
        low, high = year_bounds(start)
        return Event.objects.filter(
            partnership=partnership, starts_at__gte=low, starts_at__lt=high
        ).exists()

    figures: list[Figure] = []
    for start in _has_any(any_events, span[0], span[1]):
        year = periods.financial_year(start)
        if year.end >= today:
            continue
        for indicator in learning_reports.INDICATORS:
            value = indicator.value(partnership, start)
            if indicator.unit == "percent":
                value = _one_place(value)
            figures.append(Figure(indicator.code, year, value))
    return figures


@dataclass(frozen=True)
class Computed:
    front_door: int
    training: int

    @property
    def total(self) -> int:
        return self.front_door + self.training


@transaction.atomic
def platform_measurements_compute(
    *, partnership: Partnership, today: datetime.date, actor: Person | None = None
) -> Computed:
    """Work out the front-door and training indicators of `partnership` for every period
    that has ended by `today`, and store them (replacing earlier figures). Indicators
    not in the partnership's catalogue are left out."""
    front_door = measurements_replace(
        partnership=partnership,
        source=Source.FRONT_DOOR,
        figures=front_door_figures(partnership, today),
    )
    training = measurements_replace(
        partnership=partnership,
        source=Source.LEARNING,
        figures=training_figures(partnership, today),
    )
    audit.record(
        actor,
        "platform_measurements.compute",
        partnership,
        {"front_door": front_door, "training": training, "today": today.isoformat()},
        partnership=partnership,
        target_label=f"Platform figures of {partnership.name}",
    )
    return Computed(front_door, training)
