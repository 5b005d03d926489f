"""Actions, whatever their source: the combined action plan with drift and delay, and
its exports; adding an action to its source; an action's page with its history,
evidence, progress updates and sign-off; evidence downloads.

Who sees what (masa.actions.policies):
* anyone with recommendation.view (at a scope reaching records) sees the action plan and
  the actions it reaches (never a review's subject or findings);
* recommendation.update reaches the actions of the person's agency (agency scope) or all
  (partnership scope); recommendation.sign_off accepts evidence and closes actions;
* adding an action to a review's recommendation needs review.manage (the case review
  group's);
* an evidence file is served only through `evidence_download`, to those `policies.evidence`
  allows; everyone else gets 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.actions import exports, policies, rules, selectors, services
from masa.actions.display import Shown, shown, stale_text
from masa.actions.forms import ActionForm, ActionPlanFilterForm, ActionUpdateForm, CloseForm
from masa.actions.models import Action, Source
from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.files import attachment
from masa.core.timescales import rule_for
from masa.core.types import ActingRequest
from masa.reviews import policies as review_policies
from masa.reviews.models import Recommendation
from masa.reviews.timescales import stale_cutoff

# --- adding an action to its source ----------------------------------------------------------


def _managed_recommendation(request: ActingRequest, pk: int) -> Recommendation:
    """A recommendation of a review the person runs (review.manage); otherwise 404."""
    managed = review_policies.reviews.visible(request.acting, "manage")
    try:
        return Recommendation.objects.select_related("review").get(pk=pk, review__in=managed)
    except Recommendation.DoesNotExist as error:
        raise Http404("No such recommendation.") from error


@pages.guard(review_policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def action_new(request: ActingRequest, pk: int) -> HttpResponse:
    recommendation = _managed_recommendation(request, pk)
    review = recommendation.review
    form = ActionForm(pages.posted(request), partnership=review.partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.action_add(
                acting=request.acting,
                recommendation=recommendation,
                owner_agency=form.cleaned_data["owner_agency"],
                owner=form.chosen_owner(),
                what=form.cleaned_data["what"],
                measure_of_success=form.cleaned_data["measure_of_success"],
                due_on=form.cleaned_data["due_on"],
                serves=form.cleaned_data["serves"],
            ),
        )
    ):
        messages.success(request, f"Action added to recommendation {recommendation.number}")
        return redirect("reviews:review-recommendations", pk=review.pk)
    return pages.form_page(
        request,
        "actions/action_form.html",
        form,
        {
            "review": review,
            "recommendation": recommendation,
            "page_title": f"Add an action: {review.reference}",
        },
    )


# --- the combined action plan --------------------------------------------------------------


def _plan_filters(request: ActingRequest) -> tuple[ActionPlanFilterForm, str]:
    form = ActionPlanFilterForm(request.GET or None, partnership=request.acting.partnership)
    query = request.GET.copy()
    query.pop("page", None)
    return form, query.urlencode()


@dataclass(frozen=True)
class PlanRow:
    """One action as the plan's table shows it: links, labels and dates worked out here,
    so the template only prints them."""

    source: Source
    link: str
    what: str
    agency: str
    owner: str
    due: str
    shown: Shown
    stale: bool


def _plan_rows(actions: list[Action], today: datetime.date, cutoff: datetime.date) -> list[PlanRow]:
    rows = []
    for action in actions:
        owner = action.owner
        rows.append(
            PlanRow(
                source=action.source_info,
                link=reverse("actions:action", args=[action.pk]),
                what=Truncator(action.what).chars(140),
                agency=action.owner_agency.name,
                owner=(owner.full_name or owner.email) if owner else "",
                due=date_format(action.due_on, "j M Y"),
                shown=shown(action, today),
                stale=action.status in rules.ACTION_OPEN
                and (action.last_update_on or action.created_on) <= cutoff,
            )
        )
    return rows


def _stale_text(request: ActingRequest) -> str:
    partnership = request.acting.partnership
    return stale_text(rule_for(partnership, "action_update_stale"))


@pages.guard(policies.actions, "read_plan")
@require_GET
def action_plan(request: ActingRequest) -> HttpResponse:
    form, query = _plan_filters(request)
    acting = request.acting
    partnership = acting.partnership
    today = timezone.localdate()
    page = Paginator(
        selectors.action_plan(acting, **form.filters(), today=today),
        selectors.ACTION_PLAN_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    rows = _plan_rows(list(page), today, stale_cutoff(partnership, today))
    by_agency = selectors.drift_by_agency(acting, today=today)
    totals = {
        name: sum(getattr(row, name) for row in by_agency)
        for name in ("open", "overdue", "stale", "at_risk")
    }
    return render(
        request,
        "actions/action_plan.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query,
            "filtered": bool(query),
            "by_agency": by_agency,
            "totals": totals,
            "stale_text": _stale_text(request),
            "page_title": "Action plan",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(policies.actions, "read_plan")
@require_GET
def action_plan_reviews(request: ActingRequest) -> HttpResponse:
    """Drift and delay per review over the whole plan, each review linking to its actions
    in the plan."""
    by_review = selectors.drift_by_review(request.acting, today=timezone.localdate())
    return render(
        request,
        "actions/action_plan_reviews.html",
        {
            "by_review": by_review,
            "plan": reverse("actions:action-plan"),
            "stale_text": _stale_text(request),
            "page_title": "Drift and delay by review",
        },
    )


def _plan_export(request: ActingRequest) -> exports.PlanExport | None:
    form, _ = _plan_filters(request)
    if form.errors:
        return None
    partnership = request.acting.partnership
    today = timezone.localdate()
    actions = (
        selectors.action_plan(request.acting, **form.filters(), today=today)
        .select_related("owner")
        .prefetch_related("recommendation__themes")
    )
    text = stale_text(rule_for(partnership, "action_update_stale"))
    rows = exports.plan_rows(
        actions.iterator(chunk_size=2000),
        today=today,
        stale_cutoff=stale_cutoff(partnership, today),
        stale_text=text,
    )
    return exports.PlanExport(
        partnership=partnership, rows=rows, filters=form.described(), stale_text=text, today=today
    )


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@pages.guard(policies.actions, "read_plan")
@require_GET
def action_plan_xlsx(request: ActingRequest) -> HttpResponse:
    plan = _plan_export(request)
    if plan is None:
        return redirect(reverse("actions:action-plan") + "?" + request.GET.urlencode())
    name = f"action-plan-{plan.partnership.slug}-{plan.today:%Y-%m-%d}.xlsx"
    return _download(exports.action_plan_xlsx(plan), exports.XLSX_CONTENT_TYPE, name)


@pages.guard(policies.actions, "read_plan")
@require_GET
def action_plan_docx(request: ActingRequest) -> HttpResponse:
    plan = _plan_export(request)
    if plan is None:
        return redirect(reverse("actions:action-plan") + "?" + request.GET.urlencode())
    name = f"action-plan-{plan.partnership.slug}-{plan.today:%Y-%m-%d}.docx"
    return _download(exports.action_plan_docx(plan), exports.DOCX_CONTENT_TYPE, name)


# --- one action ------------------------------------------------------------------------------


# What an action's pages show with it.
RELATED = ("owner_agency", "owner", "closed_by", "recommendation__review", "audit_case__round")


FINISHED = (rules.ActionStatus.EVIDENCED, rules.ActionStatus.CLOSED)


@pages.guard(policies.actions, "view")
@require_GET
def action_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    action = policies.actions.get_or_404(acting, "view", pk, related=RELATED)
    today = timezone.localdate()
    evidence = list(selectors.evidence_for(acting, action))
    may_sign_off = policies.actions.can(acting, "sign_off_here")
    return render(
        request,
        "actions/action.html",
        {
            "action": action,
            "shown": shown(action, today),
            "source": action.source_info,
            "history": selectors.action_history(action),
            "evidence": evidence,
            "evidence_hidden": action.evidence.count() - len(evidence),
            "can_update": policies.actions.can(acting, "update", action)
            and action.status not in FINISHED,
            "can_sign_off": may_sign_off,
            "can_close": may_sign_off and action.status != rules.ActionStatus.CLOSED,
            "page_title": f"Action: {action.what[:60]}",
        },
    )


@pages.guard(policies.actions, "update")
@require_http_methods(["GET", "POST"])
def action_update(request: ActingRequest, pk: int) -> HttpResponse:
    action = policies.actions.get_or_404(request.acting, "update", pk, related=RELATED)
    form = ActionUpdateForm(pages.posted(request), request.FILES or None, action=action)

    def save() -> None:
        data = form.cleaned_data
        upload = data.get("file")
        if upload:
            services.action_update_with_evidence(
                acting=request.acting,
                action=action,
                status=data["status"],
                progress=data["progress"],
                name=upload.name or "",
                chunks=upload.chunks(),
            )
        else:
            services.action_update(
                acting=request.acting,
                action=action,
                status=data["status"],
                progress=data["progress"],
            )

    if request.method == "POST" and form.is_valid() and pages.attempt(form, save):
        messages.success(request, "Update saved")
        return redirect("actions:action", pk=action.pk)
    return pages.form_page(
        request,
        "actions/action_update.html",
        form,
        {
            "action": action,
            "finished": action.status in FINISHED,
            "shown": shown(action, timezone.localdate()),
            "page_title": "Update an action",
        },
    )


@pages.guard(policies.actions, "sign_off_here")
@require_http_methods(["GET", "POST"])
def action_close(request: ActingRequest, pk: int) -> HttpResponse:
    action = policies.actions.get_or_404(request.acting, "sign_off", pk, related=RELATED)
    form = CloseForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.action_close(
                acting=request.acting, action=action, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, "Action closed")
        return redirect("actions:action", pk=action.pk)
    return pages.form_page(
        request,
        "actions/action_close.html",
        form,
        {
            "action": action,
            "closed": action.status == rules.ActionStatus.CLOSED,
            "accepted": action.evidence.filter(accepted_on__isnull=False).count(),
            "page_title": "Close an action",
        },
    )


# --- evidence ------------------------------------------------------------------------------


@pages.guard(policies.actions, "sign_off_here")
@require_POST
def evidence_accept(request: ActingRequest, pk: int) -> HttpResponse:
    evidence = policies.evidence.get_or_404(request.acting, "view", pk)
    try:
        services.evidence_accept(acting=request.acting, evidence=evidence)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Evidence accepted: {evidence.stored_name}")
    return redirect("actions:action", pk=evidence.action_id)


@pages.guard(policies.evidence, "view")
@require_GET
def evidence_download(request: ActingRequest, pk: int) -> FileResponse:
    """The file, to those allowed to see it: always as an attachment under its safe name,
    with its checked type and no sniffing, never from a public address."""
    return attachment(policies.evidence.get_or_404(request.acting, "view", pk))
