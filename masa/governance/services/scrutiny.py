"""Independent scrutiny: the scrutineer's plan for the year, its activities and their
findings, recommendations, the executive's decision on each and the actions of the
accepted ones.

The scrutineer writes the plan, activities, findings and recommendations
(scrutiny.record); the executive's decision is recorded by those with scrutiny.decide
(the executive, or the business manager for it), who also add the actions.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from masa.actions import services as action_services
from masa.actions.models import Action, SourceKind
from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Partnership, Person
from masa.governance import policies_risks as policies
from masa.governance import rules_risks as rules
from masa.governance.models import Group
from masa.governance.models_risks import ScrutinyActivity, ScrutinyPlan, ScrutinyRecommendation


def _today() -> datetime.date:
    return timezone.localdate()


def _text(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ServiceError(message, field=field)
    return text


@transaction.atomic
def scrutiny_plan_add(*, acting: Acting, year: int, summary: str) -> ScrutinyPlan:
    """The scrutineer's plan for the financial year starting in April of `year`."""
    policies.scrutiny_plans.require(acting, "record")
    if not 2000 <= year <= 2100:
        raise ServiceError("Enter a year from 2000 to 2100", field="year")
    if ScrutinyPlan.objects.filter(partnership_id=acting.partnership_id, year=year).exists():
        raise ServiceError("There is already a plan for that year", field="year")
    plan = ScrutinyPlan.objects.create(
        partnership=acting.partnership,
        year=year,
        summary=_text(summary, "summary", "Say what the plan will look at"),
    )
    audit.record(acting, "scrutiny_plan.add", plan, {"year": {"old": None, "new": year}})
    return plan


@transaction.atomic
def scrutiny_activity_add(
    *, acting: Acting, plan: ScrutinyPlan, kind: str, title: str, planned_on: datetime.date
) -> ScrutinyActivity:
    """Add an activity to a plan (scrutiny.record)."""
    policies.scrutiny_plans.require(acting, "record", plan)
    if kind not in ScrutinyActivity.Kind.values:
        raise ServiceError("Select the kind of activity", field="kind")
    activity = ScrutinyActivity.objects.create(
        plan=plan,
        kind=kind,
        title=_text(title, "title", "Enter the activity's title"),
        planned_on=planned_on,
    )
    audit.record(
        acting,
        "scrutiny_activity.add",
        activity,
        {
            "kind": {"old": None, "new": activity.get_kind_display()},
            "title": {"old": None, "new": activity.title},
            "planned_on": {"old": None, "new": planned_on.isoformat()},
        },
        partnership=acting.partnership,
    )
    return activity


@transaction.atomic
def scrutiny_findings_record(
    *, acting: Acting, activity: ScrutinyActivity, held_on: datetime.date, findings: str
) -> ScrutinyActivity:
    """Record when an activity took place and what it found (scrutiny.record)."""
    policies.scrutiny_activities.require(acting, "record", activity)
    if held_on > _today():
        raise ServiceError("The date it was held must be today or in the past", field="held_on")
    activity = ScrutinyActivity.objects.select_for_update().get(pk=activity.pk)
    before = {
        "held_on": activity.held_on.isoformat() if activity.held_on else None,
        "findings": activity.findings,
    }
    activity.held_on = held_on
    activity.findings = _text(findings, "findings", "Enter the findings")
    activity.save()
    changes = audit.changes_between(
        before, {"held_on": held_on.isoformat(), "findings": activity.findings}
    )
    if changes:
        audit.record(
            acting, "scrutiny_activity.findings", activity, changes, partnership=acting.partnership
        )
    return activity


