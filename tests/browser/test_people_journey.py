"""People and access in a real browser: the business manager invites a practitioner,
who follows the emailed link, chooses a password and, as the role sees identifiable
records, sets up an authenticator app before the first page. Every page is checked
with axe (see conftest)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.core.models import Notification, Person
from tests.browser.conftest import finish, follow, follow_menu, new_page, sign_in, submit, visit

ELEANOR = "eleanor.hughes@northbridge.example"
NEW = "zq.new.teacher@northbridge-academy.example"
PASSWORD = "plum-kettle-harbour-47"


def _path(page: Page) -> str:
    return urlsplit(page.url).path


def test_invitation_to_first_sign_in_with_an_authenticator(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    sign_in(page, live_server, ELEANOR)
    follow_menu(page, "People")
    follow(page, "Invite someone")
    page.get_by_label("Email address").fill(NEW)
    page.get_by_label("Full name").fill("Zq New Teacher")
    page.get_by_label("Agency", exact=True).select_option(label="Northbridge Academy")
    page.get_by_label("Practitioner (referrer)").check()
    submit(page, "Send the invitation")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"An invitation has been emailed to {NEW}"
    )

    sent = Notification.objects.get(message="people/invitation", address=NEW)
    link = re.search(r"https?://[^/\s]+(/sign-in/invitation/[^\s]+/)", sent.body)
    assert link is not None
    context, invited = new_page(browser)
    visit(invited, live_server, link.group(1))
    assert _path(invited).endswith("/set-password/")
    expect(invited.get_by_role("heading", level=1)).to_have_text(
        "Join Northbridge Safeguarding Partnership"
    )
    invited.get_by_label("Your full name").fill("Zq New Teacher")
    invited.get_by_label("New password", exact=True).fill(PASSWORD)
    invited.get_by_label("Type the new password again").fill(PASSWORD)
    submit(invited, "Join")

    # A practitioner sees identifiable records: an authenticator before anything else.
    assert _path(invited) == "/sign-in/two-factor/set-up/"
    device = TOTPDevice.objects.get(user=Person.objects.get(email=NEW), confirmed=False)
    invited.get_by_label("Security code").fill(f"{TOTP(device.bin_key).token():06d}")
    submit(invited, "Continue")
    assert _path(invited) == "/"
    expect(invited.locator(".masa-account-bar")).to_contain_text("Signed in as Zq New Teacher")
    finish(invited)
    context.close()
