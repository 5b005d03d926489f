"""Returns, completeness, the catalogue and comparators against every demo person: who
may see each page, and that everyone else (another agency, another partnership, no
role) is refused with 404. A data lead sees and edits only their own agency's returns."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from masa.core.models import Partnership
from masa.insight import selectors, services
from tests import helpers as h
from tests.insight.factories import data_return, far_quarter

pytestmark = pytest.mark.usefixtures("demo")

# data_return.view at partnership scope in Northbridge.
BUSINESS_UNIT = {
    h.BUSINESS_UNIT_OFFICER,
    h.BUSINESS_MANAGER,
    h.SUBGROUP_CHAIR,
    h.SCRUTINEER,
    h.EXECUTIVE,
}
# dashboard.view or data_return.view: everyone but practitioners and the administrator.
FIGURE_READERS = set(h.EVERYONE) - {
    h.PRACTITIONER,
    h.GP_PRACTITIONER,
    h.SYSADMIN,
    h.SOUTHMOOR_PRACTITIONER,
}


@pytest.fixture
def records() -> dict[str, Any]:
    for slug in ("northbridge", "southmoor"):
        services.catalogue_install(actor=None, partnership=Partnership.objects.get(slug=slug))
    icb = data_return("Mercia Vale Integrated Care Board", far_quarter(1))
    police = data_return("Mercia Vale Police", far_quarter(1))
    southmoor = data_return(
        "Southmoor Metropolitan Borough Council", far_quarter(1), partnership="southmoor"
    )
    return {"icb": icb.pk, "police": police.pk, "sm": southmoor.pk}


MATRIX: list[tuple[str, set[str]]] = [
    ("/insight/returns/", BUSINESS_UNIT | {h.DATA_LEAD, h.SOUTHMOOR_MANAGER}),
    # The ICB's data lead enters the figures; the business unit reads them.
    ("/insight/returns/{icb}/", BUSINESS_UNIT | {h.DATA_LEAD}),
    ("/insight/returns/{icb}/history/", BUSINESS_UNIT | {h.DATA_LEAD}),
    ("/insight/returns/{icb}/check/", {h.DATA_LEAD}),
    ("/insight/returns/{icb}/template.xlsx", {h.DATA_LEAD}),
    ("/insight/returns/{icb}/upload/", {h.DATA_LEAD}),
    # Another agency's return: not the ICB's data lead.
    ("/insight/returns/{police}/", BUSINESS_UNIT),
    ("/insight/returns/{police}/history/", BUSINESS_UNIT),
    ("/insight/returns/{police}/check/", set()),
    # Southmoor's return: only Southmoor's business manager.
    ("/insight/returns/{sm}/", {h.SOUTHMOOR_MANAGER}),
    ("/insight/completeness/", BUSINESS_UNIT | {h.SOUTHMOOR_MANAGER}),
    ("/insight/completeness/?format=csv", BUSINESS_UNIT | {h.SOUTHMOOR_MANAGER}),
    ("/insight/catalogue/", FIGURE_READERS),
    ("/insight/catalogue/?edit=cin.referrals", {h.BUSINESS_MANAGER, h.SOUTHMOOR_MANAGER}),
    ("/insight/comparators/import/", {h.BUSINESS_MANAGER, h.SOUTHMOOR_MANAGER}),
]


# Pages that only take a POST, and the test that puts every demo person to each.
POST_ONLY = {
    "insight:return-start": "test_only_a_data_lead_starts_a_return",
    "insight:completeness-remind": "test_only_the_business_manager_reminds_a_late_agency",
}


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_the_data_lead_sees_only_the_icb_s_returns(records: dict[str, Any]) -> None:
    text = h.signed_in(h.DATA_LEAD).get("/insight/returns/").content.decode()
    assert "Mercia Vale Integrated Care Board" in text
    assert "Mercia Vale Police" not in text
    assert "Northbridge Borough Council" not in text


def test_the_business_manager_sees_every_agency(records: dict[str, Any]) -> None:
    text = h.signed_in(h.BUSINESS_MANAGER).get("/insight/returns/").content.decode()
    for agency in (
        "Mercia Vale Integrated Care Board",
        "Mercia Vale Police",
        "Northbridge Borough Council",
    ):
        assert agency in text
    assert "Southmoor Metropolitan Borough Council" not in text


def test_the_data_lead_cannot_change_another_agency_s_return(records: dict[str, Any]) -> None:
    client = h.signed_in(h.DATA_LEAD)
    police = records["police"]
    assert client.post(f"/insight/returns/{police}/", {"narrative": "Zq"}).status_code == 404
    assert client.post(
        f"/insight/returns/{police}/check/", {"expected_version": 0}
    ).status_code == (404)
    assert client.post(f"/insight/returns/{police}/upload/", {}).status_code == 404


def test_the_southmoor_manager_cannot_reach_northbridge_returns(records: dict[str, Any]) -> None:
    client = h.signed_in(h.SOUTHMOOR_MANAGER)
    for key in ("icb", "police"):
        assert client.get(f"/insight/returns/{records[key]}/").status_code == 404
        assert client.get(f"/insight/returns/{records[key]}/history/").status_code == 404


def test_a_practitioner_cannot_start_a_return(records: dict[str, Any]) -> None:
    agency = h.membership(h.PRACTITIONER).agency
    response = h.signed_in(h.PRACTITIONER).post(
        "/insight/returns/start/", {"agency": agency.pk, "period": far_quarter(1).code}
    )
    assert response.status_code == 404


def test_only_a_data_lead_starts_a_return(records: dict[str, Any]) -> None:
    """Everyone posts the start of the ICB's return for the current quarter: only its
    data lead starts it (a redirect to the return); for anyone else it is not there."""
    icb = h.membership(h.DATA_LEAD).agency
    current = selectors.return_periods(timezone.localdate())[0]
    form = {"agency": icb.pk, "period": current.code}
    answers = {
        email: h.signed_in(email).post("/insight/returns/start/", form).status_code
        for email in h.EVERYONE
    }
    assert answers == {email: 302 if email == h.DATA_LEAD else 404 for email in h.EVERYONE}


def test_only_the_business_manager_reminds_a_late_agency(records: dict[str, Any]) -> None:
    """Everyone presses "Send a reminder" for the ICB (the service may refuse, when it
    has nothing overdue: a message on the completeness page, not another page). The
    ICB owes returns in both partnerships, so each business manager is answered in
    their own; everyone else is told the page is not there."""
    icb = h.membership(h.DATA_LEAD).agency
    url = f"/insight/completeness/{icb.pk}/remind/"
    managers = {h.BUSINESS_MANAGER, h.SOUTHMOOR_MANAGER}
    answers = {email: h.signed_in(email).post(url).status_code for email in h.EVERYONE}
    assert answers == {email: 302 if email in managers else 404 for email in h.EVERYONE}
