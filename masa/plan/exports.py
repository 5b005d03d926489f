"""The strategic plan as a Word document: the seed's table (ambition or priority,
description, reason, impact), with each item's leads, outcome indicators and
strategies, and the priorities flagged for little or no evidence of progress."""

from __future__ import annotations

import csv
import io

from masa.actions.exports import DOCX_CONTENT_TYPE, _table
from masa.core.csvsafe import csv_safe
from masa.core.workbooks import XLSX_CONTENT_TYPE, text_cell
from masa.plan.models import Ambition, Priority
from masa.plan.selectors import PlanTable, Progress

__all__ = [
    "DOCX_CONTENT_TYPE",
    "XLSX_CONTENT_TYPE",
    "item_rows",
    "plan_docx",
    "priorities_csv",
    "priorities_xlsx",
]

HEADINGS = ("Ambition / Priority", "Description", "Reason", "Impact", "Lead")


def _lead(item: Ambition | Priority) -> str:
    officer = item.lead_officer
    names = [item.lead_group, (officer.full_name or officer.email) if officer else ""]
    return "; ".join(name for name in names if name)


def item_rows(table: PlanTable) -> list[tuple[str, str, str, str, str]]:
    """The plan's rows: each ambition, then the priorities under it."""
    rows = []
    for row in table.rows:
        if row.ambition is not None:
            ambition = row.ambition
            title = f"{ambition.number}. {ambition.title}"
            if ambition.statement:
                title += f" - {ambition.statement}"
            rows.append(
                (title, ambition.description, ambition.reason, ambition.impact, _lead(ambition))
            )
        for priority in row.priorities:
            name = f"Priority {priority.number}: {priority.name}"
            if priority.summary:
                name += f"\n{priority.summary}"
            extra = [
                "Outcome indicators: " + ", ".join(i.name for i in priority.indicators.all())
                if priority.indicators.all()
                else "",
                "Strategies: "
                + ", ".join(
                    f"{s.name} (review {s.review_on:%-d %B %Y})" for s in priority.strategies.all()
                )
                if priority.strategies.all()
                else "",
            ]
            rows.append(
                (
                    name,
                    "\n".join(part for part in (priority.description, *extra) if part),
                    priority.reason,
                    priority.impact,
                    _lead(priority),
                )
            )
    return rows


def plan_docx(table: PlanTable) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    document.styles["Normal"].font.size = Pt(9)
    plan = table.plan
    title = plan.title if plan else f"Strategic plan {table.period.name}"
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(
        f"{table.period.name}: {table.period.starts_on:%-d %B %Y} to "
        f"{table.period.ends_on:%-d %B %Y}"
    )
    if plan and plan.vision:
        document.add_heading("Vision", level=1)
        document.add_paragraph(plan.vision)
    if plan and plan.introduction:
        document.add_paragraph(plan.introduction)
    document.add_heading("Summary plan", level=1)
    _table(document, HEADINGS, item_rows(table))
    flagged = table.flagged
    document.add_heading("Little or no evidence of progress", level=1)
    if flagged:
        for priority in flagged:
            document.add_paragraph(
                f"Priority {priority.number}: {priority.name}: no action completed and no "
                "outcome indicator improved in the last year.",
                style="List Bullet",
            )
    else:
        document.add_paragraph("Every priority shows evidence of progress in the last year.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- the list of priorities with their progress, as CSV and Excel --------------------------

LIST_HEADINGS = (
    "Number",
    "Priority",
    "Ambition",
    "Lead group",
    "Lead officer",
    "Actions completed in the last year",
    "Indicators improved in the last year",
    "Progress",
)


def _progress_words(progress: Progress) -> str:
    if progress.flagged:
        return "Little or no evidence of progress"
    return "Evidence of progress" if progress.judged else "Too early to judge"


def list_rows(rows: list[tuple[Priority, Progress]]) -> list[tuple[int | str, ...]]:
    out: list[tuple[int | str, ...]] = []
    for priority, progress in rows:
        officer = priority.lead_officer
        out.append(
            (
                priority.number,
                priority.name,
                priority.ambition.title if priority.ambition else "",
                priority.lead_group,
                (officer.full_name or officer.email) if officer else "",
                progress.actions_completed,
                progress.indicators_improved,
                _progress_words(progress),
            )
        )
    return out


def priorities_csv(rows: list[tuple[Priority, Progress]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LIST_HEADINGS)
    for row in list_rows(rows):
        writer.writerow([value if isinstance(value, int) else csv_safe(value) for value in row])
    return out.getvalue()


def priorities_xlsx(rows: list[tuple[Priority, Progress]], title: str) -> bytes:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Priorities"
    text_cell(sheet.cell(1, 1), title)
    for column, heading in enumerate(LIST_HEADINGS, start=1):
        text_cell(sheet.cell(3, column), heading)
    for number, row in enumerate(list_rows(rows), start=4):
        for column, value in enumerate(row, start=1):
            if isinstance(value, int):
                sheet.cell(number, column).value = value
            else:
                text_cell(sheet.cell(number, column), value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
