"""Every audit event learning writes has a registered verb, in its verb's shape, with a
label for each value: the main journeys run with the catalogue strict."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from masa.core import audit
from masa.core.models import AuditEvent
from masa.learning import services
from masa.learning.evaluation import evaluation_defaults_ensure
from masa.learning.models import Attendance, Course, EvaluationStage, Event
from tests import helpers as h
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.django_db

MANAGER = h.BUSINESS_MANAGER


def _journeys() -> None:
    """Run the programme, bookings, attendance, evaluation and needs journeys."""
    manager = h.acting(MANAGER)
    made = services.course_save(
        acting=manager,
        title="Zq Audit course",
        level=2,
        learning_outcomes="Know the signs.",
        duration_minutes=120,
        mode=Course.Mode.FACE_TO_FACE,
    )
    services.course_save(
        acting=manager,
        course=made,
        title="Zq Audit course, changed",
        level=3,
        learning_outcomes="Know the signs.",
        duration_minutes=120,
        mode=Course.Mode.FACE_TO_FACE,
    )
    services.accreditation_set(acting=manager, course=made, trainer=h.person(h.TRAINER))
    on = event(made, capacity=1, trainers=[h.person(h.TRAINER)])
    first = book(h.PRACTITIONER, on)
    waiting = book(h.MASH_PRACTITIONER, on)
    services.booking_cancel(acting=h.acting(h.PRACTITIONER), booking=first, reason="Ill")
    services.booking_accept_offer(acting=h.acting(h.MASH_PRACTITIONER), booking=waiting)
    approval = event(course(needs_manager_approval=True), capacity=2)
    asked = book(h.GP_PRACTITIONER, approval, line_manager=h.person(h.MASH_MANAGER))
    services.booking_approve(acting=h.acting(h.MASH_MANAGER), booking=asked, approve=True)
    ends = timezone.now() - datetime.timedelta(hours=1)
    Event.objects.filter(pk=on.pk).update(
        starts_at=ends - datetime.timedelta(hours=2), ends_at=ends
    )
    on.refresh_from_db()
    services.register_save(
        acting=h.acting(h.TRAINER),
        event=on,
        entries={waiting.pk: (Attendance.Status.ATTENDED, None)},
    )
    waiting.refresh_from_db()
    evaluation_defaults_ensure(on.partnership)
    form = services.evaluation_form_for(on.course, EvaluationStage.AFTER)
    assert form is not None
    services.evaluation_submit(
        acting=h.acting(h.MASH_PRACTITIONER),
        booking=waiting,
        stage=EvaluationStage.AFTER,
        answers={
            str(q.number): "4" if q.kind == "scale" else "Useful." for q in form.questions.all()
        },
    )
    services.event_cancel(acting=manager, event=approval, reason="The trainer is ill.")
    services.needs_survey_open(
        acting=manager, year=2098, closes_on=timezone.localdate() + datetime.timedelta(days=7)
    )


def test_the_main_journeys_record_only_registered_verbs_in_their_shape(
    demo: None,
) -> None:
    start = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    _journeys()  # an unregistered verb or a payload out of shape raises here
    events = list(AuditEvent.objects.filter(pk__gt=start))
    verbs = {e.verb for e in events}
    assert {
        "course.create",
        "course.change",
        "accreditation.add",
        "event.create",
        "booking.make",
        "booking.wait",
        "booking.request",
        "booking.approve",
        "booking.cancel",
        "booking.offer",
        "booking.accept_offer",
        "attendance.record",
        "attendance.register",
        "evaluation.submit",
        "event.cancel",
        "needs.open",
    } <= verbs
    for recorded in events:
        verb = audit.verb_of(recorded.verb)
        assert verb is not None, recorded.verb
        assert audit.shown_verb(recorded.verb) == verb.label
        for shown in audit.shown_changes(recorded.changes, recorded.verb):
            # Each value is shown under its label, never the bare field name.
            assert shown.name in verb.fields.values(), (recorded.verb, shown.name)


def test_a_payload_out_of_its_verbs_shape_is_refused(demo: None) -> None:
    with pytest.raises(audit.UnknownVerb), transaction.atomic():
        audit.record(None, "booking.cancel", None, {"statuses": {"booked": 3}})
