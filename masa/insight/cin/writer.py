"""Writing a census's child-level rows fast: one `INSERT ... SELECT` from a JSON
array per batch of rows, in a background thread while the file is parsed (the ORM's
per-row work would cost more than the parsing)."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any, cast

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Field, Max, Model

from masa.insight.cin.indicators import (
    Child,
)
from masa.insight.models import (
    CinAssessment,
    CinCensus,
    CinChild,
    CinEpisode,
    CinPlan,
    CinProtectionPlan,
    CinSection47,
)

# --- writing rows fast ----------------------------------------------------------------------


class _Batches:
    """Writes batches of rows in a second thread while the file is still being read.

    Each batch is ONE statement, `INSERT ... SELECT` from a JSON array of its rows,
    which the database unpacks in C: SQLite and PostgreSQL then do the whole batch
    without Python's global lock, so it goes in while the next children are parsed,
    and an import costs about what the slower of the two costs, not their sum. (An
    `executemany` binds every value from Python and takes the lock back at every row,
    which would stall the reading thread; the ORM's `bulk_create` first prepares every
    field of every instance.) The thread uses the same connection, so the same
    transaction, through its DB-API object; the reading thread does not touch the
    database again until `close` has waited for the last batch.
    """

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        self.postgres = connection.vendor == "postgresql"
        self.jobs: queue.Queue[tuple[str, list[tuple[Any, ...]]] | None] = queue.Queue(4)
        # Errors as Django's (DatabaseError and its kinds), as from any other query.
        self.wrap_errors = connection.wrap_database_errors
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._work, name="cin-census-writer", daemon=True)

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            if self.failure is not None:
                continue  # the import is failing: let the batches go
            sql, rows = job
            try:
                payload = json.dumps(rows, separators=(",", ":"))
                with self.wrap_errors:
                    if self.postgres:
                        with self.raw.cursor() as cursor:
                            cursor.execute(sql, (payload,))
                    else:
                        self.raw.execute(sql, (payload,))
            except BaseException as error:  # raised in the reading thread
                self.failure = error

    def send(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if self.failure is not None:
            raise self.failure
        if not self.thread.is_alive():
            self.thread.start()
        self.jobs.put((sql, rows))

    def close(self) -> None:
        """Wait until every batch is written; raise what went wrong, if anything did."""
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join()
        if self.failure is not None:
            raise self.failure


class _Table:
    """One table's rows, sent in batches of a few thousand to the `_Batches` thread."""

    def __init__(
        self, batches: _Batches, model: type[Model], fields: list[str], *, keyed: bool
    ) -> None:
        meta = model._meta
        assert meta.pk is not None
        quote = connection.ops.quote_name
        columns = [cast("Field[Any, Any]", meta.get_field(name)) for name in fields]
        if keyed:
            columns.insert(0, meta.pk)
        names = ", ".join(quote(column.column) for column in columns)
        if batches.postgres:
            values = ", ".join(
                f"(value ->> {n})::{column.db_type(connection)}" for n, column in enumerate(columns)
            )
            rows = "jsonb_array_elements(%s::jsonb)"
        else:
            values = ", ".join(f"value ->> {n}" for n in range(len(columns)))
            rows = "json_each(?)"
        # Names and types from the model's own metadata; the rows are one parameter.
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608
            f"SELECT {values} FROM {rows}"
        )
        self.batches = batches
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        # Keyed tables (children, episodes) are given their primary keys here, because
        # the rows beneath them refer to them: from the table's largest key, which no
        # one else can change before the import commits (SQLite's write lock is taken
        # when the transaction starts; on PostgreSQL the import locks the two tables
        # against writes, and moves their sequences past the keys it used).
        self.next_key = 1
        if keyed:
            top = model._default_manager.aggregate(top=Max("pk"))["top"]
            self.next_key = (top or 0) + 1

    def flush(self) -> None:
        if self.rows:
            self.batches.send(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []


def delete_rows(census: CinCensus) -> None:
    """Delete a census's child-level rows with one statement a table (the ORM would
    fetch every row to cascade), the rows beneath first."""
    with connection.cursor() as cursor:
        for model in (
            CinAssessment,
            CinPlan,
            CinSection47,
            CinProtectionPlan,
            CinEpisode,
            CinChild,
        ):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE census_id = %s", [census.pk])  # noqa: S608


class _IsoDates(dict[Any, Any]):
    """Dates as ISO text (what SQLite stores, as Django's own adapter does, and what
    PostgreSQL casts to a date), each worked out once; None stays None."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, day: Any) -> str:
        text = self[day] = day.isoformat()
        return str(text)


class CensusWriter:
    """The six tables of one census, written as children arrive."""

    EVERY = 2_000  # children between batches

    def __init__(self, census: CinCensus) -> None:
        self.census = census.pk
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (CinChild, CinEpisode):
                    cursor.execute(
                        f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} "
                        "IN SHARE ROW EXCLUSIVE MODE"
                    )
        self.iso = _IsoDates()
        self.waiting = 0
        self.batches = batches = _Batches()
        self.children = _Table(
            batches,
            CinChild,
            [
                "census",
                "la_child_id",
                "birth_date",
                "expected_birth_date",
                "sex",
                "ethnicity",
                "disabilities",
            ],
            keyed=True,
        )
        self.episodes = _Table(
            batches,
            CinEpisode,
            [
                "census",
                "child",
                "referral_date",
                "referral_source",
                "primary_need",
                "closure_date",
                "closure_reason",
                "referral_nfa",
                "initial_cpc_date",
            ],
            keyed=True,
        )
        self.assessments = _Table(
            batches,
            CinAssessment,
            ["census", "episode", "start_date", "authorised_date", "factors"],
            keyed=False,
        )
        self.cin_plans = _Table(
            batches, CinPlan, ["census", "episode", "start_date", "end_date"], keyed=False
        )
        self.section47s = _Table(
            batches,
            CinSection47,
            ["census", "episode", "start_date", "icpc_target", "icpc_date", "icpc_not_required"],
            keyed=False,
        )
        self.protection_plans = _Table(
            batches,
            CinProtectionPlan,
            [
                "census",
                "episode",
                "start_date",
                "end_date",
                "initial_category",
                "latest_category",
                "previous_plans",
            ],
            keyed=False,
        )
        self.tables = (
            self.children,
            self.episodes,
            self.assessments,
            self.cin_plans,
            self.section47s,
            self.protection_plans,
        )

    def add(self, child: Child) -> None:
        # The hot path of the import: plain appends, no calls per value.
        census, iso = self.census, self.iso
        child_pk = self.children.next_key
        self.children.next_key += 1
        disabilities = child.disabilities
        self.children.rows.append(
            (
                child_pk,
                census,
                child.la_child_id,
                iso[child.birth_date],
                iso[child.expected_birth_date],
                child.sex,
                child.ethnicity,
                ",".join(dict.fromkeys(disabilities))
                if len(disabilities) > 1
                else "".join(disabilities),
            )
        )
        episode_pk = self.episodes.next_key
        episodes = self.episodes.rows
        for episode in child.episodes:
            episodes.append(
                (
                    episode_pk,
                    census,
                    child_pk,
                    iso[episode.referral_date],
                    episode.referral_source,
                    episode.primary_need,
                    iso[episode.closure_date],
                    episode.closure_reason,
                    episode.nfa,
                    iso[episode.initial_cpc],
                )
            )
            for assessment in episode.assessments:
                factors = assessment.factors
                self.assessments.rows.append(
                    (
                        census,
                        episode_pk,
                        iso[assessment.start],
                        iso[assessment.authorised],
                        ",".join(dict.fromkeys(factors)) if len(factors) > 1 else "".join(factors),
                    )
                )
            for plan in episode.cin_plans:
                self.cin_plans.rows.append((census, episode_pk, iso[plan.start], iso[plan.end]))
            for enquiry in episode.section47s:
                self.section47s.rows.append(
                    (
                        census,
                        episode_pk,
                        iso[enquiry.start],
                        iso[enquiry.icpc_target],
                        iso[enquiry.icpc],
                        enquiry.icpc_not_required,
                    )
                )
            for protection in episode.protection_plans:
                self.protection_plans.rows.append(
                    (
                        census,
                        episode_pk,
                        iso[protection.start],
                        iso[protection.end],
                        protection.initial_category,
                        protection.latest_category,
                        protection.previous_plans,
                    )
                )
            episode_pk += 1
        self.episodes.next_key = episode_pk
        self.waiting += 1
        if self.waiting >= self.EVERY:
            self.waiting = 0
            for table in self.tables:
                table.flush()

    def finish(self) -> None:
        """Write the last rows and wait for them; on PostgreSQL move the sequences past
        the keys given here."""
        for table in self.tables:
            table.flush()
        self.batches.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [CinChild, CinEpisode]):
                    cursor.execute(sql)
