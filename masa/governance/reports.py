"""The attendance report: by agency and by group, for a financial year or one of its
quarters, with agencies under the partnership's threshold highlighted, and each
agency's rate quarter by quarter. Rate = attended (in person or by a named deputy)
over the seats expected at meetings held. Also its CSV and Excel files."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, replace

from django.db.models import Count, Q, QuerySet

from masa.core import figures
from masa.core.acting import Acting
from masa.core.csvsafe import csv_safe
from masa.governance import policies
from masa.governance.models import Attendance, GovernanceSettings

COLUMNS = (
    "Seats at meetings",
    "Attended in person",
    "Sent a deputy",
    "Apologies",
    "Absent without apologies",
    "Attendance rate",
)
RATE = 5


def threshold_of(partnership_id: int) -> int:
    found = GovernanceSettings.objects.filter(partnership_id=partnership_id).first()
    return found.attendance_threshold if found else 75


def period_bounds(year: int, quarter: int | None) -> tuple[datetime.date, datetime.date]:
    """The first day and the day after the last of a financial year or quarter."""
    months = figures.month_starts(year)
    if quarter is None:
        return months[0], datetime.date(year + 1, 4, 1)
    first = months[(quarter - 1) * 3]
    following = months[quarter * 3] if quarter < 4 else datetime.date(year + 1, 4, 1)
    return first, following


def visible_attendance(acting: Acting) -> QuerySet[Attendance]:
    groups = policies.groups.visible(acting, "view")
    return Attendance.objects.filter(partnership_id=acting.partnership_id, group__in=groups)


def years(acting: Acting) -> list[int]:
    """The financial years with attendance, latest first."""
    days = visible_attendance(acting).dates("held_on", "month")
    return sorted({figures.financial_year_of(day) for day in days}, reverse=True)


COUNTS = {
    "seats": Count("pk"),
    "present": Count("pk", filter=Q(status="present")),
    "deputy": Count("pk", filter=Q(status="deputy")),
    "apologies": Count("pk", filter=Q(status="apologies")),
    "absent": Count("pk", filter=Q(status="absent")),
}


def _row(label: str, counts: dict[str, int]) -> figures.Row:
    attended = counts["present"] + counts["deputy"]
    return figures.Row(
        label,
        (
            figures.count_cell(counts["seats"], False),
            figures.count_cell(counts["present"], False),
            figures.count_cell(counts["deputy"], False),
            figures.count_cell(counts["apologies"], False),
            figures.count_cell(counts["absent"], False),
            figures.percent_cell(attended, counts["seats"], False),
        ),
    )


def _under(rate: float | None, threshold: int) -> bool:
    return rate is not None and rate < threshold


@dataclass(frozen=True)
class Report:
    year: int
    quarter: int | None
    period: str
    threshold: int
    by_agency: figures.Table
    by_group: figures.Table
    by_quarter: figures.Table
    below: frozenset[str]  # agencies under the threshold

    @property
    def tables(self) -> tuple[figures.Table, ...]:
        return (self.by_agency, self.by_group, self.by_quarter)


def attendance_report(
    acting: Acting, *, year: int, quarter: int | None = None, group_id: int | None = None
) -> Report:
    start, end = period_bounds(year, quarter)
    rows = visible_attendance(acting)
    if group_id is not None:
        rows = rows.filter(group_id=group_id)
    in_period = rows.filter(held_on__gte=start, held_on__lt=end)
    threshold = threshold_of(acting.partnership_id)
    period = (
        figures.quarter_label(year, quarter) if quarter else f"the year {figures.year_label(year)}"
    )

    agencies = [
        _row(item.pop("agency__name"), item)
        for item in in_period.values("agency__name").annotate(**COUNTS).order_by("agency__name")
    ]
    below = frozenset(row.label for row in agencies if _under(row.cells[RATE].value, threshold))
    by_agency = figures.Table(
        "by-agency",
        f"Attendance by agency, {period}",
        "Agency",
        COLUMNS,
        tuple(agencies),
        notes=(f"Agencies attending less than {threshold}% of their seats are highlighted.",),
    )
    by_agency = replace(
        by_agency,
        chart=figures.bar_chart(f"Attendance rate by agency, {period}", by_agency, [RATE]),
    )
    groups = [
        _row(item.pop("group__name"), item)
        for item in in_period.values("group__name").annotate(**COUNTS).order_by("group__name")
    ]
    by_group = figures.Table(
        "by-group", f"Attendance by group, {period}", "Group", COLUMNS, tuple(groups)
    )

    # Each agency's rate in each quarter of the year.
    quarterly: dict[str, list[figures.Cell]] = {}
    for q in (1, 2, 3, 4):
        q_start, q_end = period_bounds(year, q)
        counts = {
            item["agency__name"]: item
            for item in rows.filter(held_on__gte=q_start, held_on__lt=q_end)
            .values("agency__name")
            .annotate(**COUNTS)
        }
        for name in {row.label for row in agencies} | set(counts):
            got = counts.get(name)
            cell = (
                figures.percent_cell(got["present"] + got["deputy"], got["seats"], False)
                if got
                else figures.Cell(figures.Kind.PERCENT, None)
            )
            quarterly.setdefault(name, [figures.Cell(figures.Kind.PERCENT, None)] * 4)[q - 1] = cell
    by_quarter = figures.Table(
        "by-quarter",
        f"Attendance rate by agency and quarter, {figures.year_label(year)}",
        "Agency",
        tuple(figures.quarter_label(year, q) for q in (1, 2, 3, 4)),
        tuple(figures.Row(name, tuple(cells)) for name, cells in sorted(quarterly.items())),
    )
    return Report(year, quarter, period, threshold, by_agency, by_group, by_quarter, below)


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Table", "Row", "Column", "Value"])
    for table in report.tables:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                writer.writerow([table.key, csv_safe(row.label), column, cell.csv_value])
    return out.getvalue()


def as_workbook(report: Report) -> bytes:
    import openpyxl  # type: ignore[import-untyped]

    from masa.core.workbooks import sheet_title, text_cell

    book = openpyxl.Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in report.tables:
        sheet = book.create_sheet(sheet_title(table.caption, used))
        sheet.append([table.group_heading, *table.columns])
        for row in table.rows:
            sheet.append([None, *(cell.value for cell in row.cells)])
            text_cell(sheet.cell(row=sheet.max_row, column=1), row.label)
        sheet.column_dimensions["A"].width = 45
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()
