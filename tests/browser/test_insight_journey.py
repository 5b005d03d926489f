"""Insight in a real browser: the ICB's data lead fills in the quarterly return with
one mistake, corrects it and submits it, then submits a correction with a reason;
the business manager sees the return submitted on the completeness page beside
another agency's missing one, and the exception the figure raised. Then the
scorecard, a function dashboard, an indicator's chart and table, and the census
list. Every page is checked with axe (see conftest)."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.core.models import Partnership
from masa.insight import periods
from masa.insight.models import DataReturn, Indicator, Measurement, ReturnSubmission
from tests.browser.conftest import finish, follow, follow_menu, new_page, sign_in, submit, visit

FARID = "farid.ahmed@merciavale-icb.example"
ELEANOR = "eleanor.hughes@northbridge.example"
ICB = "Mercia Vale Integrated Care Board"
FIRE = "Mercia Vale Fire and Rescue Service"
IHA = "health.iha_within_20wd_pct"  # green at 90% or more, red at 75% or less


def _fill(page: Page, indicator: Indicator, numerator: int, denominator: int) -> None:
    page.locator(f"#id_numerator_{indicator.pk}").fill(str(numerator))
    page.locator(f"#id_denominator_{indicator.pk}").fill(str(denominator))


def test_a_return_with_a_mistake_a_correction_and_the_exception_it_raises(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    # The latest quarter that has ended: the demo leaves the ICB's return for it
    # unsubmitted (overdue, a draft started), whatever day the test runs.
    quarter = periods.last_ended_quarter(timezone.localdate())
    assert not DataReturn.objects.filter(
        partnership=northbridge, agency__name=ICB, period_start=quarter.start, version__gt=0
    ).exists()
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(partnership=northbridge, agency__name=ICB, is_active=True)
    }
    iha = indicators[IHA]

    # Farid opens the quarter's return from the list of returns.
    sign_in(page, live_server, FARID)
    follow_menu(page, "Data returns")
    label = f"{ICB}'s return for {quarter.short_label}"
    started = page.get_by_role("button", name=f"Start {label}")
    if started.count():
        submit(page, f"Start {label}")
    else:
        follow(page, f"Continue {label}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Return for {quarter.short_label}")

    # Every figure, one of them wrong: more assessments on time than children.
    for number, indicator in enumerate(indicators.values()):
        _fill(page, indicator, 30 + number, 40 + number)
    _fill(page, iha, 45, 40)
    page.get_by_label("The story behind the figures", exact=True).fill(
        "Zq Paediatric clinics were short-staffed in the summer."
    )
    submit(page, "Check and submit")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(iha.name)

    # He corrects it: 25 of 40 on time, 62.5%, below the red line.
    _fill(page, iha, 25, 40)
    page.locator(f"#id_narrative_{iha.pk}").fill("Zq Two clinics were cancelled in August.")
    submit(page, "Check and submit")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the return before you submit it"
    )
    expect(page.locator("main")).to_contain_text("62.5% (25 of 40)")
    submit(page, "Submit the return")
    expect(page.locator("main")).to_contain_text("is submitted (version 1)")
    record = DataReturn.objects.get(
        partnership=northbridge, agency__name=ICB, period_start=quarter.start
    )
    assert record.version == 1

    # A correction: the reason is required, and the first version is kept.
    visit(page, live_server, f"/insight/returns/{record.pk}/")
    _fill(page, iha, 26, 40)
    submit(page, "Check and submit")
    submit(page, "Submit the correction", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("why you are correcting")
    page.get_by_label("Why are you correcting the figures already submitted?").fill(
        "Zq One assessment was recorded against the wrong child."
    )
    submit(page, "Submit the correction")
    expect(page.locator("main")).to_contain_text("is submitted (version 2)")
    versions = ReturnSubmission.objects.filter(data_return=record).order_by("version")
    assert [v.version for v in versions] == [1, 2]
    assert "wrong child" in versions[1].correction_reason
    shown = Measurement.objects.get(indicator=iha, period_start=quarter.start)
    assert (shown.numerator, shown.denominator) == (26, 40)

    # The business manager sees the return submitted and another agency's missing.
    eleanor = new_page(browser)[1]
    sign_in(eleanor, live_server, ELEANOR)
    visit(eleanor, live_server, "/insight/completeness/")
    grid = eleanor.get_by_role("table", name="Returns by agency and quarter")
    icb = grid.get_by_role("row", name=re.compile(ICB))
    expect(
        icb.get_by_role("link", name=f"{ICB}, {quarter.short_label}", exact=False)
    ).to_contain_text("Submitted")
    others = grid.get_by_role("row").filter(has_not_text=ICB).filter(has_text="Overdue")
    expect(others.first).to_be_visible()

    # The exception the figure raised: 65% is below the red line.
    visit(eleanor, live_server, f"/insight/exceptions/?quarter={quarter.code}")
    main = eleanor.locator("main")
    expect(main).to_contain_text(iha.name)
    expect(main).to_contain_text("65.0%")

    # The scorecard, a function dashboard, the indicator's chart and table, the census.
    visit(eleanor, live_server, "/insight/scorecard/")
    expect(eleanor.locator("main")).to_contain_text(iha.name)
    visit(eleanor, live_server, "/insight/functions/health/")
    expect(eleanor.locator("main")).to_contain_text(iha.name)
    visit(eleanor, live_server, f"/insight/indicators/{IHA}/")
    chart = eleanor.locator("img.masa-chart").first
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.naturalWidth") > 0
    figures = eleanor.get_by_role("table", name=re.compile("Figures by quarter"))
    expect(figures.get_by_role("row", name=re.compile(quarter.short_label))).to_contain_text(
        "65.0%"
    )
    visit(eleanor, live_server, "/insight/census/")
    expect(eleanor.locator("main")).to_contain_text("2025-26")
    finish(eleanor)
