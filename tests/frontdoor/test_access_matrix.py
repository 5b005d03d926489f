"""Every front-door page against every demo person: who may see it, and that everyone
else (another agency, another partnership, no role) is refused with 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from masa.core.models import Agency
from masa.frontdoor import services
from masa.frontdoor.models import Contact, Referral
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
DRAFT_OWNER = {h.PRACTITIONER}
TRIAGE = NORTHBRIDGE_MASH
DECIDE = {h.MASH_MANAGER}
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
    awaiting = sent_referral().contacts.get()
    services.contact_decide(
        acting=ben,
        contact=awaiting,
        level=2,
        outcome="early_help_2",
        descriptor="2.1",
        rationale="Needs met by the school",
        referrer_feedback="The school will support the family",
    )
    return {
        "nb_referral": northbridge.pk,
        "sm_referral": southmoor.pk,
        "nb_contact": contact.pk,
        "sm_contact": southmoor.contacts.get().pk,
        "nb_child": contact.child_id,
        "police_check": police_check.pk,
        "awaiting": awaiting.pk,
        "draft": a_draft().pk,
    }


def a_draft() -> Referral:
    """A draft of the practitioner's with a child, a household member and domestic abuse
    among its concerns (so the DASH is asked)."""
    amira = h.acting(h.PRACTITIONER, "northbridge")
    draft = services.referral_start(acting=amira)
    services.referral_save_section(
        acting=amira,
        referral=draft,
        section="concern",
        answers={"categories": ["domestic_abuse"], "what_happened": "Shouting at night"},
    )
    for section, answers in (
        ("children", {"first_names": "Tilly", "last_name": "Drafted"}),
        ("household", {"name": "Dana Drafted", "relationship": "parent"}),
    ):
        services.referral_save_item(
            acting=amira, referral=draft, section=section, index=None, answers=answers
        )
    return draft


MATRIX: list[tuple[str, set[str]]] = [
    ("/referrals/", REFERRERS),
    ("/referrals/new/", REFERRERS),
    ("/referrals/{nb_referral}/", {h.PRACTITIONER} | NORTHBRIDGE_MASH),
    ("/referrals/{sm_referral}/", {h.SOUTHMOOR_PRACTITIONER}),
    ("/referrals/{nb_referral}/sent/", DRAFT_OWNER),
    ("/referrals/{sm_referral}/sent/", {h.SOUTHMOOR_PRACTITIONER}),
    # A draft: its referrer's alone, page by page.
    ("/referrals/{draft}/", DRAFT_OWNER),
    ("/referrals/{draft}/delete/", DRAFT_OWNER),
    ("/referrals/{draft}/urgency/", DRAFT_OWNER),
    ("/referrals/{draft}/children/", DRAFT_OWNER),
    ("/referrals/{draft}/children/add/", DRAFT_OWNER),
    ("/referrals/{draft}/children/0/", DRAFT_OWNER),
    ("/referrals/{draft}/children/0/remove/", DRAFT_OWNER),
    ("/referrals/{draft}/household/", DRAFT_OWNER),
    ("/referrals/{draft}/household/add/", DRAFT_OWNER),
    ("/referrals/{draft}/household/0/", DRAFT_OWNER),
    ("/referrals/{draft}/household/0/remove/", DRAFT_OWNER),
    ("/referrals/{draft}/referrer/", DRAFT_OWNER),
    ("/referrals/{draft}/concern/", DRAFT_OWNER),
    ("/referrals/{draft}/consent/", DRAFT_OWNER),
    ("/referrals/{draft}/dash/", DRAFT_OWNER),
    ("/referrals/{draft}/check/", DRAFT_OWNER),
    # The MASH.
    ("/mash/", NORTHBRIDGE_MASH),
    ("/mash/exploitation/", NORTHBRIDGE_MASH),
    ("/mash/contacts/{nb_contact}/", NORTHBRIDGE_MASH),
    ("/mash/contacts/{sm_contact}/", set()),
    ("/mash/contacts/{nb_contact}/rating/", TRIAGE),
    ("/mash/contacts/{sm_contact}/rating/", set()),
    ("/mash/contacts/{nb_contact}/child/", TRIAGE),
    ("/mash/contacts/{nb_contact}/decision/", TRIAGE),
    ("/mash/contacts/{awaiting}/sign-off/", DECIDE),
    ("/mash/children/{nb_child}/", NORTHBRIDGE_MASH),
    ("/mash/contacts/{nb_contact}/checks/new/", NORTHBRIDGE_MASH),
    ("/mash/checks/{police_check}/withdraw/", NORTHBRIDGE_MASH),
    # Partner agencies.
    ("/information-requests/", REFERRERS),
    ("/information-requests/{police_check}/", {h.POLICE_BOTH}),
    # Figures.
    ("/front-door/figures/", FIGURE_READERS),
    ("/front-door/figures.csv", FIGURE_READERS),
]
# Pages that only take a POST, and the test that covers who may post to them.
POST_ONLY = {"frontdoor:contact-start": "test_only_the_mash_may_take_a_contact"}


def test_each_person_gets_the_expected_answer(records: dict[str, Any]) -> None:
    """Every page against every demo person (one set of records for all: pages only read)."""
    wrong = {}
    clients = {email: h.signed_in(email) for email in h.EVERYONE}
    for template, allowed in MATRIX:
        url = template.format(**records)
        answers = {email: client.get(url).status_code for email, client in clients.items()}
        expected = {email: (200 if email in allowed else REFUSED) for email in h.EVERYONE}
        if answers != expected:
            wrong[template] = {e: a for e, a in answers.items() if a != expected[e]}
    assert wrong == {}


def test_anonymous_person_is_sent_to_sign_in(records: dict[str, Any]) -> None:
    for template, _ in MATRIX:
        response = Client().get(template.format(**records))
        assert response.status_code == 302, template
        assert response["Location"].startswith("/sign-in/?next="), template


def test_only_the_mash_may_take_a_contact(records: dict[str, Any]) -> None:
    url = f"/mash/contacts/{records['nb_contact']}/start/"
    answers = {email: h.signed_in(email).post(url).status_code for email in h.EVERYONE}
    assert answers == {email: 302 if email in TRIAGE else REFUSED for email in h.EVERYONE}
    assert Client().post(url).status_code == 302
    assert Contact.objects.get(pk=records["nb_contact"]).assigned_to is not None
    southmoor = f"/mash/contacts/{records['sm_contact']}/start/"
    assert h.signed_in(h.MASH_PRACTITIONER).post(southmoor).status_code == REFUSED
