"""The scorecard, dashboards by function and priority, one indicator, and publication.

Figures are made directly with the insight factories in far-future quarters (the
2088-89 to 2090-91 financial years), so the demo's own figures never fall in the
scorecard's window and every expected figure is exact.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masa.core.models import Partnership
from masa.insight import dashboards as dash
from masa.insight import periods
from masa.insight.models import (
    Comparator,
    Frequency,
    Function,
    Indicator,
    Polarity,
    Source,
    Unit,
)
from masa.insight.periods import Period
from masa.insight.rag import NOT_KNOWN, Rating
from tests.helpers import BUSINESS_MANAGER, DATA_LEAD, signed_in
from tests.insight import factories as f
from tests.plan import factories as plan_f

pytestmark = pytest.mark.django_db

LAST = periods.quarter(2090, 4)  # January to March 2091
QUARTERS = periods.quarters_back(LAST, 12)  # Q1 2088-89 to Q4 2090-91
SCORECARD = reverse("insight:scorecard")


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def series(
    indicator: Indicator, values: list[float | None], *, last: Period = LAST, **extra: Any
) -> list[Period]:
    """Quarterly measurements ending with `last`, oldest first (None: no measurement)."""
    quarters = periods.quarters_back(last, len(values))
    for period, value in zip(quarters, values, strict=True):
        if value is not None:
            f.measurement(indicator, period, value, **extra)
    return quarters


def comparator(indicator: Indicator, period: Period, kind: str, value: float) -> None:
    Comparator.objects.create(
        indicator=indicator,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(str(value)),
    )


def line_of(card: dash.Scorecard, indicator: Indicator) -> dash.ScoreLine:
    return next(line for line in card.lines if line.indicator.pk == indicator.pk)


def timeliness(**overrides: Any) -> Indicator:
    values: dict[str, Any] = {
        "name": "Zq health assessments on time",
        "unit": Unit.PERCENT,
        "polarity": Polarity.HIGHER,
        "green_from": Decimal(90),
        "red_from": Decimal(80),
        "function": Function.CHILDREN_IN_CARE,
    }
    values.update(overrides)
    return f.indicator(**values)


# --- the scorecard --------------------------------------------------------------------------


def test_scorecard_line_has_latest_figure_rating_direction_comparators_and_story() -> None:
    on_time = timeliness()
    series(on_time, [91, 92, 93, 94, 95, 96, 97, 98, 93, None, 95, 85])
    story = on_time.measurements.get(period_start=LAST.start)
    story.narrative = "Zq two nurses left in January."
    story.save()
    comparator(on_time, LAST, Comparator.Kind.ENGLAND, 88.5)
    comparator(on_time, LAST, Comparator.Kind.NEIGHBOURS, 86)

    card = dash.scorecard(northbridge())
    line = line_of(card, on_time)
    assert card.as_at == LAST
    assert line.latest is not None
    assert line.latest.period == LAST
    assert line.latest.cell.text == "85.0%"
    assert line.latest.rating == Rating.AMBER
    assert line.previous is not None
    assert line.previous.cell.text == "95.0%"
    assert line.direction.label == "Down, worse"
    assert line.latest.comparators["england"].text == "88.5%"
    assert line.latest.comparators["neighbours"].text == "86.0%"
    assert "region" not in line.latest.comparators
    assert line.latest.narrative == "Zq two nurses left in January."
    # The sparkline: twelve slots, a gap where a quarter has no figure.
    assert line.trend.periods == tuple(QUARTERS)
    assert line.trend.points[9] is None
    assert line.sparkline is not None
    assert len(line.sparkline.lines) == 2  # broken by the gap
    assert "Q2 90-91: no figure" in line.sparkline_text
    assert line.sparkline_text.endswith("Q4 90-91: 85.0%")

    page = signed_in(DATA_LEAD).get(SCORECARD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zq health assessments on time" in html
    assert "Zq two nurses left in January." in html
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in html
    assert '<span aria-hidden="true">▼ </span>Down' in html
    assert "Worse</strong>" in html
    assert "88.5%" in html
    assert 'class="masa-sparkline"' in html
    assert 'aria-hidden="true"' in html
    assert "style=" not in html  # the strict CSP allows no inline styles


def test_lower_is_better_and_red() -> None:
    waits = f.indicator(
        name="Zq days to a health assessment",
        unit=Unit.DAYS,
        polarity=Polarity.LOWER,
        green_from=Decimal(20),
        red_from=Decimal(28),
    )
    series(waits, [30, 24])
    line = line_of(dash.scorecard(northbridge()), waits)
    assert line.latest is not None
    assert line.latest.rating == Rating.AMBER
    assert line.direction.label == "Down, better"  # a fall, lower is better
    series(waits, [29], last=periods.quarter(2091, 1))
    line = line_of(dash.scorecard(northbridge()), waits)
    assert line.latest is not None
    assert line.latest.rating == Rating.RED
    assert line.direction.label == "Up, worse"


def test_a_partial_quarter_is_marked_and_left_out_of_direction_of_travel() -> None:
    """The quarter a source began in (565 for part of it) is a gap in the sparkline,
    "partial" in words, and not compared with; quarters before it have no figure."""
    contacts = f.indicator(name="Zq contacts since the front door opened")
    series(contacts, [565, 2100, 2300])
    first = contacts.measurements.get(period_start=QUARTERS[-3].start)
    first.partial = True
    first.save()
    line = line_of(dash.scorecard(northbridge()), contacts)
    assert line.direction.label == "Up, better"  # 2,100 to 2,300, not from 565
    assert "Q2 90-91: 565 (partial)" in line.sparkline_text
    assert "Q1 90-91: no figure" in line.sparkline_text
    assert line.sparkline is not None
    assert len(line.sparkline.lines) == 1
    # A partial latest figure is not the scorecard's latest, and not compared.
    f.measurement(contacts, periods.financial_year(2091), 700, partial=True)
    f.measurement(contacts, periods.quarter(2091, 1), 650, partial=True)
    line = line_of(dash.scorecard(northbridge()), contacts)
    assert line.latest is not None
    assert line.latest.period == LAST
    html = signed_in(DATA_LEAD).get(reverse("insight:indicator", args=[contacts.code]))
    assert (
        '565 <strong class="govuk-tag govuk-tag--yellow">partial</strong>' in html.content.decode()
    )
    only_partial = f.indicator(name="Zq only a part quarter")
    series(only_partial, [700, 300])
    only_partial.measurements.filter(period_start=LAST.start).update(partial=True)
    line = line_of(dash.scorecard(northbridge()), only_partial)
    assert line.direction == NOT_KNOWN


def test_a_quarter_shows_the_latest_yearly_comparator_labelled_with_its_year() -> None:
    on_time = timeliness()
    series(on_time, [95, 85])
    comparator(on_time, periods.financial_year(2088), Comparator.Kind.ENGLAND, 80)
    comparator(on_time, periods.financial_year(2089), Comparator.Kind.ENGLAND, 88.5)
    comparator(on_time, periods.financial_year(2089), Comparator.Kind.REGION, 87)
    comparator(on_time, LAST, Comparator.Kind.REGION, 86)  # the quarter's own comes first
    comparator(on_time, periods.financial_year(2091), Comparator.Kind.NEIGHBOURS, 1)  # later
    line = line_of(dash.scorecard(northbridge()), on_time)
    assert line.comparator_texts == [("England 2089-90", "88.5%"), ("Region", "86.0%")]
    html = signed_in(DATA_LEAD).get(SCORECARD).content.decode()
    assert "England 2089-90: 88.5%" in html


def test_yearly_indicator_shows_its_latest_year() -> None:
    yearly = f.indicator(
        name="Zq children on a plan at 31 March", frequency=Frequency.YEARLY, source=Source.CIN
    )
    for start, value in ((2087, 40), (2088, 44), (2089, 41), (2090, 39)):
        f.measurement(yearly, periods.financial_year(start), value)
    line = line_of(dash.scorecard(northbridge()), yearly)
    assert line.trend.span == dash.YEARS
    assert line.latest is not None
    assert line.latest.period == periods.financial_year(2090)
    assert line.latest.cell.text == "39"
    assert line.direction.label == "Down, worse"  # higher is better in the factory
    assert [p.code for p in line.trend.periods] == [
        "2086-87",
        "2087-88",
        "2088-89",
        "2089-90",
        "2090-91",
    ]


def test_no_figures_yet() -> None:
    empty = f.indicator(name="Zq never returned")
    series(timeliness(), [90])
    line = line_of(dash.scorecard(northbridge()), empty)
    assert line.latest is None
    assert line.direction == NOT_KNOWN
    assert line.sparkline is None
    html = signed_in(DATA_LEAD).get(SCORECARD).content.decode()
    assert "No figures yet." in html


def test_filters_by_function_and_priority() -> None:
    care = timeliness()
    health = f.indicator(name="Zq health visits", function=Function.HEALTH)
    neglect = plan_f.priority(name="Zq neglect", slug="zq-neglect")
    neglect.indicators.add(health)
    series(care, [90])
    series(health, [7])

    by_function = dash.scorecard(northbridge(), function=Function.CHILDREN_IN_CARE)
    assert care.pk in {line.indicator.pk for line in by_function.lines}
    assert health.pk not in {line.indicator.pk for line in by_function.lines}
    assert {s.function for s in by_function.sections} == {Function.CHILDREN_IN_CARE}
    by_priority = dash.scorecard(northbridge(), priority=neglect)
    assert [line.indicator.pk for line in by_priority.lines] == [health.pk]

    client = signed_in(DATA_LEAD)
    html = client.get(SCORECARD, {"priority": "zq-neglect"}).content.decode()
    assert "Zq health visits" in html
    assert "Zq health assessments on time" not in html
    refused = client.get(SCORECARD, {"function": "astrology"})
    assert refused.status_code == 400
    assert "Select a function from the list" in refused.content.decode()
    assert refused.content.decode().count("<title>Error: ") == 1


def test_inactive_indicators_are_not_on_the_scorecard() -> None:
    gone = f.indicator(name="Zq retired", is_active=False)
    series(gone, [5])
    assert gone.pk not in {line.indicator.pk for line in dash.scorecard(northbridge()).lines}


def _page_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SCORECARD).status_code == 200
    return len(queries)


def test_scorecard_reads_in_a_constant_number_of_queries() -> None:
    client = signed_in(DATA_LEAD)
    client.get(SCORECARD)  # the session's first request writes to it
    for n in range(3):
        made = timeliness(name=f"Zq few {n}")
        series(made, [float(80 + q) for q in range(12)])
        comparator(made, LAST, Comparator.Kind.ENGLAND, 85)
    few = _page_queries(client)
    for n in range(20):
        made = f.indicator(name=f"Zq many {n}", function=Function.EDUCATION)
        series(made, [float(q) for q in range(12)])
        comparator(made, LAST, Comparator.Kind.REGION, 5)
    assert _page_queries(client) == few


# --- a dashboard by function or priority, and one indicator -----------------------------


def test_function_dashboard_has_a_chart_and_its_table_per_indicator() -> None:
    on_time = timeliness()
    series(on_time, [90, 91, 85])
    comparator(on_time, LAST, Comparator.Kind.REGION, 87.5)
    page = signed_in(DATA_LEAD).get(reverse("insight:function", args=[Function.CHILDREN_IN_CARE]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Children in care and care leavers dashboard" in html
    chart = reverse("insight:chart", args=[on_time.code]) + "?span=quarters&amp;to=2090-91+Q4"
    assert f'<img class="masa-chart" src="{chart}"' in html
    assert "Line chart of Zq health assessments on time by quarter, Q1 88-89 to Q4 90-91" in html
    assert "87.5%" in html  # the region, in the table beside the chart
    assert (
        signed_in(DATA_LEAD).get(reverse("insight:function", args=["astrology"])).status_code == 404
    )


def test_priority_dashboard() -> None:
    visits = f.indicator(name="Zq visits")
    series(visits, [12])
    exploitation = plan_f.priority(
        name="Zq exploitation",
        slug="zq-exploitation",
        summary="Zq children at risk outside the home.",
    )
    exploitation.indicators.add(visits)
    client = signed_in(DATA_LEAD)
    html = client.get(reverse("insight:priority", args=["zq-exploitation"])).content.decode()
    assert "Zq exploitation dashboard" in html
    assert "Zq children at risk outside the home." in html
    assert "Zq visits" in html
    assert client.get(reverse("insight:priority", args=["zq-nothing"])).status_code == 404


def test_indicator_page_shows_definition_tolerance_and_every_figure() -> None:
    on_time = timeliness(definition="Zq assessments within 28 days of coming into care.")
    series(on_time, [75, 92], denominator=4000, numerator=None)
    latest = on_time.measurements.get(period_start=LAST.start)
    latest.numerator, latest.narrative = 3680, "Zq caught up."
    latest.save()
    comparator(on_time, LAST, Comparator.Kind.ENGLAND, 89)
    page = signed_in(DATA_LEAD).get(reverse("insight:indicator", args=[on_time.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zq assessments within 28 days of coming into care." in html
    assert "Green at 90.0% or more; red at 80.0% or less" in html
    assert "Q3 90-91" in html
    assert "Q4 90-91" in html
    assert "3,680" in html
    assert "4,000" in html
    assert "Zq caught up." in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html  # 75% in Q3
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in html
    assert "89.0%" in html
    figures = dash.indicator_figures(on_time)
    assert figures.quarters is not None
    assert figures.years is None
    missing = signed_in(DATA_LEAD).get(reverse("insight:indicator", args=["zq.no_such_code"]))
    assert missing.status_code == 404


def test_indicator_page_by_year_too() -> None:
    both = f.indicator(name="Zq contacts", source=Source.FRONT_DOOR, agency=None)
    series(both, [10, 12, 14, 16])
    f.measurement(both, periods.financial_year(2090), 52)
    figures = dash.indicator_figures(both)
    assert figures.years is not None
    assert figures.years.periods[-1] == periods.financial_year(2090)
    html = signed_in(DATA_LEAD).get(reverse("insight:indicator", args=[both.code])).content.decode()
    assert "By quarter" in html
    assert "By financial year" in html
    assert "?span=years&amp;to=2090-91" in html


# --- publication -------------------------------------------------------------------------


def test_publication_shows_only_publishable_indicators_with_small_numbers_hidden() -> None:
    public = f.indicator(name="Zq public count", publishable=True)
    private = f.indicator(name="Zq private count", publishable=False)
    series(public, [12, 3])
    series(private, [12, 3])
    card = dash.scorecard(northbridge(), publish=True)
    shown = {line.indicator.pk for line in card.lines}
    assert public.pk in shown
    assert private.pk not in shown
    line = line_of(card, public)
    assert line.latest is not None
    assert line.latest.cell.text == "[c]"
    assert line.latest.rating == Rating.NONE  # a rating would narrow the figure down
    assert line.direction == NOT_KNOWN
    assert line.sparkline is not None
    assert line.sparkline.dots  # the hidden quarter is a gap, the 12 a dot
    html = signed_in(DATA_LEAD).get(SCORECARD, {"publish": "1"}).content.decode()
    assert "Prepared for publication" in html
    assert "Zq private count" not in html
    assert "[c]" in html
    # Without publication, the same figure is shown.
    line = line_of(dash.scorecard(northbridge()), public)
    assert line.latest is not None
    assert line.latest.cell.text == "3"


def test_publication_hides_a_second_quarter_when_the_year_is_shown() -> None:
    contacts = f.indicator(name="Zq published contacts", publishable=True, source=Source.FRONT_DOOR)
    series(contacts, [3, 20, 8, 12])
    f.measurement(contacts, periods.financial_year(2090), 43)
    figures = dash.indicator_figures(contacts, publish=True)
    assert figures.quarters is not None
    assert figures.years is not None
    shown = [p.cell.text if p else None for p in figures.quarters.points[-4:]]
    assert shown == ["[c]", "20", "[c]", "12"]
    assert figures.years.points[-1] is not None
    assert figures.years.points[-1].cell.text == "43"
    # The scorecard hides the same quarters (it reads whole years too).
    line = line_of(dash.scorecard(northbridge(), publish=True), contacts)
    assert [p.cell.text for p in line.trend.points[-4:] if p] == ["[c]", "20", "[c]", "12"]


def test_publication_flags_percentages_on_fewer_than_10_cases() -> None:
    rate = timeliness(name="Zq small base", publishable=True)
    f.measurement(rate, LAST, 66.7, numerator=6, denominator=9)
    line = line_of(dash.scorecard(northbridge(), publish=True), rate)
    assert line.latest is not None
    assert line.latest.cell.text == "66.7%"
    assert line.latest.cell.flag == "unreliable: fewer than 10 cases"
    html = signed_in(DATA_LEAD).get(SCORECARD, {"publish": "1"}).content.decode()
    assert "unreliable: fewer than 10 cases</strong>" in html
    assert "fewer than 10 cases, so one case more or less" in html


def test_publication_protects_the_parts_of_a_breakdown() -> None:
    codes = {"NEG": 60.0, "PHY": 3.0, "EMO": 25.0, "SAB": 12.0}
    made = {
        code: f.indicator(
            code=f"zq.category_pct.{code}",
            name=f"Zq category {code}",
            unit=Unit.PERCENT,
            publishable=True,
            source=Source.CIN,
            function=Function.CHILD_PROTECTION,
        )
        for code in codes
    }
    for code, value in codes.items():
        f.measurement(made[code], LAST, value, numerator=int(value), denominator=100)
    card = dash.scorecard(northbridge(), function=Function.CHILD_PROTECTION, publish=True)
    texts = {code: line_of(card, made[code]).latest for code in codes}
    assert {code: p.cell.text for code, p in texts.items() if p} == {
        "NEG": "60.0%",
        "PHY": "[c]",
        "EMO": "25.0%",
        "SAB": "[c]",
    }
    # One part on its own page is hidden the same way (its siblings are read too).
    figures = dash.indicator_figures(made["SAB"], publish=True)
    assert figures.quarters is not None
    assert figures.quarters.points[-1] is not None
    assert figures.quarters.points[-1].cell.text == "[c]"


def test_indicator_not_for_publication_shows_no_figures_when_publishing() -> None:
    private = f.indicator(name="Zq private", publishable=False)
    series(private, [4321])
    client = signed_in(DATA_LEAD)
    url = reverse("insight:indicator", args=[private.code])
    html = client.get(url, {"publish": "1"}).content.decode()
    assert "This indicator is not for publication" in html
    assert "4,321" not in html
    assert "4,321" in client.get(url).content.decode()
    chart = reverse("insight:chart", args=[private.code])
    assert client.get(chart, {"publish": "1"}).status_code == 404
    assert client.get(chart).status_code == 200


# --- the index and refreshing the platform's figures -------------------------------------


def test_index_lists_functions_and_priorities() -> None:
    plan_f.priority(name="Zq hoarding", slug="zq-hoarding")
    timeliness()
    page = signed_in(DATA_LEAD).get(reverse("insight:dashboards"))
    assert page.status_code == 200
    html = page.content.decode()
    for function in Function:
        assert reverse("insight:function", args=[function.value]) in html
    assert reverse("insight:priority", args=["zq-hoarding"]) in html
    assert reverse("insight:scorecard") in html
    assert reverse("insight:exceptions") in html
    assert "Refresh platform figures" not in html  # the data lead does not manage insight


def test_business_manager_refreshes_platform_figures() -> None:
    from masa.core.models import AuditEvent

    client = signed_in(BUSINESS_MANAGER)
    page = client.get(reverse("insight:dashboards"))
    assert "Refresh platform figures" in page.content.decode()
    before = AuditEvent.objects.filter(verb="platform_measurements.compute").count()
    done = client.post(reverse("insight:dashboards"), follow=True)
    assert done.status_code == 200
    assert "Platform figures refreshed" in done.content.decode()
    events = AuditEvent.objects.filter(verb="platform_measurements.compute")
    assert events.count() == before + 1
    event = events.latest("pk")
    assert event.actor is not None
    assert event.actor.email == BUSINESS_MANAGER
    assert event.partnership == northbridge()
    assert event.changes["today"] == timezone.localdate().isoformat()


def test_data_lead_cannot_refresh_platform_figures() -> None:
    assert signed_in(DATA_LEAD).post(reverse("insight:dashboards")).status_code == 404
