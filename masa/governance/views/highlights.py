"""Highlight reports: started by those who run a group (drafted from the period's
records), edited, sent to the group it reports to, read as a page and a Word document."""

from __future__ import annotations

import io

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.types import ActingRequest
from masa.core.workbooks import xml_text
from masa.governance import policies
from masa.governance.forms.highlights import HighlightForm, PeriodForm
from masa.governance.models import HighlightReport
from masa.governance.services import highlights as services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SECTIONS = (
    ("progress", "Progress"),
    ("exceptions", "Exceptions"),
    ("risks", "Risks"),
    ("asks", "Asks"),
)


def _report(request: ActingRequest, pk: int, action: str) -> HighlightReport:
    groups = policies.groups.visible(request.acting, action)
    found = (
        HighlightReport.objects.filter(pk=pk, group__in=groups)
        .select_related("group", "to_group", "written_by")
        .first()
    )
    if found is None:
        raise Http404("No such report.")
    return found


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def highlight_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    group = policies.groups.get_or_404(acting, "manage", pk)
    form = PeriodForm(pages.posted(request))
    made: list[int] = []

    def run() -> None:
        report = services.highlight_start(
            acting=acting,
            group=group,
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
        )
        made.append(report.pk)

    return pages.form_step(
        request,
        form,
        run,
        done="Highlight report drafted from the period's meetings and actions",
        to=lambda: reverse("governance:highlight-edit", args=[made[0]]),
        back=reverse("governance:group", args=[group.pk]),
        title="Start a highlight report",
        caption=group.name,
        button="Draft the report",
        intro=[
            "MASA drafts the progress and exceptions from the period's meetings, decisions and "
            "actions. You then edit every section before sending it."
        ],
    )


@pages.guard(policies.groups, "view")
@require_GET
def highlight_detail(request: ActingRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, "view")
    return render(
        request,
        "governance/highlight.html",
        {
            "report": report,
            "sections": [(label, getattr(report, name)) for name, label in SECTIONS],
            "can_manage": policies.groups.can(request.acting, "manage", report.group),
            "page_title": f"Highlight report: {report.group.name}",
        },
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def highlight_edit(request: ActingRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, "manage")
    form = HighlightForm(
        pages.posted(request), initial={name: getattr(report, name) for name, _ in SECTIONS}
    )
    url = reverse("governance:highlight", args=[report.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.highlight_save(acting=request.acting, report=report, **form.cleaned_data),
        done="Highlight report saved",
        to=url,
        back=url,
        title="Edit the highlight report",
        caption=f"{report.group.name} to {report.to_group.name}",
        button="Save the report",
    )


@pages.guard(policies.groups, "manage_some")
@require_POST
def highlight_send(request: ActingRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        report = _report(request, pk, "manage")
        try:
            services.highlight_send(acting=request.acting, report=report)
            messages.success(request, f"Sent to the {report.to_group.name}")
        except ServiceError as error:
            messages.error(request, str(error))
    return redirect("governance:highlight", pk=report.pk)


@pages.guard(policies.groups, "view")
@require_GET
def highlight_docx(request: ActingRequest, pk: int) -> HttpResponse:
    from docx import Document

    report = _report(request, pk, "view")
    document = Document()
    title = f"Highlight report: {report.group.name} to {report.to_group.name}"
    document.core_properties.title = title
    document.add_heading(xml_text(title), level=0)
    document.add_paragraph(
        f"Period: {report.period_start:%-d %B %Y} to {report.period_end:%-d %B %Y}. "
        + (f"Sent on {report.sent_on:%-d %B %Y}." if report.sent_on else "Draft.")
    )
    for name, label in SECTIONS:
        document.add_heading(label, level=1)
        text = getattr(report, name) or "Nothing to report."
        for line in text.splitlines() or [text]:
            document.add_paragraph(xml_text(line))
    out = io.BytesIO()
    document.save(out)
    response = HttpResponse(out.getvalue(), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="highlight-report-{report.pk}.docx"'
    return response
