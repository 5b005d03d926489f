"""Reminders from governance, each sent once to each person (a notification already
recorded about the same record with the same message is not sent again), through
`masa.core.notify` with the templates in templates/governance/emails/:

* papers due: a meeting whose papers are due within two days (or late) and not sent,
  told to those who run the group;
* actions due before the next meeting: open actions of a group due on or before its
  next meeting (within a fortnight), told to each action's named owner;
* minutes not approved: minutes of a meeting held more than four weeks ago still not
  approved, told to those who run the group;
* terms of reference due for review within four weeks (or overdue), told to those who
  run the group.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from masa.actions import rules as action_rules
from masa.actions.models import Action
from masa.core import notify
from masa.core.models import Notification, Partnership, Person
from masa.governance import policies
from masa.governance.models import Group, Meeting

PAPERS_WARNING = datetime.timedelta(days=2)
ACTIONS_WINDOW = datetime.timedelta(days=14)
MINUTES_AFTER = datetime.timedelta(days=28)
TERMS_WARNING = datetime.timedelta(days=28)


def _once(
    message: str, people: Iterable[Person], about: models.Model, context: dict[str, Any]
) -> int:
    told = set(
        Notification.objects.filter(
            message=message,
            target_type=about._meta.label_lower,
            target_id=str(about.pk),
        ).values_list("address", flat=True)
    )
    fresh = [person for person in people if person.email not in told]
    if not fresh:
        return 0
    return len(notify.send(message, fresh, context, about=about))


def _papers(partnership: Partnership, today: datetime.date, now: datetime.datetime) -> int:
    sent = 0
    due = Meeting.objects.filter(
        partnership=partnership,
        status=Meeting.Status.SCHEDULED,
        papers_sent_on__isnull=True,
        papers_due_on__lte=today + PAPERS_WARNING,
        starts_at__gt=now,
    ).select_related("group")
    for meeting in due:
        sent += _once(
            "governance/papers_due",
            policies.groups.people_with("manage", meeting.group),
            meeting,
            {
                "group": meeting.group.name,
                "when": timezone.localtime(meeting.starts_at),
                "due_on": meeting.papers_due_on,
                "link": notify.link("governance:meeting", meeting.pk),
            },
        )
    return sent


def _actions(partnership: Partnership, now: datetime.datetime) -> int:
    sent = 0
    upcoming = Meeting.objects.filter(
        partnership=partnership,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + ACTIONS_WINDOW,
    ).select_related("group")
    for meeting in upcoming:
        held = timezone.localtime(meeting.starts_at).date()
        actions = Action.objects.filter(
            meeting__group=meeting.group,
            status__in=list(action_rules.ACTION_OPEN),
            due_on__lte=held,
            owner__isnull=False,
            owner__is_active=True,
        ).select_related("owner")
        for action in actions:
            assert action.owner is not None
            sent += _once(
                "governance/action_due",
                [action.owner],
                action,
                {
                    "group": meeting.group.name,
                    "when": timezone.localtime(meeting.starts_at),
                    "what": action.what[:200],
                    "due_on": action.due_on,
                    "link": notify.link("actions:action", action.pk),
                },
            )
    return sent


def _minutes(partnership: Partnership, now: datetime.datetime) -> int:
    sent = 0
    waiting = (
        Meeting.objects.filter(
            partnership=partnership,
            status=Meeting.Status.HELD,
            starts_at__lt=now - MINUTES_AFTER,
            starts_at__gt=now - datetime.timedelta(days=365),
        )
        .exclude(minutes_status=Meeting.Minutes.APPROVED)
        .select_related("group")
    )
    for meeting in waiting:
        sent += _once(
            "governance/minutes_due",
            policies.groups.people_with("manage", meeting.group),
            meeting,
            {
                "group": meeting.group.name,
                "when": timezone.localtime(meeting.starts_at),
                "written": meeting.minutes_status == Meeting.Minutes.DRAFT,
                "link": notify.link("governance:meeting", meeting.pk),
            },
        )
    return sent


def _terms(partnership: Partnership, today: datetime.date) -> int:
    """The current terms of reference of each group whose review is due within four
    weeks (or overdue)."""
    sent = 0
    groups = Group.objects.filter(partnership=partnership, is_active=True)
    for group in groups:
        current = group.terms.order_by("-version").first()
        if current is None or current.review_due_on > today + TERMS_WARNING:
            continue
        sent += _once(
            "governance/terms_review_due",
            policies.groups.people_with("manage", group),
            current,
            {
                "group": group.name,
                "version": current.version,
                "due_on": current.review_due_on,
                "link": notify.link("governance:group", group.pk),
            },
        )
    return sent


@transaction.atomic
def governance_remind(*, now: datetime.datetime | None = None) -> int:
    """Send every reminder that is due, once each; the number of emails sent."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sent = 0
    for partnership in Partnership.objects.all():
        sent += _papers(partnership, today, now)
        sent += _actions(partnership, now)
        sent += _minutes(partnership, now)
        sent += _terms(partnership, today)
    return sent
