"""Platform indicators: figures the platform works out from its own records, written to
the measurement table the dashboards read.

* Front door (source "front_door"): from `masa.frontdoor.figures.count_figures`, the
  monthly counts of each financial year with contacts, summed into quarters and the
  year. Percentages keep their numerator and denominator; rates per 10,000 keep the
  count and the child population they were worked out from.
* Training (source "learning"): each of `masa.learning.reports.INDICATORS`, by
  financial quarter and year.

A quarter is written once it has ended, so a quarter still under way never shows on
a scorecard as a fall; the year is written to date while it runs. Nothing is written
for a period before the source held any data (no figure, not 0), and a period the
source began during, or the year to date, is marked partial (`Measurement.partial`):
shown as partial and left out of direction of travel. Run nightly by
`manage.py insight_compute`, and on demand by the business manager ("Refresh platform
figures").
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min

from masa.core import audit
from masa.core.acting import Acting
from masa.core.figures import LONDON, financial_year_of, percentage, rate_per_10000, year_bounds
from masa.core.models import Partnership
from masa.frontdoor import figures as frontdoor_figures
from masa.frontdoor.models import Contact
from masa.insight import periods
from masa.insight.measurements import Figure, measurements_replace
from masa.insight.models import Source
from masa.insight.periods import Period
from masa.learning import reports as learning_reports
from masa.learning.models import Event
from masa.learning.reports import Span


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


@dataclass(frozen=True)
class Slot:
    """A period to write for a financial year: which of its months (0 = April) it covers,
    and whether its figure is partial (the source began during it, or it has not ended)."""

    period: Period
    months: range
    partial: bool


def _first_day(moment: datetime.datetime | None) -> datetime.date | None:
    return None if moment is None else moment.astimezone(LONDON).date()


def slots(start: int, began: datetime.date, today: datetime.date) -> list[Slot]:
    """The periods of the financial year starting in `start` that have a figure: each
    quarter that has ended and did not end before the source `began` (a quarter before
    there was any data has no figure, not 0), and the year, to date while it runs. A
    period the source began during, or the year still under way, is partial. The quarter
    still under way has no figure."""
    found: list[Slot] = []
    for number, quarter in enumerate(periods.quarters_of(start)):
        if quarter.end < began or quarter.end >= today:
            continue
        months = range(number * 3, number * 3 + 3)
        found.append(Slot(quarter, months, partial=quarter.start < began))
    year = periods.financial_year(start)
    if year.end >= began and year.start <= today:
        partial = year.start < began or year.end >= today
        # The year to date: its months up to the one `today` is in.
        months = range(12) if year.end < today else range((today.month - 4) % 12 + 1)
        found.append(Slot(year, months, partial))
    return found


def _span(slot: Slot, today: datetime.date) -> Span:
    """From the first moment of the slot to the end of its last day, or of today when the
    slot has not ended (the year to date)."""
    first, after = slot.period.start, min(slot.period.end, today) + datetime.timedelta(days=1)
    return (
        datetime.datetime(first.year, first.month, first.day, tzinfo=LONDON),
        datetime.datetime(after.year, after.month, after.day, tzinfo=LONDON),
    )


def _partial(figures: list[Figure], partial: bool) -> list[Figure]:
    return [dataclasses.replace(f, partial=True) for f in figures] if partial else figures


def front_door_figures(partnership: Partnership, today: datetime.date) -> list[Figure]:
    """Every ended quarter and every year (the current one to date) since the first
    contact; the periods the first contact fell in, and the year to date, are partial."""
    contacts = Contact.objects.filter(partnership=partnership)
    began = _first_day(contacts.aggregate(first=Min("received_at"))["first"])
    if began is None:
        return []
    last = periods.quarter_containing(today).financial_year
    figures: list[Figure] = []
    for start in range(financial_year_of(began), last + 1):
        low, high = year_bounds(start)
        if not contacts.filter(received_at__gte=low, received_at__lt=high).exists():
            continue
        counts = frontdoor_figures.count_figures(partnership, start)
        for slot in slots(start, began, today):
            figures += _partial(
                front_door_period_figures(
                    counts.monthly, slot.months, slot.period, counts.population
                ),
                slot.partial,
            )
    return figures


def training_figures(partnership: Partnership, today: datetime.date) -> list[Figure]:
    """Every training indicator for each ended quarter and each year (the current one to
    date) since the first event; the periods the first event fell in, and the year to
    date, are partial."""
    events = Event.objects.filter(partnership=partnership)
    began = _first_day(events.aggregate(first=Min("starts_at"))["first"])
    if began is None:
        return []
    last = periods.quarter_containing(today).financial_year
    figures: list[Figure] = []
    for start in range(financial_year_of(began), last + 1):
        low, high = year_bounds(start)
        if not events.filter(starts_at__gte=low, starts_at__lt=high).exists():
            continue
        for slot in slots(start, began, today):
            between = _span(slot, today)
            for indicator in learning_reports.INDICATORS:
                value = indicator.value(partnership, start, between)
                if indicator.unit == "percent":
                    value = _one_place(value)
                figures.append(Figure(indicator.code, slot.period, value, partial=slot.partial))
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
    *, partnership: Partnership, today: datetime.date, acting: Acting | None = None
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
        acting,
        "platform_measurements.compute",
        partnership,
        {"front_door": front_door, "training": training, "today": today.isoformat()},
        partnership=partnership,
        target_label=f"Platform figures of {partnership.name}",
    )
    return Computed(front_door, training)
