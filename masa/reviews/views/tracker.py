"""The recommendations tracker: each review's findings, recommendations and actions (the
combined action plan, the action pages and evidence are in `masa.actions.views`).

Who sees what (masa.reviews.policies):
* the case review group (review.view at partnership scope) sees a review's findings,
  recommendations and actions, and runs them (review.manage);
* anyone with recommendation.view sees the recommendations and actions (never the
  subject, the findings or other review documents); the action plan is theirs too;
* who may update, close or see the evidence of an action: `masa.actions.policies`.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.actions import policies as action_policies
from masa.actions.display import shown
from masa.actions.models import Action
from masa.core import pages
from masa.core.types import ActingRequest
from masa.insight.policies import dashboards as insight_dashboards
from masa.reviews import policies, selectors
from masa.reviews.forms_tracker import FindingForm, ImpactForm, RecommendationForm
from masa.reviews.models import Recommendation
from masa.reviews.services import recommendations as recommendations_services

# --- a review's findings, recommendations and actions -----------------------------------


@pages.guard(policies.tracker, "open")
@require_GET
def review_recommendations(request: ActingRequest, pk: int) -> HttpResponse:
    # The case review group (and whoever signs the review off) sees it whole; a reader
    # of the action plan sees the recommendations they may see, without the findings.
    review = policies.tracker.get_or_404(request.acting, "view", pk)
    user = request.acting
    group = policies.reviews.can(user, "view", review)
    today = timezone.localdate()
    if group:
        recommendations: QuerySet[Recommendation] = review.recommendations.all()
        actions = Action.objects.filter(partnership=review.partnership)
    else:
        recommendations = policies.recommendations.visible(user, "view").filter(review=review)
        actions = action_policies.actions.visible(user, "view")
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


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def finding_new(request: ActingRequest, pk: int) -> HttpResponse:
    review = policies.reviews.get_or_404(request.acting, "manage", pk)
    form = FindingForm(pages.posted(request), partnership=review.partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: recommendations_services.finding_add(
                acting=request.acting,
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


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def recommendation_new(request: ActingRequest, pk: int) -> HttpResponse:
    review = policies.reviews.get_or_404(request.acting, "manage", pk)
    form = RecommendationForm(pages.posted(request), review=review)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: recommendations_services.recommendation_add(
                acting=request.acting,
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


@pages.guard(policies.review_recommendations, "manage")
@require_http_methods(["GET", "POST"])
def recommendation_impact(request: ActingRequest, pk: int) -> HttpResponse:
    recommendation = policies.review_recommendations.get_or_404(
        request.acting, "manage", pk, related=("review",)
    )
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
            lambda: recommendations_services.recommendation_impact_save(
                acting=request.acting,
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
