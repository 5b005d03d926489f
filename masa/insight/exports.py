"""CSV and Excel exports of exactly what a dashboard page shows.

Each page's tables become `Sheet`s; the CSV is one long table (the front-door figures'
columns: table, group, measure, value) and the workbook has a README sheet and one
sheet per table, figures as numbers. Text is made safe for spreadsheets (a cell that
starts like a formula stays text) with the shared helpers: the front-door CSV's
`masa.core.csvsafe` and `masa.core.workbooks`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from masa.core.csvsafe import csv_safe
from masa.core.figures import Cell, Kind
from masa.core.models import Partnership
from masa.core.workbooks import XLSX_CONTENT_TYPE, sheet_title
from masa.core.workbooks import text_cell as write_text
from masa.frontdoor.figures import CSV_HEADER
from masa.insight.dashboards import (
    COMPARATOR_LABELS,
    Exceptions,
    Point,
    Scorecard,
    Trend,
)
from masa.insight.disclosure import FigureCell

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)

Value = str | Cell


@dataclass(frozen=True)
class Sheet:
    """One table as shown: a caption, column headings, rows (text or figures), notes."""

    name: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    notes: tuple[str, ...] = ()


def _flag(cell: FigureCell | None) -> str:
    return cell.flag if cell is not None else ""


def _comparators_period(point: Point | None) -> str:
    """The period the comparators beside a figure are for: its own, or the latest year's
    beside a quarter without comparators of its own (as the page labels them)."""
    if point is None or not point.comparators:
        return ""
    used = {point.comparator_periods.get(kind, point.period) for kind in point.comparators}
    return "; ".join(period.code for period in sorted(used))


def scorecard_sheet(card: Scorecard) -> Sheet:
    """The scorecard: a row per indicator, as on the page."""
    columns = (
        "Indicator",
        "Code",
        "Function",
        "Period",
        "Figure",
        "Reliability",
        "Rating",
        "Direction of travel",
        "Better or worse",
        *COMPARATOR_LABELS.values(),
        "Comparators' period",
        "Trend",
        "The story behind the figures",
    )
    rows = []
    for section in card.sections:
        for line in section.lines:
            latest = line.latest
            rows.append(
                (
                    line.indicator.name,
                    line.indicator.code,
                    section.label,
                    latest.period.short_label if latest else "",
                    latest.cell if latest else "no figures yet",
                    _flag(latest.cell if latest else None),
                    latest.rating.label if latest else "",
                    line.direction.movement.label,
                    line.direction.judgement.label,
                    *(
                        (latest.comparator(kind) or "not available") if latest else ""
                        for kind in COMPARATOR_LABELS
                    ),
                    _comparators_period(latest),
                    line.sparkline_text if latest else "",
                    latest.narrative if latest else "",
                )
            )
    return Sheet("Scorecard", "Scorecard", columns, tuple(rows))


def trend_sheet(trend: Trend, partnership: Partnership, *, full: bool = False) -> Sheet:
    """An indicator's trend table: the figures beside its chart (and, `full`, the
    numerator, denominator, rating and narrative too, as on the indicator page)."""
    kinds = trend.comparator_kinds
    columns: list[str] = ["Period", partnership.name, "Reliability"]
    if full:
        columns += ["Numerator", "Denominator"]
    columns += [COMPARATOR_LABELS[k] for k in kinds]
    if full:
        columns += ["Rating", "The story behind the figures"]
    rows = []
    for period, point in trend.rows():
        if point is None:
            row: list[Value] = [period.short_label, "no figure", ""]
            row += ["", ""] if full else []
            row += ["" for _ in kinds]
            row += ["", ""] if full else []
        else:
            row = [period.short_label, point.cell, _flag(point.cell)]
            if full:
                row += [point.numerator, point.denominator]
            row += [point.comparator(k) or "not available" for k in kinds]
            if full:
                row += [point.rating.label, point.narrative]
        rows.append(tuple(row))
    caption = f"{trend.indicator.name} by {trend.by}"
    # One indicator's workbook names its sheets by span; a dashboard's by indicator.
    name = f"By {trend.by}" if full else caption
    return Sheet(name, caption, tuple(columns), tuple(rows))


def exceptions_sheet(found: Exceptions) -> Sheet:
    rows = tuple(
        (item.title, item.label, item.period.short_label, item.reason) for item in found.items
    )
    caption = f"Exceptions, {found.quarter.label}"
    return Sheet("Exceptions", caption, ("Subject", "Exception", "Period", "Reason"), rows)


def write_number(cell: Any, figure: Cell) -> None:
    """A figure as a number with its unit's format; [c] and "not available" as text."""
    if figure.value is None or figure.suppressed:
        write_text(cell, figure.text)
        return
    places = figure.places if isinstance(figure, FigureCell) else 1
    decimals = "0" if places == 0 else "0." + "0" * places
    if figure.kind == Kind.PERCENT:
        cell.value, cell.number_format = figure.value / 100, f"{decimals}%"
    elif figure.kind == Kind.COUNT:
        cell.value, cell.number_format = int(figure.value), "#,##0"
    else:
        cell.value, cell.number_format = figure.value, f"#,##{decimals}"


