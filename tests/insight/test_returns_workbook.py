"""The Excel template of a return: downloaded pre-filled, filled in with openpyxl as a
person would in Excel, and uploaded back through the page. Good figures go into the
draft (never submitted), each bad cell is named by sheet and cell, and a file that is
not this return's template is refused whole."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from masa.core.models import Partnership
from masa.core.workbooks import XLSX_CONTENT_TYPE
from masa.insight import selectors, services, workbook
from masa.insight.models import DataReturn, Indicator, Unit
from masa.insight.validation import Entry
from tests import helpers as h
from tests.insight.factories import data_return, far_quarter, indicator

pytestmark = pytest.mark.usefixtures("demo")

ICB = "Mercia Vale Integrated Care Board"


@pytest.fixture
def icb_return() -> DataReturn:
    services.catalogue_install(actor=None, partnership=Partnership.objects.get(slug="northbridge"))
    return data_return(ICB, far_quarter(1))


def _download(client: Client, record: DataReturn) -> Any:
    response = client.get(f"/insight/returns/{record.pk}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="return-mercia-vale-integrated-care-board-2090-91-q1.xlsx"'
    )
    return load_workbook(io.BytesIO(response.content))


def _rows(book: Any) -> dict[str, int]:
    sheet = book[workbook.SHEET]
    return {
        str(sheet.cell(row, 1).value): row
        for row in range(workbook.FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(row, 1).value
    }


def _bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: Client, record: DataReturn, content: bytes, name: str = "zq.xlsx") -> Any:
    return client.post(
        f"/insight/returns/{record.pk}/upload/",
        {"file": SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)},
    )


def test_the_template_is_prefilled_and_keeps_text_as_text(icb_return: DataReturn) -> None:
    indicators = list(selectors.return_indicators(icb_return.partnership, icb_return.agency))
    fraction = indicators[0]
    assert fraction.entered_as_fraction
    services.return_save(
        acting=h.acting(h.DATA_LEAD),
        data_return=icb_return,
        narrative='=HYPERLINK("http://evil.example","click")',
        entries={
            fraction.pk: Entry(numerator="17", denominator="20", narrative="+cmd|' /C calc'!A0"),
            indicators[1].pk: Entry(not_available=True, narrative="Zq system change"),
        },
    )
    book = _download(h.signed_in(h.DATA_LEAD), icb_return)
    sheet = book[workbook.SHEET]
    rows = _rows(book)
    assert list(rows) == [i.code for i in indicators]
    first = rows[fraction.code]
    assert (sheet.cell(first, 4).value, sheet.cell(first, 5).value) == (17, 20)
    narrative = sheet.cell(first, 6)
    assert (narrative.value, narrative.data_type) == ("+cmd|' /C calc'!A0", "s")
    story = sheet.cell(*workbook.NARRATIVE_CELL)
    assert story.data_type == "s"
    assert story.value.startswith("=HYPERLINK")
    assert sheet.cell(rows[indicators[1].code], 4).value == "N/A"
    assert sheet.protection.sheet
    assert not sheet.cell(first, 4).protection.locked
    assert sheet.cell(first, 1).protection.locked
    about = book[workbook.ABOUT]
    assert about.sheet_state == "hidden"
    assert about["B1"].value == workbook.MARKER
    assert about["B5"].value == "2090-91 Q1"


def test_an_upload_saves_good_figures_and_names_each_bad_cell(icb_return: DataReturn) -> None:
    typed = indicator(
        code="zq.typed_pct",
        name="Zq typed percentage",
        unit=Unit.PERCENT,
        maximum=100,
    )
    client = h.signed_in(h.DATA_LEAD)
    book = _download(client, icb_return)
    sheet = book[workbook.SHEET]
    rows = _rows(book)
    fractions = [
        i
        for i in selectors.return_indicators(icb_return.partnership, icb_return.agency)
        if i.entered_as_fraction
    ]
    good, too_many, dated, wrong_column = fractions[:4]
    sheet.cell(rows[good.code], 4).value = 18
    sheet.cell(rows[good.code], 5).value = "20"
    sheet.cell(rows[good.code], 6).value = "Zq better than last quarter"
    sheet.cell(rows[too_many.code], 4).value = 21
    sheet.cell(rows[too_many.code], 5).value = 20
    sheet.cell(rows[dated.code], 4).value = datetime.datetime(2090, 5, 1)
    sheet.cell(rows[dated.code], 5).value = 20
    sheet.cell(rows[wrong_column.code], 3).value = 85
    typed_cell = sheet.cell(rows[typed.code], 3)
    typed_cell.value, typed_cell.number_format = 0.855, "0.0%"
    sheet.cell(*workbook.NARRATIVE_CELL).value = "Zq the story from Excel"
    response = _upload(client, icb_return, _bytes(book))
    assert response.status_code == 200
    text = response.content.decode()
    too_row, dated_row, wrong_row = rows[too_many.code], rows[dated.code], rows[wrong_column.code]
    assert (
        f"Sheet Return, cell D{too_row}: {too_many.name}: the number of "
        f"{too_many.numerator_label.lower()} (21) must not be more than"
        in text.replace("&#x27;", "'")
    )
    assert f"Sheet Return, cell D{dated_row}: {dated.name}: this is a date" in text
    assert (
        f"Sheet Return, cell C{wrong_row}: {wrong_column.name}: give this figure in columns D"
        in text
    )
    entries = selectors.draft_entries(icb_return)
    assert entries[good.pk] == Entry(
        numerator="18", denominator="20", narrative="Zq better than last quarter"
    )
    assert entries[typed.pk].value == "85.5"
    assert too_many.pk not in entries
    assert dated.pk not in entries
    icb_return.refresh_from_db()
    assert icb_return.narrative == "Zq the story from Excel"
    assert icb_return.version == 0  # never submitted by uploading


def test_an_unknown_code_or_a_repeated_row_is_reported(icb_return: DataReturn) -> None:
    client = h.signed_in(h.DATA_LEAD)
    book = _download(client, icb_return)
    sheet = book[workbook.SHEET]
    last = max(_rows(book).values())
    sheet.cell(last + 1, 1).value = "zq.made_up"
    sheet.cell(last + 1, 3).value = 4
    first_code = str(sheet.cell(workbook.FIRST_ROW, 1).value)
    sheet.cell(last + 2, 1).value = first_code
    text = _upload(client, icb_return, _bytes(book)).content.decode()
    assert f"Sheet Return, cell A{last + 1}: zq.made_up is not a figure in this return" in text
    assert (
        f"Sheet Return, cell A{last + 2}: {first_code} is already on row {workbook.FIRST_ROW}"
        in text
    )


def test_the_template_of_another_return_is_refused(icb_return: DataReturn) -> None:
    client = h.signed_in(h.DATA_LEAD)
    other_quarter = data_return(ICB, far_quarter(2))
    content = _bytes(_download(client, icb_return))
    response = _upload(client, other_quarter, content)
    assert response.status_code == 400
    assert (
        "The selected file is the template for Mercia Vale Integrated Care Board, 2090-91 Q1, "
        "not for this return (Mercia Vale Integrated Care Board, 2090-91 Q2)"
    ) in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("figures.csv", b"a,b\n1,2\n", "must be an Excel workbook (.xlsx)"),
        ("figures.xlsx", b"not a zip at all", "must be an Excel workbook (.xlsx)"),
        ("figures.xlsx", b"PK\x03\x04broken", "must be an Excel workbook (.xlsx)"),
        ("figures.xlsx", "zip", "could not be read as an Excel workbook"),
        ("figures.xlsx", None, "is not a MASA data return template"),
        ("figures.xlsx", b"0" * (workbook.MAX_BYTES + 1), "must be smaller than 5 MB"),
    ],
)
def test_files_that_are_not_the_template_are_refused(
    icb_return: DataReturn, name: str, content: bytes | str | None, message: str
) -> None:
    if content == "zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("notes.txt", "not a workbook")
        content = out.getvalue()
    if content is None:
        plain = Workbook()
        assert plain.active is not None
        plain.active["A1"] = "Return"
        content = _bytes(plain)
    assert isinstance(content, bytes)
    response = _upload(h.signed_in(h.DATA_LEAD), icb_return, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not selectors.draft_entries(icb_return)


def test_a_zip_that_unpacks_too_large_is_refused(icb_return: DataReturn) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (workbook.MAX_UNZIPPED + 1))
    response = _upload(h.signed_in(h.DATA_LEAD), icb_return, out.getvalue())
    assert response.status_code == 400
    assert "too large inside" in response.content.decode()


def test_only_the_agency_downloads_and_uploads_its_template(icb_return: DataReturn) -> None:
    for who in (h.BUSINESS_MANAGER, h.POLICE_BOTH, h.SOUTHMOOR_MANAGER):
        client = h.signed_in(who)
        assert client.get(f"/insight/returns/{icb_return.pk}/template.xlsx").status_code == 404
        assert client.get(f"/insight/returns/{icb_return.pk}/upload/").status_code == 404
    assert Indicator.objects.filter(agency=icb_return.agency).exists()
