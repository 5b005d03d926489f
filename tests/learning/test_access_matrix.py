"""Training pages against every demo person: who may see each, and that everyone else
(another learner, another partnership, no role) is refused with 404."""

from __future__ import annotations

from typing import Any

import pytest

from tests import helpers as h
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.usefixtures("demo")

MANAGERS = {h.BUSINESS_UNIT_OFFICER, h.BUSINESS_MANAGER}
NO_TRAINING = {h.SYSADMIN}
EVERYONE_NORTHBRIDGE = (
    set(h.EVERYONE)
    - NO_TRAINING
    - {
        h.SOUTHMOOR_MANAGER,
        h.SOUTHMOOR_PRACTITIONER,
    }
)


@pytest.fixture
def records() -> dict[str, Any]:
    northbridge = event(course(title="Zq Access neglect"), capacity=5)
    northbridge.trainers.add(h.person(h.TRAINER))
    southmoor = event(course("southmoor", title="Zq Access Southmoor"), capacity=5)
    booking = book(h.PRACTITIONER, northbridge, line_manager=h.person(h.GP_PRACTITIONER))
    return {"nb_event": northbridge.pk, "sm_event": southmoor.pk, "booking": booking.pk}


MATRIX: list[tuple[str, set[str]]] = [
    ("/training/events/{nb_event}/", EVERYONE_NORTHBRIDGE),
    ("/training/events/{sm_event}/", {h.SOUTHMOOR_MANAGER, h.SOUTHMOOR_PRACTITIONER}),
    # The learner, their line manager, the event's trainer and the business unit.
    ("/training/bookings/{booking}/", {h.PRACTITIONER, h.GP_PRACTITIONER, h.TRAINER} | MANAGERS),
    ("/training/manage/", MANAGERS | {h.SOUTHMOOR_MANAGER}),
    ("/training/manage/trainers/", MANAGERS | {h.SOUTHMOOR_MANAGER}),
    ("/training/my-events/", {h.TRAINER}),
    ("/training/manage/events/{nb_event}/cancel/", MANAGERS),
    ("/training/events/{nb_event}/register/", {h.TRAINER} | MANAGERS),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected
