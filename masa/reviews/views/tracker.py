"""The recommendations tracker: each review's findings, recommendations and actions; the
combined action plan with drift and delay, and its exports; an action's page with its
history, evidence, progress updates and sign-off; evidence downloads.

Who sees what (masa.reviews.policies):
* the case review group (review.view at partnership scope) sees a review's findings,
  recommendations and actions, and runs them (review.manage);
* anyone with recommendation.view sees the recommendations and actions (never the
  subject, the findings or other review documents); the action plan is theirs too;
* recommendation.update reaches the actions of the person's agency (agency scope) or all
  (partnership scope); recommendation.sign_off accepts evidence and closes actions;
* an evidence file is served only through `evidence_download`, to those EvidenceAccess
  allows; everyone else gets 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.models import Scope
from masa.core.timescales import rule_for
from masa.core.types import SignedInRequest
from masa.insight.policies import dashboards as insight_dashboards
from masa.reviews import exports, policies, rules, selectors, services
from masa.reviews.forms_tracker import (
    ActionForm,
    ActionPlanFilterForm,
    ActionUpdateForm,
    CloseForm,
    FindingForm,
    ImpactForm,
    RecommendationForm,
)
from masa.reviews.models import Action, Evidence, Recommendation, Review, ReviewDocument
from masa.reviews.timescales import stale_cutoff

# The colour of each status tag (the words are always shown too).
STATUS_COLOURS = {
    rules.ActionStatus.NOT_STARTED: "grey",
    rules.ActionStatus.ON_TRACK: "blue",
    rules.ActionStatus.AT_RISK: "orange",
    rules.ActionStatus.OVERDUE: "red",
    rules.ActionStatus.COMPLETED: "turquoise",
    rules.ActionStatus.EVIDENCED: "green",
    rules.ActionStatus.CLOSED: "purple",
}


@dataclass(frozen=True)
class Shown:
    """An action's status as shown: words and the colour of its tag."""

    label: str
    colour: str


def shown(action: Action, today: datetime.date) -> Shown:
    overdue = getattr(action, "overdue", None)
    status = rules.action_shown_status(
        action.status, overdue=action.is_overdue(today) if overdue is None else bool(overdue)
    )
    return Shown(Action.Status(status.value).label, STATUS_COLOURS[status])


def stale_text(rule: Any) -> str:
    """How long without an update counts as drift, in words ("6 weeks")."""
    days = getattr(rule, "calendar_days", None)
    if days and days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return str(rule)


def _reads_plan(user: Any) -> bool:
    scope = policies.actions.scope(user, "view")
    return scope is not None and scope != Scope.AGGREGATE


# --- a review's findings, recommendations and actions -----------------------------------


