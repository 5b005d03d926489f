"""Every core URL against every demo person: who may see it, and that everyone
else (another agency, another partnership, no role) is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

# Who may open each page (everyone else gets the status in REFUSED).
PEOPLE_VIEWERS = {h.BUSINESS_UNIT_OFFICER, h.BUSINESS_MANAGER, h.SCRUTINEER, h.SYSADMIN}
SETTINGS_CHANGERS = {h.BUSINESS_MANAGER, h.SYSADMIN}
TIMESCALE_VIEWERS = {
    h.MASH_MANAGER,
    h.BUSINESS_UNIT_OFFICER,
    h.BUSINESS_MANAGER,
    h.SCRUTINEER,
    h.SYSADMIN,
}
SIGNED_IN = set(h.EVERYONE)
REFUSED = 404


def _matrix() -> list[tuple[str, set[str]]]:
    return [
        ("/", SIGNED_IN),
        ("/accessibility/", SIGNED_IN),
        ("/privacy/", SIGNED_IN),
        ("/cookies/", SIGNED_IN),
        ("/partnership/switch/", {h.POLICE_BOTH}),
        ("/people/", PEOPLE_VIEWERS | {h.SOUTHMOOR_MANAGER}),
        ("/people/{northbridge_member}/", PEOPLE_VIEWERS),
        ("/people/{southmoor_member}/", {h.SOUTHMOOR_MANAGER}),
        ("/people/{northbridge_member}/access/", {h.BUSINESS_MANAGER, h.SYSADMIN}),
        ("/people/{southmoor_member}/access/", {h.SOUTHMOOR_MANAGER}),
        ("/settings/", SETTINGS_CHANGERS | {h.SOUTHMOOR_MANAGER}),
        ("/settings/timescales/", TIMESCALE_VIEWERS | {h.SOUTHMOOR_MANAGER}),
        ("/settings/timescales/referral_decision/", {h.BUSINESS_MANAGER, h.SOUTHMOOR_MANAGER}),
        ("/audit/", {h.BUSINESS_MANAGER, h.SYSADMIN, h.SOUTHMOOR_MANAGER}),
        ("/audit/export.csv", {h.BUSINESS_MANAGER, h.SYSADMIN, h.SOUTHMOOR_MANAGER}),
        ("/admin/", {h.SYSADMIN}),
        ("/admin/core/agency/", {h.SYSADMIN}),
        ("/admin/core/role/", {h.SYSADMIN}),
    ]


def _url(template: str) -> str:
    return template.format(
        northbridge_member=h.membership(h.PRACTITIONER).pk,
        southmoor_member=h.membership(h.SOUTHMOOR_PRACTITIONER, "southmoor").pk,
    )


@pytest.mark.parametrize(("template", "allowed"), _matrix(), ids=[row[0] for row in _matrix()])
def test_each_person_gets_the_expected_answer(template: str, allowed: set[str]) -> None:
    url = _url(template)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else REFUSED) for email in h.EVERYONE}
    assert answers == expected


@pytest.mark.parametrize("template", [row[0] for row in _matrix()])
def test_anonymous_person_is_sent_to_sign_in(template: str) -> None:
    url = _url(template)
    response = Client().get(url)
    if url in {"/accessibility/", "/privacy/", "/cookies/"}:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        final = Client().get(url, follow=True)
        assert final.redirect_chain[-1][0].startswith("/sign-in/?next=")


def test_police_officer_sees_southmoor_records_only_after_switching() -> None:
    client = h.signed_in(h.POLICE_BOTH)
    southmoor = h.membership(h.SOUTHMOOR_PRACTITIONER, "southmoor")
    response = client.post("/partnership/switch/", {"partnership": str(southmoor.partnership_id)})
    assert response.status_code == 302
    home = client.get("/")
    assert b"Southmoor Safeguarding Children Partnership" in home.content


def test_person_without_two_factor_is_sent_to_verify_before_any_record() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER, verified=False)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/two-factor/")


def test_role_without_identifiable_records_needs_no_two_factor() -> None:
    client = h.signed_in(h.EXECUTIVE, verified=False)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/learning/chargerule/",
        "/admin/learning/theme/",
        "/admin/learning/evaluationform/",
        "/admin/frontdoor/riskchecklist/",
    ],
)
def test_only_the_system_administrator_opens_reference_data(url: str) -> None:
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    assert answers == {email: (200 if email == h.SYSADMIN else 404) for email in h.EVERYONE}
