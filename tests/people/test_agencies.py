"""The business unit runs the partnership's agencies on its own pages: name, kind,
statutory partner or relevant agency, email domains, lead contacts, active."""

from __future__ import annotations

import pytest

from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, AuditEvent, PartnershipAgency, Role
from masa.people.models import AgencyDomain
from masa.people.services import agencies
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _academy() -> PartnershipAgency:
    return PartnershipAgency.objects.get(
        partnership__slug="northbridge", agency__name="Northbridge Academy"
    )


def test_the_business_manager_adds_an_agency_through_the_form() -> None:
    answer = h.signed_in(h.BUSINESS_MANAGER).post(
        "/agencies/new/",
        {
            "name": "Zq Primary School",
            "kind": "school",
            "statutory_partner": "no",
            "domains": "zq-primary.example\n@ZQ-Primary.example, zq-staff.example",
        },
    )
    assert answer.status_code == 302
    link = PartnershipAgency.objects.get(agency__name="Zq Primary School")
    assert not link.statutory_partner
    assert sorted(
        AgencyDomain.objects.filter(agency=link.agency).values_list("domain", flat=True)
    ) == [
        "zq-primary.example",
        "zq-staff.example",
    ]
    event = AuditEvent.objects.get(verb="agency.add", target_id=str(link.agency_id))
    assert event.changes["name"] == {"old": None, "new": "Zq Primary School"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "", "kind": "school", "statutory_partner": "no"}, "Enter the agency"),
        ({"name": "Zq", "kind": "", "statutory_partner": "no"}, "Choose what kind"),
        ({"name": "Zq", "kind": "spaceship", "statutory_partner": "no"}, "Choose what kind"),
        ({"name": "Zq", "kind": "school"}, "Say whether it is a statutory partner"),
        (
            {"name": "Zq", "kind": "school", "statutory_partner": "no", "domains": "not a domain"},
            "is not an email domain",
        ),
        (
            {"name": "Northbridge Academy", "kind": "school", "statutory_partner": "no"},
            "already takes part",
        ),
    ],
)
def test_a_wrong_agency_form_shows_its_error(fields: dict[str, str], message: str) -> None:
    answer = h.signed_in(h.BUSINESS_MANAGER).post("/agencies/new/", fields)
    assert answer.status_code == 400
    text = answer.content.decode()
    assert message in text
    assert "govuk-error-summary" in text


def test_a_domain_belongs_to_one_agency() -> None:
    agencies.agency_change(
        acting=h.acting(h.BUSINESS_MANAGER),
        link=_academy(),
        name="Northbridge Academy",
        kind="school",
        statutory_partner=False,
        domains=["zq-academy.example"],
        is_active=True,
    )
    with pytest.raises(ServiceError, match="already used by another agency"):
        agencies.agency_add(
            acting=h.acting(h.BUSINESS_MANAGER),
            name="Zq Other",
            kind="school",
            statutory_partner=False,
            domains=["zq-academy.example"],
        )


def test_changing_an_agency_is_audited_with_old_and_new() -> None:
    link = _academy()
    answer = h.signed_in(h.BUSINESS_MANAGER).post(
        f"/agencies/{link.pk}/",
        {
            "name": "Northbridge Academy Trust",
            "kind": "school",
            "statutory_partner": "no",
            "domains": "zq-academy.example",
            "is_active": "no",
        },
    )
    assert answer.status_code == 302
    agency = Agency.objects.get(pk=link.agency_id)
    assert agency.name == "Northbridge Academy Trust"
    assert not agency.is_active
    event = AuditEvent.objects.filter(verb="agency.change").latest("pk")
    assert event.changes["is_active"] == {"old": True, "new": False}
    assert event.changes["name"]["new"] == "Northbridge Academy Trust"


def test_the_list_shows_lead_contacts_and_the_part_each_agency_plays() -> None:
    h.membership(h.PRACTITIONER).roles.add(Role.objects.get(slug="agency-lead"))
    page = h.signed_in(h.BUSINESS_UNIT_OFFICER).get("/agencies/").content.decode()
    assert "Amira Khan (amira.khan@northbridge-academy.example)" in page
    assert "Statutory partner" in page
    assert "Relevant agency" in page
    assert "Add an agency" not in page  # the officer reads; the manager changes


def test_only_the_acting_partnerships_agencies_can_be_changed() -> None:
    southmoor = PartnershipAgency.objects.get(
        partnership__slug="southmoor", agency__name="Southmoor High School"
    )
    with pytest.raises(NotAllowed):
        agencies.agency_change(
            acting=h.acting(h.BUSINESS_MANAGER),
            link=southmoor,
            name="Zq",
            kind="school",
            statutory_partner=False,
            domains=[],
            is_active=True,
        )
    with pytest.raises(NotAllowed):
        agencies.agency_add(
            acting=h.acting(h.BUSINESS_UNIT_OFFICER),
            name="Zq",
            kind="school",
            statutory_partner=False,
            domains=[],
        )
