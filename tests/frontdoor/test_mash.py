"""The MASH pages: access, the triage journey through the forms, matching, the queue,
the exploitation triage list, and bad input."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masa.core.acting import Acting
from masa.core.models import Agency, AuditEvent, Partnership
from masa.frontdoor import matching, nhs, services
from masa.frontdoor.models import Child, Contact, Decision, PartnerCheck
from tests import helpers as h
from tests.frontdoor.factories import child_answers, sent_contact, sent_referral
from tests.helpers import (
    GP_PRACTITIONER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    POLICE_BOTH,
    PRACTITIONER,
    SOUTHMOOR_PRACTITIONER,
    person,
    signed_in,
)

pytestmark = pytest.mark.django_db

DECISION = {
    "level": "3",
    "descriptor": "3.1",
    "outcome": "early_help_3",
    "rationale": "Several needs; the family agree to early help.",
    "referrer_feedback": "An Early Help Assessment will be offered to the family.",
}


def client_in(email: str, partnership: str = "northbridge") -> Client:
    """A signed-in client working in `partnership` (as after the switcher)."""
    client = signed_in(email)
    session = client.session
    session["partnership_id"] = Partnership.objects.get(slug=partnership).pk
    session.save()
    return client


def actor(email: str, partnership: str = "northbridge") -> Acting:
    """`email` acting in `partnership`, as the services take them."""
    return h.acting(email, partnership)


def url(name: str, *args: Any) -> str:
    return reverse(f"frontdoor:{name}", args=args)


def police() -> Agency:
    return Agency.objects.get(name="Mercia Vale Police")


def proposed(contact: Contact, email: str = MASH_PRACTITIONER) -> Decision:
    return services.contact_decide(
        acting=actor(email),
        contact=contact,
        level=3,
        outcome="early_help_3",
        descriptor="3.1",
        rationale="Reasons",
        referrer_feedback="Feedback",
    )


def signed_off(contact: Contact) -> Contact:
    proposed(contact)
    services.contact_sign_off(acting=actor(MASH_MANAGER), contact=contact, approve=True)
    contact.refresh_from_db()
    return contact


# --- access -------------------------------------------------------------------------


def test_school_practitioner_cannot_open_mash_pages(demo: None) -> None:
    contact = sent_contact()
    school = signed_in(PRACTITIONER)
    for address in (
        url("queue"),
        url("exploitation"),
        url("contact", contact.pk),
        url("contact-rate", contact.pk),
        url("contact-decide", contact.pk),
    ):
        assert school.get(address).status_code == 404, address


def test_northbridge_mash_cannot_see_southmoor_contacts(demo: None) -> None:
    theirs = sent_referral(email=SOUTHMOOR_PRACTITIONER, partnership="southmoor").contacts.get()
    child = Child.objects.create(
        partnership=theirs.partnership, first_names="Sally", last_name="Southmoor"
    )
    ben = client_in(MASH_PRACTITIONER)
    assert ben.get(url("contact", theirs.pk)).status_code == 404
    assert ben.get(url("child", child.pk)).status_code == 404
    assert ben.post(url("contact-start", theirs.pk)).status_code == 404
    for tab in ("open", "new"):
        page = ben.get(url("queue"), {"tab": tab})
        assert page.status_code == 200
        assert theirs.reference not in page.content.decode()


def test_gp_practitioner_cannot_open_a_police_check(demo: None) -> None:
    contact = sent_contact()
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=contact, agency=police(), question="History?"
    )
    gp = client_in(GP_PRACTITIONER)
    assert gp.get(url("check-respond", check.pk)).status_code == 404
    assert gp.post(url("check-respond", check.pk), {"response": "x"}).status_code == 404
    listing = gp.get(url("checks"))
    assert listing.status_code == 200
    assert contact.last_name not in listing.content.decode()
    check.refresh_from_db()
    assert check.status == PartnerCheck.Status.REQUESTED


def test_police_user_can_answer_a_police_check(demo: None) -> None:
    contact = sent_contact(what_happened="Private detail the police need not see.")
    check = services.partner_check_request(
        acting=actor(MASH_PRACTITIONER), contact=contact, agency=police(), question="History?"
    )
    maya = client_in(POLICE_BOTH)
    listing = maya.get(url("checks")).content.decode()
    assert contact.last_name in listing
    page = maya.get(url("check-respond", check.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "History?" in text
    assert contact.last_name in text
    assert "Private detail" not in text  # only what the request needs
    response = maya.post(url("check-respond", check.pk), {"response": "Nothing known."})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.status == PartnerCheck.Status.ANSWERED
    assert check.response == "Nothing known."
    # Answering again is refused gracefully.
    again = maya.post(url("check-respond", check.pk), {"response": "More."}, follow=True)
    assert "already been answered" in again.content.decode()
    check.refresh_from_db()
    assert check.response == "Nothing known."


def test_contact_and_child_pages_write_view_events(demo: None) -> None:
    contact = sent_contact()
    services.contact_link_child(acting=actor(MASH_PRACTITIONER), contact=contact, child=None)
    contact.refresh_from_db()
    ben = client_in(MASH_PRACTITIONER)

    def views(target: Any) -> int:
        return AuditEvent.objects.filter(
            verb="view", target_type=target._meta.label_lower, target_id=str(target.pk)
        ).count()

    for _ in range(2):
        assert ben.get(url("contact", contact.pk)).status_code == 200
        assert ben.get(url("child", contact.child_id)).status_code == 200
    assert views(contact) == 2
    assert views(contact.child) == 2


def test_mash_practitioner_cannot_sign_off(demo: None) -> None:
    contact = sent_contact()
    proposed(contact, MASH_MANAGER)
    ben = client_in(MASH_PRACTITIONER)
    assert "Sign off" not in ben.get(url("contact", contact.pk)).content.decode()
    assert ben.get(url("contact-sign-off", contact.pk)).status_code == 404
    response = ben.post(url("contact-sign-off", contact.pk), {"verdict": "sign_off"})
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_MANAGER


def test_mash_manager_can_sign_off(demo: None) -> None:
    contact = sent_contact()
    proposed(contact)
    chloe = client_in(MASH_MANAGER)
    page = chloe.get(url("contact-sign-off", contact.pk))
    assert page.status_code == 200
    assert "Reasons" in page.content.decode()
    done = chloe.post(url("contact-sign-off", contact.pk), {"verdict": "sign_off"}, follow=True)
    assert "is signed off" in done.content.decode()
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DECIDED
    assert contact.outcome == "early_help_3"


def test_mash_manager_can_return_a_decision_with_a_note(demo: None) -> None:
    contact = sent_contact()
    proposed(contact)
    chloe = client_in(MASH_MANAGER)
    bare = chloe.post(url("contact-sign-off", contact.pk), {"verdict": "return"})
    assert bare.status_code == 400
    assert "Say what needs to change" in bare.content.decode()
    chloe.post(url("contact-sign-off", contact.pk), {"verdict": "return", "note": "Check school"})
    contact.refresh_from_db()
    assert contact.status == Contact.Status.IN_PROGRESS
    assert contact.decisions.get().state == Decision.State.RETURNED
    # The returned decision fills the form again, to be changed rather than retyped.
    again = client_in(MASH_PRACTITIONER).get(url("contact-decide", contact.pk)).content.decode()
    assert "Reasons" in again


def test_mash_manager_cannot_sign_off_their_own_decision(demo: None) -> None:
    contact = sent_contact()
    proposed(contact, MASH_MANAGER)
    chloe = client_in(MASH_MANAGER)
    page = chloe.get(url("contact-sign-off", contact.pk)).content.decode()
    assert "Another manager must sign it off" in page
    refused = chloe.post(url("contact-sign-off", contact.pk), {"verdict": "sign_off"})
    assert refused.status_code == 400
    assert "Another manager must sign off" in refused.content.decode()
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_MANAGER


# --- the journey --------------------------------------------------------------------


def test_practitioner_journey_through_the_forms(demo: None) -> None:
    referral = sent_referral()
    contact = referral.contacts.get()
    ben, chloe, maya = (client_in(e) for e in (MASH_PRACTITIONER, MASH_MANAGER, POLICE_BOTH))

    started = ben.post(url("contact-start", contact.pk), follow=True)
    assert "You are working on contact" in started.content.decode()
    rated = ben.post(url("contact-rate", contact.pk), {"rag": "amber", "reason": "Hungry"})
    assert rated.status_code == 302
    assert ben.get(url("contact-link", contact.pk)).status_code == 200
    assert ben.post(url("contact-link", contact.pk), {"child": "new"}).status_code == 302
    contact.refresh_from_db()
    assert contact.child is not None
    assert contact.rag == "amber"
    assert contact.assigned_to == person(MASH_PRACTITIONER)

    form = ben.get(url("check-request", contact.pk))
    assert form.status_code == 200
    assert "Mercia Vale Police" in form.content.decode()
    asked = ben.post(
        url("check-request", contact.pk), {"agencies": [police().pk], "question": "Any?"}
    )
    assert asked.status_code == 302
    contact.refresh_from_db()
    assert contact.status == Contact.Status.AWAITING_CHECKS
    check = contact.checks.get()

    assert maya.post(url("check-respond", check.pk), {"response": "Nothing"}).status_code == 302
    contact.refresh_from_db()
    assert contact.status == Contact.Status.IN_PROGRESS

    assert ben.get(url("contact-decide", contact.pk)).status_code == 200
    decided = ben.post(url("contact-decide", contact.pk), DECISION, follow=True)
    assert "A manager must now sign it off" in decided.content.decode()
    # A double click: the second submission makes no second decision.
    twice = ben.post(url("contact-decide", contact.pk), DECISION, follow=True)
    assert twice.status_code == 200
    assert "already waiting for a manager" in twice.content.decode()
    assert contact.decisions.count() == 1

    assert (
        chloe.post(url("contact-sign-off", contact.pk), {"verdict": "sign_off"}).status_code == 302
    )
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DECIDED
    assert (contact.level, contact.outcome) == (3, "early_help_3")
    page = ben.get(url("contact", contact.pk)).content.decode()
    assert "Version 1: Signed off" in page
    assert "Nothing" in page

    referrer = client_in(PRACTITIONER).get(url("referral", referral.pk))
    assert referrer.status_code == 200
    assert Contact.Outcome.EARLY_HELP_ASSESSMENT.label in referrer.content.decode()


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("level", "Select the level of need"),
        ("descriptor", "Select the threshold descriptor you applied"),
        ("outcome", "Select the outcome"),
        ("rationale", "Enter the reasons for the decision"),
        ("referrer_feedback", "Enter what the referrer will be told"),
    ],
)
def test_decision_mandatory_fields(demo: None, missing: str, message: str) -> None:
    contact = sent_contact()
    data = {**DECISION, missing: "" if missing in {"rationale", "referrer_feedback"} else None}
    data = {key: value for key, value in data.items() if value is not None}
    response = client_in(MASH_PRACTITIONER).post(url("contact-decide", contact.pk), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "There is a problem" in text
    assert "<title>Error:" in text
    assert not contact.decisions.exists()


def test_decision_whitespace_rationale_is_missing(demo: None) -> None:
    contact = sent_contact()
    response = client_in(MASH_PRACTITIONER).post(
        url("contact-decide", contact.pk), {**DECISION, "rationale": "   \n "}
    )
    assert response.status_code == 400
    assert "Enter the reasons for the decision" in response.content.decode()


def test_decision_descriptor_must_match_the_level(demo: None) -> None:
    contact = sent_contact()
    response = client_in(MASH_PRACTITIONER).post(
        url("contact-decide", contact.pk), {**DECISION, "descriptor": "4.1"}
    )
    assert response.status_code == 400
    assert "Select a threshold descriptor for level 3" in response.content.decode()
    assert not contact.decisions.exists()


def test_correction_needs_a_reason_and_makes_version_2(demo: None) -> None:
    contact = signed_off(sent_contact())
    ben = client_in(MASH_PRACTITIONER)
    page = ben.get(url("contact", contact.pk)).content.decode()
    assert "Correct the decision" in page
    form = ben.get(url("contact-decide", contact.pk)).content.decode()
    assert "Why are you correcting the decision?" in form
    changed = {**DECISION, "level": "4", "descriptor": "4.1", "outcome": "assessment"}
    refused = ben.post(url("contact-decide", contact.pk), changed)
    assert refused.status_code == 400
    assert "Say why the decision is being corrected" in refused.content.decode()
    assert contact.decisions.count() == 1
    ben.post(url("contact-decide", contact.pk), {**changed, "correction_reason": "New police info"})
    versions = list(contact.decisions.order_by("version"))
    assert [d.version for d in versions] == [1, 2]
    assert versions[1].correction_reason == "New police info"
    assert versions[1].state == Decision.State.PROPOSED
    client_in(MASH_MANAGER).post(url("contact-sign-off", contact.pk), {"verdict": "sign_off"})
    contact.refresh_from_db()
    assert (contact.level, contact.outcome) == (4, "assessment")
    assert contact.decisions.get(version=1).state == Decision.State.SUPERSEDED


def test_rating_needs_a_reason(demo: None) -> None:
    contact = sent_contact()
    response = client_in(MASH_PRACTITIONER).post(url("contact-rate", contact.pk), {"rag": "red"})
    assert response.status_code == 400
    assert "Say why you gave this rating" in response.content.decode()
    contact.refresh_from_db()
    assert contact.rag == ""


def test_check_request_needs_agency_and_question(demo: None) -> None:
    contact = sent_contact()
    response = client_in(MASH_PRACTITIONER).post(url("check-request", contact.pk), {})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Select the agencies you want to ask" in text
    assert "Enter what you need to know" in text
    assert not contact.checks.exists()


# --- matching -----------------------------------------------------------------------


def _known(partnership: Partnership, **fields: Any) -> Child:
    values: dict[str, Any] = {
        "first_names": "Tilly",
        "last_name": "Matchwood",
        "date_of_birth": datetime.date(2016, 3, 7),
        "postcode": "NB1 2AB",
    }
    values.update(fields)
    values["sound_key"] = matching.sound_key(values["last_name"])
    return Child.objects.create(partnership=partnership, **values)


def test_matching_ranks_an_nhs_number_match_first(demo: None) -> None:
    contact = sent_contact(children=(child_answers(last_name="Matchwood"),))
    _known(contact.partnership)  # alike in every way but the NHS number
    same_nhs = _known(
        contact.partnership,
        first_names="Matilda",
        last_name="Other",
        date_of_birth=datetime.date(2016, 1, 1),
        nhs_number=contact.nhs_number,
    )
    page = client_in(MASH_PRACTITIONER).get(url("contact-link", contact.pk)).content.decode()
    assert "same NHS number" in page
    first = page.index(f'value="{same_nhs.pk}"')
    assert first < page.index('value="new"')
    assert page.count('name="child"') >= 2


def test_matching_finds_transposed_day_and_month(demo: None) -> None:
    contact = sent_contact(children=(child_answers(last_name="Matchwood", nhs_number=""),))
    swapped = _known(contact.partnership, date_of_birth=datetime.date(2016, 7, 3), postcode="")
    page = client_in(MASH_PRACTITIONER).get(url("contact-link", contact.pk)).content.decode()
    assert f'value="{swapped.pk}"' in page
    assert "date of birth with day and month swapped" in page


def test_matching_page_records_a_view_of_each_candidate_shown(demo: None) -> None:
    contact = sent_contact(children=(child_answers(last_name="Matchwood", nhs_number=""),))
    shown = _known(contact.partnership, date_of_birth=datetime.date(2016, 7, 3), postcode="")
    client_in(MASH_PRACTITIONER).get(url("contact-link", contact.pk))
    assert AuditEvent.objects.filter(
        verb="view", target_type="frontdoor.child", target_id=str(shown.pk)
    ).exists()


def test_matching_finds_a_misspelt_surname_and_links_it(demo: None) -> None:
    earlier = sent_contact(children=(child_answers(last_name="Machwood", nhs_number=""),))
    known = _known(earlier.partnership, last_name="Machwood")
    services.contact_link_child(acting=actor(MASH_PRACTITIONER), contact=earlier, child=known)
    contact = sent_contact(children=(child_answers(last_name="Matchwood", nhs_number=""),))
    ben = client_in(MASH_PRACTITIONER)
    page = ben.get(url("contact-link", contact.pk)).content.decode()
    assert f'value="{known.pk}"' in page
    assert "1 previous contact." in page
    assert ben.post(url("contact-link", contact.pk), {"child": str(known.pk)}).status_code == 302
    contact.refresh_from_db()
    assert contact.child == known
    assert contact.is_repeat
    shown = ben.get(url("contact", contact.pk)).content.decode()
    assert "Repeat contact: another contact about this child in the last 12 months" in shown


def test_linking_cannot_pick_another_partnerships_child(demo: None) -> None:
    contact = sent_contact(children=(child_answers(last_name="Matchwood"),))
    southmoor = Partnership.objects.get(slug="southmoor")
    theirs = _known(southmoor, nhs_number=contact.nhs_number)
    response = client_in(MASH_PRACTITIONER).post(
        url("contact-link", contact.pk), {"child": str(theirs.pk)}
    )
    assert response.status_code == 400
    assert f'value="{theirs.pk}"' not in response.content.decode()
    contact.refresh_from_db()
    assert contact.child is None


# --- the queue ----------------------------------------------------------------------
# The demo holds thousands of contacts: test contacts are given the earliest
# decision times, so each comes first in its place in the queue's order.

EARLY = datetime.datetime(2000, 1, 3, 9, 0, tzinfo=datetime.UTC)


def _first(*contacts: Contact) -> None:
    for minutes, contact in enumerate(contacts):
        Contact.objects.filter(pk=contact.pk).update(
            decision_due_at=EARLY + datetime.timedelta(minutes=minutes)
        )


def _queue(client: Client, **query: Any) -> str:
    response = client.get(url("queue"), query)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> list[int]:
    """The contacts in the queue table, in order."""
    table = page[page.index('<table class="govuk-table') :]
    return [int(pk) for pk in re.findall(r'href="/mash/contacts/(\d+)/"', table)]


def test_queue_filters(demo: None) -> None:
    ben_actor = actor(MASH_PRACTITIONER)
    red = sent_contact(categories=("cse",))
    services.contact_rate(acting=ben_actor, contact=red, rag="red", reason="Risk")
    baby = sent_contact(
        children=(child_answers(date_of_birth=None, expected_date_of_birth=datetime.date.today()),)
    )
    teen = sent_contact(children=(child_answers(date_of_birth=datetime.date(2009, 1, 1)),))
    late = sent_contact()
    gp = sent_contact(email=GP_PRACTITIONER)
    fresh = sent_contact()
    _first(red, late, baby, teen, gp)
    Contact.objects.filter(pk=fresh.pk).update(
        decision_due_at=timezone.now() + datetime.timedelta(days=3)
    )
    ben = client_in(MASH_PRACTITIONER)

    page = _queue(ben, rag="red")
    assert _rows(page)[0] == red.pk
    assert late.pk not in _rows(page)
    table = page[page.index("<table") :]
    assert "govuk-tag--grey" not in table
    assert "govuk-tag--green" not in table
    assert "govuk-tag--orange" not in table
    rows = _rows(_queue(ben, rag="none"))
    assert rows[0] == late.pk
    assert red.pk not in rows
    page = _queue(ben, age_band="unborn", rag="none")
    assert _rows(page)[0] == baby.pk
    assert teen.pk not in _rows(page)
    assert page.count('<td class="govuk-table__cell">Unborn</td>') == len(_rows(page))
    rows = _rows(_queue(ben, age_band="16+", rag="none"))
    assert teen.pk in rows
    assert baby.pk not in rows
    page = _queue(ben, overdue="on", rag="none")
    assert _rows(page)[0] == late.pk
    assert fresh.pk not in _rows(page)
    assert page.count(">Overdue by ") == len(_rows(page))
    rows = _rows(_queue(ben, source_kind="health_gp", rag="none"))
    assert rows[0] == gp.pk
    assert late.pk not in rows
    rows = _rows(_queue(ben, category="cse"))
    assert rows[0] == red.pk
    assert late.pk not in rows
    # Red first, then by the clock.
    assert _rows(_queue(ben))[0] == red.pk
    # The status links keep the filters.
    assert "rag=red&amp;tab=new" in _queue(ben, rag="red")


def test_queue_tabs(demo: None) -> None:
    fresh = sent_contact()
    decided = signed_off(sent_contact())
    _first(fresh)
    ben = client_in(MASH_PRACTITIONER)
    rows = _rows(_queue(ben, tab="new", rag="none"))
    assert rows[0] == fresh.pk
    assert decided.pk not in rows
    rows = _rows(_queue(ben, tab="decided"))
    assert rows[0] == decided.pk
    assert fresh.pk not in rows
    assert fresh.pk not in _rows(_queue(ben, tab="awaiting_manager"))


def test_queue_bad_filter_is_a_message_not_a_500(demo: None) -> None:
    response = client_in(MASH_PRACTITIONER).get(url("queue"), {"rag": "purple", "page": "x"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_queue_query_count_is_bounded(demo: None, django_assert_max_num_queries: Any) -> None:
    ben_actor = actor(MASH_PRACTITIONER)
    for n in range(60):
        contact = sent_contact(categories=("fgm",))
        if n % 3 == 0:
            services.contact_start(acting=ben_actor, contact=contact)
    ben = client_in(MASH_PRACTITIONER)
    ben.get(url("queue"))  # the session settles
    with django_assert_max_num_queries(12):
        response = ben.get(url("queue"), {"category": "fgm", "page": "1"})
    assert response.status_code == 200
    assert len(_rows(response.content.decode())) == 50


# --- free text ----------------------------------------------------------------------


def test_script_in_free_text_is_escaped_on_the_contact_page(demo: None) -> None:
    script = "<script>alert('x')</script>"
    contact = sent_contact(
        what_happened=script,
        impact=script,
        child_voice=script,
        children=(child_answers(first_names=script, address=script),),
    )
    services.contact_rate(
        acting=actor(MASH_PRACTITIONER), contact=contact, rag="red", reason=script
    )
    page = client_in(MASH_PRACTITIONER).get(url("contact", contact.pk)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


# --- the exploitation triage list ---------------------------------------------------


def test_exploitation_list_shows_the_days_cse_cce_and_missing_contacts(demo: None) -> None:
    cse = sent_contact(categories=("cse",))
    cce = sent_contact(categories=("cce", "neglect"))
    missing = sent_contact(categories=("missing",))
    other = sent_contact(categories=("neglect",))
    today = timezone.localdate()
    page = client_in(MASH_PRACTITIONER).get(url("exploitation")).content.decode()
    assert f"Exploitation triage: {today:%A} {today.day} {today:%B %Y}" in page
    for contact in (cse, cce, missing):
        assert url("contact", contact.pk) in page
    assert url("contact", other.pk) not in page
    assert ">CSE<" in page
    assert ">CCE<" in page
    assert ">Missing<" in page


def test_exploitation_list_for_another_day(demo: None) -> None:
    contact = sent_contact(categories=("cse",))
    services.contact_link_child(acting=actor(MASH_PRACTITIONER), contact=contact, child=None)
    signed_off(contact)
    ben = client_in(MASH_PRACTITIONER)
    long_ago = ben.get(url("exploitation"), {"date": "2020-06-01"})
    assert long_ago.status_code == 200
    assert "Exploitation triage: Monday 1 June 2020" in long_ago.content.decode()
    assert url("contact", contact.pk) not in long_ago.content.decode()


@pytest.mark.parametrize("bad", ["yesterday", "2026-02-30", "0001-01-01", ""])
def test_exploitation_list_invalid_date_is_a_message_not_a_500(demo: None, bad: str) -> None:
    response = client_in(MASH_PRACTITIONER).get(url("exploitation"), {"date": bad})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "govuk-error-message" in text


def test_information_requests_show_open_first_and_flag_overdue(demo: None) -> None:
    ben_actor = actor(MASH_PRACTITIONER)
    answered = services.partner_check_request(
        acting=ben_actor, contact=sent_contact(), agency=police(), question="Answered one"
    )
    services.partner_check_respond(acting=actor(POLICE_BOTH), check=answered, response="None")
    late = services.partner_check_request(
        acting=ben_actor, contact=sent_contact(), agency=police(), question="Late one"
    )
    PartnerCheck.objects.filter(pk=late.pk).update(due_at=EARLY)
    PartnerCheck.objects.filter(pk=answered.pk).update(due_at=EARLY - datetime.timedelta(days=1))
    page = client_in(POLICE_BOTH).get(url("checks")).content.decode()
    # Open first (the answered one was due earlier), overdue flagged in words.
    body = page[page.index("<tbody") :]
    assert "Late one" in body[: body.index("</tr>")]
    assert "Answered one" not in page[: page.index("Late one")]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page


def test_manager_sees_the_sign_off_action(demo: None) -> None:
    contact = sent_contact()
    proposed(contact)
    page = client_in(MASH_MANAGER).get(url("contact", contact.pk)).content.decode()
    assert url("contact-sign-off", contact.pk) in page


def test_starting_a_decided_contact_is_refused_with_a_message(demo: None) -> None:
    contact = signed_off(sent_contact())
    response = client_in(MASH_PRACTITIONER).post(url("contact-start", contact.pk))
    assert response.status_code == 400
    assert "This contact has been decided" in response.content.decode()


def test_every_made_up_child_has_a_valid_nhs_number() -> None:
    # One serial in eleven has no check digit: the factory must never fall back to "",
    # or a test of NHS number matching would pass or fail by the order tests run in.
    numbers = [child_answers().nhs_number for _ in range(30)]
    assert all(nhs.is_valid(number) for number in numbers), numbers
