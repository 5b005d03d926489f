"""The training reports as an Excel workbook, one sheet a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from masa.core.figures import (
    Cell,
    Grouping,
    Kind,
    Table,
    year_label,
)
from masa.core.models import Partnership
from masa.core.workbooks import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE  # the views use it
from masa.core.workbooks import sheet_title, text_cell
from masa.learning.reports.counts import (
    ThemeStatements,
)
from masa.learning.reports.tables import (
    DEFINITIONS,
    MeanCell,
    MoneyCell,
)


def _number(cell: Any, figure: Cell) -> None:
    if figure.value is None or figure.suppressed:
        text_cell(cell, figure.text)
        return
    if isinstance(figure, MoneyCell):
        cell.value, cell.number_format = round(figure.value, 2), '"£"#,##0.00'
    elif isinstance(figure, MeanCell):
        cell.value, cell.number_format = round(figure.value, 4), "0.00"
    elif figure.kind == Kind.PERCENT:
        cell.value, cell.number_format = figure.value / 100, "0.0%"
    elif figure.kind == Kind.COUNT:
        cell.value, cell.number_format = int(figure.value), "#,##0"
    else:
        cell.value, cell.number_format = figure.value, "0.0"


SHEET_NAMES = {
    "summary": "Summary",
    "attendance_by_month": "Attendance by month",
    "attendance_by_quarter": "Attendance by quarter",
    "cancellations_by_month": "Cancellations by month",
    "cancellations_by_quarter": "Cancellations by quarter",
    "by_agency": "By agency",
    "by_agency_kind": "By kind of agency",
    "by_course": "By course",
    "charges": "Charges",
    "evaluation": "Evaluation response",
    "change": "Knowledge and confidence",
    "completions": "E-learning and recordings",
    "statements_by_theme": "Impact by theme",
}


def workbook(
    tables: Sequence[Table],
    *,
    partnership: Partnership,
    start: int,
    grouping: Grouping,
    themes: Sequence[ThemeStatements] = (),
) -> bytes:
    """The tables as an Excel workbook: a README sheet, then one sheet per table (header
    row bold, figures as numbers), then the impact statements when given."""
    import io

    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    bold = Font(bold=True)
    book = Workbook()
    readme = book.active
    assert readme is not None
    used = {"readme"}
    readme.title = "README"
    by = "month" if grouping == Grouping.MONTH else "financial quarter"
    lines: list[tuple[str, str]] = [
        ("Training reports", partnership.name),
        ("Financial year", f"{year_label(start)}: 1 April {start} to 31 March {start + 1}"),
        ("Shown by", by),
        ("Prepared", f"{timezone.localtime():%-d %B %Y %H:%M}"),
        ("", ""),
        ("Term", "Definition"),
        *DEFINITIONS,
        ("", ""),
        ("Sheet", "Contents"),
        *[(SHEET_NAMES.get(t.key, t.caption), t.caption) for t in tables],
    ]
    if themes:
        lines.append(("Impact statements", "The statements, by theme (no names)"))
    for number, (term, definition) in enumerate(lines, start=1):
        text_cell(readme.cell(number, 1), term)
        text_cell(readme.cell(number, 2), definition)
        readme.cell(number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1 or term in ("Term", "Sheet"):
            readme.cell(number, 1).font = bold
            readme.cell(number, 2).font = bold
    readme.column_dimensions["A"].width = 30
    readme.column_dimensions["B"].width = 100
    for table in tables:
        sheet = book.create_sheet(sheet_title(SHEET_NAMES.get(table.key, table.caption), used))
        for column, heading in enumerate((table.group_heading, *table.columns), start=1):
            text_cell(sheet.cell(1, column), heading)
            sheet.cell(1, column).font = bold
        for number, row in enumerate(table.rows, start=2):
            text_cell(sheet.cell(number, 1), row.label)
            for column, figure in enumerate(row.cells, start=2):
                _number(sheet.cell(number, column), figure)
        after = len(table.rows) + 3
        for offset, note in enumerate((table.caption, *table.notes)):
            text_cell(sheet.cell(after + offset, 1), note)
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B2"
    if themes:
        sheet = book.create_sheet(sheet_title("Impact statements", used))
        for column, heading in enumerate(("Theme", "Course", "Statement"), start=1):
            text_cell(sheet.cell(1, column), heading)
            sheet.cell(1, column).font = bold
        number = 2
        for group in themes:
            for course, statement in group.statements:
                text_cell(sheet.cell(number, 1), group.theme)
                text_cell(sheet.cell(number, 2), course)
                text_cell(sheet.cell(number, 3), statement)
                number += 1
        sheet.column_dimensions["C"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
