"""Every training email says what to do next in a subject never cut mid-word, speaks
to its reader, and links to the page in MASA (built from MASA_BASE_URL)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from masa.core.models import Notification, Person
from masa.core.notify import SUBJECT_LIMIT, compose, fit_subject
from masa.learning import services
from masa.learning.models import Attendance, ChargeRule, Event
from tests import helpers as h
from tests.helpers import (
    BUSINESS_MANAGER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    PRACTITIONER,
    TRAINER,
    person,
)
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.django_db


def subject(action: str, title: str) -> str:
    return fit_subject(f"{action}: {title}")


LONG = (
    "Safeguarding adolescents at risk of criminal exploitation, county lines and "
    "serious youth violence: a multi-agency response"
)


def test_a_long_subject_ends_at_a_whole_word() -> None:
    made = subject("Approve or decline Amira Khan's place", LONG)
    assert len(made) <= SUBJECT_LIMIT
    assert made.endswith("…")
    kept = made.removeprefix("Approve or decline Amira Khan's place: ").removesuffix("…")
    assert LONG.startswith(kept)
    assert LONG[len(kept)] == " "  # the next character starts a new word
    assert subject("Place approved", "Neglect") == "Place approved: Neglect"


@override_settings(BASE_URL="https://masa.example.org")
def test_each_reader_is_spoken_to_and_given_a_link(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    on = event(course(title=LONG), trainers=[person(TRAINER)])
    ChargeRule.objects.update_or_create(
        partnership=on.partnership, kind="no_show", defaults={"amount": 60}
    )
    ChargeRule.objects.update_or_create(
        partnership=on.partnership, kind="late_cancellation", defaults={"amount": 40}
    )
    no_show = book(PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    late = book(MASH_PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            acting=h.acting(TRAINER), booking=no_show, status=Attendance.Status.NO_SHOW
        )
        services.booking_cancel(
            acting=h.acting(MASH_PRACTITIONER),
            booking=late,
            now=on.cancellation_deadline + datetime.timedelta(minutes=1),
        )
    learner_name = person(PRACTITIONER).full_name
    by_reader = {(tuple(m.to), m.subject.split(":")[0]): m for m in mail.outbox}
    to_learner = by_reader[((PRACTITIONER,), "You did not attend")]
    assert learner_name not in to_learner.body  # not told about herself by name
    assert "you did not attend" in to_learner.body
    assert "£60.00" in to_learner.body
    to_manager = by_reader[((MASH_MANAGER,), f"{learner_name} did not attend")]
    assert f"{learner_name} did not attend" in to_manager.body
    assert by_reader[((MASH_PRACTITIONER,), "You cancelled late")]
    for message in mail.outbox:
        assert len(message.subject) <= SUBJECT_LIMIT
        assert message.subject.endswith("…")
        assert len(message.to) == 1  # nobody sees another learner's address
        booking = no_show if learner_name in message.subject or PRACTITIONER in message.to else late
        link = "https://masa.example.org" + reverse("learning:booking", args=[booking.pk])
        assert link in message.body, message.body


def _told(booking: Any) -> list[tuple[str, str]]:
    """(message, address) of each notification recorded about `booking`, in order."""
    return list(
        Notification.objects.filter(target_type="learning.booking", target_id=str(booking.pk))
        .order_by("pk")
        .values_list("message", "address")
    )


def test_each_send_records_a_notification(demo: None) -> None:
    on = event(course(title="Zq Notified", needs_manager_approval=True), capacity=1)
    asked = book(PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    services.booking_approve(acting=h.acting(MASH_MANAGER), booking=asked, approve=True)
    waiting = book(MASH_PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    services.booking_approve(acting=h.acting(MASH_MANAGER), booking=waiting, approve=True)
    services.booking_cancel(
        acting=h.acting(PRACTITIONER),
        booking=asked,
        now=on.cancellation_deadline + datetime.timedelta(minutes=1),
    )
    assert _told(asked) == [
        ("learning/approval_request", MASH_MANAGER),
        ("learning/approval_decided", PRACTITIONER),
        ("learning/late_cancellation", PRACTITIONER),
        ("learning/late_cancellation", MASH_MANAGER),
    ]
    services.event_cancel(acting=h.acting(BUSINESS_MANAGER), event=on, reason="Ill.")
    assert _told(waiting)[-3:] == [
        ("learning/place_offered", MASH_PRACTITIONER),
        ("learning/event_cancelled", MASH_PRACTITIONER),
        ("learning/event_cancelled", MASH_MANAGER),
    ]
    held = event(course(title="Zq Notified held"), capacity=2, trainers=[person(TRAINER)])
    missed = book(PRACTITIONER, held, line_manager=person(MASH_MANAGER))
    services.attendance_record(
        acting=h.acting(TRAINER), booking=missed, status=Attendance.Status.NO_SHOW
    )
    assert _told(missed) == [
        ("learning/no_show", PRACTITIONER),
        ("learning/no_show", MASH_MANAGER),
    ]
    recorded = Notification.objects.filter(message="learning/no_show").latest("pk")
    assert recorded.partnership_id == held.partnership_id
    assert recorded.recipient == person(MASH_MANAGER)


def test_evaluation_reminders_record_a_notification(demo: None) -> None:
    on = event(course(title="Zq Reminded"), capacity=2)
    booking = book(PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    services.evaluation_reminders_send(now=on.starts_at - datetime.timedelta(days=6))
    assert _told(booking) == [("learning/evaluation_due", PRACTITIONER)]
    ends = timezone.now() - services.SIX_MONTHS_AFTER - datetime.timedelta(days=1)
    Event.objects.filter(pk=on.pk).update(
        starts_at=ends - datetime.timedelta(hours=3), ends_at=ends
    )
    services.attendance_record(
        acting=h.acting(TRAINER), booking=booking, status=Attendance.Status.ATTENDED
    )
    services.evaluation_reminders_send()
    assert ("learning/manager_review_due", MASH_MANAGER) in _told(booking)


MESSAGES = [
    "approval_request",
    "approval_decided",
    "place_offered",
    "late_cancellation",
    "no_show",
    "evaluation_due",
    "manager_review_due",
    "event_cancelled",
]


@pytest.mark.parametrize("message", MESSAGES)
@pytest.mark.parametrize("reader", ["learner", "line manager"])
def test_every_message_speaks_to_its_reader_and_links_to_the_page(
    message: str, reader: str
) -> None:
    learner = Person(pk=1, full_name="Sam Lee", email="sam@example.org")
    manager = Person(pk=2, full_name="Ana Cole", email="ana@example.org")
    words = compose(
        f"learning/{message}",
        {
            "title": LONG,
            "event_text": "Neglect on Tuesday 8 December 2026 at 09:30, online",
            "learner_id": learner.pk,
            "learner_name": learner.full_name,
            "link": "https://masa.example.org/training/bookings/7/",
            "recipient": learner if reader == "learner" else manager,
            "agency": "Northbridge Academy",
            "manager": manager.full_name,
            "by": "Friday 11 December 2026 at 17:00",
            "by_day": "Friday 11 December 2026",
            "charge": "There is no charge.",
            "deadline": "Friday 4 December 2026 at 23:59",
            "stage_label": "after the course",
            "reason": "The trainer is ill.",
        },
    )
    assert re.search(r"\byou", words.body, re.IGNORECASE), words.body
    assert "https://masa.example.org/training/bookings/7/" in words.body
    assert len(words.subject) <= SUBJECT_LIMIT
    assert words.subject.endswith("…")  # the long title is shortened at a whole word
