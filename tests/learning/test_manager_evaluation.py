"""The six-month evaluation "with the line manager" (seed 004 §7.6): the line manager
has their own part, reached from the reminder email or their team's page, for their
own staff's bookings only, whatever their role in training."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from masa.core.models import Partnership
from masa.learning import services
from masa.learning.models import Attendance, Event
from tests import helpers as h
from tests.helpers import EXECUTIVE, MASH_PRACTITIONER, TRAINER, person, signed_in
from tests.learning.factories import book, event

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    client = signed_in(email)
    session = client.session
    session["partnership_id"] = Partnership.objects.get(slug="northbridge").pk
    session.save()
    return client


@override_settings(BASE_URL="https://masa.example.org")
def test_a_manager_without_a_training_role_gives_their_view_from_the_reminder(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    on = event()
    booking = book(MASH_PRACTITIONER, on, line_manager=person(EXECUTIVE))
    ends = timezone.now() - services.SIX_MONTHS_AFTER - datetime.timedelta(days=1)
    Event.objects.filter(pk=on.pk).update(
        starts_at=ends - datetime.timedelta(hours=3), ends_at=ends
    )
    services.attendance_record(
        acting=h.acting(TRAINER), booking=booking, status=Attendance.Status.ATTENDED
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("learning_tick", stdout=io.StringIO())
    part = reverse("learning:evaluation-manager", args=[booking.pk])
    (to_manager,) = [m for m in mail.outbox if m.to == [EXECUTIVE]]
    assert f"https://masa.example.org{part}" in to_manager.body
    assert person(MASH_PRACTITIONER).full_name in to_manager.subject
    # The demo may have a six-month stage of her own falling due too: this booking's email.
    mine = reverse("learning:evaluation", args=[booking.pk, "six_months"])
    (to_learner,) = [m for m in mail.outbox if m.to == [MASH_PRACTITIONER] and mine in m.body]
    assert "https://masa.example.org" in to_learner.body
    manager = _client(EXECUTIVE)
    # Their "to do": the training page says what waits for them, the team page links to it.
    assert (
        "waiting for your view as line manager"
        in manager.get(reverse("learning:catalogue")).content.decode()
    )
    assert part in manager.get(reverse("learning:team")).content.decode()
    assert manager.get(part).status_code == 200
    empty = manager.post(part, {})
    assert empty.status_code == 400
    assert "govuk-error-summary" in empty.content.decode()
    done = manager.post(part, {"q_1": "Clearer referrals.", "q_2": "Chairs strategy meetings."})
    assert done.status_code == 302
    assert "Chairs strategy meetings." in manager.get(part).content.decode()
    catalogue = manager.get(reverse("learning:catalogue")).content.decode()
    assert "waiting for your view" not in catalogue
