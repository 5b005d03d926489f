"""Invitations: sent with roles the inviter may grant, the link works once and
expires on the partnership's timescale, sets the password, and a role that sees
identifiable records asks for an authenticator at the first sign-in."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from masa.core.errors import ServiceError
from masa.core.models import AuditEvent, Membership, Notification, Person, Role, Timescale
from masa.people.models import Invitation
from masa.people.services import invitations
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

PASSWORD = "plum-kettle-harbour-47"
EMAIL = "zq.new@northbridge-academy.example"


def _invite(**overrides: Any) -> Any:
    data = {
        "email": EMAIL,
        "full_name": "Zq New",
        "agency": h.membership(h.PRACTITIONER).agency_id,
        "roles": [Role.objects.get(slug="practitioner").pk],
    }
    data.update(overrides)
    return h.signed_in(h.BUSINESS_MANAGER).post("/people/invite/", data)


def _link() -> str:
    sent = Notification.objects.filter(message="people/invitation", address=EMAIL).latest("pk")
    found = re.search(r"https?://[^/\s]+(/sign-in/invitation/[^\s]+/)", sent.body)
    assert found is not None
    return found.group(1)


def _accept(client: Client, link: str, password: str = PASSWORD) -> Any:
    page = client.get(link)
    assert page.status_code == 302
    return client.post(
        page["Location"],
        {"full_name": "Zq New", "password": password, "password_again": password},
    )


def test_an_invitation_expires_on_the_partnerships_timescale() -> None:
    assert _invite().status_code == 302
    invitation = Invitation.objects.get(email=EMAIL)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    token = _link().split("/")[-2]
    assert invitation.token_hash == invitations.token_hash(token) != token
    assert AuditEvent.objects.filter(verb="invitation.send", target_id=str(invitation.pk))
    Timescale.objects.create(
        partnership=invitation.partnership, code="invitation_expiry", amount=2, unit="hours"
    )
    _invite(email="zq.other@northbridge-academy.example")
    other = Invitation.objects.get(email="zq.other@northbridge-academy.example")
    assert other.expires_at - other.created_at == datetime.timedelta(hours=2)


def test_accepting_sets_the_password_and_asks_for_an_authenticator() -> None:
    _invite()
    client = Client()
    answer = _accept(client, _link())
    assert answer.status_code == 302
    person = Person.objects.get(email=EMAIL)
    assert person.check_password(PASSWORD)
    member = Membership.objects.get(person=person)
    assert list(member.roles.values_list("slug", flat=True)) == ["practitioner"]
    # Signed in; the practitioner role sees identifiable records: an authenticator first.
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith("/sign-in/two-factor/set-up/")


def test_an_invitation_works_once() -> None:
    _invite()
    link = _link()
    assert _accept(Client(), link).status_code == 302
    again = Client()
    moved = again.get(link)
    assert again.get(moved["Location"]).status_code == 400
    with pytest.raises(ServiceError, match="expired or has been used"):
        invitations.invitation_accept(token=link.split("/")[-2], full_name="X", password=PASSWORD)
    assert Membership.objects.filter(person__email=EMAIL).count() == 1


def test_an_expired_invitation_is_refused() -> None:
    _invite()
    link = _link()
    Invitation.objects.filter(email=EMAIL).update(
        created_at=timezone.now() - datetime.timedelta(days=9),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = Client()
    moved = client.get(link)
    assert client.get(moved["Location"]).status_code == 400
    assert not Person.objects.filter(email=EMAIL).exists()


def test_a_weak_password_is_refused_on_the_form() -> None:
    _invite()
    answer = _accept(Client(), _link(), password="password1234")
    assert answer.status_code == 400
    assert "too common" in answer.content.decode()
    assert not Person.objects.filter(email=EMAIL).exists()


def test_an_agency_lead_invites_only_to_their_agency_with_roles_they_hold() -> None:
    h.membership(h.PRACTITIONER).roles.add(Role.objects.get(slug="agency-lead"))
    amira = h.signed_in(h.PRACTITIONER)
    base = {
        "email": EMAIL,
        "full_name": "Zq New",
        "agency": h.membership(h.PRACTITIONER).agency_id,
    }
    refused = amira.post(
        "/people/invite/", {**base, "roles": [Role.objects.get(slug="mash-practitioner").pk]}
    )
    assert refused.status_code == 400
    other_agency = amira.post(
        "/people/invite/",
        {**base, "agency": h.membership(h.GP_PRACTITIONER).agency_id, "roles": []},
    )
    assert other_agency.status_code == 400
    ok = amira.post(
        "/people/invite/", {**base, "roles": [Role.objects.get(slug="practitioner").pk]}
    )
    assert ok.status_code == 302
    assert Invitation.objects.filter(email=EMAIL).count() == 1


def test_someone_already_in_the_partnership_is_not_invited() -> None:
    answer = _invite(email=h.GP_PRACTITIONER)
    assert answer.status_code == 400
    assert "already in the partnership" in answer.content.decode()


def _csv(text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return h.signed_in(h.BUSINESS_MANAGER).post(
        "/people/invite/csv/",
        {
            "agency": h.membership(h.PRACTITIONER).agency_id,
            "file": SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv"),
        },
    )


def test_a_csv_invites_everyone_in_it() -> None:
    answer = _csv(
        "email,full name,roles\n"
        "zq.one@northbridge-academy.example,Zq One,practitioner\n"
        "zq.two@northbridge-academy.example,Zq Two,Practitioner (referrer);trainer\n"
    )
    assert answer.status_code == 302
    assert Invitation.objects.filter(email__startswith="zq.").count() == 2
    two = Invitation.objects.get(email="zq.two@northbridge-academy.example")
    assert set(two.roles.values_list("slug", flat=True)) == {"practitioner", "trainer"}


def test_a_csv_with_wrong_rows_lists_them_and_invites_nobody() -> None:
    answer = _csv(
        "email,full name,roles\n"
        "zq.one@northbridge-academy.example,Zq One,practitioner\n"
        "not-an-address,Zq Two,practitioner\n"
        "zq.three@northbridge-academy.example,Zq Three,astronaut\n"
        "zq.one@northbridge-academy.example,Zq One again,practitioner\n"
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Rows to correct" in text
    assert "Enter an email address in the correct format" in text
    assert "No such role: astronaut" in text
    assert "has already been invited" in text
    assert not Invitation.objects.filter(email__startswith="zq.").exists()
    assert not Notification.objects.filter(message="people/invitation").exists()


def test_a_second_invitation_to_the_same_address_is_refused() -> None:
    assert _invite().status_code == 302
    again = _invite()
    assert again.status_code == 400
    assert Invitation.objects.filter(email=EMAIL).count() == 1
