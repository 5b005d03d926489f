"""Leavers and movers: access ends at once with a hand-over listed first, records and
history stay, a person moves agency keeping their membership, and unused accounts are
flagged to their agency's leads."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from masa.actions.models import Action
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, AuditEvent, Membership, Notification, Person
from masa.people.models import DormantFlag, Leaver
from masa.people.services import leavers
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

POLICE_SUCCESSOR = "gwen.trevithick@merciavale-police.example"


@pytest.fixture
def police_action() -> Action:
    recommendation = f.recommendation(f.review(status="in_progress"))
    return f.action(recommendation, f.POLICE, owner=h.person(h.POLICE_BOTH))


def test_a_leavers_open_session_is_refused_on_its_next_request() -> None:
    browser = h.signed_in(h.PRACTITIONER)
    assert browser.get("/").status_code == 200
    leavers.person_leave(
        acting=h.acting(h.BUSINESS_MANAGER),
        membership=h.membership(h.PRACTITIONER),
        successor=h.person(h.GP_PRACTITIONER),
        reason="Left the school",
    )
    answer = browser.get("/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/sign-in/")
    person = h.person(h.PRACTITIONER)
    assert not person.is_active
    assert not person.has_usable_password()


def test_the_leave_page_lists_what_they_own_before_it_is_done(police_action: Action) -> None:
    url = f"/people/{h.membership(h.POLICE_BOTH).pk}/leave/"
    page = h.signed_in(h.BUSINESS_MANAGER).get(url).content.decode()
    assert police_action.what[:40] in page
    assert "Draft referrals" in page
    assert "Training places still held" in page


def test_open_actions_go_to_the_successor_and_history_stays(
    police_action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    maya = h.person(h.POLICE_BOTH)
    gwen = h.person(POLICE_SUCCESSOR)
    before = AuditEvent.objects.filter(actor=maya).count()
    owned = set(
        Action.objects.filter(owner=maya, partnership=police_action.partnership)
        .filter(status__in=["not_started", "on_track", "at_risk"])
        .values_list("pk", flat=True)
    )
    assert police_action.pk in owned
    manager = h.signed_in(h.BUSINESS_MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        answer = manager.post(
            f"/people/{h.membership(h.POLICE_BOTH).pk}/leave/",
            {"successor": gwen.pk, "reason": "Moved force"},
        )
    assert answer.status_code == 302
    police_action.refresh_from_db()
    assert police_action.owner == gwen
    assert AuditEvent.objects.filter(verb="action.hand_over", target_id=str(police_action.pk))
    left = Leaver.objects.get(person=maya)
    assert left.successor == gwen
    assert left.actions_handed_over == len(owned)
    assert set(Action.objects.filter(owner=gwen).values_list("pk", flat=True)) >= owned
    assert Notification.objects.filter(recipient=gwen, message="people/handover")
    # Her records and history are kept; she still works in Southmoor.
    assert AuditEvent.objects.filter(actor=maya).count() == before
    assert Membership.objects.filter(person=maya).count() == 2
    maya.refresh_from_db()
    assert maya.is_active
    assert maya.has_usable_password()
    browser = h.signed_in(h.POLICE_BOTH)
    assert browser.get("/").status_code == 200  # still signed in, working in Southmoor
    assert browser.get(f"/actions/{police_action.pk}/").status_code == 404


def test_a_successor_is_needed_when_they_own_open_actions(police_action: Action) -> None:
    with pytest.raises(ServiceError, match="choose who takes them over"):
        leavers.person_leave(
            acting=h.acting(h.BUSINESS_MANAGER),
            membership=h.membership(h.POLICE_BOTH),
            successor=None,
        )


def test_the_successor_must_work_for_the_owning_agency(police_action: Action) -> None:
    manager = h.signed_in(h.BUSINESS_MANAGER)
    answer = manager.post(
        f"/people/{h.membership(h.POLICE_BOTH).pk}/leave/",
        {"successor": h.person(h.PRACTITIONER).pk},
    )
    assert answer.status_code == 400
    assert "must work for the agency that owns" in answer.content.decode()
    assert h.membership(h.POLICE_BOTH).is_active


def test_nobody_records_themselves_or_someone_they_do_not_manage() -> None:
    with pytest.raises(ServiceError):
        leavers.person_leave(
            acting=h.acting(h.BUSINESS_MANAGER),
            membership=h.membership(h.BUSINESS_MANAGER),
            successor=h.person(h.SYSADMIN),
        )
    with pytest.raises(NotAllowed):
        leavers.person_leave(
            acting=h.acting(h.MASH_MANAGER),
            membership=h.membership(h.PRACTITIONER),
            successor=h.person(h.GP_PRACTITIONER),
        )


def test_a_successor_from_another_partnership_is_refused() -> None:
    form = h.signed_in(h.BUSINESS_MANAGER).post(
        f"/people/{h.membership(h.PRACTITIONER).pk}/leave/",
        {"successor": h.person(h.SOUTHMOOR_MANAGER).pk},
    )
    assert form.status_code == 400
    assert h.membership(h.PRACTITIONER).is_active


def test_a_person_moves_agency_keeping_their_membership_and_history() -> None:
    member = h.membership(h.PRACTITIONER)
    school = member.agency
    gp = Agency.objects.get(memberships__person__email=h.GP_PRACTITIONER)
    answer = h.signed_in(h.BUSINESS_MANAGER).post(f"/people/{member.pk}/move/", {"agency": gp.pk})
    assert answer.status_code == 302
    moved = Membership.objects.get(pk=member.pk)
    assert moved.agency == gp
    assert moved.is_active
    event = AuditEvent.objects.get(verb="person.move", target_id=str(member.person_id))
    assert event.changes == {"agency": {"old": school.name, "new": gp.name}}


def test_moving_to_an_agency_outside_the_partnership_is_refused() -> None:
    member = h.membership(h.PRACTITIONER)
    elsewhere = Agency.objects.get(memberships__person__email=h.SOUTHMOOR_PRACTITIONER)
    answer = h.signed_in(h.BUSINESS_MANAGER).post(
        f"/people/{member.pk}/move/", {"agency": elsewhere.pk}
    )
    assert answer.status_code == 400
    assert Membership.objects.get(pk=member.pk).agency_id == member.agency_id


def test_unused_accounts_are_flagged_to_their_leads_once() -> None:
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Person.objects.filter(email=h.PRACTITIONER).update(last_login=long_ago)
    Person.objects.exclude(email=h.PRACTITIONER).update(last_login=timezone.now())
    out = StringIO()
    call_command("people_tick", stdout=out)
    assert "Flagged 1 unused account" in out.getvalue()
    flag = DormantFlag.objects.get()
    assert flag.membership == h.membership(h.PRACTITIONER)
    told = set(
        Notification.objects.filter(message="people/dormant").values_list("address", flat=True)
    )
    assert h.BUSINESS_MANAGER in told
    assert h.PRACTITIONER not in told
    call_command("people_tick", stdout=StringIO())
    assert DormantFlag.objects.count() == 1
    # Signing in again and then going quiet again is a new gap, flagged again.
    Person.objects.filter(email=h.PRACTITIONER).update(
        last_login=long_ago + datetime.timedelta(days=1)
    )
    call_command("people_tick", stdout=StringIO())
    assert DormantFlag.objects.count() == 2


def test_a_recent_sign_in_is_not_flagged() -> None:
    Person.objects.update(last_login=timezone.now() - datetime.timedelta(days=20))
    call_command("people_tick", stdout=StringIO())
    assert not DormantFlag.objects.exists()
