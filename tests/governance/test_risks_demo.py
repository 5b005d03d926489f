"""The demo's risk register, escalations and scrutiny: about 15 risks with history,
escalations at every stage, a scrutiny plan with recommendations in every state."""

from __future__ import annotations

import pytest
from django.db.models import Count

from masa.actions.models import Action, SourceKind
from masa.governance.models_risks import Escalation, Risk, ScrutinyRecommendation

pytestmark = pytest.mark.usefixtures("demo")


def test_the_demo_register_has_about_fifteen_risks_with_history() -> None:
    risks = Risk.objects.filter(partnership__slug="northbridge")
    assert 12 <= risks.count() <= 20
    with_history = risks.annotate(n=Count("reviews")).filter(n__gte=3)
    assert with_history.count() >= 5
    assert {"open", "escalated", "closed"} <= set(risks.values_list("status", flat=True))


def test_the_demo_has_escalations_at_every_stage_and_resolved_ones() -> None:
    escalations = Escalation.objects.filter(partnership__slug="northbridge")
    open_stages = set(escalations.filter(status="open").values_list("stage__number", flat=True))
    assert open_stages == {1, 2, 3, 4}
    assert escalations.filter(status="resolved").count() >= 2


def test_the_demo_scrutiny_has_recommendations_in_every_state() -> None:
    decisions = set(
        ScrutinyRecommendation.objects.filter(partnership__slug="northbridge").values_list(
            "decision", flat=True
        )
    )
    assert {"pending", "accepted", "accepted_in_part", "rejected"} <= decisions
    assert Action.objects.filter(source_kind=SourceKind.SCRUTINY_RECOMMENDATION).exists()
