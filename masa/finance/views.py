"""The money pages: the financial summary of a year (every figure for the business
unit and the executive; the totals for figures-only roles), its Excel download, the
CSV imports and in-kind contributions (the business unit).

Who sees what: `masa.finance.policies`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.figures import financial_year_of, parse_year_label, year_label
from masa.core.forms import GovUKForm
from masa.core.types import ActingRequest
from masa.core.workbooks import XLSX_CONTENT_TYPE
from masa.finance import exports, imports, policies, selectors, services
from masa.finance.forms import (
    CategoryForm,
    ContributionDatesForm,
    ImportForm,
    InKindForm,
    ReserveForm,
)
from masa.finance.models import Contribution, Reserve


def _this_year() -> int:
    return financial_year_of(timezone.localdate())


def _chosen_year(request: ActingRequest, known: list[int]) -> int:
    """The year asked for (?year=2022-23), else the latest with figures, else this one."""
    try:
        return parse_year_label(request.GET.get("year", ""))
    except ValueError:
        return known[0] if known else _this_year()


@pages.guard(policies.finance, "see_totals")
@require_GET
def summary(request: ActingRequest) -> HttpResponse:
    known = selectors.years(acting=request.acting)
    year = _chosen_year(request, known)
    return render(
        request,
        "finance/summary.html",
        {
            "summary": selectors.summary(acting=request.acting, year=year),
            "years": [(y, year_label(y)) for y in known],
            "manages": policies.finance.can(request.acting, "manage_here"),
            "page_title": f"Financial summary {year_label(year)}",
        },
    )


@pages.guard(policies.finance, "see_totals")
@require_GET
def summary_xlsx(request: ActingRequest) -> HttpResponse:
    year = _chosen_year(request, selectors.years(acting=request.acting))
    figures = selectors.summary(acting=request.acting, year=year)
    response = HttpResponse(exports.summary_xlsx(figures), content_type=XLSX_CONTENT_TYPE)
    name = f"financial-summary-{request.acting.partnership.slug}-{year_label(year)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@pages.guard(policies.finance, "see_totals")
@require_GET
def summary_csv(request: ActingRequest) -> HttpResponse:
    year = _chosen_year(request, selectors.years(acting=request.acting))
    figures = selectors.summary(acting=request.acting, year=year)
    response = HttpResponse(exports.summary_csv(figures), content_type="text/csv; charset=utf-8")
    name = f"financial-summary-{request.acting.partnership.slug}-{year_label(year)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@pages.guard(policies.finance, "manage_here")
@require_http_methods(["GET", "POST"])
def import_file(request: ActingRequest) -> HttpResponse:
    form = ImportForm(pages.posted(request), request.FILES or None)
    bad_rows: list[imports.BadRow] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = (
            imports.contributions_import
            if form.cleaned_data["kind"] == ImportForm.CONTRIBUTIONS
            else imports.budget_import
        )
        outcome: list[imports.ImportResult] = []
        try:
            data = upload.read(imports.MAX_BYTES + 1)  # decode() refuses more
            outcome.append(
                run(
                    acting=request.acting,
                    partnership=request.acting.partnership,
                    data=data,
                    file_name=upload.name or "upload.csv",
                )
            )
        except imports.ImportRefused as refused:
            bad_rows = refused.bad_rows
            form.add_error("file", str(refused))
        else:
            messages.success(request, f"Imported {upload.name}: {outcome[0]}")
            year = outcome[0].years[-1] if outcome[0].years else ""
            return redirect(reverse("finance:summary") + (f"?year={year}" if year else ""))
    return pages.form_page(
        request,
        "finance/import.html",
        form,
        {"bad_rows": bad_rows, "page_title": "Import figures from the finance system"},
    )


@pages.guard(policies.finance, "manage_here")
@require_http_methods(["GET", "POST"])
def in_kind_new(request: ActingRequest) -> HttpResponse:
    form = InKindForm(
        pages.posted(request), partnership=request.acting.partnership, this_year=_this_year()
    )
    done: list[int] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: done.append(
                services.in_kind_add(
                    acting=request.acting,
                    year=form.cleaned_data["year"],
                    agency=form.cleaned_data["agency"],
                    description=form.cleaned_data["description"],
                    value=form.cleaned_data["value"],
                    agreed_on=form.cleaned_data["agreed_on"],
                    reviewed_on=form.cleaned_data["reviewed_on"],
                ).year
            ),
        )
    ):
        messages.success(request, "In-kind contribution recorded")
        return redirect(reverse("finance:summary") + f"?year={year_label(done[0])}")
    return pages.form_page(
        request,
        "finance/in_kind_form.html",
        form,
        {"page_title": "Record an in-kind contribution"},
    )


def _form_step(
    request: ActingRequest,
    form: GovUKForm,
    run: Callable[[], object],
    *,
    title: str,
    done: str,
    year: int,
    intro: tuple[str, ...] = (),
    button: str = "Save",
) -> HttpResponse:
    back = reverse("finance:summary") + f"?year={year_label(year)}"
    return pages.form_step(
        request,
        form,
        run,
        done=done,
        to=back,
        back=back,
        title=title,
        caption=f"Money {year_label(year)}",
        button=button,
        intro=intro,
    )


@pages.guard(policies.finance, "manage_here")
@require_http_methods(["GET", "POST"])
def reserve_edit(request: ActingRequest) -> HttpResponse:
    year = _chosen_year(request, [])
    reserve = Reserve.objects.filter(partnership=request.acting.partnership, year=year).first()
    initial = (
        {"brought_forward": reserve.brought_forward, "carried_forward": reserve.carried_forward}
        if reserve
        else {}
    )
    form = ReserveForm(pages.posted(request), initial=initial)
    return _form_step(
        request,
        form,
        lambda: services.reserve_set(
            acting=request.acting,
            year=year,
            brought_forward=form.cleaned_data["brought_forward"],
            carried_forward=form.cleaned_data["carried_forward"],
        ),
        title=f"The reserve in {year_label(year)}",
        done=f"Reserve for {year_label(year)} saved",
        year=year,
        intro=("The balance brought forward from the year before, and carried into the next.",),
    )


@pages.guard(policies.finance, "manage_here")
@require_http_methods(["GET", "POST"])
def contribution_dates(request: ActingRequest, pk: int) -> HttpResponse:
    contribution = (
        Contribution.objects.filter(partnership=request.acting.partnership, pk=pk)
        .select_related("agency")
        .first()
    )
    if contribution is None:
        raise Http404("No such contribution.")
    form = ContributionDatesForm(
        pages.posted(request),
        initial={"agreed_on": contribution.agreed_on, "reviewed_on": contribution.reviewed_on},
    )
    return _form_step(
        request,
        form,
        lambda: services.contribution_dates_set(
            acting=request.acting,
            contribution=contribution,
            agreed_on=form.cleaned_data["agreed_on"],
            reviewed_on=form.cleaned_data["reviewed_on"],
        ),
        title=f"{contribution.agency.name}'s contribution",
        done="Dates saved",
        year=contribution.year,
        intro=("When the executive agreed the contribution, and when it was last reviewed.",),
    )


@pages.guard(policies.finance, "manage_here")
@require_http_methods(["GET", "POST"])
def category_new(request: ActingRequest) -> HttpResponse:
    form = CategoryForm(pages.posted(request))
    return _form_step(
        request,
        form,
        lambda: services.category_add(
            acting=request.acting,
            section=form.cleaned_data["section"],
            name=form.cleaned_data["name"],
        ),
        title="Add a line to the budget",
        done="Line added to the budget",
        year=_this_year(),
        intro=("A line the finance system uses that the budget does not have yet.",),
        button="Add the line",
    )
