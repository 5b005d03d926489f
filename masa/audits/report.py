"""The audit report of a round, as a page and a Word document: why the theme was
chosen, the grades, the findings by practice area (good practice and areas for
improvement), urgent concerns and the action plan. It names no case: it is shared with
the partnership's groups."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from masa.actions.models import Action
from masa.audits import rules
from masa.audits.models import AreaGrade, PracticeArea, Round, UrgentConcern
from masa.core.workbooks import xml_text

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class AreaFindings:
    label: str
    graded: list[tuple[str, int]]
    good_practice: list[str] = field(default_factory=list)
    improvement: list[str] = field(default_factory=list)


@dataclass
class RoundReport:
    round: Round
    grades: list[tuple[str, int]]  # (grade label, cases)
    cases: int
    good_or_better_pct: int
    areas: list[AreaFindings]
    concerns_raised: int
    concerns_in_time: int
    concerns_open: int
    actions: list[Action]

    @property
    def title(self) -> str:
        where = f"{self.round.year} {self.round.quarter}"
        return f"Multi-agency audit report: {self.round.theme} ({where})"


def round_report(round: Round) -> RoundReport:
    cases = list(round.cases.exclude(grade="").values_list("grade", flat=True))
    counts = {code: cases.count(code) for code in rules.GRADE_CODES}
    areas: dict[str, AreaFindings] = {
        area.value: AreaFindings(area.label, []) for area in PracticeArea
    }
    by_area: dict[str, dict[str, int]] = {
        area.value: dict.fromkeys(rules.GRADE_CODES, 0) for area in PracticeArea
    }
    for grade in AreaGrade.objects.filter(case__round=round).order_by("case__reference", "pk"):
        by_area[grade.practice_area][grade.grade] += 1
        if (
            grade.good_practice
            and grade.good_practice not in areas[grade.practice_area].good_practice
        ):
            areas[grade.practice_area].good_practice.append(grade.good_practice)
        if grade.improvement and grade.improvement not in areas[grade.practice_area].improvement:
            areas[grade.practice_area].improvement.append(grade.improvement)
    for code, finding in areas.items():
        finding.graded = [
            (label, by_area[code][g]) for g, label in rules.GRADES if by_area[code][g]
        ]
    concerns = list(UrgentConcern.objects.filter(case__round=round))
    return RoundReport(
        round=round,
        grades=[(label, counts[code]) for code, label in rules.GRADES],
        cases=len(cases),
        good_or_better_pct=rules.whole_per_cent(
            sum(counts[c] for c in rules.GOOD_OR_BETTER), len(cases)
        ),
        areas=list(areas.values()),
        concerns_raised=len(concerns),
        concerns_in_time=sum(1 for c in concerns if c.answered_in_time),
        concerns_open=sum(1 for c in concerns if c.is_open),
        actions=list(
            Action.objects.filter(audit_case__round=round)
            .select_related("owner_agency")
            .order_by("due_on", "pk")
        ),
    )


def report_docx(report: RoundReport) -> bytes:
    from docx import Document

    record = report.round
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = record.partnership.name
    document.add_heading(xml_text(report.title), level=0)
    document.add_paragraph(xml_text(record.partnership.name))
    document.add_heading("Why this theme", level=1)
    document.add_paragraph(xml_text(record.why_chosen or "Not recorded."))
    document.add_heading("Grades of multi-agency practice", level=1)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Grade", "Cases"
    for label, count in [*report.grades, ("Total", report.cases)]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(count)
    document.add_paragraph(f"{report.good_or_better_pct}% of cases graded good or better.")
    document.add_heading("Findings by practice area", level=1)
    for area in report.areas:
        document.add_heading(area.label, level=2)
        graded = ", ".join(f"{label}: {n}" for label, n in area.graded) or "Not graded"
        document.add_paragraph(f"Grades: {graded}")
        for heading, lines in (
            ("Good practice", area.good_practice),
            ("Areas for improvement", area.improvement),
        ):
            if lines:
                document.add_paragraph(heading).runs[0].bold = True
                for line in lines:
                    document.add_paragraph(xml_text(line), style="List Bullet")
    document.add_heading("Urgent concerns", level=1)
    document.add_paragraph(
        f"{report.concerns_raised} raised, {report.concerns_in_time} answered in time, "
        f"{report.concerns_open} still open."
    )
    document.add_heading("Action plan", level=1)
    if report.actions:
        for action in report.actions:
            document.add_paragraph(
                xml_text(
                    f"{action.what} ({action.owner_agency.name}, due {action.due_on:%-d %B %Y})"
                ),
                style="List Bullet",
            )
    else:
        document.add_paragraph("No actions.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
