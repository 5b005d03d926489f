"""Reminders before and after due dates, each sent once, and `reviews_tick`."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from masa.actions import services as action_services
from masa.reviews.models import Reminder
from masa.reviews.services import reminders as reminders_services
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date


def remind(today: datetime.date, capture: Any) -> int:
    with capture(execute=True):
        return reminders_services.reviews_remind(today=today)


def keys() -> set[str]:
    return set(Reminder.objects.values_list("key", flat=True))


def test_action_reminders_go_to_the_owner_or_the_agency(
    django_capture_on_commit_callbacks: Any,
) -> None:
    maya = h.person(h.POLICE_BOTH)
    named = f.action(due_on=D(2034, 6, 12), owner=maya)
    agency_only = f.action(agency_name=f.HOSPITALS, due_on=D(2034, 6, 12))
    mail.outbox.clear()
    remind(D(2034, 6, 13), django_capture_on_commit_callbacks)
    overdue: dict[str, set[str]] = {}
    for message in mail.outbox:
        if message.subject.startswith("Overdue: Action"):
            overdue.setdefault(str(message.subject), set()).update(message.to)
    recipients = list(overdue.values())
    assert {h.POLICE_BOTH} in recipients
    assert any(h.SUBGROUP_MEMBER in to for to in recipients)
    assert f"action:{named.pk}:due:2034-06-12:after" in keys()
    assert f"action:{agency_only.pk}:due:2034-06-12:after" in keys()


def test_stale_actions_are_chased_once_per_quiet_spell(
    django_capture_on_commit_callbacks: Any,
) -> None:
    maya = h.acting(h.POLICE_BOTH)
    action = f.action(due_on=D(2035, 12, 1), owner=h.person(h.POLICE_BOTH))
    action_services.action_update(
        acting=maya,
        action=action,
        status="on_track",
        progress="Started",
        at=datetime.datetime(2034, 1, 10, 12, tzinfo=datetime.UTC),
    )
    remind(D(2034, 2, 20), django_capture_on_commit_callbacks)  # 41 days: not yet
    assert f"action:{action.pk}:stale:2034-01-10:stale" not in keys()
    remind(D(2034, 2, 21), django_capture_on_commit_callbacks)  # 42 days: 6 weeks
    assert f"action:{action.pk}:stale:2034-01-10:stale" in keys()
    count = Reminder.objects.count()
    remind(D(2034, 2, 22), django_capture_on_commit_callbacks)
    assert Reminder.objects.filter(key__contains=f"action:{action.pk}:stale").count() == 1
    action_services.action_update(
        acting=maya,
        action=action,
        status="on_track",
        progress="More",
        at=datetime.datetime(2034, 3, 1, 12, tzinfo=datetime.UTC),
    )
    remind(D(2034, 4, 12), django_capture_on_commit_callbacks)
    assert f"action:{action.pk}:stale:2034-03-01:stale" in keys()
    assert Reminder.objects.count() > count
