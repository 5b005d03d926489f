"""Sign-in through the real forms, CSRF checks on: password, two-factor, lockout,
idle time-out and sign-out."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from masa.core import services
from masa.core.models import AuditEvent, Person, Role
from masa.demo.build import demo_totp_key
from masa.demo.people import DEMO_PASSWORD
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _token(client: Client, url: str) -> str:
    page = client.get(url)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert match, f"no CSRF token on {url}"
    return match.group(1).decode()


def _sign_in(client: Client, email: str, password: str = DEMO_PASSWORD) -> HttpResponse:
    token = _token(client, "/sign-in/")
    response = client.post(
        "/sign-in/", {"email": email, "password": password, "csrfmiddlewaretoken": token}
    )
    assert isinstance(response, HttpResponse)
    return response


def _code(email: str) -> str:
    return f"{TOTP(bytes.fromhex(demo_totp_key(email))).token():06d}"


def test_person_without_identifiable_access_signs_in_with_a_password() -> None:
    client = Client(enforce_csrf_checks=True)
    response = _sign_in(client, h.EXECUTIVE)
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert b"James Morgan" in home.content
    assert AuditEvent.objects.filter(verb="session.sign_in", actor__email=h.EXECUTIVE).exists()


def test_email_is_not_case_sensitive() -> None:
    client = Client(enforce_csrf_checks=True)
    assert _sign_in(client, h.EXECUTIVE.upper())["Location"] == "/"


def test_unknown_email_and_wrong_password_get_the_same_message() -> None:
    unknown = _sign_in(
        Client(enforce_csrf_checks=True), "nobody@northbridge.example", "wrong-password-123"
    )
    wrong = _sign_in(Client(enforce_csrf_checks=True), h.EXECUTIVE, "wrong-password-123")
    for response in (unknown, wrong):
        assert response.status_code == 400
        assert b"There is a problem" in response.content
        assert b"Enter a correct email address and password" in response.content
    assert unknown.content.count(b"govuk-error-summary__list") == wrong.content.count(
        b"govuk-error-summary__list"
    )


def test_empty_form_names_each_missing_field() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"csrfmiddlewaretoken": _token(client, "/sign-in/")})
    assert response.status_code == 400
    assert b'href="#id_email">Enter your email address' in response.content
    assert b'href="#id_password">Enter your password' in response.content
    assert b"govuk-input--error" in response.content


def test_account_locks_after_repeated_failures_even_with_the_right_password(
    settings: object,
) -> None:
    for _ in range(5):
        _sign_in(Client(enforce_csrf_checks=True), h.EXECUTIVE, "wrong-password-123")
    locked = _sign_in(Client(enforce_csrf_checks=True), h.EXECUTIVE)
    assert locked.status_code == 429
    assert b"Your account is locked" in locked.content
    assert b"30 minutes" in locked.content


def test_identifiable_role_must_enter_a_security_code() -> None:
    client = Client(enforce_csrf_checks=True)
    response = _sign_in(client, h.MASH_PRACTITIONER)
    assert response["Location"] == "/"
    to_two_factor = client.get("/")
    assert to_two_factor.status_code == 302
    assert to_two_factor["Location"].startswith("/sign-in/two-factor/")
    url = to_two_factor["Location"]
    wrong = client.post(
        url,
        {
            "token": "000000" if _code(h.MASH_PRACTITIONER) != "000000" else "111111",
            "csrfmiddlewaretoken": _token(client, url),
        },
    )
    assert wrong.status_code == 400
    assert b"The security code is not right" in wrong.content
    letters = client.post(url, {"token": "abc", "csrfmiddlewaretoken": _token(client, url)})
    assert b"Enter the 6-digit security code" in letters.content
    too_soon = client.post(
        url, {"token": _code(h.MASH_PRACTITIONER), "csrfmiddlewaretoken": _token(client, url)}
    )
    assert b"You entered a wrong code. Wait" in too_soon.content
    TOTPDevice.objects.get(user__email=h.MASH_PRACTITIONER).throttle_reset()  # the wait is over
    right = client.post(
        url, {"token": _code(h.MASH_PRACTITIONER), "csrfmiddlewaretoken": _token(client, url)}
    )
    assert right.status_code == 302
    assert client.get("/").status_code == 200


def test_new_person_enrols_an_authenticator_app() -> None:
    manager = h.person(h.BUSINESS_MANAGER)
    newcomer = services.person_create(
        actor=manager,
        email="new.worker@northbridge.example",
        full_name="New Worker",
        password="a long enough passphrase",
    )
    services.membership_create(
        actor=manager,
        person=newcomer,
        partnership=h.membership(h.BUSINESS_MANAGER).partnership,
        agency=h.membership(h.MASH_PRACTITIONER).agency,
        roles=Role.objects.filter(slug="mash-practitioner"),
    )
    client = Client(enforce_csrf_checks=True)
    _sign_in(client, "new.worker@northbridge.example", "a long enough passphrase")
    first = client.get("/", follow=True)
    assert first.redirect_chain[-1][0].startswith("/sign-in/two-factor/set-up/")
    assert b"<svg" in first.content
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    url = first.redirect_chain[-1][0]
    code = f"{TOTP(device.bin_key).token():06d}"
    wrong = "111111" if code != "111111" else "222222"
    refused = client.post(url, {"token": wrong, "csrfmiddlewaretoken": _token(client, url)})
    assert b"The security code is not right" in refused.content
    too_soon = client.post(url, {"token": code, "csrfmiddlewaretoken": _token(client, url)})
    assert b"You entered a wrong code. Wait" in too_soon.content
    device.refresh_from_db()
    device.throttle_reset()  # the wait is over
    response = client.post(url, {"token": code, "csrfmiddlewaretoken": _token(client, url)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="two_factor.enrol", actor=newcomer).count() == 1
    # Opening the set-up page again and again made one pending device, recorded once.
    assert AuditEvent.objects.filter(verb="two_factor.start", actor=newcomer).count() == 1


def test_idle_session_is_signed_out(settings: object) -> None:
    client = h.signed_in(h.EXECUTIVE)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_activity"] = time.time() - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-out/timed-out/"
    page = client.get(response["Location"])
    assert b"You have been signed out" in page.content
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.filter(verb="session.sign_out", actor__email=h.EXECUTIVE).latest(
        "id"
    )
    assert event.changes == {"reason": "timed out"}


def test_stay_signed_in_keeps_the_session() -> None:
    client = h.signed_in(h.EXECUTIVE)
    response = client.post("/session/keep-alive/", HTTP_ACCEPT="application/json")
    assert response.json() == {"signed_in": True, "idle_seconds": 1800}
    assert Client().post("/session/keep-alive/", HTTP_ACCEPT="application/json").status_code == 401


def test_sign_out_needs_a_post_and_ends_the_session() -> None:
    client = h.signed_in(h.EXECUTIVE)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/", follow=True)
    assert b"You have signed out" in response.content
    assert client.get("/").status_code == 302


def test_sign_in_never_redirects_to_another_site() -> None:
    client = Client(enforce_csrf_checks=True)
    token = _token(client, "/sign-in/")
    response = client.post(
        "/sign-in/?next=https://evil.example/",
        {
            "email": h.EXECUTIVE,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012", "entirely numeric"),
    ],
)
def test_password_rules(password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_password(password, Person(email="x@example.org", full_name="X"))
    validate_password("correct horse battery", Person(email="x@example.org", full_name="X"))


def test_time_out_warning_counts_from_the_servers_last_recorded_activity() -> None:
    client = h.signed_in(h.EXECUTIVE)
    client.get("/")
    session = client.session
    session["last_activity"] = time.time() - 30
    session.save()
    page = client.get("/")
    match = re.search(rb'data-idle-seconds="(\d+)"', page.content)
    assert match is not None
    assert 1765 <= int(match.group(1)) <= 1770
