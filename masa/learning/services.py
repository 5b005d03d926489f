"""Every write in learning: one domain action, one function, one transaction, one
audit event. Places are protected by locking the event row: capacity is never
exceeded, even when many people book the last places at once."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from masa.core import audit, clocks
from masa.core.errors import ServiceError
from masa.core.models import Membership, Partnership, Person
from masa.core.policies import has_permission
from masa.core.timescales import rule_for
from masa.learning import emails
from masa.learning.imports import AttendanceRow, CompletionRow, Parsed, RowProblem
from masa.learning.models import (
    Accreditation,
    Attendance,
    Booking,
    ChargeRule,
    Completion,
    Course,
    EvaluationForm,
    EvaluationQuestion,
    EvaluationReminder,
    EvaluationResponse,
    EvaluationStage,
    Event,
    NeedsResponse,
    NeedsSurvey,
    Respondent,
    Theme,
    Unavailability,
)

IMPACT_AFTER = datetime.timedelta(weeks=8)
ATTENDANCE_RECORDED = (
    "Your attendance has been recorded, so this booking can no longer be cancelled. "
    "Ask the business unit if the record is wrong"
)
SIX_MONTHS_AFTER = datetime.timedelta(days=182)


def cancellation_deadline(
    partnership: Partnership, starts_at: datetime.datetime
) -> datetime.datetime:
    """The last moment to cancel without charge: the end of the working day that is
    `course_cancellation_notice` working days before the event (3 by default)."""
    rule = rule_for(partnership, "course_cancellation_notice")
    zone = timezone.get_current_timezone()
    if rule.working_days is not None:
        day = clocks.add_working_days(
            timezone.localtime(starts_at, zone).date(), -rule.working_days
        )
    elif rule.calendar_days is not None:
        day = timezone.localtime(starts_at, zone).date() - datetime.timedelta(
            days=rule.calendar_days
        )
    elif rule.hours is not None:
        return starts_at - datetime.timedelta(hours=rule.hours)
    else:
        assert rule.months is not None
        day = clocks.add_months(timezone.localtime(starts_at, zone).date(), -rule.months)
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=zone)


def offer_expiry(partnership: Partnership, offered_at: datetime.datetime) -> datetime.datetime:
    due = clocks.due(offered_at, rule_for(partnership, "waiting_list_offer"))
    if isinstance(due, datetime.datetime):
        return due
    return datetime.datetime.combine(
        due, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone()
    )


def _send(person: Person | None, email: emails.Email) -> None:
    """Send one email to one person once the transaction commits (each reader gets the
    words meant for them, and nobody sees anyone else's address)."""
    if person is None or not person.email:
        return
    subject, message = email
    address = person.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )


# --- the programme ------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor: Person,
    course: Course,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    venue: str = "",
    joining_link: str = "",
    trainers: list[Person] | None = None,
    booking_deadline: datetime.datetime | None = None,
) -> Event:
    """Schedule a run of a course. Deadlines default from the local timescales."""
    if ends_at <= starts_at:
        raise ServiceError("The end must be after the start", field="ends_at")
    if capacity < 1:
        raise ServiceError("Enter at least 1 place", field="capacity")
    event = Event.objects.create(
        partnership=course.partnership,
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        venue=venue,
        joining_link=joining_link,
        booking_deadline=booking_deadline or starts_at,
        cancellation_deadline=cancellation_deadline(course.partnership, starts_at),
    )
    if trainers:
        event.trainers.set(trainers)
    audit.record(
        actor,
        "event.create",
        event,
        {"course": course.title, "starts_at": starts_at.isoformat(), "capacity": capacity},
    )
    return event


# --- bookings -----------------------------------------------------------------------


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _take_place_or_queue(event: Event, booking: Booking, now: datetime.datetime) -> None:
    """Confirm `booking` if a place is free (event row locked), else put it on the list."""
    if event.confirmed_count < event.capacity:
        booking.status = Booking.Status.CONFIRMED
        event.confirmed_count = F("confirmed_count") + 1
        event.save(update_fields=["confirmed_count"])
        event.refresh_from_db(fields=["confirmed_count"])
    else:
        booking.status = Booking.Status.WAITING
        booking.joined_waiting_list_at = now


