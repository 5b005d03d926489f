"""The demo's training year: deterministic, idempotent, consistent with the booking
rules, and showing what the partnership needs to see (a thin trainer pool, every
stage of evaluation, a full event with a waiting list and an open offer)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.db.models import Count, F, Q

from masa.core import clocks
from masa.core.models import AuditEvent, Membership
from masa.demo import anchor, build, learning
from masa.frontdoor.services import LONDON
from masa.learning import services
from masa.learning.models import (
    Accreditation,
    Attendance,
    Booking,
    Completion,
    Course,
    EvaluationResponse,
    EvaluationStage,
    Event,
    NeedsResponse,
    NeedsSurvey,
)
from tests.helpers import PRACTITIONER, TRAINER, person

# Another anchor than the story's: a Tuesday afternoon in June.
JUNE = datetime.datetime(2026, 6, 2, 14, 0, tzinfo=LONDON)


def built() -> datetime.datetime:
    """The anchor the session's demo was built with (the day the tests started)."""
    moment = anchor.recorded()
    assert moment is not None
    return moment


def _digest(programme: learning.Programme) -> list[tuple[Any, ...]]:
    return [
        (
            event.course,
            event.starts_at,
            event.capacity,
            event.trainers,
            tuple(
                (
                    b.learner,
                    b.status,
                    b.booked_at,
                    b.joined_waiting_list_at,
                    b.cancelled_at,
                    b.charge,
                    b.attendance.status if b.attendance else None,
                    tuple((e.stage, e.knowledge, e.confidence, e.texts) for e in b.evaluations),
                )
                for b in event.bookings
            ),
        )
        for event in programme.events
    ]


# --- generation, without a database ----------------------------------------------


def test_the_same_seed_plans_the_same_year() -> None:
    first = learning.generate()
    assert _digest(first) == _digest(learning.generate())
    assert _digest(learning.generate(seed=learning.SEED + 1)) != _digest(first)


def test_the_volume_is_a_parameter() -> None:
    programme = learning.generate(events=200, bookings=6_000)
    assert len(programme.events) == 200
    assert 5_500 <= len(list(programme.bookings())) <= 6_500


@pytest.mark.parametrize("moment", [anchor.STORY, JUNE])
def test_the_plan_keeps_the_booking_rules(moment: datetime.datetime) -> None:
    programme = learning.generate(anchor=moment)
    for event in programme.events:
        assert event.confirmed_count <= event.capacity
        active = [b.learner for b in event.bookings if b.status in Booking.ACTIVE]
        assert len(active) == len(set(active)), "one active booking per person per event"
        queue = [b for b in event.bookings if b.status == Booking.Status.WAITING]
        if queue:
            # People wait only when the event is full.
            assert event.confirmed_count == event.capacity or event.starts_at < programme.anchor
        for booking in event.bookings:
            assert booking.booked_at <= programme.anchor
            if booking.status == Booking.Status.LATE_CANCELLED:
                assert booking.cancelled_at is not None
                assert booking.cancelled_at > event.cancellation_deadline
            if booking.attendance is not None:
                assert booking.status == Booking.Status.CONFIRMED
                assert event.ends_at <= programme.anchor


# --- the demo as built (the session's database) -----------------------------------


@pytest.mark.django_db
def test_about_fifty_events_and_fifteen_hundred_bookings(demo: None) -> None:
    events = Event.objects.filter(partnership__slug="northbridge")
    assert events.count() == learning.EVENTS
    bookings = Booking.objects.filter(partnership__slug="northbridge").count()
    assert 1_400 <= bookings <= 1_600
    assert 10 <= Course.objects.filter(partnership__slug="northbridge").count() <= 14
    upcoming = events.filter(starts_at__gt=built())
    assert events.filter(starts_at__lt=built()).count() > upcoming.count() > 5
    assert upcoming.filter(confirmed_count__lt=F("capacity"), confirmed_count__gt=0).exists()


