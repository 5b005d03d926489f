"""People and access pages against every demo person: who may open each; everyone
else (another agency, another partnership, no role) gets 404. Password reset pages
are for anyone, signed in or not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

EVERYONE = set(h.EVERYONE)
MANAGERS = {h.BUSINESS_MANAGER, h.SYSADMIN}
AGENCY_VIEWERS = MANAGERS | {h.BUSINESS_UNIT_OFFICER}


@pytest.fixture
def records() -> dict[str, Any]:
    from masa.core.models import PartnershipAgency

    return {
        "northbridge_agency": PartnershipAgency.objects.get(
            partnership__slug="northbridge", agency__name="Northbridge Academy"
        ).pk,
        "southmoor_agency": PartnershipAgency.objects.get(
            partnership__slug="southmoor", agency__name="Southmoor High School"
        ).pk,
        "northbridge_member": h.membership(h.PRACTITIONER).pk,
        "southmoor_member": h.membership(h.SOUTHMOOR_PRACTITIONER, "southmoor").pk,
    }


# (page, who may open it, the answer they get); everyone else: 404.
MATRIX: list[tuple[str, set[str], int]] = [
    ("/sign-in/reset/", EVERYONE, 200),
    ("/sign-in/reset/sent/", EVERYONE, 200),
    # A link's token is moved into the session; a link with no token kept is refused.
    ("/sign-in/reset/MQ/some-token/", EVERYONE, 302),
    ("/people/{northbridge_member}/leave/", MANAGERS, 200),
    ("/people/{northbridge_member}/move/", MANAGERS, 200),
    ("/people/{southmoor_member}/leave/", {h.SOUTHMOOR_MANAGER}, 200),
    ("/people/{southmoor_member}/move/", {h.SOUTHMOOR_MANAGER}, 200),
    ("/people/invite/", MANAGERS | {h.SOUTHMOOR_MANAGER}, 200),
    ("/people/invite/csv/", MANAGERS | {h.SOUTHMOOR_MANAGER}, 200),
    ("/sign-in/invitation/some-token/", EVERYONE, 302),
    ("/agencies/", AGENCY_VIEWERS | {h.SOUTHMOOR_MANAGER}, 200),
    ("/agencies/new/", MANAGERS | {h.SOUTHMOOR_MANAGER}, 200),
    ("/agencies/{northbridge_agency}/", MANAGERS, 200),
    ("/agencies/{southmoor_agency}/", {h.SOUTHMOOR_MANAGER}, 200),
]


@pytest.mark.parametrize(("template", "allowed", "answer"), MATRIX, ids=[r[0] for r in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], answer: int, records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (answer if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


@pytest.mark.parametrize(
    "template", [r[0] for r in MATRIX if r[0].startswith(("/people/", "/agencies/"))]
)
def test_anonymous_person_is_sent_to_sign_in(template: str, records: dict[str, Any]) -> None:
    answer = Client().get(template.format(**records))
    assert answer.status_code == 302
    assert answer["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize("template", [r[0] for r in MATRIX if r[0].startswith("/sign-in/")])
def test_anonymous_person_opens_the_reset_pages(template: str) -> None:
    assert Client().get(template).status_code in (200, 302)


def test_southmoor_cannot_record_a_northbridge_leaver(records: dict[str, Any]) -> None:
    url = f"/people/{records['northbridge_member']}/leave/"
    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    eleanor = h.person(h.BUSINESS_MANAGER)
    assert nadia.post(url, {"successor": eleanor.pk}).status_code == 404
    assert h.membership(h.PRACTITIONER).is_active
