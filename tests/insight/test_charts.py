"""Trend charts (matplotlib SVG) and the scorecard's sparklines."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import etree

from masa.insight.charts import ChartSeries, sparkline, trend_svg
from masa.insight.models import Comparator
from tests.helpers import DATA_LEAD, signed_in
from tests.insight.test_dashboards import LAST, comparator, series, timeliness

SVG = "{http://www.w3.org/2000/svg}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def parse(svg: bytes) -> etree._Element:
    return etree.fromstring(svg, PARSER)


def texts(root: etree._Element) -> str:
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def test_trend_chart_is_valid_svg_with_its_words_as_text() -> None:
    svg = trend_svg(
        title="Zq assessments on time & <quickly>",
        labels=["Q1 90-91", "Q2 90-91", "Q3 90-91", "Q4 90-91"],
        series=[
            ChartSeries("Northbridge", (80.0, None, 85.5, 90.0)),
            ChartSeries("England", (82.0, 83.0, 84.0, 85.0)),
            ChartSeries("Region", (None, None, None, None)),  # nothing to draw: no legend
            ChartSeries("Statistical neighbours", (79.0, 80.0, 81.0, 82.0)),
        ],
        unit="percent",
    )
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    words = texts(root)
    assert "Zq assessments on time & <quickly>" in words
    assert "Northbridge" in words
    assert "England" in words
    assert "Statistical neighbours" in words
    assert "Region" not in words
    assert "Percentage" in words
    assert "Q4 90-91" in words
    assert root.findall(f".//{SVG}image") == []  # nothing embedded or fetched
    assert b"<script" not in svg
    # The same figures draw the same bytes (no dates, a fixed hash salt).
    again = trend_svg(
        title="Zq assessments on time & <quickly>",
        labels=["Q1 90-91", "Q2 90-91", "Q3 90-91", "Q4 90-91"],
        series=[
            ChartSeries("Northbridge", (80.0, None, 85.5, 90.0)),
            ChartSeries("England", (82.0, 83.0, 84.0, 85.0)),
            ChartSeries("Region", (None, None, None, None)),
            ChartSeries("Statistical neighbours", (79.0, 80.0, 81.0, 82.0)),
        ],
        unit="percent",
    )
    assert again == svg


def test_a_chart_with_nothing_to_draw_says_so() -> None:
    root = parse(
        trend_svg(
            title="Zq empty",
            labels=["2090-91"],
            series=[ChartSeries("Northbridge", (None,))],
            unit="count",
        )
    )
    assert "No figures to draw" in texts(root)


def test_dollar_signs_are_not_maths() -> None:
    root = parse(
        trend_svg(
            title="Zq $5 to $10 grants",
            labels=["Q1"],
            series=[ChartSeries("Northbridge", (1.0,))],
            unit="count",
        )
    )
    assert "Zq $5 to $10 grants" in texts(root)


def test_sparkline_geometry() -> None:
    line = sparkline([10, 20, None, 30, None], width=100, height=20, pad=0)
    assert line is not None
    assert line.lines == ("0,20 25,10",)  # the first run; a gap; then 30 alone
    assert line.dots == ((75.0, 0.0),)
    assert line.last == (75.0, 0.0)
    flat = sparkline([5, 5, 5], width=100, height=20, pad=0)
    assert flat is not None
    assert flat.lines == ("0,10 50,10 100,10",)
    single = sparkline([7], width=100, height=20, pad=0)
    assert single is not None
    assert single.dots == ((0.0, 10.0),)
    assert sparkline([None, None]) is None
    assert sparkline([]) is None


@pytest.mark.django_db
def test_chart_page_serves_svg_with_its_own_narrow_policy() -> None:
    on_time = timeliness()
    series(on_time, [90, 85, 88])
    comparator(on_time, LAST, Comparator.Kind.ENGLAND, 87)
    client = signed_in(DATA_LEAD)
    url = reverse("insight:chart", args=[on_time.code])
    response = client.get(url, {"span": "quarters", "to": LAST.code})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy
    assert "default-src 'none'" in policy
    assert "script-src" not in policy
    words = texts(parse(response.content))
    assert "Zq health assessments on time" in words
    assert "England" in words
    assert "Q1 88-89" in words  # twelve quarters to the one asked for
    # Pages keep the strict policy.
    page = client.get(reverse("insight:indicator", args=[on_time.code]))
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    for bad in ({"span": "decades"}, {"to": "2090-91"}, {"to": "soon"}, {"span": "years"}):
        assert client.get(url, bad).status_code == 404, bad
