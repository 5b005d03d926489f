"""Manager approval works for any line manager who is a member of the partnership,
with or without a role in training: from the email's link to a decision."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from masa.core.errors import ServiceError
from masa.core.models import Membership, Partnership, Person
from masa.learning.models import Booking
from tests import helpers as h
from tests.helpers import (
    EXECUTIVE,
    GP_PRACTITIONER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    SOUTHMOOR_MANAGER,
    membership,
    person,
    signed_in,
)
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.django_db


def _client(email: str, partnership: str = "northbridge") -> Client:
    client = signed_in(email)
    session = client.session
    session["partnership_id"] = Partnership.objects.get(slug=partnership).pk
    session.save()
    return client


@override_settings(BASE_URL="https://masa.example.org")
def test_a_manager_without_a_training_role_approves_from_the_email(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    on = event(course(needs_manager_approval=True), capacity=3)
    assert not h.acting(EXECUTIVE).has("course.book")  # no role in training
    learner = _client(MASH_PRACTITIONER)
    with django_capture_on_commit_callbacks(execute=True):
        response = learner.post(
            reverse("learning:event-book", args=[on.pk]), {"line_manager": EXECUTIVE}
        )
    assert response.status_code == 302
    booking = Booking.objects.get(event=on, learner=person(MASH_PRACTITIONER))
    (email,) = [m for m in mail.outbox if EXECUTIVE in m.to]
    found = re.search(r"https://masa\.example\.org(/\S+)", str(email.body))
    assert found is not None
    address = found.group(1)
    assert address == reverse("learning:booking-approve", args=[booking.pk])
    manager = _client(EXECUTIVE)
    page = manager.get(address)
    assert page.status_code == 200
    assert "Approve or decline" in page.content.decode()
    empty = manager.post(address, {})
    assert empty.status_code == 400
    assert "govuk-error-summary" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = manager.post(address, {"decision": "approve"})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    # The learner is told, in the second person, with a link to their booking.
    told = [m for m in mail.outbox if person(MASH_PRACTITIONER).email in m.to]
    assert told
    assert "approved your place" in told[-1].body
    assert reverse("learning:booking", args=[booking.pk]) in told[-1].body
    # The manager's team page and the booking open for them too.
    assert manager.get(reverse("learning:team")).status_code == 200
    assert manager.get(reverse("learning:booking", args=[booking.pk])).status_code == 200


def test_only_the_named_manager_may_open_the_approval_page(demo: None) -> None:
    on = event(course(needs_manager_approval=True))
    booking = book(MASH_PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    address = reverse("learning:booking-approve", args=[booking.pk])
    for email in (MASH_PRACTITIONER, GP_PRACTITIONER, EXECUTIVE):
        client = _client(email)
        assert client.get(address).status_code == 404, email
        assert client.post(address, {"decision": "approve"}).status_code == 404, email
    assert _client(SOUTHMOOR_MANAGER, "southmoor").get(address).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.AWAITING_APPROVAL


def test_a_line_manager_who_is_not_a_member_is_refused(demo: None) -> None:
    on = event(course(needs_manager_approval=True))
    outsider = Person.objects.create_user(email="outsider@example.org", full_name="Out Sider")
    with pytest.raises(ServiceError, match="member of this partnership") as refused:
        book(MASH_PRACTITIONER, on, line_manager=outsider)
    assert refused.value.field == "line_manager"
    southmoor = person(SOUTHMOOR_MANAGER)
    assert not Membership.objects.filter(person=southmoor, partnership__slug="northbridge").exists()
    with pytest.raises(ServiceError, match="member of this partnership"):
        book(MASH_PRACTITIONER, on, line_manager=southmoor)
    page = _client(MASH_PRACTITIONER).post(
        reverse("learning:event-book", args=[on.pk]), {"line_manager": "outsider@example.org"}
    )
    assert page.status_code == 400
    assert "govuk-error-summary" in page.content.decode()
    assert not Booking.objects.filter(event=on).exists()
    assert membership(MASH_PRACTITIONER)
