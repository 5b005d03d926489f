"""Training in a real browser, issue 12: a line manager with no role in training
approves a place from the email's link (an address that is not a member is refused
first), and a learner marked "did not attend" can no longer cancel. Every page is
checked with axe (see conftest)."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.core.acting import acting_in
from masa.core.models import Partnership, Person
from masa.learning import services
from masa.learning.models import Attendance, Booking, Course, Event
from tests.browser.conftest import finish, new_page, sign_in, submit, visit

AMIRA = "amira.khan@northbridge-academy.example"
BEN = "ben.carter@northbridge.example"
JAMES = "james.morgan@northbridge.example"  # executive member: no role in training
KATE = "kate.brennan@northbridge-womensaid.example"
ELEANOR = "eleanor.hughes@northbridge.example"


def _event(
    title: str, *, starts_in: datetime.timedelta, approval: bool = False, **extra: object
) -> Event:
    northbridge = Partnership.objects.get(slug="northbridge")
    course = Course.objects.create(
        partnership=northbridge,
        title=title,
        level=3,
        learning_outcomes="Chair a strategy discussion and record its decisions.",
        duration_minutes=180,
        mode=Course.Mode.FACE_TO_FACE,
        needs_manager_approval=approval,
    )
    manager = Person.objects.get(email=ELEANOR)
    starts = timezone.now() + starts_in
    return services.event_create(
        acting=acting_in(manager, northbridge),
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=10,
        venue="Northbridge Council House, Room 2",
        trainers=[Person.objects.get(email=KATE)],
        **extra,  # type: ignore[arg-type]
    )


def test_a_manager_without_a_training_role_approves_from_the_email(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    on = _event(
        "Zq Strategy discussions for managers",
        starts_in=datetime.timedelta(days=21),
        approval=True,
    )
    sign_in(page, live_server, BEN)
    visit(page, live_server, f"/training/events/{on.pk}/book/")
    # Someone who does not use MASA here cannot be named.
    page.get_by_label("Your line manager's email address").fill("friend@example.org")
    submit(page, "Book the place", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("as they use this service")
    page.get_by_label("Your line manager's email address").fill(JAMES)
    submit(page, "Book the place")
    expect(page.locator("main")).to_contain_text("Awaiting manager approval")

    # The approval request (other services may also have written to James meanwhile).
    (email,) = [
        message
        for message in mail.outbox
        if message.to == [JAMES] and "/training/" in str(message.body)
    ]
    found = re.search(r"https?://\S+", str(email.body))
    assert found is not None
    link = urlsplit(found.group(0)).path
    james = new_page(browser)[1]
    sign_in(james, live_server, JAMES)
    visit(james, live_server, link)
    expect(james.locator("h1")).to_contain_text("Approve or decline Ben Carter's place")
    submit(james, "Send your decision", status=400)
    expect(james.locator(".govuk-error-summary")).to_contain_text("approve or decline")
    james.get_by_label("Approve", exact=True).check()
    submit(james, "Send your decision")
    expect(james.locator(".govuk-notification-banner")).to_contain_text("approved")
    assert Booking.objects.get(event=on, learner__email=BEN).status == "confirmed"
    finish(james)


def test_a_learner_marked_did_not_attend_cannot_cancel(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    on = _event(
        "Zq Neglect: the morning course",
        starts_in=-datetime.timedelta(minutes=10),
        booking_deadline=timezone.now() + datetime.timedelta(hours=1),
    )
    Event.objects.filter(pk=on.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(days=3)
    )
    sign_in(page, live_server, AMIRA)
    visit(page, live_server, f"/training/events/{on.pk}/book/")
    submit(page, "Book the place")
    booking = Booking.objects.get(event=on, learner__email=AMIRA)

    kate = new_page(browser)[1]
    sign_in(kate, live_server, KATE)
    visit(kate, live_server, f"/training/events/{on.pk}/register/")
    row = kate.get_by_role("row", name=re.compile("Amira Khan"))
    row.get_by_label("Did not attend", exact=True).check()
    submit(kate, "Save the register")
    assert Attendance.objects.get(booking=booking).status == "no_show"

    visit(page, live_server, f"/training/bookings/{booking.pk}/")
    expect(page.get_by_role("link", name="Cancel the booking")).to_have_count(0)
    # Going to the cancel page directly does not cancel it either.
    visit(page, live_server, f"/training/bookings/{booking.pk}/cancel/")
    expect(page.locator("main")).to_contain_text("can no longer be cancelled")
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert booking.charge_reason == "No-show"
    finish(kate)