@pytest.mark.django_db
def test_cancellations_and_no_shows_are_realistic(demo: None) -> None:
    bookings = Booking.objects.filter(partnership__slug="northbridge")
    statuses = Counter(bookings.values_list("status", flat=True))
    total = sum(statuses.values())
    assert 0.05 <= statuses["cancelled"] / total <= 0.11
    assert 0.015 <= statuses["late_cancelled"] / total <= 0.045
    marks = Attendance.objects.filter(booking__partnership__slug="northbridge")
    no_shows = marks.filter(status=Attendance.Status.NO_SHOW)
    assert 0.05 <= no_shows.count() / marks.count() <= 0.10
    assert marks.filter(status=Attendance.Status.PARTIAL).exists()
    assert {m.source for m in marks.only("source")} == set(Attendance.Source.values)
    # Charged as the partnership's rules say.
    assert not no_shows.exclude(booking__charge=learning.NO_SHOW_FEE).exists()
    late = bookings.filter(status=Booking.Status.LATE_CANCELLED)
    assert not late.exclude(charge=learning.LATE_CANCELLATION_FEE).exists()
    # No-shows rise over the year.
    half = learning.programme_start(built()) + datetime.timedelta(days=122)
    early = marks.filter(booking__event__starts_at__date__lt=half)
    later = marks.filter(booking__event__starts_at__date__gte=half)
    rate = [q.filter(status="no_show").count() / q.count() for q in (early, later)]
    assert rate[0] < rate[1]


@pytest.mark.django_db
def test_confirmed_count_is_the_confirmed_and_offered_places(demo: None) -> None:
    held = Count("bookings", filter=Q(bookings__status__in=["confirmed", "offered"]))
    events = Event.objects.annotate(held=held)
    assert events.exists()
    assert not events.exclude(held=F("confirmed_count")).exists()
    assert not events.filter(confirmed_count__gt=F("capacity")).exists()


@pytest.mark.django_db
def test_one_full_event_has_a_waiting_list_and_an_open_offer(demo: None) -> None:
    offered = Booking.objects.get(status=Booking.Status.OFFERED)
    event = offered.event
    assert event.starts_at > built()
    assert event.confirmed_count == event.capacity
    assert offered.offer_expires_at is not None
    assert offered.offer_expires_at > built()
    queue = event.bookings.filter(status=Booking.Status.WAITING).order_by(
        "joined_waiting_list_at", "pk"
    )
    assert queue.count() >= 5
    first, joined = offered.joined_waiting_list_at, queue[0].joined_waiting_list_at
    assert first is not None
    assert joined is not None
    assert first <= joined


@pytest.mark.django_db
def test_the_level_2_neglect_course_has_a_thin_trainer_pool(demo: None) -> None:
    neglect = Course.objects.get(partnership__slug="northbridge", title=learning.NEGLECT_COURSE)
    assert neglect.level == 2
    active = neglect.accreditations.filter(is_active=True).count()
    assert active == 1 < neglect.minimum_trainers
    assert neglect.accreditations.filter(is_active=False).exists()  # someone left the pool
    for course in Course.objects.filter(partnership__slug="northbridge").exclude(pk=neglect.pk):
        assert course.accreditations.filter(is_active=True).count() >= course.minimum_trainers


@pytest.mark.django_db
def test_trainers_are_accredited_and_deliver_events(demo: None) -> None:
    kate = person(TRAINER)
    assert Accreditation.objects.filter(trainer=kate, is_active=True).count() >= 3
    delivered = Event.objects.filter(trainers=kate)
    assert delivered.filter(starts_at__lt=built()).exists()
    assert delivered.filter(starts_at__gt=built()).exists()
    trainers = Membership.objects.filter(partnership__slug="northbridge", roles__slug="trainer")
    assert trainers.count() >= len(learning.TRAINERS)


