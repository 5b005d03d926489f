"""A form sent after the idle time-out loses nothing: what was typed is kept for the
person who typed it, and once they sign in again (two-factor and all) they send it to
the same page with one button. Nobody else who signs in on that browser sees it."""

from __future__ import annotations

import datetime
import time
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from masa.demo.people import DEMO_PASSWORD
from masa.reviews.models import AgencySummary
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

INVOLVEMENT = 'Zq: PC Lane visited on 3 March after a 999 call; "no concerns" was recorded.'
ANALYSIS = "The visit did not ask to see the child.\nNo check was made with the school."


class _Forms(HTMLParser):
    """Each form on a page that posts somewhere: where to, and its hidden fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and found.get("method") == "post":
            self.forms.append((found.get("action") or "", []))
        if tag == "input" and found.get("type") == "hidden" and found.get("name") and self.forms:
            self.forms[-1][1].append((found["name"] or "", found.get("value") or ""))

    def kept(self) -> tuple[str, dict[str, str]]:
        """The form that sends what was typed (not the header's sign-out, nor the time-out
        warning's "stay signed in")."""
        (action, fields), *others = [
            (action, {name: value for name, value in fields if name != "csrfmiddlewaretoken"})
            for action, fields in self.forms
            if action not in ("/sign-out/", "/session/keep-alive/")
        ]
        assert others == []
        return action, fields


def _time_out(client: Client) -> None:
    session = client.session
    session["last_activity"] = time.time() - 31 * 60
    session.save()


def _sign_in_again(client: Client, email: str) -> str:
    """Sign in through the form, as from the timed-out page, and pass two-factor."""
    response = client.post("/sign-in/?next=/kept/", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return str(response["Location"])


def _send_late(email: str) -> tuple[Client, AgencySummary]:
    today = timezone.localdate()
    rapid = f.rapid_review(
        aware_on=today - datetime.timedelta(days=10),
        notified_panel_on=today - datetime.timedelta(days=8),
    )
    # The police's summary (Maya's agency), asked for last week.
    summary = f.agency_summary(rapid, requested_on=today - datetime.timedelta(days=7))
    client = h.signed_in(email)
    _time_out(client)
    response = client.post(
        f"/reviews/agency-summaries/{summary.pk}/",
        {"involvement": INVOLVEMENT, "analysis": ANALYSIS, "immediate_learning": ""},
    )
    assert response["Location"] == "/sign-out/timed-out/"
    return client, summary


def test_a_summary_sent_after_the_time_out_is_sent_after_signing_in_again() -> None:
    client, summary = _send_late(h.POLICE_BOTH)
    summary.refresh_from_db()
    assert summary.status == AgencySummary.Status.REQUESTED  # nothing saved yet
    page = client.get("/sign-out/timed-out/").content.decode()
    assert "What you typed on the page you sent is kept" in page
    assert 'href="/sign-in/?next=/kept/"' in page

    assert _sign_in_again(client, h.POLICE_BOTH) == "/kept/"
    kept = client.get("/kept/")
    assert kept.status_code == 200
    forms = _Forms()
    forms.feed(kept.content.decode())
    action, sent = forms.kept()
    assert action == f"/reviews/agency-summaries/{summary.pk}/"
    assert sent == {"involvement": INVOLVEMENT, "analysis": ANALYSIS, "immediate_learning": ""}

    response = client.post(action, sent)
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.status == AgencySummary.Status.SUBMITTED
    assert (summary.involvement, summary.analysis) == (INVOLVEMENT, ANALYSIS)
    # Kept once: the page is gone after it was shown.
    assert client.get("/kept/")["Location"] == "/"


def test_someone_else_signing_in_on_that_browser_sees_nothing_kept() -> None:
    client, _ = _send_late(h.POLICE_BOTH)
    _sign_in_again(client, h.BUSINESS_MANAGER)
    assert client.get("/kept/")["Location"] == "/"
    assert "kept_form" not in client.session


def test_a_page_read_after_the_time_out_keeps_nothing() -> None:
    client = h.signed_in(h.POLICE_BOTH)
    _time_out(client)
    assert client.get("/action-plan/")["Location"] == "/sign-out/timed-out/"
    page = client.get("/sign-out/timed-out/").content.decode()
    assert "is kept" not in page
    assert "kept_form" not in client.session


def test_a_form_without_masas_csrf_token_is_not_kept() -> None:
    """What another site makes a timed-out browser send is not offered back to send."""
    client = h.signed_in(h.POLICE_BOTH)
    client.handler.enforce_csrf_checks = True
    _time_out(client)
    response = client.post("/action-plan/", {"involvement": "planted"})
    assert response["Location"] == "/sign-out/timed-out/"
    assert "kept_form" not in client.session


def test_the_kept_page_needs_signing_in() -> None:
    response = Client().get("/kept/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/kept/")
