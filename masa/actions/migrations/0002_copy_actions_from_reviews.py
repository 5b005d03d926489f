"""Copy every action, action update and piece of evidence from `reviews` into `actions`
(issue 13 §5), ids kept, so evidence files, reminders' keys, links and the audit log's
target ids still work. Every copied action's source is its review recommendation.

The audit log names its records by model label: events on "reviews.action",
"reviews.actionupdate" and "reviews.evidence" are relabelled "actions.…" so the log still
finds them. Audit events are append-only (core 0002 puts triggers on the table that
refuse an UPDATE); this migration lifts the UPDATE trigger for the relabelling alone, in
the same transaction, and puts it back.

Backwards: the rows are copied back to `reviews` (whose tables reversing reviews 0006
made again) and the audit labels put back. Actions from any other kind of source have
nowhere to go in `reviews`, so going back is refused while there are any.
"""

from django.core.management.color import no_style
from django.db import migrations

MODELS = ("Action", "ActionUpdate", "Evidence")
LABELS = {
    "reviews.action": "actions.action",
    "reviews.actionupdate": "actions.actionupdate",
    "reviews.evidence": "actions.evidence",
}
BATCH = 2000
TRIGGER = "core_auditevent_no_update"
TRIGGER_EXISTS = {
    "postgresql": "SELECT 1 FROM pg_trigger WHERE tgname = %s",
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s",
}
TRIGGER_DROP = {
    "postgresql": f"DROP TRIGGER IF EXISTS {TRIGGER} ON core_auditevent",
    "sqlite": f"DROP TRIGGER IF EXISTS {TRIGGER}",
}
# As core 0002 made it.
TRIGGER_CREATE = {
    "postgresql": f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()""",
    "sqlite": f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON core_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;""",
}


def _copy(apps, schema_editor, source, target, **extra):
    """Every row of the three models from app `source` to app `target`, ids kept, with
    `extra` values on each action; then the target's id sequences moved past them."""
    alias = schema_editor.connection.alias
    copied = []
    for name in MODELS:
        old = apps.get_model(source, name)
        new = apps.get_model(target, name)
        fields = {field.attname for field in new._meta.concrete_fields}
        batch = []
        for row in old.objects.using(alias).order_by("pk").values().iterator(chunk_size=BATCH):
            values = {key: value for key, value in row.items() if key in fields}
            if name == "Action":
                values.update(extra)
            batch.append(new(**values))
            if len(batch) == BATCH:
                new.objects.using(alias).bulk_create(batch)
                batch = []
        new.objects.using(alias).bulk_create(batch)
        copied.append(new)
    connection = schema_editor.connection
    for statement in connection.ops.sequence_reset_sql(no_style(), copied):
        schema_editor.execute(statement)


def _empty(apps, schema_editor, app):
    alias = schema_editor.connection.alias
    for name in reversed(MODELS):
        apps.get_model(app, name).objects.using(alias).all().delete()


def _relabel(schema_editor, labels):
    """Relabel the audit events' target types, the UPDATE trigger lifted meanwhile."""
    connection = schema_editor.connection
    vendor = connection.vendor
    with connection.cursor() as cursor:
        guarded = False
        if vendor in TRIGGER_EXISTS:
            cursor.execute(TRIGGER_EXISTS[vendor], [TRIGGER])
            guarded = cursor.fetchone() is not None
        if guarded:
            cursor.execute(TRIGGER_DROP[vendor])
        for old, new in labels.items():
            cursor.execute(
                "UPDATE core_auditevent SET target_type = %s WHERE target_type = %s", [new, old]
            )
        if guarded:
            cursor.execute(TRIGGER_CREATE[vendor])


def forwards(apps, schema_editor):
    _copy(apps, schema_editor, "reviews", "actions", source_kind="recommendation")
    _relabel(schema_editor, LABELS)


def backwards(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    others = Action.objects.using(schema_editor.connection.alias).exclude(
        source_kind="recommendation"
    )
    if others.exists():
        raise RuntimeError(
            f"{others.count()} actions come from sources other than review recommendations: "
            "reviews cannot hold them, so this migration cannot be reversed"
        )
    _copy(apps, schema_editor, "actions", "reviews")
    _empty(apps, schema_editor, "actions")
    _relabel(schema_editor, {new: old for old, new in LABELS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_actions_from_every_source"),
        ("reviews", "0005_review_date_corrections"),
        ("core", "0008_role_descriptions_without_yearly_report"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
