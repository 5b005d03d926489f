"""The query planner's statistics, refreshed after a large import.

SQLite keeps no statistics until `ANALYZE` runs, and without them it may pick a
partnership-wide index over a selective one (the child search read every child of the
partnership that way, issue 19). PostgreSQL gathers them itself, but only some time
after the rows arrive; refreshing them at once makes the first queries plan well too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model


def refresh(models: Iterable[type[Model]]) -> None:
    """Analyze the tables of `models` (and their indexes) so the planner knows their size."""
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"ANALYZE {table}")
