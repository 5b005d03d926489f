"""Exceptions: outside tolerance, a change beyond the threshold, and missing returns."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from masa.core.models import Partnership
from masa.insight import dashboards as dash
from masa.insight import periods
from masa.insight.models import Frequency, Polarity, Source, Unit
from tests.helpers import DATA_LEAD, signed_in
from tests.insight import factories as f
from tests.insight.test_dashboards import LAST, series, timeliness

pytestmark = pytest.mark.django_db

EXCEPTIONS = reverse("insight:exceptions")
TODAY = datetime.date(2091, 6, 1)  # well after the far-future quarter's deadline


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def items(found: dash.Exceptions, kind: str) -> dict[str, str]:
    return {item.title: item.reason for item in found.of(kind)}


def test_red_figures_are_exceptions_with_the_reason() -> None:
    red = timeliness(name="Zq red", change_alert_percent=Decimal(50))
    amber = timeliness(name="Zq amber", change_alert_percent=Decimal(50))
    lower = f.indicator(
        name="Zq waits",
        unit=Unit.DAYS,
        polarity=Polarity.LOWER,
        red_from=Decimal(28),
        change_alert_percent=Decimal(50),
    )
    series(red, [79.5, 80])
    series(amber, [85, 85.5])
    series(lower, [30, 28])
    found = dash.exceptions(northbridge(), LAST, today=TODAY)
    reds = items(found, dash.RED)
    assert reds["Zq red"] == (
        "80.0% in Q4 90-91 is at or below the red line of 80.0% (higher is better)."
    )
    assert reds["Zq waits"] == (
        "28.0 in Q4 90-91 is at or above the red line of 28.0 (lower is better)."
    )
    assert "Zq amber" not in reds
    # The previous quarter was red too, but it is another quarter's exception.
    earlier = dash.exceptions(northbridge(), LAST.previous(), today=TODAY)
    assert "Zq red" in items(earlier, dash.RED)
    assert "Zq amber" not in items(earlier, dash.RED)


def test_changes_beyond_the_threshold_are_exceptions() -> None:
    jump = f.indicator(name="Zq jump", change_alert_percent=Decimal(20))
    edge = f.indicator(name="Zq edge", change_alert_percent=Decimal(20))
    fall = f.indicator(name="Zq fall", change_alert_percent=Decimal(20), polarity=Polarity.LOWER)
    start = f.indicator(name="Zq from nothing")
    gap = f.indicator(name="Zq after a gap")
    series(jump, [100, 125])
    series(edge, [100, 120])  # exactly 20%: not beyond it
    series(fall, [100, 70])
    series(start, [0, 16])
    small = f.indicator(name="Zq small numbers")
    series(small, [3, 6])  # doubled, but on fewer than 10 cases: noise, not an exception
    series(gap, [100, None, 300])  # nothing last quarter to compare with
    found = dash.exceptions(northbridge(), LAST, today=TODAY)
    changes = items(found, dash.CHANGE)
    assert changes["Zq jump"] == (
        "Up 25.0% from 100 in Q3 90-91 to 125 in Q4 90-91 (better): more than the 20.0% "
        "change that is an exception for this indicator."
    )
    assert changes["Zq fall"].startswith("Down 30.0% from 100 in Q3 90-91 to 70 in Q4 90-91")
    assert "(better)" in changes["Zq fall"]  # lower is better
    assert changes["Zq from nothing"].startswith("Up from 0 in Q3 90-91 to 16 in Q4 90-91")
    assert "Zq small numbers" not in changes
    assert "Zq edge" not in changes
    assert "Zq after a gap" not in changes


def test_a_percentage_changes_by_percentage_points_and_its_relative_change_is_labelled() -> None:
    share = f.indicator(
        name="Zq share", unit=Unit.PERCENT, change_alert_percent=Decimal(20), polarity="lower"
    )
    series(share, [20.5, 26.7], denominator=400)
    reason = items(dash.exceptions(northbridge(), LAST, today=TODAY), dash.CHANGE)["Zq share"]
    assert reason == (
        "Up 6.2 percentage points from 20.5% in Q3 90-91 to 26.7% in Q4 90-91 (worse): "
        "a relative change of 30.2%, more than the 20.0% relative change that is an "
        "exception for this indicator."
    )


def test_a_partial_period_raises_no_exception() -> None:
    """A quarter the source began during is low because it is short: no fall, no red."""
    count = f.indicator(name="Zq began mid-quarter", change_alert_percent=Decimal(20))
    count.red_from = Decimal(50)
    count.save()
    f.measurement(count, LAST.previous(), 565, partial=True)
    f.measurement(count, LAST, 40, partial=True)
    found = dash.exceptions(northbridge(), LAST, today=TODAY)
    assert "Zq began mid-quarter" not in items(found, dash.CHANGE)
    assert "Zq began mid-quarter" not in items(found, dash.RED)


def test_yearly_figures_count_in_the_quarter_their_year_ends() -> None:
    yearly = f.indicator(
        name="Zq yearly",
        frequency=Frequency.YEARLY,
        source=Source.CIN,
        red_from=Decimal(10),
        change_alert_percent=Decimal(10),
    )
    f.measurement(yearly, periods.financial_year(2089), 40)
    f.measurement(yearly, periods.financial_year(2090), 8)
    at_year_end = dash.exceptions(northbridge(), LAST, today=TODAY)
    assert "Zq yearly" in items(at_year_end, dash.RED)
    assert items(at_year_end, dash.CHANGE)["Zq yearly"].startswith(
        "Down 80.0% from 40 in 2089-90 to 8 in 2090-91"
    )
    mid_year = dash.exceptions(northbridge(), periods.quarter(2090, 3), today=TODAY)
    assert "Zq yearly" not in items(mid_year, dash.RED)


def test_missing_returns_after_the_deadline() -> None:
    quarter = periods.quarter(2019, 2)  # long past, clear of the demo's returns
    owed = f.indicator(name="Zq owed")
    assert owed.agency is not None
    found = dash.exceptions(northbridge(), quarter, today=datetime.date(2026, 11, 23))
    missing = items(found, dash.MISSING)
    reason = missing[owed.agency.name]
    assert reason.startswith(
        "No return for Q2 2019-20 (July to September 2019). It was due by "
        f"{found.deadline.day} {found.deadline:%B %Y} and is "
    )
    assert "days overdue" in reason
    assert "A draft" not in reason
    # A draft is not a return, but it is mentioned.
    draft = f.data_return(owed.agency.name, quarter)
    found = dash.exceptions(northbridge(), quarter, today=datetime.date(2026, 11, 23))
    assert (
        "A draft has been started but not submitted."
        in items(found, dash.MISSING)[owed.agency.name]
    )
    # Once submitted, it is no longer missing.
    draft.version, draft.status = 1, "submitted"
    draft.save()
    found = dash.exceptions(northbridge(), quarter, today=datetime.date(2026, 11, 23))
    assert owed.agency.name not in items(found, dash.MISSING)


def test_returns_are_not_missing_before_the_deadline() -> None:
    owed = f.indicator(name="Zq owed soon")
    assert owed.agency is not None
    quarter = periods.quarter(2090, 4)
    deadline = dash.exceptions(northbridge(), quarter, today=TODAY).deadline
    assert deadline > quarter.end
    on_the_day = dash.exceptions(northbridge(), quarter, today=deadline)
    assert owed.agency.name not in items(on_the_day, dash.MISSING)
    day_after = dash.exceptions(northbridge(), quarter, today=deadline + datetime.timedelta(1))
    assert "is 1 day overdue" in items(day_after, dash.MISSING)[owed.agency.name]


def test_exceptions_page_chooses_a_quarter() -> None:
    red = timeliness(name="Zq red on the page")
    series(red, [50])
    client = signed_in(DATA_LEAD)
    page = client.get(EXCEPTIONS)  # the last ended quarter by default
    assert page.status_code == 200
    today = datetime.date.today()
    assert periods.last_ended_quarter(today).label in page.content.decode()
    chosen = client.get(EXCEPTIONS, {"quarter": LAST.code})
    html = chosen.content.decode()
    assert chosen.status_code == 200
    assert "Zq red on the page" in html
    assert "is at or below the red line of 80.0%" in html
    assert "Outside tolerance (1)" in html
    wrong = client.get(EXCEPTIONS, {"quarter": "2090-91 Q9"})
    assert wrong.status_code == 400
    assert "Select a quarter from the list" in wrong.content.decode()


def test_exceptions_when_publishing_leave_out_what_is_not_for_publication() -> None:
    private = timeliness(name="Zq private red")
    public = timeliness(name="Zq public red", publishable=True)
    series(private, [50])
    series(public, [50])
    found = dash.exceptions(northbridge(), LAST, today=TODAY, publish=True)
    assert "Zq public red" in items(found, dash.RED)
    assert "Zq private red" not in items(found, dash.RED)
    small = f.indicator(name="Zq small change", publishable=True)
    series(small, [2, 40])  # a change from a hidden figure is not told
    found = dash.exceptions(northbridge(), LAST, today=TODAY, publish=True)
    assert "Zq small change" not in items(found, dash.CHANGE)
    assert "Zq small change" in items(
        dash.exceptions(northbridge(), LAST, today=TODAY), dash.CHANGE
    )
