"""Independent scrutiny: the plans for each year with their activities and the state of
every recommendation; a plan, an activity with its findings, a recommendation with the
executive's decision and its actions; the scrutineer's forms (plan, activity, findings,
recommendation) and the executive's (decision, actions of an accepted one).

Who (masa.governance.policies_risks): scrutiny.view reads, scrutiny.record (the
independent scrutineer) writes, scrutiny.decide (the executive, or the business manager
for it) decides and adds actions.
"""

from __future__ import annotations

from collections import Counter

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.actions.display import shown
from masa.actions.forms import ActionForm
from masa.actions.models import Action
from masa.core import pages
from masa.core.types import ActingRequest
from masa.governance import policies_risks as policies
from masa.governance import rules_risks as rules
from masa.governance.forms.scrutiny import (
    ActivityForm,
    DecisionForm,
    FindingsForm,
    PlanForm,
    RecommendationForm,
)
from masa.governance.models_risks import ScrutinyPlan, ScrutinyRecommendation
from masa.governance.services import scrutiny as services


@pages.guard(policies.scrutiny_plans, "view")
@require_GET
def scrutiny_home(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    plans = policies.scrutiny_plans.visible(acting, "view").prefetch_related("activities")
    recommendations = policies.scrutiny_recommendations.visible(acting, "view")
    states = Counter(recommendations.values_list("decision", flat=True))
    return render(
        request,
        "governance/scrutiny/home.html",
        {
            "plans": plans,
            "states": [
                (label, states[value]) for value, label in ScrutinyRecommendation.Decision.choices
            ],
            "pending": recommendations.filter(decision=rules.Decision.PENDING).select_related(
                "activity"
            ),
            "can_record": policies.scrutiny_plans.can(acting, "record"),
            "page_title": "Independent scrutiny",
        },
    )


@pages.guard(policies.scrutiny_plans, "record")
@require_http_methods(["GET", "POST"])
def plan_new(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    form = PlanForm(pages.posted(request))
    made: list[ScrutinyPlan] = []
    return pages.form_step(
        request,
        form,
        lambda: made.append(
            services.scrutiny_plan_add(
                acting=acting,
                year=form.cleaned_data["year"],
                summary=form.cleaned_data["summary"],
            )
        ),
        done="Scrutiny plan added",
        to=lambda: reverse("governance:scrutiny-plan", args=[made[0].pk]),
        back=reverse("governance:scrutiny"),
        title="Add a scrutiny plan",
        caption="Independent scrutiny",
        button="Add the plan",
    )


@pages.guard(policies.scrutiny_plans, "view")
@require_GET
def plan_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    plan = policies.scrutiny_plans.get_or_404(acting, "view", pk)
    return render(
        request,
        "governance/scrutiny/plan.html",
        {
            "plan": plan,
            "activities": plan.activities.prefetch_related("recommendations"),
            "can_record": policies.scrutiny_plans.can(acting, "record", plan),
            "page_title": str(plan),
        },
    )


@pages.guard(policies.scrutiny_plans, "record")
@require_http_methods(["GET", "POST"])
def activity_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    plan = policies.scrutiny_plans.get_or_404(acting, "record", pk)
    form = ActivityForm(pages.posted(request))
    url = reverse("governance:scrutiny-plan", args=[plan.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.scrutiny_activity_add(
            acting=acting,
            plan=plan,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            planned_on=form.cleaned_data["planned_on"],
        ),
        done="Activity added to the plan",
        to=url,
        back=url,
        title="Add an activity",
        caption=str(plan),
        button="Add the activity",
    )


@pages.guard(policies.scrutiny_activities, "view")
@require_GET
def activity_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    activity = policies.scrutiny_activities.get_or_404(acting, "view", pk, related=("plan",))
    return render(
        request,
        "governance/scrutiny/activity.html",
        {
            "activity": activity,
            "recommendations": activity.recommendations.all(),
            "can_record": policies.scrutiny_activities.can(acting, "record", activity),
            "page_title": activity.title,
        },
    )


@pages.guard(policies.scrutiny_activities, "record")
@require_http_methods(["GET", "POST"])
def findings(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    activity = policies.scrutiny_activities.get_or_404(acting, "record", pk, related=("plan",))
    form = FindingsForm(
        pages.posted(request),
        initial={
            "held_on": activity.held_on or timezone.localdate(),
            "findings": activity.findings,
        },
    )
    url = reverse("governance:scrutiny-activity", args=[activity.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.scrutiny_findings_record(
            acting=acting,
            activity=activity,
            held_on=form.cleaned_data["held_on"],
            findings=form.cleaned_data["findings"],
        ),
        done="Findings saved",
        to=url,
        back=url,
        title="Record the findings",
        caption=activity.title,
        button="Save the findings",
    )


@pages.guard(policies.scrutiny_activities, "record")
@require_http_methods(["GET", "POST"])
def recommendation_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    activity = policies.scrutiny_activities.get_or_404(acting, "record", pk, related=("plan",))
    form = RecommendationForm(pages.posted(request), initial={"made_on": timezone.localdate()})
    url = reverse("governance:scrutiny-activity", args=[activity.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.scrutiny_recommendation_add(
            acting=acting,
            activity=activity,
            text=form.cleaned_data["text"],
            made_on=form.cleaned_data["made_on"],
        ),
        done="Recommendation made: it awaits the executive's decision",
        to=url,
        back=url,
        title="Make a recommendation",
        caption=activity.title,
        button="Make the recommendation",
    )


RELATED = ("activity__plan", "delegated_to", "decided_by")


@pages.guard(policies.scrutiny_recommendations, "view")
@require_GET
def recommendation_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    recommendation = policies.scrutiny_recommendations.get_or_404(
        acting, "view", pk, related=RELATED
    )
    today = timezone.localdate()
    may_decide = policies.scrutiny_recommendations.can(acting, "decide", recommendation)
    return render(
        request,
        "governance/scrutiny/recommendation.html",
        {
            "recommendation": recommendation,
            "actions": [
                (action, shown(action, today))
                for action in Action.objects.filter(
                    scrutiny_recommendation=recommendation
                ).select_related("owner_agency", "owner")
            ],
            "can_decide": may_decide
            and recommendation.decision == ScrutinyRecommendation.Decision.PENDING,
            "can_add_action": may_decide and recommendation.decision in rules.ACTIONABLE,
            "page_title": f"Scrutiny recommendation {recommendation.reference}",
        },
    )


@pages.guard(policies.scrutiny_recommendations, "decide")
@require_http_methods(["GET", "POST"])
def decide(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    recommendation = policies.scrutiny_recommendations.get_or_404(
        acting, "decide", pk, related=RELATED
    )
    form = DecisionForm(
        pages.posted(request),
        initial={"decided_on": timezone.localdate()},
        partnership=acting.partnership,
    )
    url = reverse("governance:scrutiny-recommendation", args=[recommendation.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.scrutiny_decide(
            acting=acting,
            recommendation=recommendation,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            delegated_to=form.cleaned_data["delegated_to"],
            decided_on=form.cleaned_data["decided_on"],
        ),
        done="The executive's decision is recorded",
        to=url,
        back=url,
        title="Record the executive's decision",
        caption=f"Scrutiny recommendation {recommendation.reference}",
        button="Record the decision",
        intro=[recommendation.text],
    )


@pages.guard(policies.scrutiny_recommendations, "decide")
@require_http_methods(["GET", "POST"])
def action_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    recommendation = policies.scrutiny_recommendations.get_or_404(
        acting, "decide", pk, related=RELATED
    )
    form = ActionForm(pages.posted(request), partnership=acting.partnership)
    url = reverse("governance:scrutiny-recommendation", args=[recommendation.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.scrutiny_action_add(
            acting=acting,
            recommendation=recommendation,
            owner_agency=form.cleaned_data["owner_agency"],
            owner=form.chosen_owner(),
            what=form.cleaned_data["what"],
            measure_of_success=form.cleaned_data["measure_of_success"],
            due_on=form.cleaned_data["due_on"],
        ),
        done=f"Action added to recommendation {recommendation.reference}",
        to=url,
        back=url,
        title="Add an action",
        caption=f"Scrutiny recommendation {recommendation.reference}",
        button="Add the action",
        intro=[
            "The action joins the partnership's action plan, with this recommendation as "
            "its source."
        ],
    )
