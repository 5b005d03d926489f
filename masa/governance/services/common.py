"""What the governance services share: today, text checks and change payloads."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from masa.core.errors import ServiceError
from masa.core.models import Membership, Partnership, Person


def today() -> datetime.date:
    return timezone.localdate()


def text(value: str, field: str, message: str, *, limit: int = 5000) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ServiceError(message, field=field)
    if len(cleaned) > limit:
        raise ServiceError(f"This must be {limit:,} characters or fewer", field=field)
    return cleaned


def change(old: Any, new: Any) -> dict[str, Any]:
    return {"old": old, "new": new}


def label(person: Person | None) -> str | None:
    return (person.full_name or person.email) if person is not None else None


def in_partnership(person: Person | None, partnership: Partnership, field: str) -> None:
    """A person named on a group must be an active member of its partnership."""
    if person is None:
        return
    if not Membership.objects.filter(
        person=person, partnership=partnership, is_active=True
    ).exists():
        raise ServiceError("Choose someone who works in this partnership", field=field)
