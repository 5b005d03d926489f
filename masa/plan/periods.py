"""Which plan period is current, and the period a partnership starts with.

The current period is the one covering today; between periods (or before the first
starts) it is the latest one that has started, else the first to come. A partnership
without any gets one from the start of this financial year, three years long, when
something first needs its priorities (the starter catalogue, the migration of the
priorities that were kept elsewhere)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from masa.core.models import Partnership
from masa.plan.models import PlanPeriod, Priority

YEARS = 3


def financial_year_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def current_period(partnership_id: int, today: datetime.date | None = None) -> PlanPeriod | None:
    today = today or timezone.localdate()
    periods = PlanPeriod.objects.filter(partnership_id=partnership_id)
    return (
        periods.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
        or periods.filter(starts_on__lte=today).order_by("-starts_on").first()
        or periods.order_by("starts_on").first()
    )


def current_or_new_period(
    partnership: Partnership, today: datetime.date | None = None
) -> PlanPeriod:
    """The current period, or a new three-year one from this financial year's start."""
    today = today or timezone.localdate()
    found = current_period(partnership.pk, today)
    if found is not None:
        return found
    starts = financial_year_start(today)
    ends = datetime.date(starts.year + YEARS, 3, 31)
    period, _ = PlanPeriod.objects.get_or_create(
        partnership=partnership,
        name=f"{starts.year}-{ends.year}",
        defaults={"starts_on": starts, "ends_on": ends},
    )
    return period


def current_priorities(
    partnership_id: int, today: datetime.date | None = None
) -> QuerySet[Priority]:
    """The one list of priorities of the current period (none when there is no period)."""
    period = current_period(partnership_id, today)
    if period is None:
        return Priority.objects.none()
    return Priority.objects.filter(period=period).order_by("number", "name")
