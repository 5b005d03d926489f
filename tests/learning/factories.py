"""Learning test data: courses and events made through the services."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from masa.core.models import Partnership, Person
from masa.core.policies import act_in
from masa.learning import services
from masa.learning.models import Booking, Course, Event
from tests.helpers import BUSINESS_MANAGER, membership, person

_serial = itertools.count(1)


def course(partnership: str = "northbridge", **overrides: Any) -> Course:
    values: dict[str, Any] = {
        "partnership": Partnership.objects.get(slug=partnership),
        "title": f"Test course {next(_serial)}",
        "level": 2,
        "learning_outcomes": "Recognise neglect; know how to refer.",
        "duration_minutes": 180,
        "mode": Course.Mode.FACE_TO_FACE,
    }
    values.update(overrides)
    return Course.objects.create(**values)


def event(
    on: Course | None = None,
    *,
    capacity: int = 10,
    starts_at: datetime.datetime | None = None,
    **overrides: Any,
) -> Event:
    on = on or course()
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=30)
    manager = person(BUSINESS_MANAGER)
    act_in(manager, on.partnership)
    return services.event_create(
        actor=manager,
        course=on,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        capacity=capacity,
        venue="Northbridge Council House, Room 2",
        **overrides,
    )


def book(email: str, on: Event, **overrides: Any) -> Booking:
    who: Person = person(email)
    member = membership(email, on.partnership.slug)
    act_in(who, on.partnership)
    return services.booking_make(actor=who, membership=member, event=on, **overrides)
