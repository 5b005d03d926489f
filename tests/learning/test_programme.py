"""The training programme and bookings pages: access, booking, the waiting list,
cancelling, offers, substitution, manager approval, programme management and bad input."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masa.core.models import Partnership
from masa.learning import services
from masa.learning.models import (
    Accreditation,
    Booking,
    ChargeRule,
    Course,
    Event,
    Theme,
    Unavailability,
)
from tests import helpers as h
from tests.helpers import (
    BUSINESS_MANAGER,
    BUSINESS_UNIT_OFFICER,
    GP_PRACTITIONER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    PRACTITIONER,
    SOUTHMOOR_MANAGER,
    SOUTHMOOR_PRACTITIONER,
    TRAINER,
    membership,
    person,
    signed_in,
)
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.django_db


def client_in(email: str, partnership: str = "northbridge") -> Client:
    client = signed_in(email)
    session = client.session
    session["partnership_id"] = Partnership.objects.get(slug=partnership).pk
    session.save()
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"learning:{name}", args=args)


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def text(response: Any) -> str:
    return str(response.content.decode())


# --- access -------------------------------------------------------------------------


def test_practitioner_can_see_the_catalogue_and_an_event(demo: None) -> None:
    on = event(course(title="Zq neglect: recognising and responding"), capacity=1)
    online = event(on.course)
    Event.objects.filter(pk=online.pk).update(venue="", joining_link="https://meet.example.org/a")
    client = client_in(PRACTITIONER)
    page = client.get(url("catalogue"))
    assert page.status_code == 200
    body = text(page)
    assert "Zq neglect: recognising and responding" in body
    assert "1 place left" in body
    assert "Online" in body
    book(GP_PRACTITIONER, on)
    body = text(client.get(url("catalogue")))
    assert "Full: join the waiting list" in body
    detail = client.get(url("event", on.pk))
    assert detail.status_code == 200
    assert "Join the waiting list" in text(detail)
    assert client.get(url("event", online.pk)).status_code == 200
    assert client.get(url("course", on.course_id)).status_code == 200


def test_catalogue_filters_and_junk_filters(demo: None) -> None:
    theme = Theme.objects.create(partnership=northbridge(), name="Zq exploitation")
    tagged = course(title="Zq child exploitation basics", level=1)
    tagged.themes.add(theme)
    full = event(tagged, capacity=1)
    book(GP_PRACTITIONER, full)
    event(course(title="Zq domestic abuse level 3", level=3, mode=Course.Mode.VIRTUAL))
    client = client_in(PRACTITIONER)
    body = text(client.get(url("catalogue"), {"q": "zq child exploitation"}))
    assert "Zq child exploitation basics" in body
    assert "Zq domestic abuse level 3" not in body
    body = text(client.get(url("catalogue"), {"theme": theme.pk}))
    assert "Zq child exploitation basics" in body
    assert "Zq domestic abuse level 3" not in body
    body = text(client.get(url("catalogue"), {"level": "3", "mode": "virtual"}))
    assert "Zq domestic abuse level 3" in body
    assert "Zq child exploitation basics" not in body
    body = text(client.get(url("catalogue"), {"q": "zq child exploitation", "available": "on"}))
    assert "No upcoming events match the filters" in body
    junk = client.get(url("catalogue"), {"level": "<script>", "theme": "x", "page": "zz"})
    assert junk.status_code == 400
    assert "Select one of the options" in text(junk)
    assert text(junk).count("<script") == text(client.get(url("catalogue"))).count("<script")


def test_catalogue_query_count_is_bounded(demo: None, django_assert_max_num_queries: Any) -> None:
    on = course(title="Zq bounded course")
    first = event(on, capacity=5)
    for email in (PRACTITIONER, GP_PRACTITIONER, TRAINER):
        book(email, first)
    start = timezone.now() + datetime.timedelta(days=40)
    Event.objects.bulk_create(
        Event(
            partnership=on.partnership,
            course=on if n % 2 else course(title=f"Zq other course {n}"),
            starts_at=start + datetime.timedelta(hours=n),
            ends_at=start + datetime.timedelta(hours=n + 2),
            capacity=20,
            confirmed_count=n % 21,
            booking_deadline=start,
            cancellation_deadline=start,
            venue="" if n % 3 else "Room 1",
        )
        for n in range(80)
    )
    client = client_in(PRACTITIONER)
    client.get(url("catalogue"))  # warm the session and caches
    with django_assert_max_num_queries(10):
        page = client.get(url("catalogue"))
    assert page.status_code == 200
    assert text(page).count('class="govuk-table__row"') == 51  # header + 50 rows
    with django_assert_max_num_queries(10):
        assert client.get(url("catalogue"), {"page": "2", "available": "on"}).status_code == 200


def test_southmoor_people_cannot_see_northbridge_events_or_bookings(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on)
    for email in (SOUTHMOOR_PRACTITIONER, SOUTHMOOR_MANAGER):
        client = client_in(email, "southmoor")
        assert client.get(url("event", on.pk)).status_code == 404
        assert client.get(url("course", on.course_id)).status_code == 404
        assert client.get(url("booking", booking.pk)).status_code == 404
        assert client.get(url("booking-cancel", booking.pk)).status_code == 404
        catalogue = client.get(url("catalogue"))
        assert catalogue.status_code in (200, 404)
        assert on.course.title not in text(catalogue)
    client = client_in(SOUTHMOOR_PRACTITIONER, "southmoor")
    assert client.get(url("event-book", on.pk)).status_code == 404
    assert client.post(url("event-book", on.pk)).status_code == 404
    assert not Booking.objects.filter(learner=person(SOUTHMOOR_PRACTITIONER)).exists()


def test_practitioner_cannot_open_manage_pages(demo: None) -> None:
    on = event()
    client = client_in(PRACTITIONER)
    for address in (
        url("manage"),
        url("course-new"),
        url("course-edit", on.course_id),
        url("event-new", on.course_id),
        url("trainers"),
    ):
        assert client.get(address).status_code == 404, address
        if address != url("manage"):
            assert client.post(address, {"title": "x"}).status_code == 404, address


def test_learner_cannot_see_another_learners_booking(demo: None) -> None:
    on = event()
    theirs = book(GP_PRACTITIONER, on)
    client = client_in(PRACTITIONER)
    assert client.get(url("booking", theirs.pk)).status_code == 404
    assert client.get(url("booking-cancel", theirs.pk)).status_code == 404
    assert client.post(url("booking-cancel", theirs.pk)).status_code == 404
    assert client.post(url("booking-accept", theirs.pk)).status_code == 404
    assert client.get(url("booking-substitute", theirs.pk)).status_code == 404
    assert (
        client.post(url("booking-approve", theirs.pk), {"decision": "approve"}).status_code == 404
    )
    assert "Test course" not in text(client.get(url("my-bookings")))
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.CONFIRMED


def test_line_manager_can_see_their_teams_booking(demo: None) -> None:
    on = event()
    booking = book(MASH_PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    client = client_in(MASH_MANAGER)
    page = client.get(url("booking", booking.pk))
    assert (page.status_code == 200 and "Ben Carter" in text(page)) or person(
        MASH_PRACTITIONER
    ).full_name in text(page)
    assert person(MASH_PRACTITIONER).full_name in text(client.get(url("team")))


def test_business_unit_can_see_every_booking(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on)
    for email in (BUSINESS_UNIT_OFFICER, BUSINESS_MANAGER):
        client = client_in(email)
        assert client.get(url("booking", booking.pk)).status_code == 200
        assert person(PRACTITIONER).full_name in text(client.get(url("event", on.pk)))


def test_trainer_can_see_bookings_on_their_events_but_not_cancel_them(demo: None) -> None:
    on = event(trainers=[person(TRAINER)])
    booking = book(PRACTITIONER, on)
    client = client_in(TRAINER)
    assert client.get(url("booking", booking.pk)).status_code == 200
    assert client.post(url("booking-cancel", booking.pk)).status_code == 404


# --- booking ------------------------------------------------------------------------


def test_booking_confirms_a_place(demo: None) -> None:
    on = event(capacity=2)
    client = client_in(PRACTITIONER)
    page = client.get(url("event-book", on.pk))
    assert page.status_code == 200
    assert "Book a place" in text(page)
    response = client.post(url("event-book", on.pk), {"line_manager": ""})
    booking = Booking.objects.get(event=on, learner=person(PRACTITIONER))
    assert response.status_code == 302
    assert response["Location"] == url("booking", booking.pk)
    assert booking.status == Booking.Status.CONFIRMED
    on.refresh_from_db()
    assert on.confirmed_count == 1
    mine = text(client.get(url("my-bookings")))
    assert on.course.title in mine
    assert "Give the evaluation: before the course" in mine
    # Asking to book again goes to the booking.
    assert client.get(url("event-book", on.pk))["Location"] == url("booking", booking.pk)


def test_full_event_puts_the_learner_on_the_waiting_list(demo: None) -> None:
    on = event(capacity=1)
    book(GP_PRACTITIONER, on)
    client = client_in(PRACTITIONER)
    assert "Join the waiting list" in text(client.get(url("event-book", on.pk)))
    client.post(url("event-book", on.pk))
    booking = Booking.objects.get(event=on, learner=person(PRACTITIONER))
    assert booking.status == Booking.Status.WAITING
    assert "Position 1 on the waiting list" in text(client.get(url("booking", booking.pk)))
    mine = text(client.get(url("my-bookings")))
    assert "On the waiting list" in mine


def test_double_submit_makes_one_booking(demo: None) -> None:
    on = event(capacity=5)
    client = client_in(PRACTITIONER)
    assert client.post(url("event-book", on.pk)).status_code == 302
    again = client.post(url("event-book", on.pk))
    assert again.status_code == 400
    assert "You already have a place" in text(again)
    assert Booking.objects.filter(event=on, learner=person(PRACTITIONER)).count() == 1
    on.refresh_from_db()
    assert on.confirmed_count == 1


def test_booking_closed_event_is_refused_with_a_message(demo: None) -> None:
    on = event()
    Event.objects.filter(pk=on.pk).update(booking_deadline=timezone.now())
    client = client_in(PRACTITIONER)
    response = client.post(url("event-book", on.pk))
    assert response.status_code == 400
    assert "Booking for this event has closed" in text(response)


def test_cancel_before_the_deadline_has_no_charge(demo: None) -> None:
    on = event()
    ChargeRule.objects.update_or_create(
        partnership=on.partnership, kind="late_cancellation", defaults={"amount": 50}
    )
    booking = book(PRACTITIONER, on)
    client = client_in(PRACTITIONER)
    page = client.get(url("booking-cancel", booking.pk))
    assert page.status_code == 200
    assert "there is no charge" in text(page)
    response = client.post(url("booking-cancel", booking.pk), {"reason": "<script>x</script>"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.charge == 0
    detail = text(client.get(url("booking", booking.pk)))
    assert "&lt;script&gt;x&lt;/script&gt;" in detail
    assert "<script>x" not in detail
    assert "Cancelled" in detail


def test_cancel_after_the_deadline_is_charged(demo: None) -> None:
    on = event()
    ChargeRule.objects.update_or_create(
        partnership=on.partnership, kind="late_cancellation", defaults={"amount": 50}
    )
    booking = book(PRACTITIONER, on)
    Event.objects.filter(pk=on.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    client = client_in(PRACTITIONER)
    page = text(client.get(url("booking-cancel", booking.pk)))
    assert "late cancellation" in page
    assert "£50.00" in page
    client.post(url("booking-cancel", booking.pk), {"reason": "Off sick"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.LATE_CANCELLED
    assert booking.charge == Decimal("50")
    mine = text(client.get(url("my-bookings")))
    assert "Cancelled late" in mine
    assert "£50.00" in mine


def test_accepting_an_offered_place(demo: None) -> None:
    on = event(capacity=1)
    first = book(GP_PRACTITIONER, on)
    second = book(PRACTITIONER, on)
    services.booking_cancel(acting=h.acting(GP_PRACTITIONER), booking=first)
    second.refresh_from_db()
    assert second.status == Booking.Status.OFFERED
    client = client_in(PRACTITIONER)
    mine = text(client.get(url("my-bookings")))
    assert "Places offered to you" in mine
    assert url("booking-accept", second.pk) in mine
    assert client.get(url("booking-accept", second.pk)).status_code == 405
    response = client.post(url("booking-accept", second.pk))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Booking.Status.CONFIRMED
    # Accepting again is refused with a message, not an error page.
    again = client.post(url("booking-accept", second.pk), follow=True)
    assert "There is no offer to accept" in text(again)


def test_passing_a_place_to_a_colleague(demo: None) -> None:
    on = event()
    booking = book(MASH_PRACTITIONER, on)
    client = client_in(MASH_PRACTITIONER)
    page = client.get(url("booking-substitute", booking.pk))
    assert page.status_code == 200
    assert person(MASH_MANAGER).full_name in text(page)
    bad = client.post(url("booking-substitute", booking.pk), {"colleague": "999999"})
    assert bad.status_code == 400
    assert "Select a colleague from the list" in text(bad)
    colleague = membership(MASH_MANAGER)
    response = client.post(url("booking-substitute", booking.pk), {"colleague": colleague.pk})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.SUBSTITUTED
    assert Booking.objects.get(event=on, learner=person(MASH_MANAGER)).status == "confirmed"


def test_manager_approval_flow(demo: None) -> None:
    on = event(course(needs_manager_approval=True), capacity=3)
    client = client_in(MASH_PRACTITIONER)
    page = text(client.get(url("event-book", on.pk)))
    assert "needs your line manager" in page
    missing = client.post(url("event-book", on.pk), {"line_manager": ""})
    assert missing.status_code == 400
    assert "Enter your line manager" in text(missing)
    junk = client.post(url("event-book", on.pk), {"line_manager": "abc"})
    assert junk.status_code == 400
    stranger = client.post(url("event-book", on.pk), {"line_manager": "nobody@example.org"})
    assert stranger.status_code == 400
    assert "as they use this service" in text(stranger)
    client.post(url("event-book", on.pk), {"line_manager": person(MASH_MANAGER).email.upper()})
    booking = Booking.objects.get(event=on, learner=person(MASH_PRACTITIONER))
    assert booking.status == Booking.Status.AWAITING_APPROVAL
    assert "Awaiting your line manager" in text(client.get(url("my-bookings")))
    # The learner cannot approve their own booking.
    assert (
        client.post(url("booking-approve", booking.pk), {"decision": "approve"}).status_code == 404
    )
    manager = client_in(MASH_MANAGER)
    team = text(manager.get(url("team")))
    waiting = Booking.objects.filter(
        line_manager=person(MASH_MANAGER), status=Booking.Status.AWAITING_APPROVAL
    ).count()  # this one, and the demo's
    assert f"Waiting for your approval: {waiting}" in team
    assert on.course.title in team
    maybe = manager.post(url("booking-approve", booking.pk), {"decision": "maybe"})
    assert maybe.status_code == 400
    assert "Select whether you approve or decline the place" in text(maybe)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.AWAITING_APPROVAL
    manager.post(url("booking-approve", booking.pk), {"decision": "approve"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    history = text(manager.get(url("booking", booking.pk)))
    assert "Approved by the line manager" in history


def test_line_manager_can_decline(demo: None) -> None:
    on = event(course(needs_manager_approval=True))
    booking = book(MASH_PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    client_in(MASH_MANAGER).post(url("booking-approve", booking.pk), {"decision": "decline"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED


# --- programme management -----------------------------------------------------------

COURSE = {
    "title": "Zq neglect level 2",
    "level": "2",
    "summary": "",
    "learning_outcomes": "Use the graded care profile.",
    "audience": "",
    "prerequisites": "",
    "duration_minutes": "180",
    "mode": "face_to_face",
    "needs_manager_approval": "no",
    "minimum_trainers": "2",
    "is_active": "yes",
}


def test_course_form_with_every_mandatory_field_missing(demo: None) -> None:
    client = client_in(BUSINESS_UNIT_OFFICER)
    assert client.get(url("course-new")).status_code == 200
    response = client.post(url("course-new"), {})
    assert response.status_code == 400
    body = text(response)
    for message in (
        "Enter the course title",
        "Select the level of the course",
        "Enter the learning outcomes",
        "Enter the duration",
        "Select how the course is delivered",
        "Select whether bookings need the line manager",
        "Enter the minimum number of trainers",
        "Select whether the course is in the programme",
    ):
        assert message in body, message
    assert "<title>Error:" in body


def test_course_form_junk_is_refused_and_text_escaped(demo: None) -> None:
    client = client_in(BUSINESS_UNIT_OFFICER)
    junk = {**COURSE, "level": "9", "duration_minutes": "-5", "minimum_trainers": "lots"}
    response = client.post(url("course-new"), junk)
    assert response.status_code == 400
    body = text(response)
    assert "Select a level from 1 to 4" in body
    assert "Enter the duration of 1 or more" in body
    assert "whole number" in body
    nul = client.post(url("course-new"), {**COURSE, "title": "a\x00b"})
    assert nul.status_code == 400
    theme = Theme.objects.create(partnership=northbridge(), name="Zq neglect")
    made = client.post(
        url("course-new"),
        {**COURSE, "title": "<script>alert(1)</script>", "themes": [str(theme.pk)]},
    )
    assert made.status_code == 302
    created = Course.objects.get(title="<script>alert(1)</script>")
    assert list(created.themes.all()) == [theme]
    page = text(client.get(url("course", created.pk)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    clash = client.post(url("course-new"), {**COURSE, "title": "<SCRIPT>alert(1)</script>"})
    assert clash.status_code == 400
    assert "already a course with this title" in text(clash)


def test_course_can_be_changed(demo: None) -> None:
    on = course(title="Zq old title")
    client = client_in(BUSINESS_MANAGER)
    page = client.get(url("course-edit", on.pk))
    assert page.status_code == 200
    assert "Zq old title" in text(page)
    response = client.post(url("course-edit", on.pk), {**COURSE, "title": "Zq new title"})
    assert response.status_code == 302
    on.refresh_from_db()
    assert on.title == "Zq new title"
    assert on.duration_minutes == 180


def _event_data(**overrides: str) -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=60)
    data = {
        "starts_on_day": str(day.day),
        "starts_on_month": str(day.month),
        "starts_on_year": str(day.year),
        "starts_time": "09:30",
        "ends_time": "12:30",
        "venue": "Council House",
        "joining_link": "",
        "capacity": "20",
    }
    data.update(overrides)
    return data


def test_event_form_with_every_mandatory_field_missing(demo: None) -> None:
    on = course()
    client = client_in(BUSINESS_UNIT_OFFICER)
    assert client.get(url("event-new", on.pk)).status_code == 200
    response = client.post(url("event-new", on.pk), {})
    assert response.status_code == 400
    body = text(response)
    for message in (
        "Enter the date of the event",
        "Enter the start time",
        "Enter the end time",
        "Enter the venue",
        "Enter the number of places",
    ):
        assert message in body, message


def test_event_form_refuses_junk(demo: None) -> None:
    on = course()
    client = client_in(BUSINESS_UNIT_OFFICER)
    for data, message in (
        (_event_data(starts_on_day="31", starts_on_month="2"), "must be a real date"),
        (_event_data(starts_on_year="27"), "Year must include 4 numbers"),
        (_event_data(starts_on_day="x"), "must be a real date"),
        (_event_data(capacity="-3"), "Enter the number of places of 1 or more"),
        (_event_data(capacity="ten"), "whole number"),
        (_event_data(starts_time="25:99"), "hours and minutes"),
        (_event_data(ends_time="08:00"), "The event must end after it starts"),
        (_event_data(starts_on_year="2001"), "must be in the future"),
        (_event_data(joining_link="javascript:alert(1)"), "web address"),
        (_event_data(trainers="12345"), "Select trainers accredited"),
    ):
        response = client.post(url("event-new", on.pk), data)
        assert response.status_code == 400, message
        assert message in text(response), message
    assert not on.events.exists()


def test_event_is_added_with_an_accredited_trainer(demo: None) -> None:
    on = course()
    trainer = person(TRAINER)
    Accreditation.objects.create(course=on, trainer=trainer)
    client = client_in(BUSINESS_UNIT_OFFICER)
    assert trainer.full_name in text(client.get(url("event-new", on.pk)))
    day = timezone.localdate() + datetime.timedelta(days=60)
    Unavailability.objects.create(trainer=trainer, starts_on=day, ends_on=day)
    busy = client.post(url("event-new", on.pk), _event_data(trainers=str(trainer.pk)))
    assert busy.status_code == 400
    assert "unavailable" in text(busy)
    Unavailability.objects.filter(trainer=trainer).delete()
    closes = day - datetime.timedelta(days=7)
    response = client.post(
        url("event-new", on.pk),
        _event_data(
            trainers=str(trainer.pk),
            booking_deadline_day=str(closes.day),
            booking_deadline_month=str(closes.month),
            booking_deadline_year=str(closes.year),
        ),
    )
    assert response.status_code == 302
    made = on.events.get()
    assert list(made.trainers.all()) == [trainer]
    assert made.capacity == 20
    assert timezone.localtime(made.booking_deadline).date() == closes
    assert timezone.localtime(made.starts_at).time() == datetime.time(9, 30)


def test_virtual_event_needs_a_joining_link(demo: None) -> None:
    on = course(mode=Course.Mode.VIRTUAL)
    client = client_in(BUSINESS_UNIT_OFFICER)
    response = client.post(url("event-new", on.pk), _event_data(venue=""))
    assert response.status_code == 400
    assert "Enter the joining link" in text(response)
    ok = client.post(
        url("event-new", on.pk), _event_data(venue="", joining_link="https://meet.example.org/x")
    )
    assert ok.status_code == 302
    assert "Online" in text(client_in(PRACTITIONER).get(url("catalogue")))


def test_programme_overview_warns_about_the_trainer_pool(demo: None) -> None:
    thin = course(title="Zq neglect level 2 thin pool", minimum_trainers=2)
    Accreditation.objects.create(course=thin, trainer=person(TRAINER))
    untrained = event(thin, capacity=10)
    book(PRACTITIONER, untrained)
    client = client_in(BUSINESS_UNIT_OFFICER)
    page = text(client.get(url("manage")))
    assert "Zq neglect level 2 thin pool</a>: only 1 active trainer; the course needs 2" in page
    assert "Upcoming events with no trainer" in page
    assert "10%" in page
    detail = text(client.get(url("course", thin.pk)))
    assert "Only 1 active trainer; the course needs 2" in detail
    learner_view = text(client_in(PRACTITIONER).get(url("course", thin.pk)))
    assert "active trainer" not in learner_view


def test_trainer_pool_accredit_deactivate_and_unavailability(demo: None) -> None:
    on = course(title="Zq pool course")
    trainer = person(TRAINER)
    client = client_in(BUSINESS_MANAGER)
    assert client.get(url("trainers")).status_code == 200
    missing = client.post(url("trainers"), {"action": "accredit"})
    assert missing.status_code == 400
    assert "Select the course" in text(missing)
    response = client.post(
        url("trainers"),
        {"action": "accredit", "accredit-course": on.pk, "accredit-trainer": trainer.pk},
    )
    assert response.status_code == 302
    accreditation = Accreditation.objects.get(course=on, trainer=trainer)
    twice = client.post(
        url("trainers"),
        {"action": "accredit", "accredit-course": on.pk, "accredit-trainer": trainer.pk},
    )
    assert twice.status_code == 400
    assert "already accredited" in text(twice)
    client.post(url("trainers"), {"action": "deactivate", "accreditation": accreditation.pk})
    accreditation.refresh_from_db()
    assert not accreditation.is_active
    assert (
        client.post(url("trainers"), {"action": "deactivate", "accreditation": "nope"}).status_code
        == 404
    )
    bad = client.post(
        url("trainers"),
        {
            "action": "away",
            "away-trainer": trainer.pk,
            "away-starts_on_day": "10",
            "away-starts_on_month": "3",
            "away-starts_on_year": "2027",
            "away-ends_on_day": "1",
            "away-ends_on_month": "3",
            "away-ends_on_year": "2027",
        },
    )
    assert bad.status_code == 400
    assert "The last day must be the same as or after" in text(bad)
    client.post(
        url("trainers"),
        {
            "action": "away",
            "away-trainer": trainer.pk,
            "away-starts_on_day": "1",
            "away-starts_on_month": "3",
            "away-starts_on_year": str(timezone.localdate().year + 1),
            "away-ends_on_day": "5",
            "away-ends_on_month": "3",
            "away-ends_on_year": str(timezone.localdate().year + 1),
            "away-reason": "<b>Leave</b>",
        },
    )
    assert Unavailability.objects.filter(trainer=trainer, reason="<b>Leave</b>").count() == 1
    page = text(client.get(url("trainers")))
    assert "&lt;b&gt;Leave&lt;/b&gt;" in page
    assert "Not active" in page


def test_trainer_pool_counts_events_delivered(demo: None) -> None:
    on = course(title="Zq delivered course")
    trainer = person(TRAINER)
    Accreditation.objects.create(course=on, trainer=trainer)
    past = event(on, trainers=[trainer])
    Event.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=10) + datetime.timedelta(hours=3),
    )
    client = client_in(BUSINESS_MANAGER)
    pool = client.get(url("trainers")).context["pool"]
    row = next(item for item in pool if item.course.pk == on.pk).trainers[0]
    assert row.delivered == 1


def test_business_unit_can_cancel_an_event_and_every_booking_ends_without_charge(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    on = event(capacity=1)
    placed = book(PRACTITIONER, on)
    waiting = book(GP_PRACTITIONER, on)
    client = client_in(BUSINESS_UNIT_OFFICER)
    assert "Cancel this event" in text(client.get(url("event", on.pk)))
    missing = client.post(url("event-cancel", on.pk), {"reason": ""})
    assert missing.status_code == 400
    assert "Enter why the event is cancelled" in text(missing)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url("event-cancel", on.pk), {"reason": "The trainer is ill."})
    assert done.status_code == 302
    on.refresh_from_db()
    assert (on.status, on.confirmed_count) == ("cancelled", 0)
    for booking in (placed, waiting):
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CANCELLED
        assert booking.charge == 0
    assert any("The trainer is ill." in message.body for message in mail.outbox)
    # Cancelling again changes nothing.
    again = client.post(url("event-cancel", on.pk), {"reason": "Twice"})
    assert again.status_code == 302


def test_practitioner_cannot_cancel_an_event(demo: None) -> None:
    on = event()
    assert client_in(PRACTITIONER).get(url("event-cancel", on.pk)).status_code == 404


def test_completions_import_is_linked_from_where_training_is_managed(demo: None) -> None:
    client = client_in(BUSINESS_UNIT_OFFICER)
    address = url("completions-import")
    assert address in text(client.get(url("manage")))
    assert address in text(client.get(url("catalogue")))
    assert address not in text(client_in(PRACTITIONER).get(url("catalogue")))
