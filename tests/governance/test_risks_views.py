"""The risk register's pages through real forms: adding and reviewing a risk, bad input
(scores off the scale, dates, missing fields) answered with the error summary, the
heat map, the score history (chart and table), the register by owner and as Excel."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from masa.governance.models_risks import Risk
from tests import helpers as h
from tests.governance import risk_factories as f

pytestmark = pytest.mark.usefixtures("demo")


def _new_risk(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Zq: health visitors cannot reach the MASH",
        "description": "Calls go unanswered.",
        "cause": "Vacancies.",
        "effect": "Delay for babies.",
        "category": "practice",
        "owner": str(h.person(h.SUBGROUP_CHAIR).pk),
        "owner_group": "",
        "controls": "A duty line.",
        "inherent_likelihood": "5",
        "inherent_impact": "5",
        "current_likelihood": "4",
        "current_impact": "4",
        "target_likelihood": "2",
        "target_impact": "3",
    }
    data.update(changes)
    return data


def test_the_business_unit_adds_a_risk_through_the_form_once() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    response = client.post("/governance/risks/new/", _new_risk())
    assert response.status_code == 302
    risk = Risk.objects.get(title="Zq: health visitors cannot reach the MASH")
    assert response["Location"] == f"/governance/risks/{risk.pk}/"
    assert risk.current_score == 16
    page = client.get(response["Location"]).content.decode()
    assert "Score history" in page
    assert "<svg" in page
    assert "Review 1" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"current_impact": "6"}, "Current impact must be from 1 to 5"),
        ({"inherent_likelihood": "0"}, "Inherent likelihood must be from 1 to 5"),
        ({"inherent_likelihood": "x"}, "Inherent likelihood must be from 1 to 5"),
        ({"target_likelihood": "5", "target_impact": "5"}, "target score cannot be higher"),
        ({"title": ""}, "Enter the risk&#x27;s title"),
        ({"owner": "999999"}, "Select one of the options"),
        ({"description": "x" * 6000}, "5,000 characters or fewer"),
    ],
)
def test_bad_input_shows_the_error_summary_and_saves_nothing(
    changes: dict[str, str], message: str
) -> None:
    response = h.signed_in(h.BUSINESS_MANAGER).post("/governance/risks/new/", _new_risk(**changes))
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert message in text
    assert not Risk.objects.filter(title__startswith="Zq").exists()


def test_the_owner_reviews_through_the_form_and_a_bad_date_is_refused() -> None:
    risk = f.risk(owner=h.SUBGROUP_CHAIR)
    client = h.signed_in(h.SUBGROUP_CHAIR)
    today = timezone.localdate()
    data = {
        "inherent_likelihood": "4",
        "inherent_impact": "5",
        "current_likelihood": "2",
        "current_impact": "4",
        "target_likelihood": "2",
        "target_impact": "3",
        "controls": "Deputies attend.",
        "note": "Zq: better this quarter.",
        "on_day": "31",
        "on_month": "2",
        "on_year": str(today.year),
    }
    bad = client.post(f"/governance/risks/{risk.pk}/review/", data)
    assert bad.status_code == 400
    assert "must be a real date" in bad.content.decode()
    data.update(on_day=str(today.day), on_month=str(today.month))
    assert "status" not in client.get(f"/governance/risks/{risk.pk}/review/").context["form"].fields
    ok = client.post(f"/governance/risks/{risk.pk}/review/", data)
    assert ok.status_code == 302
    risk.refresh_from_db()
    assert risk.current_score == 8
    assert risk.reviews.count() == 2


def test_the_heat_map_counts_current_scores_with_a_table_by_rating() -> None:
    f.risk(scores=f.scores(current=(5, 5), target=(2, 2), inherent=(5, 5)))
    page = h.signed_in(h.EXECUTIVE).get("/governance/risks/heat-map/")
    text = page.content.decode()
    heat = page.context["heat"]
    top_row_impact, cells = heat.rows[0]
    assert top_row_impact == 5
    assert cells[4].count >= 1
    assert cells[4].band.code == "very_high"
    assert "Risks by rating" in text


def test_overdue_and_by_owner_pages_show_a_risk_past_its_review_date() -> None:
    risk = f.risk(owner=h.SUBGROUP_CHAIR)
    Risk.objects.filter(pk=risk.pk).update(review_due_on=timezone.localdate().replace(year=2020))
    client = h.signed_in(h.BUSINESS_UNIT_OFFICER)
    overdue = client.get("/governance/risks/overdue/").content.decode()
    assert risk.title in overdue
    by_owner = client.get("/governance/risks/by-owner/")
    row = next(r for r in by_owner.context["by_person"] if r.label == "Harry Whitfield")
    assert row.overdue >= 1


def test_the_register_downloads_as_excel_with_every_review() -> None:
    risk = f.risk()
    response = h.signed_in(h.SCRUTINEER).get("/governance/risk-register.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    register = [row for row in book["Register"].iter_rows(values_only=True)]
    assert register[0][0] == "Reference"
    assert any(row[1] == risk.title for row in register)
    reviews = list(book["Reviews"].iter_rows(values_only=True))
    assert any(row[0] == risk.reference and row[1] == 1 for row in reviews)


def test_a_formula_in_a_title_stays_text_in_the_spreadsheet() -> None:
    f.risk(title='=HYPERLINK("http://x")')
    response = h.signed_in(h.BUSINESS_MANAGER).get("/governance/risk-register.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Register"]
    cells = [row[1] for row in sheet.iter_rows() if str(row[1].value).startswith("=HYPER")]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
