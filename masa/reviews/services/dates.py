"""Correcting a recorded date of an incident, its rapid review or a review, with the
reason: the order dates keep, the new version kept and the clocks that follow."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.reviews.models import DateCorrection, Incident, RapidReview, Review
from masa.reviews.services.common import _fresh, _happened, _manage, _require_text
from masa.reviews.services.reviews import _recompute_target
from masa.reviews.timescales import due_date

# The order recorded dates keep: (later, earlier). A correction that breaks it is refused.
# Keys that are not correction fields ("review.first_delay"...) are dates of other
# records that bound a correction without being corrected here.
DATE_ORDER = (
    ("notified_panel_on", "aware_on"),
    ("partners_told_on", "aware_on"),
    ("notified_ofsted_on", "aware_on"),
    ("notified_sos_on", "aware_on"),
    ("rapid.meeting_on", "notified_panel_on"),
    ("rapid.decided_on", "rapid.meeting_on"),
    ("rapid.sent_to_panel_on", "rapid.decided_on"),
    ("rapid.panel_response_on", "rapid.sent_to_panel_on"),
    ("review.started_on", "review.notified_on"),
    ("review.started_on", "review.conflict_checked_on"),
    ("review.draft_received_on", "review.started_on"),
    ("review.signed_off_on", "review.draft_received_on"),
    ("review.published_on", "review.signed_off_on"),
    ("review.first_delay", "review.started_on"),
    ("review.first_copy", "review.signed_off_on"),
)


BOUNDS = {
    "review.first_delay": "the start of the first delay",
    "review.first_copy": "the first copy sent",
}


REVIEW_DATE_FIELDS = tuple(
    name for name in DateCorrection.Field.values if name.startswith("review.")
)


INCIDENT_DATE_FIELDS = tuple(
    name for name in DateCorrection.Field.values if name not in REVIEW_DATE_FIELDS
)


def recorded_dates(record: Incident | Review) -> dict[str, datetime.date | None]:
    """Every correctable date of an incident and its rapid review, or of a review, by
    correction field."""
    if isinstance(record, Review):
        return {name: getattr(record, name.removeprefix("review.")) for name in REVIEW_DATE_FIELDS}
    rapid = RapidReview.objects.filter(incident=record).first()
    found: dict[str, datetime.date | None] = {}
    for field in INCIDENT_DATE_FIELDS:
        if field.startswith("rapid."):
            found[field] = getattr(rapid, field.removeprefix("rapid."), None) if rapid else None
        else:
            found[field] = getattr(record, field)
    return found


def _bounds(record: Incident | Review) -> dict[str, datetime.date | None]:
    """Dates of other records a correction must keep its place against."""
    if not isinstance(record, Review):
        return {}
    return {
        "review.first_delay": min((d.started_on for d in record.delays.all()), default=None),
        "review.first_copy": min((c.sent_on for c in record.copies.all()), default=None),
    }


def _named(field: str) -> str:
    if field in BOUNDS:
        return BOUNDS[field]
    label = DateCorrection.Field(field).label.lower().replace("panel", "Panel")
    return f"the {label} date"


def _check_order(field: str, dates: Mapping[str, datetime.date | None]) -> None:
    for later, earlier in DATE_ORDER:
        first, second = dates.get(earlier), dates.get(later)
        if first is None or second is None or second >= first:
            continue
        if field == later:
            raise ServiceError(f"The date cannot be before {_named(earlier)}", field="new_on")
        if field == earlier:
            raise ServiceError(f"The date cannot be after {_named(later)}", field="new_on")


def _move_incident_date(
    incident: Incident, field: str, new_on: datetime.date, changes: dict[str, Any]
) -> None:
    """Write a corrected incident or rapid review date; the notification's and the rapid
    review's due dates follow the dates they run from."""
    partnership = incident.partnership
    rapid = RapidReview.objects.select_for_update().filter(incident=incident).first()
    if field.startswith("rapid."):
        assert rapid is not None
        setattr(rapid, field.removeprefix("rapid."), new_on)
        rapid.save()
        return
    setattr(incident, field, new_on)
    if field == "aware_on":
        due = due_date(partnership, "incident_notification", new_on)
        changes["notification_due_on"] = {"old": str(incident.notification_due_on), "new": str(due)}
        incident.notification_due_on = due
    incident.updated_at = timezone.now()
    incident.save()
    if field == "notified_panel_on" and rapid is not None:
        due = due_date(partnership, "rapid_review", new_on)
        changes["rapid_review_due_on"] = {"old": str(rapid.due_on), "new": str(due)}
        rapid.due_on = due
        rapid.save(update_fields=["due_on"])


