"""Reminders to agencies' data leads: before a return is due and once it is overdue
(the scheduled tick), and by hand from the completeness page."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from masa.core import audit, notify
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Partnership, Person
from masa.core.timescales import rule_for
from masa.insight import policies, selectors
from masa.insight.models import ReturnReminder

OVERDUE_REMINDER_WINDOW = datetime.timedelta(days=92)
"""Overdue reminders go for deadlines passed within this long, so that starting the
scheduled task does not email agencies about returns missing for years."""

BEFORE_MESSAGE = "insight/return_due"
OVERDUE_MESSAGE = "insight/return_overdue"


def _data_leads(partnership: Partnership, agency: Agency) -> list[Person]:
    """The people who submit `agency`'s returns in `partnership`: whom to remind."""
    return policies.data_leads.people_with("submit", agency, partnership=partnership)


def _remind(
    message: str,
    *,
    partnership: Partnership,
    row: selectors.ReturnRow,
    kind: str,
    recipients: list[Person],
    actor: Acting | None,
    sent_at: datetime.datetime,
) -> ReturnReminder:
    """Record one reminder about `row`'s return, email the data leads (on commit), and
    audit it."""
    reminder = ReturnReminder.objects.create(
        partnership=partnership,
        agency=row.agency,
        period_start=row.period.start,
        kind=kind,
        sent_at=sent_at,
        recipients=len(recipients),
    )
    notify.send(
        message,
        recipients,
        {
            "partnership": partnership,
            "agency": row.agency,
            "period": row.period,
            "deadline": row.deadline,
            "link": notify.link("insight:returns"),
        },
        partnership=partnership,
        about=reminder,
    )
    audit.record(
        actor,
        "data_return.remind",
        reminder,
        audit.values(recipients=len(recipients), kind=reminder.get_kind_display()),
        partnership=partnership,
        target_label=f"{row.agency} {row.period.code}: {reminder.get_kind_display()}",
    )
    return reminder


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
            kind, message = ReturnReminder.Kind.OVERDUE, OVERDUE_MESSAGE
        elif selectors.reminder_date(row.deadline, before_rule) <= today:
            kind, message = ReturnReminder.Kind.BEFORE, BEFORE_MESSAGE
        else:
            continue
        if (row.agency.pk, row.period.start, kind) in sent:
            continue
        recipients = _data_leads(partnership, row.agency)
        if not recipients:
            continue
        _remind(
            message,
            partnership=partnership,
            row=row,
            kind=kind,
            recipients=recipients,
            actor=None,
            sent_at=timezone.now(),
        )
        count += 1
    return count


REMIND_AGAIN_AFTER = datetime.timedelta(hours=24)
"""A reminder sent by hand to an agency goes again only after this long."""


@transaction.atomic
def return_remind_agency(
    *,
    acting: Acting,
    agency: Agency,
    today: datetime.date | None = None,
) -> int:
    """Email `agency`'s data leads now about each of its overdue returns (the quarters
    the completeness page shows), with the scheduled overdue reminder's words. Refused
    when the agency has nothing overdue, has no data lead, or was reminded by hand less
    than `REMIND_AGAIN_AFTER` ago. Returns how many returns the reminder was about."""
    today = today or timezone.localdate()
    partnership = acting.partnership
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
    recipients = _data_leads(partnership, agency)
    if not recipients:
        raise ServiceError(
            f"{agency.name} has no data lead to remind: no one there may submit its returns."
        )
    for row in sorted(overdue, key=lambda r: r.period):
        _remind(
            OVERDUE_MESSAGE,
            partnership=partnership,
            row=row,
            kind=ReturnReminder.Kind.BY_HAND,
            recipients=recipients,
            actor=acting,
            sent_at=now,
        )
    return len(overdue)
