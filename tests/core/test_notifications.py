"""Emails sent to you: a person sees what the service told them, and nobody else does."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from masa.core import notify
from masa.core.models import Notification
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _email_to(email: str, thing: str = "Zq") -> Notification:
    member = h.membership(email)
    with transaction.atomic():
        (sent,) = notify.send(
            "core/test",
            [member.person],
            {"thing": thing, "link": notify.link("core:person", member.pk)},
            partnership=member.partnership,
            about=member,
        )
    return sent


def test_a_person_reads_the_emails_sent_to_them(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = _email_to(h.BUSINESS_MANAGER, "Zq budget")
    client = h.signed_in(h.BUSINESS_MANAGER)
    page = client.get("/emails/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check the test: Zq budget" in html
    assert f'href="/emails/{sent.pk}/"' in html
    # The record it was about, named as the audit log names it, linked to its page.
    member = h.membership(h.BUSINESS_MANAGER)
    assert f'href="/people/{member.pk}/"' in html
    assert "Sent" in html
    detail = client.get(f"/emails/{sent.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "You have a test about Zq budget." in body
    assert f"/people/{member.pk}/" in body
    assert h.BUSINESS_MANAGER in body


def test_another_persons_email_is_not_there() -> None:
    sent = _email_to(h.BUSINESS_MANAGER, "Zq private")
    for email in (h.PRACTITIONER, h.SYSADMIN, h.SOUTHMOOR_MANAGER):
        client = h.signed_in(email)
        assert client.get(f"/emails/{sent.pk}/").status_code == 404
        assert "Zq private" not in client.get("/emails/").content.decode()
    assert h.signed_in(h.BUSINESS_MANAGER).get("/emails/999999/").status_code == 404


def test_a_person_with_no_emails_is_told_so() -> None:
    Notification.objects.filter(recipient__email=h.EXECUTIVE).delete()
    page = h.signed_in(h.EXECUTIVE).get("/emails/")
    assert page.status_code == 200
    assert "The service has not sent you any emails yet." in page.content.decode()


def test_the_list_is_paginated_newest_first() -> None:
    for number in range(27):
        _email_to(h.TRAINER, f"Zq{number:02d}")
    client = h.signed_in(h.TRAINER)
    first = client.get("/emails/").content.decode()
    assert "Check the test: Zq26" in first
    assert "Check the test: Zq00" not in first
    second = client.get("/emails/", {"page": 2}).content.decode()
    assert "Check the test: Zq00" in second


def test_the_account_bar_links_to_the_emails_page() -> None:
    html = h.signed_in(h.PRACTITIONER).get("/").content.decode()
    assert '<a class="govuk-link" href="/emails/">Emails sent to you</a>' in html


def test_only_a_page_of_masa_is_linked_from_the_list() -> None:
    manager = h.person(h.BUSINESS_MANAGER)
    for body in ("See http://127.0.0.1:8000//elsewhere.example/", "See https://elsewhere.example/"):
        Notification.objects.create(
            recipient=manager, address=manager.email, message="core/test", subject="Zq", body=body
        )
    html = h.signed_in(h.BUSINESS_MANAGER).get("/emails/").content.decode()
    assert "elsewhere.example" not in html
