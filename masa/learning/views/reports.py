"""Training reports, their Excel workbook, and the training needs analysis.

The reports are figures only, with no learner named, so the aggregate scope of
`dashboard.view` is enough to read them, as is `course.manage`. The impact
statements are learners' own words: only the business unit (`course.manage`)
reads them. The training needs analysis is run by the business unit and answered
by anyone who books training (`course.book`), for their own agency.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.acting import Acting
from masa.core.figures import Grouping, year_label
from masa.core.types import ActingRequest
from masa.learning import reports as rep
from masa.learning import services
from masa.learning.forms_reports import NeedsResponseForm, NeedsSurveyForm, ReportPeriodForm
from masa.learning.models import NeedsResponse, Theme
from masa.learning.policies import courses, needs_surveys


def _period_form(request: ActingRequest, acting: Acting) -> ReportPeriodForm:
    latest, years = rep.default_year(acting.partnership)
    data = {
        "year": request.GET.get("year") or year_label(latest),
        "group": request.GET.get("group") or Grouping.MONTH.value,
    }
    return ReportPeriodForm(data, years=years)


@pages.guard(courses, "read_reports")
@require_GET
def reports(request: ActingRequest) -> HttpResponse:
    # The learners' impact statements are read by the business unit only.
    acting, manages = request.acting, courses.can(request.acting, "manage")
    form = _period_form(request, acting)
    context: dict[str, Any] = {
        "form": form,
        "partnership": acting.partnership,
        "page_title": "Training reports",
        "error_title": bool(form.errors),
        "manages": manages,
    }
    if form.is_valid():
        counts = rep.count_learning(acting.partnership, form.start, statements=manages)
        context.update(
            {
                "tables": rep.build_tables(counts, form.grouping, statements=manages),
                "themes": counts.themes,
                "year": counts.period,
                "to_date": counts.to_date,
                "query": form.query(),
                "definitions": rep.DEFINITIONS,
            }
        )
    return render(
        request,
        "learning/reports/reports.html",
        context,
        status=400 if form.errors else 200,
    )


@pages.guard(courses, "read_reports")
@require_GET
def reports_xlsx(request: ActingRequest) -> HttpResponse:
    acting, manages = request.acting, courses.can(request.acting, "manage")
    form = _period_form(request, acting)
    if not form.is_valid():
        return redirect(reverse("learning:reports") + "?" + request.GET.urlencode())
    counts = rep.count_learning(acting.partnership, form.start, statements=manages)
    content = rep.workbook(
        rep.build_tables(counts, form.grouping, statements=manages),
        partnership=acting.partnership,
        start=form.start,
        grouping=form.grouping,
        themes=counts.themes,
    )
    name = (
        f"training-reports-{acting.partnership.slug}-{year_label(form.start)}"
        f"-by-{form.grouping.value}.xlsx"
    )
    response = HttpResponse(content, content_type=rep.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- training needs analysis ---------------------------------------------------------------


@pages.guard(courses, "see_needs")
@require_http_methods(["GET", "POST"])
def needs(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    manages = courses.can(acting, "manage")
    books = courses.can(acting, "answer_needs")
    partnership = acting.partnership
    surveys = list(needs_surveys.visible(acting, "view").order_by("-year"))
    form: NeedsSurveyForm | None = None
    if manages:
        form = NeedsSurveyForm(request.POST if request.method == "POST" else None)
        if (
            request.method == "POST"
            and form.is_valid()
            and pages.attempt(
                form,
                lambda: services.needs_survey_open(
                    acting=request.acting,
                    year=form.cleaned_data["year"],
                    closes_on=form.cleaned_data["closes_on"],
                ),
            )
        ):
            messages.success(
                request,
                f"The training needs survey for {form.cleaned_data['year']} is open. "
                "Agencies can now answer it.",
            )
            return redirect(reverse("learning:needs") + f"?year={form.cleaned_data['year']}")
    elif request.method == "POST":
        raise Http404("You do not have access to this page.")
    summary = None
    if manages and surveys:
        chosen = request.GET.get("year", "")
        survey = next((s for s in surveys if str(s.year) == chosen), surveys[0])
        summary = rep.needs_summary(survey)
    today = timezone.localdate()
    answered = (
        set(
            NeedsResponse.objects.filter(survey__in=surveys, agency=acting.agency).values_list(
                "survey_id", flat=True
            )
        )
        if books
        else set()
    )
    invitations = [
        {"survey": survey, "open": today <= survey.closes_on, "answered": survey.pk in answered}
        for survey in surveys
        if books and (today <= survey.closes_on or survey.pk in answered)
    ]
    errors = form is not None and bool(form.errors)
    return render(
        request,
        "learning/reports/needs.html",
        {
            "page_title": "Training needs analysis",
            "partnership": partnership,
            "agency": acting.agency,
            "manages": manages,
            "books": books,
            "surveys": surveys,
            "summary": summary,
            "form": form,
            "invitations": invitations,
            "error_title": errors,
        },
        status=400 if errors else 200,
    )


@pages.guard(courses, "answer_needs")
@require_http_methods(["GET", "POST"])
def needs_respond(request: ActingRequest, year: int) -> HttpResponse:
    acting = request.acting
    survey = needs_surveys.visible(acting, "view").filter(year=year).first()
    if survey is None:
        raise Http404("There is no training needs survey for that year.")
    themes = list(Theme.objects.filter(partnership=acting.partnership).order_by("name"))
    previous = list(NeedsResponse.objects.filter(survey=survey, agency=acting.agency))
    initial: dict[str, Any] = {}
    for answer in previous:
        initial[f"staff_{answer.theme_id}"] = answer.staff_needing
        if answer.staff_needing:
            initial[f"priority_{answer.theme_id}"] = str(answer.priority)
        initial[f"notes_{answer.theme_id}"] = answer.notes
    form = NeedsResponseForm(
        request.POST if request.method == "POST" else None, themes=themes, initial=initial
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.needs_respond(
                acting=request.acting,
                survey=survey,
                answers=form.answers(),
            ),
        )
    ):
        messages.success(
            request,
            f"Your answers for {acting.agency.name} have been saved. "
            "You can change them until the survey closes.",
        )
        return redirect("learning:needs")
    return render(
        request,
        "learning/reports/needs_respond.html",
        {
            "page_title": f"Training needs {survey.year}: {acting.agency.name}",
            "survey": survey,
            "agency": acting.agency,
            "closed": timezone.localdate() > survey.closes_on,
            "answered_at": max((a.submitted_at for a in previous), default=None),
            "form": form,
            "themes": form.by_theme(),
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )
