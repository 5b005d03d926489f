"""The four-stage evaluation: when each stage opens, the answers (the learner's,
and the line manager's part at six months), reminders, and certificates."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.learning.models import (
    Attendance,
    Booking,
    Course,
    EvaluationForm,
    EvaluationQuestion,
    EvaluationReminder,
    EvaluationResponse,
    EvaluationStage,
    Event,
    Respondent,
)
from masa.learning.services import notices
from masa.learning.services.deadlines import IMPACT_AFTER, SIX_MONTHS_AFTER

REMINDER_WINDOW = datetime.timedelta(days=14)  # remind only about stages opened lately


BEFORE_REMINDER_LEAD = datetime.timedelta(days=7)  # the before stage: a week ahead


def evaluation_form_for(
    course: Course, stage: str, respondent: str = Respondent.LEARNER
) -> EvaluationForm | None:
    """The course's own form for a stage (and who answers it), or the partnership's default."""
    forms = EvaluationForm.objects.filter(
        partnership=course.partnership, stage=stage, respondent=respondent
    )
    return forms.filter(course=course).first() or forms.filter(course__isnull=True).first()


def evaluation_open(
    booking: Booking, stage: str, now: datetime.datetime, *, whose: str = "your"
) -> str | None:
    """Why the stage cannot be answered now, or None when it can. `whose` names the
    learner to someone else (their line manager): "Sam Lee's"."""
    event = booking.event
    # Read from the database, not the cached relation: attendance may have been
    # recorded since this booking object was loaded.
    attended = (
        Attendance.objects.filter(booking=booking)
        .exclude(status=Attendance.Status.NO_SHOW)
        .exists()
    )
    if booking.status != Booking.Status.CONFIRMED:
        return "Only people with a confirmed place can give an evaluation"
    if stage == EvaluationStage.BEFORE:
        return (
            None
            if now < event.ends_at
            else "The before-course evaluation closes when the event ends"
        )
    if not attended:
        return f"This evaluation opens once {whose} attendance has been recorded"
    if stage == EvaluationStage.AFTER:
        return (
            None
            if now >= event.starts_at
            else "The after-course evaluation opens when the event starts"
        )
    opens = evaluation_stage_opens(booking, stage)
    if now < opens:
        local = timezone.localtime(opens)
        return f"This evaluation opens on {local.day} {local:%B %Y}"
    return None


def _clean_answers(
    questions: list[EvaluationQuestion], answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, int]]:
    """The answers by question number (ratings as numbers, text trimmed), and the
    ratings of the questions that measure knowledge or confidence; refused when a
    required question is unanswered or an answer is out of range."""
    clean: dict[str, Any] = {}
    measures: dict[str, int] = {}
    for question in questions:
        number, value = question.number, answers.get(str(question.number))
        field = f"q_{number}"
        if question.kind == EvaluationQuestion.Kind.SCALE:
            if value in (None, ""):
                if question.required:
                    raise ServiceError(f"Answer question {number}", field=field)
                continue
            try:
                rating = int(str(value))
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                raise ServiceError(
                    f"Choose a rating from 1 to 5 for question {number}", field=field
                )
            clean[str(number)] = rating
            if question.measure:
                measures[question.measure] = rating
        else:
            text = str(value or "").strip()
            if not text and question.required:
                raise ServiceError(f"Answer question {number}", field=field)
            if len(text) > 5000:
                raise ServiceError("Answers must be 5,000 characters or fewer", field=field)
            clean[str(number)] = text
    return clean, measures


@transaction.atomic
def evaluation_submit(
    *,
    acting: Acting,
    booking: Booking,
    stage: str,
    answers: Mapping[str, Any],
    respondent: str = Respondent.LEARNER,
    now: datetime.datetime | None = None,
) -> EvaluationResponse:
    """Record one stage's answers by the learner, or the line manager's part of the
    six-month stage (seed 004 §7.6): each answers their own questions, once."""
    now = now or timezone.now()
    if stage not in EvaluationStage.values:
        raise ServiceError("There is no such evaluation stage")
    if respondent == Respondent.LINE_MANAGER:
        if stage != EvaluationStage.SIX_MONTHS:
            raise ServiceError("The line manager has a part only in the six-month evaluation")
        if booking.line_manager_id is None or acting.person.pk != booking.line_manager_id:
            raise ServiceError("Only the learner's line manager can give this part")
    elif respondent != Respondent.LEARNER or acting.person.pk != booking.learner_id:
        raise ServiceError("Only the learner can give this evaluation")
    why_not = evaluation_open(booking, stage, now)
    if why_not:
        raise ServiceError(why_not)
    if EvaluationResponse.objects.filter(
        booking=booking, stage=stage, respondent=respondent
    ).exists():
        raise ServiceError("This evaluation has already been given")
    form = evaluation_form_for(booking.event.course, stage, respondent)
    if form is None:
        raise ServiceError("No evaluation form is set up for this stage")
    clean, measures = _clean_answers(list(form.questions.all()), answers)
    response = EvaluationResponse.objects.create(
        booking=booking,
        stage=stage,
        respondent=respondent,
        form=form,
        answers=clean,
        knowledge=measures.get("knowledge"),
        confidence=measures.get("confidence"),
        submitted_at=now,
        submitted_by=acting.person,
    )
    audit.record(
        acting,
        "evaluation.submit",
        response,
        {"stage": stage, "respondent": respondent},
        partnership=booking.partnership,
    )
    return response


def certificate_available(booking: Booking) -> bool:
    """A certificate is released once the learner attended and gave the after-course evaluation."""
    attended = Attendance.objects.filter(
        booking=booking, status__in=(Attendance.Status.ATTENDED, Attendance.Status.PARTIAL)
    ).exists()
    return attended and booking.evaluations.filter(stage=EvaluationStage.AFTER).exists()


def evaluation_stage_opens(booking: Booking, stage: str) -> datetime.datetime:
    """When reminders for a stage are due: a week before the event (or on booking, if
    later) for the before stage; the end of the event for the after stage; 8 weeks and
    six months after it for the others."""
    event = booking.event
    if stage == EvaluationStage.BEFORE:
        return max(booking.booked_at, event.starts_at - BEFORE_REMINDER_LEAD)
    if stage == EvaluationStage.AFTER:
        return event.ends_at
    if stage == EvaluationStage.IMPACT:
        return event.ends_at + IMPACT_AFTER
    return event.ends_at + SIX_MONTHS_AFTER


@transaction.atomic
def evaluation_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind learners (and, at six months, their line managers) of evaluation stages
    that are open and unanswered. Each reminder is sent once, and only for stages that
    opened within the last two weeks. Returns how many were sent."""
    now = now or timezone.now()
    candidates = list(
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            event__status=Event.Status.SCHEDULED,
            event__starts_at__lte=now + BEFORE_REMINDER_LEAD,
            event__ends_at__gte=now - SIX_MONTHS_AFTER - REMINDER_WINDOW,
        )
        .select_related("event__course", "learner", "line_manager", "attendance")
        .order_by("pk")
    )
    ids = [booking.pk for booking in candidates]
    sent_before = set(
        EvaluationReminder.objects.filter(booking_id__in=ids).values_list("booking_id", "stage")
    )
    answered = set(
        EvaluationResponse.objects.filter(booking_id__in=ids).values_list(
            "booking_id", "stage", "respondent"
        )
    )
    count = 0
    for booking in candidates:
        for stage in EvaluationStage.values:
            key = (booking.pk, stage)
            learner_done = (*key, Respondent.LEARNER) in answered
            manager_due = (
                stage == EvaluationStage.SIX_MONTHS
                and booking.line_manager is not None
                and (*key, Respondent.LINE_MANAGER) not in answered
            )
            if key in sent_before or (learner_done and not manager_due):
                continue
            opens = evaluation_stage_opens(booking, stage)
            if not opens <= now < opens + REMINDER_WINDOW:
                continue
            if evaluation_open(booking, stage, now) is not None:
                continue
            reminder = EvaluationReminder.objects.create(booking=booking, stage=stage, sent_at=now)
            label = EvaluationStage(stage).label
            if not learner_done:
                notices.evaluation_due(booking, stage, label)
            if manager_due:
                notices.manager_review_due(booking)
            audit.record(None, "evaluation.remind", reminder, partnership=booking.partnership)
            count += 1
    return count
