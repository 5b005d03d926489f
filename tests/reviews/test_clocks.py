"""Review clocks across bank holidays, and the LCSPR target extended by delays."""

from __future__ import annotations

import datetime

import pytest

from masa.core import clocks
from masa.core import services as core_services
from masa.reviews.models import Review
from masa.reviews.services import reviews as reviews_services
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
CHRISTMAS_EVE_2026 = D(2026, 12, 24)  # a Thursday; 25 Dec and Mon 28 Dec are bank holidays


def test_the_calendar_has_the_christmas_2026_holidays() -> None:
    assert not clocks.is_working_day(D(2026, 12, 25))
    assert not clocks.is_working_day(D(2026, 12, 28))  # substitute for Boxing Day
    assert not clocks.is_working_day(D(2027, 1, 1))
    assert clocks.is_working_day(D(2026, 12, 29))


def test_notification_due_5_working_days_after_awareness_skips_bank_holidays() -> None:
    incident = f.incident(aware_on=CHRISTMAS_EVE_2026)
    # 29, 30, 31 December, (1 January is a holiday), 4 and 5 January.
    assert incident.notification_due_on == D(2027, 1, 5)
    assert incident.notification_due_on == clocks.add_working_days(CHRISTMAS_EVE_2026, 5)


def test_rapid_review_due_15_working_days_after_the_notification() -> None:
    rapid = f.rapid_review(aware_on=D(2026, 12, 22), notified_panel_on=CHRISTMAS_EVE_2026)
    assert rapid.due_on == D(2027, 1, 19)
    assert clocks.working_days_between(CHRISTMAS_EVE_2026, rapid.due_on) == 15


def test_agency_summary_due_5_working_days_after_the_request() -> None:
    summary = f.agency_summary(requested_on=CHRISTMAS_EVE_2026)
    assert summary.due_on == D(2027, 1, 5)


def test_local_timescales_change_the_clocks() -> None:
    core_services.timescale_set(
        acting=f.manager(),
        code="incident_notification",
        amount=3,
        unit="working_days",
        reason="Zq: local practice",
    )
    assert f.incident(aware_on=CHRISTMAS_EVE_2026).notification_due_on == D(2026, 12, 31)


def test_lcspr_target_is_6_months_from_the_start_clamped_to_month_end() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS, started_on=D(2026, 8, 31))
    assert review.planned_target_on == D(2027, 2, 28)
    assert review.target_on == D(2027, 2, 28)


def test_delays_pause_the_clock_and_extend_the_target_by_the_days_paused() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS, started_on=D(2026, 8, 31))
    who = f.manager()
    first = reviews_services.review_delay_start(
        acting=who, review=review, reason="criminal_proceedings", started_on=D(2026, 10, 1)
    )
    review.refresh_from_db()
    assert review.status == Review.Status.PAUSED
    assert review.target_on == D(2027, 2, 28)  # unchanged while the delay lasts
    reviews_services.review_delay_end(acting=who, delay=first, ended_on=D(2026, 11, 15))
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS
    assert review.target_on == D(2027, 2, 28) + datetime.timedelta(days=45)
    second = reviews_services.review_delay_start(
        acting=who, review=review, reason="inquest", started_on=D(2027, 1, 4)
    )
    reviews_services.review_delay_end(acting=who, delay=second, ended_on=D(2027, 1, 14))
    review.refresh_from_db()
    assert review.target_on == D(2027, 2, 28) + datetime.timedelta(days=55)
    assert review.planned_target_on == D(2027, 2, 28)


def test_other_kinds_take_the_target_they_are_given() -> None:
    review = f.review(
        kind=Review.Kind.SAR, status=Review.Status.IN_PROGRESS, started_on=D(2031, 1, 6)
    )
    assert review.target_on == D(2031, 1, 6) + datetime.timedelta(days=180)


def test_dhr_decision_due_one_month_after_notification() -> None:
    review = f.review(kind=Review.Kind.DHR, started_on=D(2031, 1, 31))
    assert review.owner == reviews_services.DHR_OWNER
    assert reviews_services.dhr_decision_due(review) == D(2031, 2, 28)