@pytest.mark.django_db
def test_every_stage_of_evaluation_is_present_and_learning_improves(demo: None) -> None:
    answers = EvaluationResponse.objects.filter(booking__partnership__slug="northbridge")
    stages = Counter(answers.values_list("stage", flat=True))
    assert set(stages) == set(EvaluationStage.values)
    confirmed = Booking.objects.filter(partnership__slug="northbridge", status="confirmed")
    attended = Attendance.objects.filter(booking__in=confirmed).exclude(status="no_show")
    assert 0.6 <= stages["before"] / confirmed.count() <= 0.8
    assert 0.5 <= stages["after"] / attended.count() <= 0.7
    assert stages["after"] > stages["impact"] > stages["six_months"] > 0
    # Knowledge and confidence rise on average from before to after.
    before = answers.filter(stage="before")
    after = answers.filter(stage="after")
    for measure in ("knowledge", "confidence"):
        mean_before = sum(before.values_list(measure, flat=True)) / before.count()
        mean_after = sum(after.values_list(measure, flat=True)) / after.count()
        assert mean_after > mean_before + 0.5
    impact = answers.filter(stage="impact").first()
    assert impact is not None
    assert any(isinstance(v, str) and v for v in impact.answers.values())
    # Six months is answered with the line manager where there is one.
    six = answers.filter(stage="six_months", booking__line_manager__isnull=False)
    assert not six.exclude(submitted_by=F("booking__line_manager")).exists()


@pytest.mark.django_db
def test_amira_has_an_upcoming_place_a_certificate_and_a_waiting_list_place(demo: None) -> None:
    bookings = Booking.objects.filter(learner=person(PRACTITIONER)).select_related("event")
    by_status = {b.status: b for b in bookings}
    upcoming = [b for b in bookings if b.event.starts_at > built()]
    assert {b.status for b in upcoming} == {"confirmed", "waiting"}
    past = [b for b in bookings if b.event.ends_at <= built()]
    assert len(past) == 1
    assert services.certificate_available(past[0])
    stages = set(past[0].evaluations.values_list("stage", flat=True))
    assert {"before", "after"} <= stages
    assert by_status["waiting"].event.bookings.filter(status="offered").exists()


@pytest.mark.django_db
def test_completions_and_the_training_needs_survey(demo: None) -> None:
    done = Completion.objects.filter(partnership__slug="northbridge")
    assert set(done.values_list("kind", flat=True)) == {"elearning", "recording"}
    survey = NeedsSurvey.objects.get(partnership__slug="northbridge")
    answered = set(
        NeedsResponse.objects.filter(survey=survey).values_list("agency__name", flat=True)
    )
    assert 5 <= len(answered) < len(learning.AGENCY_WEIGHTS)  # some agencies have not answered
    # Next financial year's survey, still open at the anchor.
    local = built().astimezone(LONDON).date()
    assert survey.year == (local.year if local.month >= 4 else local.year - 1) + 1
    assert survey.closes_on > local


@pytest.mark.parametrize("moment", [anchor.STORY, JUNE])
def test_the_programme_keeps_its_shape_on_any_day(moment: datetime.datetime) -> None:
    """Seven and a half months done and four and a half to come, whatever the anchor,
    with every event on a working day and the same days of the week as the story's."""
    programme = learning.generate(anchor=moment)
    start = learning.programme_start(moment)
    assert datetime.timedelta(weeks=33) <= moment.date() - start < datetime.timedelta(weeks=34)
    starts = sorted(e.starts_at for e in programme.events)
    assert start <= starts[0].date() <= starts[-1].date() <= start + datetime.timedelta(days=364)
    assert all(clocks.is_working_day(s) for s in starts)
    past = [s for s in starts if s < moment]
    assert len(starts) / 2 < len(past) < len(starts)
    assert programme.survey_closes > moment.date()
    for _who, first, last, _why in programme.unavailable:
        assert start <= first <= last <= start + datetime.timedelta(days=364)


@pytest.mark.django_db
def test_a_second_build_changes_nothing(demo: None) -> None:
    counts = (
        Event.objects.count(),
        Booking.objects.count(),
        EvaluationResponse.objects.count(),
        Membership.objects.count(),
    )
    build.build()
    assert counts == (
        Event.objects.count(),
        Booking.objects.count(),
        EvaluationResponse.objects.count(),
        Membership.objects.count(),
    )
    assert AuditEvent.objects.filter(verb=learning.LOAD_VERB).count() == 1
