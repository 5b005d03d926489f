"""Reads for delivery: the trainer's events, registers, and where a recording is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from masa.core.acting import Acting
from masa.learning import policies
from masa.learning.models import (
    Attendance,
    Booking,
    Course,
    Event,
)


def trainer_events(
    acting: Acting, now: datetime.datetime
) -> tuple[QuerySet[Event], QuerySet[Event]]:
    """The events a trainer delivers: upcoming (soonest first) and past (latest first),
    each with how many attendance records it has."""
    records = (
        policies.events.visible(acting, "deliver")
        .select_related("course")
        .annotate(recorded=Count("bookings__attendance", distinct=True))
    )
    upcoming = records.filter(ends_at__gte=now).order_by("starts_at", "pk")
    past = records.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return upcoming, past


@dataclass(frozen=True)
class RegisterRow:
    booking: Booking
    attendance: Attendance | None


def register_rows(event: Event) -> list[RegisterRow]:
    """The confirmed learners on an event, by name, with any attendance recorded."""
    confirmed = (
        Booking.objects.filter(event=event, status=Booking.Status.CONFIRMED)
        .select_related("learner", "agency")
        .order_by("learner__full_name", "pk")
    )
    recorded = {
        attendance.booking_id: attendance
        for attendance in Attendance.objects.filter(booking__in=confirmed).select_related(
            "recorded_by"
        )
    }
    return [RegisterRow(booking, recorded.get(booking.pk)) for booking in confirmed]


def recording_link(course: Course) -> Event | None:
    """The latest event of a recording or webinar with a web link (Course has no link
    of its own: the recording is published as the joining link of its latest run)."""
    return (
        course.events.filter(status=Event.Status.SCHEDULED)
        .filter(Q(joining_link__startswith="https://") | Q(joining_link__startswith="http://"))
        .order_by("-starts_at", "-pk")
        .first()
    )
