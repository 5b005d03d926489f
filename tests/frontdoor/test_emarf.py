"""The eMARF through its pages: the forms, the draft, checking and sending, and access."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.core import mail
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masa.core.models import AuditEvent
from masa.frontdoor import services
from masa.frontdoor.models import Contact, HouseholdMember, Referral
from tests import helpers as h
from tests.frontdoor.factories import sent_referral
from tests.helpers import (
    GP_PRACTITIONER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    POLICE_BOTH,
    PRACTITIONER,
    SOUTHMOOR_MANAGER,
    SOUTHMOOR_PRACTITIONER,
    person,
    signed_in,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
SQL = "'; DROP TABLE frontdoor_referral; --"
TODAY = datetime.date.today()


def date_parts(name: str, day: datetime.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def child(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "first_names": "Tilly",
        "last_name": "Example",
        "born": "yes",
        **date_parts("date_of_birth", datetime.date(2016, 3, 7)),
        **date_parts("expected_date_of_birth", None),
        "sex": "F",
        "ethnicity": "WBRI",
        "address": "1 Test Street, Northbridge",
        "postcode": "NB1 2AB",
        "nhs_number": "943 476 5919",
        "school": "Northbridge Academy",
        "disabilities": ["NONE"],
        "language": "English",
        "interpreter_needed": "no",
    }
    values.update(overrides)
    return values


def household(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "relationship": "parent",
        "name": "Dana Example",
        "relationship_to_child": "Mother",
        **date_parts("date_of_birth", None),
        "parental_responsibility": "yes",
        "address": "",
        "notes": "",
    }
    values.update(overrides)
    return values


def concern(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "categories": ["neglect"],
        "other_concern": "",
        "what_happened": "Came to school hungry three days running.",
        **date_parts("happened_on", TODAY - datetime.timedelta(days=2)),
        "impact": "Tired and unable to concentrate.",
        "child_voice": "Said there was no food at home.",
        "support_in_place": "",
        "level_believed": "3",
    }
    values.update(overrides)
    return values


def referrer(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "referrer_name": "Amira Khan",
        "referrer_role": "Designated safeguarding lead",
        "referrer_agency_name": "Northbridge Academy",
        "referrer_phone": "01632 960000",
        "referrer_email": "amira.khan@northbridge-academy.example",
    }
    values.update(overrides)
    return values


def consent(**overrides: Any) -> dict[str, Any]:
    values = {"consent": "consented", "consent_detail": "", "without_consent_reason": ""}
    values.update(overrides)
    return values


def dash_answers(yes: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {f"q_{n}": "yes" if n <= yes else "no" for n in range(1, 25)}
    values.update({"professional_judgement": "no", "judgement_reason": ""})
    values.update(overrides)
    return values


def url(name: str, pk: int, *args: Any) -> str:
    return reverse(f"frontdoor:{name}", args=[pk, *args])


def start(client: Client) -> int:
    response = client.post(reverse("frontdoor:referral-new"))
    assert response.status_code == 302
    referral = Referral.objects.latest("pk")
    assert response["Location"] == url("urgency", referral.pk)
    return referral.pk


def post_ok(client: Client, address: str, data: dict[str, Any]) -> None:
    response = client.post(address, data)
    assert response.status_code == 302, _errors(response)


def _errors(response: Any) -> str:
    text = response.content.decode()
    start_at = text.find("govuk-error-summary__list")
    return text[start_at : start_at + 1500] if start_at >= 0 else str(response.status_code)


def fill(client: Client, pk: int, **sections: dict[str, Any]) -> None:
    """Answer every section with valid answers (or those given)."""
    post_ok(client, url("urgency", pk), sections.get("urgency", {"immediate_danger": "no"}))
    post_ok(client, url("child-add", pk), sections.get("child", child()))
    post_ok(client, url("household-add", pk), sections.get("household", household()))
    post_ok(client, url("referrer", pk), sections.get("referrer", referrer()))
    post_ok(client, url("concern", pk), sections.get("concern", concern()))
    post_ok(client, url("consent", pk), sections.get("consent", consent()))
    if "dash" in sections:
        post_ok(client, url("dash", pk), sections["dash"])


def draft(pk: int) -> dict[str, Any]:
    value: dict[str, Any] = Referral.objects.get(pk=pk).draft
    return value


# --- the whole journey --------------------------------------------------------------


def test_practitioner_can_make_and_send_a_referral(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(PRACTITIONER)
    assert client.get(reverse("frontdoor:referral-new")).status_code == 200
    pk = start(client)
    # The referrer's details come from the profile.
    assert draft(pk)["referrer"]["referrer_email"] == "amira.khan@northbridge-academy.example"
    page = client.get(url("referral", pk)).content.decode()
    assert "govuk-task-list" in page
    assert "Not yet started" in page
    fill(client, pk)
    page = client.get(url("referral", pk)).content.decode()
    assert "Not yet started" not in page
    assert "Incomplete" not in page
    assert "DASH" not in page  # no domestic abuse, no DASH
    check = client.get(url("check", pk))
    assert check.status_code == 200
    assert "Came to school hungry three days running." in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("check", pk))
    assert response.status_code == 302
    assert response["Location"] == url("sent", pk)
    referral = Referral.objects.get(pk=pk)
    assert referral.status == Referral.Status.SUBMITTED
    contact = referral.contacts.get()
    assert (contact.first_names, contact.date_of_birth) == ("Tilly", datetime.date(2016, 3, 7))
    assert (contact.nhs_number, contact.postcode, contact.disabilities) == (
        "9434765919",
        "NB1 2AB",
        ["NONE"],
    )
    assert referral.household.get().parental_responsibility is True
    assert referral.level_believed == 3
    sent_page = client.get(url("sent", pk)).content.decode()
    assert str(referral.reference) in sent_page
    assert "govuk-panel--confirmation" in sent_page
    assert mail.outbox[-1].subject == f"Referral {referral.reference} received"
    mine = client.get(reverse("frontdoor:referrals")).content.decode()
    assert str(referral.reference) in mine
    assert "Received" in mine
    status = client.get(url("referral", pk)).content.decode()
    assert str(referral.reference) in status
    assert "Received" in status


def test_two_children_siblings_make_two_contacts(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk)
    post_ok(client, url("child-add", pk), child(first_names="Sam", sex="M"))
    listing = client.get(url("children", pk)).content.decode()
    assert "Tilly Example" in listing
    assert "Sam Example" in listing
    post_ok(client, url("check", pk), {})
    referral = Referral.objects.get(pk=pk)
    assert [c.first_names for c in referral.contacts.order_by("number")] == ["Tilly", "Sam"]


def test_child_can_be_changed_and_removed(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    post_ok(client, url("child-add", pk), child())
    post_ok(client, url("child-add", pk), child(first_names="Sam"))
    assert client.get(url("child-edit", pk, 1)).status_code == 200
    post_ok(client, url("child-edit", pk, 1), child(first_names="Samuel"))
    assert draft(pk)["children"][1]["first_names"] == "Samuel"
    assert client.get(url("child-remove", pk, 0)).status_code == 200
    post_ok(client, url("child-remove", pk, 0), {})
    assert [c["first_names"] for c in draft(pk)["children"]] == ["Samuel"]
    assert client.get(url("child-edit", pk, 5)).status_code == 404


def test_change_link_from_check_returns_to_check(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk)
    response = client.post(url("concern", pk) + "?from=check", concern(impact="Very tired."))
    assert response["Location"] == url("check", pk)


# --- mandatory fields and bad input ---------------------------------------------------

MANDATORY = [
    ("child", "first_names", "Enter the child's first names"),
    ("child", "last_name", "Enter the child's last name"),
    ("child", "born", "Select yes if the child has been born"),
    ("child", "sex", "Select the child's sex"),
    ("child", "ethnicity", "Select the child's ethnicity"),
    ("child", "interpreter_needed", "Select yes if the child or family needs an interpreter"),
    ("household", "relationship", "Select who this person is"),
    ("household", "name", "Enter the person's name"),
    ("household", "parental_responsibility", "Select whether they have parental responsibility"),
    ("referrer", "referrer_name", "Enter your full name"),
    ("referrer", "referrer_role", "Enter your role"),
    ("referrer", "referrer_agency_name", "Enter the name of your organisation"),
    ("referrer", "referrer_phone", "Enter a telephone number the MASH can call you on"),
    ("referrer", "referrer_email", "Enter your email address"),
    ("concern", "categories", "Select at least one kind of concern"),
    ("concern", "what_happened", "Enter what happened"),
    ("concern", "impact", "Enter the impact on the child"),
    ("concern", "child_voice", "Enter what the child said, or why they could not be seen"),
    ("concern", "level_believed", "Select the level of need you think applies"),
    ("consent", "consent", "Select whether the parents or carers were told and consented"),
    ("urgency", "immediate_danger", "Select yes if a child is in immediate danger"),
]
SECTION_DATA: dict[str, tuple[str, Any]] = {
    "child": ("child-add", child),
    "household": ("household-add", household),
    "referrer": ("referrer", referrer),
    "concern": ("concern", concern),
    "consent": ("consent", consent),
    "urgency": ("urgency", lambda: {"immediate_danger": "no"}),
}


@pytest.mark.parametrize(("section", "field", "message"), MANDATORY)
def test_each_mandatory_field_missing_is_an_error_and_the_rest_is_kept(
    demo: None, section: str, field: str, message: str
) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    name, make = SECTION_DATA[section]
    data = make()
    data.pop(field)
    response = client.post(url(name, pk), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in text
    assert html.escape(message) in text
    assert "<title>Error:" in text
    # The answers typed so far are saved, and shown again.
    stored_key = "children" if section == "child" else section
    saved = draft(pk)[stored_key]
    saved = saved[0] if isinstance(saved, list) else saved
    for key, value in data.items():
        assert saved[key] == value
    if "what_happened" in data and section == "concern":
        assert "Came to school hungry three days running." in text


def test_save_and_come_back_later_keeps_invalid_answers_without_errors(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("concern", pk), {"what_happened": "Half typed", "save_later": "1"})
    assert response.status_code == 302
    assert response["Location"] == url("referral", pk)
    assert draft(pk)["concern"]["what_happened"] == "Half typed"
    page = client.get(url("concern", pk))
    assert page.status_code == 200
    assert "govuk-error-summary" not in page.content.decode()
    assert "Half typed" in page.content.decode()
    assert "Incomplete" in client.get(url("referral", pk)).content.decode()


@pytest.mark.parametrize(
    "number", ["943 476 5918", "12345", "94347659190", "abc defg hij", "０９４３４７６５９１"]
)
def test_malformed_nhs_number_is_an_error(demo: None, number: str) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("child-add", pk), child(nhs_number=number))
    assert response.status_code == 400
    assert "Enter a valid NHS number, like 943 476 5919" in response.content.decode()
    assert draft(pk)["children"][0]["nhs_number"] == number


def test_nhs_number_is_optional(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    post_ok(client, url("child-add", pk), child(nhs_number=""))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2020"},
            "Date of birth must be a real date",
        ),
        (
            {"date_of_birth_day": "1", "date_of_birth_month": "13", "date_of_birth_year": "2020"},
            "Date of birth must be a real date",
        ),
        (
            {"date_of_birth_day": "1", "date_of_birth_month": "", "date_of_birth_year": "2020"},
            "Date of birth must include a month",
        ),
        (
            {"date_of_birth_day": "1", "date_of_birth_month": "2", "date_of_birth_year": "20"},
            "Year must include 4 numbers",
        ),
        (
            date_parts("date_of_birth", TODAY + datetime.timedelta(days=3)),
            "Date of birth must be today or in the past",
        ),
        (date_parts("date_of_birth", None), "Enter the child's date of birth"),
        (
            {
                "born": "no",
                **date_parts("date_of_birth", None),
                **date_parts("expected_date_of_birth", TODAY - datetime.timedelta(days=60)),
            },
            "Expected date of birth must be in the future, or no more than 4 weeks ago",
        ),
        (
            {
                "born": "no",
                **date_parts("expected_date_of_birth", TODAY + datetime.timedelta(days=400)),
            },
            "Expected date of birth must be within the next 10 months",
        ),
        (
            {"born": "no", **date_parts("expected_date_of_birth", None)},
            "Enter the unborn child's expected date of birth",
        ),
    ],
)
def test_impossible_child_dates_are_errors(
    demo: None, overrides: dict[str, str], message: str
) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("child-add", pk), child(**overrides))
    assert response.status_code == 400
    assert html.escape(message) in response.content.decode()
    assert Referral.objects.get(pk=pk).is_draft


def test_concern_cannot_have_happened_before_the_child_was_born(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    post_ok(client, url("child-add", pk), child())
    response = client.post(
        url("concern", pk), concern(**date_parts("happened_on", datetime.date(2015, 1, 1)))
    )
    assert response.status_code == 400
    assert html.escape("after Tilly's date of birth (7 March 2016)") in response.content.decode()
    future = client.post(
        url("concern", pk),
        concern(**date_parts("happened_on", TODAY + datetime.timedelta(days=2))),
    )
    assert future.status_code == 400
    assert "The date it happened must be today or in the past" in future.content.decode()


def test_happened_on_changed_child_birth_blocks_sending(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk, concern=concern(**date_parts("happened_on", datetime.date(2017, 1, 1))))
    # The child's date of birth is corrected to after the concern: sending must stop.
    post_ok(
        client,
        url("child-edit", pk, 0),
        child(**date_parts("date_of_birth", datetime.date(2018, 5, 5))),
    )
    response = client.post(url("check", pk))
    assert response.status_code == 400
    assert "The concern:" in response.content.decode()
    assert Referral.objects.get(pk=pk).is_draft


def test_unborn_child_with_expected_date_can_be_referred(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    expected = TODAY + datetime.timedelta(days=90)
    unborn = child(
        first_names="Unborn",
        born="no",
        sex="U",
        ethnicity="NOBT",
        nhs_number="",
        school="",
        disabilities=[],
        **date_parts("date_of_birth", None),
        **date_parts("expected_date_of_birth", expected),
    )
    # A few weeks late is still possible, and accepted.
    late = dict(unborn, **date_parts("expected_date_of_birth", TODAY - datetime.timedelta(days=7)))
    assert client.post(url("child-add", pk), late).status_code == 302
    post_ok(client, url("child-remove", pk, 0), {})
    fill(client, pk, child=unborn, concern=concern(**date_parts("happened_on", None)))
    post_ok(client, url("check", pk), {})
    contact = Referral.objects.get(pk=pk).contacts.get()
    assert (contact.date_of_birth, contact.expected_date_of_birth) == (None, expected)


def test_none_disability_cannot_go_with_another(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("child-add", pk), child(disabilities=["NONE", "HEAR"]))
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_postcode_and_phone_formats_are_checked(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("child-add", pk), child(postcode="XYZ 123"))
    assert response.status_code == 400
    assert "Enter a real postcode" in response.content.decode()
    response = client.post(url("referrer", pk), referrer(referrer_phone="call me"))
    assert response.status_code == 400
    assert "Enter a telephone number, like" in response.content.decode()


def test_script_and_sql_in_every_free_text_field_are_kept_exactly_and_escaped(
    demo: None,
) -> None:
    nasty = f"{SCRIPT} {SQL}"
    client = signed_in(PRACTITIONER)
    pk = start(client)
    texts_child = {k: nasty for k in ("first_names", "last_name", "address", "school", "language")}
    texts_household = {k: nasty for k in ("name", "relationship_to_child", "address", "notes")}
    texts_referrer = {k: nasty for k in ("referrer_name", "referrer_role", "referrer_agency_name")}
    texts_concern = {
        k: nasty
        for k in ("other_concern", "what_happened", "impact", "child_voice", "support_in_place")
    }
    texts_consent = {"consent_detail": nasty, "without_consent_reason": nasty}
    fill(
        client,
        pk,
        child=child(**texts_child),
        household=household(relationship="concern", **texts_household),
        referrer=referrer(**texts_referrer),
        concern=concern(categories=["other", "domestic_abuse"], **texts_concern),
        consent=consent(consent="refused", **texts_consent),
        dash=dash_answers(3, professional_judgement="yes", judgement_reason=nasty),
    )
    escaped = html.escape(SCRIPT)
    for page in (url("check", pk), url("children", pk), url("concern", pk), url("dash", pk)):
        text = client.get(page).content.decode()
        assert SCRIPT not in text, page
        assert escaped in text or SCRIPT.replace("<", "&lt;").replace(">", "&gt;") in text, page
    post_ok(client, url("check", pk), {})
    referral = Referral.objects.get(pk=pk)
    contact = referral.contacts.get()
    member = referral.household.get()
    for name in texts_child:
        assert getattr(contact, name) == nasty
    for name in texts_household:
        assert getattr(member, name) == nasty
    for name in [*texts_referrer, *texts_concern, *texts_consent]:
        assert getattr(referral, name) == nasty
    assert referral.risk.judgement_reason == nasty
    for viewer, address in ((client, url("referral", pk)), (signed_in(MASH_PRACTITIONER), None)):
        text = viewer.get(address or url("referral", pk)).content.decode()
        assert SCRIPT not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert Referral.objects.filter(pk=pk).exists()  # the table is still there


def test_oversized_textarea_is_a_clear_error_not_a_500(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("concern", pk), concern(what_happened="x" * 200_000))
    assert response.status_code == 400
    assert "What happened must be 10,000 characters or fewer" in response.content.decode()


def test_oversized_body_is_refused_with_a_400(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("concern", pk), concern(what_happened="x" * 3_000_000))
    assert response.status_code == 400
    assert "problem with your request" in response.content.decode()
    assert "concern" not in draft(pk)


def test_null_characters_do_not_break_saving(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("concern", pk), concern(what_happened="a\x00b"))
    assert response.status_code == 302
    assert draft(pk)["concern"]["what_happened"] == "ab"


# --- urgency ---------------------------------------------------------------------------


def test_immediate_danger_asks_who_was_called_and_sets_a_deadline(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    page = client.get(url("urgency", pk)).content.decode()
    assert "call 999 now" in page
    response = client.post(url("urgency", pk), {"immediate_danger": "yes"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Select who you called" in text
    assert "Enter the time you called" in text
    called = timezone.localtime() - datetime.timedelta(hours=1)
    answers = {
        "immediate_danger": "yes",
        "danger_call_made_to": "999",
        **date_parts("danger_called_on", called.date()),
        "danger_called_time": f"{called:%H:%M}",
    }
    post_ok(client, url("urgency", pk), answers)
    task_list = client.get(url("referral", pk)).content.decode()
    assert "Complete this referral by" in task_list
    deadline = timezone.localtime(
        called.replace(second=0, microsecond=0) + datetime.timedelta(hours=24)
    )
    assert f"{deadline:%H:%M}" in task_list
    fill(client, pk, urgency=answers)
    post_ok(client, url("check", pk), {})
    referral = Referral.objects.get(pk=pk)
    assert referral.immediate_danger
    assert referral.danger_call_made_to == "999"
    assert referral.contacts.get().rag == Contact.Rag.RED


# --- consent -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "messages"),
    [
        (
            {"consent": "not_told"},
            [
                "Enter why the parents or carers have not been told",
                "Enter why it is right to share this information without consent",
            ],
        ),
        (
            {"consent": "refused", "without_consent_reason": "Risk of significant harm"},
            ["Enter what the parents or carers said"],
        ),
        (
            {"consent": "refused", "consent_detail": "Said no"},
            ["Enter why it is right to share this information without consent"],
        ),
    ],
)
def test_consent_rules(demo: None, answers: dict[str, str], messages: list[str]) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("consent", pk), consent(**answers))
    assert response.status_code == 400
    for message in messages:
        assert message in response.content.decode()


def test_sharing_without_consent_with_a_justification_is_sent(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(
        client,
        pk,
        consent=consent(
            consent="not_told",
            consent_detail="Telling the father would put the child at risk",
            without_consent_reason="Risk of significant harm",
        ),
    )
    post_ok(client, url("check", pk), {})
    referral = Referral.objects.get(pk=pk)
    assert (referral.consent, referral.without_consent_reason) == (
        "not_told",
        "Risk of significant harm",
    )


# --- DASH ---------------------------------------------------------------------------------


def test_dash_appears_only_with_domestic_abuse(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    assert client.get(url("dash", pk))["Location"] == url("referral", pk)
    fill(client, pk)
    assert "DASH risk checklist" not in client.get(url("referral", pk)).content.decode()
    response = client.post(url("concern", pk), concern(categories=["domestic_abuse"]))
    assert response["Location"] == url("dash", pk)  # straight on to the DASH
    task_list = client.get(url("referral", pk)).content.decode()
    assert "DASH risk checklist" in task_list
    # Not sent until the DASH is answered.
    response = client.post(url("check", pk))
    assert response.status_code == 400
    assert "DASH risk checklist" in response.content.decode()


def test_dash_questions_come_from_the_data(demo: None) -> None:
    from masa.frontdoor.models import RiskQuestion

    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk, concern=concern(categories=["domestic_abuse"]))
    page = client.get(url("dash", pk)).content.decode()
    questions = RiskQuestion.objects.filter(checklist__code="dash")
    assert questions.count() == 24
    for question in questions:
        assert html.escape(question.text) in page
    response = client.post(url("dash", pk), dash_answers(3, q_7=""))
    assert response.status_code == 400
    assert "Answer question 7: yes, no or not known" in response.content.decode()


def test_dash_scores_14_as_high_with_a_marac_prompt(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk, concern=concern(categories=["domestic_abuse"]), dash=dash_answers(14))
    check = client.get(url("check", pk)).content.decode()
    assert "<strong>14</strong>" in check
    assert "<strong>High</strong>" in check
    assert "Refer this case to MARAC" in check
    post_ok(client, url("check", pk), {})
    risk = Referral.objects.get(pk=pk).risk
    assert (risk.score, risk.band, risk.marac_referral) == (14, "High", True)


def test_dash_below_14_has_no_marac_prompt_unless_judged(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk, concern=concern(categories=["domestic_abuse"]), dash=dash_answers(11))
    check = client.get(url("check", pk)).content.decode()
    assert "<strong>Medium</strong>" in check
    assert "Refer this case to MARAC" not in check
    response = client.post(url("dash", pk), dash_answers(5, professional_judgement="yes"))
    assert response.status_code == 400
    assert "Say why your professional judgement" in response.content.decode()
    post_ok(
        client,
        url("dash", pk),
        dash_answers(5, professional_judgement="yes", judgement_reason="Escalating"),
    )
    assert "Refer this case to MARAC" in client.get(url("check", pk)).content.decode()
    post_ok(client, url("check", pk), {})
    risk = Referral.objects.get(pk=pk).risk
    assert (risk.band, risk.marac_referral, risk.judgement_reason) == (
        "Standard",
        True,
        "Escalating",
    )


# --- sending: once, and safely ---------------------------------------------------------------


def test_check_with_incomplete_sections_lists_them(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("check", pk))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Add at least one child" in text
    assert f'href="{url("children", pk)}"' in text
    assert f'href="{url("concern", pk)}"' in text
    assert Referral.objects.get(pk=pk).is_draft


def test_double_submit_makes_one_referral(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk)
    first = client.post(url("check", pk))
    second = client.post(url("check", pk))
    assert first["Location"] == second["Location"] == url("sent", pk)
    referral = Referral.objects.get(pk=pk)
    assert referral.contacts.count() == 1
    assert Referral.objects.filter(reference=referral.reference).count() == 1
    assert AuditEvent.objects.filter(verb="referral.submit", target_id=str(pk)).count() == 1


def test_pages_of_a_sent_referral_go_to_sent(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk)
    post_ok(client, url("check", pk), {})
    assert client.get(url("check", pk))["Location"] == url("sent", pk)
    response = client.post(url("concern", pk), concern(what_happened="Changed later"))
    assert response["Location"] == url("sent", pk)
    assert Referral.objects.get(pk=pk).what_happened != "Changed later"
    response = client.post(url("child-add", pk), child())
    assert response["Location"] == url("sent", pk)
    assert client.post(url("referral-delete", pk)).status_code == 404


def test_failing_save_leaves_the_draft_intact(demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    fill(client, pk)
    before = draft(pk)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(HouseholdMember.objects, "bulk_create", broken)
    response = client.post(url("check", pk))
    assert response.status_code == 503
    assert "Your answers are saved" in response.content.decode()
    referral = Referral.objects.get(pk=pk)
    assert referral.is_draft
    assert referral.reference is None
    assert referral.draft == before
    assert not Contact.objects.filter(referral=referral).exists()
    monkeypatch.undo()
    post_ok(client, url("check", pk), {})
    assert Referral.objects.get(pk=pk).contacts.count() == 1


def test_a_draft_survives_signing_out(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    client.post(url("concern", pk), {"what_happened": "Typed before signing out"})
    client.post(reverse("core:sign-out"))
    assert client.get(url("concern", pk)).status_code == 302  # to sign in
    again = signed_in(PRACTITIONER)
    mine = again.get(reverse("frontdoor:referrals")).content.decode()
    assert url("referral", pk) in mine
    page = again.get(url("concern", pk)).content.decode()
    assert "Typed before signing out" in page


def test_a_draft_can_be_deleted(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    assert client.get(url("referral-delete", pk)).status_code == 200
    post_ok(client, url("referral-delete", pk), {})
    assert not Referral.objects.filter(pk=pk).exists()


# --- who sees what ------------------------------------------------------------------------


def test_practitioner_cannot_see_another_referrers_draft_or_sent_referral(demo: None) -> None:
    mine = signed_in(PRACTITIONER)
    pk = start(mine)
    sent = sent_referral(GP_PRACTITIONER)
    other = signed_in(GP_PRACTITIONER)
    for address in (
        url("referral", pk),
        url("concern", pk),
        url("children", pk),
        url("child-add", pk),
        url("check", pk),
        url("referral-delete", pk),
    ):
        assert other.get(address).status_code == 404, address
    assert other.post(url("concern", pk), concern()).status_code == 404
    assert "concern" not in draft(pk)
    for address in (url("referral", sent.pk), url("sent", sent.pk)):
        assert mine.get(address).status_code == 404, address


def test_gp_practitioner_cannot_see_a_schools_referral(demo: None) -> None:
    referral = sent_referral(PRACTITIONER)
    gp = signed_in(GP_PRACTITIONER)
    assert gp.get(url("referral", referral.pk)).status_code == 404
    assert str(referral.reference) not in gp.get(reverse("frontdoor:referrals")).content.decode()


def test_referrer_sees_only_their_own_referrals(demo: None) -> None:
    mine = sent_referral(PRACTITIONER)
    theirs = sent_referral(GP_PRACTITIONER)
    page = signed_in(PRACTITIONER).get(reverse("frontdoor:referrals")).content.decode()
    assert str(mine.reference) in page
    assert str(theirs.reference) not in page


def test_mash_practitioner_can_view_a_sent_referral_and_it_is_audited(demo: None) -> None:
    referral = sent_referral(PRACTITIONER, what_happened=SCRIPT)
    response = signed_in(MASH_PRACTITIONER).get(url("referral", referral.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert str(referral.reference) in text
    assert "What the referral said" in text
    assert SCRIPT not in text
    assert AuditEvent.objects.filter(
        verb="view",
        actor=person(MASH_PRACTITIONER),
        target_type="frontdoor.referral",
        target_id=str(referral.pk),
    ).exists()
    # The referrer's own look is not an access event.
    signed_in(PRACTITIONER).get(url("referral", referral.pk))
    assert not AuditEvent.objects.filter(
        verb="view", actor=person(PRACTITIONER), target_id=str(referral.pk)
    ).exists()


def test_mash_practitioner_cannot_see_or_change_someone_elses_draft(demo: None) -> None:
    pk = start(signed_in(PRACTITIONER))
    mash = signed_in(MASH_PRACTITIONER)
    assert mash.get(url("referral", pk)).status_code == 404
    assert mash.get(url("concern", pk)).status_code == 404
    assert mash.post(url("check", pk)).status_code == 404


def test_southmoor_people_cannot_see_northbridge_referrals(demo: None) -> None:
    referral = sent_referral(PRACTITIONER)
    for email in (SOUTHMOOR_MANAGER, SOUTHMOOR_PRACTITIONER):
        assert signed_in(email).get(url("referral", referral.pk)).status_code == 404, email


def test_police_both_sees_northbridge_referrals_only_while_working_there(demo: None) -> None:
    referral = sent_referral(PRACTITIONER)
    client = signed_in(POLICE_BOTH)
    from masa.core.models import Partnership

    southmoor = Partnership.objects.get(slug="southmoor")
    northbridge = Partnership.objects.get(slug="northbridge")
    session = client.session
    session["partnership_id"] = southmoor.pk
    session.save()
    assert client.get(url("referral", referral.pk)).status_code == 404
    session = client.session
    session["partnership_id"] = northbridge.pk
    session.save()
    assert client.get(url("referral", referral.pk)).status_code == 200


def test_people_without_referral_permissions_get_404(demo: None) -> None:
    from tests.helpers import DATA_LEAD

    client = signed_in(DATA_LEAD)
    assert client.get(reverse("frontdoor:referrals")).status_code == 404
    assert client.get(reverse("frontdoor:referral-new")).status_code == 404


# --- the referrer sees the outcome -------------------------------------------------------------


def test_referrer_sees_the_outcome_and_feedback_once_signed_off(demo: None) -> None:
    referral = sent_referral(PRACTITIONER)
    contact = referral.contacts.get()
    ben, chloe = h.acting(MASH_PRACTITIONER), h.acting(MASH_MANAGER)
    services.contact_start(acting=ben, contact=contact)
    client = signed_in(PRACTITIONER)
    assert "Being looked at" in client.get(url("referral", referral.pk)).content.decode()
    services.contact_decide(
        acting=ben,
        contact=contact,
        level=2,
        outcome=Contact.Outcome.EARLY_HELP_SINGLE,
        descriptor="2.1",
        rationale="Needs can be met by school",
        referrer_feedback="The school's early help offer will support the family.",
    )
    page = client.get(url("referral", referral.pk)).content.decode()
    assert "Being looked at" in page
    assert "early help offer" not in page
    services.contact_sign_off(acting=chloe, contact=contact, approve=True)
    page = client.get(url("referral", referral.pk)).content.decode()
    assert "Early help (level 2), single agency" in page
    assert html.escape("The school's early help offer will support the family.") in page
    listing = client.get(reverse("frontdoor:referrals")).content.decode()
    assert "Decided" in listing
    assert "Early help (level 2), single agency" in listing


def test_correcting_a_new_child_changes_it_rather_than_adding_another(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("child-add", pk), child(last_name=""))
    assert response.status_code == 400
    # The corrected form goes to the saved entry, not to "add" again.
    assert f'action="{url("child-edit", pk, 0)}"' in response.content.decode()
    post_ok(client, url("child-edit", pk, 0), child())
    assert [c["last_name"] for c in draft(pk)["children"]] == ["Example"]


def test_save_later_on_an_empty_new_child_adds_nothing(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("child-add", pk), {"save_later": "1"})
    assert response["Location"] == url("referral", pk)
    assert "children" not in draft(pk)


def test_person_of_concern_needs_a_reason(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("household-add", pk), household(relationship="concern"))
    assert response.status_code == 400
    assert "Say why this person is of concern" in response.content.decode()


def test_other_concern_needs_a_description(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("concern", pk), concern(categories=["other"]))
    assert response.status_code == 400
    assert "Enter what the other concern is" in response.content.decode()
