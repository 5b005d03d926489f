"""The audit grades tables as CSV and Excel: Table 1 (every round of every year) and
Table 2 (each year's shares), the same figures as the page."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook  # type: ignore[import-untyped]

from masa.audits import rules, tables
from masa.core.csvsafe import csv_safe
from masa.core.models import Partnership
from masa.core.workbooks import sheet_title, text_cell

GRADE_HEADINGS = [label for _, label in rules.GRADES]
TABLE1_HEADER = ["Year", "Quarter", "Theme", *GRADE_HEADINGS, "Total"]
TABLE2_HEADER = ["Year", "Cases", *(f"{label} (%)" for label in GRADE_HEADINGS)]


def _table1_rows(partnership: Partnership) -> list[list[str | int]]:
    rows: list[list[str | int]] = []
    for year in tables.years(partnership):
        year_rows = tables.table1(partnership, year)
        for row in [*year_rows, tables.total_row(year_rows, year)]:
            rows.append([row.year, row.quarter, row.theme, *row.figures()])
    return rows


def _table2_rows(partnership: Partnership) -> list[list[str | int]]:
    return [[row.year, row.cases, *row.figures()] for row in tables.table2(partnership)]


def grades_csv(partnership: Partnership) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Table", *TABLE1_HEADER])
    for row in _table1_rows(partnership):
        writer.writerow(["Table 1", *(csv_safe(v) if isinstance(v, str) else v for v in row)])
    writer.writerow([])
    writer.writerow(["Table", *TABLE2_HEADER])
    for row in _table2_rows(partnership):
        writer.writerow(["Table 2", *(csv_safe(v) if isinstance(v, str) else v for v in row)])
    return out.getvalue()


def grades_xlsx(partnership: Partnership) -> bytes:
    book = Workbook()
    used: set[str] = set()
    sheets = [
        ("Table 1 grades by round", TABLE1_HEADER, _table1_rows(partnership)),
        ("Table 2 shares by year", TABLE2_HEADER, _table2_rows(partnership)),
    ]
    first = True
    for title, header, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = sheet_title(title, used)
        for column, heading in enumerate(header, start=1):
            text_cell(sheet.cell(1, column), heading)
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                if isinstance(value, str):
                    text_cell(sheet.cell(number, column), value)
                else:
                    sheet.cell(number, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