def _text_of(value: Value, *, plain: bool) -> str:
    if isinstance(value, Cell):
        return value.csv_value if plain else value.text
    return value


def csv_rows(sheets: Sequence[Sheet]) -> list[tuple[str, str, str, str]]:
    """One long table: a row per cell, named by table, row (its first cell) and column."""
    rows = []
    for sheet in sheets:
        for row in sheet.rows:
            group = _text_of(row[0], plain=False)
            for column, value in zip(sheet.columns[1:], row[1:], strict=True):
                rows.append(
                    (
                        csv_safe(sheet.caption),
                        csv_safe(group),
                        csv_safe(column),
                        csv_safe(_text_of(value, plain=True)),
                    )
                )
    return rows


def filename(page: str, partnership: Partnership, *, publish: bool, extension: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", f"{page} {partnership.slug}".lower()).strip("-")
    return f"{name}{'-for-publication' if publish else ''}.{extension}"


def csv_response(sheets: Sequence[Sheet], name: str, notes: Sequence[str] = ()) -> HttpResponse:
    """The sheets as one long CSV table, then the notes (table "Notes")."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(sheets))
    writer.writerows(("Notes", str(n), "Note", csv_safe(note)) for n, note in enumerate(notes, 1))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def workbook(
    sheets: Sequence[Sheet],
    *,
    title: str,
    partnership: Partnership,
    about: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
) -> bytes:
    """The sheets as an Excel workbook: a README sheet (what, whose, when, notes), then
    one sheet per table with a bold header row and figures as numbers."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    bold = Font(bold=True)
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "README"
    used = {"readme"}
    lines: list[tuple[str, str]] = [
        (title, partnership.name),
        ("Prepared", f"{timezone.localtime():%-d %B %Y %H:%M}"),
        *about,
        ("", ""),
        *(("Note", note) for note in notes),
        ("", ""),
        ("Sheet", "Contents"),
    ]
    names = [sheet_title(sheet.name, used) for sheet in sheets]
    lines += [(name, sheet.caption) for name, sheet in zip(names, sheets, strict=True)]
    for number, (term, text) in enumerate(lines, start=1):
        write_text(readme.cell(number, 1), term)
        write_text(readme.cell(number, 2), text)
        readme.cell(number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1 or term == "Sheet":
            readme.cell(number, 1).font = bold
            readme.cell(number, 2).font = bold
    readme.column_dimensions["A"].width = 30
    readme.column_dimensions["B"].width = 100
    for name, sheet in zip(names, sheets, strict=True):
        page = book.create_sheet(name)
        for column, heading in enumerate(sheet.columns, start=1):
            write_text(page.cell(1, column), heading)
            page.cell(1, column).font = bold
        for number, row in enumerate(sheet.rows, start=2):
            for column, value in enumerate(row, start=1):
                if isinstance(value, Cell):
                    write_number(page.cell(number, column), value)
                else:
                    write_text(page.cell(number, column), value)
        after = len(sheet.rows) + 3
        for offset, note in enumerate((sheet.caption, *sheet.notes)):
            write_text(page.cell(after + offset, 1), note)
        page.column_dimensions["A"].width = 40
        page.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(
    sheets: Sequence[Sheet],
    name: str,
    *,
    title: str,
    partnership: Partnership,
    about: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
) -> HttpResponse:
    content = workbook(sheets, title=title, partnership=partnership, about=about, notes=notes)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
