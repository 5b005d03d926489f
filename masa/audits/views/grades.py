"""The audit grades of the yearly report: Table 1 (a year's rounds), Table 2 (each
year's shares) and the practice-area themes, with a chart, as CSV and Excel; and the
upload of earlier years' grades. Figures only: aggregate roles read them too."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from masa.audits import exports, policies, rules, tables
from masa.audits.forms.grades import GradesUploadForm
from masa.audits.services import grades_import as import_services
from masa.audits.services.grades_import import ImportResult
from masa.core import figures, pages
from masa.core.types import ActingRequest
from masa.core.workbooks import XLSX_CONTENT_TYPE


def _table2_chart(rows: list[tables.Table2Row]) -> figures.Chart | None:
    if not rows:
        return None
    table = figures.Table(
        key="table2",
        caption="Share of cases at each grade",
        group_heading="Year",
        columns=tuple(label for _, label in rules.GRADES),
        rows=tuple(
            figures.Row(
                row.year,
                tuple(figures.Cell(figures.Kind.COUNT, share) for share in row.figures()),
            )
            for row in rows
        ),
    )
    return figures.bar_chart("Share of cases at each grade by year (per cent)", table, (0, 1, 2, 3))


@pages.guard(policies.rounds, "view")
@require_GET
def grades(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    years = tables.years(partnership)
    year = request.GET.get("year", "")
    if year not in years:
        year = years[-1] if years else ""
    table1 = tables.table1(partnership, year) if year else []
    table2 = tables.table2(partnership)
    context: dict[str, Any] = {
        "page_title": "Audit grades",
        "years": years,
        "year": year,
        "table1": table1,
        "table1_total": tables.total_row(table1, year) if year else None,
        "table2": table2,
        "chart": _table2_chart(table2),
        "grade_labels": [label for _, label in rules.GRADES],
        "themes": tables.practice_area_themes(partnership, year) if year else [],
        "can_import": policies.rounds.can(request.acting, "manage"),
    }
    return render(request, "audits/grades.html", context)


@pages.guard(policies.rounds, "view")
@require_GET
def grades_csv(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    response = HttpResponse(exports.grades_csv(partnership), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-grades-{partnership.slug}.csv"'
    return response


@pages.guard(policies.rounds, "view")
@require_GET
def grades_xlsx(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    response = HttpResponse(exports.grades_xlsx(partnership), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="audit-grades-{partnership.slug}.xlsx"'
    return response


@pages.guard(policies.rounds, "manage")
@require_http_methods(["GET", "POST"])
def grades_import(request: ActingRequest) -> HttpResponse:
    form = GradesUploadForm(pages.posted(request), request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def run() -> None:
            nonlocal result
            result = import_services.grades_import(
                acting=request.acting,
                partnership=request.acting.partnership,
                data=upload.read(),
                file_name=upload.name or "grades.csv",
            )

        if pages.attempt(form, run) and result is not None and not result.ok:
            for bad in result.bad[:50]:
                form.add_error("file", str(bad))
            if len(result.bad) > 50:
                form.add_error("file", f"And {len(result.bad) - 50} more bad rows")
    return pages.form_page(
        request,
        "audits/grades_import.html",
        form,
        {
            "page_title": "Import earlier years' grades",
            "result": result if form.is_valid() else None,
        },
    )
