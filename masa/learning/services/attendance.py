"""Attendance: the trainer's register, attendance imported from virtual-meeting
reports, e-learning completions from the LMS, and recordings watched."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Membership
from masa.learning.imports import AttendanceRow, CompletionRow, Parsed, RowProblem
from masa.learning.models import (
    Attendance,
    Booking,
    Completion,
    Course,
    Event,
)
from masa.learning.services import notices
from masa.learning.services.charges import charge_apply

ATTENDED_SHARE = Decimal("0.75")  # of the event's length, to count as attended in full


@transaction.atomic
def attendance_record(
    *,
    acting: Acting | None,
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
            "recorded_by": acting.person if acting else None,
            "recorded_at": timezone.now(),
        },
    )
    if status == Attendance.Status.NO_SHOW:
        charge_apply(booking, "no_show")
    elif booking.charge_reason == "No-show":
        booking.charge, booking.charge_reason = Decimal("0"), ""
    booking.save(update_fields=["charge", "charge_reason"])
    audit.record(
        acting,
        "attendance.record",
        attendance,
        audit.changes_between(before, audit.snapshot(attendance, ["status", "minutes"])),
        partnership=booking.partnership,
    )
    if status == Attendance.Status.NO_SHOW and not existing:
        notices.no_show(booking)
    return attendance


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
    acting: Acting,
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
        attendance_record(acting=acting, booking=booking, status=status, minutes=minutes)
        changed += 1
    audit.record(acting, "attendance.register", event, {"changed": changed})
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
    acting: Acting,
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
            acting=acting,
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
        acting,
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
    acting: Acting,
    parsed: Parsed[CompletionRow],
    filename: str,
    now: datetime.datetime | None = None,
) -> CompletionsImported:
    """Record e-learning completions from an LMS export. The course is found by its
    number or its title; the learner by email (their agency from their membership).
    Importing the same file again adds nothing: those rows are reported as already
    recorded."""
    now = now or timezone.now()
    partnership = acting.partnership
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
        acting,
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
    acting: Acting,
    course: Course,
    now: datetime.datetime | None = None,
) -> tuple[Completion, bool]:
    """Count a view of a recording or webinar: one per person per day. Returns the
    completion and whether it is new."""
    now = now or timezone.now()
    if course.mode not in (Course.Mode.RECORDING, Course.Mode.WEBINAR):
        raise ServiceError("This course has no recording")
    if not acting.is_in(course.partnership_id):
        raise ServiceError("This course is not in your partnership")
    existing = Completion.objects.filter(
        course=course,
        learner=acting.person,
        kind=Completion.Kind.RECORDING,
        completed_at__date=timezone.localdate(now),
    ).first()
    if existing is not None:
        return existing, False
    completion = Completion.objects.create(
        partnership=course.partnership,
        course=course,
        learner=acting.person,
        learner_email=acting.person.email.lower(),
        agency=acting.agency,
        kind=Completion.Kind.RECORDING,
        completed_at=now,
        source="Watched in MASA",
    )
    audit.record(acting, "recording.watched", completion, {"course": course.title})
    return completion, True
