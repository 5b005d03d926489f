"""The programme: courses, events, the trainer pool, and cancelling an event.
Every write is one function, one transaction, one audit event."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Membership, Person
from masa.learning.models import (
    Accreditation,
    Booking,
    Course,
    Event,
    Theme,
    Unavailability,
)
from masa.learning.services import notices
from masa.learning.services.bookings import _locked_event
from masa.learning.services.deadlines import cancellation_deadline


@transaction.atomic
def event_create(
    *,
    acting: Acting,
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
        acting,
        "event.create",
        event,
        {"course": course.title, "starts_at": starts_at.isoformat(), "capacity": capacity},
    )
    return event


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
    acting: Acting,
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
    partnership = acting.partnership
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
        acting,
        "course.create" if creating else "course.change",
        course,
        audit.changes_between(before, after),
    )
    return course


@transaction.atomic
def accreditation_set(
    *, acting: Acting, course: Course, trainer: Person, is_active: bool = True
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
        acting,
        verb,
        accreditation,
        {"course": course.title, "trainer": trainer.full_name, "is_active": is_active},
        partnership=course.partnership,
    )
    return accreditation


@transaction.atomic
def unavailability_add(
    *,
    acting: Acting,
    trainer: Person,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> Unavailability:
    """Record days an accredited trainer cannot deliver training."""
    partnership = acting.partnership
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
        acting,
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


@transaction.atomic
def event_cancel(
    *, acting: Acting, event: Event, reason: str, now: datetime.datetime | None = None
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
    audit.record(acting, "event.cancel", event, {"reason": reason, "bookings_ended": len(active)})
    for booking in active:
        notices.event_cancelled(booking, reason)
    return event
