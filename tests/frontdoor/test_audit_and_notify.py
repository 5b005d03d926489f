"""The front door's audit verbs are all registered, each event in its verb's shape, and
every email it sends is recorded as a Notification about the record it concerns."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.models import Agency, AuditEvent, Notification
from masa.frontdoor import services
from masa.frontdoor.models import Contact, PartnerCheck
from masa.frontdoor.policies import partner_checks
from tests import helpers as h
from tests.frontdoor.factories import sent_contact, sent_referral

pytestmark = pytest.mark.usefixtures("demo")


def decide(acting: Acting, contact: Contact, *, correction: str = "", waiting: str = "") -> None:
    services.contact_decide(
        acting=acting,
        contact=contact,
        level=2,
        outcome="early_help_2",
        descriptor="2.1",
        rationale="Needs met by the school",
        referrer_feedback="The school will support the family",
        correction_reason=correction,
        open_checks_reason=waiting,
    )


def sent(message: str, about: Any) -> Any:
    return Notification.objects.filter(message=f"frontdoor/{message}", target_id=str(about.pk))


def _drafts() -> None:
    amira = h.acting(h.PRACTITIONER)
    draft = services.referral_start(acting=amira)
    services.referral_save_section(
        acting=amira, referral=draft, section="concern", answers={"what_happened": "Seen"}
    )
    services.referral_save_item(
        acting=amira, referral=draft, section="children", index=None, answers={"first_names": "A"}
    )
    services.referral_remove_item(acting=amira, referral=draft, section="children", index=0)
    services.referral_delete_draft(acting=amira, referral=draft)


def _triage_and_checks() -> Any:
    ben, maya = h.acting(h.MASH_PRACTITIONER), h.acting(h.POLICE_BOTH)
    contact = sent_contact()
    services.contact_start(acting=ben, contact=contact)
    services.contact_rate(acting=ben, contact=contact, rag="amber", reason="Bruising")
    services.contact_link_child(acting=ben, contact=contact, child=None)
    police = Agency.objects.get(name="Mercia Vale Police")
    answered = services.partner_check_request(
        acting=ben, contact=contact, agency=police, question="Known?"
    )
    services.partner_check_respond(acting=maya, check=answered, response="Nothing known")
    withdrawn = services.partner_check_request(
        acting=ben, contact=contact, agency=police, question="Anything else?"
    )
    services.partner_check_withdraw(acting=ben, check=withdrawn, reason="Not needed now")
    late = services.partner_check_request(
        acting=ben, contact=contact, agency=police, question="Later?"
    )
    PartnerCheck.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    call_command("frontdoor_tick", stdout=StringIO())
    return contact


def test_every_verb_the_front_door_records_is_registered() -> None:
    first = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _drafts()
    contact = _triage_and_checks()
    ben, chloe = h.acting(h.MASH_PRACTITIONER), h.acting(h.MASH_MANAGER)
    decide(ben, contact, waiting="Urgent")
    services.contact_sign_off(acting=chloe, contact=contact, approve=False, note="Say more")
    decide(ben, contact, waiting="Urgent")
    services.contact_sign_off(acting=chloe, contact=contact, approve=True)
    decide(ben, contact, correction="A typing slip", waiting="Urgent")
    contact.refresh_from_db()
    client = h.signed_in(h.MASH_PRACTITIONER)
    for url in (
        f"/mash/contacts/{contact.pk}/",
        f"/mash/children/{contact.child_id}/",
        f"/mash/contacts/{contact.pk}/child/",
        f"/referrals/{contact.referral_id}/",
        f"/mash/?q={contact.reference}",
    ):
        assert client.get(url).status_code == 200, url
    check = contact.checks.first()
    assert h.signed_in(h.POLICE_BOTH).get(f"/information-requests/{check.pk}/").status_code == 200
    recorded = set(AuditEvent.objects.filter(pk__gt=first).values_list("verb", flat=True))
    expected = {
        "referral.start",
        "referral.draft_save",
        "referral.draft_remove",
        "referral.draft_delete",
        "referral.submit",
        "contact.start",
        "contact.rate",
        "contact.link_child",
        "contact.decide",
        "contact.return",
        "contact.sign_off",
        "contact.correct",
        "contact.search",
        "partner_check.request",
        "partner_check.respond",
        "partner_check.withdraw",
        "partner_check.remind",
        "view",
    }
    assert expected <= recorded
    assert all(audit.verb_of(verb) is not None for verb in recorded)


def test_contact_decide_records_labelled_values() -> None:
    contact = sent_contact()
    decide(h.acting(h.MASH_PRACTITIONER), contact)
    event = AuditEvent.objects.get(verb="contact.decide", target_id=str(contact.pk))
    shown = {row.name: row.new for row in audit.shown_changes(event.changes, event.verb)}
    assert shown["Level of need"] == "2"
    assert shown["Outcome"] == "early_help_2"
    assert shown["Threshold descriptor"] == "2.1"
    assert audit.shown_verb(event.verb) == "Recorded the MASH decision on a contact"


def test_the_acknowledgement_is_recorded_for_the_referrer(
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent_referral()
    note = Notification.objects.get(
        message="frontdoor/referral_received", target_id=str(referral.pk)
    )
    assert note.recipient == h.person(h.PRACTITIONER)
    assert note.target_type == "frontdoor.referral"
    assert note.subject == mail.outbox[-1].subject == f"Referral {referral.reference} received"
    assert f"/referrals/{referral.pk}/" in note.body
    assert note.status == Notification.Status.SENT


def test_a_request_and_its_reminder_are_recorded_for_each_responder(
    django_capture_on_commit_callbacks: Any,
) -> None:
    contact = sent_contact()
    police = Agency.objects.get(name="Mercia Vale Police")
    with django_capture_on_commit_callbacks(execute=True):
        check = services.partner_check_request(
            acting=h.acting(h.MASH_PRACTITIONER), contact=contact, agency=police, question="?"
        )
    responders = partner_checks.people_with("respond", check)
    asked = Notification.objects.filter(
        message="frontdoor/check_requested", target_id=str(check.pk)
    )
    assert {n.recipient for n in asked} == set(responders)
    assert h.person(h.POLICE_BOTH) in responders
    assert h.person(h.MASH_PRACTITIONER) not in responders
    assert all(n.target_type == "frontdoor.partnercheck" for n in asked)
    assert asked.count() == check.emailed
    assert all(contact.first_names not in n.body + n.subject for n in asked)
    PartnerCheck.objects.filter(pk=check.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_checks_remind()
    reminded = Notification.objects.filter(
        message="frontdoor/check_overdue", target_id=str(check.pk)
    )
    assert {n.recipient for n in reminded} == set(responders)


def test_responders_are_the_people_who_answer_for_the_agency() -> None:
    """Who is emailed about a request is unchanged: active members of the agency whose
    role answers its requests, not everyone who may open it."""
    check = services.partner_check_request(
        acting=h.acting(h.MASH_PRACTITIONER),
        contact=sent_contact(),
        agency=Agency.objects.get(name="Canal Street Medical Practice"),
        question="Registered?",
    )
    people = partner_checks.people_with("respond", check)
    assert h.person(h.GP_PRACTITIONER) in people
    assert all(
        person.memberships.filter(
            partnership=check.partnership, agency=check.agency, is_active=True
        ).exists()
        for person in people
    )
    assert h.person(h.POLICE_BOTH) not in people


def test_the_outcome_is_recorded_about_the_contact_and_names_no_child(
    django_capture_on_commit_callbacks: Any,
) -> None:
    contact = sent_contact()
    decide(h.acting(h.MASH_PRACTITIONER), contact)
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_sign_off(acting=h.acting(h.MASH_MANAGER), contact=contact, approve=True)
    note = sent("outcome", contact).get()
    assert note.target_type == "frontdoor.contact"
    assert note.recipient == h.person(h.PRACTITIONER)
    assert contact.reference in note.body
    assert contact.first_names not in note.body
    assert contact.last_name not in note.body
    assert "The school will support the family" in note.body
