"""Reminders before and after due dates, each sent once (a `Reminder` keeps its key),
through `masa.core.notify` with the templates in templates/reviews/emails/."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from masa.actions import services as action_services
from masa.core import audit, notify
from masa.core.models import Partnership, Person
from masa.core.timescales import rule_for
from masa.reviews import policies
from masa.reviews.models import AgencySummary, Incident, RapidReview, Reminder, Review
from masa.reviews.services.common import _today
from masa.reviews.timescales import back, stale_cutoff


def _emails(people: Iterable[Person]) -> tuple[str, ...]:
    return tuple(sorted({person.email for person in people}))


@dataclass(frozen=True)
class _Due:
    """A reminder to send about something with an open clock: the email `message`
    (templates/reviews/emails/<message>.*.txt) with its `context`, and who hears. `key`
    names what it is about ("before"/"after" is added), so it is sent once."""

    key: str
    partnership: Partnership
    due_on: datetime.date
    message: str
    context: dict[str, Any]
    recipients: tuple[str, ...]
    about: Any = None


def _casework_due(partnership: Partnership, group: tuple[str, ...]) -> list[_Due]:
    """Panel notifications and rapid reviews not yet done, told to the case review group."""
    items: list[_Due] = []
    for incident in Incident.objects.filter(
        partnership=partnership, notified_panel_on__isnull=True
    ):
        items.append(
            _Due(
                f"incident:{incident.pk}:notification",
                partnership,
                incident.notification_due_on,
                "panel_notification_due",
                {
                    "reference": incident.reference,
                    "due_on": incident.notification_due_on,
                    "link": notify.link("reviews:incident", incident.pk),
                },
                group,
                incident,
            )
        )
    open_rapid = RapidReview.objects.filter(
        partnership=partnership,
        status__in=[RapidReview.Status.OPEN, RapidReview.Status.MEETING_HELD],
    ).select_related("incident")
    for rapid in open_rapid:
        items.append(
            _Due(
                f"rapid_review:{rapid.pk}",
                partnership,
                rapid.due_on,
                "rapid_review_due",
                {
                    "reference": rapid.incident.reference,
                    "due_on": rapid.due_on,
                    "link": notify.link("reviews:rapid-review", rapid.pk),
                },
                group,
                rapid,
            )
        )
    return items


def _summaries_due(partnership: Partnership) -> list[_Due]:
    """Agency summaries not yet sent, told to those who answer for the agency and to
    whoever asked."""
    summaries = AgencySummary.objects.filter(
        partnership=partnership, status=AgencySummary.Status.REQUESTED
    ).select_related("agency", "requested_by", "rapid_review__incident")
    return [
        _Due(
            f"agency_summary:{summary.pk}",
            partnership,
            summary.due_on,
            "agency_summary_due",
            {
                "reference": summary.rapid_review.incident.reference,
                "agency": summary.agency.name,
                "due_on": summary.due_on,
                "link": notify.link("reviews:summary", summary.pk),
            },
            _emails(
                [*policies.agency_summaries.people_with("submit", summary), summary.requested_by]
            ),
            summary,
        )
        for summary in summaries
    ]


def _targets_due(partnership: Partnership, group: tuple[str, ...]) -> list[_Due]:
    """Reviews running towards their target completion date."""
    running = Review.objects.filter(
        partnership=partnership,
        target_on__isnull=False,
        status__in=[
            Review.Status.COMMISSIONED,
            Review.Status.IN_PROGRESS,
            Review.Status.DRAFT_RECEIVED,
        ],
    )
    items: list[_Due] = []
    for review in running:
        assert review.target_on is not None
        items.append(
            _Due(
                f"review:{review.pk}:target:{review.target_on}",
                partnership,
                review.target_on,
                "review_target",
                {
                    "reference": review.reference,
                    "kind": review.get_kind_display(),
                    "due_on": review.target_on,
                    "link": notify.link("reviews:review", review.pk),
                },
                group,
                review,
            )
        )
    return items


def _due_items(partnership: Partnership) -> list[_Due]:
    """Everything with an open clock in a partnership, and who hears about it."""
    group = _emails(policies.incidents.people_with("manage", partnership=partnership))
    return [
        *_casework_due(partnership, group),
        *_summaries_due(partnership),
        *_targets_due(partnership, group),
    ]


def _action_due(partnership: Partnership, due: action_services.DueAction) -> _Due:
    """An action's reminder (masa.actions says what and to whom), in a case review email."""
    return _Due(
        due.key,
        partnership,
        due.due_on,
        "action_reminder",
        {"what": due.subject, "message": due.message, "link": due.link},
        due.recipients,
    )


def _send(item: _Due, when: str, sent_before: set[str], now: datetime.datetime) -> bool:
    key = f"{item.key}:{when}"
    if key in sent_before or not item.recipients:
        return False
    lead = "Due soon" if when == "before" else "Overdue"
    sent = notify.send(
        f"reviews/{item.message}",
        item.recipients,
        {**item.context, "lead": lead},
        partnership=item.partnership,
        about=item.about,
    )
    reminder = Reminder.objects.create(
        partnership=item.partnership,
        key=key,
        subject=sent[0].subject if sent else lead,
        recipients=", ".join(item.recipients),
        sent_at=now,
    )
    audit.record(
        None,
        "review.remind",
        reminder,
        audit.values(key=key, subject=reminder.subject, recipients=len(item.recipients)),
    )
    sent_before.add(key)
    return True


def reviews_remind(*, today: datetime.date | None = None) -> int:
    """Email reminders before and after due dates: Panel notifications, rapid reviews,
    agency summaries, review targets, actions due and overdue, and actions with no
    update for the `action_update_stale` period. Each is sent once (a `Reminder` keeps
    its key), so a daily run is safe to repeat. Returns how many were sent. Runs as
    nobody (a command): the reminders are the service's own."""
    today = today or _today()
    now = timezone.now()
    sent = 0
    for partnership in Partnership.objects.all():
        with transaction.atomic():
            sent += _remind_partnership(partnership, today, now)
    return sent


def _remind_partnership(
    partnership: Partnership, today: datetime.date, now: datetime.datetime
) -> int:
    items = _due_items(partnership)
    stale_before = stale_cutoff(partnership, today)
    due_actions, stale_actions = action_services.reminders_due(partnership, stale_before)
    items.extend(_action_due(partnership, due) for due in due_actions)
    stale = [_action_due(partnership, due) for due in stale_actions]
    sent_before = set(
        Reminder.objects.filter(partnership=partnership).values_list("key", flat=True)
    )
    lead = rule_for(partnership, "review_reminder_before")
    count = 0
    for item in items:
        if today > item.due_on:
            count += _send(item, "after", sent_before, now)
        elif back(lead, item.due_on) <= today:
            count += _send(item, "before", sent_before, now)
    for item in stale:
        count += _send(item, "stale", sent_before, now)
    return count
