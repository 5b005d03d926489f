"""The strategic plan in a real browser: the neglect subgroup's chair, the lead officer
of the Neglect priority, writes this quarter's progress (first leaving out what was
done, which the form asks for), sees it on the priority's page beside its indicators
and actions, and goes on to the plan page with the seed's table. Every page is checked
with axe (see conftest)."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.insight import periods
from masa.plan.models import ProgressUpdate
from tests.browser.conftest import follow, follow_menu, sign_in, submit

HARRY = "harry.whitfield@merciavale-probation.example"


def test_a_lead_writes_a_quarters_progress_and_reads_the_plan(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    # The demo wrote the four quarters that have ended; this one is still open.
    now = periods.quarter_containing(timezone.localdate())
    sign_in(page, live_server, HARRY)
    follow_menu(page, "Priorities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership priorities")
    follow(page, "2. Neglect")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neglect")
    follow(page, "Write this quarter's progress")
    page.get_by_label("Financial year").select_option(str(now.financial_year))
    page.get_by_label("Quarter", exact=True).select_option(str(now.quarter))
    page.get_by_label("Impact").fill("Zq Practitioners used the toolkit with 12 families.")
    submit(page, "Save the progress", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what was done this quarter")
    page.get_by_label("What we did").fill("Zq Two launch events for the neglect toolkit.")
    page.get_by_label("Next steps").fill("Zq Audit the toolkit's use in the spring.")
    submit(page, "Save the progress")
    main = page.locator("main")
    expect(main).to_contain_text("Zq Two launch events for the neglect toolkit.")
    expect(main).to_contain_text("Outcome indicators")
    expect(main).to_contain_text("Launch the neglect toolkit")
    assert ProgressUpdate.objects.filter(what_we_did__startswith="Zq Two launch").count() == 1

    follow(page, "The strategic plan 2025-2028")
    expect(page.get_by_role("heading", level=1)).to_contain_text("strategic plan 2025-2028")
    table = page.locator("table").first
    for heading in ("Ambition / Priority", "Description", "Reason", "Impact", "Lead"):
        expect(table.get_by_role("columnheader", name=heading)).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Self-neglect and hoarding")
