"""Deadlines the partnership's local timescales set for training: cancelling
without charge, accepting a place offered, and when evaluations fall due."""

from __future__ import annotations

import datetime

from django.utils import timezone

from masa.core import clocks
from masa.core.models import Partnership
from masa.core.timescales import rule_for

IMPACT_AFTER = datetime.timedelta(weeks=8)


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
