"""Every write in insight's catalogue, returns, reminders and comparators: one domain
action, one function, one transaction, one audit event.

A return is locked (`select_for_update`) while it changes, so two people pressing
"Submit" at once make one version, and a draft saved while another is submitted is
kept whole.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from masa.core import audit
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, Partnership, PartnershipAgency, Person
from masa.core.timescales import rule_for
from masa.insight import catalogue, selectors
from masa.insight.measurements import Figure, measurements_replace
from masa.insight.models import (
    Comparator,
    DataReturn,
    Indicator,
    Polarity,
    Priority,
    ReturnReminder,
    ReturnSubmission,
    ReturnValue,
    Source,
    SubmittedValue,
)
from masa.insight.periods import Period
from masa.insight.validation import ComparatorRow, Entry, Problem, RowProblem

# --- the catalogue -------------------------------------------------------------------


def _spec_fields(spec: catalogue.Spec, order: int) -> dict[str, Any]:
    return {
        "name": spec.name,
        "definition": spec.definition,
        "source": spec.source,
        "function": spec.function,
        "agency_kind": spec.agency_kind,
        "unit": spec.unit,
        "polarity": spec.polarity,
        "frequency": spec.frequency,
        "numerator_label": spec.numerator_label,
        "denominator_label": spec.denominator_label,
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "green_from": spec.green_from,
        "red_from": spec.red_from,
        "publishable": spec.publishable,
        "order": order,
    }


@transaction.atomic
def catalogue_install(*, actor: Person | None, partnership: Partnership) -> int:
    """Add the starter catalogue's priorities and indicators the partnership lacks.

    Indicators already there are left as the partnership changed them. Each new agency
    return indicator is owned by the partnership's agency of its kind (a statutory
    partner first, then by name), or by nobody when there is none. Returns how many
    indicators were added.
    """
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    priorities = {p.slug: p for p in Priority.objects.filter(partnership=partnership)}
    new_priorities = [
        Priority(
            partnership=partnership, slug=p.slug, name=p.name, description=p.description, order=n
        )
        for n, p in enumerate(catalogue.PRIORITIES)
        if p.slug not in priorities
    ]
    for priority in Priority.objects.bulk_create(new_priorities):
        priorities[priority.slug] = priority
    existing = set(Indicator.objects.filter(partnership=partnership).values_list("code", flat=True))
    owners: dict[str, Agency | None] = {}
    created: list[tuple[Indicator, catalogue.Spec]] = []
    for order, spec in enumerate(catalogue.STARTER):
        if spec.code in existing:
            continue
        agency = None
        if spec.source == Source.RETURN:
            if spec.agency_kind not in owners:
                owners[spec.agency_kind] = selectors.statutory_first_agency(
                    partnership, spec.agency_kind
                )
            agency = owners[spec.agency_kind]
        created.append(
            (
                Indicator(
                    partnership=partnership,
                    code=spec.code,
                    agency=agency,
                    **_spec_fields(spec, order),
                ),
                spec,
            )
        )
    Indicator.objects.bulk_create([indicator for indicator, _ in created], batch_size=500)
    saved = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(
            partnership=partnership, code__in=[indicator.code for indicator, _ in created]
        )
    }
    links = [
        Indicator.priorities.through(
            indicator_id=saved[spec.code].pk, priority_id=priorities[slug].pk
        )
        for _, spec in created
        for slug in spec.priorities
    ]
    Indicator.priorities.through.objects.bulk_create(links, batch_size=500)
    if created or new_priorities:
        audit.record(
            actor,
            "catalogue.install",
            partnership,
            {
                "indicators": {"old": len(existing), "new": len(existing) + len(created)},
                "priorities": {
                    "old": len(priorities) - len(new_priorities),
                    "new": len(priorities),
                },
            },
            target_label=f"Indicator catalogue of {partnership}",
        )
    return len(created)


INDICATOR_FIELDS = (
    "green_from",
    "red_from",
    "change_alert_percent",
    "agency",
    "publishable",
    "is_active",
)


@transaction.atomic
def indicator_update(
    *,
    actor: Person,
    indicator: Indicator,
    green_from: Decimal | None,
    red_from: Decimal | None,
    change_alert_percent: Decimal,
    agency: Agency | None,
    publishable: bool,
    is_active: bool,
    priorities: Iterable[Priority],
) -> Indicator:
    """Change what the partnership decides about an indicator: its tolerance, when a
    change raises an exception, who returns it, whether it may be published, whether it
    is in use, and the priorities it serves."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    chosen = list(priorities)
    if any(priority.partnership_id != indicator.partnership_id for priority in chosen):
        raise ServiceError("Choose priorities of this partnership", field="priorities")
    if agency is not None:
        if indicator.source != Source.RETURN:
            raise ServiceError(
                "Only figures agencies return have an owner agency: the platform works this "
                "one out",
                field="agency",
            )
        if not PartnershipAgency.objects.filter(
            partnership_id=indicator.partnership_id, agency=agency
        ).exists():
            raise ServiceError(f"{agency} does not take part in this partnership", field="agency")
    _check_tolerance(indicator, green_from, red_from)
    if not Decimal(0) < change_alert_percent <= Decimal(1000):
        raise ServiceError(
            "Enter a change of more than 0% and at most 1000%", field="change_alert_percent"
        )
    before = audit.snapshot(indicator, INDICATOR_FIELDS)
    before["priorities"] = sorted(p.name for p in indicator.priorities.all())
    indicator.green_from, indicator.red_from = green_from, red_from
    indicator.change_alert_percent = change_alert_percent
    indicator.agency = agency
    indicator.publishable, indicator.is_active = publishable, is_active
    indicator.save(update_fields=[*INDICATOR_FIELDS])
    indicator.priorities.set(chosen)
    after = audit.snapshot(indicator, INDICATOR_FIELDS)
    after["priorities"] = sorted(p.name for p in chosen)
    changes = audit.changes_between(before, after)
    if changes:
        audit.record(actor, "indicator.update", indicator, changes)
    return indicator


