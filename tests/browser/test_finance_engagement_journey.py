"""Money and the voice of children and families in a real browser: the business
manager opens the financial summary from the menu and reads the seed-shaped year's net
position, then adds a practitioner consultation to the engagement log with its results
attached, makes one mistake and corrects it, finds it on its page and under "you said,
we did". The scrutineer sees the totals only. Every page is checked with axe."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Browser, FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.core.figures import financial_year_of, year_label
from masa.engagement.models import Entry
from masa.finance.models import BudgetLine
from tests.browser.conftest import finish, follow, follow_menu, new_page, sign_in, submit, visit

ELEANOR = "eleanor.hughes@northbridge.example"
IMOGEN = "imogen.lloyd@scrutiny.example"
POLL: FilePayload = {
    "name": "poll.csv",
    "mimeType": "text/csv",
    "buffer": b"question,yes,no\nknew,3,9\n",
}


def test_the_financial_summary_and_an_engagement_log_entry(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    first = min(
        BudgetLine.objects.filter(partnership__slug="northbridge").values_list("year", flat=True)
    )
    seed_year = year_label(first)

    sign_in(page, live_server, ELEANOR)
    follow_menu(page, "Money")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Financial summary")
    follow(page, seed_year)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Financial summary {seed_year}")
    net = page.get_by_role("row", name="Net position")
    expect(net).to_contain_text("223,050")
    expect(net).to_contain_text("223,216")
    expect(page.get_by_role("row", name="Total contributions")).to_contain_text("372,097")

    follow_menu(page, "Engagement log")
    follow(page, "Add to the engagement log")
    day = timezone.localdate() - datetime.timedelta(days=10)
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_label("Practitioners", exact=True).check()
    page.get_by_label("Survey or poll").check()
    page.get_by_label("Title", exact=True).fill("Zq poll on the escalation policy")
    page.get_by_label("What changed as a result (optional)").fill("Zq: a one-page escalation guide")
    page.get_by_label("Evidence or results (optional)").set_input_files(files=[POLL])
    submit(page, "Add the entry", status=400)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say what they said")
    page.get_by_label("What they said").fill("Zq: few knew when to escalate")
    page.get_by_label("Evidence or results (optional)").set_input_files(files=[POLL])
    submit(page, "Add the entry")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zq poll on the escalation policy")
    expect(page.get_by_role("link", name="poll.csv")).to_be_visible()
    assert Entry.objects.filter(title="Zq poll on the escalation policy").count() == 1
    year = year_label(financial_year_of(day))
    visit(page, live_server, f"/engagement/you-said-we-did/?year={year}")
    expect(page.get_by_text("Zq: a one-page escalation guide")).to_be_visible()
    finish(page)

    context, other = new_page(browser)
    try:
        sign_in(other, live_server, IMOGEN)
        visit(other, live_server, f"/money/?year={seed_year}")
        expect(other.get_by_role("row", name="Net position")).to_contain_text("223,216")
        expect(other.get_by_text("Mercia Vale Police")).to_have_count(0)
        finish(other)
    finally:
        context.close()
