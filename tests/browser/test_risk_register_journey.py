"""The risk register in a real browser: the business manager opens the register from the
menu, adds a risk through the form (an empty form first shows the error summary),
its owner (a subgroup chair) reviews it, and the heat map, the register by owner, the
overdue list, escalations and scrutiny pages are read. Every page is checked with axe
(see conftest)."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.governance.models_risks import Escalation, Risk, ScrutinyRecommendation
from tests.browser.conftest import finish, follow, follow_menu, new_page, sign_in, submit, visit

ELEANOR = "eleanor.hughes@northbridge.example"  # business manager: keeps the register
HARRY = "harry.whitfield@merciavale-probation.example"  # subgroup chair: owns the risk
TITLE = "Zq: health visitors cannot reach the MASH by phone"


def _as(browser: Browser, live_server: LiveServer, email: str) -> Page:
    _, page = new_page(browser)
    sign_in(page, live_server, email)
    return page


def test_the_business_unit_adds_a_risk_and_its_owner_reviews_it(
    browser: Browser, live_server: LiveServer, demo: None
) -> None:
    eleanor = _as(browser, live_server, ELEANOR)
    follow_menu(eleanor, "Risk register")
    expect(eleanor.get_by_role("heading", name="Risk register", level=1)).to_be_visible()
    follow(eleanor, "Add a risk")
    submit(eleanor, "Add the risk", status=400)
    expect(eleanor.locator(".govuk-error-summary")).to_be_visible()
    eleanor.get_by_label("Title").fill(TITLE)
    eleanor.get_by_label("Description").fill("Calls to the MASH go unanswered at peak times.")
    eleanor.get_by_label("Cause").fill("Two vacancies on the duty desk.")
    eleanor.get_by_label("Effect").fill("Concerns about babies wait until the next day.")
    eleanor.get_by_label("Category").select_option(label="Safeguarding practice")
    eleanor.get_by_label("Owner", exact=True).select_option(
        label="Harry Whitfield, Mercia Vale Probation Service"
    )
    eleanor.get_by_label("Controls in place").fill("A duty line and a call-back list.")
    for name, value in (
        ("Inherent likelihood", "5"),
        ("Inherent impact", "4"),
        ("Current likelihood", "4"),
        ("Current impact", "4"),
        ("Target likelihood", "2"),
        ("Target impact", "3"),
    ):
        eleanor.get_by_label(name, exact=True).select_option(value)
    submit(eleanor, "Add the risk")
    expect(eleanor.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    risk = Risk.objects.get(title=TITLE)
    assert risk.current_score == 16
    for url in (
        "/governance/risks/heat-map/",
        "/governance/risks/by-owner/",
        "/governance/risks/overdue/",
        "/governance/escalations/",
        "/governance/escalations/figures/",
        "/governance/escalations/ladder/",
        "/governance/scrutiny/",
    ):
        visit(eleanor, live_server, url)
    escalation = Escalation.objects.filter(partnership__slug="northbridge").first()
    assert escalation is not None
    visit(eleanor, live_server, f"/governance/escalations/{escalation.pk}/")
    recommendation = ScrutinyRecommendation.objects.filter(partnership__slug="northbridge").first()
    assert recommendation is not None
    visit(eleanor, live_server, f"/governance/scrutiny/recommendations/{recommendation.pk}/")
    finish(eleanor)

    harry = _as(browser, live_server, HARRY)
    visit(harry, live_server, f"/governance/risks/{risk.pk}/")
    follow(harry, "Review the risk")
    harry.get_by_label("Current likelihood", exact=True).select_option("3")
    harry.get_by_label("What the review found").fill("Zq: one vacancy filled this month.")
    today = timezone.localdate()
    when = harry.get_by_role("group", name="Date of the review")
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_label("Year").fill(str(today.year))
    submit(harry, "Record the review")
    expect(harry.locator(".govuk-notification-banner")).to_contain_text("recorded")
    risk.refresh_from_db()
    assert risk.current_score == 12
    assert risk.reviews.count() == 2
    finish(harry)
