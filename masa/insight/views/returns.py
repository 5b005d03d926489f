"""The indicator catalogue, agencies' quarterly returns (on screen or as an Excel
template), completeness of the returns, and comparators.

Who may do what: anyone with `dashboard.view` or `data_return.view` reads the catalogue
and `data_return.manage` changes it; a data lead (`data_return.submit`, agency scope)
sees and makes their own agency's returns; the business unit (`data_return.view` at
partnership scope) sees every return and the completeness page. Views are thin: they
ask the policy and selectors, call a service and render.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.csvsafe import csv_safe
from masa.core.errors import ServiceError
from masa.core.models import Scope
from masa.core.policies import has_permission, scope_of
from masa.core.timescales import rule_for
from masa.core.types import SignedInRequest
from masa.core.workbooks import XLSX_CONTENT_TYPE
from masa.insight import periods, selectors, services, workbook
from masa.insight.forms_returns import (
    CheckForm,
    ComparatorsForm,
    IndicatorForm,
    ReturnForm,
    ReturnStartForm,
    TemplateUploadForm,
    form_data,
)
from masa.insight.models import DataReturn, Indicator
from masa.insight.policies import can_manage_insight, returns

# --- the catalogue -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def catalogue(request: SignedInRequest) -> HttpResponse:
    membership = pages.membership_of(request)
    pages.require(
        has_permission(request.user, "dashboard.view")
        or has_permission(request.user, "data_return.view")
    )
    manages = can_manage_insight(request.user)
    code = request.GET.get("edit", "")
    if code or request.method == "POST":
        pages.require(manages)
        indicator = (
            Indicator.objects.filter(partnership=membership.partnership, code=code)
            .select_related("agency", "partnership")
            .first()
        )
        if indicator is None:
            raise Http404("There is no such indicator.")
        return _indicator_edit(request, indicator)
    return render(
        request,
        "insight/returns/catalogue.html",
        {
            "page_title": "Indicator catalogue",
            "functions": [
                (label, [(i, selectors.tolerance_text(i)) for i in items])
                for label, items in selectors.catalogue_by_function(membership.partnership)
            ],
            "manages": manages,
        },
    )


def _indicator_edit(request: SignedInRequest, indicator: Indicator) -> HttpResponse:
    form = IndicatorForm(pages.posted(request), indicator=indicator)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.indicator_update(
                actor=request.user, indicator=indicator, **form.values()
            ),
        )
    ):
        messages.success(request, f"{indicator.name}: changes saved")
        return redirect(reverse("insight:catalogue") + f"#{_anchor(indicator.code)}")
    return pages.form_page(
        request,
        "insight/returns/indicator_edit.html",
        form,
        {
            "indicator": indicator,
            "tolerance": selectors.tolerance_text(indicator),
            "page_title": f"Change {indicator.name}",
        },
    )


def _anchor(code: str) -> str:
    return f"indicator-{slugify(code)}"  # as the catalogue template marks each row


# --- the return list and starting a return -------------------------------------------


@login_required
@require_GET
def return_list(request: SignedInRequest) -> HttpResponse:
    membership = pages.membership_of(request)
    pages.require(returns.can(request.user, "view"))
    today = timezone.localdate()
    rows = selectors.returns_for(request.user, today)
    can_start = {agency.pk for agency in selectors.submittable_agencies(request.user)}
    by_period: dict[periods.Period, list[selectors.ReturnRow]] = {}
    for row in rows:
        by_period.setdefault(row.period, []).append(row)
    return render(
        request,
        "insight/returns/list.html",
        {
            "page_title": "Data returns",
            "quarters": [
                {
                    "period": period,
                    "deadline": items[0].deadline,
                    "rows": [(row, row.agency.pk in can_start) for row in items],
                }
                for period, items in by_period.items()
            ],
            "deadline_rule": rule_for(membership.partnership, "data_return_deadline"),
            "partnership_wide": scope_of(request.user, "data_return.view") == Scope.PARTNERSHIP,
            "manages": can_manage_insight(request.user),
            "agency": membership.agency,
        },
    )


@login_required
@require_POST
def return_start(request: SignedInRequest) -> HttpResponse:
    membership = pages.membership_of(request)
    pages.require(returns.can(request.user, "submit"))
    today = timezone.localdate()
    form = ReturnStartForm(
        request.POST,
        agencies=selectors.submittable_agencies(request.user),
        periods=[period.code for period in selectors.return_periods(today)],
    )
    if not form.is_valid():
        # Only the buttons on the return list post here: anything else is not there.
        raise Http404("You cannot start that return.")
    try:
        data_return = services.return_open(
            actor=request.user,
            partnership=membership.partnership,
            agency=form.cleaned_data["agency"],
            period=periods.parse(form.cleaned_data["period"]),
            today=today,
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("insight:returns")
    return redirect("insight:return", pk=data_return.pk)


# --- entering figures ----------------------------------------------------------------


def _return_form(data_return: DataReturn, data: Any = None) -> ReturnForm:
    return ReturnForm(
        data,
        indicators=selectors.return_indicators(data_return.partnership, data_return.agency),
        entries=selectors.draft_entries(data_return),
        initial={"narrative": data_return.narrative},
    )


def _edit_page(
    request: SignedInRequest, data_return: DataReturn, form: ReturnForm, **extra: Any
) -> HttpResponse:
    today = timezone.localdate()
    row = selectors.return_row(data_return, today)
    return pages.form_page(
        request,
        "insight/returns/edit.html",
        form,
        {
            "data_return": data_return,
            "row": row,
            "rows": form.rows(),
            "ended": today > row.period.end,
            "page_title": f"{data_return.agency.name}: return for {row.period.short_label}",
            **extra,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    data_return = selectors.return_or_404(request.user, pk, "view")
    if not returns.can(request.user, "submit", data_return):
        if request.method == "POST":
            raise Http404("You cannot change this return.")
        # The business unit reads returns; only the agency enters figures.
        return _history_page(request, data_return)
    form = _return_form(data_return, pages.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.return_save(
                actor=request.user,
                data_return=data_return,
                narrative=form.cleaned_data["narrative"],
                entries=form.entries(),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if request.POST.get("action") == "check":
                return redirect("insight:return-check", pk=data_return.pk)
            messages.success(
                request,
                "Draft saved. Nothing is sent to the partnership until you check and submit it",
            )
            return redirect("insight:return", pk=data_return.pk)
    return _edit_page(request, data_return, form)


def _problems_page(
    request: SignedInRequest, data_return: DataReturn, checked: selectors.ReturnCheck
) -> HttpResponse:
    """The draft as saved, with every problem on its figure."""
    blank = _return_form(data_return)
    form = _return_form(data_return, form_data(blank))
    form.is_valid()
    form.add_problems(checked.problems)
    response = _edit_page(request, data_return, form, checking=True)
    if request.method == "GET":
        # Showing the saved draft's problems is a page like any other; a refused
        # submission (POST) is a bad request.
        response.status_code = 200
    return response


@login_required
@require_http_methods(["GET", "POST"])
def return_check(request: SignedInRequest, pk: int) -> HttpResponse:
    data_return = selectors.return_or_404(request.user, pk, "submit")
    checked = selectors.return_check(data_return)
    if checked.problems:
        return _problems_page(request, data_return, checked)
    if request.method == "POST" and request.POST.get("expected_version") != str(
        data_return.version
    ):
        # A second press of "Submit", or someone else submitted meanwhile: never a new
        # version from a page that showed an older one.
        who = data_return.submitted_by or "someone else"
        messages.error(
            request,
            f"This return was submitted by {who} (version {data_return.version}) while you "
            "were checking it. Check the figures below before submitting again",
        )
        return redirect("insight:return-check", pk=data_return.pk)
    correcting = data_return.version > 0
    form = CheckForm(
        pages.posted(request),
        correcting=correcting,
        initial={"expected_version": data_return.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.return_submit(
                actor=request.user,
                data_return=data_return,
                correction_reason=form.cleaned_data.get("correction_reason", ""),
                expected_version=form.cleaned_data["expected_version"],
            )
        except services.ReturnInvalid as invalid:
            checked.problems = invalid.problems
            return _problems_page(request, data_return, checked)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            late = (
                " It was sent after the deadline, so it is marked late." if submission.late else ""
            )
            quarter = selectors.return_period(data_return).short_label
            messages.success(
                request,
                f"{data_return.agency.name}'s return for {quarter} is submitted (version "
                f"{submission.version}).{late}",
            )
            return redirect("insight:return-history", pk=data_return.pk)
    today = timezone.localdate()
    row = selectors.return_row(data_return, today)
    summary = [
        {
            "indicator": indicator,
            "text": selectors.figure_text(
                indicator.unit,
                checked.checked[indicator.pk].value,
                checked.checked[indicator.pk].numerator,
                checked.checked[indicator.pk].denominator,
                not_available=checked.checked[indicator.pk].not_available,
            ),
            "narrative": checked.checked[indicator.pk].narrative,
        }
        for indicator in checked.indicators
    ]
    return pages.form_page(
        request,
        "insight/returns/check.html",
        form,
        {
            "data_return": data_return,
            "row": row,
            "summary": summary,
            "correcting": correcting,
            "ended": today > row.period.end,
            "page_title": f"Check your return for {row.period.short_label}",
        },
    )


# --- history -------------------------------------------------------------------------


def _history_page(request: SignedInRequest, data_return: DataReturn) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "insight/returns/history.html",
        {
            "data_return": data_return,
            "row": selectors.return_row(data_return, today),
            "history": selectors.return_history(data_return),
            "can_submit": returns.can(request.user, "submit", data_return),
            "page_title": f"{data_return.agency.name}: versions of the return for "
            f"{selectors.return_period(data_return).short_label}",
        },
    )


@login_required
@require_GET
def return_history(request: SignedInRequest, pk: int) -> HttpResponse:
    return _history_page(request, selectors.return_or_404(request.user, pk, "view"))


# --- the Excel template ---------------------------------------------------------------


@login_required
@require_GET
def return_template(request: SignedInRequest, pk: int) -> HttpResponse:
    data_return = selectors.return_or_404(request.user, pk, "submit")
    period = selectors.return_period(data_return)
    content = workbook.template(
        data_return=data_return,
        period=period,
        deadline=selectors.return_deadline(data_return.partnership, period),
        indicators=list(selectors.return_indicators(data_return.partnership, data_return.agency)),
        entries=selectors.draft_entries(data_return),
    )
    name = f"return-{slugify(data_return.agency.name)}-{slugify(period.code)}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def return_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    data_return = selectors.return_or_404(request.user, pk, "submit")
    period = selectors.return_period(data_return)
    form = TemplateUploadForm(pages.posted(request), request.FILES or None)
    context: dict[str, Any] = {
        "data_return": data_return,
        "period": period,
        "max_label": workbook.MAX_LABEL,
        "page_title": f"Upload the template: {data_return.agency.name}, {period.short_label}",
    }
    if request.method == "POST" and form.is_valid():
        indicators = list(selectors.return_indicators(data_return.partnership, data_return.agency))
        try:
            upload = workbook.read(
                form.content,
                data_return=data_return,
                period=period,
                indicators=indicators,
                rules={indicator.pk: selectors.rules_for(indicator) for indicator in indicators},
            )
        except workbook.TemplateRefused as refused:
            form.add_error("file", str(refused))
        else:
            changed = 0
            if upload.entries or upload.narrative is not None:
                changed = services.return_upload(
                    actor=request.user,
                    data_return=data_return,
                    entries=upload.entries,
                    narrative=upload.narrative,
                    file_name=form.filename,
                )
            return render(
                request,
                "insight/returns/uploaded.html",
                {
                    **context,
                    "upload": upload,
                    "changed": changed,
                    "filename": form.filename,
                    "page_title": f"Template uploaded: {data_return.agency.name}, "
                    f"{period.short_label}",
                },
            )
    return pages.form_page(request, "insight/returns/upload.html", form, context)


# --- completeness --------------------------------------------------------------------

CSV_HEADER = (
    "agency",
    "quarter",
    "status",
    "deadline",
    "first submitted",
    "latest version",
    "figures not available",
)


@login_required
@require_GET
def completeness(request: SignedInRequest) -> HttpResponse:
    membership = pages.membership_of(request)
    pages.require(scope_of(request.user, "data_return.view") == Scope.PARTNERSHIP)
    result = selectors.completeness(membership.partnership, timezone.localdate())
    if request.GET.get("format") == "csv":
        return _completeness_csv(membership.partnership.slug, result)
    return render(
        request,
        "insight/returns/completeness.html",
        {
            "page_title": "Completeness of data returns",
            "result": result,
            "can_remind": _may_remind(request),
        },
    )


def _may_remind(request: SignedInRequest) -> bool:
    return scope_of(request.user, "data_return.manage") == Scope.PARTNERSHIP


@login_required
@require_POST
def completeness_remind(request: SignedInRequest, agency_pk: int) -> HttpResponse:
    """Send a late agency's data leads a reminder now (the button beside the agency)."""
    membership = pages.membership_of(request)
    pages.require(_may_remind(request))
    partnership = membership.partnership
    agency = next((a for a in selectors.owing_agencies(partnership) if a.pk == agency_pk), None)
    pages.require(agency is not None)
    assert agency is not None
    try:
        count = services.return_remind_agency(
            actor=request.user, partnership=partnership, agency=agency
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        returns_text = "return" if count == 1 else f"{count} returns"
        messages.success(
            request,
            f"Reminder sent to {agency.name}'s data leads about their overdue {returns_text}.",
        )
    return redirect(reverse("insight:completeness") + f"#agency-{agency.pk}")


def _completeness_csv(slug: str, result: selectors.Completeness) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for agency, cells in result.grid:
        for period, row in zip(result.periods, cells, strict=True):
            if row is None:
                continue
            record = row.data_return
            first = record.first_submitted_at if record else None
            writer.writerow(
                [
                    csv_safe(agency.name),
                    period.code,
                    row.status.label,
                    row.deadline.isoformat(),
                    timezone.localtime(first).strftime("%Y-%m-%d %H:%M") if first else "",
                    str(record.version) if record else "0",
                    str(row.not_available),
                ]
            )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-return-completeness-{slug}.csv"'
    return response


# --- comparators ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def comparators_import(request: SignedInRequest) -> HttpResponse:
    membership = pages.membership_of(request)
    pages.require(can_manage_insight(request.user))
    form = ComparatorsForm(pages.posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = services.comparators_import(
            actor=request.user,
            partnership=membership.partnership,
            rows=form.parsed.rows,
            problems=form.parsed.problems,
            file_name=form.filename,
        )
        return render(
            request,
            "insight/returns/comparators_imported.html",
            {"page_title": "Comparators imported", "result": result, "filename": form.filename},
        )
    return pages.form_page(
        request,
        "insight/returns/comparators_import.html",
        form,
        {"page_title": "Import comparators"},
    )
