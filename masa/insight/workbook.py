"""The Excel template of a quarterly return: made pre-filled for one agency and quarter,
and read back when the agency uploads it.

The template has a "Return" sheet (the figures, entry cells in yellow) and a hidden
"About" sheet that says which return it belongs to, so a template for another agency
or quarter, or a workbook that is not ours, is refused whole. Text is always written as
text, never as a formula, whatever it starts with. Reading never trusts the file: its
size, its unzipped size and its cells are checked, and every bad cell is reported by
sheet and cell ("Sheet Return, cell C12: ...").
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from masa.core.workbooks import text_cell as _text
from masa.insight.models import DataReturn, Indicator
from masa.insight.periods import Period
from masa.insight.validation import Entry, Rules, check, is_not_available

MAX_BYTES = 5 * 1024 * 1024
MAX_LABEL = "5 MB"
MAX_UNZIPPED = 50 * 1024 * 1024  # a template is well under 1 MB unzipped
MAX_ROWS = 2000

SHEET = "Return"
ABOUT = "About"
MARKER = "MASA quarterly data return template, version 1"
NARRATIVE_CELL = (7, 3)  # C7: the story behind the figures
HEADER_ROW = 9
FIRST_ROW = 10
COLUMNS = {
    "code": 1,
    "name": 2,
    "value": 3,
    "numerator": 4,
    "denominator": 5,
    "narrative": 6,
    "unit": 7,
    "definition": 8,
}
HEADINGS = {
    "code": "Code (do not change)",
    "name": "Indicator",
    "value": "Figure",
    "numerator": "Number counted",
    "denominator": "Out of",
    "narrative": "Narrative for this figure",
    "unit": "Unit",
    "definition": "Definition",
}
ENTRY_FILL = "FFF7BF"  # yellow: type here
CLOSED_FILL = "E7E7E7"  # grey: not used for this figure


class TemplateRefused(Exception):
    """The whole file is refused: not an Excel workbook, not our template, or another
    return's template."""


def column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return str(get_column_letter(number))


def _entry_value(cell: Any, value: str) -> None:
    """A typed value back into its cell: numbers as numbers, anything else as text."""
    stripped = value.strip()
    try:
        number = Decimal(stripped.replace(",", ""))
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite() and stripped.replace(",", "") == stripped:
        cell.value = int(number) if number == number.to_integral_value() else float(number)
    else:
        _text(cell, value)


@dataclass(frozen=True)
class _Styles:
    bold: Any
    entry: Any  # the yellow fill: type here
    closed: Any  # the grey fill: not used for this figure
    wrap: Any
    unlocked: Any  # a cell the person may type in


def _styles() -> _Styles:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped]

    return _Styles(
        bold=Font(bold=True),
        entry=PatternFill("solid", start_color=ENTRY_FILL, end_color=ENTRY_FILL),
        closed=PatternFill("solid", start_color=CLOSED_FILL, end_color=CLOSED_FILL),
        wrap=Alignment(wrap_text=True, vertical="top"),
        unlocked=Protection(locked=False),
    )


