"""Platform indicators: front-door and training figures worked out from the platform's own
records, checked against contacts and events made through the services in 2090-91."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from masa.core.models import AuditEvent, ChildPopulation, Partnership
from masa.frontdoor.models import Contact
from masa.insight import compute, periods
from masa.insight.models import Function, Indicator, Measurement, Source, Unit
from masa.insight.periods import Period
from masa.learning.reports import INDICATORS
from tests.frontdoor.test_figures import year_2090  # noqa: F401 (a fixture)
from tests.learning.factories import course, event

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AFTER_THE_YEAR = datetime.date(2091, 4, 15)
Q = {n: periods.quarter(2090, n) for n in range(1, 5)}
YEAR = periods.financial_year(2090)


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def catalogue(codes: tuple[str, ...], source: str, function: str) -> None:
    """The platform indicators in Northbridge's catalogue (whatever the demo has)."""
    for code in codes:
        Indicator.objects.update_or_create(
            partnership=northbridge(),
            code=code,
            defaults={
                "name": f"Zq {code}",
                "definition": "Worked out by the platform.",
                "source": source,
                "function": function,
                "unit": Unit.PERCENT if code.endswith("_pct") else Unit.COUNT,
                "polarity": "neither",
                "agency": None,
                "is_active": True,
            },
        )


def figure(code: str, period: Period) -> Measurement:
    return Measurement.objects.get(
        indicator__partnership=northbridge(),
        indicator__code=code,
        period_start=period.start,
        period_end=period.end,
    )


def values(code: str, period: Period) -> tuple[Any, Any, Any]:
    found = figure(code, period)
    return found.value, found.numerator, found.denominator


@pytest.fixture
def front_door(year_2090: dict[str, Contact]) -> None:  # noqa: F811
    catalogue(compute.FRONT_DOOR_CODES, Source.FRONT_DOOR, Function.FRONT_DOOR)
    ChildPopulation.objects.update_or_create(
        partnership=northbridge(), year=2090, defaults={"children": 70_000}
    )


def test_front_door_counts_by_quarter_and_year(front_door: None) -> None:
    written = compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    assert written.front_door > 0
    # Seven contacts: April 2, June 2, July 1, August 1, March 1.
    assert [figure("frontdoor.contacts", Q[n]).value for n in range(1, 5)] == [4, 2, 0, 1]
    assert figure("frontdoor.contacts", YEAR).value == 7
    assert figure("frontdoor.referrals", Q[1]).value == 2
    assert figure("frontdoor.referrals", YEAR).value == 2
    # Rates per 10,000 keep the count and the population they were worked out from.
    assert values("frontdoor.contacts_per_10k", YEAR) == (Decimal("1.0000"), 7, 70_000)
    assert values("frontdoor.contacts_per_10k", Q[1]) == (Decimal("0.6000"), 4, 70_000)


def test_front_door_percentages_keep_numerator_and_denominator(front_door: None) -> None:
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    # Q1: three decided, two of them at level 4 (one ending in no further action, late).
    assert values("frontdoor.conversion_pct", Q[1]) == (Decimal("66.7000"), 2, 3)
    assert values("frontdoor.level4_nfa_pct", Q[1]) == (Decimal("50.0000"), 1, 2)
    assert values("frontdoor.decisions_on_time_pct", YEAR) == (Decimal("66.7000"), 2, 3)
    # Q2: nothing decided, so no conversion, but the counts behind it are kept.
    assert values("frontdoor.conversion_pct", Q[2]) == (None, 0, 0)
    # August's contact is a repeat; its two partner checks were answered, one in time.
    assert values("frontdoor.repeat_contacts_pct", Q[2]) == (Decimal("50.0000"), 1, 2)
    assert values("frontdoor.repeat_contacts_pct", YEAR) == (Decimal("14.3000"), 1, 7)
    assert values("frontdoor.partner_checks_on_time_pct", Q[2]) == (Decimal("50.0000"), 1, 2)


def test_only_ended_quarters_are_written_and_the_year_to_date_is_partial(
    front_door: None,
) -> None:
    mid_year = datetime.date(2090, 11, 15)
    compute.platform_measurements_compute(partnership=northbridge(), today=mid_year)
    assert figure("frontdoor.contacts", Q[2]).value == 2  # ended 30 September
    assert not figure("frontdoor.contacts", Q[2]).partial
    # The year so far is written, marked partial (it is not a whole year's figure).
    year_to_date = figure("frontdoor.contacts", YEAR)
    assert (year_to_date.value, year_to_date.partial) == (Decimal(6), True)
    for period in (Q[3], Q[4]):
        assert not Measurement.objects.filter(
            indicator__partnership=northbridge(),
            indicator__code="frontdoor.contacts",
            period_start=period.start,
            period_end=period.end,
        ).exists()
    # A contact on 1 April 2091 is in a quarter that has not ended on 15 April.
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    assert not Measurement.objects.filter(
        indicator__partnership=northbridge(),
        indicator__code="frontdoor.contacts",
        period_start=periods.quarter(2091, 1).start,
        period_end=periods.quarter(2091, 1).end,
    ).exists()


