"""Multi-agency case audits in a real browser: the business manager adds a round and a
case; the police's lead audits the police's own file; the business manager grades the
case on the panel and raises an urgent concern with the police, who answer it; then the
round's report. Every page is checked with axe (see conftest)."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.audits.models import Case, PracticeArea, Round, UrgentConcern
from tests.browser.conftest import finish, follow, follow_menu, new_page, sign_in, submit, visit

ELEANOR = "eleanor.hughes@northbridge.example"
MAYA = "maya.singh@merciavale-police.example"


def test_a_round_from_planning_to_its_report(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    # Each person keeps their own browser, signed in once (a security code is used once).
    maya_context, maya = new_page(browser)
    sign_in(maya, live_server, MAYA)
    # Eleanor plans a round and adds a case, with the police involved.
    sign_in(page, live_server, ELEANOR)
    follow_menu(page, "Case audits")
    follow(page, "Add an audit round")
    page.get_by_label("Financial year", exact=True).fill("2090-91")
    page.get_by_label("Q2", exact=True).check()
    page.get_by_label("Theme", exact=True).fill("Zq Neglect of teenagers")
    page.get_by_label("Why the theme was chosen").fill("Zq A rapid review's learning.")
    submit(page, "Add the round")
    expect(page.get_by_role("heading", level=1)).to_have_text("Q2: Zq Neglect of teenagers")
    follow(page, "Add a case")
    page.get_by_label("Case reference").fill("ZQ-J1")
    page.get_by_label("Age band").select_option("10_15")
    page.get_by_label("Sex").select_option("F")
    page.get_by_label("Ethnicity").select_option("WBRI")
    page.get_by_label("Not disabled").check()
    page.get_by_label("Mercia Vale Police", exact=True).check()
    submit(page, "Add the case")
    expect(page.locator("main")).to_contain_text("ZQ-J1")

    # Maya audits the police's own file.
    follow_menu(maya, "Your agency's audits")
    follow(maya, "ZQ-J1")
    for box in maya.locator("textarea").all():
        box.fill("Zq From the police's records.")
    submit(maya, "Send the audit")
    expect(maya.locator(".govuk-notification-banner")).to_contain_text("is sent")

    # Eleanor grades the case and raises an urgent concern with the police.
    case = Case.objects.get(reference="ZQ-J1")
    visit(page, live_server, f"/audits/cases/{case.pk}/")
    follow(page, "Grade the case")
    for area in PracticeArea:
        page.locator(f"#id_{area.value}_grade_1").check()  # Good
        page.locator(f"#id_{area.value}_rationale").fill(f"Zq {area.label}")
    page.locator("#id_grade_1").check()
    page.locator("#id_rationale").fill("Zq Agencies worked well together.")
    submit(page, "Save the grades")
    expect(page.locator("main")).to_contain_text("Good")
    follow(page, "Raise an urgent concern")
    page.get_by_label("Mercia Vale Police", exact=True).check()
    page.get_by_label("The concern").fill("Zq The safety plan is out of date.")
    submit(page, "Send the concern")

    # Maya answers it.
    follow_menu(maya, "Your agency's audits")
    concerns = maya.get_by_role("table", name="Urgent concerns")
    expect(concerns).to_contain_text("ZQ-J1")
    follow(maya, "ZQ-J1", within=concerns, exact=False)
    maya.get_by_label("What your agency has done").fill("Zq Strategy discussion held.")
    submit(maya, "Record the answer")
    finish(maya)
    maya_context.close()
    assert UrgentConcern.objects.get(case=case).responded_on is not None

    # Eleanor closes the round and reads its report.
    record = Round.objects.get(theme="Zq Neglect of teenagers")
    visit(page, live_server, f"/audits/rounds/{record.pk}/")
    follow(page, "Close the round")
    submit(page, "Close the round")
    record.refresh_from_db()
    assert record.status == Round.Status.CLOSED
    follow(page, "The round's audit report")
    expect(page.locator("main")).to_contain_text("100% of cases graded good or better")
    expect(page.locator("main")).not_to_contain_text("ZQ-J1")
