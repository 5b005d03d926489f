"""Reads for the catalogue: the programme's upcoming events and a course's page.
Every read starts from a policy's `visible(...)`, so people see only what they may."""

from __future__ import annotations

import datetime

from django.db.models import (
    F,
    QuerySet,
)

from masa.core.acting import Acting
from masa.learning import policies
from masa.learning.models import (
    Course,
    Event,
)


def catalogue_events(
    acting: Acting,
    *,
    now: datetime.datetime,
    theme: int | None = None,
    level: int | None = None,
    mode: str = "",
    search: str = "",
    available_only: bool = False,
) -> QuerySet[Event]:
    """Upcoming, open events of active courses, soonest first. Places left come from the
    kept `confirmed_count`, so no bookings are counted here."""
    records = (
        policies.events.visible(acting, "view")
        .filter(status=Event.Status.SCHEDULED, starts_at__gte=now, course__is_active=True)
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    if theme:
        records = records.filter(course__themes__id=theme)
    if level:
        records = records.filter(course__level=level)
    if mode:
        records = records.filter(course__mode=mode)
    if search:
        records = records.filter(course__title__icontains=search)
    if available_only:
        records = records.filter(confirmed_count__lt=F("capacity"))
    return records


def upcoming_events(course: Course, now: datetime.datetime) -> QuerySet[Event]:
    return course.events.filter(status=Event.Status.SCHEDULED, starts_at__gte=now).order_by(
        "starts_at", "pk"
    )


def active_trainer_count(course: Course) -> int:
    return course.accreditations.filter(is_active=True, trainer__is_active=True).count()
