"""The front door in a real browser: a school's designated safeguarding lead makes a
referral (correcting errors on the way, signing out half-way and resuming); the MASH
links the child, asks the police, decides; a manager signs off; the referrer sees the
outcome. A red contact is decided with a partner check still open, after another is
withdrawn. Every page is checked with axe (see conftest)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import (
    check,
    finish,
    follow,
    follow_menu,
    new_page,
    sign_in,
    submit,
    visit,
)

AMIRA = "amira.khan@northbridge-academy.example"
BEN = "ben.carter@northbridge.example"
MAYA = "maya.singh@merciavale-police.example"
CHLOE = "chloe.davies@northbridge.example"


def fill(page: Page, **values: str) -> None:
    for name, value in values.items():
        page.locator(f"[name='{name}']").fill(value)


def choose(page: Page, **values: str) -> None:
    for name, value in values.items():
        page.locator(f"input[name='{name}'][value='{value}']").check()


def error_summary_says(page: Page, text: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(text)


def sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    check(page)


def as_person(browser: Browser, live_server: LiveServer, email: str) -> Page:
    _, page = new_page(browser)
    sign_in(page, live_server, email)
    return page


def test_referral_from_school_to_mash_outcome(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    # --- the school's designated safeguarding lead starts a referral --------------
    sign_in(page, live_server, AMIRA)
    follow(page, "My referrals", within=page.get_by_role("navigation", name="Menu"))
    follow(page, "Make a referral")
    submit(page, "Start now")
    referral_path = re.sub(r"urgency/$", "", urlsplit(page.url).path)
    choose(page, immediate_danger="no")
    submit(page, "Save and continue")

    # The child: an impossible date of birth is refused, with what was typed kept.
    visit(page, live_server, referral_path + "children/add/")
    fill(
        page,
        first_names="Poppy",
        last_name="Brightwater",
        date_of_birth_day="31",
        date_of_birth_month="2",
        date_of_birth_year="2015",
        address="14 Lantern Row, Northbridge",
        postcode="NB3 7QT",
        nhs_number="999 000 0019",
        school="Northbridge Academy",
        language="English",
    )
    choose(page, born="yes", sex="F", interpreter_needed="no")
    page.locator("[name='ethnicity']").select_option("WBRI")
    page.locator("input[name='disabilities'][value='NONE']").check()
    submit(page, "Save and continue", status=400)
    error_summary_says(page, "real date")
    expect(page.locator("[name='first_names']")).to_have_value("Poppy")
    fill(page, date_of_birth_day="28")
    submit(page, "Save and continue", status=400)
    error_summary_says(page, "NHS number")
    fill(page, nhs_number="999 000 0018")
    submit(page, "Save and continue")

    # Signing out half-way loses nothing: the draft is under "My referrals".
    sign_out(page)
    sign_in(page, live_server, AMIRA, again=True)
    follow(page, "My referrals", within=page.get_by_role("navigation", name="Menu"))
    follow(page, "Poppy Brightwater", exact=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a referral")

    visit(page, live_server, referral_path + "household/add/")
    fill(page, name="Jade Brightwater", relationship_to_child="Mother")
    choose(page, relationship="parent", parental_responsibility="yes")
    submit(page, "Save and continue")

    visit(page, live_server, referral_path + "referrer/")
    expect(page.locator("[name='referrer_name']")).to_have_value("Amira Khan")
    fill(page, referrer_phone="01632 960123")
    submit(page, "Save and continue")

    # The concern: the child's voice is required.
    visit(page, live_server, referral_path + "concern/")
    page.locator("input[name='categories'][value='neglect']").check()
    fill(
        page,
        what_happened="Poppy has come to school hungry and in the same clothes all week.",
        impact="She is tired, withdrawn and has stopped joining in at playtime.",
    )
    choose(page, level_believed="3")
    submit(page, "Save and continue", status=400)
    error_summary_says(page, "child")
    fill(page, child_voice="Poppy said: 'Mum sleeps a lot and there is no food.'")
    submit(page, "Save and continue")

    visit(page, live_server, referral_path + "consent/")
    choose(page, consent="consented")
    submit(page, "Save and continue")

    visit(page, live_server, referral_path + "check/")
    expect(page.get_by_text("Poppy Brightwater").first).to_be_visible()
    submit(page, "Send referral")
    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text(re.compile(r"NB-\d{4}-\d{6}"))
    reference = re.search(r"NB-\d{4}-\d{6}", panel.inner_text())
    assert reference is not None

    # --- the MASH practitioner triages it ------------------------------------------
    ben = as_person(browser, live_server, BEN)
    follow(ben, "MASH queue", within=ben.get_by_role("navigation", name="Menu"))
    follow(ben, f"{reference.group(0)}-1")
    submit(ben, "Start work on this contact")
    follow(ben, "Find the child")
    ben.get_by_label("None of these: create a new child record").check()
    submit(ben, "Link the child")
    follow(ben, "Request a partner check")
    ben.get_by_label("Mercia Vale Police", exact=True).check()
    fill(ben, question="Any police call-outs to 14 Lantern Row in the last year?")
    submit(ben, "Send the request")
    expect(ben.locator("main")).to_contain_text("Awaiting partner checks")

    # --- the police answer ---------------------------------------------------------
    maya = as_person(browser, live_server, MAYA)
    follow_menu(maya, "Information requests")
    follow(maya, "Poppy Brightwater", exact=False)
    fill(maya, response="Two calls in March for a domestic argument; no arrests.")
    submit(maya, "Send the answer")

    # --- the practitioner decides ----------------------------------------------------
    visit(ben, live_server, urlsplit(ben.url).path)
    expect(ben.locator("main")).to_contain_text("Two calls in March")
    follow(ben, "Record the decision")
    choose(ben, level="3", descriptor="3.4", outcome="early_help_3")
    fill(
        ben,
        rationale="Neglect below the threshold for significant harm; mother engages.",
        referrer_feedback="An early help worker will contact the family this week.",
    )
    submit(ben, "Record the decision")
    contact_path = urlsplit(ben.url).path

    # --- the manager signs off -------------------------------------------------------
    chloe = as_person(browser, live_server, CHLOE)
    visit(chloe, live_server, contact_path)
    follow(chloe, "Sign off or return the decision")
    choose(chloe, verdict="sign_off")
    submit(chloe, "Continue")
    expect(chloe.locator("main")).to_contain_text("Decided")

    # --- the referrer sees the outcome -----------------------------------------------
    visit(page, live_server, referral_path)
    expect(page.locator("main")).to_contain_text("An early help worker will contact the family")
    for other in (ben, maya, chloe):
        finish(other)


def test_typed_answers_are_saved_before_a_time_out(
    page: Page, live_server: LiveServer, demo: None, settings: Any
) -> None:
    from masa.frontdoor.models import Referral

    # The browser's clock is fake, so the time-out comes without waiting 30 minutes.
    page.clock.install()
    sign_in(page, live_server, AMIRA)
    visit(page, live_server, "/referrals/new/")
    submit(page, "Start now")
    referral_path = re.sub(r"urgency/$", "", urlsplit(page.url).path)
    visit(page, live_server, referral_path + "concern/")
    fill(page, what_happened="Typed, never sent, when the person walked away.")

    with page.expect_navigation():
        page.clock.fast_forward((settings.IDLE_TIMEOUT_MINUTES * 60 - 4) * 1000)
    check(page)
    referral = Referral.objects.get(pk=int(referral_path.strip("/").split("/")[-1]))
    assert referral.draft["concern"]["what_happened"] == (
        "Typed, never sent, when the person walked away."
    )


def test_red_contact_decided_with_a_check_open_and_a_check_withdrawn(
    browser: Browser, live_server: LiveServer, demo: None
) -> None:
    from masa.frontdoor import services
    from masa.frontdoor.models import PartnerCheck
    from tests import helpers as h
    from tests.frontdoor.factories import child_answers, sent_contact

    contact = sent_contact(children=(child_answers(first_names="Rowan"),), immediate_danger=True)
    services.contact_start(acting=h.acting(BEN, "northbridge"), contact=contact)
    assert contact.rag == "red"

    # --- the MASH practitioner asks two agencies at once, due sooner ------------------
    ben = as_person(browser, live_server, BEN)
    visit(ben, live_server, f"/mash/contacts/{contact.pk}/")
    follow(ben, "Request a partner check")
    expect(ben.locator("main")).to_contain_text("as this contact is rated red")
    ben.get_by_label("Mercia Vale Police", exact=True).check()
    ben.get_by_label("Canal Street Medical Practice", exact=True).check()
    fill(ben, question="Is the baby known to you? Any injuries seen before?")
    submit(ben, "Send the request")
    main = ben.locator("main")
    expect(main).to_contain_text("Awaiting partner checks")
    expect(main).to_contain_text("We emailed")
    assert contact.checks.count() == 2

    # --- the police check is withdrawn, with a reason ---------------------------------
    follow(ben, "Withdraw the request to Mercia Vale Police")
    submit(ben, "Withdraw the request", status=400)
    error_summary_says(ben, "Say why you are withdrawing the request")
    fill(ben, reason="Officers attended last night; their log is on the contact.")
    submit(ben, "Withdraw the request")
    expect(ben.locator("main")).to_contain_text("Withdrawn: Officers attended last night")

    # --- the contact is decided with the GP check still open --------------------------
    follow(ben, "Record the decision")
    expect(ben.locator("main")).to_contain_text(
        "Partner checks are still open with Canal Street Medical Practice"
    )
    choose(ben, level="4", descriptor="4.1", outcome="strategy")
    fill(
        ben,
        rationale="Unexplained bruising to a non-mobile baby.",
        referrer_feedback="A strategy discussion is being held today.",
    )
    submit(ben, "Record the decision", status=400)
    error_summary_says(ben, "Say why the decision cannot wait for the partner checks still open")
    fill(ben, open_checks_reason="Red contact: the GP surgery opens after the decision is due.")
    submit(ben, "Record the decision")
    main = ben.locator("main")
    expect(main).to_contain_text("Awaiting manager")
    expect(main).to_contain_text("Decided with partner checks still open, because")

    # --- the police see the withdrawal and cannot answer; the GP's late answer lands --
    police = contact.checks.get(agency__name="Mercia Vale Police")
    maya = as_person(browser, live_server, MAYA)
    visit(maya, live_server, f"/information-requests/{police.pk}/")
    expect(maya.locator("main")).to_contain_text("The MASH withdrew this request")
    expect(maya.get_by_role("button", name="Send the answer")).to_have_count(0)
    gp = contact.checks.get(agency__name="Canal Street Medical Practice")
    services.partner_check_respond(
        acting=h.acting("rosa.evans@canalstreet-gp.example"),
        check=gp,
        response="Seen at 6 weeks; no concerns.",
    )
    assert PartnerCheck.objects.get(pk=gp.pk).status == PartnerCheck.Status.ANSWERED
    visit(ben, live_server, f"/mash/contacts/{contact.pk}/")
    expect(ben.locator("main")).to_contain_text("Arrived after the decision")
    for other in (ben, maya):
        finish(other)
