"""governance_tick: papers due, actions due before the next meeting and minutes not
approved, each told once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Model

from masa.actions.models import Action
from masa.core.models import Agency, Notification
from masa.governance.models import AttendanceStatus
from masa.governance.services import actions as raising
from masa.governance.services import meetings as services
from masa.governance.services import reminders
from tests import helpers as h
from tests.governance import factories as f

pytestmark = pytest.mark.usefixtures("demo")


def _told(message: str, about: Model) -> set[str]:
    return set(
        Notification.objects.filter(
            message=f"governance/{message}",
            target_type=about._meta.label_lower,
            target_id=str(about.pk),
        ).values_list("address", flat=True)
    )


def test_each_reminder_is_sent_once_to_the_right_people() -> None:
    Notification.objects.all().delete()
    g = f.group("Zq reminded group", chair=h.person(h.SUBGROUP_CHAIR))
    seat = f.member(g, h.POLICE_BOTH)
    past = f.meeting(g, days=-40)
    services.attendance_record(
        acting=f.unit(), meeting=past, marks={seat.pk: (AttendanceStatus.PRESENT, None)}
    )
    action = raising.action_raise(
        acting=f.unit(),
        meeting=past,
        owner_agency=Agency.objects.get(name="Mercia Vale Police"),
        owner=h.person(h.POLICE_BOTH),
        what="Zq bring the missing data",
        measure_of_success="Zq presented",
        due_on=datetime.date.today() + datetime.timedelta(days=3),
    )
    upcoming = f.meeting(g, days=5)  # papers due in under five working days, none sent
    first = reminders.governance_remind()
    assert first >= 3
    assert h.SUBGROUP_CHAIR in _told("papers_due", upcoming)
    assert h.BUSINESS_MANAGER in _told("papers_due", upcoming)
    assert h.POLICE_BOTH not in _told("papers_due", upcoming)
    assert _told("action_due", action) == {h.POLICE_BOTH}
    assert h.SUBGROUP_CHAIR in _told("minutes_due", past)
    assert h.POLICE_BOTH not in _told("minutes_due", past)
    assert reminders.governance_remind() == 0
    # A closed action is not chased.
    Action.objects.filter(pk=action.pk).update(status="completed")
    call_command("governance_tick", stdout=io.StringIO())
    assert len(_told("action_due", action)) == 1
