"""The engagement log: the list with its counts by who was heard and how, an entry's
page with its evidence files, adding an entry, and "you said, we did" by priority.

Who sees what: `masa.engagement.policies` (engagement.view reads, engagement.manage adds).
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.csvsafe import csv_safe
from masa.core.figures import financial_year_of, parse_year_label, year_label
from masa.core.files import attachment
from masa.core.types import ActingRequest
from masa.engagement import policies, selectors, services
from masa.engagement.forms import EntryForm, OutcomeForm
from masa.engagement.models import Entry


def _year(request: ActingRequest, known: list[int]) -> int:
    try:
        return parse_year_label(request.GET.get("year", ""))
    except ValueError:
        return known[0] if known else financial_year_of(timezone.localdate())


@pages.guard(policies.entries, "view")
@require_GET
def log(request: ActingRequest) -> HttpResponse:
    known = selectors.years(acting=request.acting)
    year = _year(request, known)
    page = Paginator(
        selectors.in_year(selectors.entries(acting=request.acting), year), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/log.html",
        {
            "page": page,
            "year": year,
            "year_label": year_label(year),
            "years": [year_label(y) for y in known],
            "table": selectors.counts(acting=request.acting, year=year),
            "adds": policies.entries.can(request.acting, "add_here"),
            "query": f"year={year_label(year)}",
            "page_title": f"Engagement log {year_label(year)}",
        },
    )


@pages.guard(policies.entries, "view")
@require_GET
def you_said_we_did(request: ActingRequest) -> HttpResponse:
    known = selectors.years(acting=request.acting)
    year = _year(request, known)
    return render(
        request,
        "engagement/you_said_we_did.html",
        {
            "headings": selectors.you_said_we_did(acting=request.acting, year=year),
            "year_label": year_label(year),
            "years": [year_label(y) for y in known],
            "page_title": f"You said, we did {year_label(year)}",
        },
    )


@pages.guard(policies.entries, "view")
@require_GET
def entry(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.entries.get_or_404(request.acting, "view", pk, related=["priority"])
    return render(
        request,
        "engagement/entry.html",
        {
            "entry": record,
            "files": record.files.all(),
            "adds": policies.entries.can(request.acting, "add_here"),
            "page_title": record.title,
        },
    )


@pages.guard(policies.entries, "add_here")
@require_http_methods(["GET", "POST"])
def entry_new(request: ActingRequest) -> HttpResponse:
    form = EntryForm(
        pages.posted(request), request.FILES or None, partnership=request.acting.partnership
    )
    made: list[Entry] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        if pages.attempt(
            form,
            lambda: made.append(
                services.entry_add(
                    acting=request.acting,
                    happened_on=data["happened_on"],
                    group=data["group"],
                    method=data["method"],
                    title=data["title"],
                    said=data["said"],
                    changed=data["changed"],
                    priority=data["priority"],
                    work=data["work"],
                    heard_from=data["heard_from"],
                    file_name=upload.name if upload else "",
                    chunks=upload.chunks() if upload else (),
                )
            ),
        ):
            messages.success(request, "Entry added to the engagement log")
            return redirect("engagement:entry", pk=made[0].pk)
    return pages.form_page(
        request, "engagement/entry_form.html", form, {"page_title": "Add to the engagement log"}
    )


@pages.guard(policies.files, "view")
@require_GET
def file_download(request: ActingRequest, pk: int) -> FileResponse:
    return attachment(policies.files.get_or_404(request.acting, "view", pk))


@pages.guard(policies.entries, "view")
@require_GET
def counts_csv(request: ActingRequest) -> HttpResponse:
    """The year's counts by who was heard and how, as CSV."""
    year = _year(request, selectors.years(acting=request.acting))
    table = selectors.counts(acting=request.acting, year=year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"engagement-{request.acting.partnership.slug}-{year_label(year)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([table.group_heading, *table.columns])
    for row in table.rows:
        writer.writerow([csv_safe(row.label), *(cell.csv_value for cell in row.cells)])
    return response


@pages.guard(policies.entries, "add_here")
@require_http_methods(["GET", "POST"])
def outcome(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.entries.get_or_404(request.acting, "view", pk)
    form = OutcomeForm(
        pages.posted(request), request.FILES or None, initial={"changed": record.changed}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if pages.attempt(
            form,
            lambda: services.outcome_record(
                acting=request.acting,
                entry=record,
                changed=form.cleaned_data["changed"],
                file_name=upload.name if upload else "",
                chunks=upload.chunks() if upload else (),
            ),
        ):
            messages.success(request, "Entry updated")
            return redirect("engagement:entry", pk=record.pk)
    return pages.form_page(
        request,
        "engagement/outcome_form.html",
        form,
        {"entry": record, "page_title": f"What changed: {record.title}"},
    )
