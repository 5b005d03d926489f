"""What the booking pages say: a passed cancellation deadline, a full event, the
waiting list in a booking's history, and a waiting-list place for an event now over."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masa.core.models import AuditEvent, Partnership
from masa.learning.models import Event
from tests.helpers import GP_PRACTITIONER, PRACTITIONER, signed_in
from tests.learning.factories import book, event

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    client = signed_in(email)
    session = client.session
    session["partnership_id"] = Partnership.objects.get(slug="northbridge").pk
    session.save()
    return client


def _page(client: Client, name: str, pk: int) -> str:
    response = client.get(reverse(f"learning:{name}", args=[pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_passed_deadline_is_not_offered_as_a_free_cancellation(demo: None) -> None:
    on = event(capacity=5)
    booking = book(PRACTITIONER, on)
    Event.objects.filter(pk=on.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    client = _client(PRACTITIONER)
    for page in (_page(client, "booking", booking.pk), _page(client, "event", on.pk)):
        assert "Cancel without charge until" not in page
        assert "The deadline to cancel without charge was" in page
    mine = client.get(reverse("learning:my-bookings")).content.decode()
    assert "a cancellation now is late" in mine
    booking_page = _client(GP_PRACTITIONER).get(reverse("learning:event-book", args=[on.pk]))
    assert "The deadline to cancel without charge has passed" in booking_page.content.decode()
    assert "You can cancel without charge until" not in booking_page.content.decode()


def test_joining_a_waiting_list_reads_as_such(demo: None) -> None:
    on = event(capacity=1)
    book(PRACTITIONER, on)
    waiting = book(GP_PRACTITIONER, on)
    client = _client(GP_PRACTITIONER)
    page = _page(client, "event", on.pk)
    assert "Full: all 1 place taken; 1 person on the waiting list" in page
    assert "join the waiting list of" not in page
    assert AuditEvent.objects.filter(
        target_type="learning.booking", target_id=str(waiting.pk), verb="booking.wait"
    ).exists()
    history = _page(client, "booking", waiting.pk)
    assert "Joined the waiting list" in history
    assert "Booked" not in history


def test_a_waiting_list_place_for_an_event_that_is_over_shows_closed(demo: None) -> None:
    on = event(capacity=1)
    book(PRACTITIONER, on)
    waiting = book(GP_PRACTITIONER, on)
    starts = timezone.now() - datetime.timedelta(days=2)
    Event.objects.filter(pk=on.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    client = _client(GP_PRACTITIONER)
    mine = client.get(reverse("learning:my-bookings")).content.decode()
    assert "On the waiting list</caption>" not in mine
    assert "Closed: the event has started" in mine
    page = _page(client, "booking", waiting.pk)
    assert "Position 1 on the waiting list" not in page
    assert "Closed: the event has started" in page
    assert reverse("learning:booking-cancel", args=[waiting.pk]) not in page
