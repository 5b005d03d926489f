"""The checks every case review service shares: who may act, dates that happened, texts
given, themes and agencies of the partnership, references and fresh rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.utils import timezone

from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, Partnership, PartnershipAgency
from masa.core.policies import Policy
from masa.reviews import policies, rules, validators
from masa.reviews.models import ReferenceCounter, Theme
from masa.reviews.validators import HTTP_REFUSED

ReviewStatus = rules.ReviewStatus


def _today() -> datetime.date:
    return timezone.localdate()


def _require(acting: Acting, partnership: Partnership, policy: Policy[Any], action: str) -> None:
    """Refuse the action unless the person acts in `partnership` and `policy` lets them
    `action` there (`Policy.require`)."""
    if not acting.is_in(partnership.pk):
        raise NotAllowed("You do not have permission to do this")
    policy.require(acting, action)


def _manage(acting: Acting, partnership: Partnership) -> None:
    """Running reviews: review.manage at partnership scope (`policies.reviews`)."""
    _require(acting, partnership, policies.reviews, "manage")


def _require_text(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ServiceError(message, field=field)
    return text


def _not_before(day: datetime.date, earliest: datetime.date | None, field: str, what: str) -> None:
    if earliest is not None and day < earliest:
        raise ServiceError(f"The date cannot be before {what}", field=field)


def _happened(day: datetime.date | None, field: str, what: str) -> None:
    """A date on which something happened (became aware, was told, met, decided, sent...)
    cannot be in the future: it would make a clock read "met" before the event."""
    if day is not None and day > validators.today():
        raise ServiceError(f"{what} must be today or in the past", field=field)


def _secure_link(link: str) -> None:
    """Links to published reports and library items are https only, as their hints say."""
    if not link.strip().lower().startswith("https://"):
        raise ServiceError(HTTP_REFUSED, field="link")


def _themes(partnership: Partnership, themes: Iterable[Theme]) -> list[Theme]:
    chosen = list(themes)
    if any(theme.partnership_id != partnership.pk for theme in chosen):
        raise ServiceError("Choose themes from this partnership", field="themes")
    return chosen


def _theme_names(themes: Iterable[Theme]) -> list[str]:
    return sorted(theme.name for theme in themes)


def _agency_in(partnership: Partnership, agency: Agency, field: str = "agency") -> None:
    if not PartnershipAgency.objects.filter(partnership=partnership, agency=agency).exists():
        raise ServiceError(f"{agency} does not take part in {partnership}", field=field)


def _reference(partnership: Partnership, series: str, year: int) -> str:
    # One row per partnership, series and year, locked while it grows, so concurrent
    # records never share a number.
    ReferenceCounter.objects.get_or_create(partnership=partnership, series=series, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(
        partnership=partnership, series=series, year=year
    )
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    prefix = (partnership.code or partnership.slug[:2]).upper()
    return f"{prefix}-{series}-{year}-{counter.last:03d}"


def _fresh(record: Any) -> None:
    """Lock the record's row and re-read it, so a status is checked as it is now, not as
    the caller last saw it (two people acting at once, or a stale object)."""
    list(type(record).objects.select_for_update().filter(pk=record.pk).values_list("pk"))
    record.refresh_from_db()
