"""The plan's pages: the strategic plan (the seed's table, printable and as Word), the
one list of priorities, each priority's page, quarterly progress, delivery actions,
strategies, ambitions and the areas for improvement carried forward."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.types import ActingRequest
from masa.plan import exports, policies, selectors, services
from masa.plan.forms import (
    AmbitionForm,
    DeliveryActionForm,
    ImprovementForm,
    PlanForm,
    PriorityForm,
    ProgressForm,
    StrategyForm,
)
from masa.plan.models import PlanPeriod, Priority

PRIORITY_RELATED = ("period", "ambition", "lead_officer")


def _period(request: ActingRequest) -> PlanPeriod | None:
    return selectors.period_chosen(request.acting, request.GET.get("period"))


def _plan_url(period: PlanPeriod) -> str:
    return reverse("plan:plan") + f"?period={period.name}"


# --- the plan ------------------------------------------------------------------------------


@pages.guard(policies.priorities, "read")
@require_GET
def plan(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    period = _period(request)
    if request.GET.get("period") and period is None:
        raise Http404("No such plan.")
    table = selectors.plan_table(acting, period) if period else None
    return render(
        request,
        "plan/plan.html",
        {
            "table": table,
            "periods": selectors.periods_of(acting),
            "can_manage": policies.priorities.can(acting, "manage_here"),
            "page_title": f"Strategic plan {period.name}" if period else "Strategic plan",
        },
    )


@pages.guard(policies.priorities, "read")
@require_GET
def plan_docx(request: ActingRequest) -> HttpResponse:
    period = _period(request)
    if period is None:
        raise Http404("No such plan.")
    table = selectors.plan_table(request.acting, period)
    response = HttpResponse(exports.plan_docx(table), content_type=exports.DOCX_CONTENT_TYPE)
    name = f"strategic-plan-{request.acting.partnership.slug}-{period.name}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@pages.guard(policies.priorities, "manage_here")
@require_http_methods(["GET", "POST"])
def plan_new(request: ActingRequest) -> HttpResponse:
    """A plan for new years; with ?period=<id>, the plan of a list of priorities that
    has none yet."""
    period = None
    if request.GET.get("period"):
        period = (
            selectors.periods_of(request.acting)
            .filter(pk=request.GET["period"] if request.GET["period"].isdigit() else 0)
            .exclude(plan__isnull=False)
            .first()
        )
        if period is None:
            raise Http404("No such list of priorities, or it has its plan.")
    initial = (
        {"name": period.name, "starts_on": period.starts_on, "ends_on": period.ends_on}
        if period
        else {}
    )
    form = PlanForm(pages.posted(request), initial=initial)
    made: dict[str, Any] = {}

    def run() -> None:
        made["plan"] = services.plan_add(acting=request.acting, period=period, **form.cleaned_data)

    return pages.form_step(
        request,
        form,
        run,
        done=lambda: f"Strategic plan {made['plan'].period.name} started",
        to=lambda: _plan_url(made["plan"].period),
        back=reverse("plan:plan"),
        title="Start a strategic plan",
        caption="Strategic plan",
        button="Start the plan",
        intro=["A new plan has its own list of priorities."],
    )


@pages.guard(policies.plans, "manage")
@require_http_methods(["GET", "POST"])
def plan_edit(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.plans.get_or_404(request.acting, "manage", pk, related=("period",))
    period = found.period
    initial = {
        "name": period.name,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "title": found.title,
        "vision": found.vision,
        "introduction": found.introduction,
    }
    form = PlanForm(pages.posted(request), initial=initial)
    return pages.form_step(
        request,
        form,
        lambda: services.plan_change(acting=request.acting, plan=found, **form.cleaned_data),
        done="Plan saved",
        to=lambda: _plan_url(PlanPeriod.objects.get(pk=period.pk)),
        back=_plan_url(period),
        title="Change the plan",
        caption=f"Strategic plan {period.name}",
        button="Save",
    )


@pages.guard(policies.plans, "manage")
@require_http_methods(["GET", "POST"])
def ambition_new(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.plans.get_or_404(request.acting, "manage", pk, related=("period",))
    form = AmbitionForm(pages.posted(request), partnership=found.partnership)
    return pages.form_step(
        request,
        form,
        lambda: services.ambition_add(acting=request.acting, plan=found, **form.values()),
        done="Ambition added",
        to=_plan_url(found.period),
        back=_plan_url(found.period),
        title="Add an ambition",
        caption=f"Strategic plan {found.period.name}",
        button="Add the ambition",
    )


@pages.guard(policies.ambitions, "manage")
@require_http_methods(["GET", "POST"])
def ambition_edit(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.ambitions.get_or_404(request.acting, "manage", pk, related=("plan__period",))
    fields = ("number", "title", "statement", "description", "reason", "impact", "lead_group")
    initial: dict[str, Any] = {name: getattr(found, name) for name in fields}
    initial["lead_officer"] = found.lead_officer_id
    form = AmbitionForm(pages.posted(request), partnership=found.partnership, initial=initial)
    back = _plan_url(found.plan.period)
    return pages.form_step(
        request,
        form,
        lambda: services.ambition_change(acting=request.acting, ambition=found, **form.values()),
        done="Ambition saved",
        to=back,
        back=back,
        title="Change the ambition",
        caption=f"Strategic plan {found.plan.period.name}",
        button="Save",
    )


# --- the one list of priorities ----------------------------------------------------------


@pages.guard(policies.priorities, "read")
@require_GET
def priority_list(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    period = _period(request)
    if request.GET.get("period") and period is None:
        raise Http404("No such plan.")
    found = list(selectors.priorities_in(acting, period)) if period else []
    progress = selectors.progress_of(found)
    return render(
        request,
        "plan/priorities.html",
        {
            "period": period,
            "rows": [(p, progress[p.pk]) for p in found],
            "periods": selectors.periods_of(acting),
            "can_manage": policies.priorities.can(acting, "manage_here"),
            "page_title": f"Partnership priorities {period.name}" if period else "Priorities",
        },
    )


def _priority_rows(request: ActingRequest) -> tuple[PlanPeriod, list[Any]]:
    period = _period(request)
    if period is None:
        raise Http404("No such plan.")
    found = list(selectors.priorities_in(request.acting, period))
    progress = selectors.progress_of(found)
    return period, [(p, progress[p.pk]) for p in found]


def _attachment(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@pages.guard(policies.priorities, "read")
@require_GET
def priority_list_csv(request: ActingRequest) -> HttpResponse:
    period, rows = _priority_rows(request)
    name = f"priorities-{request.acting.partnership.slug}-{period.name}.csv"
    return _attachment(exports.priorities_csv(rows), "text/csv; charset=utf-8", name)


@pages.guard(policies.priorities, "read")
@require_GET
def priority_list_xlsx(request: ActingRequest) -> HttpResponse:
    period, rows = _priority_rows(request)
    title = f"Partnership priorities {period.name}: {request.acting.partnership.name}"
    name = f"priorities-{request.acting.partnership.slug}-{period.name}.xlsx"
    return _attachment(exports.priorities_xlsx(rows, title), exports.XLSX_CONTENT_TYPE, name)


@pages.guard(policies.priorities, "manage_here")
@require_http_methods(["GET", "POST"])
def priority_new(request: ActingRequest, pk: int) -> HttpResponse:
    period = selectors.periods_of(request.acting).filter(pk=pk).first()
    if period is None:
        raise Http404("No such plan.")
    form = PriorityForm(
        pages.posted(request), partnership=request.acting.partnership, period=period
    )
    made: dict[str, Priority] = {}

    def run() -> None:
        values, links = form.split()
        made["priority"] = services.priority_add(
            acting=request.acting, period=period, links=links, **values
        )

    return pages.form_step(
        request,
        form,
        run,
        done=lambda: f"Priority {made['priority'].name} added",
        to=lambda: reverse("plan:priority", args=[made["priority"].pk]),
        back=reverse("plan:priorities") + f"?period={period.name}",
        title="Add a priority",
        caption=f"Partnership priorities {period.name}",
        button="Add the priority",
    )


@pages.guard(policies.priorities, "manage")
@require_http_methods(["GET", "POST"])
def priority_edit(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.priorities.get_or_404(request.acting, "manage", pk, related=PRIORITY_RELATED)
    fields = ("number", "name", "summary", "description", "reason", "impact", "lead_group")
    initial: dict[str, Any] = {name: getattr(found, name) for name in fields}
    initial.update(
        lead_officer=found.lead_officer_id,
        ambition=found.ambition_id,
        indicators=list(found.indicators.values_list("pk", flat=True)),
        review_themes=list(found.review_themes.values_list("pk", flat=True)),
        training_themes=list(found.training_themes.values_list("pk", flat=True)),
    )
    form = PriorityForm(
        pages.posted(request), partnership=found.partnership, period=found.period, initial=initial
    )

    def run() -> None:
        values, links = form.split()
        services.priority_change(acting=request.acting, priority=found, links=links, **values)

    back = reverse("plan:priority", args=[found.pk])
    return pages.form_step(
        request,
        form,
        run,
        done="Priority saved",
        to=back,
        back=back,
        title=f"Change {found.name}",
        caption=f"Partnership priorities {found.period.name}",
        button="Save",
    )


@pages.guard(policies.priorities, "view")
@require_GET
def priority(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    found = policies.priorities.get_or_404(acting, "view", pk, related=PRIORITY_RELATED)
    page = selectors.priority_page(acting, found)
    return render(
        request,
        "plan/priority.html",
        {
            "page": page,
            "priority": found,
            "can_manage": policies.priorities.can(acting, "manage_here"),
            "can_update": policies.priorities.can(acting, "update", found),
            "page_title": found.name,
        },
    )


@pages.guard(policies.priorities, "manage")
@require_http_methods(["GET", "POST"])
def strategy_new(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.priorities.get_or_404(request.acting, "manage", pk, related=("period",))
    form = StrategyForm(pages.posted(request))
    back = reverse("plan:priority", args=[found.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.strategy_add(acting=request.acting, priority=found, **form.cleaned_data),
        done="Strategy added",
        to=back,
        back=back,
        title="Add a strategy",
        caption=found.name,
        button="Add the strategy",
    )


def _last_quarter(today: datetime.date) -> tuple[int, int]:
    """The financial year and quarter that ended last (the one a lead reports on)."""
    month = today.month - 3 if today.month > 3 else today.month + 9  # April is month 1
    quarter = (month - 1) // 3  # the quarter before this one
    year = today.year if today.month >= 4 else today.year - 1
    if quarter == 0:
        return year - 1, 4
    return year, quarter


@pages.guard(policies.priorities, "update")
@require_http_methods(["GET", "POST"])
def progress_new(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.priorities.get_or_404(request.acting, "update", pk, related=("period",))
    year, quarter = _last_quarter(timezone.localdate())
    form = ProgressForm(
        pages.posted(request), period=found.period, initial={"year": year, "quarter": quarter}
    )
    back = reverse("plan:priority", args=[found.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.progress_add(acting=request.acting, priority=found, **form.cleaned_data),
        done="Quarterly progress saved",
        to=back,
        back=back,
        title="Write this quarter's progress",
        caption=found.name,
        button="Save the progress",
        intro=[
            "Say what was done, the difference it made, what is still hard and what comes next."
        ],
    )


@pages.guard(policies.priorities, "update")
@require_http_methods(["GET", "POST"])
def action_new(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.priorities.get_or_404(request.acting, "update", pk, related=("period",))
    form = DeliveryActionForm(pages.posted(request), partnership=found.partnership)
    back = reverse("plan:priority", args=[found.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.delivery_action_add(
            acting=request.acting,
            priority=found,
            owner_agency=form.cleaned_data["owner_agency"],
            owner=form.chosen_owner(),
            what=form.cleaned_data["what"],
            measure_of_success=form.cleaned_data["measure_of_success"],
            due_on=form.cleaned_data["due_on"],
        ),
        done="Delivery action added",
        to=back,
        back=back,
        title="Add a delivery action",
        caption=found.name,
        button="Add the action",
    )


# --- areas for improvement carried forward ---------------------------------------------------


@pages.guard(policies.improvements, "view")
@require_GET
def improvements(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    return render(
        request,
        "plan/improvements.html",
        {
            "areas": selectors.improvements_of(acting),
            "can_manage": policies.priorities.can(acting, "manage_here"),
            "page_title": "Areas for improvement carried forward",
        },
    )


@pages.guard(policies.priorities, "manage_here")
@require_http_methods(["GET", "POST"])
def improvement_new(request: ActingRequest) -> HttpResponse:
    form = ImprovementForm(pages.posted(request), partnership=request.acting.partnership)
    return pages.form_step(
        request,
        form,
        lambda: services.improvement_add(acting=request.acting, **form.cleaned_data),
        done="Area for improvement added",
        to=reverse("plan:improvements"),
        back=reverse("plan:improvements"),
        title="Carry forward an area for improvement",
        caption="Areas for improvement",
        button="Add",
    )


@pages.guard(policies.improvements, "manage")
@require_http_methods(["GET", "POST"])
def improvement_edit(request: ActingRequest, pk: int) -> HttpResponse:
    found = policies.improvements.get_or_404(request.acting, "manage", pk)
    fields = ("from_year", "area", "outcome", "what_became")
    initial: dict[str, Any] = {name: getattr(found, name) for name in fields}
    initial["priority"] = found.priority_id
    form = ImprovementForm(
        pages.posted(request), partnership=request.acting.partnership, initial=initial
    )
    return pages.form_step(
        request,
        form,
        lambda: services.improvement_change(acting=request.acting, area=found, **form.cleaned_data),
        done="Area for improvement saved",
        to=reverse("plan:improvements"),
        back=reverse("plan:improvements"),
        title="Say what became of it",
        caption="Areas for improvement",
        button="Save",
    )
