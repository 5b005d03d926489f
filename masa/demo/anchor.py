"""When the demo's data ends: its anchor.

The demo is built up to the day it is loaded, so the MASH queue, the returns, the
training programme and the action plan read as they would on a real working day
(some work due soon, a little overdue), not as they did on a fixed date long gone.
The anchor is 14:00 on the most recent working day at or before now (England and
Wales bank holidays and weekends are skipped), so the generators always end on a
working afternoon, as they were written for.

The data stays deterministic: the same seed gives the same shape of data, with its
dates shifted to the anchor. The anchor is written down with the front door's load
(its audit event), and every later build reuses it, so building again, on the same
day or any later one, changes nothing and each part of the demo agrees on its dates.

The stories written by hand (case reviews, insight's returns) have dates written
against `STORY`, the anchor they were written for: the builders move them to the
real anchor (see `weeks_after_story`).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from masa.core import clocks
from masa.core.models import AuditEvent
from masa.frontdoor.services import LONDON

# The moment the hand-written stories were written up to (a Friday afternoon).
STORY = datetime.datetime(2026, 11, 20, 14, 0, tzinfo=LONDON)
HOUR = 14
# The load events that keep the anchor a demo was built with.
LOAD_VERBS = ("demo.frontdoor_load", "demo.learning_load", "demo.insight_load")
# An anchor held for the whole process (a test session), so a demo built again after
# its records were flushed keeps the first build's dates even past 14:00 on a working day.
_held: list[datetime.datetime] = []


def hold(anchor: datetime.datetime) -> None:
    """Build every later demo of this process with `anchor` when none is recorded."""
    _held[:] = [anchor.astimezone(LONDON)]


def anchor_for(now: datetime.datetime) -> datetime.datetime:
    """14:00 on the most recent working day whose 14:00 is not after `now`."""
    local = now.astimezone(LONDON)
    day = local.date()
    if local.hour < HOUR:
        day -= datetime.timedelta(days=1)
    while not clocks.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(HOUR), tzinfo=LONDON)


def recorded() -> datetime.datetime | None:
    """The anchor the demo in this database was first built with, if it was."""
    for event in AuditEvent.objects.filter(verb__in=LOAD_VERBS).order_by("pk"):
        value = (event.changes or {}).get("anchor")
        if isinstance(value, str):
            return datetime.datetime.fromisoformat(value).astimezone(LONDON)
    return None


def resolve(anchor: datetime.datetime | None = None) -> datetime.datetime:
    """The anchor to build with: the one given, else the one this demo was built with,
    else the one held for this process, else today's."""
    if anchor is not None:
        return anchor.astimezone(LONDON)
    return recorded() or (_held[0] if _held else anchor_for(timezone.now()))


def weeks_after_story(anchor: datetime.datetime) -> int:
    """Whole weeks from `STORY` to `anchor` (never past it): the hand-written stories'
    dates move by this many weeks, so each keeps its day of the week and none falls
    after the anchor."""
    return (anchor.astimezone(LONDON).date() - STORY.date()).days // 7