def _check_tolerance(
    indicator: Indicator, green_from: Decimal | None, red_from: Decimal | None
) -> None:
    if green_from is None and red_from is None:
        return
    if indicator.polarity == Polarity.NEITHER:
        raise ServiceError(
            "This indicator has no better direction, so it cannot have a tolerance: leave "
            "both empty",
            field="green_from",
        )
    for name, value in (("green_from", green_from), ("red_from", red_from)):
        if value is None:
            continue
        if indicator.minimum is not None and value < indicator.minimum:
            raise ServiceError(f"Enter {indicator.minimum.normalize():f} or more", field=name)
        if indicator.maximum is not None and value > indicator.maximum:
            raise ServiceError(f"Enter {indicator.maximum.normalize():f} or less", field=name)
    if green_from is not None and red_from is not None:
        if indicator.polarity == Polarity.HIGHER and green_from <= red_from:
            raise ServiceError(
                "Higher is better here, so green must start above red", field="green_from"
            )
        if indicator.polarity == Polarity.LOWER and green_from >= red_from:
            raise ServiceError(
                "Lower is better here, so green must start below red", field="green_from"
            )


# --- returns -------------------------------------------------------------------------


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
    actor: Person,
    partnership: Partnership,
    agency: Agency,
    period: Period,
    today: datetime.date | None = None,
) -> DataReturn:
    """Start an agency's return for a quarter, or give back the one already started
    (pressing the button twice makes one return)."""
    today = today or timezone.localdate()
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
        actor,
        "data_return.open",
        data_return,
        {"period": {"old": None, "new": period.code}, "agency": {"old": None, "new": agency.name}},
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
    *, actor: Person, data_return: DataReturn, narrative: str, entries: Mapping[int, Entry]
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
        audit.record(actor, "data_return.save", data_return, changes)
    return len([key for key in changes if key != "narrative"])


