"""Password resets: the same answer whether or not an address has an account, a
throttle, Django's validators, and a link that works once and expires."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from masa.core.models import AuditEvent, Notification, Person
from masa.people.models import Attempt
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

GOOD_PASSWORD = "plum-kettle-harbour-47"


def _ask(client: Client, email: str, ip: str = "203.0.113.5") -> Any:
    return client.post("/sign-in/reset/", {"email": email}, REMOTE_ADDR=ip)


def _link_in(person: Person) -> str:
    sent = Notification.objects.filter(recipient=person, message="people/password_reset").first()
    assert sent is not None
    found = re.search(r"https?://[^/\s]+(/sign-in/reset/[^\s]+/)", sent.body)
    assert found is not None
    return found.group(1)


def test_the_answer_is_the_same_for_an_unknown_address_and_a_known_one() -> None:
    known = _ask(Client(), h.PRACTITIONER)
    unknown = _ask(Client(), "nobody-at-all@northbridge-academy.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/sign-in/reset/sent/"
    page = Client().get("/sign-in/reset/sent/").content.decode()
    assert "If the address you entered has a MASA account" in page
    # Only the person with an account is emailed; nothing is sent to the unknown address.
    assert Notification.objects.filter(message="people/password_reset").count() == 1
    assert not Notification.objects.filter(address__startswith="nobody-at-all").exists()


def test_attempts_store_no_address() -> None:
    _ask(Client(), h.PRACTITIONER)
    keys = list(Attempt.objects.values_list("key", flat=True))
    assert keys
    assert all("@" not in key and "northbridge" not in key for key in keys)


def test_asking_is_throttled_by_address_whether_or_not_it_has_an_account() -> None:
    for email in (h.PRACTITIONER, "nobody-at-all@northbridge-academy.example"):
        answers = [_ask(Client(), email, ip=f"198.51.100.{i}").status_code for i in range(4)]
        assert answers == [302, 302, 302, 429], email
    # The person was emailed three times, never a fourth.
    assert Notification.objects.filter(message="people/password_reset").count() == 3


def test_asking_is_throttled_by_where_it_comes_from() -> None:
    answers = [
        _ask(Client(), f"someone{i}@example.org", ip="192.0.2.9").status_code for i in range(51)
    ]
    assert answers[:50] == [302] * 50
    assert answers[50] == 429


def test_the_link_sets_a_password_once_and_the_person_can_sign_in_with_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = h.person(h.PRACTITIONER)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(Client(), h.PRACTITIONER)
    assert len(mail.outbox) == 1
    assert "/sign-in/reset/" in mail.outbox[0].body
    link = _link_in(person)
    client = Client()
    shown = client.get(link)
    # The token is moved out of the address into the session.
    assert shown.status_code == 302
    assert shown["Location"].endswith("/set-password/")
    form = client.get(shown["Location"])
    assert form.status_code == 200
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        shown["Location"], {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == "/sign-in/"
    person.refresh_from_db()
    assert person.check_password(GOOD_PASSWORD)
    assert AuditEvent.objects.filter(verb="person.password_reset", target_id=str(person.pk))
    assert Notification.objects.filter(recipient=person, message="people/password_changed")
    # Used once: the same link, in a fresh browser, no longer works.
    again = Client()
    moved = again.get(link)
    assert again.get(moved["Location"]).status_code == 400
    signed = Client().post("/sign-in/", {"email": h.PRACTITIONER, "password": GOOD_PASSWORD})
    assert signed.status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password1234", "too common"),
        ("short-1", "too short"),
        ("839274619382", "entirely numeric"),
    ],
)
def test_django_validators_refuse_weak_passwords(password: str, message: str) -> None:
    _ask(Client(), h.PRACTITIONER)
    client = Client()
    target = client.get(_link_in(h.person(h.PRACTITIONER)))["Location"]
    answer = client.post(target, {"password": password, "password_again": password})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert "govuk-error-summary" in answer.content.decode()


def test_mismatched_passwords_are_refused_on_the_field() -> None:
    _ask(Client(), h.PRACTITIONER)
    client = Client()
    target = client.get(_link_in(h.person(h.PRACTITIONER)))["Location"]
    answer = client.post(target, {"password": GOOD_PASSWORD, "password_again": "other"})
    assert answer.status_code == 400
    assert "The passwords do not match" in answer.content.decode()


def test_the_link_expires() -> None:
    _ask(Client(), h.PRACTITIONER)
    link = _link_in(h.person(h.PRACTITIONER))
    with override_settings(PASSWORD_RESET_TIMEOUT=-1):
        client = Client()
        target = client.get(link)["Location"]
        assert client.get(target).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/sign-in/reset/x/y/",
        "/sign-in/reset/%ZZ/set-password/",
        "/sign-in/reset/MTIzNDU2Nzg5/set-password/",
        "/sign-in/reset/" + "A" * 300 + "/set-password/",
    ],
)
def test_a_made_up_link_is_refused_without_a_server_error(path: str) -> None:
    client = Client()
    answer = client.get(path, follow=True)
    assert answer.status_code in (400, 404)


def test_an_inactive_person_is_sent_nothing() -> None:
    Person.objects.filter(email=h.PRACTITIONER).update(is_active=False)
    assert _ask(Client(), h.PRACTITIONER).status_code == 302
    assert not Notification.objects.filter(message="people/password_reset").exists()


def test_the_sign_in_page_links_to_the_reset() -> None:
    assert "/sign-in/reset/" in Client().get("/sign-in/").content.decode()
