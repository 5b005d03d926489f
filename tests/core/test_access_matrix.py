"""Every core URL against every demo person: who may see it, and that everyone
else (another agency, another partnership, no role) is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from masa.core.models import Notification
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
AUDITORS = {h.BUSINESS_MANAGER, h.SYSADMIN, h.SOUTHMOOR_MANAGER}
SIGNED_IN = set(h.EVERYONE)
REFUSED = 404
# Pages anyone may open, signed in or not.
PUBLIC = {
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/sign-in/",
    "/sign-out/timed-out/",
    "/healthz",
}

# (page, who may open it[, the answer they get: 200 unless said]); everyone else: 404.
MATRIX: list[tuple[str, set[str]] | tuple[str, set[str], int]] = [
    ("/", SIGNED_IN),
    ("/accessibility/", SIGNED_IN),
    ("/privacy/", SIGNED_IN),
    ("/cookies/", SIGNED_IN),
    ("/healthz", SIGNED_IN),
    # The sign-in journey sends a person already through it on to where they were going.
    ("/sign-in/", SIGNED_IN, 302),
    ("/sign-in/two-factor/", SIGNED_IN, 302),
    ("/sign-in/two-factor/set-up/", SIGNED_IN, 302),
    ("/kept/", SIGNED_IN, 302),  # nothing was kept: home
    ("/sign-out/timed-out/", SIGNED_IN),
    ("/emails/", SIGNED_IN),
    ("/emails/{practitioners_email}/", {h.PRACTITIONER}),
    ("/partnership/switch/", {h.POLICE_BOTH}),
    ("/menu/administration/", PEOPLE_VIEWERS | TIMESCALE_VIEWERS | AUDITORS),
    ("/people/", PEOPLE_VIEWERS | {h.SOUTHMOOR_MANAGER}),
    ("/people/{northbridge_member}/", PEOPLE_VIEWERS),
    ("/people/{southmoor_member}/", {h.SOUTHMOOR_MANAGER}),
    ("/people/{northbridge_member}/access/", {h.BUSINESS_MANAGER, h.SYSADMIN}),
    ("/people/{southmoor_member}/access/", {h.SOUTHMOOR_MANAGER}),
    ("/settings/", SETTINGS_CHANGERS | {h.SOUTHMOOR_MANAGER}),
    ("/settings/timescales/", TIMESCALE_VIEWERS | {h.SOUTHMOOR_MANAGER}),
    ("/settings/timescales/referral_decision/", {h.BUSINESS_MANAGER, h.SOUTHMOOR_MANAGER}),
    ("/audit/", AUDITORS),
    ("/audit/export.csv", AUDITORS),
    ("/admin/", {h.SYSADMIN}),
    ("/admin/core/agency/", {h.SYSADMIN}),
    ("/admin/core/role/", {h.SYSADMIN}),
]
# Pages that only take a POST, and the test here that covers each.
POST_ONLY = {
    "core:sign-out": "test_sign_out_and_keep_alive_take_only_a_post",
    "core:keep-alive": "test_sign_out_and_keep_alive_take_only_a_post",
}


def _url(template: str) -> str:
    practitioner = h.person(h.PRACTITIONER)
    email = Notification.objects.filter(recipient=practitioner).first()
    if email is None:
        email = Notification.objects.create(
            recipient=practitioner,
            address=practitioner.email,
            message="core/test",
            subject="Check the test: Zq",
            body="Check it here: http://127.0.0.1:8000/\n",
        )
    return template.format(
        northbridge_member=h.membership(h.PRACTITIONER).pk,
        southmoor_member=h.membership(h.SOUTHMOOR_PRACTITIONER, "southmoor").pk,
        practitioners_email=email.pk,
    )


def _rows() -> list[tuple[str, set[str], int]]:
    return [(row[0], row[1], row[2] if len(row) == 3 else 200) for row in MATRIX]


@pytest.mark.parametrize(("template", "allowed", "answer"), _rows(), ids=[r[0] for r in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], answer: int
) -> None:
    url = _url(template)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (answer if email in allowed else REFUSED) for email in h.EVERYONE}
    assert answers == expected


@pytest.mark.parametrize("template", [row[0] for row in MATRIX])
def test_anonymous_person_is_sent_to_sign_in(template: str) -> None:
    url = _url(template)
    response = Client().get(url)
    if url in PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        final = Client().get(url, follow=True)
        assert final.redirect_chain[-1][0].startswith("/sign-in/?next=")


def test_sign_out_and_keep_alive_take_only_a_post() -> None:
    client = h.signed_in(h.PRACTITIONER)
    assert client.get("/sign-out/").status_code == 405
    assert client.get("/session/keep-alive/").status_code == 405
    alive = client.post("/session/keep-alive/", HTTP_ACCEPT="application/json")
    assert alive.json()["signed_in"] is True
    assert client.post("/sign-out/")["Location"] == "/sign-in/"
    assert client.get("/").status_code == 302  # signed out
    gone = Client().post("/session/keep-alive/", HTTP_ACCEPT="application/json")
    assert (gone.status_code, gone.json()) == (401, {"signed_in": False})


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