@transaction.atomic
def return_upload(
    *,
    actor: Person,
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
    audit.record(actor, "data_return.upload", data_return, changes)
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
    actor: Person,
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
    if not checked.indicators:
        raise ServiceError(f"{data_return.agency} has no figures to return")
    if checked.problems:
        raise ReturnInvalid(checked.problems)
    reason = correction_reason.strip()
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
    deadline = selectors.return_deadline(data_return.partnership, period)
    late = today > deadline
    submission = ReturnSubmission.objects.create(
        data_return=data_return,
        version=data_return.version + 1,
        submitted_at=now,
        submitted_by=actor,
        narrative=data_return.narrative,
        correction_reason=reason,
        late=late,
    )
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
    old_version = data_return.version
    data_return.version = submission.version
    data_return.status = DataReturn.Status.SUBMITTED
    data_return.submitted_at, data_return.submitted_by = now, actor
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
    audit.record(actor, "data_return.submit", data_return, changes)
    return submission


# --- reminders -------------------------------------------------------------------------

OVERDUE_REMINDER_WINDOW = datetime.timedelta(days=92)
"""Overdue reminders go for deadlines passed within this long, so that starting the
scheduled task does not email agencies about returns missing for years."""


def data_leads(partnership: Partnership, agency: Agency) -> list[str]:
    """Email addresses of the people who submit `agency`'s returns in `partnership`."""
    return sorted(
        set(
            Membership.objects.filter(
                partnership=partnership,
                agency=agency,
                is_active=True,
                person__is_active=True,
                roles__permissions__permission="data_return.submit",
            ).values_list("person__email", flat=True)
        )
    )


def _notify(recipients: list[str], subject: str, message: str) -> None:
    if recipients:
        transaction.on_commit(
            lambda: send_mail(
                subject=subject,
                message=message,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
        )


def _overdue_email(
    partnership: Partnership, row: selectors.ReturnRow, link: str
) -> tuple[str, str]:
    """The subject and text of the email about an overdue return."""
    subject = f"Overdue: {row.agency.name}'s data return for {row.period.short_label}"
    message = (
        f"The {partnership.name} has not received {row.agency.name}'s quarterly data "
        f"return for {row.period.label}. It was due by {row.deadline:%-d %B %Y}.\n\n"
        f"Please submit it as soon as you can: {link}"
    )
    return subject, message


@transaction.atomic
def returns_remind(*, partnership: Partnership, today: datetime.date | None = None) -> int:
    """Email agencies' data leads before their return is due and again once it is
    overdue. Each reminder goes once; returns how many were sent."""
    today = today or timezone.localdate()
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    before_rule = rule_for(partnership, "data_return_reminder")
    rows = selectors.return_rows(partnership, selectors.return_periods(today, 4), today)
    sent = {
        (agency_id, start, kind)
        for agency_id, start, kind in ReturnReminder.objects.filter(
            partnership=partnership
        ).values_list("agency_id", "period_start", "kind")
    }
    link = settings.BASE_URL + reverse("insight:returns")
    count = 0
    for row in rows:
        if row.status not in (
            selectors.ReturnStatus.NOT_STARTED,
            selectors.ReturnStatus.DRAFT,
            selectors.ReturnStatus.OVERDUE,
        ):
            continue
        if today > row.deadline:
            if today - row.deadline > OVERDUE_REMINDER_WINDOW:
                continue
            kind = ReturnReminder.Kind.OVERDUE
            subject, message = _overdue_email(partnership, row, link)
        elif selectors.reminder_date(row.deadline, before_rule) <= today:
            kind = ReturnReminder.Kind.BEFORE
            subject = f"Due {row.deadline:%-d %B}: data return for {row.period.short_label}"
            message = (
                f"{row.agency.name}'s quarterly data return for {row.period.label} is due by "
                f"{row.deadline:%-d %B %Y}.\n\nEnter the figures and the story behind them, "
                f"or upload the Excel template, here: {link}"
            )
        else:
            continue
        if (row.agency.pk, row.period.start, kind) in sent:
            continue
        recipients = data_leads(partnership, row.agency)
        if not recipients:
            continue
        reminder = ReturnReminder.objects.create(
            partnership=partnership,
            agency=row.agency,
            period_start=row.period.start,
            kind=kind,
            sent_at=timezone.now(),
            recipients=len(recipients),
        )
        _notify(recipients, subject, message)
        audit.record(
            None,
            "data_return.remind",
            reminder,
            {"recipients": {"old": None, "new": len(recipients)}},
            partnership=partnership,
            target_label=f"{row.agency} {row.period.code}: {reminder.get_kind_display()}",
        )
        count += 1
    return count


REMIND_AGAIN_AFTER = datetime.timedelta(hours=24)
"""A reminder sent by hand to an agency goes again only after this long."""


@transaction.atomic
def return_remind_agency(
    *,
    actor: Person,
    partnership: Partnership,
    agency: Agency,
    today: datetime.date | None = None,
) -> int:
    """Email `agency`'s data leads now about each of its overdue returns (the quarters
    the completeness page shows), with the scheduled overdue reminder's words. Refused
    when the agency has nothing overdue, has no data lead, or was reminded by hand less
    than `REMIND_AGAIN_AFTER` ago. Returns how many returns the reminder was about."""
    today = today or timezone.localdate()
    # One at a time per partnership: two presses of the button send one reminder.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    now = timezone.now()
    last = (
        ReturnReminder.objects.filter(
            partnership=partnership, agency=agency, kind=ReturnReminder.Kind.BY_HAND
        )
        .order_by("-sent_at")
        .first()
    )
    if last is not None and now - last.sent_at < REMIND_AGAIN_AFTER:
        again = timezone.localtime(last.sent_at + REMIND_AGAIN_AFTER)
        raise ServiceError(
            f"{agency.name} was sent a reminder at "
            f"{timezone.localtime(last.sent_at):%H:%M on %-d %B %Y}. You can send another "
            f"from {again:%H:%M on %-d %B %Y}."
        )
    periods_shown = selectors.return_periods(today, selectors.COMPLETENESS_QUARTERS)
    overdue = [
        row
        for row in selectors.return_rows(partnership, periods_shown, today)
        if row.agency.pk == agency.pk and row.status == selectors.ReturnStatus.OVERDUE
    ]
    if not overdue:
        raise ServiceError(f"{agency.name} has no overdue data return to be reminded about.")
    recipients = data_leads(partnership, agency)
    if not recipients:
        raise ServiceError(
            f"{agency.name} has no data lead to remind: no one there may submit its returns."
        )
    link = settings.BASE_URL + reverse("insight:returns")
    for row in sorted(overdue, key=lambda r: r.period):
        reminder = ReturnReminder.objects.create(
            partnership=partnership,
            agency=agency,
            period_start=row.period.start,
            kind=ReturnReminder.Kind.BY_HAND,
            sent_at=now,
            recipients=len(recipients),
        )
        _notify(recipients, *_overdue_email(partnership, row, link))
        audit.record(
            actor,
            "data_return.remind",
            reminder,
            {"recipients": {"old": None, "new": len(recipients)}},
            partnership=partnership,
            target_label=f"{agency} {row.period.code}: {reminder.get_kind_display()}",
        )
    return len(overdue)


# --- comparators -----------------------------------------------------------------------


@dataclass
class ComparatorImport:
    imported: int = 0
    created: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def replaced(self) -> int:
        return self.imported - self.created


@transaction.atomic
def comparators_import(
    *,
    actor: Person,
    partnership: Partnership,
    rows: Sequence[ComparatorRow],
    problems: Sequence[RowProblem] = (),
    file_name: str = "",
) -> ComparatorImport:
    """Keep the good rows of a comparators file (a row for the same indicator,
    comparator and period replaces the one there), and list each bad row with why."""
    result = ComparatorImport(problems=list(problems))
    indicators = {
        indicator.code: indicator for indicator in Indicator.objects.filter(partnership=partnership)
    }
    for row in rows:
        indicator = indicators.get(row.code)
        if indicator is None:
            result.problems.append(
                RowProblem(row.line, f"No indicator has the code {row.code!r} in the catalogue")
            )
            continue
        shown = f"{row.value.normalize():f}"
        if indicator.minimum is not None and row.value < indicator.minimum:
            result.problems.append(
                RowProblem(
                    row.line,
                    f"{shown} is less than {indicator.minimum.normalize():f}, the least "
                    f"{indicator.name} can be",
                )
            )
            continue
        if indicator.maximum is not None and row.value > indicator.maximum:
            result.problems.append(
                RowProblem(
                    row.line,
                    f"{shown} is more than {indicator.maximum.normalize():f}, the most "
                    f"{indicator.name} can be",
                )
            )
            continue
        _, created = Comparator.objects.update_or_create(
            indicator=indicator,
            kind=row.kind,
            period_start=row.period.start,
            period_end=row.period.end,
            defaults={"value": row.value, "imported_at": timezone.now()},
        )
        result.imported += 1
        result.created += int(created)
    result.problems.sort(key=lambda problem: problem.line)
    if result.imported:
        audit.record(
            actor,
            "comparators.import",
            partnership,
            {
                "file": {"old": None, "new": file_name},
                "rows_imported": {"old": None, "new": result.imported},
                "rows_refused": {"old": None, "new": len(result.problems)},
            },
            target_label=f"Comparators of {partnership}",
        )
    return result