def _move_review_date(
    review: Review, field: str, new_on: datetime.date, changes: dict[str, Any]
) -> None:
    """Write a corrected review date. An LCSPR's target runs from its start, so it
    follows a corrected start (keeping the days paused); a DHR's decision due date is
    worked out from the notification when read, so it follows by itself."""
    setattr(review, field.removeprefix("review."), new_on)
    if field == "review.started_on" and review.kind == Review.Kind.LCSPR:
        old_target = review.target_on
        review.planned_target_on = due_date(review.partnership, "lcspr_completion", new_on)
        _recompute_target(review)
        changes["target_on"] = {
            "old": str(old_target) if old_target else None,
            "new": str(review.target_on),
        }
    review.updated_at = timezone.now()
    review.save()


def _date_correct(
    *,
    acting: Acting,
    record: Incident | Review,
    field: str,
    new_on: datetime.date,
    reason: str,
) -> DateCorrection:
    """Correct a date recorded on `record`, with the reason: the checks every correction
    passes, the new version kept and the audit event (`incident.date_correct` or
    `review.date_correct`)."""
    _manage(acting, record.partnership)
    _fresh(record)
    dates = recorded_dates(record)
    if field not in dates:
        raise ServiceError("Select the date to correct", field="field")
    reason = _require_text(reason, "reason", "Give the reason for the correction")
    old_on = dates[field]
    if old_on is None:
        raise ServiceError("This date has not been recorded yet: record it first", field="field")
    if new_on == old_on:
        raise ServiceError("Enter a date different from the one recorded", field="new_on")
    _happened(new_on, "new_on", "The corrected date")
    _check_order(field, {**dates, **_bounds(record), field: new_on})
    changes: dict[str, Any] = {
        field: {"old": str(old_on), "new": str(new_on)},
        "reason": {"old": None, "new": reason},
    }
    if isinstance(record, Review):
        _move_review_date(record, field, new_on, changes)
        owner: dict[str, Any] = {"review": record}
    else:
        _move_incident_date(record, field, new_on, changes)
        owner = {"incident": record}
    earlier_versions = DateCorrection.objects.filter(**owner, field=field).count()
    correction = DateCorrection.objects.create(
        partnership=record.partnership,
        **owner,
        field=field,
        version=earlier_versions + 2,
        old_on=old_on,
        new_on=new_on,
        reason=reason,
        corrected_by=acting.person,
    )
    verb = "review" if isinstance(record, Review) else "incident"
    audit.record(acting, f"{verb}.date_correct", record, changes)
    return correction


@transaction.atomic
def incident_date_correct(
    *, acting: Acting, incident: Incident, field: str, new_on: datetime.date, reason: str
) -> DateCorrection:
    """Correct a date recorded on a serious incident or its rapid review, with the
    reason. The correction is kept as a new version of the date (the old value stays
    in the history) and the clocks that run from it (the notification's and the rapid
    review's due dates) move with it."""
    return _date_correct(acting=acting, record=incident, field=field, new_on=new_on, reason=reason)


@transaction.atomic
def review_date_correct(
    *, acting: Acting, review: Review, field: str, new_on: datetime.date, reason: str
) -> DateCorrection:
    """Correct a date recorded on a review (notified, conflict check, start, draft,
    sign-off, publication), with the reason, as a new version kept in the history; the
    target that runs from the start moves with it."""
    return _date_correct(acting=acting, record=review, field=field, new_on=new_on, reason=reason)
