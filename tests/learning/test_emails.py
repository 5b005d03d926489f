"""Every training email says what to do next in a subject never cut mid-word, speaks
to its reader, and links to the page in MASA (built from MASA_BASE_URL)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test.utils import override_settings
from django.urls import reverse

from masa.learning import services
from masa.learning.emails import SUBJECT_LIMIT, subject
from masa.learning.models import Attendance, ChargeRule
from tests import helpers as h
from tests.helpers import MASH_MANAGER, MASH_PRACTITIONER, PRACTITIONER, TRAINER, person
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.django_db

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
