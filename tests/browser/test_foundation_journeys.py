"""The foundation's journeys in a real browser: sign-in with two-factor, switching
partnership, the time-out warning, signing out, managing people and timescales,
and a page without JavaScript. Every page is checked with axe (see conftest)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from masa.demo.people import DEMO_PASSWORD
from tests.browser.conftest import (
    check,
    finish,
    follow,
    follow_menu,
    new_page,
    sign_in,
    submit,
    totp_code,
    visit,
)

BEN = "ben.carter@northbridge.example"
MAYA = "maya.singh@merciavale-police.example"
ELEANOR = "eleanor.hughes@northbridge.example"
AMIRA = "amira.khan@northbridge-academy.example"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def account_bar(page: Page) -> Locator:
    return page.locator(".masa-account-bar")


def test_mash_practitioner_signs_in_with_two_factor(page, live_server, demo):
    visit(page, live_server, "/sign-in/")
    page.get_by_label("Email address").fill(BEN)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    submit(page, "Continue")
    # Ben's role sees identifiable records: the second step asks for his code.
    assert path_of(page) == "/sign-in/two-factor/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    page.get_by_label("Security code").fill(totp_code(BEN))
    submit(page, "Continue")

    assert path_of(page) == "/"
    expect(account_bar(page)).to_contain_text("Signed in as Ben Carter")
    expect(account_bar(page)).to_contain_text("Northbridge Borough Council")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Northbridge Safeguarding Partnership"
    )
    menu = page.get_by_role("navigation", name="Menu")
    home = menu.get_by_role("link", name="Home")
    expect(home).to_have_attribute("aria-current", "true")
    expect(home).to_have_attribute("href", "/")
    # A MASH practitioner does not run the partnership: no people, settings or audit log.
    for item in ("People", "Settings", "Timescales", "Audit log"):
        expect(menu.get_by_role("link", name=item)).to_have_count(0)
    expect(page.get_by_role("heading", name="Your roles")).to_be_visible()
    expect(page.get_by_text("MASH practitioner: Triages contacts")).to_be_visible()

    follow(page, "Accessibility statement", within=page.get_by_role("contentinfo"))
    assert path_of(page) == "/accessibility/"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility")
    expect(account_bar(page)).to_contain_text("Signed in as Ben Carter")


def test_wrong_password_shows_the_error_summary_with_focus(page, live_server, demo):
    visit(page, live_server, "/sign-in/")
    page.get_by_label("Email address").fill(BEN)
    page.get_by_label("Password").fill("not-the-password")
    submit(page, "Continue", status=400)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        summary.get_by_role("link", name="Enter a correct email address and password")
    ).to_be_visible()
    # GOV.UK Frontend moves the focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    assert path_of(page) == "/sign-in/"
    expect(page.get_by_label("Email address")).to_have_value(BEN)


def test_page_title_starts_with_error_when_a_form_has_errors(page, live_server):
    visit(page, live_server, "/sign-in/")
    submit(page, "Continue", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert page.title().startswith("Error: "), page.title()


def test_member_of_two_partnerships_switches_partnership(page, live_server, demo):
    assert sign_in(page, live_server, MAYA)
    header = page.locator(".govuk-service-navigation__service-name")
    expect(header).to_contain_text("Northbridge Safeguarding Partnership")

    follow(page, "Switch partnership", within=account_bar(page), exact=False)
    assert path_of(page) == "/partnership/switch/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which partnership are you working in?"
    )
    page.get_by_label(re.compile(r"^Southmoor Safeguarding Children Partnership")).check()
    submit(page, "Continue")

    assert path_of(page) == "/"
    expect(header).to_contain_text("Southmoor Safeguarding Children Partnership")
    expect(page.get_by_role("alert")).to_contain_text(
        "You are now working in Southmoor Safeguarding Children Partnership."
    )
    expect(page).to_have_title(re.compile("Southmoor Safeguarding Children Partnership"))


def test_time_out_warning_lets_a_person_stay_signed_in(page, live_server, demo, settings):
    # The browser's clock is fake, so the warning comes without waiting 28 minutes.
    page.clock.install()
    sign_in(page, live_server, BEN)
    dialog = page.locator("dialog#masa-timeout")
    expect(dialog).to_be_hidden()

    idle = settings.IDLE_TIMEOUT_MINUTES * 60
    page.clock.fast_forward((idle - settings.TIMEOUT_WARNING_SECONDS + 10) * 1000)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="You’re about to be signed out")).to_be_visible()
    expect(dialog.locator(".masa-timeout-countdown")).to_have_text(
        re.compile(r"^\d+ (minutes?|seconds?)$")
    )
    # Opened as a modal dialog, it takes the focus (its first button).
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    check(page)

    with page.expect_response("**/session/keep-alive/") as keep_alive:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.status == 200
    assert keep_alive.value.json()["signed_in"] is True
    expect(dialog).to_be_hidden()
    assert path_of(page) == "/"

    response = page.reload()
    assert response is not None
    assert response.status == 200
    check(page)
    assert path_of(page) == "/"
    expect(account_bar(page)).to_contain_text("Signed in as Ben Carter")


def test_sign_out(page, live_server, demo):
    sign_in(page, live_server, BEN)
    submit(page, "Sign out", within=account_bar(page))

    assert path_of(page) == "/sign-in/"
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("You have signed out")
    expect(page.locator(".masa-account-bar")).to_have_count(0)

    visit(page, live_server, "/")
    assert path_of(page) == "/sign-in/"
    assert urlsplit(page.url).query == "next=/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_business_manager_changes_a_timescale_and_the_audit_log_shows_it(page, live_server, demo):
    sign_in(page, live_server, ELEANOR)
    # The business manager's long menu is grouped: People is under Administration.
    follow_menu(page, "People")
    assert path_of(page) == "/people/"
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    # The demo has hundreds of learners: Amira is found with the search.
    page.get_by_label("Search people").fill("amira")
    submit(page, "Search")
    follow(page, "Amira Khan", within=page.get_by_role("table"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Khan")
    expect(page.get_by_text(AMIRA)).to_be_visible()

    follow_menu(page, "Timescales")
    assert path_of(page) == "/settings/timescales/"
    row = page.get_by_role("row").filter(has_text="MASH decision on a referral")
    expect(row).to_contain_text("1 working day")
    follow(page, "Change MASH decision on a referral", within=row)
    assert path_of(page) == "/settings/timescales/referral_decision/"

    amount = page.get_by_label("Number", exact=True)
    amount.fill("0")
    submit(page, "Save", status=400)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter a number of 1 or more")).to_be_visible()
    expect(page.locator("#id_amount-error")).to_contain_text("Enter a number of 1 or more")

    page.get_by_label("Number", exact=True).fill("2")
    page.get_by_label("Working days").check()
    page.get_by_label("Why does the partnership use this figure?").fill(
        "Agreed by the MASH steering group"
    )
    submit(page, "Save")
    assert path_of(page) == "/settings/timescales/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "‘MASH decision on a referral’ has been updated."
    )
    expect(row).to_contain_text("2 working days")
    expect(row).to_contain_text("Local")

    follow_menu(page, "Audit log")
    assert path_of(page) == "/audit/"
    entry = page.get_by_role("row").filter(has_text="timescale.set")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(ELEANOR)
    expect(entry).to_contain_text("MASH decision on a referral")
    expect(entry).to_contain_text("1 working day → 2 working days")
    # Viewing Amira's page was recorded too.
    expect(
        page.get_by_role("row").filter(has_text="Amira Khan").filter(has_text="view")
    ).to_have_count(1)


def test_signing_in_works_without_javascript(browser, live_server, demo):
    context, page = new_page(browser, javascript=False)
    try:
        assert sign_in(page, live_server, AMIRA), "a practitioner is asked for a security code"
        assert path_of(page) == "/"
        expect(account_bar(page)).to_contain_text("Signed in as Amira Khan")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Northbridge Safeguarding Partnership"
        )
        assert page.evaluate("document.body.classList.contains('js-enabled')") is False
        finish(page)
    finally:
        context.close()