def template(
    *,
    data_return: DataReturn,
    period: Period,
    deadline: datetime.date,
    indicators: Sequence[Indicator],
    entries: Mapping[int, Entry],
) -> bytes:
    """The return as an Excel workbook, pre-filled with the draft."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    styles = _styles()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    _write_heading(sheet, styles, data_return, period, deadline)
    _write_narrative(sheet, styles, data_return.narrative)
    for key, number in COLUMNS.items():
        cell = sheet.cell(HEADER_ROW, number)
        _text(cell, HEADINGS[key])
        cell.font, cell.alignment = styles.bold, styles.wrap
    for offset, indicator in enumerate(indicators):
        entry = entries.get(indicator.pk, Entry())
        _write_figure(sheet, styles, FIRST_ROW + offset, indicator, entry)
    widths = {"code": 30, "name": 40, "value": 12, "numerator": 14, "denominator": 14}
    widths |= {"narrative": 50, "unit": 28, "definition": 60}
    for key, width in widths.items():
        sheet.column_dimensions[column_letter(COLUMNS[key])].width = width
    sheet.freeze_panes = sheet.cell(FIRST_ROW, COLUMNS["value"])
    # Locked cells guard the codes and names against slips; no password: it is not secret.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _write_about(book, data_return, period)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_heading(
    sheet: Any, styles: _Styles, data_return: DataReturn, period: Period, deadline: datetime.date
) -> None:
    """The rows above the figures: whose return, for when, and how to fill it in."""
    lines = [
        (
            "Quarterly data return",
            f"{data_return.agency.name}, {data_return.partnership.name}",
        ),
        ("Quarter", period.label),
        ("Deadline", f"{deadline:%-d %B %Y}"),
        (
            "How to fill it in",
            "Type only in the yellow cells. For a percentage, give the two counts (the number "
            "counted and what it is out of): MASA works out the percentage. If you cannot give "
            "a figure, type N/A and say why in its narrative. Then upload this file on the "
            "return's page in MASA, check the figures there and submit them.",
        ),
        ("Return number", f"{data_return.pk} (keep this file for this return only)"),
    ]
    for number, (term, text) in enumerate(lines, start=1):
        _text(sheet.cell(number, 1), term)
        _text(sheet.cell(number, 2), text)
        sheet.cell(number, 1).font = styles.bold
        sheet.cell(number, 2).alignment = styles.wrap
    sheet.merge_cells(start_row=4, start_column=2, end_row=4, end_column=8)
    sheet.row_dimensions[4].height = 48


def _write_narrative(sheet: Any, styles: _Styles, text: str) -> None:
    """The story behind the figures, for the whole return: one open cell."""
    row, column = NARRATIVE_CELL
    _text(sheet.cell(row, 1), "The story behind the figures")
    sheet.cell(row, 1).font = styles.bold
    _text(sheet.cell(row, 2), "What explains these figures this quarter (for the whole return):")
    narrative = sheet.cell(row, column)
    _text(narrative, text)
    narrative.fill, narrative.alignment = styles.entry, styles.wrap
    narrative.protection = styles.unlocked
    sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=8)
    sheet.row_dimensions[row].height = 90


def _write_figure(
    sheet: Any, styles: _Styles, number: int, indicator: Indicator, entry: Entry
) -> None:
    """One indicator's row: what it is (locked), and its open cells with the draft."""
    _text(sheet.cell(number, COLUMNS["code"]), indicator.code)
    _text(sheet.cell(number, COLUMNS["name"]), indicator.name)
    _text(sheet.cell(number, COLUMNS["unit"]), _unit_text(indicator))
    _text(sheet.cell(number, COLUMNS["definition"]), indicator.definition)
    fraction = indicator.entered_as_fraction
    open_keys = ("numerator", "denominator", "narrative") if fraction else ("value", "narrative")
    for key in ("value", "numerator", "denominator", "narrative"):
        cell = sheet.cell(number, COLUMNS[key])
        if key in open_keys:
            cell.fill = styles.entry
            cell.protection = styles.unlocked
        else:
            cell.fill = styles.closed
    if entry.not_available:
        _text(sheet.cell(number, COLUMNS["numerator" if fraction else "value"]), "N/A")
    elif fraction:
        _entry_value(sheet.cell(number, COLUMNS["numerator"]), entry.numerator)
        _entry_value(sheet.cell(number, COLUMNS["denominator"]), entry.denominator)
    else:
        _entry_value(sheet.cell(number, COLUMNS["value"]), entry.value)
    _text(sheet.cell(number, COLUMNS["narrative"]), entry.narrative)
    for key in ("name", "narrative", "unit", "definition"):
        sheet.cell(number, COLUMNS[key]).alignment = styles.wrap


