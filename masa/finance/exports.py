"""The financial summary as an Excel workbook, laid out as seed 001 appendix 2."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from masa.core.csvsafe import csv_safe
from masa.core.workbooks import text_cell
from masa.finance.selectors import Summary

POUNDS_FORMAT = "#,##0.00;(#,##0.00)"


def summary_xlsx(summary: Summary) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Financial summary"
    bold = Font(bold=True)
    row = 1

    def put(label: str, *amounts: Decimal | None, strong: bool = False) -> None:
        nonlocal row
        text_cell(sheet.cell(row=row, column=1), label)
        for offset, amount in enumerate(amounts, start=2):
            if amount is not None:
                cell = sheet.cell(row=row, column=offset, value=float(amount))
                cell.number_format = POUNDS_FORMAT
                if strong:
                    cell.font = bold
        if strong:
            sheet.cell(row=row, column=1).font = bold
        row += 1

    put(f"{summary.partnership}: financial summary {summary.year_label}", strong=True)
    row += 1
    put("Contributions from partners", strong=True)
    put("Organisation")
    sheet.cell(row=row - 1, column=2, value="Contribution £")
    for share in summary.contributions:
        put(share.agency, share.amount)
    put("Total contributions", summary.contributions_total, strong=True)
    if summary.in_kind or summary.in_kind_total:
        row += 1
        put("In-kind contributions", strong=True)
        for gift in summary.in_kind:
            put(f"{gift.agency}: {gift.description}", gift.value)
        put("Total value in kind", summary.in_kind_total, strong=True)
    row += 1
    put(f"Expenditure {summary.year_label}", strong=True)
    text_cell(sheet.cell(row=row - 1, column=2), "Budget £")
    text_cell(sheet.cell(row=row - 1, column=3), "Actual £")
    for part in (*summary.spending, summary.income):
        put(part.label.upper(), strong=True)
        for line in part.lines:
            put(line.name, line.figures.budget, line.figures.actual)
        put(f"Total {part.label.lower()}", part.total.budget, part.total.actual, strong=True)
    put(
        "Net position",
        summary.net_position.budget,
        summary.net_position.actual,
        strong=True,
    )
    row += 1
    put("Reserve brought forward", summary.reserve_brought_forward)
    put("Reserve carried forward", summary.reserve_carried_forward)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_csv(summary: Summary) -> str:
    """The same summary as CSV rows: part, line, budget, actual (pounds with pence;
    income as positive numbers, as it is imported)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "part", "line", "budget", "actual"])
    year = summary.year_label
    for share in summary.contributions:
        writer.writerow([year, "contributions", csv_safe(share.agency), "", share.amount])
    writer.writerow([year, "contributions", "Total contributions", "", summary.contributions_total])
    for gift in summary.in_kind:
        writer.writerow(
            [year, "in_kind", csv_safe(f"{gift.agency}: {gift.description}"), "", gift.value or ""]
        )
    for part in (*summary.spending, summary.income):
        for line in part.lines:
            writer.writerow(
                [year, part.section, csv_safe(line.name), line.figures.budget, line.figures.actual]
            )
        writer.writerow(
            [
                year,
                part.section,
                f"Total {part.label.lower()}",
                part.total.budget,
                part.total.actual,
            ]
        )
    net = summary.net_position
    writer.writerow([year, "net_position", "Net position", net.budget, net.actual])
    for label, amount in (
        ("Reserve brought forward", summary.reserve_brought_forward),
        ("Reserve carried forward", summary.reserve_carried_forward),
    ):
        writer.writerow([year, "reserve", label, "", "" if amount is None else amount])
    return out.getvalue()
