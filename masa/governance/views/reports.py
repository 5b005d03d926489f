"""Reports from governance: attendance by agency and group, by quarter and year (page,
CSV and Excel), and the threshold under which an agency is highlighted."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import figures, pages
from masa.core.types import ActingRequest
from masa.core.workbooks import XLSX_CONTENT_TYPE
from masa.governance import policies, reports
from masa.governance.forms.reports import AttendanceFilterForm, ThresholdForm
from masa.governance.services import settings as settings_services


def _report(request: ActingRequest) -> tuple[AttendanceFilterForm, reports.Report]:
    acting = request.acting
    years = reports.years(acting)
    current = figures.financial_year_of(timezone.localdate())
    if not years:
        years = [current]
    groups = list(policies.groups.visible(acting, "view").order_by("name"))
    form = AttendanceFilterForm(request.GET or None, years=years, groups=groups)
    year, quarter, group = form.chosen(years[0])
    return form, reports.attendance_report(acting, year=year, quarter=quarter, group_id=group)


@pages.guard(policies.groups, "read_all")
@require_GET
def attendance_report(request: ActingRequest) -> HttpResponse:
    form, report = _report(request)
    return render(
        request,
        "governance/attendance.html",
        {
            "form": form,
            "report": report,
            "query": request.GET.urlencode(),
            "can_set": policies.groups.can(request.acting, "manage_all"),
            "page_title": "Attendance at meetings",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(policies.groups, "read_all")
@require_GET
def attendance_csv(request: ActingRequest) -> HttpResponse:
    _, report = _report(request)
    response = HttpResponse(reports.as_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-{report.year}.csv"'
    return response


@pages.guard(policies.groups, "read_all")
@require_GET
def attendance_xlsx(request: ActingRequest) -> HttpResponse:
    _, report = _report(request)
    response = HttpResponse(reports.as_workbook(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="attendance-{report.year}.xlsx"'
    return response


@pages.guard(policies.groups, "manage_all")
@require_http_methods(["GET", "POST"])
def threshold(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    form = ThresholdForm(
        pages.posted(request), initial={"threshold": reports.threshold_of(acting.partnership_id)}
    )
    url = reverse("governance:attendance")
    return pages.form_step(
        request,
        form,
        lambda: settings_services.threshold_set(
            acting=acting, threshold=form.cleaned_data["threshold"]
        ),
        done="Attendance threshold saved",
        to=url,
        back=url,
        title="Set the attendance threshold",
        caption="Attendance at meetings",
        button="Save the threshold",
    )
