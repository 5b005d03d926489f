"""What the front door's services share: the London clock, due times, locking a contact."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from masa.core import clocks
from masa.core.errors import ServiceError
from masa.frontdoor.models import Contact

LONDON = ZoneInfo("Europe/London")
REPEAT_WINDOW = datetime.timedelta(days=365)


def due_at(start: datetime.datetime, rule: clocks.Rule) -> datetime.datetime:
    """When something started at `start` is due, as a moment: day rules end at 23:59 local."""
    due = clocks.due(start, rule)
    if isinstance(due, datetime.datetime):
        return due
    return datetime.datetime.combine(due, datetime.time(23, 59, 59), tzinfo=LONDON)


def locked_contact(contact: Contact) -> Contact:
    return Contact.objects.select_for_update().get(pk=contact.pk)


def require_open(contact: Contact) -> None:
    if not contact.is_open:
        raise ServiceError("This contact has been decided. Record a correction instead")


def when(moment: datetime.datetime) -> str:
    """A moment as the emails say it: "14:30 on Monday 7 December 2026"."""
    local = moment.astimezone(LONDON)
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B %Y}"
