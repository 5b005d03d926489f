"""Independent scrutiny: the scrutineer writes the plan, activities, findings and
recommendations; the executive decides each once (accepted, accepted in part or rejected
with a reason, delegated to a named group); only accepted ones have actions, which are
actions of the one action model with the recommendation as their source."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from masa.actions.models import Action, SourceKind
from masa.core.errors import NotAllowed, ServiceError
from masa.governance.models_risks import ScrutinyRecommendation
from masa.governance.services import scrutiny as services
from tests import helpers as h
from tests.governance import risk_factories as f

pytestmark = pytest.mark.usefixtures("demo")


def _decide(recommendation: ScrutinyRecommendation, decision: str, **kwargs: Any) -> None:
    services.scrutiny_decide(
        acting=h.acting(h.EXECUTIVE), recommendation=recommendation, decision=decision, **kwargs
    )


def test_only_the_scrutineer_writes_the_plan_and_findings() -> None:
    activity = f.activity()
    services.scrutiny_findings_record(
        acting=h.acting(h.SCRUTINEER),
        activity=activity,
        held_on=timezone.localdate(),
        findings="Zq: repeat contacts were not checked against earlier ones",
    )
    activity.refresh_from_db()
    assert activity.findings.startswith("Zq")
    for who in (h.BUSINESS_MANAGER, h.EXECUTIVE, h.SUBGROUP_CHAIR):
        with pytest.raises(NotAllowed):
            services.scrutiny_plan_add(acting=h.acting(who), year=2032, summary="x")
    with pytest.raises(ServiceError) as twice:
        services.scrutiny_plan_add(acting=h.acting(h.SCRUTINEER), year=2031, summary="again")
    assert twice.value.field == "year"
    with pytest.raises(ServiceError) as future:
        services.scrutiny_findings_record(
            acting=h.acting(h.SCRUTINEER),
            activity=activity,
            held_on=timezone.localdate() + datetime.timedelta(days=3),
            findings="x",
        )
    assert future.value.field == "held_on"


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        ("rejected", "reason"),
        ("accepted_in_part", "reason"),
        ("delegated", "delegated_to"),
        ("pending", "decision"),
    ],
)
def test_a_decision_missing_what_it_needs_is_refused(decision: str, field: str) -> None:
    recommendation = f.recommendation()
    with pytest.raises(ServiceError) as refused:
        _decide(recommendation, decision)
    assert refused.value.field == field
    recommendation.refresh_from_db()
    assert recommendation.decision == "pending"


def test_each_decision_is_recorded_once_by_the_executive() -> None:
    group = f.group()
    cases: list[tuple[str, dict[str, Any]]] = [
        ("accepted", {}),
        ("accepted_in_part", {"reason": "Zq: quarterly is too often; twice a year"}),
        ("rejected", {"reason": "Zq: the MASH audit already covers this"}),
        ("delegated", {"delegated_to": group}),
    ]
    for decision, extra in cases:
        recommendation = (
            f.recommendation()
            if decision == "accepted"
            else services.scrutiny_recommendation_add(
                acting=h.acting(h.SCRUTINEER),
                activity=f.activity_for(2031),
                text=f"Zq: {decision}",
            )
        )
        _decide(recommendation, decision, **extra)
        recommendation.refresh_from_db()
        assert recommendation.decision == decision
        assert recommendation.decided_by == h.person(h.EXECUTIVE)
        with pytest.raises(ServiceError):
            _decide(recommendation, "accepted")
    with pytest.raises(NotAllowed):
        services.scrutiny_decide(
            acting=h.acting(h.SCRUTINEER),
            recommendation=f.recommendation_for(2031),
            decision="accepted",
        )


def test_accepted_recommendations_become_actions_of_the_one_action_model() -> None:
    recommendation = f.recommendation()
    due = timezone.localdate() + datetime.timedelta(days=60)

    def add() -> Action:
        return services.scrutiny_action_add(
            acting=h.acting(h.BUSINESS_MANAGER),
            recommendation=recommendation,
            owner_agency=f.agency(f.COUNCIL),
            what="Zq: audit repeat contacts each quarter",
            measure_of_success="Four audits a year",
            due_on=due,
        )

    with pytest.raises(ServiceError):
        add()  # not decided yet
    _decide(recommendation, "accepted")
    action = add()
    assert action.source_kind == SourceKind.SCRUTINY_RECOMMENDATION
    assert action.source == recommendation
    assert action.source_info.label == f"Scrutiny {recommendation.reference}, recommendation"
    rejected = f.recommendation_for(2031)
    _decide(rejected, "rejected", reason="Zq: no")
    with pytest.raises(ServiceError):
        services.scrutiny_action_add(
            acting=h.acting(h.EXECUTIVE),
            recommendation=rejected,
            owner_agency=f.agency(f.COUNCIL),
            what="x",
            measure_of_success="y",
            due_on=due,
        )
