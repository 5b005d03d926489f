"""The front door's rules, through its services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, AuditEvent
from masa.frontdoor import services
from masa.frontdoor.models import Contact, Decision, PartnerCheck, Referral
from tests import helpers as h
from tests.frontdoor.factories import child_answers, dash, sent_contact, sent_referral
from tests.helpers import MASH_MANAGER, MASH_PRACTITIONER, POLICE_BOTH, PRACTITIONER

pytestmark = pytest.mark.django_db


def mash(email: str = MASH_PRACTITIONER) -> Acting:
    return h.acting(email, "northbridge")


def test_submit_gives_reference_contacts_and_acknowledgement(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent_referral(children=(child_answers(), child_answers(first_names="Sam")))
    assert mail.outbox[-1].subject == f"Referral {referral.reference} received"
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.reference
    assert referral.submitted_at
    assert referral.reference.startswith(f"NB-{referral.submitted_at.year}-")
    assert [c.reference for c in referral.contacts.order_by("number")] == [
        f"{referral.reference}-1",
        f"{referral.reference}-2",
    ]
    contact = referral.contacts.get(number=1)
    assert contact.referral_source == "2A"
    assert contact.source_kind == "school"
    assert AuditEvent.objects.filter(verb="referral.submit", target_id=str(referral.pk)).exists()


def test_submit_twice_makes_one_referral(demo: None) -> None:
    referral = sent_referral()
    again = services.referral_submit(
        acting=h.acting(PRACTITIONER),
        referral=referral,
        answers=None,  # type: ignore[arg-type]
    )
    assert again.reference == referral.reference
    assert referral.contacts.count() == 1


def test_dash_score_band_and_marac(demo: None) -> None:
    high = sent_referral(categories=("domestic_abuse",), risk=dash(14))
    assert (high.risk.score, high.risk.band, high.risk.marac_referral) == (14, "High", True)
    medium = sent_referral(categories=("domestic_abuse",), risk=dash(11))
    assert (medium.risk.band, medium.risk.marac_referral) == ("Medium", False)
    judged = sent_referral(
        categories=("domestic_abuse",), risk=dash(5, judgement=True, reason="Escalating")
    )
    assert judged.risk.band == "Standard"
    assert judged.risk.marac_referral


def test_mash_journey_check_decide_sign_off(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    contact = sent_contact()
    ben, chloe, maya = mash(), mash(MASH_MANAGER), mash(POLICE_BOTH)
    services.contact_start(acting=ben, contact=contact)
    services.contact_link_child(acting=ben, contact=contact, child=None)
    police = Agency.objects.get(name="Mercia Vale Police")
    check = services.partner_check_request(
        acting=ben, contact=contact, agency=police, question="Any police history?"
    )
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_CHECKS
    with pytest.raises(ServiceError):
        services.contact_decide(
            acting=ben,
            contact=contact,
            level=3,
            outcome="early_help_3",
            descriptor="3.4",
            rationale="r",
            referrer_feedback="f",
        )
    services.partner_check_respond(acting=maya, check=check, response="Nothing known.")
    assert PartnerCheck.objects.get(pk=check.pk).status == "answered"
    services.contact_decide(
        acting=ben,
        contact=contact,
        level=3,
        outcome="early_help_3",
        descriptor="3.4",
        rationale="Neglect below significant harm",
        referrer_feedback="Early help will contact the family",
    )
    # A practitioner may not sign off at all, whatever page or command asks.
    with pytest.raises(NotAllowed):
        services.contact_sign_off(acting=ben, contact=contact, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_sign_off(acting=chloe, contact=contact, approve=True)
    contact.refresh_from_db()
    assert (contact.status, contact.level, contact.outcome) == ("decided", 3, "early_help_3")
    assert len(mail.outbox) == 1
    assert "Early help will contact" in mail.outbox[0].body


def test_correction_is_a_new_version_with_a_reason(demo: None) -> None:
    contact = sent_contact()
    ben, chloe = mash(), mash(MASH_MANAGER)
    kwargs = dict(
        level=2, outcome="early_help_2", descriptor="2.1", rationale="r", referrer_feedback="f"
    )
    services.contact_decide(acting=ben, contact=contact, **kwargs)  # type: ignore[arg-type]
    services.contact_sign_off(acting=chloe, contact=contact, approve=True)
    with pytest.raises(ServiceError, match="corrected"):
        services.contact_decide(acting=ben, contact=contact, **kwargs)  # type: ignore[arg-type]
    services.contact_decide(
        acting=ben,
        contact=contact,
        level=4,
        outcome="assessment",
        descriptor="4.1",
        rationale="New information",
        referrer_feedback="f",
        correction_reason="Police disclosed more",
    )
    services.contact_sign_off(acting=chloe, contact=contact, approve=True)
    states = list(contact.decisions.order_by("version").values_list("version", "state"))
    assert states == [(1, Decision.State.SUPERSEDED), (2, Decision.State.SIGNED_OFF)]
    contact.refresh_from_db()
    assert contact.level == 4


def test_repeat_contact_within_twelve_months(demo: None) -> None:
    ben = mash()
    first = sent_contact()
    first = services.contact_link_child(acting=ben, contact=first, child=None)
    second = sent_contact()
    services.contact_link_child(acting=ben, contact=second, child=first.child)
    second.refresh_from_db()
    assert second.is_repeat
    assert not Contact.objects.get(pk=first.pk).is_repeat


def test_red_rating_shortens_the_clock(demo: None) -> None:
    contact = sent_contact()
    before = contact.decision_due_at
    services.contact_rate(acting=mash(), contact=contact, rag="red", reason="Injury seen")
    contact.refresh_from_db()
    assert contact.decision_due_at == min(before, contact.received_at + datetime.timedelta(hours=4))


def test_a_manager_may_not_sign_off_their_own_decision(demo: None) -> None:
    contact = sent_contact()
    chloe = mash(MASH_MANAGER)
    services.contact_decide(
        acting=chloe,
        contact=contact,
        level=2,
        outcome="early_help_2",
        descriptor="2.1",
        rationale="r",
        referrer_feedback="f",
    )
    with pytest.raises(ServiceError, match="Another manager"):
        services.contact_sign_off(acting=chloe, contact=contact, approve=True)


def test_only_the_referrer_may_change_or_send_their_draft(demo: None) -> None:
    amira, ben = h.acting(PRACTITIONER), mash()
    draft = services.referral_start(acting=amira)
    with pytest.raises(NotAllowed):
        services.referral_save_section(
            acting=ben, referral=draft, section="concern", answers={"what_happened": "x"}
        )
    with pytest.raises(NotAllowed):
        services.referral_delete_draft(acting=ben, referral=draft)
    assert Referral.objects.filter(pk=draft.pk, status=Referral.Status.DRAFT).exists()
