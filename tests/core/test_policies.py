"""Permission policies: scopes narrow what a person may see; aggregate-only sees no record."""

from __future__ import annotations

import pytest
from django.http import Http404

from masa.core.acting import Acting
from masa.core.models import Role, RolePermission, Scope
from masa.core.navigation import items_for, navigation_for
from masa.core.permissions import RESOURCES, is_known
from masa.core.policies import needs_two_factor, people
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _grant(email: str, permission: str, scope: Scope) -> None:
    role = Role.objects.create(slug=f"test-{scope}", name=f"Test {scope}")
    RolePermission.objects.create(role=role, permission=permission, scope=scope)
    h.membership(email).roles.add(role)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope.PARTNERSHIP, "all"),
        (Scope.AGENCY, "agency"),
        (Scope.OWN, "own"),
        (Scope.AGGREGATE, "none"),
    ],
)
def test_scope_decides_which_people_are_visible(scope: Scope, expected: str) -> None:
    _grant(h.TRAINER, "person.view", scope)
    trainer = h.acting(h.TRAINER)
    visible = set(people.visible(trainer, "view").values_list("person__email", flat=True))
    northbridge = set(
        h.membership(h.TRAINER).partnership.memberships.values_list("person__email", flat=True)
    )
    same_agency = set(
        h.membership(h.TRAINER)
        .partnership.memberships.filter(agency=h.membership(h.TRAINER).agency)
        .values_list("person__email", flat=True)
    )
    assert h.TRAINER in same_agency
    assert h.BUSINESS_MANAGER not in same_agency
    assert {
        "all": northbridge,
        "agency": same_agency,  # Women's Aid: the trainer and the demo's learners
        "own": {h.TRAINER},
        "none": set(),
    }[expected] == visible
    assert people.can(trainer, "view") is True
    other = h.membership(h.BUSINESS_MANAGER)
    assert people.can(trainer, "view", other) is (expected == "all")


def test_agency_scope_shows_colleagues_in_the_same_agency_only() -> None:
    _grant(h.MASH_PRACTITIONER, "person.view", Scope.AGENCY)
    visible = set(
        people.visible(h.acting(h.MASH_PRACTITIONER), "view").values_list(
            "person__email", flat=True
        )
    )
    assert h.BUSINESS_MANAGER in visible  # both Northbridge Borough Council
    assert h.PRACTITIONER not in visible  # Northbridge Academy


def test_records_of_another_partnership_answer_404() -> None:
    manager = h.acting(h.BUSINESS_MANAGER)
    southmoor_member = h.membership(h.SOUTHMOOR_PRACTITIONER, "southmoor")
    with pytest.raises(Http404):
        people.get_or_404(manager, "view", southmoor_member.pk)
    with pytest.raises(Http404):
        people.get_or_404(manager, "view", "not-a-number")


def test_a_person_in_two_partnerships_acts_in_the_one_chosen() -> None:
    in_southmoor = h.acting(h.POLICE_BOTH, "southmoor")
    assert in_southmoor.membership == h.membership(h.POLICE_BOTH, "southmoor")
    assert in_southmoor.scope_for("contact.view") is None
    assert h.acting(h.POLICE_BOTH).scope_for("contact.view") == Scope.PARTNERSHIP


def test_two_factor_follows_identifiable_permissions() -> None:
    assert needs_two_factor(h.person(h.PRACTITIONER))  # makes referrals about children
    assert needs_two_factor(h.person(h.BUSINESS_MANAGER))
    assert not needs_two_factor(h.person(h.EXECUTIVE))  # aggregate figures only
    assert not needs_two_factor(h.person(h.DATA_LEAD))


def test_every_shipped_permission_is_in_the_catalogue() -> None:
    unknown = [
        p for p in RolePermission.objects.values_list("permission", flat=True) if not is_known(p)
    ]
    assert unknown == []
    assert {"referral", "contact", "review", "course", "audit"} <= set(RESOURCES)


def _navigation(acting: Acting | None, path: str = "/") -> list[str]:
    return [item["text"] for item in navigation_for(acting, path)]


def test_navigation_shows_what_the_role_may_open() -> None:
    def labels(email: str) -> list[str]:
        return _navigation(h.acting(email))

    # The learning library is for everyone signed in: published learning only.
    assert labels(h.PRACTITIONER) == [
        "Home",
        "My referrals",
        "Information requests",
        "Training",
        "My training",
        "Learning library",
        "Escalations",
    ]
    # Twenty-nine items are too many for one menu: they are grouped into sections, each with
    # its own page (core.navigation), and the role may still open every one of them.
    assert labels(h.BUSINESS_MANAGER) == [
        "Home",
        "Figures and returns",
        "Front-door figures",
        "Learning and development",
        "Reviews and assurance",
        "Partnership",
        "Administration",
    ]
    assert [item.label for item in items_for(h.acting(h.BUSINESS_MANAGER))] == [
        "Home",
        "Dashboards",
        "Data returns",
        "Front-door figures",
        "Training",
        "Manage training",
        "Training reports",
        "Learning library",
        "Strategic plan",
        "Priorities",
        "Case reviews",
        "Action plan",
        "Agency summaries",
        "Case audits",
        "Your agency's audits",
        "Groups and meetings",
        "Money",
        "Decision log",
        "Attendance",
        "Engagement log",
        "My meetings",
        "Risk register",
        "Escalations",
        "Scrutiny",
        "People",
        "Agencies",
        "Settings",
        "Timescales",
        "Audit log",
    ]
    assert labels(h.SYSADMIN) == [
        "Home",
        "Learning library",
        "People",
        "Agencies",
        "Settings",
        "Timescales",
        "Audit log",
    ]
    assert labels(h.MASH_MANAGER) == [
        "Home",
        "My referrals",
        "MASH queue",
        "Information requests",
        "Dashboards",
        "Front-door figures",
        "Training",
        "My training",
        "Learning library",
        "Escalations",
        "Timescales",
    ]
    assert labels(h.DATA_LEAD) == [
        "Home",
        "Figures and returns",
        "Front-door figures",
        "Learning and development",
        "Learning library",
        "Partnership",
    ]
    # The executive sees case review figures (aggregate) and the action plan to sign off.
    assert labels(h.EXECUTIVE) == [
        "Home",
        "Figures and returns",
        "Front-door figures",
        "Training",
        "Reviews and assurance",
        "Partnership",
    ]
    # A police subgroup member updates her agency's actions and writes its summaries,
    # but is not in the case review group.
    assert _navigation(None) == []  # in no partnership: no menu
    assert _navigation(h.acting(h.POLICE_BOTH, "northbridge")) == [
        "Home",
        "Front door",
        "Dashboards",
        "Learning and development",
        "Reviews and assurance",
        "Partnership",
    ]


def test_only_the_current_section_is_marked() -> None:
    def active(email: str) -> list[str]:
        path = "/settings/timescales/cp_visit/"
        return [item["text"] for item in navigation_for(h.acting(email), path) if item["active"]]

    assert active(h.MASH_MANAGER) == ["Timescales"]
    # In a grouped menu, the section holding the page is the one marked.
    assert active(h.BUSINESS_MANAGER) == ["Administration"]