def _write_about(book: Any, data_return: DataReturn, period: Period) -> None:
    """The hidden sheet that says which return the file is for (checked on upload)."""
    about = book.create_sheet(ABOUT)
    for number, (term, text) in enumerate(
        [
            ("Template", MARKER),
            ("Return", str(data_return.pk)),
            ("Partnership", data_return.partnership.slug),
            ("Agency", data_return.agency.name),
            ("Quarter", period.code),
        ],
        start=1,
    ):
        _text(about.cell(number, 1), term)
        _text(about.cell(number, 2), text)
    about.sheet_state = "hidden"


def _unit_text(indicator: Indicator) -> str:
    if indicator.entered_as_fraction:
        return (
            f"Percentage: {indicator.numerator_label.lower()} out of "
            f"{indicator.denominator_label.lower()}"
        )
    if indicator.unit == "count":
        return "Count (a whole number)"
    return str(indicator.get_unit_display())


# --- reading an upload -----------------------------------------------------------------


@dataclass
class Upload:
    """What an uploaded template says: the good entries (indicator id → entry), the
    return's narrative (None when left empty), and each bad cell."""

    entries: dict[int, Entry] = field(default_factory=dict)
    narrative: str | None = None
    problems: list[str] = field(default_factory=list)
    empty: int = 0  # rows left empty (the draft keeps what it had)


