"""Learning test data: courses and events made through the services."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from masa.core.models import Partnership
from masa.learning import services
from masa.learning.models import Booking, Course, Event
from tests.helpers import BUSINESS_MANAGER, SOUTHMOOR_MANAGER, acting

# Who runs each partnership's programme in the demo.
MANAGERS = {"northbridge": BUSINESS_MANAGER, "southmoor": SOUTHMOOR_MANAGER}

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
    return services.event_create(
        acting=acting(MANAGERS[on.partnership.slug], on.partnership),
        course=on,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        capacity=capacity,
        venue="Northbridge Council House, Room 2",
        **overrides,
    )


def book(email: str, on: Event, **overrides: Any) -> Booking:
    return services.booking_make(acting=acting(email, on.partnership), event=on, **overrides)