@transaction.atomic
def booking_make(
    *,
    actor: Person,
    membership: Membership,
    event: Event,
    line_manager: Person | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Book a place for oneself: confirmed if one is free, else on the waiting list
    (or awaiting the line manager's approval when the course asks for it)."""
    event = _locked_event(event)
    # The time is read once the event is locked: the waiting list is ordered by it, so it
    # must follow the order in which bookings get the lock (and are made).
    now = now or timezone.now()
    if event.status != Event.Status.SCHEDULED:
        raise ServiceError("This event has been cancelled")
    if now > event.booking_deadline:
        raise ServiceError("Booking for this event has closed")
    if event.partnership_id != membership.partnership_id:
        raise ServiceError("This event is not in your partnership")
    if Booking.objects.filter(event=event, learner=actor, status__in=Booking.ACTIVE).exists():
        raise ServiceError(
            "You already have a place, or a place on the waiting list, for this event"
        )
    if line_manager is not None and line_manager.pk == actor.pk:
        raise ServiceError("Your line manager must be someone else", field="line_manager")
    if (
        line_manager is not None
        and not Membership.objects.filter(
            person=line_manager,
            partnership_id=event.partnership_id,
            is_active=True,
            person__is_active=True,
        ).exists()
    ):
        raise ServiceError(
            "Enter the email address of your line manager as they use this service: "
            "they must be a member of this partnership",
            field="line_manager",
        )
    needs_approval = event.course.needs_manager_approval
    if needs_approval and line_manager is None:
        raise ServiceError(
            "This course needs your line manager's approval: name your line manager",
            field="line_manager",
        )
    booking = Booking(
        partnership=event.partnership,
        event=event,
        learner=actor,
        agency=membership.agency,
        line_manager=line_manager,
        booked_at=now,
    )
    if needs_approval:
        booking.status = Booking.Status.AWAITING_APPROVAL
    else:
        _take_place_or_queue(event, booking, now)
    booking.save()
    # What happened, in the booking's history: booked, joined the list, or asked.
    verbs: dict[str, str] = {
        Booking.Status.WAITING: "booking.wait",
        Booking.Status.AWAITING_APPROVAL: "booking.request",
    }
    verb = verbs.get(booking.status, "booking.make")
    audit.record(actor, verb, booking, {"status": booking.status, "event": str(event)})
    if needs_approval and line_manager is not None:
        _send(line_manager, emails.approval_request(booking))
    return booking


@transaction.atomic
def booking_approve(
    *, actor: Person, booking: Booking, approve: bool, now: datetime.datetime | None = None
) -> Booking:
    """The line manager approves (a place or the waiting list) or declines a booking."""
    event = _locked_event(booking.event)
    now = now or timezone.now()  # once locked, as in booking_make
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.line_manager_id != actor.pk:
        raise ServiceError("Only the learner's line manager can approve this booking")
    if booking.status != Booking.Status.AWAITING_APPROVAL:
        raise ServiceError("This booking is not waiting for approval")
    if approve:
        _take_place_or_queue(event, booking, now)
    else:
        booking.status = Booking.Status.DECLINED
    booking.save()
    audit.record(
        actor,
        "booking.approve" if approve else "booking.decline",
        booking,
        {"status": booking.status},
    )
    _send(booking.learner, emails.approval_decided(booking))
    return booking


def _offer_next(event: Event, now: datetime.datetime) -> Booking | None:
    """Offer a freed place to the first person on the waiting list (event row locked)."""
    if event.confirmed_count >= event.capacity:
        return None
    waiting = (
        Booking.objects.select_for_update()
        .filter(event=event, status=Booking.Status.WAITING)
        .order_by("joined_waiting_list_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Booking.Status.OFFERED
    waiting.offered_at = now
    waiting.offer_expires_at = offer_expiry(event.partnership, now)
    waiting.save(update_fields=["status", "offered_at", "offer_expires_at"])
    # An offered place is held for the person until they accept or the offer expires.
    event.confirmed_count = F("confirmed_count") + 1
    event.save(update_fields=["confirmed_count"])
    event.refresh_from_db(fields=["confirmed_count"])
    audit.record(None, "booking.offer", waiting, {"expires": waiting.offer_expires_at.isoformat()})
    _send(waiting.learner, emails.place_offered(waiting))
    return waiting


def _release_place(event: Event, now: datetime.datetime) -> None:
    event.confirmed_count = F("confirmed_count") - 1
    event.save(update_fields=["confirmed_count"])
    event.refresh_from_db(fields=["confirmed_count"])
    _offer_next(event, now)


def _charge(booking: Booking, kind: str) -> None:
    rule = ChargeRule.objects.filter(partnership=booking.partnership, kind=kind).first()
    booking.charge = rule.amount if rule else Decimal("0")
    booking.charge_reason = rule.get_kind_display() if rule else ""


@transaction.atomic
def booking_cancel(
    *, actor: Person, booking: Booking, reason: str = "", now: datetime.datetime | None = None
) -> Booking:
    """Cancel a booking. After the cancellation deadline it counts as a late
    cancellation: charged as the partnership sets, and the manager is told."""
    now = now or timezone.now()
    event = _locked_event(booking.event)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if actor.pk not in (booking.learner_id, booking.line_manager_id) and not has_permission(
        actor, "course.manage"
    ):
        raise ServiceError("Only the learner, their line manager or the business unit can cancel")
    if booking.status not in Booking.ACTIVE:
        raise ServiceError("This booking is already closed")
    if Attendance.objects.filter(booking=booking).exists():
        raise ServiceError(ATTENDANCE_RECORDED)
    if now >= event.starts_at:
        raise ServiceError("The event has started: ask the trainer to record your attendance")
    held_place = booking.status in (Booking.Status.CONFIRMED, Booking.Status.OFFERED)
    late = held_place and now > event.cancellation_deadline
    booking.status = Booking.Status.LATE_CANCELLED if late else Booking.Status.CANCELLED
    booking.cancelled_at, booking.cancellation_reason = now, reason
    if late:
        _charge(booking, "late_cancellation")
    booking.save()
    audit.record(
        actor,
        "booking.cancel",
        booking,
        {"late": late, "charge": str(booking.charge), "reason": reason},
    )
    if late:
        to_learner, to_manager = emails.late_cancellation(booking)
        _send(booking.learner, to_learner)
        _send(booking.line_manager, to_manager)
    if held_place:
        _release_place(event, now)
    return booking


@transaction.atomic
def booking_accept_offer(
    *, actor: Person, booking: Booking, now: datetime.datetime | None = None
) -> Booking:
    """Accept a place offered from the waiting list, before the offer expires."""
    now = now or timezone.now()
    event = _locked_event(booking.event)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.learner_id != actor.pk:
        raise ServiceError("Only the person offered the place can accept it")
    if booking.status != Booking.Status.OFFERED:
        raise ServiceError("There is no offer to accept")
    if booking.offer_expires_at and now > booking.offer_expires_at:
        _expire(booking, event, now)
        raise ServiceError("The offer has expired; the place has been offered to the next person")
    booking.status = Booking.Status.CONFIRMED
    booking.save(update_fields=["status"])
    audit.record(actor, "booking.accept_offer", booking)
    return booking


def _expire(booking: Booking, event: Event, now: datetime.datetime) -> None:
    booking.status = Booking.Status.OFFER_EXPIRED
    booking.save(update_fields=["status"])
    audit.record(None, "booking.offer_expired", booking)
    _release_place(event, now)


@transaction.atomic
def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Close offers nobody accepted in time and pass each place on. Run it every few minutes."""
    now = now or timezone.now()
    count = 0
    for booking in Booking.objects.filter(
        status=Booking.Status.OFFERED, offer_expires_at__lt=now
    ).order_by("pk"):
        event = _locked_event(booking.event)
        _expire(Booking.objects.select_for_update().get(pk=booking.pk), event, now)
        count += 1
    return count


@transaction.atomic
def booking_substitute(*, actor: Person, booking: Booking, colleague: Membership) -> Booking:
    """Pass a confirmed place to a colleague in the same agency (no charge)."""
    _locked_event(booking.event)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.learner_id != actor.pk and booking.line_manager_id != actor.pk:
        raise ServiceError("Only the learner or their line manager can pass the place on")
    if booking.status != Booking.Status.CONFIRMED:
        raise ServiceError("Only a confirmed place can be passed to a colleague")
    if (
        colleague.agency_id != booking.agency_id
        or colleague.partnership_id != booking.partnership_id
    ):
        raise ServiceError("Choose a colleague from the same agency", field="colleague")
    if Booking.objects.filter(
        event=booking.event, learner=colleague.person, status__in=Booking.ACTIVE
    ).exists():
        raise ServiceError("Your colleague already has a booking for this event", field="colleague")
    booking.status = Booking.Status.SUBSTITUTED
    booking.save(update_fields=["status"])
    substitute = Booking.objects.create(
        partnership=booking.partnership,
        event=booking.event,
        learner=colleague.person,
        agency=colleague.agency,
        line_manager=booking.line_manager,
        status=Booking.Status.CONFIRMED,
        substitute_for=booking,
    )
    audit.record(actor, "booking.substitute", substitute, {"instead_of": str(booking.learner)})
    return substitute


# --- attendance ---------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    actor: Person | None,
    booking: Booking,
    status: str,
    minutes: int | None = None,
    source: str = Attendance.Source.REGISTER,
) -> Attendance:
    """Record (or correct) whether a confirmed learner attended. A no-show is charged
    as the partnership sets, and the learner and their manager are told."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.CONFIRMED:
        raise ServiceError("Only confirmed places have attendance")
    if status not in Attendance.Status.values:
        raise ServiceError("Select whether they attended", field="status")
    existing = Attendance.objects.filter(booking=booking).first()
    before = audit.snapshot(existing, ["status", "minutes"]) if existing else {}
    attendance, _ = Attendance.objects.update_or_create(
        booking=booking,
        defaults={
            "status": status,
            "minutes": minutes,
            "source": source,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    if status == Attendance.Status.NO_SHOW:
        _charge(booking, "no_show")
    elif booking.charge_reason == "No-show":
        booking.charge, booking.charge_reason = Decimal("0"), ""
    booking.save(update_fields=["charge", "charge_reason"])
    audit.record(
        actor,
        "attendance.record",
        attendance,
        audit.changes_between(before, audit.snapshot(attendance, ["status", "minutes"])),
        partnership=booking.partnership,
    )
    if status == Attendance.Status.NO_SHOW and not existing:
        to_learner, to_manager = emails.no_show(booking)
        _send(booking.learner, to_learner)
        _send(booking.line_manager, to_manager)
    return attendance


# --- evaluation ---------------------------------------------------------------------


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


@transaction.atomic
def evaluation_submit(
    *,
    actor: Person,
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
        if booking.line_manager_id is None or actor.pk != booking.line_manager_id:
            raise ServiceError("Only the learner's line manager can give this part")
    elif respondent != Respondent.LEARNER or actor.pk != booking.learner_id:
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
    questions = list(form.questions.all())
    clean: dict[str, Any] = {}
    measures: dict[str, int] = {}
    for question in questions:
        value = answers.get(str(question.number))
        if question.kind == EvaluationQuestion.Kind.SCALE:
            if value in (None, ""):
                if question.required:
                    raise ServiceError(
                        f"Answer question {question.number}", field=f"q_{question.number}"
                    )
                continue
            try:
                rating = int(str(value))
            except (TypeError, ValueError):
                raise ServiceError(
                    f"Choose a rating from 1 to 5 for question {question.number}",
                    field=f"q_{question.number}",
                ) from None
            if not 1 <= rating <= 5:
                raise ServiceError(
                    f"Choose a rating from 1 to 5 for question {question.number}",
                    field=f"q_{question.number}",
                )
            clean[str(question.number)] = rating
            if question.measure:
                measures[question.measure] = rating
        else:
            text = str(value or "").strip()
            if not text and question.required:
                raise ServiceError(
                    f"Answer question {question.number}", field=f"q_{question.number}"
                )
            if len(text) > 5000:
                raise ServiceError(
                    "Answers must be 5,000 characters or fewer", field=f"q_{question.number}"
                )
            clean[str(question.number)] = text
    response = EvaluationResponse.objects.create(
        booking=booking,
        stage=stage,
        respondent=respondent,
        form=form,
        answers=clean,
        knowledge=measures.get("knowledge"),
        confidence=measures.get("confidence"),
        submitted_at=now,
        submitted_by=actor,
    )
    audit.record(
        actor,
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


# --- delivery -----------------------------------------------------------------------

REMINDER_WINDOW = datetime.timedelta(days=14)  # remind only about stages opened lately
BEFORE_REMINDER_LEAD = datetime.timedelta(days=7)  # the before stage: a week ahead
ATTENDED_SHARE = Decimal("0.75")  # of the event's length, to count as attended in full


def event_minutes(event: Event) -> int:
    """The length of an event in minutes."""
    return int((event.ends_at - event.starts_at).total_seconds() // 60)


def register_open(event: Event, now: datetime.datetime) -> str | None:
    """Why attendance cannot be recorded for the event now, or None when it can."""
    if event.status != Event.Status.SCHEDULED:
        return "This event was cancelled, so it has no register"
    starts = timezone.localtime(event.starts_at)
    if timezone.localdate(now) < starts.date():
        return f"The register opens on the day of the event, {starts:%-d %B %Y}"
    return None


@transaction.atomic
def register_save(
    *,
    actor: Person,
    event: Event,
    entries: Mapping[int, tuple[str, int | None]],
    now: datetime.datetime | None = None,
) -> int:
    """Save the trainer's register: booking number → (attendance status, minutes for
    part attendance). Entries that match what is recorded are left alone. Returns how
    many learners' attendance changed."""
    now = now or timezone.now()
    why_not = register_open(event, now)
    if why_not:
        raise ServiceError(why_not)
    if now < event.starts_at and any(
        status == Attendance.Status.NO_SHOW for status, _ in entries.values()
    ):
        raise ServiceError(
            "You cannot record that someone did not attend before the event starts "
            f"({timezone.localtime(event.starts_at):%H:%M})"
        )
    length = event_minutes(event)
    bookings = {
        booking.pk: booking
        for booking in Booking.objects.filter(
            event=event, status=Booking.Status.CONFIRMED, pk__in=list(entries)
        ).select_related("learner")
    }
    current = {
        attendance.booking_id: attendance
        for attendance in Attendance.objects.filter(booking__in=list(bookings.values()))
    }
    changed = 0
    for pk, (status, minutes) in entries.items():
        booking = bookings.get(pk)
        if booking is None:
            raise ServiceError("Someone on the register no longer has a confirmed place")
        if status != Attendance.Status.PARTIAL:
            minutes = None
        elif minutes is None or not 1 <= minutes <= length:
            raise ServiceError(
                f"Enter the minutes {booking.learner.full_name} attended, from 1 to {length}",
                field=f"minutes_{pk}",
            )
        before = current.get(pk)
        if before is not None and (before.status, before.minutes) == (status, minutes):
            continue
        attendance_record(actor=actor, booking=booking, status=status, minutes=minutes)
        changed += 1
    audit.record(actor, "attendance.register", event, {"changed": changed})
    return changed


@dataclass
class AttendanceImported:
    """What an attendance import did."""

    attended: int = 0
    partial: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    missing: list[Booking] = field(default_factory=list)  # booked, but not in the file

    @property
    def imported(self) -> int:
        return self.attended + self.partial


@transaction.atomic
def attendance_import(
    *,
    actor: Person,
    event: Event,
    parsed: Parsed[AttendanceRow],
    filename: str,
    now: datetime.datetime | None = None,
) -> AttendanceImported:
    """Record attendance from a virtual-meeting report: each row is matched to a
    confirmed booking by email; attended in full at 75% of the event's length or more,
    else attended part. Rows that cannot be matched are reported, not imported."""
    now = now or timezone.now()
    why_not = register_open(event, now)
    if why_not:
        raise ServiceError(why_not)
    length = event_minutes(event)
    threshold = ATTENDED_SHARE * length
    booked = {
        booking.learner.email.lower(): booking
        for booking in Booking.objects.filter(
            event=event, status=Booking.Status.CONFIRMED
        ).select_related("learner")
    }
    emails = {row.email for row in parsed.rows}
    known = {
        email.lower()
        for email in Membership.objects.filter(partnership=event.partnership)
        .annotate(lowered=Lower("person__email"))
        .filter(lowered__in=emails)
        .values_list("person__email", flat=True)
    }
    result = AttendanceImported(problems=list(parsed.problems))
    seen: set[str] = set()
    for row in parsed.rows:
        booking = booked.get(row.email)
        if booking is None:
            result.problems.append(
                RowProblem(
                    row.line,
                    "Not booked: this person has no confirmed place on this event"
                    if row.email in known
                    else "Unknown email: nobody in the partnership has this email address",
                    row.email,
                )
            )
            continue
        seen.add(row.email)
        minutes = min(row.minutes, length)
        status = Attendance.Status.ATTENDED if minutes >= threshold else Attendance.Status.PARTIAL
        attendance_record(
            actor=actor,
            booking=booking,
            status=status,
            minutes=minutes,
            source=Attendance.Source.IMPORT,
        )
        if status == Attendance.Status.ATTENDED:
            result.attended += 1
        else:
            result.partial += 1
    result.problems.sort(key=lambda problem: problem.line)
    result.missing = [booking for email, booking in sorted(booked.items()) if email not in seen]
    audit.record(
        actor,
        "attendance.import",
        event,
        {
            "file": filename[:200],
            "attended": result.attended,
            "partial": result.partial,
            "not_imported": len(result.problems),
        },
    )
    return result


@dataclass
class CompletionsImported:
    """What an e-learning completions import did."""

    added: int = 0
    already: list[RowProblem] = field(default_factory=list)  # recorded before: not added
    problems: list[RowProblem] = field(default_factory=list)


@transaction.atomic
def completions_import(
    *,
    actor: Person,
    partnership: Partnership,
    parsed: Parsed[CompletionRow],
    filename: str,
    now: datetime.datetime | None = None,
) -> CompletionsImported:
    """Record e-learning completions from an LMS export. The course is found by its
    number or its title; the learner by email (their agency from their membership).
    Importing the same file again adds nothing: those rows are reported as already
    recorded."""
    now = now or timezone.now()
    courses = list(Course.objects.filter(partnership=partnership))
    by_id = {course.pk: course for course in courses}
    by_title = {course.title.casefold(): course for course in courses}
    emails = {row.email for row in parsed.rows}
    members = {
        membership.lowered: membership
        for membership in Membership.objects.filter(partnership=partnership)
        .annotate(lowered=Lower("person__email"))
        .filter(lowered__in=emails)
        .select_related("person", "agency")
        # Later entries win: an active membership over an ended one.
        .order_by("is_active", "-pk")
    }
    result = CompletionsImported(problems=list(parsed.problems))
    for row in parsed.rows:
        course = (
            by_id.get(row.course_id) if row.course_id else by_title.get(row.course_title.casefold())
        )
        if course is None:
            reason = (
                f"Unknown course: there is no course number {row.course_id}"
                if row.course_id
                else f"Unknown course: there is no course called {row.course_title!r}"
            )
            result.problems.append(RowProblem(row.line, reason, row.email))
            continue
        if row.completed_at > now:
            result.problems.append(
                RowProblem(row.line, "Bad completion date: it is in the future", row.email)
            )
            continue
        if Completion.objects.filter(
            course=course,
            learner_email=row.email,
            kind=Completion.Kind.ELEARNING,
            completed_at=row.completed_at,
        ).exists():
            result.already.append(RowProblem(row.line, "Already recorded", row.email))
            continue
        member = members.get(row.email)
        Completion.objects.create(
            partnership=partnership,
            course=course,
            learner=member.person if member else None,
            learner_email=row.email,
            agency=member.agency if member else None,
            kind=Completion.Kind.ELEARNING,
            completed_at=row.completed_at,
            source=filename[:200],
        )
        result.added += 1
    result.problems.sort(key=lambda problem: problem.line)
    audit.record(
        actor,
        "completion.import",
        None,
        {
            "file": filename[:200],
            "added": result.added,
            "already_recorded": len(result.already),
            "not_imported": len(result.problems),
        },
        partnership=partnership,
    )
    return result


@transaction.atomic
def recording_watched(
    *,
    actor: Person,
    membership: Membership,
    course: Course,
    now: datetime.datetime | None = None,
) -> tuple[Completion, bool]:
    """Count a view of a recording or webinar: one per person per day. Returns the
    completion and whether it is new."""
    now = now or timezone.now()
    if course.mode not in (Course.Mode.RECORDING, Course.Mode.WEBINAR):
        raise ServiceError("This course has no recording")
    if course.partnership_id != membership.partnership_id:
        raise ServiceError("This course is not in your partnership")
    existing = Completion.objects.filter(
        course=course,
        learner=actor,
        kind=Completion.Kind.RECORDING,
        completed_at__date=timezone.localdate(now),
    ).first()
    if existing is not None:
        return existing, False
    completion = Completion.objects.create(
        partnership=course.partnership,
        course=course,
        learner=actor,
        learner_email=actor.email.lower(),
        agency=membership.agency,
        kind=Completion.Kind.RECORDING,
        completed_at=now,
        source="Watched in MASA",
    )
    audit.record(actor, "recording.watched", completion, {"course": course.title})
    return completion, True


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
                _send(booking.learner, emails.evaluation_due(booking, stage, label))
            if manager_due:
                _send(booking.line_manager, emails.manager_review_due(booking))
            audit.record(None, "evaluation.remind", reminder, partnership=booking.partnership)
            count += 1
    return count


# --- programme management -----------------------------------------------------------

COURSE_FIELDS = [
    "title",
    "level",
    "summary",
    "learning_outcomes",
    "audience",
    "prerequisites",
    "duration_minutes",
    "mode",
    "needs_manager_approval",
    "minimum_trainers",
    "is_active",
]


@transaction.atomic
def course_save(
    *,
    actor: Person,
    partnership: Partnership,
    course: Course | None = None,
    title: str,
    level: int,
    learning_outcomes: str,
    duration_minutes: int,
    mode: str,
    summary: str = "",
    audience: str = "",
    prerequisites: str = "",
    themes: list[Theme] | None = None,
    needs_manager_approval: bool = False,
    minimum_trainers: int = 2,
    is_active: bool = True,
) -> Course:
    """Add a course to the programme, or change one. Titles are unique in a partnership."""
    title = title.strip()
    if not title:
        raise ServiceError("Enter the course title", field="title")
    if not 1 <= level <= 4:
        raise ServiceError("Select a level from 1 to 4", field="level")
    if mode not in Course.Mode.values:
        raise ServiceError("Select how the course is delivered", field="mode")
    if duration_minutes < 1:
        raise ServiceError("Enter a duration of at least 1 minute", field="duration_minutes")
    if course is not None and course.partnership_id != partnership.pk:
        raise ServiceError("This course belongs to another partnership")
    clash = Course.objects.filter(partnership=partnership, title__iexact=title)
    if course is not None:
        clash = clash.exclude(pk=course.pk)
    if clash.exists():
        raise ServiceError("There is already a course with this title", field="title")
    chosen = list(themes or [])
    if any(theme.partnership_id != partnership.pk for theme in chosen):
        raise ServiceError("Choose themes from your partnership", field="themes")
    creating = course is None
    if course is None:
        course = Course(partnership=partnership)
        before: dict[str, Any] = {}
    else:
        course = Course.objects.select_for_update().get(pk=course.pk)
        before = {
            **audit.snapshot(course, COURSE_FIELDS),
            "themes": sorted(theme.name for theme in course.themes.all()),
        }
    course.title = title
    course.level = level
    course.summary = summary
    course.learning_outcomes = learning_outcomes
    course.audience = audience
    course.prerequisites = prerequisites
    course.duration_minutes = duration_minutes
    course.mode = mode
    course.needs_manager_approval = needs_manager_approval
    course.minimum_trainers = minimum_trainers
    course.is_active = is_active
    course.save()
    course.themes.set(chosen)
    after = {
        **audit.snapshot(course, COURSE_FIELDS),
        "themes": sorted(theme.name for theme in chosen),
    }
    audit.record(
        actor,
        "course.create" if creating else "course.change",
        course,
        audit.changes_between(before, after),
    )
    return course


@transaction.atomic
def accreditation_set(
    *, actor: Person, course: Course, trainer: Person, is_active: bool = True
) -> Accreditation:
    """Accredit a trainer to deliver a course, or make an accreditation (in)active."""
    if not Membership.objects.filter(
        person=trainer, partnership_id=course.partnership_id, is_active=True
    ).exists():
        raise ServiceError("Choose a trainer from your partnership", field="trainer")
    accreditation = (
        Accreditation.objects.select_for_update().filter(course=course, trainer=trainer).first()
    )
    if accreditation is None:
        if not is_active:
            raise ServiceError("This trainer is not accredited for the course", field="trainer")
        accreditation = Accreditation.objects.create(course=course, trainer=trainer)
        verb = "accreditation.add"
    elif accreditation.is_active == is_active:
        raise ServiceError(
            "This trainer is already accredited for the course"
            if is_active
            else "This accreditation is already inactive",
            field="trainer",
        )
    else:
        accreditation.is_active = is_active
        accreditation.save(update_fields=["is_active"])
        verb = "accreditation.activate" if is_active else "accreditation.deactivate"
    audit.record(
        actor,
        verb,
        accreditation,
        {"course": course.title, "trainer": trainer.full_name, "is_active": is_active},
        partnership=course.partnership,
    )
    return accreditation


@transaction.atomic
def unavailability_add(
    *,
    actor: Person,
    partnership: Partnership,
    trainer: Person,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> Unavailability:
    """Record days an accredited trainer cannot deliver training."""
    if ends_on < starts_on:
        raise ServiceError(
            "The last day must be the same as or after the first day", field="ends_on"
        )
    if not Accreditation.objects.filter(trainer=trainer, course__partnership=partnership).exists():
        raise ServiceError("Choose a trainer in the trainer pool", field="trainer")
    unavailability = Unavailability.objects.create(
        trainer=trainer, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    audit.record(
        actor,
        "unavailability.add",
        unavailability,
        {
            "trainer": trainer.full_name,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
        partnership=partnership,
    )
    return unavailability


# --- training needs -----------------------------------------------------------------


@transaction.atomic
def needs_survey_open(
    *, actor: Person, partnership: Partnership, year: int, closes_on: datetime.date
) -> NeedsSurvey:
    """Open the training needs analysis for a year: one survey per partnership a year,
    answered by each agency until the end of `closes_on`."""
    if closes_on < timezone.localdate():
        raise ServiceError("The closing date must be today or in the future", field="closes_on")
    if NeedsSurvey.objects.filter(partnership=partnership, year=year).exists():
        raise ServiceError(f"There is already a training needs survey for {year}", field="year")
    survey = NeedsSurvey.objects.create(partnership=partnership, year=year, closes_on=closes_on)
    audit.record(
        actor,
        "needs.open",
        survey,
        {"year": year, "closes_on": closes_on.isoformat()},
        partnership=partnership,
    )
    return survey


@dataclass(frozen=True)
class NeedsAnswer:
    """One agency's answer about one theme."""

    theme_id: int
    staff_needing: int
    priority: int  # 1 (highest) to 3
    notes: str = ""


@transaction.atomic
def needs_respond(
    *,
    actor: Person,
    membership: Membership,
    survey: NeedsSurvey,
    answers: list[NeedsAnswer],
    today: datetime.date | None = None,
) -> list[NeedsResponse]:
    """Answer the survey for the person's own agency, replacing the agency's earlier
    answers (one set per agency a year). Refused once the survey has closed."""
    today = today or timezone.localdate()
    if membership.person_id != actor.pk or membership.partnership_id != survey.partnership_id:
        raise ServiceError("You can only answer for your own agency in this partnership")
    if today > survey.closes_on:
        raise ServiceError(
            f"This survey closed on {survey.closes_on.day} {survey.closes_on:%B %Y}: "
            "answers can no longer be changed"
        )
    themes = set(Theme.objects.filter(partnership=survey.partnership).values_list("pk", flat=True))
    seen: set[int] = set()
    for answer in answers:
        if answer.theme_id not in themes or answer.theme_id in seen:
            raise ServiceError("Answer each of the partnership's themes once")
        if answer.staff_needing < 0:
            raise ServiceError("The number of staff must be 0 or more")
        if answer.priority not in (1, 2, 3):
            raise ServiceError("Select a priority from 1 to 3")
        seen.add(answer.theme_id)
    replaced = NeedsResponse.objects.filter(survey=survey, agency=membership.agency).delete()[0]
    now = timezone.now()
    saved = NeedsResponse.objects.bulk_create(
        NeedsResponse(
            survey=survey,
            agency=membership.agency,
            theme_id=answer.theme_id,
            staff_needing=answer.staff_needing,
            priority=answer.priority,
            notes=answer.notes,
            submitted_by=actor,
            submitted_at=now,
        )
        for answer in answers
    )
    audit.record(
        actor,
        "needs.respond",
        survey,
        {
            "agency": membership.agency.name,
            "themes": len(saved),
            "staff_needing": sum(answer.staff_needing for answer in answers),
            "replaced": replaced,
        },
        partnership=survey.partnership,
    )
    return saved


# --- cancelling an event --------------------------------------------------------------


@transaction.atomic
def event_cancel(
    *, actor: Person, event: Event, reason: str, now: datetime.datetime | None = None
) -> Event:
    """Cancel an event: every place and waiting-list place ends without charge, and
    each learner (and their line manager) is told why."""
    event = _locked_event(event)
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        raise ServiceError("This event has already been cancelled")
    if now >= event.ends_at:
        raise ServiceError("This event has already happened")
    if not reason.strip():
        raise ServiceError("Say why the event is cancelled", field="reason")
    active = list(
        # Lock the bookings only, not the people joined to them (a line manager is optional,
        # and PostgreSQL cannot lock the empty side of an outer join).
        Booking.objects.select_for_update(of=("self",))
        .filter(event=event, status__in=Booking.ACTIVE)
        .select_related("learner", "line_manager")
    )
    for booking in active:
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancellation_reason = f"The event was cancelled: {reason}"
    Booking.objects.bulk_update(active, ["status", "cancelled_at", "cancellation_reason"])
    event.status = Event.Status.CANCELLED
    event.confirmed_count = 0
    event.save(update_fields=["status", "confirmed_count"])
    audit.record(actor, "event.cancel", event, {"reason": reason, "bookings_ended": len(active)})
    for booking in active:
        to_learner, to_manager = emails.event_cancelled(booking, reason)
        _send(booking.learner, to_learner)
        _send(booking.line_manager, to_manager)
    return event