@transaction.atomic
def scrutiny_recommendation_add(
    *,
    acting: Acting,
    activity: ScrutinyActivity,
    text: str,
    made_on: datetime.date | None = None,
) -> ScrutinyRecommendation:
    """A recommendation from an activity (scrutiny.record), awaiting the executive's
    decision; numbered across the partnership (SR-001, SR-002 ...)."""
    policies.scrutiny_activities.require(acting, "record", activity)
    made_on = made_on or _today()
    if made_on > _today():
        raise ServiceError("The date it was made must be today or in the past", field="made_on")
    partnership = acting.partnership
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    number = (
        ScrutinyRecommendation.objects.filter(partnership=partnership).aggregate(n=Max("number"))[
            "n"
        ]
        or 0
    ) + 1
    recommendation = ScrutinyRecommendation.objects.create(
        partnership=partnership,
        activity=activity,
        number=number,
        text=_text(text, "text", "Enter the recommendation"),
        made_on=made_on,
    )
    audit.record(
        acting,
        "scrutiny_recommendation.add",
        recommendation,
        {
            "number": {"old": None, "new": number},
            "made_on": {"old": None, "new": made_on.isoformat()},
        },
    )
    return recommendation


@transaction.atomic
def scrutiny_decide(
    *,
    acting: Acting,
    recommendation: ScrutinyRecommendation,
    decision: str,
    reason: str = "",
    delegated_to: Group | None = None,
    decided_on: datetime.date | None = None,
) -> ScrutinyRecommendation:
    """Record the executive's decision (scrutiny.decide): accepted, accepted in part
    (with what was not), rejected (with the reason) or delegated to a named group. A
    decision is made once."""
    policies.scrutiny_recommendations.require(acting, "decide", recommendation)
    recommendation = ScrutinyRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.decision != ScrutinyRecommendation.Decision.PENDING:
        raise ServiceError(
            "The executive has already decided on this recommendation", field="decision"
        )
    if decision not in ScrutinyRecommendation.Decision.values:
        raise ServiceError("Select the executive's decision", field="decision")
    if delegated_to is not None and delegated_to.partnership_id != recommendation.partnership_id:
        raise ServiceError("Select a group of this partnership", field="delegated_to")
    problem = rules.decision_problem(decision, reason=reason, has_group=delegated_to is not None)
    if problem:
        raise ServiceError(problem[1], field=problem[0])
    decided_on = decided_on or _today()
    if decided_on > _today():
        raise ServiceError(
            "The date of the decision must be today or in the past", field="decided_on"
        )
    if decided_on < recommendation.made_on:
        raise ServiceError(
            "The decision cannot be before the recommendation was made", field="decided_on"
        )
    recommendation.decision = decision
    recommendation.reason = reason.strip()
    recommendation.delegated_to = delegated_to if decision == rules.Decision.DELEGATED else None
    recommendation.decided_on = decided_on
    recommendation.decided_by = acting.person
    recommendation.save()
    audit.record(
        acting,
        "scrutiny_recommendation.decide",
        recommendation,
        {
            "decision": {"old": "pending", "new": recommendation.get_decision_display()},
            "reason": {"old": None, "new": recommendation.reason or None},
            "delegated_to": {
                "old": None,
                "new": str(recommendation.delegated_to) if recommendation.delegated_to else None,
            },
            "decided_on": {"old": None, "new": decided_on.isoformat()},
        },
    )
    return recommendation


@transaction.atomic
def scrutiny_action_add(
    *,
    acting: Acting,
    recommendation: ScrutinyRecommendation,
    owner_agency: Agency,
    what: str,
    measure_of_success: str,
    due_on: datetime.date,
    owner: Person | None = None,
) -> Action:
    """An action of the one action model carrying out an accepted recommendation
    (scrutiny.decide: the executive, or the business manager for it)."""
    policies.scrutiny_recommendations.require(acting, "decide", recommendation)
    recommendation = ScrutinyRecommendation.objects.get(pk=recommendation.pk)
    if recommendation.decision not in rules.ACTIONABLE:
        raise ServiceError(
            "Only an accepted recommendation (in whole or in part) has actions", field="what"
        )
    return action_services.action_create_for_source(
        acting=acting,
        partnership=recommendation.partnership,
        source_kind=SourceKind.SCRUTINY_RECOMMENDATION,
        source=recommendation,
        owner_agency=owner_agency,
        owner=owner,
        what=what,
        measure_of_success=measure_of_success,
        due_on=due_on,
    )
