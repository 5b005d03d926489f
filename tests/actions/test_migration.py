"""The move of actions from `reviews` to `actions` loses nothing, proved on the demo with
Django's own migration executor (on SQLite and PostgreSQL):

1. the demo's actions, updates and evidence (every field) and the audit events about
   them are read as they are now;
2. the database is migrated back to before the move (reviews 0005, no `actions` app):
   reversing `actions` 0002 copies every row back into the old `reviews` tables, and the
   old tables then hold exactly what was read, under the old audit labels;
3. it is migrated forward again: `actions` 0002 copies every row into the new tables,
   ids kept, each action's source its recommendation, the audit log relabelled, and
   reviews 0006 drops the old tables. Every row and field is as it was, and new rows
   get new ids (the sequences moved past the copied ones).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

from masa.actions.models import Action, ActionUpdate, Evidence
from masa.core.models import AuditEvent
from masa.demo.build import build
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("flushable_db")

BEFORE_MOVE = ("reviews", "0005_review_date_corrections")
BEFORE: list[tuple[str, str | None]] = [BEFORE_MOVE, ("actions", None)]
MODELS = {"Action": Action, "ActionUpdate": ActionUpdate, "Evidence": Evidence}
NEW_LABELS = {"actions.action", "actions.actionupdate", "actions.evidence"}
OLD_LABELS = {"reviews.action", "reviews.actionupdate", "reviews.evidence"}


def rows(model: Any, *, without: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every row of `model`, every column, in id order."""
    return [
        {key: value for key, value in row.items() if key not in without}
        for row in model._default_manager.order_by("pk").values()
    ]


def audit_targets(labels: set[str]) -> list[tuple[int, str, str, str]]:
    return sorted(
        AuditEvent.objects.filter(target_type__in=labels).values_list(
            "pk", "target_type", "target_id", "verb"
        )
    )


def relabelled(events: list[tuple[int, str, str, str]]) -> list[tuple[int, str, str, str]]:
    return [(pk, label.replace("actions.", "reviews."), i, v) for pk, label, i, v in events]


def check_the_old_tables(
    old: Any, before: dict[str, list[dict[str, Any]]], events: list[tuple[int, str, str, str]]
) -> None:
    """Back before the move: the old tables hold every row again, field for field (there
    was no source then, nor a priority served), and the audit events carry the old
    labels."""
    for name, expected in before.items():
        model = old.get_model("reviews", name)
        columns = {field.attname for field in model._meta.concrete_fields}
        held = rows(model)
        # The old tables had no source, nor the keys of later kinds of source.
        assert held == [
            {key: value for key, value in row.items() if key in columns} for row in expected
        ], name
    assert audit_targets(OLD_LABELS) == relabelled(events)
    assert not audit_targets(NEW_LABELS)


def test_moving_actions_to_their_own_app_keeps_every_row_and_field_of_the_demo() -> None:
    build()
    # Actions from kinds of source added after the move (a group's meeting) were never in
    # the old tables: the move is proved on the review actions.
    Action.objects.exclude(source_kind="recommendation").delete()
    before = {name: rows(model) for name, model in MODELS.items()}
    assert len(before["Action"]) >= 55  # the demo's plan, with every story
    assert before["ActionUpdate"]
    assert before["Evidence"]
    assert any(row["accepted_on"] for row in before["Evidence"])
    assert any(row["closure_reason"] for row in before["Action"])
    assert {row["source_kind"] for row in before["Action"]} == {"recommendation"}
    events = audit_targets(NEW_LABELS)
    assert {label for _, label, _, _ in events} == NEW_LABELS - {"actions.actionupdate"}

    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        old = executor.loader.project_state(BEFORE_MOVE).apps
        check_the_old_tables(old, before, events)
    finally:
        # Forward again, whatever happened (later tests need the tables as they are).
        executor.migrate(executor.loader.graph.leaf_nodes())
        executor.loader.build_graph()
    for name, model in MODELS.items():
        assert rows(model) == before[name], name
    assert audit_targets(NEW_LABELS) == events
    assert not audit_targets(OLD_LABELS)
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert not {"reviews_action", "reviews_actionupdate", "reviews_evidence"} & tables
    # Every action's source is the recommendation it had.
    by_source = Action.objects.values("source_kind").annotate(n=Count("pk"))
    assert list(by_source) == [{"source_kind": "recommendation", "n": len(before["Action"])}]

    # New rows get ids after the copied ones, and the audit log still refuses changes.
    highest = max(row["id"] for row in before["Action"])
    added = f.action(f.recommendation(f.review()), what="Zq: after the move")
    assert added.pk > highest
    assert f.action_update(added, by=h.acting(h.BUSINESS_MANAGER)).pk > max(
        row["id"] for row in before["ActionUpdate"]
    )
    event = AuditEvent.objects.filter(target_type="actions.action").values_list("pk", flat=True)
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET verb = verb WHERE id = %s", [event[0]])
