"""The risk register as an Excel workbook: every risk the person may see with its three
scores, rating, controls, owner and review dates, and a sheet with every review (the
history of each score). Text cells never become formulas (`masa.core.workbooks`)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from typing import Any

from masa.core.workbooks import sheet_title, text_cell
from masa.governance import rules_risks as rules
from masa.governance.models_risks import Risk, RiskReview, RiskScale

REGISTER_HEADINGS = (
    "Reference",
    "Title",
    "Category",
    "Status",
    "Owner",
    "Owning group",
    "Description",
    "Cause",
    "Effect",
    "Inherent likelihood",
    "Inherent impact",
    "Inherent score",
    "Controls",
    "Current likelihood",
    "Current impact",
    "Current score",
    "Current rating",
    "Target likelihood",
    "Target impact",
    "Target score",
    "Last reviewed",
    "Next review due",
    "Overdue for review",
)
REVIEW_HEADINGS = (
    "Reference",
    "Review",
    "Reviewed on",
    "Reviewed by",
    "Status",
    "Inherent score",
    "Current score",
    "Target score",
    "Note",
)

Value = str | int | datetime.date | None


def _write(sheet: Any, number: int, values: Iterable[Value]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(number, column)
        if isinstance(value, datetime.date):
            cell.value, cell.number_format = value, "dd/mm/yyyy"
        elif isinstance(value, int):
            cell.value = value
        elif value is not None:
            text_cell(cell, value)


def register_xlsx(
    risks: Iterable[Risk], reviews: Iterable[RiskReview], scale: RiskScale, today: datetime.date
) -> bytes:
    """The workbook: a Register sheet and a Reviews sheet."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    used: set[str] = set()
    bold = Font(bold=True)
    sheet = book.active
    sheet.title = sheet_title("Register", used)
    for column, heading in enumerate(REGISTER_HEADINGS, start=1):
        text_cell(sheet.cell(1, column), heading)
        sheet.cell(1, column).font = bold
    for number, risk in enumerate(risks, start=2):
        band = rules.band_of(risk.current_score, scale.likelihood_levels, scale.impact_levels)
        _write(
            sheet,
            number,
            (
                risk.reference,
                risk.title,
                risk.get_category_display(),
                risk.get_status_display(),
                risk.owner.full_name or risk.owner.email,
                risk.owner_group.name if risk.owner_group else "",
                risk.description,
                risk.cause,
                risk.effect,
                risk.inherent_likelihood,
                risk.inherent_impact,
                risk.inherent_score,
                risk.controls,
                risk.current_likelihood,
                risk.current_impact,
                risk.current_score,
                band.label,
                risk.target_likelihood,
                risk.target_impact,
                risk.target_score,
                risk.last_reviewed_on,
                risk.review_due_on,
                "Yes" if risk.is_overdue(today) else "No",
            ),
        )
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    history = book.create_sheet(sheet_title("Reviews", used))
    for column, heading in enumerate(REVIEW_HEADINGS, start=1):
        text_cell(history.cell(1, column), heading)
        history.cell(1, column).font = bold
    for number, review in enumerate(reviews, start=2):
        _write(
            history,
            number,
            (
                review.risk.reference,
                review.version,
                review.reviewed_on,
                review.reviewed_by.full_name or review.reviewed_by.email,
                review.get_status_display(),
                review.inherent_score,
                review.current_score,
                review.target_score,
                review.note,
            ),
        )
    history.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
