"""Moving the priorities onto the plan's one list keeps every link, proved on the demo
with Django's own migration executor:

1. the demo's priorities, their indicator links and their theme mappings are read;
2. the database goes back to before the move (plan 0002, insight 0004): reversing
   plan 0003 puts every priority of the current period back in `insight.Priority`
   with every indicator link;
3. there, a dashboard priority of the old kind is added with an indicator, and
   actions are given free-text priorities (one naming a priority as "Priority 1 -
   Neglect", one naming none) and the themes of Neglect are unmapped;
4. forward again: every old priority is on the list with every indicator link, the
   actions serve the priority their text named (a new one for the text that named
   none), and themes map onto the priority of their name.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from masa.actions.models import Action
from masa.core.models import Partnership
from masa.demo.build import build
from masa.plan import periods
from masa.plan.models import Priority

pytestmark = pytest.mark.usefixtures("flushable_db")

BEFORE_MOVE = ("plan", "0002_plan_permissions_for_shipped_roles")
BEFORE: list[tuple[str, str | None]] = [BEFORE_MOVE, ("insight", "0004_reminder_by_hand")]


def links_now(partnership: Partnership) -> set[tuple[str, str]]:
    period = periods.current_period(partnership.pk)
    through = Priority.indicators.through
    return set(
        through.objects.filter(priority__period=period).values_list(
            "priority__slug", "indicator__code"
        )
    )


def test_moving_priorities_to_the_plan_keeps_every_link() -> None:
    build()
    northbridge = Partnership.objects.get(slug="northbridge")
    before = links_now(northbridge)
    assert len(before) >= 10
    slugs = set(
        Priority.objects.filter(period=periods.current_period(northbridge.pk)).values_list(
            "slug", flat=True
        )
    )
    first, second = Action.objects.filter(
        partnership=northbridge, recommendation__isnull=False
    ).order_by("pk")[:2]
    delivery = dict(Action.objects.filter(plan_item__isnull=False).values_list("pk", "serves_id"))
    assert delivery
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        # The state there: plan 0002, insight 0004 and actions 0003 (which stays applied).
        old = executor.loader.project_state(
            [BEFORE_MOVE, ("insight", "0004_reminder_by_hand"), ("actions", "0005_source_plan")]
        ).apps
        OldPriority = old.get_model("insight", "Priority")
        Indicator = old.get_model("insight", "Indicator")
        held = set(
            Indicator.priorities.through.objects.filter(
                priority__partnership_id=northbridge.pk
            ).values_list("priority__slug", "indicator__code")
        )
        assert held == before
        assert (
            set(
                OldPriority.objects.filter(partnership_id=northbridge.pk).values_list(
                    "slug", flat=True
                )
            )
            == slugs
        )
        legacy = OldPriority.objects.create(
            partnership_id=northbridge.pk, name="Zq legacy", slug="zq-legacy", order=99
        )
        indicator = Indicator.objects.filter(partnership_id=northbridge.pk).order_by("pk").first()
        Indicator.priorities.through.objects.create(priority=legacy, indicator=indicator)
        OldAction = old.get_model("actions", "Action")
        # Themes not yet mapped onto the list: the move maps them by name.
        PlanPriority = old.get_model("plan", "Priority")
        for name in ("review_themes", "training_themes"):
            through = PlanPriority._meta.get_field(name).remote_field.through
            through.objects.filter(priority__slug="neglect").delete()
        # Two actions from before the list: free text only.
        OldAction.objects.filter(pk=first.pk).update(priority="Priority 1 - Neglect", serves=None)
        OldAction.objects.filter(pk=second.pk).update(priority="Zq safer sleep", serves=None)
    finally:
        executor.migrate(executor.loader.graph.leaf_nodes())
        executor.loader.build_graph()
    after = links_now(northbridge)
    assert before | {("zq-legacy", indicator.code)} == after
    neglect = Priority.objects.get(period=periods.current_period(northbridge.pk), slug="neglect")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.serves == neglect
    assert first.priority == "Priority 1 - Neglect"  # the text is kept
    assert second.serves is not None
    assert second.serves.name == "Zq safer sleep"
    # The plan's delivery actions still serve their priorities.
    assert delivery == dict(
        Action.objects.filter(plan_item__isnull=False).values_list("pk", "serves_id")
    )
    assert neglect.review_themes.filter(name="Neglect").exists()
    assert neglect.training_themes.filter(name="Neglect").exists()
