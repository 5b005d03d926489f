"""CSV and Excel exports of what each dashboard page shows, parsed back."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from masa.insight import periods
from masa.insight.models import Comparator, Function, Source
from tests.helpers import DATA_LEAD, signed_in
from tests.insight import factories as f
from tests.insight.test_dashboards import LAST, comparator, series, timeliness
from tests.plan import factories as plan_f

pytestmark = pytest.mark.django_db

NB = "Northbridge Safeguarding Partnership"


def rows_of(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def book_of(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def value(rows: list[dict[str, str]], table: str, group: str, measure: str) -> str:
    (found,) = [
        r["value"]
        for r in rows
        if r["table"] == table and r["group"] == group and r["measure"] == measure
    ]
    return found


def test_scorecard_csv_has_each_figure_shown() -> None:
    on_time = timeliness()
    series(on_time, [95, 85])
    comparator(on_time, LAST, Comparator.Kind.ENGLAND, 88.5)
    story = on_time.measurements.get(period_start=LAST.start)
    story.narrative = "Zq two nurses left."
    story.save()
    response = signed_in(DATA_LEAD).get(reverse("insight:scorecard"), {"format": "csv"})
    assert 'filename="scorecard-northbridge.csv"' in response["Content-Disposition"]
    rows = rows_of(response)
    name = "Zq health assessments on time"
    assert value(rows, "Scorecard", name, "Figure") == "85.0"
    assert value(rows, "Scorecard", name, "Period") == "Q4 90-91"
    assert value(rows, "Scorecard", name, "Rating") == "Amber"
    assert value(rows, "Scorecard", name, "Direction of travel") == "Down"
    assert value(rows, "Scorecard", name, "Better or worse") == "Worse"
    assert value(rows, "Scorecard", name, "Comparators' period") == "2090-91 Q4"
    assert value(rows, "Scorecard", name, "England") == "88.5"
    assert value(rows, "Scorecard", name, "Region") == "not available"
    assert value(rows, "Scorecard", name, "The story behind the figures") == "Zq two nurses left."
    assert value(rows, "Scorecard", name, "Trend").endswith("Q3 90-91: 95.0%; Q4 90-91: 85.0%")


def test_scorecard_xlsx_has_figures_as_numbers() -> None:
    on_time = timeliness()
    series(on_time, [95, 85])
    book = book_of(
        signed_in(DATA_LEAD).get(
            reverse("insight:scorecard"),
            {"format": "xlsx", "function": Function.CHILDREN_IN_CARE},
        )
    )
    assert book.sheetnames == ["README", "Scorecard"]
    readme = {row[0]: row[1] for row in book["README"].iter_rows(values_only=True) if row[0]}
    assert readme["Function"] == "Children in care and care leavers"
    assert readme["Prepared for publication"] == "No"
    sheet = book["Scorecard"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == on_time.name)
    figure = row[header.index("Figure")]
    assert figure.value == pytest.approx(0.85)
    assert figure.number_format == "0.0%"
    assert row[header.index("Rating")].value == "Amber"


def test_exports_are_safe_from_formulas() -> None:
    sneaky = timeliness(name='=HYPERLINK("http://example.invalid","Zq")')
    series(sneaky, [90])
    story = sneaky.measurements.get()
    story.narrative = "+cmd|' /C calc'!A0"
    story.save()
    client = signed_in(DATA_LEAD)
    rows = rows_of(client.get(reverse("insight:scorecard"), {"format": "csv"}))
    groups = {r["group"] for r in rows}
    assert '\'=HYPERLINK("http://example.invalid","Zq")' in groups
    assert not any(g.startswith("=") for g in groups)
    assert "'+cmd|' /C calc'!A0" in {r["value"] for r in rows}
    book = book_of(client.get(reverse("insight:scorecard"), {"format": "xlsx"}))
    cell = next(
        r[0] for r in book["Scorecard"].iter_rows(min_row=2) if "HYPERLINK" in str(r[0].value)
    )
    assert cell.data_type == "s"  # text, never a formula


def test_publication_exports_hide_and_flag_as_the_page_does() -> None:
    small = timeliness(name="Zq small published", publishable=True)
    f.measurement(small, LAST, 66.7, numerator=6, denominator=9)
    count = f.indicator(name="Zq count published", publishable=True)
    series(count, [3])
    private = f.indicator(name="Zq not published")
    series(private, [30])
    client = signed_in(DATA_LEAD)
    response = client.get(reverse("insight:scorecard"), {"format": "csv", "publish": "1"})
    assert "scorecard-northbridge-for-publication.csv" in response["Content-Disposition"]
    rows = rows_of(response)
    assert value(rows, "Scorecard", "Zq small published", "Figure") == "66.7"
    assert (
        value(rows, "Scorecard", "Zq small published", "Reliability")
        == "unreliable: fewer than 10 cases"
    )
    assert value(rows, "Scorecard", "Zq count published", "Figure") == "[c]"
    assert "Zq not published" not in {r["group"] for r in rows}
    notes = [r["value"] for r in rows if r["table"] == "Notes"]
    assert any("counts of 1 to 4 are shown as [c]" in note for note in notes)
    assert any("fewer than 10 cases" in note for note in notes)
    book = book_of(client.get(reverse("insight:scorecard"), {"format": "xlsx", "publish": "1"}))
    notes = [row[1] for row in book["README"].iter_rows(values_only=True) if row[0] == "Note"]
    assert any("[c]" in str(note) for note in notes)
    sheet = book["Scorecard"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Zq count published")
    assert row[header.index("Figure")].value == "[c]"


def test_indicator_export_has_every_column_of_its_table() -> None:
    both = f.indicator(name="Zq contacts export", source=Source.FRONT_DOOR, agency=None)
    series(both, [10, 12], numerator=None)
    f.measurement(both, periods.financial_year(2090), 52, narrative="Zq busy year")
    rows = rows_of(
        signed_in(DATA_LEAD).get(reverse("insight:indicator", args=[both.code]), {"format": "csv"})
    )
    assert value(rows, "Zq contacts export by quarter", "Q4 90-91", NB) == "12"
    assert value(rows, "Zq contacts export by quarter", "Q2 90-91", NB) == "no figure"
    assert value(rows, "Zq contacts export by financial year", "2090-91", NB) == "52"
    assert (
        value(
            rows, "Zq contacts export by financial year", "2090-91", "The story behind the figures"
        )
        == "Zq busy year"
    )
    book = book_of(
        signed_in(DATA_LEAD).get(reverse("insight:indicator", args=[both.code]), {"format": "xlsx"})
    )
    assert book.sheetnames == [
        "README",
        "By quarter",
        "By financial year",
    ]


def test_function_priority_index_and_exceptions_export() -> None:
    on_time = timeliness()
    series(on_time, [95, 50])
    neglect = plan_f.priority(name="Zq neglect", slug="zq-n")
    neglect.indicators.add(on_time)
    client = signed_in(DATA_LEAD)
    function_rows = rows_of(
        client.get(reverse("insight:function", args=[Function.CHILDREN_IN_CARE]), {"format": "csv"})
    )
    tables = {r["table"] for r in function_rows}
    assert {"Scorecard", "Zq health assessments on time by quarter"} <= tables
    priority_book = book_of(
        client.get(reverse("insight:priority", args=["zq-n"]), {"format": "xlsx"})
    )
    assert priority_book.sheetnames[:2] == ["README", "Scorecard"]
    index_rows = rows_of(client.get(reverse("insight:dashboards"), {"format": "csv"}))
    assert value(index_rows, "Dashboards", "Zq neglect", "Indicators in use") == "1"
    exception_rows = rows_of(
        client.get(reverse("insight:exceptions"), {"format": "csv", "quarter": LAST.code})
    )
    table = f"Exceptions, {LAST.label}"
    reasons = [
        r["value"]
        for r in exception_rows
        if r["table"] == table
        and r["group"] == "Zq health assessments on time"
        and r["measure"] == "Reason"
    ]
    assert any("red line" in reason for reason in reasons)
    assert any(reason.startswith("Down ") and "percentage points" in reason for reason in reasons)


def test_partial_figures_say_so_in_csv_and_excel() -> None:
    on_time = timeliness()
    series(on_time, [95, 85])
    f.measurement(on_time, periods.financial_year(2090), 90, partial=True)
    client = signed_in(DATA_LEAD)
    url = reverse("insight:indicator", args=[on_time.code])
    rows = rows_of(client.get(url, {"format": "csv"}))
    partial = [r for r in rows if r["group"] == "2090-91" and r["measure"] == "Reliability"]
    assert [r["value"] for r in partial] == ["partial"]
    book = book_of(client.get(url, {"format": "xlsx"}))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert "partial" in cells
