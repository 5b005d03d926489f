"""Partner checks (issue 12, items 1, 3 and 7): a decision need not wait for open checks,
checks can be withdrawn, their due time follows the contact's urgency and can be set,
several agencies are asked at once, the agencies' responders are emailed, and a
corrected decision says it is a correction."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from masa.core.errors import ServiceError
from masa.core.models import Agency, AuditEvent, Partnership, Timescale
from masa.frontdoor import services
from masa.frontdoor.models import Contact, Decision, PartnerCheck
from masa.frontdoor.services import LONDON
from tests.frontdoor.factories import sent_contact
from tests.frontdoor.test_mash import DECISION, actor, client_in, url
from tests.helpers import (
    GP_PRACTITIONER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    POLICE_BOTH,
    person,
)

pytestmark = pytest.mark.django_db


def police() -> Agency:
    return Agency.objects.get(name="Mercia Vale Police")


def gp() -> Agency:
    return Agency.objects.get(name="Canal Street Medical Practice")


def red_contact() -> Contact:
    contact = sent_contact()
    return services.contact_rate(
        acting=actor(MASH_PRACTITIONER), contact=contact, rag="red", reason="Injury seen"
    )


def decide(contact: Contact, **extra: Any) -> Decision:
    return services.contact_decide(
        acting=actor(MASH_PRACTITIONER),
        contact=contact,
        level=4,
        outcome="strategy",
        descriptor="4.1",
        rationale="Injury to a baby",
        referrer_feedback="A strategy discussion is being held",
        **extra,
    )


# --- item 1: deciding with checks open, withdrawing, due times, several agencies -------


def test_a_red_contact_is_decided_with_a_check_still_open(demo: None) -> None:
    contact = red_contact()
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=contact, agency=gp(), question="Registered?"
    )
    with pytest.raises(ServiceError, match="cannot wait") as refused:
        decide(contact)
    assert refused.value.field == "open_checks_reason"
    decision = decide(contact, open_checks_reason="Red: the GP cannot answer before 05:42")
    assert decision.open_checks_reason.startswith("Red:")
    event = AuditEvent.objects.filter(verb="contact.decide", target_id=str(contact.pk)).get()
    assert event.changes["open_checks"] == ["Canal Street Medical Practice"]

    # The late answer still lands on the contact and is shown as after the decision.
    services.partner_check_respond(acting=actor(GP_PRACTITIONER), check=check, response="Known")
    assert PartnerCheck.objects.get(pk=check.pk).response == "Known"
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_MANAGER
    page = client_in(MASH_PRACTITIONER).get(url("contact", contact.pk)).content.decode()
    assert "Arrived after the decision" in page
    assert "Red: the GP cannot answer before 05:42" in page


def test_a_returned_decision_waits_again_for_the_checks_still_open(demo: None) -> None:
    contact = red_contact()
    services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=contact, agency=gp(), question="Registered?"
    )
    decide(contact, open_checks_reason="Cannot wait")
    services.contact_sign_off(
        acting=actor(MASH_MANAGER), contact=contact, approve=False, note="Wait for the GP"
    )
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_CHECKS


def test_no_reason_is_asked_when_no_check_is_open(demo: None) -> None:
    decision = decide(red_contact(), open_checks_reason="ignored")
    assert decision.open_checks_reason == ""


def test_decision_page_asks_why_when_checks_are_open(demo: None) -> None:
    contact = red_contact()
    services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=contact, agency=gp(), question="Registered?"
    )
    ben = client_in(MASH_PRACTITIONER)
    page = ben.get(url("contact-decide", contact.pk))
    assert page.status_code == 200
    assert "Partner checks are still open with Canal Street Medical Practice" in page.text
    refused = ben.post(url("contact-decide", contact.pk), DECISION)
    assert refused.status_code == 400
    assert "Say why the decision cannot wait" in refused.text
    decided = ben.post(
        url("contact-decide", contact.pk),
        {**DECISION, "open_checks_reason": "The child is safe with family tonight"},
    )
    assert decided.status_code == 302
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_MANAGER


def test_a_check_is_withdrawn_with_a_reason_and_cannot_then_be_answered(demo: None) -> None:
    contact = sent_contact()
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=contact, agency=police(), question="Any?"
    )
    ben = client_in(MASH_PRACTITIONER)
    assert "Withdraw" in ben.get(url("contact", contact.pk)).text
    assert ben.get(url("check-withdraw", check.pk)).status_code == 200
    blank = ben.post(url("check-withdraw", check.pk), {"reason": "  "})
    assert blank.status_code == 400
    assert "Say why you are withdrawing the request" in blank.text
    done = ben.post(url("check-withdraw", check.pk), {"reason": "Police attended; known now"})
    assert done.status_code == 302
    check.refresh_from_db()
    assert check.status == PartnerCheck.Status.WITHDRAWN
    assert check.withdrawn_by == person(MASH_PRACTITIONER)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.IN_PROGRESS  # nothing left open
    event = AuditEvent.objects.get(verb="partner_check.withdraw", target_id=str(check.pk))
    assert event.changes["reason"]["new"] == "Police attended; known now"

    maya = client_in(POLICE_BOTH)
    page = maya.get(url("check-respond", check.pk)).text
    assert "The MASH withdrew this request" in page
    assert "Police attended; known now" in page
    assert "Send the answer" not in page
    maya.post(url("check-respond", check.pk), {"response": "Too late"})
    check.refresh_from_db()
    assert check.status == PartnerCheck.Status.WITHDRAWN
    assert check.response == ""
    with pytest.raises(ServiceError, match="withdrew"):
        services.partner_check_respond(acting=actor(POLICE_BOTH), check=check, response="x")
    with pytest.raises(ServiceError, match="withdrawn"):
        services.partner_check_withdraw(acting=actor(MASH_PRACTITIONER), check=check, reason="x")


def test_another_partnership_cannot_withdraw_a_check(demo: None) -> None:
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=sent_contact(), agency=police(), question="?"
    )
    # Not the MASH of this partnership, nor an agency that answers checks: not found.
    assert (
        client_in(POLICE_BOTH, "southmoor").get(url("check-withdraw", check.pk)).status_code == 404
    )
    assert client_in(GP_PRACTITIONER).get(url("check-withdraw", check.pk)).status_code == 404
    assert (
        client_in(POLICE_BOTH).post(url("check-withdraw", check.pk), {"reason": "x"}).status_code
        == 302
    )
    check.refresh_from_db()
    assert check.status == PartnerCheck.Status.WITHDRAWN  # Maya is in the Northbridge MASH


def test_the_due_time_follows_the_contact_urgency(demo: None) -> None:
    amber = sent_contact()
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=amber, agency=police(), question="Any?"
    )
    assert check.due_at - check.requested_at == datetime.timedelta(hours=24)
    red = red_contact()
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=red, agency=police(), question="Any?"
    )
    assert check.due_at - check.requested_at == datetime.timedelta(hours=2)
    # The partnership's own figure applies.
    Timescale.objects.create(
        partnership=Partnership.objects.get(slug="northbridge"),
        code="red_partner_check",
        amount=1,
        unit="hours",
    )
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=red_contact(), agency=gp(), question="Any?"
    )
    assert check.due_at - check.requested_at == datetime.timedelta(hours=1)


def test_a_due_time_can_be_set_when_asking(demo: None) -> None:
    contact = red_contact()
    ben = client_in(MASH_PRACTITIONER)
    form = ben.get(url("check-request", contact.pk)).text
    assert "as this contact is rated red" in form
    soon = (timezone.now() + datetime.timedelta(minutes=50)).astimezone(LONDON)
    ask = {
        "agencies": [gp().pk],
        "question": "Registered?",
        "due_on_day": soon.day,
        "due_on_month": soon.month,
        "due_on_year": soon.year,
    }
    missing = ben.post(url("check-request", contact.pk), ask)
    assert missing.status_code == 400
    assert "Enter the time the answer is due" in missing.text
    late = (soon + datetime.timedelta(hours=5)).astimezone(LONDON)
    later = {
        **ask,
        "due_on_day": late.day,
        "due_on_month": late.month,
        "due_on_year": late.year,
        "due_time": f"{late:%H:%M}",
    }
    too_late = ben.post(url("check-request", contact.pk), later)
    assert too_late.status_code == 400
    assert "or sooner" in too_late.text
    past = (timezone.now() - datetime.timedelta(hours=1)).astimezone(LONDON)
    gone = ben.post(
        url("check-request", contact.pk),
        {
            **ask,
            "due_on_day": past.day,
            "due_on_month": past.month,
            "due_on_year": past.year,
            "due_time": f"{past:%H:%M}",
        },
    )
    assert gone.status_code == 400
    assert "still to come" in gone.text
    assert not contact.checks.exists()
    done = ben.post(url("check-request", contact.pk), {**ask, "due_time": f"{soon:%H:%M}"})
    assert done.status_code == 302
    check = contact.checks.get()
    assert timezone.localtime(check.due_at, LONDON).strftime("%H:%M") == f"{soon:%H:%M}"
    with pytest.raises(ServiceError, match="still to come"):
        services.partner_checks_request(
            acting=actor(MASH_PRACTITIONER),
            contact=contact,
            agencies=[police()],
            question="x",
            due=timezone.now() - datetime.timedelta(minutes=1),
        )


def test_several_agencies_are_asked_at_once_and_a_double_submit_adds_nothing(
    demo: None,
) -> None:
    contact = sent_contact()
    ben = client_in(MASH_PRACTITIONER)
    ask = {"agencies": [police().pk, gp().pk], "question": "What do you know?"}
    first = ben.post(url("check-request", contact.pk), ask, follow=True)
    assert "sent to Canal Street Medical Practice and Mercia Vale Police" in first.text
    again = ben.post(url("check-request", contact.pk), ask)
    assert again.status_code == 302
    assert sorted(contact.checks.values_list("agency__name", flat=True)) == [
        "Canal Street Medical Practice",
        "Mercia Vale Police",
    ]
    none = ben.post(url("check-request", contact.pk), {"question": "x"})
    assert none.status_code == 400
    assert "Select the agencies you want to ask" in none.text


# --- item 3: the agencies' responders are emailed ---------------------------------------


def test_the_agency_responders_are_emailed_without_the_child_name(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    contact = sent_contact()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check = services.partner_check_request(
            acting=actor(MASH_PRACTITIONER), contact=contact, agency=police(), question="Any?"
        )
    # One email to each responder: nobody sees another's address.
    assert all(len(message.to) == 1 for message in mail.outbox)
    addresses = [message.to[0] for message in mail.outbox]
    assert POLICE_BOTH in addresses
    assert GP_PRACTITIONER not in addresses
    for message in mail.outbox:
        assert contact.reference in message.subject
        assert f"/information-requests/{check.pk}/" in message.body
        text = f"{message.subject}\n{message.body}"
        assert contact.first_names not in text
        assert contact.last_name not in text
    check.refresh_from_db()
    assert check.emailed == len(addresses)
    page = client_in(MASH_PRACTITIONER).get(url("contact", contact.pk)).text
    people = "person" if check.emailed == 1 else "people"
    assert f"We emailed {check.emailed} {people} at Mercia Vale Police" in page


def test_overdue_checks_are_emailed_once_by_the_tick(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    contact = sent_contact()
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=contact, agency=gp(), question="Any?"
    )
    PartnerCheck.objects.filter(pk=check.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("frontdoor_tick", stdout=out)
    overdue = [m for m in mail.outbox if contact.reference in m.subject]
    check.refresh_from_db()
    # Each of the agency's responders, once, as when the request was made.
    assert sorted(m.to[0] for m in overdue) == sorted({m.to[0] for m in overdue})
    assert len(overdue) == check.emailed
    assert all(m.subject.startswith("Overdue") for m in overdue)
    assert GP_PRACTITIONER in [m.to[0] for m in overdue]
    assert all(contact.first_names not in m.body for m in overdue)
    assert "Overdue partner check reminders sent" in out.getvalue()
    check.refresh_from_db()
    assert check.overdue_emailed_at is not None
    assert AuditEvent.objects.filter(verb="partner_check.remind", target_id=str(check.pk)).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("frontdoor_tick", stdout=StringIO())
    assert not [m for m in mail.outbox if contact.reference in m.subject]


# --- item 7: a corrected decision says it is a correction -------------------------------


def test_a_corrected_decision_email_says_what_changed_and_why(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    contact = sent_contact()
    ben, chloe = actor(MASH_PRACTITIONER), actor(MASH_MANAGER)
    services.contact_decide(
        acting=ben,
        contact=contact,
        level=2,
        outcome="early_help_2",
        descriptor="2.1",
        rationale="r",
        referrer_feedback="School nurse will support",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_sign_off(acting=chloe, contact=contact, approve=True)
    first = mail.outbox[-1]
    assert first.subject == f"Outcome of referral {contact.referral.reference}"
    assert "correct" not in first.body.lower()
    services.contact_decide(
        acting=ben,
        contact=contact,
        level=4,
        outcome="assessment",
        descriptor="4.1",
        rationale="Police disclosed an assault",
        referrer_feedback="A social worker will assess",
        correction_reason="New information came to light",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_sign_off(acting=chloe, contact=contact, approve=True)
    corrected = mail.outbox[-1]
    assert corrected.subject == f"Corrected outcome of referral {contact.referral.reference}"
    assert "corrects the outcome" in corrected.body
    assert (
        'changed from "Early help (level 2), single agency" to "Social care assessment"'
        in corrected.body
    )
    assert "Why it was corrected: New information came to light" in corrected.body
    # No more than the first email exposed: not the rationale, nor the level.
    assert "Police disclosed" not in corrected.body
    assert "level 4" not in corrected.body.lower()
    assert contact.last_name not in corrected.body


# --- the demo shows both -------------------------------------------------------------


def test_the_demo_has_a_withdrawn_check_and_a_decision_taken_with_a_check_open(
    demo: None,
) -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    withdrawn = PartnerCheck.objects.get(
        partnership=northbridge, status=PartnerCheck.Status.WITHDRAWN
    )
    assert withdrawn.withdrawn_reason
    assert withdrawn.withdrawn_at
    assert withdrawn.contact.status == Contact.Status.AWAITING_CHECKS
    decision = Decision.objects.get(contact__partnership=northbridge, open_checks_reason__gt="")
    late = decision.contact.checks.get(responded_at__gt=decision.recorded_at)
    assert late.requested_at < decision.recorded_at
    page = client_in(MASH_PRACTITIONER).get(url("contact", decision.contact.pk)).text
    assert "Arrived after the decision" in page
    assert "Decided with partner checks still open" in page