def _review_for_tracker(request: SignedInRequest, pk: int) -> tuple[Review, bool]:
    """The review, and whether the person is in the case review group. Others see it only
    when they can see at least one of its recommendations; otherwise 404."""
    membership = pages.membership_of(request)
    review = Review.objects.filter(partnership=membership.partnership, pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    group = policies.reviews.can(request.user, "view", review)
    if not group:
        pages.require(
            _reads_plan(request.user)
            and policies.recommendations.visible(request.user, "view")
            .filter(review=review)
            .exists()
        )
    return review, group


def _managed_review(request: SignedInRequest, pk: int) -> Review:
    try:
        review: Review = policies.reviews.visible(request.user, "manage").get(pk=pk)
    except Review.DoesNotExist as error:
        raise Http404("No such review.") from error
    return review


def _managed_recommendation(request: SignedInRequest, pk: int) -> Recommendation:
    managed = policies.reviews.visible(request.user, "manage")
    try:
        return Recommendation.objects.select_related("review").get(pk=pk, review__in=managed)
    except Recommendation.DoesNotExist as error:
        raise Http404("No such recommendation.") from error


@login_required
@require_GET
def review_recommendations(request: SignedInRequest, pk: int) -> HttpResponse:
    review, group = _review_for_tracker(request, pk)
    user = request.user
    today = timezone.localdate()
    if group:
        recommendations: QuerySet[Recommendation] = review.recommendations.all()
        actions = Action.objects.filter(partnership=review.partnership)
    else:
        recommendations = policies.recommendations.visible(user, "view").filter(review=review)
        actions = policies.actions.visible(user, "view")
    recommendations = recommendations.select_related("finding").prefetch_related(
        "themes",
        Prefetch(
            "actions",
            queryset=actions.select_related("owner_agency", "owner").order_by("due_on", "pk"),
            to_attr="shown_actions",
        ),
    )
    rows = list(recommendations.order_by("number"))
    # An impact measure that names an indicator of the catalogue shows its name.
    indicators = selectors.indicator_codes(review.partnership)
    for recommendation in rows:
        actions_shown: list[Action] = recommendation.shown_actions
        for action in actions_shown:
            action.shown = shown(action, today)  # type: ignore[attr-defined]
        recommendation.indicator_code = recommendation.impact_measure.strip()  # type: ignore[attr-defined]
        recommendation.indicator_name = (  # type: ignore[attr-defined]
            indicators.get(recommendation.indicator_code)  # type: ignore[attr-defined]
            if recommendation.impact_measure_kind == Recommendation.MeasureKind.INDICATOR
            else None
        )
    findings = review.findings.prefetch_related("themes").order_by("number") if group else None
    return render(
        request,
        "reviews/tracker/review_recommendations.html",
        {
            "review": review,
            "group": group,
            "findings": findings,
            "recommendations": rows,
            "can_manage": group and policies.reviews.can(user, "manage", review),
            "indicator_links": insight_dashboards.can(user, "view"),
            "page_title": f"Findings and recommendations: {review.reference}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_new(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _managed_review(request, pk)
    form = FindingForm(pages.posted(request), partnership=review.partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.finding_add(
                actor=request.user,
                review=review,
                text=form.cleaned_data["text"],
                themes=form.cleaned_data["themes"],
            ),
        )
    ):
        messages.success(request, "Finding added")
        return redirect("reviews:review-recommendations", pk=review.pk)
    return pages.form_page(
        request,
        "reviews/tracker/finding_form.html",
        form,
        {"review": review, "page_title": f"Add a finding: {review.reference}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_new(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _managed_review(request, pk)
    form = RecommendationForm(pages.posted(request), review=review)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.recommendation_add(
                actor=request.user,
                review=review,
                text=form.cleaned_data["text"],
                finding=form.chosen_finding(),
                themes=form.cleaned_data["themes"],
                impact_measure_kind=form.cleaned_data["impact_measure_kind"],
                impact_measure=form.cleaned_data["impact_measure"],
            ),
        )
    ):
        messages.success(request, "Recommendation added")
        return redirect("reviews:review-recommendations", pk=review.pk)
    return pages.form_page(
        request,
        "reviews/tracker/recommendation_form.html",
        form,
        {
            "review": review,
            "indicators": form.indicator_codes,
            "page_title": f"Add a recommendation: {review.reference}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_impact(request: SignedInRequest, pk: int) -> HttpResponse:
    recommendation = _managed_recommendation(request, pk)
    review = recommendation.review
    form = ImpactForm(
        pages.posted(request),
        partnership=review.partnership,
        initial={
            "impact_measure_kind": recommendation.impact_measure_kind,
            "impact_measure": recommendation.impact_measure,
            "impact_result": recommendation.impact_result,
            "impact_result_on": recommendation.impact_result_on,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.recommendation_impact_save(
                actor=request.user,
                recommendation=recommendation,
                impact_measure_kind=form.cleaned_data["impact_measure_kind"],
                impact_measure=form.cleaned_data["impact_measure"],
                impact_result=form.cleaned_data["impact_result"],
                impact_result_on=form.cleaned_data["impact_result_on"],
            ),
        )
    ):
        messages.success(request, f"Impact of recommendation {recommendation.number} saved")
        return redirect("reviews:review-recommendations", pk=review.pk)
    return pages.form_page(
        request,
        "reviews/tracker/impact_form.html",
        form,
        {
            "review": review,
            "recommendation": recommendation,
            "indicators": form.indicator_codes,
            "page_title": f"Impact of recommendation {recommendation.number}: {review.reference}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: SignedInRequest, pk: int) -> HttpResponse:
    recommendation = _managed_recommendation(request, pk)
    review = recommendation.review
    form = ActionForm(pages.posted(request), partnership=review.partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.action_add(
                actor=request.user,
                recommendation=recommendation,
                owner_agency=form.cleaned_data["owner_agency"],
                owner=form.chosen_owner(),
                what=form.cleaned_data["what"],
                measure_of_success=form.cleaned_data["measure_of_success"],
                due_on=form.cleaned_data["due_on"],
                priority=form.cleaned_data["priority"],
            ),
        )
    ):
        messages.success(request, f"Action added to recommendation {recommendation.number}")
        return redirect("reviews:review-recommendations", pk=review.pk)
    return pages.form_page(
        request,
        "reviews/tracker/action_form.html",
        form,
        {
            "review": review,
            "recommendation": recommendation,
            "page_title": f"Add an action: {review.reference}",
        },
    )


# --- the combined action plan --------------------------------------------------------------


def _plan_filters(request: SignedInRequest) -> tuple[ActionPlanFilterForm, str]:
    membership = pages.membership_of(request)
    pages.require(_reads_plan(request.user))
    form = ActionPlanFilterForm(request.GET or None, partnership=membership.partnership)
    query = request.GET.copy()
    query.pop("page", None)
    return form, query.urlencode()


@dataclass(frozen=True)
class PlanRow:
    """One action as the plan's table shows it: links, labels and dates worked out here,
    so the template only prints them."""

    review_link: str
    reference: str
    recommendation: int
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
        recommendation = action.recommendation
        owner = action.owner
        rows.append(
            PlanRow(
                review_link=reverse(
                    "reviews:review-recommendations", args=[recommendation.review_id]
                ),
                reference=recommendation.review.reference,
                recommendation=recommendation.number,
                link=reverse("reviews:action", args=[action.pk]),
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


def _stale_text(request: SignedInRequest) -> str:
    partnership = pages.membership_of(request).partnership
    return stale_text(rule_for(partnership, "action_update_stale"))


@login_required
@require_GET
def action_plan(request: SignedInRequest) -> HttpResponse:
    form, query = _plan_filters(request)
    user = request.user
    partnership = pages.membership_of(request).partnership
    today = timezone.localdate()
    page = Paginator(
        selectors.action_plan(user, **form.filters(), today=today),
        selectors.ACTION_PLAN_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    rows = _plan_rows(list(page), today, stale_cutoff(partnership, today))
    by_agency = selectors.drift_by_agency(user, today=today)
    totals = {
        name: sum(getattr(row, name) for row in by_agency)
        for name in ("open", "overdue", "stale", "at_risk")
    }
    return render(
        request,
        "reviews/tracker/action_plan.html",
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


@login_required
@require_GET
def action_plan_reviews(request: SignedInRequest) -> HttpResponse:
    """Drift and delay per review over the whole plan, each review linking to its actions
    in the plan."""
    pages.membership_of(request)
    pages.require(_reads_plan(request.user))
    by_review = selectors.drift_by_review(request.user, today=timezone.localdate())
    return render(
        request,
        "reviews/tracker/action_plan_reviews.html",
        {
            "by_review": by_review,
            "plan": reverse("reviews:action-plan"),
            "stale_text": _stale_text(request),
            "page_title": "Drift and delay by review",
        },
    )


def _plan_export(request: SignedInRequest) -> exports.PlanExport | None:
    form, _ = _plan_filters(request)
    if form.errors:
        return None
    partnership = pages.membership_of(request).partnership
    today = timezone.localdate()
    actions = (
        selectors.action_plan(request.user, **form.filters(), today=today)
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


@login_required
@require_GET
def action_plan_xlsx(request: SignedInRequest) -> HttpResponse:
    plan = _plan_export(request)
    if plan is None:
        return redirect(reverse("reviews:action-plan") + "?" + request.GET.urlencode())
    name = f"action-plan-{plan.partnership.slug}-{plan.today:%Y-%m-%d}.xlsx"
    return _download(exports.action_plan_xlsx(plan), exports.XLSX_CONTENT_TYPE, name)


@login_required
@require_GET
def action_plan_docx(request: SignedInRequest) -> HttpResponse:
    plan = _plan_export(request)
    if plan is None:
        return redirect(reverse("reviews:action-plan") + "?" + request.GET.urlencode())
    name = f"action-plan-{plan.partnership.slug}-{plan.today:%Y-%m-%d}.docx"
    return _download(exports.action_plan_docx(plan), exports.DOCX_CONTENT_TYPE, name)


# --- one action ------------------------------------------------------------------------------


def _action_or_404(request: SignedInRequest, pk: int, permission: str = "view") -> Action:
    try:
        return (
            policies.actions.visible(request.user, permission)
            .select_related("owner_agency", "owner", "closed_by", "recommendation__review")
            .get(pk=pk)
        )
    except Action.DoesNotExist as error:
        raise Http404("No such action, or you may not see it.") from error


FINISHED = (rules.ActionStatus.EVIDENCED, rules.ActionStatus.CLOSED)


@login_required
@require_GET
def action_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk)
    user = request.user
    today = timezone.localdate()
    evidence = list(selectors.evidence_for(user, action))
    may_sign_off = policies.may_sign_off(user, action.partnership_id)
    return render(
        request,
        "reviews/tracker/action.html",
        {
            "action": action,
            "shown": shown(action, today),
            "recommendation": action.recommendation,
            "review": action.recommendation.review,
            "history": selectors.action_history(action),
            "evidence": evidence,
            "evidence_hidden": action.evidence.count() - len(evidence),
            "can_update": policies.may_update_action(user, action)
            and action.status not in FINISHED,
            "can_sign_off": may_sign_off,
            "can_close": may_sign_off and action.status != rules.ActionStatus.CLOSED,
            "page_title": f"Action: {action.what[:60]}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: SignedInRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk, "update")
    form = ActionUpdateForm(pages.posted(request), request.FILES or None, action=action)

    def save() -> None:
        data = form.cleaned_data
        upload = data.get("file")
        if upload:
            services.action_update_with_evidence(
                actor=request.user,
                action=action,
                status=data["status"],
                progress=data["progress"],
                name=upload.name or "",
                chunks=upload.chunks(),
            )
        else:
            services.action_update(
                actor=request.user, action=action, status=data["status"], progress=data["progress"]
            )

    if request.method == "POST" and form.is_valid() and pages.attempt(form, save):
        messages.success(request, "Update saved")
        return redirect("reviews:action", pk=action.pk)
    return pages.form_page(
        request,
        "reviews/tracker/action_update.html",
        form,
        {
            "action": action,
            "finished": action.status in FINISHED,
            "shown": shown(action, timezone.localdate()),
            "page_title": "Update an action",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_close(request: SignedInRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk, "sign_off")
    pages.require(policies.may_sign_off(request.user, action.partnership_id))
    form = CloseForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.action_close(
                actor=request.user, action=action, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, "Action closed")
        return redirect("reviews:action", pk=action.pk)
    return pages.form_page(
        request,
        "reviews/tracker/action_close.html",
        form,
        {
            "action": action,
            "closed": action.status == rules.ActionStatus.CLOSED,
            "accepted": action.evidence.filter(accepted_on__isnull=False).count(),
            "page_title": "Close an action",
        },
    )


# --- evidence ------------------------------------------------------------------------------


def _evidence_or_404(request: SignedInRequest, pk: int) -> Evidence:
    try:
        return policies.evidence.visible(request.user).get(pk=pk)
    except Evidence.DoesNotExist as error:
        raise Http404("No such file, or you may not see it.") from error


@login_required
@require_POST
def evidence_accept(request: SignedInRequest, pk: int) -> HttpResponse:
    evidence = _evidence_or_404(request, pk)
    pages.require(policies.may_sign_off(request.user, evidence.partnership_id))
    try:
        services.evidence_accept(actor=request.user, evidence=evidence)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Evidence accepted: {evidence.stored_name}")
    return redirect("reviews:action", pk=evidence.action_id)


@login_required
@require_GET
def evidence_download(request: SignedInRequest, pk: int) -> FileResponse:
    """The file, to those allowed to see it: always as an attachment under its safe name,
    with its checked type and no sniffing, never from a public address."""
    return attachment(_evidence_or_404(request, pk))


def attachment(record: Evidence | ReviewDocument) -> FileResponse:
    """A stored, checked file as an attachment under its safe name, with its checked
    type, no sniffing, no caching and a sandboxing CSP."""
    try:
        handle = record.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=record.stored_name,
        content_type=record.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