def _open(data: bytes) -> Any:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateRefused(
            "The selected file must be an Excel workbook (.xlsx): download the template on "
            "this page, fill it in and upload it"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TemplateRefused("The selected file could not be read as an Excel workbook") from None
    if len(members) > 500 or sum(member.file_size for member in members) > MAX_UNZIPPED:
        raise TemplateRefused("The selected file is too large inside to be a MASA template")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        raise TemplateRefused("The selected file could not be read as an Excel workbook") from None


def _cell_text(value: Any, number_format: str, *, percent: bool) -> str | None:
    """A cell as the text a person typed; None for a date (never a valid figure)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if percent and "%" in (number_format or ""):
            number *= 100  # 85% typed in a percentage cell is stored as 0.85
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    return str(value).strip()


def read(
    data: bytes,
    *,
    data_return: DataReturn,
    period: Period,
    indicators: Sequence[Indicator],
    rules: Mapping[int, Rules],
) -> Upload:
    """Read an uploaded template for `data_return`. Refuses the whole file when it is
    not the template of this return; otherwise checks each filled-in row (what was
    typed, not whether anything is missing: that is checked before submitting)."""
    book = _open(data)
    try:
        return _read(book, data_return, period, indicators, rules)
    finally:
        book.close()


def _about(book: Any) -> dict[str, str]:
    if ABOUT not in book.sheetnames or SHEET not in book.sheetnames:
        return {}
    found: dict[str, str] = {}
    for row in book[ABOUT].iter_rows(min_row=1, max_row=10, max_col=2, values_only=True):
        if row and row[0] is not None:
            found[str(row[0]).strip()] = "" if len(row) < 2 or row[1] is None else str(row[1])
    return found


def _read(
    book: Any,
    data_return: DataReturn,
    period: Period,
    indicators: Sequence[Indicator],
    rules: Mapping[int, Rules],
) -> Upload:
    _check_template(_about(book), data_return, period)
    by_code = {indicator.code: indicator for indicator in indicators}
    result = Upload()
    seen: dict[str, int] = {}
    sheet = book[SHEET]
    row, column = NARRATIVE_CELL
    for (value,) in sheet.iter_rows(
        min_row=row, max_row=row, min_col=column, max_col=column, values_only=True
    ):
        result.narrative = None if value is None else (str(value).strip() or None)
    for number, cells in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + MAX_ROWS, max_col=len(COLUMNS)),
        start=FIRST_ROW,
    ):
        values = {
            key: (cells[column - 1] if column - 1 < len(cells) else None)
            for key, column in COLUMNS.items()
        }
        code_cell = values["code"]
        code = "" if code_cell is None or code_cell.value is None else str(code_cell.value).strip()
        if not code:
            continue
        indicator = by_code.get(code)
        if indicator is None:
            result.problems.append(
                f"{_where('code', number)}: {code} is not a figure in this return (do not "
                "change the codes)"
            )
        elif code in seen:
            result.problems.append(
                f"{_where('code', number)}: {code} is already on row {seen[code]}, give each "
                "figure once"
            )
        else:
            seen[code] = number
            _read_figure(result, number, values, indicator, rules[indicator.pk])
    return result


def _check_template(about: Mapping[str, str], data_return: DataReturn, period: Period) -> None:
    """Refuse a file that is not MASA's template, or is another return's template."""
    if about.get("Template") != MARKER:
        raise TemplateRefused(
            "The selected file is not a MASA data return template: download the template on "
            "this page, fill it in and upload it"
        )
    agency, quarter = about.get("Agency", ""), about.get("Quarter", "")
    if (
        agency != data_return.agency.name
        or quarter != period.code
        or about.get("Return") != str(data_return.pk)
        or about.get("Partnership") != data_return.partnership.slug
    ):
        raise TemplateRefused(
            f"The selected file is the template for {agency or 'another agency'}, "
            f"{quarter or 'another quarter'}, not for this return ({data_return.agency.name}, "
            f"{period.code}): download this return's template and use that"
        )


def _where(key: str, number: int) -> str:
    return f"Sheet {SHEET}, cell {column_letter(COLUMNS[key])}{number}"


def _read_figure(
    result: Upload, number: int, values: Mapping[str, Any], indicator: Indicator, rules: Rules
) -> None:
    """One indicator's row: its entry into `result.entries`, or its bad cells into
    `result.problems` (an empty row is counted and left alone)."""
    fraction = indicator.entered_as_fraction
    texts, bad = _row_texts(result, number, values, indicator)
    wrong = ("value",) if fraction else ("numerator", "denominator")
    for key in wrong:
        if texts[key]:
            right = "columns D and E" if fraction else "column C"
            result.problems.append(
                f"{_where(key, number)}: {indicator.name}: give this figure in {right}, "
                "not in this column"
            )
            bad = True
    first = "numerator" if fraction else "value"
    not_available = is_not_available(texts[first])
    if not_available:
        texts[first] = ""
    entry = Entry(
        value="" if fraction else texts["value"],
        numerator=texts["numerator"] if fraction else "",
        denominator=texts["denominator"] if fraction else "",
        narrative=texts["narrative"],
        not_available=not_available,
    )
    if entry.empty:
        result.empty += 1
        return
    _, problems = check(rules, entry, complete=False)
    for problem in problems:
        key = problem.field if problem.field in COLUMNS else first
        result.problems.append(f"{_where(key, number)}: {problem.message}")
    if len(entry.value) > 40 or len(entry.numerator) > 40 or len(entry.denominator) > 40:
        result.problems.append(f"{_where(first, number)}: {indicator.name}: the figure is too long")
        bad = True
    if not (problems or bad):
        result.entries[indicator.pk] = entry


def _row_texts(
    result: Upload, number: int, values: Mapping[str, Any], indicator: Indicator
) -> tuple[dict[str, str], bool]:
    """The row's cells as typed; a date is a problem (and read as empty)."""
    texts: dict[str, str] = {}
    bad = False
    for key in ("value", "numerator", "denominator", "narrative"):
        cell = values[key]
        text = _cell_text(
            None if cell is None else cell.value,
            "" if cell is None else str(getattr(cell, "number_format", "") or ""),
            percent=indicator.unit == "percent" and key == "value",
        )
        if text is None:
            result.problems.append(
                f"{_where(key, number)}: {indicator.name}: this is a date, type a number instead"
            )
            bad = True
            text = ""
        texts[key] = text
    return texts, bad
