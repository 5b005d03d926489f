"""Training in a real browser: a practitioner joins a waiting list and is offered the
place when someone cancels; books an event on the day, is marked present by the
trainer, gives the after-course evaluation and downloads the certificate. Every
page is checked with axe (see conftest)."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.core.acting import acting_in
from masa.core.models import Partnership, Person
from masa.learning import services
from masa.learning.models import Booking, Course, Event
from tests.browser.conftest import check, finish, follow, new_page, sign_in, submit, visit

AMIRA = "amira.khan@northbridge-academy.example"
ROSA = "rosa.evans@canalstreet-gp.example"
KATE = "kate.brennan@northbridge-womensaid.example"
ELEANOR = "eleanor.hughes@northbridge.example"


def _event(title: str, *, starts_in: datetime.timedelta, capacity: int) -> Event:
    northbridge = Partnership.objects.get(slug="northbridge")
    course = Course.objects.create(
        partnership=northbridge,
        title=title,
        level=2,
        learning_outcomes="Recognise neglect early and know when to refer.",
        duration_minutes=180,
        mode=Course.Mode.FACE_TO_FACE,
    )
    manager = Person.objects.get(email=ELEANOR)
    starts = timezone.now() + starts_in
    return services.event_create(
        acting=acting_in(manager, northbridge),
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=capacity,
        venue="Northbridge Council House, Room 2",
        trainers=[Person.objects.get(email=KATE)],
        booking_deadline=timezone.now() + datetime.timedelta(hours=1),
    )


def _as(browser: Browser, live_server: LiveServer, email: str) -> Page:
    _, page = new_page(browser)
    sign_in(page, live_server, email)
    return page


def test_waiting_list_offer_attendance_evaluation_certificate(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    full = _event(
        "Zq Neglect in the early years", starts_in=datetime.timedelta(days=20), capacity=1
    )
    today = _event(
        "Zq Neglect: the day course", starts_in=-datetime.timedelta(minutes=10), capacity=20
    )

    # Rosa takes the only place on the later event.
    rosa = _as(browser, live_server, ROSA)
    visit(rosa, live_server, f"/training/events/{full.pk}/")
    follow(rosa, "Book a place")
    submit(rosa, "Book the place")

    # Amira finds it full and joins the waiting list.
    sign_in(page, live_server, AMIRA)
    follow(page, "Training", within=page.get_by_role("navigation", name="Menu"))
    visit(page, live_server, f"/training/events/{full.pk}/")
    follow(page, "Join the waiting list")
    submit(page, "Join the waiting list")
    assert Booking.objects.get(event=full, learner__email=AMIRA).status == "waiting"

    # Rosa cancels; the place is offered to Amira, who accepts it.
    visit(rosa, live_server, f"/training/events/{full.pk}/")
    follow(rosa, "Cancel your booking")
    submit(rosa, "Cancel the booking")
    follow(page, "My training", within=page.get_by_role("navigation", name="Menu"))
    expect(page.locator("main")).to_contain_text("Zq Neglect in the early years")
    visit(page, live_server, f"/training/events/{full.pk}/")
    submit(page, "Accept the place")
    assert Booking.objects.get(event=full, learner__email=AMIRA).status == "confirmed"

    # Amira books the day course, which has started; Kate marks her present.
    visit(page, live_server, f"/training/events/{today.pk}/")
    follow(page, "Book a place")
    submit(page, "Book the place")
    kate = _as(browser, live_server, KATE)
    visit(kate, live_server, f"/training/events/{today.pk}/register/")
    row = kate.get_by_role("row", name=re.compile("Amira Khan"))
    row.get_by_label("Attended", exact=True).check()
    submit(kate, "Save the register")

    # Amira gives the after-course evaluation, and the certificate is released.
    visit(page, live_server, "/training/my-bookings/")
    follow(page, "Give the evaluation: after the course", exact=False)
    for group in page.locator(".govuk-radios").all():
        group.locator("input[value='4']").check()
    for box in page.locator("textarea").all():
        box.fill("I will ask about food and sleep when a child seems tired.")
    submit(page, "Send the evaluation")
    visit(page, live_server, "/training/my-bookings/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the certificate")).click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"Amira Khan" in pdf
    expect(page.locator("main")).to_contain_text("Zq Neglect: the day course")
    check(page)
    # The business unit cancels the later event: the reason is required.
    eleanor = _as(browser, live_server, ELEANOR)
    visit(eleanor, live_server, f"/training/events/{full.pk}/")
    follow(eleanor, "Cancel this event")
    submit(eleanor, "Cancel the event", status=400)
    expect(eleanor.locator(".govuk-error-summary")).to_contain_text("why the event is cancelled")
    eleanor.get_by_label("Why is the event cancelled?").fill("The venue is closed for repairs.")
    submit(eleanor, "Cancel the event")
    expect(eleanor.locator("main")).to_contain_text("This event has been cancelled")
    assert Booking.objects.get(event=full, learner__email=AMIRA).status == "cancelled"
    for other in (rosa, kate, eleanor):
        finish(other)
