"""Agencies' quarterly returns: starting one, saving the draft (typed or uploaded), and
submitting it as a new version.

A return is locked (`select_for_update`) while it changes, so two people pressing
"Submit" at once make one version, and a draft saved while another is submitted is
kept whole.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, PartnershipAgency
from masa.insight import selectors
from masa.insight.measurements import Figure, measurements_replace
from masa.insight.models import (
    DataReturn,
    Indicator,
    ReturnSubmission,
    ReturnValue,
    Source,
    SubmittedValue,
)
from masa.insight.periods import Period
from masa.insight.validation import Entry, Problem


class ReturnInvalid(ServiceError):
    """The return cannot be submitted: these figures are not right yet."""

    def __init__(self, problems: Sequence[tuple[Indicator, Problem]]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} figure{'s' if count != 1 else ''} need{'' if count != 1 else 's'} correcting"
        )
        self.problems = list(problems)


def _lock(data_return: DataReturn) -> DataReturn:
    return (
        DataReturn.objects.select_for_update()
        .select_related("agency", "partnership")
        .get(pk=data_return.pk)
    )


@transaction.atomic
def return_open(
    *,
    acting: Acting,
    agency: Agency,
    period: Period,
    today: datetime.date | None = None,
) -> DataReturn:
    """Start an agency's return for a quarter, or give back the one already started
    (pressing the button twice makes one return)."""
    today = today or timezone.localdate()
    partnership = acting.partnership
    link = (
        PartnershipAgency.objects.select_for_update()
        .filter(partnership=partnership, agency=agency)
        .first()
    )
    if link is None:
        raise ServiceError(f"{agency} does not take part in {partnership}", field="agency")
    existing = DataReturn.objects.filter(
        partnership=partnership, agency=agency, period_start=period.start
    ).first()
    if existing is not None:
        return existing
    if not period.is_quarter or period not in selectors.return_periods(today):
        raise ServiceError("Choose the current quarter or one of the 12 before it", field="period")
    if not selectors.return_indicators(partnership, agency).exists():
        raise ServiceError(f"{agency} has no figures to return", field="agency")
    now = timezone.now()
    data_return = DataReturn.objects.create(
        partnership=partnership,
        agency=agency,
        period_start=period.start,
        period_end=period.end,
        created_at=now,
        updated_at=now,
    )
    audit.record(
        acting,
        "data_return.open",
        data_return,
        audit.values(period=period.code, agency=agency.name),
        target_label=f"{agency} return for {period.code}",
    )
    return data_return


def _entry_of(value: ReturnValue | None) -> Entry:
    if value is None:
        return Entry()
    return Entry(
        value.value_text,
        value.numerator_text,
        value.denominator_text,
        value.narrative,
        value.not_available,
    )


def _write_entries(data_return: DataReturn, entries: Mapping[int, Entry]) -> dict[str, Any]:
    """Store the entries as typed; returns the audit changes, by indicator code."""
    indicators = {
        indicator.pk: indicator
        for indicator in selectors.return_indicators(data_return.partnership, data_return.agency)
    }
    stored = {
        value.indicator_id: value for value in ReturnValue.objects.filter(data_return=data_return)
    }
    changes: dict[str, Any] = {}
    for indicator_id, entry in entries.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ServiceError("That figure is not part of this return")
        current = stored.get(indicator_id)
        if _entry_of(current) == entry:
            continue
        changes[indicator.code] = {
            "old": _entry_text(_entry_of(current)),
            "new": _entry_text(entry),
        }
        values = {
            "value_text": entry.value[:40],
            "numerator_text": entry.numerator[:40],
            "denominator_text": entry.denominator[:40],
            "narrative": entry.narrative,
            "not_available": entry.not_available,
        }
        if current is None:
            ReturnValue.objects.create(data_return=data_return, indicator=indicator, **values)
        else:
            for name, new in values.items():
                setattr(current, name, new)
            current.save(update_fields=list(values))
    return changes


def _entry_text(entry: Entry) -> str:
    if entry.not_available:
        return "not available"
    if entry.numerator or entry.denominator:
        return f"{entry.numerator} of {entry.denominator}"
    return entry.value


@transaction.atomic
def return_save(
    *, acting: Acting, data_return: DataReturn, narrative: str, entries: Mapping[int, Entry]
) -> int:
    """Save the draft exactly as typed, valid or not. Returns how many figures changed."""
    data_return = _lock(data_return)
    changes = _write_entries(data_return, entries)
    if data_return.narrative != narrative:
        changes["narrative"] = {"old": data_return.narrative, "new": narrative}
        data_return.narrative = narrative
    if changes:
        data_return.updated_at = timezone.now()
        data_return.save(update_fields=["narrative", "updated_at"])
        audit.record(acting, "data_return.save", data_return, changes)
    return len([key for key in changes if key != "narrative"])


@transaction.atomic
def return_upload(
    *,
    acting: Acting,
    data_return: DataReturn,
    entries: Mapping[int, Entry],
    narrative: str | None,
    file_name: str,
) -> int:
    """Save the good figures of an uploaded template into the draft (never submitted
    straight away: the person then checks and submits). Returns how many changed."""
    data_return = _lock(data_return)
    changes = _write_entries(data_return, entries)
    if narrative is not None and narrative != data_return.narrative:
        changes["narrative"] = {"old": data_return.narrative, "new": narrative}
        data_return.narrative = narrative
    data_return.updated_at = timezone.now()
    data_return.save(update_fields=["narrative", "updated_at"])
    changes["file"] = {"old": None, "new": file_name}
    audit.record(acting, "data_return.upload", data_return, changes)
    return len([key for key in changes if key not in ("narrative", "file")])


def _same_as_last(data_return: DataReturn, checked: Mapping[int, Any], narrative: str) -> bool:
    last = (
        ReturnSubmission.objects.filter(data_return=data_return, version=data_return.version)
        .prefetch_related("values")
        .first()
    )
    if last is None or last.narrative != narrative:
        return False
    before = {
        value.indicator_id: (
            value.value,
            value.numerator,
            value.denominator,
            value.narrative,
            value.not_available,
        )
        for value in last.values.all()
    }
    after = {
        pk: (c.value, c.numerator, c.denominator, c.narrative, c.not_available)
        for pk, c in checked.items()
    }
    return before == after


@transaction.atomic
def return_submit(
    *,
    acting: Acting,
    data_return: DataReturn,
    correction_reason: str = "",
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> ReturnSubmission:
    """Submit the draft as a new version, once every figure is valid. The figures go to
    the dashboards at once. A correction (any version after the first) needs a reason;
    earlier versions are kept. Late if after the deadline."""
    now = now or timezone.now()
    data_return = _lock(data_return)
    if expected_version is not None and data_return.version != expected_version:
        who = data_return.submitted_by or "someone else"
        raise ServiceError(
            f"This return was submitted by {who} while you were checking it (version "
            f"{data_return.version}). Check the figures again before submitting a correction"
        )
    period = selectors.return_period(data_return)
    today = timezone.localdate(now)
    if today <= period.end:
        raise ServiceError(
            f"You can submit this return once the quarter ends on {period.end:%-d %B %Y}"
        )
    checked = selectors.return_check(data_return)
    reason = correction_reason.strip()
    _check_submittable(data_return, checked, reason)
    late = today > selectors.return_deadline(data_return.partnership, period)
    submission = ReturnSubmission.objects.create(
        data_return=data_return,
        version=data_return.version + 1,
        submitted_at=now,
        submitted_by=acting.person,
        narrative=data_return.narrative,
        correction_reason=reason,
        late=late,
    )
    _store_figures(data_return, submission, period, checked)
    old_version = data_return.version
    data_return.version = submission.version
    data_return.status = DataReturn.Status.SUBMITTED
    data_return.submitted_at, data_return.submitted_by = now, acting.person
    data_return.first_submitted_at = data_return.first_submitted_at or now
    data_return.updated_at = now
    data_return.save(
        update_fields=[
            "version",
            "status",
            "submitted_at",
            "submitted_by",
            "first_submitted_at",
            "updated_at",
        ]
    )
    changes: dict[str, Any] = {
        "version": {"old": old_version, "new": submission.version},
        "late": {"old": None, "new": late},
    }
    if reason:
        changes["correction_reason"] = {"old": None, "new": reason}
    audit.record(acting, "data_return.submit", data_return, changes)
    return submission


def _check_submittable(
    data_return: DataReturn, checked: selectors.ReturnCheck, reason: str
) -> None:
    """Refuse a draft with no figures or a wrong one, and a correction with no reason
    or no change."""
    if not checked.indicators:
        raise ServiceError(f"{data_return.agency} has no figures to return")
    if checked.problems:
        raise ReturnInvalid(checked.problems)
    if data_return.version > 0:
        if not reason:
            raise ServiceError(
                "Say why you are correcting the figures already submitted",
                field="correction_reason",
            )
        if _same_as_last(data_return, checked.checked, data_return.narrative):
            raise ServiceError(
                f"Nothing has changed since version {data_return.version} was submitted",
                field="correction_reason",
            )


def _store_figures(
    data_return: DataReturn,
    submission: ReturnSubmission,
    period: Period,
    checked: selectors.ReturnCheck,
) -> None:
    """The submitted version's values, and its figures for the dashboards."""
    by_code = {indicator.pk: indicator.code for indicator in checked.indicators}
    SubmittedValue.objects.bulk_create(
        SubmittedValue(
            submission=submission,
            indicator_id=pk,
            value=figure.value,
            numerator=figure.numerator,
            denominator=figure.denominator,
            narrative=figure.narrative,
            not_available=figure.not_available,
        )
        for pk, figure in checked.checked.items()
    )
    measurements_replace(
        partnership=data_return.partnership,
        source=Source.RETURN,
        figures=[
            Figure(
                code=by_code[pk],
                period=period,
                value=figure.value,
                numerator=figure.numerator,
                denominator=figure.denominator,
                narrative=figure.narrative,
            )
            for pk, figure in checked.checked.items()
        ],
        submission=submission,
    )
