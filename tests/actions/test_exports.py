"""The action plan's exports read back: the Excel workbook with openpyxl and the Word
report with python-docx, filtered as the page was, with drift counted over the rows."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import openpyxl  # type: ignore[import-untyped]
import pytest
from django.urls import reverse

from masa.actions import exports
from masa.core.models import Partnership
from masa.reviews.models import Review
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")
D = datetime.date
FORMULA = '=HYPERLINK("https://example.invalid","click")'


@pytest.fixture
def plan() -> dict[str, Any]:
    review = f.review(status=Review.Status.IN_PROGRESS)
    theme = f.theme(name=f"Zq export theme {f.n()}")
    recommendation = f.recommendation(review, themes=[theme], text="Zq: share information")
    late = f.action(
        recommendation, due_on=D(2020, 5, 1), what=FORMULA, owner=h.person(h.POLICE_BOTH)
    )
    # Last updated long ago: it has drifted as well as run late.
    f.action_update(
        late,
        status="on_track",
        progress="Zq: started",
        at=datetime.datetime(2020, 4, 1, 12, tzinfo=datetime.UTC),
    )
    at_risk = f.action(recommendation, f.HOSPITALS, what="Zq: train the ward staff\x07")
    f.action_update(at_risk, status="at_risk", progress="Zq: no trainer")
    other = f.action(f.recommendation(f.review()), what="Zq: another review's action")
    return {"review": review, "theme": theme, "late": late, "at_risk": at_risk, "other": other}


def test_the_workbook_holds_the_filtered_plan_as_text_dates_and_counts(
    plan: dict[str, Any],
) -> None:
    review = plan["review"]
    response = h.signed_in(h.EXECUTIVE).get(
        reverse("actions:action-plan-xlsx"), {"review": review.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith(
        'attachment; filename="action-plan-northbridge-'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["README", "Actions", "By agency", "By review"]
    readme = {row[0]: row[1] for row in book["README"].iter_rows(values_only=True)}
    assert readme["Filters"] == f"Review: {review.reference}"
    sheet = book["Actions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == exports.ACTION_HEADINGS
    by_what = {row[6]: row for row in rows[1:]}
    assert set(by_what) == {FORMULA, "Zq: train the ward staff"}
    late = by_what[FORMULA]
    assert late[0] == review.reference
    assert late[3] == plan["theme"].name
    assert late[4] == f.POLICE
    assert late[5] == "Maya Singh"
    assert late[8] == datetime.datetime(2020, 5, 1)
    assert late[9] == "Overdue"
    assert "No update for 6 weeks" in late[10]
    # A formula from someone's text stays text.
    formula_cell = next(c for c in sheet["G"] if c.value == FORMULA)
    assert formula_cell.data_type == "s"
    assert by_what["Zq: train the ward staff"][9] == "At risk"
    agencies = {row[0]: row[1:] for row in book["By agency"].iter_rows(min_row=2, values_only=True)}
    assert agencies[f.POLICE] == (1, 1, 1, 1, 0)
    assert agencies[f.HOSPITALS] == (1, 1, 0, 0, 1)
    assert agencies["All actions"] == (2, 2, 1, 1, 1)
    reviews = {row[0]: row[1:] for row in book["By review"].iter_rows(min_row=2, values_only=True)}
    assert reviews[review.reference] == (2, 2, 1, 1, 1)


def test_the_word_report_reads_back_with_drift_and_every_action(plan: dict[str, Any]) -> None:
    review = plan["review"]
    response = h.signed_in(h.EXECUTIVE).get(
        reverse("actions:action-plan-docx"), {"theme": plan["theme"].pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.DOCX_CONTENT_TYPE
    assert response["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Action plan: Northbridge" in text
    assert f"Theme: {plan['theme'].name}" in text
    assert "1 overdue" in text
    assert "1 at risk" in text
    by_agency, by_review, actions = document.tables
    assert [c.text for c in by_agency.rows[0].cells] == [
        "Owning agency",
        "Actions",
        "Open",
        "Overdue",
        "No update for 6 weeks",
        "At risk",
    ]
    assert [c.text for c in by_review.rows[-1].cells][:2] == ["All actions", "2"]
    rows = [[c.text for c in row.cells] for row in actions.rows]
    assert len(rows) == 3
    assert {row[3] for row in rows[1:]} == {FORMULA, "Zq: train the ward staff"}
    late = next(row for row in rows if row[3] == FORMULA)
    assert late[0] == review.reference
    assert late[2] == f"{f.POLICE} (Maya Singh)"
    assert late[5].startswith("Overdue; No update for 6 weeks")
    assert plan["other"].what not in "\n".join("".join(row) for row in rows)


def test_the_exports_follow_the_agency_filter(plan: dict[str, Any]) -> None:
    hospitals = f.agency(f.HOSPITALS).pk
    client = h.signed_in(h.BUSINESS_MANAGER)
    response = client.get(
        reverse("actions:action-plan-xlsx"), {"agency": hospitals, "review": plan["review"].pk}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    whats = [row[6] for row in book["Actions"].iter_rows(min_row=2, values_only=True)]
    assert whats == ["Zq: train the ward staff"]


def test_an_invalid_filter_sends_the_person_back_to_the_plan(plan: dict[str, Any]) -> None:
    response = h.signed_in(h.BUSINESS_MANAGER).get(
        reverse("actions:action-plan-docx"), {"status": "nonsense"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("actions:action-plan") + "?status=nonsense")


def test_an_empty_plan_still_makes_both_files() -> None:
    partnership = Partnership.objects.get(slug="northbridge")
    plan = exports.PlanExport(partnership=partnership, rows=[], filters=[], stale_text="6 weeks")
    book = openpyxl.load_workbook(io.BytesIO(exports.action_plan_xlsx(plan)))
    assert book["Actions"].max_row == 1
    document = docx.Document(io.BytesIO(exports.action_plan_docx(plan)))
    assert len(document.tables[-1].rows) == 1
    assert "0 actions, 0 open" in "\n".join(p.text for p in document.paragraphs)
