"""Reading for delivery: the trainer's events, registers, the booking behind an
evaluation or a certificate, and where a recording is. Access is the policies'; the
narrower rules (only the learner, or their line manager at six months) are here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from masa.learning.models import (
    Attendance,
    Booking,
    Course,
    Event,
)
from masa.learning.policies import bookings, events


def events_for_delivery(user: Any) -> QuerySet[Event]:
    """Events whose register the person may keep: the ones they train, or every event
    in the partnership for the business unit (course.manage)."""
    if events.can(user, "manage"):
        return events.visible(user, "manage")
    return events.visible(user, "deliver")


def delivery_event_or_404(user: Any, pk: int) -> Event:
    try:
        return events_for_delivery(user).select_related("course", "partnership").get(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404("No such event, or you do not deliver it.") from error


def trainer_events(user: Any, now: datetime.datetime) -> tuple[QuerySet[Event], QuerySet[Event]]:
    """The events a trainer delivers: upcoming (soonest first) and past (latest first),
    each with how many attendance records it has."""
    records = (
        events.visible(user, "deliver")
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


def booking_for_evaluation(user: Any, pk: int) -> Booking:
    """The booking whose evaluation `user` may give as the learner: their own. Anything
    else is not there (404). (The line manager's part at six months is reached through
    `booking_for_manager_part`.)"""
    try:
        return (
            bookings.visible(user, "view")
            .filter(learner=user)
            .select_related("event__course", "learner", "line_manager", "partnership")
            .get(pk=pk)
        )
    except (Booking.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such booking, or you may not see it.") from error


def booking_for_manager_part(user: Any, partnership: Any, pk: int) -> Booking:
    """A booking in the partnership that names `user` as the learner's line manager,
    whose six-month evaluation they have a part in; anything else is not there (404)."""
    try:
        return (
            Booking.objects.filter(partnership=partnership, line_manager=user)
            .select_related("event__course", "learner", "line_manager", "partnership")
            .get(pk=pk)
        )
    except (Booking.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such booking, or you are not the learner's line manager.") from error


def booking_for_certificate(user: Any, pk: int) -> Booking:
    """The booking whose certificate `user` may download: their own, or any in the
    partnership for the business unit (course.manage)."""
    if bookings.can(user, "manage"):
        records = bookings.visible(user, "manage")
    else:
        records = bookings.visible(user, "view").filter(learner=user)
    try:
        return records.select_related("event__course", "learner", "partnership", "attendance").get(
            pk=pk
        )
    except (Booking.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such booking, or you may not see it.") from error


def recording_link(course: Course) -> Event | None:
    """The latest event of a recording or webinar with a web link (Course has no link
    of its own: the recording is published as the joining link of its latest run)."""
    return (
        course.events.filter(status=Event.Status.SCHEDULED)
        .filter(Q(joining_link__startswith="https://") | Q(joining_link__startswith="http://"))
        .order_by("-starts_at", "-pk")
        .first()
    )
