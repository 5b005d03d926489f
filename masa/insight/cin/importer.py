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
back from the database. The rows are written by `writer`; `stored.census_rows`
rebuilds the same rows from a stored census (for `manage.py indicators`).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.db import IntegrityError, transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Partnership
from masa.insight.cin.indicators import (
    Child,
)
from masa.insight.cin.parse import CensusReader, CensusRefused, Problem, read_header
from masa.insight.cin.stored import (
    REREFERRALS,
    census_rows,
    current_census,
    figures_of,
    referrals_in,
    referrals_of,
)
from masa.insight.cin.writer import CensusWriter, delete_rows
from masa.insight.measurements import measurements_replace
from masa.insight.models import (
    CinCensus,
    Measurement,
    Source,
)

Progress = Callable[[int, int], None]
"""Called with (bytes read so far, bytes in the file) as the file is read."""

MAX_PROBLEMS = 1_000  # refused records kept on the census (all are counted)
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
    writer = CensusWriter(census)
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
        delete_rows(old)
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
        figures=figures_of(census, kept, referrals_in(partnership, census.year - 1)),
        census=census,
    )
    # The next year's census, if already imported, can now look back into this one.
    following = current_census(partnership, census.year + 1)
    if following is not None:
        measurements_replace(
            partnership=partnership,
            source=Source.CIN,
            figures=figures_of(
                following, census_rows(following), referrals_of(kept), only=REREFERRALS
            ),
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
