"""The money pages against every demo person: the business unit and the executive see
every figure, figures-only roles the totals; everyone else (and another partnership's
people, for Northbridge's figures) gets 404."""

from __future__ import annotations

from typing import Any

import pytest

from masa.core.models import Partnership
from masa.finance import imports
from tests import helpers as h
from tests.finance import seed

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER}
MANAGE = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
DETAIL = MANAGE | {h.EXECUTIVE}
TOTALS = DETAIL | {h.SCRUTINEER, h.SUBGROUP_CHAIR, h.DATA_LEAD}


@pytest.fixture
def records() -> dict[str, Any]:
    northbridge = Partnership.objects.get(slug="northbridge")
    imports.budget_import(
        acting=None, partnership=northbridge, data=seed.BUDGET.encode(), file_name="b.csv"
    )
    imports.contributions_import(
        acting=None, partnership=northbridge, data=seed.CONTRIBUTIONS.encode(), file_name="c.csv"
    )
    from masa.finance.models import Contribution

    contribution = Contribution.objects.filter(partnership=northbridge, year=2019).first()
    assert contribution is not None
    return {"year": seed.YEAR, "contribution": contribution.pk}


MATRIX: list[tuple[str, set[str]]] = [
    ("/money/?year={year}", TOTALS | SOUTHMOOR),
    ("/money/summary.xlsx?year={year}", TOTALS | SOUTHMOOR),
    ("/money/summary.csv?year={year}", TOTALS | SOUTHMOOR),
    ("/money/import/", MANAGE | SOUTHMOOR),
    ("/money/in-kind/new/", MANAGE | SOUTHMOOR),
    ("/money/reserve/?year={year}", MANAGE | SOUTHMOOR),
    ("/money/lines/new/", MANAGE | SOUTHMOOR),
    ("/money/contributions/{contribution}/", MANAGE),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_the_detail_is_for_the_business_unit_and_the_executive(records: dict[str, Any]) -> None:
    url = f"/money/?year={seed.YEAR}"
    for who in DETAIL:
        text = h.signed_in(who).get(url).content.decode()
        assert "Mercia Vale Police" in text, who
        assert "147,340" in text, who
        assert "223,216" in text, who
    for who in TOTALS - DETAIL:
        text = h.signed_in(who).get(url).content.decode()
        assert "223,216" in text, who
        assert "372,097" in text, who
        assert "Mercia Vale Police" not in text, who
        assert "147,340" not in text, who
    southmoor = h.signed_in(h.SOUTHMOOR_MANAGER).get(url).content.decode()
    assert "223,216" not in southmoor
    assert "No money is recorded" in southmoor


def test_the_upload_page_imports_and_lists_bad_rows() -> None:
    client = h.signed_in(h.BUSINESS_UNIT_OFFICER)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = b"year,agency,amount\n2019-20,Nobody,5\n2019-20,Mercia Vale Police,abc\n"
    answer = client.post(
        "/money/import/",
        {"kind": "contributions", "file": SimpleUploadedFile("c.csv", bad, "text/csv")},
    )
    text = answer.content.decode()
    assert answer.status_code == 400
    assert "There is a problem" in text
    assert "Line 2:" in text
    assert "Line 3:" in text
    good = client.post(
        "/money/import/",
        {"kind": "budget", "file": SimpleUploadedFile("b.csv", seed.BUDGET.encode(), "text/csv")},
    )
    assert good.status_code == 302
    assert good["Location"] == f"/money/?year={seed.YEAR}"
    empty = client.post("/money/import/", {})
    assert empty.status_code == 400


def test_an_in_kind_contribution_is_recorded_once_and_shown(records: dict[str, Any]) -> None:
    from masa.core.models import Agency

    police = Agency.objects.get(name="Mercia Vale Police")
    client = h.signed_in(h.BUSINESS_MANAGER)
    form = {
        "year": "2019",
        "agency": str(police.pk),
        "description": "Zq training capacity: two trainers for ten days",
        "value": "4500",
    }
    first = client.post("/money/in-kind/new/", form)
    assert first.status_code == 302
    text = client.get(f"/money/?year={seed.YEAR}").content.decode()
    assert "Zq training capacity" in text
    assert "4,500" in text
    wrong = client.post("/money/in-kind/new/", {**form, "value": "lots", "agency": "x"})
    assert wrong.status_code == 400
    assert "Value must be an amount in pounds" in wrong.content.decode()


def test_the_reserve_dates_and_a_new_line_through_their_forms(records: dict[str, Any]) -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    saved = client.post(
        f"/money/reserve/?year={seed.YEAR}",
        {"brought_forward": "299427", "carried_forward": "448308.50"},
    )
    assert saved.status_code == 302
    text = client.get(f"/money/?year={seed.YEAR}").content.decode()
    assert "reserve balance of £299,427 brought forward" in text
    assert "£448,308.50" in text
    assert (
        client.post(f"/money/reserve/?year={seed.YEAR}", {"brought_forward": "lots"}).status_code
        == 400
    )
    url = f"/money/contributions/{records['contribution']}/"
    future = client.post(
        url, {"agreed_on_day": "1", "agreed_on_month": "1", "agreed_on_year": "2999"}
    )
    assert future.status_code == 400
    assert "must be today or in the past" in future.content.decode()
    assert (
        client.post(
            url, {"agreed_on_day": "10", "agreed_on_month": "3", "agreed_on_year": "2019"}
        ).status_code
        == 302
    )
    assert "10 March 2019" in client.get(f"/money/?year={seed.YEAR}").content.decode()
    assert client.post("/money/lines/new/", {}).status_code == 400
    assert (
        client.post(
            "/money/lines/new/", {"section": "non_staffing", "name": "Zq Independent audits"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/money/lines/new/", {"section": "non_staffing", "name": "zq independent AUDITS"}
        ).status_code
        == 400
    )
    northbridge = Partnership.objects.get(slug="northbridge")
    result = imports.budget_import(
        acting=h.acting(h.BUSINESS_MANAGER),
        partnership=northbridge,
        data=b"year,section,line,budget,actual\n"
        b"2019-20,non_staffing,Zq independent audits,100,90\n",
        file_name="x.csv",
    )
    assert result.added == 1


def test_the_downloads_hold_what_the_reader_may_see(records: dict[str, Any]) -> None:
    from io import BytesIO

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    full = h.signed_in(h.EXECUTIVE).get(f"/money/summary.csv?year={seed.YEAR}")
    text = full.content.decode()
    assert "2019-20,net_position,Net position,223050.00,223216.00" in text
    assert "Mercia Vale Police" in text
    totals = h.signed_in(h.SCRUTINEER).get(f"/money/summary.csv?year={seed.YEAR}").content
    assert b"Net position,223050.00,223216.00" in totals
    assert b"Mercia Vale Police" not in totals
    book = h.signed_in(h.BUSINESS_MANAGER).get(f"/money/summary.xlsx?year={seed.YEAR}")
    sheet = load_workbook(BytesIO(book.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Net position"][:2] == (223050, 223216)
    assert rows["Total contributions"][0] == 372097
