"""Core pages through their forms: clear errors, nothing lost, changes saved and audited."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from masa.core import clocks, views
from masa.core.models import Agency, AuditEvent, Membership, Role, Timescale
from masa.core.timescales import rule_for
from masa.demo import people
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def test_switching_to_a_partnership_you_are_not_in_is_refused_clearly() -> None:
    client = h.signed_in(h.POLICE_BOTH)
    response = client.post("/partnership/switch/", {"partnership": "999999"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Select one of your partnerships" in response.content
    empty = client.post("/partnership/switch/", {})
    assert b'href="#id_partnership_0">Select the partnership you want to work in' in empty.content


def test_business_manager_changes_roles_and_the_change_is_audited() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    member = h.membership(h.PRACTITIONER)
    url = f"/people/{member.pk}/access/"
    trainer = Role.objects.get(slug="trainer")
    practitioner = Role.objects.get(slug="practitioner")
    response = client.post(
        url,
        {"agency": member.agency_id, "roles": [practitioner.pk, trainer.pk], "is_active": "yes"},
    )
    assert response.status_code == 302
    assert set(member.roles.values_list("slug", flat=True)) == {"practitioner", "trainer"}
    event = AuditEvent.objects.filter(verb="membership.update").latest("id")
    assert event.changes["roles"]["new"] == ["Practitioner (referrer)", "Trainer"]


def test_membership_form_refuses_an_agency_from_another_partnership() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    member = h.membership(h.PRACTITIONER)
    southmoor_only = Agency.objects.get(name="Southmoor High School")
    response = client.post(
        f"/people/{member.pk}/access/", {"agency": southmoor_only.pk, "is_active": "yes"}
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    member.refresh_from_db()
    assert member.agency.name == "Northbridge Academy"


def test_you_cannot_end_your_own_access() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    own = h.membership(h.BUSINESS_MANAGER)
    response = client.post(
        f"/people/{own.pk}/access/",
        {
            "agency": own.agency_id,
            "roles": list(own.roles.values_list("pk", flat=True)),
            "is_active": "no",
        },
    )
    assert response.status_code == 400
    assert b"You cannot end your own access" in response.content
    assert Membership.objects.get(pk=own.pk).is_active


def test_ended_access_signs_nobody_into_that_partnership() -> None:
    manager = h.signed_in(h.BUSINESS_MANAGER)
    member = h.membership(h.PRACTITIONER)
    manager.post(
        f"/people/{member.pk}/access/", {"agency": member.agency_id, "roles": [], "is_active": "no"}
    )
    page = h.signed_in(h.PRACTITIONER).get("/")
    assert b"You are not a member of any safeguarding partnership" in page.content


def test_timescale_change_with_bad_values_shows_each_error() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    response = client.post(
        "/settings/timescales/referral_decision/", {"amount": "zero", "unit": ""}
    )
    assert response.status_code == 400
    assert b'href="#id_amount">Enter a whole number, like 5' in response.content
    assert b'href="#id_unit_0">Select a unit' in response.content


def test_timescale_change_applies_to_every_clock_in_the_partnership() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    partnership = h.membership(h.BUSINESS_MANAGER).partnership
    response = client.post(
        "/settings/timescales/referral_decision/",
        {"amount": "24", "unit": "hours", "reason": "Local procedures 4.2"},
    )
    assert response.status_code == 302
    assert rule_for(partnership, "referral_decision") == clocks.Rule(hours=24)
    southmoor = h.membership(h.SOUTHMOOR_MANAGER, "southmoor").partnership
    assert rule_for(southmoor, "referral_decision") == clocks.Rule(working_days=1)
    page = client.get("/settings/timescales/")
    assert b"24 hours" in page.content
    assert b"Local procedures 4.2" in page.content
    # Setting the national default again removes the local figure.
    client.post("/settings/timescales/referral_decision/", {"amount": "1", "unit": "working_days"})
    assert not Timescale.objects.filter(partnership=partnership, code="referral_decision").exists()


def test_unknown_timescale_is_not_found() -> None:
    assert (
        h.signed_in(h.BUSINESS_MANAGER).get("/settings/timescales/no_such_thing/").status_code
        == 404
    )


def test_child_population_is_validated_and_saved() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    bad = client.post("/settings/", {"year": "26", "children": "65,000"})
    assert bad.status_code == 400
    assert b"Enter a year between 1990 and" in bad.content
    assert b"Enter a whole number, like 62000, without commas" in bad.content
    good = client.post("/settings/", {"year": "2026", "children": "65400"})
    assert good.status_code == 302
    assert h.membership(h.BUSINESS_MANAGER).partnership.child_population(2026) == 65_400


def test_not_found_page_is_the_styled_one() -> None:
    response = h.signed_in(h.EXECUTIVE).get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-footer" in response.content


def test_server_error_page_renders_without_a_request_context() -> None:
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_form_without_csrf_token_gets_the_friendly_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"email": h.EXECUTIVE, "password": "x"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content


def test_pages_send_a_strict_content_security_policy() -> None:
    response = Client().get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self' 'sha256-" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_admin_change_goes_through_a_service_and_is_audited() -> None:
    client = h.signed_in(h.SYSADMIN)
    agency = Agency.objects.get(name="Little Acorns Nursery")
    response = client.post(
        f"/admin/core/agency/{agency.pk}/change/",
        {
            "name": "Little Acorns Day Nursery",
            "kind": agency.kind,
            "email_domain": agency.email_domain,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="agency.update").latest("id")
    assert event.changes == {
        "name": {"old": "Little Acorns Nursery", "new": "Little Acorns Day Nursery"}
    }
    assert event.actor == h.person(h.SYSADMIN)


def test_admin_cannot_change_the_audit_log() -> None:
    client = h.signed_in(h.SYSADMIN)
    event = AuditEvent.objects.first()
    assert event is not None
    assert client.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/core/auditevent/add/").status_code == 403


def test_demo_is_idempotent_and_lists_its_people(capsys: pytest.CaptureFixture[str]) -> None:
    before = (Membership.objects.count(), AuditEvent.objects.count())
    call_command("demo")
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    call_command("demo", "--list-users")
    out = capsys.readouterr().out
    rows = [line.split("\t") for line in out.splitlines() if "\t" in line]
    assert len(rows) == sum(len(p.memberships) for p in people.PEOPLE)
    assert [
        h.POLICE_BOTH,
        "Southmoor Safeguarding Children Partnership",
        "Mercia Vale Police",
        "Practitioner (referrer)",
    ] in rows
    roles = {role for row in rows for role in row[3].split(", ")}
    assert roles == set(Role.objects.values_list("name", flat=True))
    assert "Safeguarding-demo-2026" in out  # development mode only


def test_demo_totp_prints_a_working_code(capsys: pytest.CaptureFixture[str]) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("demo", "--totp", h.MASH_PRACTITIONER)
    code = capsys.readouterr().out.strip()
    assert TOTPDevice.objects.get(user__email=h.MASH_PRACTITIONER).verify_token(code)


def test_business_manager_can_search_people() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    found = client.get("/people/", {"search": "amira"})
    assert found.status_code == 200
    assert b"Amira Khan" in found.content
    assert b"Owen Price" not in found.content  # Southmoor: another partnership
    by_agency = client.get("/people/", {"search": "Canal Street"})
    assert b"Rosa Evans" in by_agency.content
    assert b"Amira Khan" not in by_agency.content


def test_people_search_refuses_an_overlong_search() -> None:
    response = h.signed_in(h.BUSINESS_MANAGER).get("/people/", {"search": "x" * 101})
    assert response.status_code == 400
    assert b"Search must be 100 characters or fewer" in response.content


def test_signed_in_pages_and_exports_are_not_kept_by_the_browser() -> None:
    # A shared browser must not keep a child's record (or a CSV of them) after sign-out.
    from masa.frontdoor.models import Contact

    contact = Contact.objects.filter(partnership__slug="northbridge").first()
    assert contact is not None
    client = h.signed_in(h.MASH_MANAGER)
    for url in ("/", f"/mash/contacts/{contact.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    export = h.signed_in(h.BUSINESS_MANAGER).get("/audit/export.csv")
    assert export.status_code == 200
    assert "no-store" in export["Cache-Control"]
    # Signing out answers with no-store too; a page for no one may be cached as before.
    assert "no-store" in client.post("/sign-out/")["Cache-Control"]
    assert "no-store" not in Client().get("/accessibility/").get("Cache-Control", "")
