"""The booking rules, through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from masa.core.errors import ServiceError
from masa.learning import services
from masa.learning.models import Attendance, Booking, ChargeRule
from tests import helpers as h
from tests.helpers import GP_PRACTITIONER, POLICE_BOTH, PRACTITIONER, TRAINER
from tests.learning.factories import book, event

pytestmark = pytest.mark.django_db


def test_capacity_then_waiting_list_then_offer_on_cancellation(demo: None) -> None:
    on = event(capacity=1)
    first = book(PRACTITIONER, on)
    second = book(GP_PRACTITIONER, on)
    assert (first.status, second.status) == ("confirmed", "waiting")
    with pytest.raises(ServiceError, match="already have a place"):
        book(PRACTITIONER, on)
    services.booking_cancel(acting=h.acting(PRACTITIONER), booking=first)
    second.refresh_from_db()
    on.refresh_from_db()
    assert second.status == Booking.Status.OFFERED
    assert on.confirmed_count == 1
    services.booking_accept_offer(acting=h.acting(GP_PRACTITIONER), booking=second)
    second.refresh_from_db()
    assert second.status == Booking.Status.CONFIRMED


def test_expired_offer_passes_to_the_next_person(demo: None) -> None:
    on = event(capacity=1)
    first = book(PRACTITIONER, on)
    second = book(GP_PRACTITIONER, on)
    third = book(TRAINER, on)
    services.booking_cancel(acting=h.acting(PRACTITIONER), booking=first)
    later = timezone.now() + datetime.timedelta(hours=49)
    services.offers_expire(now=later)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("offer_expired", "offered")


def test_late_cancellation_is_charged(demo: None) -> None:
    on = event(capacity=5)
    ChargeRule.objects.update_or_create(
        partnership=on.partnership, kind="late_cancellation", defaults={"amount": 50}
    )
    booking = book(PRACTITIONER, on)
    late = on.cancellation_deadline + datetime.timedelta(minutes=1)
    services.booking_cancel(acting=h.acting(PRACTITIONER), booking=booking, now=late)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.LATE_CANCELLED
    assert booking.charge == Decimal("50")


def test_cancellation_deadline_skips_bank_holidays(demo: None) -> None:
    # Event on Tuesday 29 December 2026: 25 and 28 December are bank holidays, so three
    # working days before is Tuesday 22 December.
    tz = timezone.get_current_timezone()
    on = event(starts_at=datetime.datetime(2026, 12, 29, 10, 0, tzinfo=tz))
    assert timezone.localtime(on.cancellation_deadline).date() == datetime.date(2026, 12, 22)


def test_no_show_is_charged(demo: None) -> None:
    on = event()
    ChargeRule.objects.update_or_create(
        partnership=on.partnership, kind="no_show", defaults={"amount": 75}
    )
    booking = book(POLICE_BOTH, on)
    services.attendance_record(
        acting=h.acting(TRAINER), booking=booking, status=Attendance.Status.NO_SHOW
    )
    booking.refresh_from_db()
    assert booking.charge == Decimal("75")


def test_default_evaluation_forms_are_made_once_and_audited(demo: None) -> None:
    from masa.core.models import AuditEvent, Partnership
    from masa.learning.evaluation import evaluation_defaults_ensure
    from masa.learning.models import EvaluationForm

    southmoor = Partnership.objects.get(slug="southmoor")
    EvaluationForm.objects.filter(partnership=southmoor).delete()
    evaluation_defaults_ensure(southmoor)
    evaluation_defaults_ensure(southmoor)
    # The four stages, and the line manager's own part of the six-month stage.
    assert EvaluationForm.objects.filter(partnership=southmoor, course=None).count() == 5
    shipped = AuditEvent.objects.filter(verb="evaluation_forms.ship", partnership=southmoor)
    assert shipped.count() == 1
