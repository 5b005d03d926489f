"""Agency leads manage their own agency's people only; nobody grants a role they do
not hold, and roles that see children's records are the business unit's to give."""

from __future__ import annotations

import pytest

from masa.core import services as core_services
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, Membership, Partnership, Role
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

LEAD = h.PRACTITIONER  # Amira Khan, designated safeguarding lead at Northbridge Academy


@pytest.fixture
def colleague() -> Membership:
    """Amira made her school's agency lead, and a colleague at the same school."""
    lead = h.membership(LEAD)
    lead.roles.add(Role.objects.get(slug="agency-lead"))
    person = core_services.person_create(
        actor=None, email="zq.teacher@northbridge-academy.example", full_name="Zq Teacher"
    )
    return core_services.membership_create(
        actor=None,
        person=person,
        partnership=Partnership.objects.get(slug="northbridge"),
        agency=lead.agency,
        roles=[],
    )


def _roles(*slugs: str) -> list[Role]:
    return list(Role.objects.filter(slug__in=slugs))


def test_the_agency_lead_role_is_shipped_with_agency_scope() -> None:
    role = Role.objects.get(slug="agency-lead")
    assert dict(role.permissions.values_list("permission", "scope")) == {
        "person.view": "agency",
        "person.manage": "agency",
    }


def test_a_lead_sees_and_manages_only_their_own_agencys_people(colleague: Membership) -> None:
    amira = h.signed_in(LEAD)
    listing = amira.get("/people/").content.decode()
    assert "Zq Teacher" in listing
    assert "Eleanor Hughes" not in listing
    assert amira.get(f"/people/{colleague.pk}/access/").status_code == 200
    assert amira.get(f"/people/{colleague.pk}/leave/").status_code == 200
    other = h.membership(h.GP_PRACTITIONER)
    assert amira.get(f"/people/{other.pk}/").status_code == 404
    assert amira.get(f"/people/{other.pk}/access/").status_code == 404
    assert amira.get(f"/people/{other.pk}/leave/").status_code == 404
    southmoor = h.membership(h.SOUTHMOOR_PRACTITIONER, "southmoor")
    assert amira.get(f"/people/{southmoor.pk}/access/").status_code == 404


def test_a_lead_cannot_touch_another_agencys_people_through_the_services(
    colleague: Membership,
) -> None:
    with pytest.raises(NotAllowed):
        core_services.membership_update(
            acting=h.acting(LEAD),
            membership=h.membership(h.GP_PRACTITIONER),
            roles=_roles("practitioner"),
            is_active=False,
        )


def test_a_lead_grants_a_role_they_hold(colleague: Membership) -> None:
    core_services.membership_update(
        acting=h.acting(LEAD), membership=colleague, roles=_roles("practitioner")
    )
    assert list(colleague.roles.values_list("slug", flat=True)) == ["practitioner"]


@pytest.mark.parametrize("slug", ["business-manager", "trainer", "agency-data-lead"])
def test_nobody_grants_a_role_they_do_not_hold(colleague: Membership, slug: str) -> None:
    with pytest.raises(ServiceError, match="only give roles you hold"):
        core_services.membership_update(
            acting=h.acting(LEAD), membership=colleague, roles=_roles(slug)
        )
    assert not colleague.roles.exists()


def test_a_role_that_sees_childrens_records_needs_the_business_unit(
    colleague: Membership,
) -> None:
    lead = h.membership(LEAD)
    lead.roles.add(Role.objects.get(slug="mash-practitioner"))
    with pytest.raises(ServiceError, match="business unit"):
        core_services.membership_update(
            acting=h.acting(LEAD), membership=colleague, roles=_roles("mash-practitioner")
        )
    # The business unit gives it.
    core_services.membership_update(
        acting=h.acting(h.BUSINESS_MANAGER),
        membership=colleague,
        roles=_roles("mash-practitioner"),
    )
    assert colleague.roles.filter(slug="mash-practitioner").exists()


def test_a_lead_keeps_roles_already_given_when_changing_others(colleague: Membership) -> None:
    core_services.membership_update(
        acting=h.acting(h.BUSINESS_MANAGER), membership=colleague, roles=_roles("trainer")
    )
    core_services.membership_update(
        acting=h.acting(LEAD), membership=colleague, roles=_roles("trainer", "practitioner")
    )
    assert set(colleague.roles.values_list("slug", flat=True)) == {"trainer", "practitioner"}


def test_a_lead_cannot_move_someone_to_another_agency(colleague: Membership) -> None:
    gp = Agency.objects.get(memberships__person__email=h.GP_PRACTITIONER)
    with pytest.raises(ServiceError, match="your own agency"):
        core_services.membership_update(
            acting=h.acting(LEAD), membership=colleague, roles=[], agency=gp
        )
    answer = h.signed_in(LEAD).post(f"/people/{colleague.pk}/move/", {"agency": gp.pk})
    assert answer.status_code == 400
    assert Membership.objects.get(pk=colleague.pk).agency_id == colleague.agency_id


def test_a_lead_records_a_leaver_in_their_agency(colleague: Membership) -> None:
    answer = h.signed_in(LEAD).post(
        f"/people/{colleague.pk}/leave/", {"successor": h.person(LEAD).pk}
    )
    assert answer.status_code == 302
    assert not Membership.objects.get(pk=colleague.pk).is_active
