"""Importing a Children in Need census: the file's children into the `Cin*` tables, and
its figures into the measurements every dashboard reads.

`census_import` is the one way a census gets in. Its steps, and why:

1. The header is read first (the file is then rewound): it says which census year the
   file is, and a file refused before that point (not XML, a DOCTYPE, the wrong root,
   no census year) is refused with `ServiceError` and leaves no trace.
2. A `CinCensus` row is written and committed with the status "importing", so the
   census pages show an import under way (and one that never finished).
3. In ONE transaction: the children are streamed from the file and written in batches,
   one `INSERT ... SELECT` from a JSON array a batch (the ORM's per-row work would
   cost more than the parsing), then the year's previous census is marked not
   current and its child-level rows deleted, the new census marked current, its
   figures written with `measurements_replace`, and one audit event recorded. A file
   refused half-way (malformed XML at line 80,000, say) rolls all of it back, so the
   previous census of that year and its figures stay exactly as they were; the new
   census row is then marked refused, with the reason, and audited as such.

The figures are worked out from the rows already in memory (`indicators`), not read
back from the database. `census_rows` rebuilds the same rows from a stored census (for
`manage.py indicators`).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import json
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Max, Model
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Partnership
from masa.insight.cin import indicators
from masa.insight.cin.indicators import (
    Assessment,
    Child,
    CinPlanDates,
    Episode,
    ProtectionPlan,
    Section47,
)
from masa.insight.cin.parse import CensusReader, CensusRefused, Problem, read_header
from masa.insight.measurements import Figure, measurements_replace
from masa.insight.models import (
    CinAssessment,
    CinCensus,
    CinChild,
    CinEpisode,
    CinPlan,
    CinProtectionPlan,
    CinSection47,
    Measurement,
    Source,
)
from masa.insight.periods import Period, financial_year, quarters_of

Progress = Callable[[int, int], None]
"""Called with (bytes read so far, bytes in the file) as the file is read."""

MAX_PROBLEMS = 1_000  # refused records kept on the census (all are counted)
BATCH = 5_000
_PROGRESS_EVERY = 1 << 20  # report progress every mebibyte
# An import still "importing" after this was stopped (the server restarted, the process
# was killed): the largest authority's census takes seconds, and its rows are written in
# one transaction, so nothing of it was kept.
STALLED_AFTER = datetime.timedelta(hours=1)
STALLED_REASON = (
    "The import stopped before it finished (MASA was restarted or the import was "
    "interrupted). Nothing from this file was imported: import it again."
)


# --- reading the source ------------------------------------------------------------------


class _Metered:
    """A file that counts and hashes what is read from it, and reports progress."""

    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None) -> None:
        self.raw = raw
        self.total = total
        self.progress = progress
        self.read_so_far = 0
        self.reported = 0
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        self.read_so_far += len(data)
        if self.progress is not None and (
            not data or self.read_so_far - self.reported >= _PROGRESS_EVERY
        ):
            self.reported = self.read_so_far
            self.progress(self.read_so_far, max(self.total, self.read_so_far))
        return data


@contextmanager
def _seekable(source: Path | BinaryIO | IO[bytes]) -> Iterator[tuple[IO[bytes], int]]:
    """The source as a binary file that can be rewound, and its size in bytes."""
    if isinstance(source, Path):
        with source.open("rb") as opened:
            yield opened, source.stat().st_size
        return
    if source.seekable():
        start = source.tell()
        size = source.seek(0, 2) - start
        source.seek(start)
        yield source, size
        return
    with tempfile.TemporaryFile() as copy:
        shutil.copyfileobj(source, copy)
        size = copy.tell()
        copy.seek(0)
        yield copy, size


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


def _delete_rows(census: CinCensus) -> None:
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


class _Writer:
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


# --- the service ------------------------------------------------------------------------------


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off for the import. The import keeps every child's rows
    in memory for the figures: hundreds of thousands of small objects, in no reference
    cycle, that the collector would otherwise walk again and again as they pile up (a
    third of the import's time at 40,000 children). Back on afterwards, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _period_label(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"


def census_imports_stalled(*, now: datetime.datetime | None = None) -> int:
    """Mark imports left "importing" longer than STALLED_AFTER as refused, with the reason
    and an audit event each, so the census list stops showing them under way. Run by
    `insight_tick` and before each import. Returns how many were marked."""
    cutoff = (now or timezone.now()) - STALLED_AFTER
    marked = 0
    for census in CinCensus.objects.filter(
        status=CinCensus.Status.IMPORTING, started_at__lt=cutoff
    ).select_related("partnership"):
        with transaction.atomic():
            updated = CinCensus.objects.filter(
                pk=census.pk, status=CinCensus.Status.IMPORTING
            ).update(
                status=CinCensus.Status.FAILED,
                failure=STALLED_REASON,
                is_current=False,
                finished_at=timezone.now(),
            )
            if updated:
                marked += 1
                audit.record(
                    None,
                    "cin_census.stalled",
                    census,
                    {"file": census.file_name, "year": _period_label(census.year)},
                    partnership=census.partnership,
                )
    return marked


def census_import(
    *,
    acting: Acting | None,
    partnership: Partnership,
    source: Path | BinaryIO | IO[bytes],
    file_name: str,
    progress: Progress | None = None,
    year: int | None = None,
) -> CinCensus:
    """Import a CIN census file for `partnership`, replacing the census of its year.

    The file's header decides the census year; `year`, when given, must agree with it.
    Returns the census: imported, or refused part-way (status FAILED, with the reason;
    the year's previous census untouched). A file refused before its year is known
    raises `ServiceError`. Not one transaction on purpose: the "importing" row is
    committed first so that the census pages show the import under way.
    """
    with _seekable(source) as (stream, size):
        start = stream.tell()
        try:
            header = read_header(stream)
        except CensusRefused as refused:
            raise ServiceError(str(refused), field="file") from None
        if year is not None and header.year != year:
            raise ServiceError(
                f"The file is the census for {_period_label(header.year)} (its header says "
                f"Year {header.year}), not {_period_label(year)}. Nothing was imported.",
                field="file",
            )
        stream.seek(start)
        census_imports_stalled()
        with transaction.atomic():
            census = CinCensus.objects.create(
                partnership=partnership,
                year=header.year,
                status=CinCensus.Status.IMPORTING,
                file_name=file_name[:255],
                la_code=header.la_code,
                imported_by=acting.person if acting is not None else None,
            )
        metered = _Metered(stream, size, progress)
        try:
            with _no_cycle_collection(), transaction.atomic():
                _load(census, metered, acting=acting, partnership=partnership)
        except CensusRefused as refused:
            _refuse(census, acting, str(refused), metered)
        except BaseException:
            _refuse(census, acting, "The import stopped because of an error in MASA.", metered)
            raise
    census.refresh_from_db()
    return census


def _load(
    census: CinCensus, stream: _Metered, *, acting: Acting | None, partnership: Partnership
) -> None:
    reader = CensusReader(stream)  # type: ignore[arg-type]
    writer = _Writer(census)
    kept: list[Child] = []
    problems: list[dict[str, Any]] = []
    rejected = 0
    try:
        for item in reader:
            if isinstance(item, Problem):
                rejected += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(item.as_json())
                continue
            writer.add(item)
            kept.append(item)
        writer.finish()
    finally:
        # On a failure, wait for the batch being written before the transaction is
        # rolled back (its failure, if any, is not the one to report).
        with contextlib.suppress(BaseException):
            writer.batches.close()
    if not kept:
        raise CensusRefused(
            f"None of the {rejected:,} children in the file could be imported. The first "
            f"reason: {problems[0]['reason']}."
            if problems
            else "The file has no children."
        )
    # Replace the year: the census that was current is kept as history, without its rows.
    previous = list(
        CinCensus.objects.select_for_update()
        .filter(partnership=partnership, year=census.year, is_current=True)
        .exclude(pk=census.pk)
    )
    for old in previous:
        _delete_rows(old)
        Measurement.objects.filter(census=old).delete()
        old.is_current = False
        old.save(update_fields=["is_current"])
    census.status = CinCensus.Status.COMPLETE
    census.is_current = True
    census.children = len(kept)
    census.rejected = rejected
    census.problems = problems
    census.sha256 = stream.hash.hexdigest()
    census.finished_at = timezone.now()
    try:
        census.save()
    except IntegrityError:  # one current census a year: another import got there first
        raise CensusRefused(
            "Another import of the same year finished while this one ran. Nothing was "
            "imported from this file: import it again if it is the one to keep."
        ) from None
    written = measurements_replace(
        partnership=partnership,
        source=Source.CIN,
        figures=_figures(census, kept, referrals_in(partnership, census.year - 1)),
        census=census,
    )
    # The next year's census, if already imported, can now look back into this one.
    following = current_census(partnership, census.year + 1)
    if following is not None:
        measurements_replace(
            partnership=partnership,
            source=Source.CIN,
            figures=_figures(following, census_rows(following), _referrals(kept), only=REREFERRALS),
            census=following,
        )
    audit.record(
        acting,
        "cin_census.import",
        census,
        {
            "file": census.file_name,
            "year": _period_label(census.year),
            "children": census.children,
            "refused": rejected,
            "episodes": writer.episodes.written,
            "measurements": written,
            "replaced": [old.pk for old in previous],
        },
        partnership=partnership,
    )


REREFERRALS = indicators.REREFERRAL_CODE


Referrals = dict[tuple[str, datetime.date | None], list[datetime.date]]


def _referrals(children: Iterable[Child]) -> Referrals:
    """Each child's referral dates, by LA child ID and date of birth."""
    found: Referrals = {}
    for child in children:
        key = (child.la_child_id, child.birth_date)
        found.setdefault(key, []).extend(e.referral_date for e in child.episodes)
    return found


def referrals_in(partnership: Partnership, year: int) -> Referrals | None:
    """The referral dates of each child in the current census of `year` (those of its
    own year: only they can be within 12 months of the next year's), or None when that
    census has not been imported."""
    earlier = current_census(partnership, year)
    if earlier is None:
        return None
    found: Referrals = {}
    for child_id, born, day in CinEpisode.objects.filter(
        census=earlier, referral_date__gte=datetime.date(year - 1, 4, 1)
    ).values_list("child__la_child_id", "child__birth_date", "referral_date"):
        found.setdefault((child_id, born), []).append(day)
    return found


def _figures(
    census: CinCensus,
    children: Iterable[Child],
    earlier: indicators.Earlier | None,
    *,
    only: str | None = None,
) -> Iterator[Figure]:
    """A census's figures for its year and quarters (or only the indicator `only`). A
    re-referral looks back 12 months, across census years: without the year before's
    census the re-referral rate misses the referrals before April, so it is marked not
    comparable (partial, with why in its narrative) rather than shown as a fall."""
    population = census.partnership.child_population(census.year - 1)
    figures = indicators.census_figures(
        children, census.year, population=population, earlier=earlier
    )
    note = indicators.NOT_COMPARABLE.format(year=census.year - 1)
    for period, values in figures.items():
        for code, value in values.items():
            if only is not None and code != only:
                continue
            short = code == REREFERRALS and earlier is None
            yield Figure(
                code,
                period,
                value.value,
                value.numerator,
                value.denominator,
                narrative=note if short else "",
                partial=short,
            )


def _refuse(census: CinCensus, acting: Acting | None, reason: str, stream: _Metered) -> None:
    with transaction.atomic():
        census.status = CinCensus.Status.FAILED
        census.failure = reason
        census.is_current = False
        census.children = 0
        census.sha256 = stream.hash.hexdigest()
        census.finished_at = timezone.now()
        census.save()
        audit.record(
            acting,
            "cin_census.refuse",
            census,
            {"file": census.file_name, "year": _period_label(census.year), "reason": reason},
            partnership=census.partnership,
        )


# --- reading a stored census back --------------------------------------------------------------


def current_census(partnership: Partnership, year: int) -> CinCensus | None:
    """The census the figures use for `year`, if one has been imported."""
    return CinCensus.objects.filter(
        partnership=partnership, year=year, is_current=True, status=CinCensus.Status.COMPLETE
    ).first()


def census_rows(census: CinCensus) -> list[Child]:
    """The stored census as the rows `indicators` works on (what the file gave)."""
    children: dict[int, Child] = {}
    for pk, la_child_id, born, expected, sex, ethnicity, disabilities in (
        CinChild.objects.filter(census=census)
        .order_by("pk")
        .values_list(
            "pk",
            "la_child_id",
            "birth_date",
            "expected_birth_date",
            "sex",
            "ethnicity",
            "disabilities",
        )
        .iterator(chunk_size=BATCH)
    ):
        children[pk] = Child(
            la_child_id,
            born,
            expected,
            sex,
            ethnicity,
            tuple(code for code in disabilities.split(",") if code),
        )
    episodes: dict[int, Episode] = {}
    for pk, child_pk, referral, source, need, closed, reason, nfa, icpc in (
        CinEpisode.objects.filter(census=census)
        .order_by("pk")
        .values_list(
            "pk",
            "child_id",
            "referral_date",
            "referral_source",
            "primary_need",
            "closure_date",
            "closure_reason",
            "referral_nfa",
            "initial_cpc_date",
        )
        .iterator(chunk_size=BATCH)
    ):
        episode = Episode(referral, source, need, closed, reason, nfa, icpc)
        episodes[pk] = episode
        children[child_pk].episodes.append(episode)
    for episode_pk, begun, authorised, factors in (
        CinAssessment.objects.filter(census=census)
        .order_by("pk")
        .values_list("episode_id", "start_date", "authorised_date", "factors")
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].assessments.append(
            Assessment(begun, authorised, tuple(code for code in factors.split(",") if code))
        )
    for episode_pk, begun, ended in (
        CinPlan.objects.filter(census=census)
        .order_by("pk")
        .values_list("episode_id", "start_date", "end_date")
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].cin_plans.append(CinPlanDates(begun, ended))
    for episode_pk, begun, target, icpc, not_required in (
        CinSection47.objects.filter(census=census)
        .order_by("pk")
        .values_list("episode_id", "start_date", "icpc_target", "icpc_date", "icpc_not_required")
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].section47s.append(Section47(begun, target, icpc, not_required))
    for episode_pk, begun, ended, initial, latest, previous in (
        CinProtectionPlan.objects.filter(census=census)
        .order_by("pk")
        .values_list(
            "episode_id",
            "start_date",
            "end_date",
            "initial_category",
            "latest_category",
            "previous_plans",
        )
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].protection_plans.append(
            ProtectionPlan(begun, ended, initial, latest, previous)
        )
    return list(children.values())


def census_values(census: CinCensus, period: Period | None = None) -> dict[str, indicators.Value]:
    """Every figure of a stored census for its year (or one of its quarters)."""
    period = period or financial_year(census.year - 1)
    if period not in (financial_year(census.year - 1), *quarters_of(census.year - 1)):
        raise ValueError(f"{period} is not a quarter or the year of {census}")
    return indicators.census_figures(
        census_rows(census),
        census.year,
        population=census.partnership.child_population(census.year - 1),
        earlier=referrals_in(census.partnership, census.year - 1),
    )[period]
