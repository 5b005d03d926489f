"""Every front-door page against every demo person: who may see it, and that everyone
else (another agency, another partnership, no role) is refused with 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from masa.core.models import Agency
from masa.frontdoor import services
from tests import helpers as h
from tests.frontdoor.factories import sent_referral

pytestmark = pytest.mark.usefixtures("demo")

REFERRERS = {
    h.PRACTITIONER,
    h.GP_PRACTITIONER,
    h.MASH_PRACTITIONER,
    h.MASH_MANAGER,
    h.TRAINER,
    h.POLICE_BOTH,
    h.SOUTHMOOR_PRACTITIONER,
}
NORTHBRIDGE_MASH = {h.MASH_PRACTITIONER, h.MASH_MANAGER, h.POLICE_BOTH}
FIGURE_READERS = set(h.EVERYONE) - {
    h.PRACTITIONER,
    h.GP_PRACTITIONER,
    h.SOUTHMOOR_PRACTITIONER,
    h.SYSADMIN,
}
REFUSED = 404


@pytest.fixture
def records() -> dict[str, Any]:
    northbridge = sent_referral()
    southmoor = sent_referral(email=h.SOUTHMOOR_PRACTITIONER, partnership="southmoor")
    ben = h.acting(h.MASH_PRACTITIONER, "northbridge")
    contact = services.contact_link_child(
        acting=ben, contact=northbridge.contacts.get(), child=None
    )
    police_check = services.partner_check_request(
        acting=ben,
        contact=contact,
        agency=Agency.objects.get(name="Mercia Vale Police"),
        question="Any police history?",
    )
    return {
        "nb_referral": northbridge.pk,
        "sm_referral": southmoor.pk,
        "nb_contact": contact.pk,
        "sm_contact": southmoor.contacts.get().pk,
        "nb_child": contact.child_id,
        "police_check": police_check.pk,
    }


MATRIX: list[tuple[str, set[str]]] = [
    ("/referrals/", REFERRERS),
    ("/referrals/new/", REFERRERS),
    ("/referrals/{nb_referral}/", {h.PRACTITIONER} | NORTHBRIDGE_MASH),
    ("/referrals/{sm_referral}/", {h.SOUTHMOOR_PRACTITIONER}),
    ("/mash/", NORTHBRIDGE_MASH),
    ("/mash/exploitation/", NORTHBRIDGE_MASH),
    ("/mash/contacts/{nb_contact}/", NORTHBRIDGE_MASH),
    ("/mash/contacts/{sm_contact}/", set()),
    ("/mash/children/{nb_child}/", NORTHBRIDGE_MASH),
    ("/mash/contacts/{nb_contact}/checks/new/", NORTHBRIDGE_MASH),
    ("/information-requests/", REFERRERS),
    ("/information-requests/{police_check}/", {h.POLICE_BOTH}),
    ("/front-door/figures/", FIGURE_READERS),
    ("/front-door/figures.csv", FIGURE_READERS),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else REFUSED) for email in h.EVERYONE}
    assert answers == expected


@pytest.mark.parametrize("template", [row[0] for row in MATRIX])
def test_anonymous_person_is_sent_to_sign_in(template: str, records: dict[str, Any]) -> None:
    response = Client().get(template.format(**records))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
