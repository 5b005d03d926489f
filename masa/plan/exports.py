"""The strategic plan as a Word document: the seed's table (ambition or priority,
description, reason, impact), with each item's leads, outcome indicators and
strategies, and the priorities flagged for little or no evidence of progress."""

from __future__ import annotations

import io

from masa.actions.exports import DOCX_CONTENT_TYPE, _table
from masa.plan.models import Ambition, Priority
from masa.plan.selectors import PlanTable

__all__ = ["DOCX_CONTENT_TYPE", "item_rows", "plan_docx"]

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
