"""The demo's strategic plan: Northbridge's 2025-2028 plan with five ambitions, each
with the seed's columns, priorities with actions, indicators and four quarters of
progress, exactly one priority with little or no evidence of progress, areas for
improvement carried forward, and a second build that changes nothing."""

from __future__ import annotations

import pytest

from masa.actions.models import Action, SourceKind
from masa.core.models import Partnership
from masa.demo import plan as demo_plan
from masa.plan import periods, selectors
from masa.plan.models import ImprovementArea, Priority, ProgressUpdate, StrategicPlan

pytestmark = pytest.mark.usefixtures("demo")


def test_northbridge_has_its_2025_2028_plan_with_five_ambitions() -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    plan = StrategicPlan.objects.get(partnership=northbridge)
    assert plan.period.name == "2025-2028"
    assert periods.current_period(northbridge.pk) == plan.period
    ambitions = list(plan.ambitions.all())
    assert len(ambitions) == 5
    for ambition in ambitions:
        assert all((ambition.description, ambition.reason, ambition.impact)), ambition.title
        assert ambition.priorities.exists(), ambition.title
    priorities = list(Priority.objects.filter(period=plan.period))
    assert len(priorities) == len(demo_plan.PRIORITIES)
    for priority in priorities:
        assert all((priority.description, priority.reason, priority.impact)), priority.name
        assert priority.lead_officer is not None
        assert priority.strategies.exists()
        assert (
            Action.objects.filter(plan_item=priority, source_kind=SourceKind.PLAN_ITEM).count() == 2
        )
        assert ProgressUpdate.objects.filter(priority=priority).count() == 4
    with_indicators = [p for p in priorities if p.indicators.exists()]
    assert len(with_indicators) >= 5
    assert ImprovementArea.objects.filter(partnership=northbridge).count() == 3


def test_exactly_one_priority_shows_little_or_no_evidence_of_progress() -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    period = periods.current_period(northbridge.pk)
    priorities = list(Priority.objects.filter(period=period).select_related("period"))
    progress = selectors.progress_of(priorities)
    flagged = [p.slug for p in priorities if progress[p.pk].flagged]
    assert flagged == [demo_plan.FLAGGED]


def test_building_again_changes_nothing() -> None:
    before = (Priority.objects.count(), ProgressUpdate.objects.count(), Action.objects.count())
    demo_plan.build()
    assert (
        Priority.objects.count(),
        ProgressUpdate.objects.count(),
        Action.objects.count(),
    ) == before
