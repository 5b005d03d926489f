"""A police officer writes her agency's summary, leaves it for over half an hour and then
presses Send: she is signed out, told what she typed is kept, signs in again (with her
security code) and sends it with one button, every word as she typed it. Without
JavaScript, as the time-out warning would have been no help. Every page is checked with
axe (see conftest)."""

from __future__ import annotations

import datetime
import time
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.reviews.models import AgencySummary
from tests.browser.conftest import finish, new_page, sign_in, submit, totp_code, visit
from tests.reviews import factories as f

MAYA = "maya.singh@merciavale-police.example"
INVOLVEMENT = "Zk: officers attended on 2 March after a neighbour's call.\nThe child was not seen."
ANALYSIS = 'The log says "no concerns"; nobody asked the school or the health visitor.'


def _idle_for_31_minutes(page: Page) -> None:
    """As if the officer had not used the service for 31 minutes."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store["last_activity"] = time.time() - 31 * 60
    store.save()


def test_a_summary_sent_after_the_time_out_is_kept_and_sent(
    browser: Browser, live_server: LiveServer, demo: None
) -> None:
    today = timezone.localdate()
    rapid = f.rapid_review(
        aware_on=today - datetime.timedelta(days=10),
        notified_panel_on=today - datetime.timedelta(days=8),
    )
    summary = f.agency_summary(rapid, requested_on=today - datetime.timedelta(days=7))
    _, page = new_page(browser, javascript=False)
    sign_in(page, live_server, MAYA)
    visit(page, live_server, f"/reviews/agency-summaries/{summary.pk}/")
    page.get_by_label("Your agency's involvement").fill(INVOLVEMENT)
    page.get_by_label("Analysis of the practice").fill(ANALYSIS)

    _idle_for_31_minutes(page)
    submit(page, "Send the summary")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    expect(page.locator("main")).to_contain_text("What you typed on the page you sent is kept")
    summary.refresh_from_db()
    assert summary.status == AgencySummary.Status.REQUESTED

    submit(page, "Sign in again")  # a link that looks like a button
    page.get_by_label("Email address").fill(MAYA)
    page.get_by_label("Password").fill(_password())
    submit(page, "Continue")
    page.get_by_label("Security code").fill(totp_code(MAYA, steps_ahead=1))
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the page you were on")

    submit(page, "Continue with what you typed")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been sent")
    summary.refresh_from_db()
    assert summary.status == AgencySummary.Status.SUBMITTED
    # Every word as typed (browsers send a textarea's line breaks as CR LF).
    assert summary.involvement.replace("\r\n", "\n") == INVOLVEMENT
    assert summary.analysis == ANALYSIS
    finish(page)


def _password() -> str:
    from masa.demo.people import DEMO_PASSWORD

    return DEMO_PASSWORD
