"""What the audit services share: today, due dates on the partnership's clocks, text
that must be there."""

from __future__ import annotations

import datetime

from django.utils import timezone

from masa.core import clocks, timescales
from masa.core.errors import ServiceError
from masa.core.models import Partnership


def today() -> datetime.date:
    return timezone.localdate()


def due_after(partnership: Partnership, code: str, start: datetime.date) -> datetime.date:
    """The day something started on `start` is due, under the partnership's rule `code`."""
    rule = timescales.rule_for(partnership, code)
    if rule.hours is not None:
        moment = datetime.datetime.combine(
            start, datetime.time(9), tzinfo=timezone.get_current_timezone()
        )
        due = clocks.due(moment, rule)
        assert isinstance(due, datetime.datetime)
        return due.date()
    due = clocks.due(start, rule)
    assert isinstance(due, datetime.date)
    return due if not isinstance(due, datetime.datetime) else due.date()


def require_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError(message, field=field)
    return text
