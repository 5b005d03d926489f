"""The review clocks: every due date from `masa.core.clocks` with the partnership's rule
(`masa.core.timescales.rule_for`), as plain dates."""

from __future__ import annotations

import datetime
import math

from masa.core import clocks
from masa.core.models import Partnership
from masa.core.timescales import rule_for


def due_date(partnership: Partnership, code: str, start: datetime.date) -> datetime.date:
    """When something that started on `start` is due under the partnership's rule `code`.
    An hours rule (a partnership may choose one) counts whole days, rounded up."""
    rule = rule_for(partnership, code)
    if rule.hours is not None:
        return start + datetime.timedelta(days=math.ceil(rule.hours / 24))
    due = clocks.due(start, rule)
    return due.date() if isinstance(due, datetime.datetime) else due


def back(rule: clocks.Rule, day: datetime.date) -> datetime.date:
    """The date `rule` before `day` (the clock run backwards)."""
    if rule.working_days is not None:
        return clocks.add_working_days(day, -rule.working_days)
    if rule.months is not None:
        return clocks.add_months(day, -rule.months)
    if rule.calendar_days is not None:
        return day - datetime.timedelta(days=rule.calendar_days)
    assert rule.hours is not None
    return day - datetime.timedelta(days=math.ceil(rule.hours / 24))


def date_before(partnership: Partnership, code: str, day: datetime.date) -> datetime.date:
    """The date the partnership's rule `code` before `day`."""
    return back(rule_for(partnership, code), day)


def stale_cutoff(partnership: Partnership, today: datetime.date) -> datetime.date:
    """An open action last updated on or before this date has drifted (no update for
    the `action_update_stale` period, 6 weeks by default)."""
    return date_before(partnership, "action_update_stale", today)
