"""SQLite: the database refuses an insert over an existing audit event.

`INSERT OR REPLACE` (and `REPLACE`) deletes the old row without firing the delete
trigger of 0002 (SQLite fires it only with recursive triggers on), so an event could
be rewritten. A BEFORE INSERT trigger refuses any insert whose id already exists.
PostgreSQL needs nothing more: an upsert is an update, which 0002 refuses.
"""

from django.db import migrations

SQLITE_UP = """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_replace
    BEFORE INSERT ON core_auditevent
    WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM core_auditevent WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: REPLACE refused'); END;"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditevent_no_replace;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_installation_admin")]
    operations = [migrations.RunPython(forwards, backwards)]
