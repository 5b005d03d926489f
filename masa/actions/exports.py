"""The combined action plan as Excel (openpyxl) and Word (python-docx) for the executive:
the filtered actions, whatever their source, and drift and delay counted over them per
agency and per review (for actions from a review's recommendations).

What is exported is what the plan page shows (recommendation.view): source, what,
measure, owner, dates and status; never a subject's details. Text is written as text, so a cell
that starts with "=" stays words and is never a formula.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from django.utils import timezone

from masa.actions import rules
from masa.actions.models import Action
from masa.core.models import Partnership
from masa.core.workbooks import XLSX_CONTENT_TYPE, sheet_title, text_cell, xml_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
__all__ = ["DOCX_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "PlanExport", "plan_rows"]


@dataclass(frozen=True)
class PlanRow:
    """One action as exported."""

    source: str  # the kind of source: "Case review recommendation"
    review_id: int | None  # the review, for an action from a review's recommendation
    reference: str
    review_title: str
    recommendation: str
    themes: str
    agency_id: int
    agency: str
    owner: str
    what: str
    measure_of_success: str
    due_on: datetime.date
    status: str
    overdue: bool
    stale: bool
    at_risk: bool
    last_update_on: datetime.date | None
    priority: str
    stale_text: str

    @property
    def drift(self) -> str:
        """Every sign of drift: overdue, at risk, no update for the stale period."""
        return "; ".join(self._flags(self.overdue, self.at_risk))

    @property
    def drift_beyond_status(self) -> str:
        """The signs of drift the status does not already say."""
        return "; ".join(self._flags(False, self.at_risk and self.overdue))

    def _flags(self, overdue: bool, at_risk: bool) -> list[str]:
        return [
            words
            for flag, words in (
                (overdue, "Overdue"),
                (at_risk, "At risk"),
                (self.stale, f"No update for {self.stale_text}"),
            )
            if flag
        ]


def plan_rows(
    actions: Iterable[Action],
    *,
    today: datetime.date,
    stale_cutoff: datetime.date,
    stale_text: str,
) -> list[PlanRow]:
    """The actions of `selectors.action_plan` (each with ``overdue``, and the
    recommendation's themes prefetched) as rows to export."""
    rows: list[PlanRow] = []
    for action in actions:
        source = action.source_info
        recommendation = action.recommendation
        overdue = bool(getattr(action, "overdue", action.is_overdue(today)))
        open_ = action.status in rules.ACTION_OPEN
        last = action.last_update_on or action.created_on
        owner = action.owner
        rows.append(
            PlanRow(
                source=source.kind_label,
                review_id=source.review_id,
                reference=source.reference,
                review_title=source.title,
                recommendation=f"{source.number}. {source.text}",
                themes=", ".join(sorted(t.name for t in recommendation.themes.all()))
                if recommendation is not None
                else "",
                agency_id=action.owner_agency_id,
                agency=action.owner_agency.name,
                owner=(owner.full_name or owner.email) if owner is not None else "",
                what=action.what,
                measure_of_success=action.measure_of_success,
                due_on=action.due_on,
                status=Action.Status(
                    rules.action_shown_status(action.status, overdue=overdue)
                ).label,
                overdue=overdue,
                stale=open_ and last <= stale_cutoff,
                at_risk=action.status == rules.ActionStatus.AT_RISK,
                last_update_on=action.last_update_on,
                priority=action.serves.name if action.serves else action.priority,
                stale_text=stale_text,
            )
        )
    return rows


@dataclass
class Drift:
    """Counts of drift and delay for a group of exported actions."""

    label: str
    actions: int = 0
    open: int = 0
    overdue: int = 0
    stale: int = 0
    at_risk: int = 0

    def add(self, row: PlanRow) -> None:
        self.actions += 1
        self.open += row.status in OPEN_LABELS
        self.overdue += row.overdue
        self.stale += row.stale
        self.at_risk += row.at_risk

    def figures(self) -> tuple[int, int, int, int, int]:
        return (self.actions, self.open, self.overdue, self.stale, self.at_risk)


OPEN_LABELS = frozenset(
    Action.Status(status.value).label for status in (*rules.ACTION_OPEN, rules.ActionStatus.OVERDUE)
)


@dataclass
class PlanExport:
    """Everything an export of the plan says: the rows, the filters, and the drift."""

    partnership: Partnership
    rows: Sequence[PlanRow]
    filters: Sequence[tuple[str, str]]
    stale_text: str  # "6 weeks": how long without an update counts as drift
    today: datetime.date = field(default_factory=timezone.localdate)

    def __post_init__(self) -> None:
        self.total = Drift("All actions")
        by_agency: dict[int, Drift] = {}
        by_review: dict[int, Drift] = {}
        for row in self.rows:
            self.total.add(row)
            by_agency.setdefault(row.agency_id, Drift(row.agency)).add(row)
            if row.review_id is not None:
                by_review.setdefault(row.review_id, Drift(row.reference)).add(row)
        self.by_agency = sorted(by_agency.values(), key=lambda d: d.label)
        self.by_review = sorted(by_review.values(), key=lambda d: d.label)

    @property
    def drift_headings(self) -> tuple[str, ...]:
        return (
            "Actions",
            "Open",
            "Overdue",
            f"No update for {self.stale_text}",
            "At risk",
        )

    def meta(self) -> list[tuple[str, str]]:
        return [
            ("Action plan", self.partnership.name),
            ("Prepared", f"{timezone.localtime():%-d %B %Y %H:%M}"),
            ("Status on", f"{self.today:%-d %B %Y}"),
            ("Filters", "; ".join(f"{k}: {v}" for k, v in self.filters) or "None: every action"),
        ]


ACTION_HEADINGS = (
    "Review",
    "Review title",
    "Recommendation",
    "Themes",
    "Owning agency",
    "Named owner",
    "What will be done",
    "Measure of success",
    "Due",
    "Status",
    "Drift",
    "Last update",
    "Priority",
    "Source",
)


# --- Excel ------------------------------------------------------------------------------


def action_plan_xlsx(plan: PlanExport) -> bytes:
    """The plan as a workbook: a README, every action, then drift by agency and review."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    bold = Font(bold=True)
    book = Workbook()
    used = {"readme"}
    readme = book.active
    assert readme is not None
    readme.title = "README"
    lines = [
        *plan.meta(),
        ("", ""),
        ("Term", "Meaning"),
        ("Overdue", "Past its due date and not completed, evidenced or closed"),
        (
            f"No update for {plan.stale_text}",
            f"Open, and no progress update for {plan.stale_text} or more",
        ),
        ("At risk", "The owner says the action may not be done on time"),
        ("", ""),
        ("Sheet", "Contents"),
        ("Actions", f"{plan.total.actions} actions"),
        ("By agency", "Drift and delay for each owning agency"),
        ("By review", "Drift and delay for each review"),
    ]
    for number, (term, meaning) in enumerate(lines, start=1):
        text_cell(readme.cell(number, 1), term)
        text_cell(readme.cell(number, 2), meaning)
        readme.cell(number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1 or term in ("Term", "Sheet"):
            readme.cell(number, 1).font = bold
            readme.cell(number, 2).font = bold
    readme.column_dimensions["A"].width = 30
    readme.column_dimensions["B"].width = 90

    sheet = book.create_sheet(sheet_title("Actions", used))
    for column, heading in enumerate(ACTION_HEADINGS, start=1):
        text_cell(sheet.cell(1, column), heading)
        sheet.cell(1, column).font = bold
    for number, row in enumerate(plan.rows, start=2):
        values: tuple[str | datetime.date | None, ...] = (
            row.reference,
            row.review_title,
            row.recommendation,
            row.themes,
            row.agency,
            row.owner,
            row.what,
            row.measure_of_success,
            row.due_on,
            row.status,
            row.drift,
            row.last_update_on,
            row.priority,
            row.source,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column)
            if isinstance(value, datetime.date):
                cell.value, cell.number_format = value, "dd/mm/yyyy"
            elif value is not None:
                text_cell(cell, value)
    for letter, width in (("C", 50), ("G", 50), ("H", 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions

    for title, groups, first in (
        ("By agency", plan.by_agency, "Owning agency"),
        ("By review", plan.by_review, "Review"),
    ):
        sheet = book.create_sheet(sheet_title(title, used))
        for column, heading in enumerate((first, *plan.drift_headings), start=1):
            text_cell(sheet.cell(1, column), heading)
            sheet.cell(1, column).font = bold
        for number, group in enumerate((*groups, plan.total), start=2):
            text_cell(sheet.cell(number, 1), group.label)
            for column, figure in enumerate(group.figures(), start=2):
                cell = sheet.cell(number, column)
                cell.value, cell.number_format = figure, "#,##0"
            if group is plan.total:
                sheet.cell(number, 1).font = bold
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Word -------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return (
        '<w:tc><w:p><w:r><w:t xml:space="preserve">'
        f"{escape(xml_text(text))}</w:t></w:r></w:p></w:tc>"
    )


def _table(document: DocxDocument, headings: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A table with a repeated, bold header row. The body rows are made as one piece of
    XML: python-docx's row-by-row API takes seconds for a plan of thousands of actions."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, heading in zip(header.cells, headings, strict=True):
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        run.font.size = Pt(9)
    properties = header._tr.get_or_add_trPr()
    repeat = parse_xml(f"<w:tblHeader {nsdecls('w')}/>")
    properties.append(repeat)
    body = "".join("<w:tr>" + "".join(_cell(value) for value in row) + "</w:tr>" for row in rows)
    if body:
        fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")
        table._tbl.extend(list(fragment.iterchildren(qn("w:tr"))))


def action_plan_docx(plan: PlanExport) -> bytes:
    """The plan as a Word document for the executive: drift at a glance, drift by agency
    and by review, then every action."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    document.core_properties.title = f"Action plan: {plan.partnership.name}"
    document.core_properties.author = plan.partnership.name

    document.add_heading(f"Action plan: {plan.partnership.name}", level=0)
    for label, value in plan.meta()[1:]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(xml_text(value))

    document.add_heading("Drift and delay at a glance", level=1)
    total = plan.total
    for line in (
        f"{total.actions} actions, {total.open} open",
        f"{total.overdue} overdue",
        f"{total.stale} with no update for {plan.stale_text} or more",
        f"{total.at_risk} at risk",
    ):
        document.add_paragraph(line, style="List Bullet")

    for title, groups, first in (
        ("By agency", plan.by_agency, "Owning agency"),
        ("By review", plan.by_review, "Review"),
    ):
        document.add_heading(title, level=1)
        _table(
            document,
            (first, *plan.drift_headings),
            [(g.label, *(f"{n:,}" for n in g.figures())) for g in (*groups, plan.total)],
        )

    document.add_heading("Actions", level=1)
    _table(
        document,
        ("Review", "Recommendation", "Owning agency", "What will be done", "Due", "Status"),
        [
            (
                row.reference,
                row.recommendation,
                row.agency + (f" ({row.owner})" if row.owner else ""),
                row.what,
                f"{row.due_on:%-d %b %Y}",
                row.status + (f"; {row.drift_beyond_status}" if row.drift_beyond_status else ""),
            )
            for row in plan.rows
        ],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