def test_computing_again_replaces_and_skips_codes_not_in_the_catalogue(front_door: None) -> None:
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    count = Measurement.objects.filter(partnership=northbridge(), source=Source.FRONT_DOOR).count()
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    again = Measurement.objects.filter(partnership=northbridge(), source=Source.FRONT_DOOR)
    assert again.count() == count
    Indicator.objects.filter(partnership=northbridge(), code="frontdoor.referrals").delete()
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    assert not again.filter(indicator__code="frontdoor.referrals").exists()
    assert again.filter(indicator__code="frontdoor.contacts").exists()


def test_each_computation_is_audited_once(front_door: None) -> None:
    before = AuditEvent.objects.filter(verb="platform_measurements.compute").count()
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    events = AuditEvent.objects.filter(verb="platform_measurements.compute")
    assert events.count() == before + 1
    event = events.latest("pk")
    assert event.actor is None
    assert event.actor_label == "system"
    assert event.partnership == northbridge()
    assert event.changes["front_door"] > 0


def test_training_indicators_by_year(demo: None) -> None:
    catalogue(tuple(i.code for i in INDICATORS), Source.LEARNING, Function.LEARNING)
    on = course(title="Zq far-future course")
    start = datetime.datetime(2090, 6, 1, 9, tzinfo=LONDON)
    event(on, capacity=10, starts_at=start)
    event(on, capacity=12, starts_at=start + datetime.timedelta(days=90))
    event(on, capacity=30, starts_at=datetime.datetime(2091, 5, 1, 9, tzinfo=LONDON))
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    assert figure("learning.places_offered", YEAR).value == 22
    assert figure("learning.cancellation_rate", YEAR).value is None  # no bookings
    # Each indicator is the training reports' own figure for the year.
    for indicator in INDICATORS:
        expected = indicator.value(northbridge(), 2090, None)
        stored = figure(indicator.code, YEAR).value
        if expected is None:
            assert stored is None
        else:
            assert stored is not None
            assert float(stored) == pytest.approx(expected, abs=0.05)
    # 2091-92 has not ended: its year to date is partial, and counts no event to come.
    to_date = figure("learning.places_offered", periods.financial_year(2091))
    assert (to_date.value, to_date.partial) == (Decimal(0), True)
    assert not figure("learning.places_offered", YEAR).partial


def test_training_indicators_by_quarter_and_year_to_date(demo: None) -> None:
    """Training figures are there during the year, not only once it has ended."""
    catalogue(tuple(i.code for i in INDICATORS), Source.LEARNING, Function.LEARNING)
    on = course(title="Zq far-future course")
    start = datetime.datetime(2090, 6, 1, 9, tzinfo=LONDON)
    event(on, capacity=10, starts_at=start)
    event(on, capacity=12, starts_at=start + datetime.timedelta(days=90))  # 30 August
    event(on, capacity=30, starts_at=datetime.datetime(2090, 12, 1, 9, tzinfo=LONDON))
    compute.platform_measurements_compute(
        partnership=northbridge(), today=datetime.date(2090, 11, 15)
    )
    assert figure("learning.places_offered", Q[1]).value == 10
    assert figure("learning.places_offered", Q[2]).value == 12
    assert not figure("learning.places_offered", Q[2]).partial
    # The year to date: the two events held by 15 November, not December's.
    to_date = figure("learning.places_offered", YEAR)
    assert (to_date.value, to_date.partial) == (Decimal(22), True)
    assert not Measurement.objects.filter(
        indicator__code="learning.places_offered", period_start=Q[3].start
    ).exists()


def test_no_figure_before_a_source_began_and_its_first_period_is_partial(
    front_door: None,
) -> None:
    """Quarters before the first contact have no figure (not 0); the quarter and the
    year the first contact fell in are partial unless it fell on their first day."""
    began = (
        Contact.objects.filter(partnership=northbridge())
        .earliest("received_at")
        .received_at.astimezone(LONDON)
        .date()
    )
    compute.platform_measurements_compute(partnership=northbridge(), today=AFTER_THE_YEAR)
    stored = Measurement.objects.filter(
        indicator__partnership=northbridge(), indicator__code="frontdoor.contacts"
    )
    first = periods.quarter_containing(began)
    assert not stored.filter(period_end__lt=first.start).exists()
    assert not stored.filter(period_start__lt=began, period_end__lt=began).exists()
    assert stored.get(period_start=first.start, period_end=first.end).partial == (
        first.start < began
    )
    # Every quarter after it, up to the last ended one, is whole.
    later = stored.filter(period_start__gt=first.start, period_end__lt=AFTER_THE_YEAR)
    assert not later.filter(partial=True).exclude(period_end=YEAR.end).exists()


def test_slots_of_a_year_the_source_began_in() -> None:
    began, today = datetime.date(2090, 8, 20), datetime.date(2091, 2, 1)
    found = {(s.period, s.partial) for s in compute.slots(2090, began, today)}
    # Q1 ended before the source began: no figure. Q2 began before it: partial. Q3 is
    # whole; Q4 has not ended; the year both began before the source and is running.
    assert found == {(Q[2], True), (Q[3], False), (YEAR, True)}


def test_insight_compute_command(front_door: None) -> None:
    out = StringIO()
    call_command("insight_compute", "--partnership", "northbridge", stdout=out)
    assert "northbridge:" in out.getvalue()
    assert "front-door" in out.getvalue()
    with pytest.raises(Exception, match="No partnership"):
        call_command("insight_compute", "--partnership", "zq-nowhere", stdout=StringIO())
