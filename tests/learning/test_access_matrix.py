"""Training pages against every demo person: who may see each, and that everyone else
(another learner, another partnership, no role) is refused with 404.

`MATRIX` covers every page of the `learning:` namespace that answers a GET;
`POST_ONLY` names the test below that covers the page that only takes a POST
(tests/core/test_every_url.py checks both)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from masa.learning import services
from masa.learning.evaluation import evaluation_defaults_ensure
from masa.learning.models import Course, EvaluationStage, NeedsSurvey
from tests import helpers as h
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.usefixtures("demo")

MANAGERS = {h.BUSINESS_UNIT_OFFICER, h.BUSINESS_MANAGER}
NO_TRAINING = {h.SYSADMIN}
SOUTHMOOR = {h.SOUTHMOOR_MANAGER, h.SOUTHMOOR_PRACTITIONER}
EVERYONE_NORTHBRIDGE = set(h.EVERYONE) - NO_TRAINING - SOUTHMOOR
EVERYONE_WITH_TRAINING = set(h.EVERYONE) - NO_TRAINING
# Learners: everyone whose roles include booking training.
LEARNERS = EVERYONE_WITH_TRAINING - MANAGERS - {h.SOUTHMOOR_MANAGER, h.EXECUTIVE, h.SCRUTINEER}
LEARNERS_NORTHBRIDGE = LEARNERS - SOUTHMOOR
# The training reports (figures only): the business unit, and everyone who reads the
# dashboards; practitioners do not.
PRACTITIONERS = {h.PRACTITIONER, h.GP_PRACTITIONER, h.SOUTHMOOR_PRACTITIONER}
REPORT_READERS = EVERYONE_WITH_TRAINING - PRACTITIONERS
# The learner, their line manager (with no role in training needed) and the trainer.
LEARNER, LINE_MANAGER = h.PRACTITIONER, h.GP_PRACTITIONER


def _attended_with_evaluation(booking: Any) -> None:
    """Move the booking's event into the past, record attendance and the learner's
    after-course evaluation: the certificate is then released."""
    ends = timezone.now() - datetime.timedelta(hours=1)
    type(booking.event).objects.filter(pk=booking.event_id).update(
        starts_at=ends - datetime.timedelta(hours=3), ends_at=ends
    )
    booking.refresh_from_db()
    services.attendance_record(acting=h.acting(h.TRAINER), booking=booking, status="attended")
    evaluation_defaults_ensure(booking.partnership)
    form = services.evaluation_form_for(booking.event.course, EvaluationStage.AFTER)
    assert form is not None
    answers = {
        str(q.number): ("4" if q.kind == "scale" else "Useful.") for q in form.questions.all()
    }
    services.evaluation_submit(
        acting=h.acting(LEARNER), booking=booking, stage="after", answers=answers
    )


@pytest.fixture
def records() -> dict[str, Any]:
    northbridge = event(course(title="Zq Access neglect"), capacity=5)
    northbridge.trainers.add(h.person(h.TRAINER))
    southmoor = event(course("southmoor", title="Zq Access Southmoor"), capacity=5)
    booking = book(LEARNER, northbridge, line_manager=h.person(LINE_MANAGER))
    done_on = event(course(title="Zq Access certificate"), capacity=5)
    done_on.trainers.add(h.person(h.TRAINER))
    done = book(LEARNER, done_on, line_manager=h.person(LINE_MANAGER))
    _attended_with_evaluation(done)
    unbooked = event(course(title="Zq Access open"), capacity=5)
    recorded = course(title="Zq Access recording", mode=Course.Mode.RECORDING)
    survey = NeedsSurvey.objects.create(
        partnership=northbridge.partnership,
        year=2099,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return {
        "nb_event": northbridge.pk,
        "nb_course": northbridge.course_id,
        "sm_event": southmoor.pk,
        "open_event": unbooked.pk,
        "booking": booking.pk,
        "done": done.pk,
        "recording": recorded.pk,
        "year": survey.year,
    }


MATRIX: list[tuple[str, set[str]]] = [
    # The programme.
    ("/training/", EVERYONE_WITH_TRAINING),
    ("/training/courses/{nb_course}/", EVERYONE_NORTHBRIDGE),
    ("/training/events/{nb_event}/", EVERYONE_NORTHBRIDGE),
    ("/training/events/{sm_event}/", SOUTHMOOR),
    ("/training/events/{open_event}/book/", LEARNERS_NORTHBRIDGE),
    ("/training/courses/{recording}/recording/", EVERYONE_NORTHBRIDGE),
    # A learner's bookings; the learner, their line manager, the event's trainer and
    # the business unit open a booking; the trainer does not change it.
    ("/training/my-bookings/", LEARNERS),
    ("/training/bookings/{booking}/", {LEARNER, LINE_MANAGER, h.TRAINER} | MANAGERS),
    ("/training/bookings/{booking}/cancel/", {LEARNER, LINE_MANAGER} | MANAGERS),
    ("/training/bookings/{booking}/substitute/", {LEARNER, LINE_MANAGER}),
    # A line manager's part: any member may be one.
    ("/training/team/", set(h.EVERYONE)),
    ("/training/bookings/{booking}/approve/", {LINE_MANAGER}),
    ("/training/bookings/{booking}/evaluation/six_months/line-manager/", {LINE_MANAGER}),
    # The learner's own evaluation and certificate (the business unit may download it).
    ("/training/bookings/{booking}/evaluation/before/", {LEARNER}),
    ("/training/bookings/{done}/certificate.pdf", {LEARNER} | MANAGERS),
    # Delivery: the trainer's own events, every event for the business unit.
    ("/training/my-events/", {h.TRAINER}),
    ("/training/events/{nb_event}/register/", {h.TRAINER} | MANAGERS),
    ("/training/events/{nb_event}/attendance-import/", {h.TRAINER} | MANAGERS),
    # Running the programme.
    ("/training/manage/", MANAGERS | {h.SOUTHMOOR_MANAGER}),
    ("/training/manage/trainers/", MANAGERS | {h.SOUTHMOOR_MANAGER}),
    ("/training/manage/courses/new/", MANAGERS | {h.SOUTHMOOR_MANAGER}),
    ("/training/manage/courses/{nb_course}/", MANAGERS),
    ("/training/manage/courses/{nb_course}/events/new/", MANAGERS),
    ("/training/manage/events/{nb_event}/cancel/", MANAGERS),
    ("/training/manage/completions-import/", MANAGERS | {h.SOUTHMOOR_MANAGER}),
    # Reports and the training needs analysis.
    ("/training/reports/", REPORT_READERS),
    ("/training/reports.xlsx", REPORT_READERS),
    ("/training/needs/", LEARNERS | MANAGERS | {h.SOUTHMOOR_MANAGER}),
    ("/training/needs/{year}/", LEARNERS_NORTHBRIDGE),
]

POST_ONLY = {"learning:booking-accept": "test_only_the_learner_accepts_an_offer"}


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_only_the_learner_accepts_an_offer() -> None:
    on = event(course(title="Zq Access offer"), capacity=1)
    first = book(h.MASH_PRACTITIONER, on)
    waiting = book(LEARNER, on, line_manager=h.person(LINE_MANAGER))
    services.booking_cancel(acting=h.acting(h.MASH_PRACTITIONER), booking=first)
    url = f"/training/bookings/{waiting.pk}/accept/"
    # Anyone who may not open the booking is told it is not there.
    for email in (h.MASH_MANAGER, h.SOUTHMOOR_MANAGER, h.SYSADMIN):
        assert h.signed_in(email).post(url).status_code == 404
    # The line manager may open it but not accept for the learner.
    h.signed_in(LINE_MANAGER).post(url)
    waiting.refresh_from_db()
    assert waiting.status == waiting.Status.OFFERED
    assert h.signed_in(LEARNER).post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == waiting.Status.CONFIRMED
    assert h.signed_in(LEARNER).get(url).status_code == 405
