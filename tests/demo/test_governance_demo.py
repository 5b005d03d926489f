"""The demo's groups and meetings: Northbridge's executive, operations and scrutiny
group and six subgroups, two years of meetings, the police missing about a third of
subgroup meetings, actions raised in meetings (some drifting), idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from masa.actions.models import Action, SourceKind
from masa.demo.build import build
from masa.governance.models import Attendance, Group, GroupKind, GroupMember, Meeting

pytestmark = pytest.mark.usefixtures("demo")


def test_northbridge_has_its_groups_under_the_executive() -> None:
    groups = Group.objects.filter(partnership__slug="northbridge")
    assert groups.filter(kind=GroupKind.EXECUTIVE).count() == 1
    assert groups.filter(kind=GroupKind.OPERATIONS, parent__kind=GroupKind.EXECUTIVE).count() == 1
    assert groups.filter(kind=GroupKind.SUBGROUP, parent__kind=GroupKind.OPERATIONS).count() == 6
    assert groups.get(kind=GroupKind.EXECUTIVE).rotates
    deputies = GroupMember.objects.filter(group__in=groups, deputy_of__isnull=False)
    assert deputies.filter(authority_confirmed_on__isnull=False).exists()
    assert deputies.filter(authority_confirmed_on__isnull=True).exists()


def test_two_years_of_meetings_with_the_police_missing_a_third_of_subgroup_meetings() -> None:
    held = Meeting.objects.filter(partnership__slug="northbridge", status=Meeting.Status.HELD)
    first = held.order_by("starts_at").first()
    assert first is not None
    assert (timezone.now() - first.starts_at).days > 600
    police = Attendance.objects.filter(
        meeting__in=held, group__kind=GroupKind.SUBGROUP, agency__name="Mercia Vale Police"
    )
    missed = police.exclude(status__in=["present", "deputy"]).count()
    assert 0.25 <= missed / police.count() <= 0.4
    assert held.filter(statutory_partner_absent=True).exists()
    assert held.filter(minutes_status=Meeting.Minutes.APPROVED).count() >= held.count() - 8
    upcoming = Meeting.objects.filter(partnership__slug="northbridge", starts_at__gt=timezone.now())
    assert upcoming.filter(papers_sent_on__isnull=False).exists()


def test_actions_raised_in_meetings_some_done_some_drifting() -> None:
    actions = Action.objects.filter(source_kind=SourceKind.MEETING, partnership__slug="northbridge")
    assert actions.filter(status="completed").exists()
    today = timezone.localdate()
    assert actions.filter(status="not_started", due_on__lt=today).exists()


def test_building_again_changes_nothing() -> None:
    before = (Group.objects.count(), Meeting.objects.count(), Attendance.objects.count())
    build()
    assert (Group.objects.count(), Meeting.objects.count(), Attendance.objects.count()) == before
