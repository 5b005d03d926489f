"""The MASH's new views in a real browser, each checked with axe: the DASH answers on a
contact, the differences on the matching page, the queue's search, and the decision
form refusing an outcome that contradicts the level."""

from __future__ import annotations

import datetime

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.core.models import Agency
from masa.frontdoor import matching, services
from masa.frontdoor.models import Child
from tests import helpers as h
from tests.browser.conftest import finish, new_page, sign_in, submit, visit
from tests.frontdoor.factories import child_answers, dash, sent_referral
from tests.helpers import MASH_PRACTITIONER, POLICE_BOTH


def test_the_mash_pages_show_answers_differences_and_refusals(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    contact = sent_referral(
        categories=("domestic_abuse",),
        risk=dash(13),
        children=(
            child_answers(
                first_names="Harriet",
                last_name="Differson",
                date_of_birth=datetime.date(2016, 7, 3),
                nhs_number="",
            ),
        ),
    ).contacts.get()
    Child.objects.create(
        partnership=contact.partnership,
        first_names="Harriet",
        last_name="Differson",
        sound_key=matching.sound_key("Differson"),
        date_of_birth=datetime.date(2016, 3, 7),
        address="9 Other Road, Northbridge",
        postcode="NB1 2AB",
    )
    sign_in(page, live_server, MASH_PRACTITIONER)

    visit(page, live_server, "/mash/?q=Differson&tab=new")
    expect(page.get_by_role("link", name=contact.reference)).to_be_visible()

    visit(page, live_server, f"/mash/contacts/{contact.pk}/")
    answers = page.get_by_role("table", name="DASH answers, in the checklist's order")
    expect(answers).to_contain_text("13. Has the abuser ever used a weapon or object")

    visit(page, live_server, f"/mash/contacts/{contact.pk}/child/")
    expect(page.get_by_text("Not the same as the referral:")).to_be_visible()
    expect(page.get_by_text("Record: 7 March 2016.")).to_be_visible()

    visit(page, live_server, f"/mash/contacts/{contact.pk}/decision/")
    page.get_by_label("Level 1: universal").check()
    page.get_by_label("1.1: Needs met by universal services; development on track").check()
    page.get_by_label("Strategy discussion and section 47 enquiry").check()
    page.get_by_label("Why did you reach this decision?").fill("Reasons")
    page.get_by_label("What will the referrer be told?").fill("Feedback")
    submit(page, "Record the decision", status=400)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "‘Strategy discussion and section 47 enquiry’ is not an outcome for level 1"
    )

    # The police see their information requests, searchable by the child's name.
    ben = h.acting(MASH_PRACTITIONER, "northbridge")
    police = Agency.objects.get(name="Mercia Vale Police")
    services.partner_check_request(acting=ben, contact=contact, agency=police, question="Known?")
    _, maya = new_page(browser)
    sign_in(maya, live_server, POLICE_BOTH)
    visit(maya, live_server, "/information-requests/?q=Differson")
    expect(maya.get_by_role("table")).to_contain_text("Harriet Differson")
    finish(maya)
