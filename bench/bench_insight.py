"""Insight: importing the Children in Need census.

CIN census: files of 10,000, 40,000 and 80,000 children (the largest local
authorities have about 40,000 children in need in a year) made by the census generator
(`masa.insight.cin.generate`), each imported with all its figures worked out
(`census_import`: parse, rows, measurements), on SQLite and on PostgreSQL, each import
in a process of its own so that its peak memory (VmHWM: the process's own high-water
mark, Django included) is its own. Beside each: the time lxml takes merely to parse the
same file into a tree (`etree.parse`, in another process: the limit), and the DfE
validator's conversion of a 2,000-child file into its tables (`csc-validator-be-cin`,
the peer, in its own virtualenv), against our import of that same file.

Targets (issue 4): 40,000 children in at most 20 s and 500 MB; 80,000 in at most 2.2
times the 40,000 time (linear); every import at most 5 times the bare parse of its file;
at least 20 times faster than the peer on the same 2,000-child file.

The throwaway databases and subprocess plumbing are the front door benchmark's.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.bench_frontdoor import Database, _OnDatabase, _postgres, _sqlite
from bench.bench_frontdoor import _prepare as _prepare_databases
from bench.common import (
    NO_TARGET,
    PYTHON,
    REPO_ROOT,
    VAR_DIR,
    BenchError,
    Context,
    Row,
    alternate,
    at_least,
    at_most,
    cpu_seconds,
)

# --- CIN census import ----------------------------------------------------------------------

SIZES = {10_000: 2024, 40_000: 2025, 80_000: 2026}  # children: census year (one each)
PEER_CHILDREN = 2_000
PEER_YEAR = 2027
SEED = 20
CIN_DIR = VAR_DIR / "cin"
CIN_SQLITE = VAR_DIR / "insight.sqlite3"
VALIDATOR = REPO_ROOT / ".venv-cin-validator" / "bin" / "python"
RUNNER = REPO_ROOT / "tools" / "cin_validator" / "runner.py"
TARGET_SECONDS_40K = 20.0
TARGET_MB_40K = 500.0
TARGET_LINEAR = 2.2
TARGET_PARSE_RATIO = 5.0
TARGET_PEER_RATIO = 20.0
PAIRS = 3  # import and bare parse, alternated in fresh processes


def _peak_kb() -> int:
    """This process's own peak memory: VmHWM, which starts afresh at exec (unlike
    getrusage's ru_maxrss, which a child inherits from the process that started it)."""
    with open("/proc/self/status") as status:
        return int(next(line.split()[1] for line in status if line.startswith("VmHWM:")))


def prepare_inside() -> None:
    """The demo's partnerships and people, and the indicator catalogue (so that the
    import writes its measurements, as it does for real)."""
    import django

    django.setup()
    from masa.core.models import Partnership
    from masa.demo import build
    from masa.insight.models import Indicator

    build.build_core()
    northbridge = Partnership.objects.get(slug="northbridge")
    from masa.insight.services import catalogue_install

    catalogue_install(actor=None, partnership=northbridge)
    indicators = Indicator.objects.filter(partnership=northbridge, source="cin").count()
    print(json.dumps({"cin_indicators": indicators}))


def import_inside() -> None:
    """Import the file named in CIN_FILE for Northbridge; print the seconds it took, what
    it made and the process's peak memory."""
    import django

    django.setup()
    from masa.core.models import Partnership
    from masa.insight.cin.importer import census_import
    from masa.insight.cin.writer import delete_rows
    from masa.insight.models import CinCensus, Measurement

    path = Path(os.environ["CIN_FILE"])
    northbridge = Partnership.objects.get(slug="northbridge")
    # Every run is a first import of its year: an earlier run's census (of the pairs)
    # is cleared away before the clocks start, so no run pays for replacing another.
    year = int(path.name.split("_")[2])
    for old in CinCensus.objects.filter(partnership=northbridge, year=year):
        delete_rows(old)
        Measurement.objects.filter(census=old).delete()
        old.delete()
    started, cpu = time.perf_counter(), cpu_seconds()
    census = census_import(acting=None, partnership=northbridge, source=path, file_name=path.name)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "status": census.status,
                "failure": census.failure,
                "children": census.children,
                "measurements": Measurement.objects.filter(census=census).count(),
                "peak_kb": _peak_kb(),
            }
        )
    )


def parse_inside() -> None:
    """The limit: lxml parsing the whole file into a tree, nothing else, in a fresh
    process as the import is (the file is read once first, so that both find it in the
    page cache)."""
    from lxml import etree

    path = os.environ["CIN_FILE"]
    Path(path).read_bytes()
    started, cpu = time.perf_counter(), cpu_seconds()
    etree.parse(path)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu}))


def _run(on: _OnDatabase, function: str, path: Path, timeout: float = 900) -> dict[str, Any]:
    """`function` above in a process of its own on the database, for the file `path`."""
    done = subprocess.run(
        [PYTHON, "-c", f"import bench.bench_insight as b; b.{function}()"],
        cwd=REPO_ROOT,
        env=on.env(CIN_FILE=str(path), MASA_DEBUG="0"),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"{function} on {path.name} failed:\n{done.stderr[-3000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return dict(json.loads(lines[-1]))


def _generate(ctx: Context) -> dict[int, Path]:
    """The census files (kept between runs: the generator is deterministic)."""
    from masa.insight.cin.generate import generate

    CIN_DIR.mkdir(parents=True, exist_ok=True)
    files: dict[int, Path] = {}
    for children, year in [*SIZES.items(), (PEER_CHILDREN, PEER_YEAR)]:
        path = CIN_DIR / f"cin_{children}_{year}_{SEED}.xml"
        if not path.exists():
            started = time.perf_counter()
            partial = path.with_suffix(".part")
            generate(partial, children=children, year=year, seed=SEED)
            partial.rename(path)
            ctx.log(f"Generated {path.name} in {time.perf_counter() - started:.0f} s")
        files[children] = path
    return files


def _peer(ctx: Context, path: Path) -> float | None:
    """The validator's conversion of the file into its tables, in seconds (None, with a
    note, when its virtualenv is missing: `make validator`)."""
    if not VALIDATOR.exists():
        ctx.log("Peer row skipped: no .venv-cin-validator (run `make validator`)")
        return None
    return float(_peer_run(path)["seconds"])


def _peer_run(path: Path) -> dict[str, Any]:
    """One conversion by the validator, in a fresh process: its seconds."""
    done = subprocess.run(
        [str(VALIDATOR), str(RUNNER), "convert", str(path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"the validator's conversion failed:\n{done.stderr[-3000:]}")
    answer = json.loads(done.stdout)
    if answer["children"] != PEER_CHILDREN:
        raise BenchError(f"the validator read {answer['children']} children, not {PEER_CHILDREN}")
    return {"seconds": float(answer["seconds"])}


def _cin_rows(ctx: Context, db: Database, files: dict[int, Path], peer: float | None) -> list[Row]:
    on = _OnDatabase(log=ctx.log, url=db.url)
    rows: list[Row] = []
    seconds: dict[int, float] = {}
    for children in SIZES:
        path = files[children]
        with ctx.group(f"{db.label}: CIN import and bare parse, {children:,} children"):
            pairs = alternate(
                functools.partial(_run, on, "import_inside", path),
                functools.partial(_run, on, "parse_inside", path),
                pairs=PAIRS,
            )
        for done in pairs.first:
            if done["status"] != "complete" or done["children"] != children:
                raise BenchError(f"{path.name} was not imported: {done['failure']}")
        wall, cpu = pairs.median("first", "seconds"), pairs.median("first", "cpu")
        parse_wall, parse_cpu = pairs.median("second", "seconds"), pairs.median("second", "cpu")
        seconds[children] = wall
        megabytes = max(done["peak_kb"] for done in pairs.first) / 1024
        ctx.log(
            f"{db.label}: {children:,} children imported in {wall:.1f} s, CPU {cpu:.1f} s "
            f"(parse {parse_wall:.2f} s, CPU {parse_cpu:.2f} s; medians of {pairs.pairs} pairs), "
            f"{pairs.first[-1]['measurements']} measurements, {megabytes:.0f} MB"
        )
        name = f"{db.label}: CIN import + indicators, {children:,} children"
        big = children == 40_000
        ratio = at_most(TARGET_PARSE_RATIO, f"≤ {TARGET_PARSE_RATIO:.0f}× the parse")
        rows += [
            Row(f"{name}: bare lxml parse s", parse_wall, "s", NO_TARGET, samples=pairs.pairs),
            Row(f"{name}: bare lxml parse CPU s", parse_cpu, "s", NO_TARGET, samples=pairs.pairs),
            Row(
                f"{name}: s",
                wall,
                "s",
                at_most(TARGET_SECONDS_40K, f"≤ {TARGET_SECONDS_40K:.0f} s") if big else NO_TARGET,
                parse_wall,
                pairs.pairs,
                pairs.ratio("seconds"),
            ),
            Row(f"{name}: CPU s", cpu, "s", NO_TARGET, parse_cpu, pairs.pairs, pairs.ratio("cpu")),
            Row(
                f"{name}: × bare parse (wall)",
                pairs.ratio("seconds"),
                "×",
                ratio,
                samples=pairs.pairs,
            ),
            Row(f"{name}: × bare parse (CPU)", pairs.ratio("cpu"), "×", ratio, samples=pairs.pairs),
            Row(
                f"{name}: peak memory MB",
                megabytes,
                "MB",
                at_most(TARGET_MB_40K, f"≤ {TARGET_MB_40K:.0f} MB") if big else NO_TARGET,
                samples=pairs.pairs,
            ),
        ]
    rows.append(
        Row(
            f"{db.label}: CIN import, 80,000 ÷ 40,000 children time",
            seconds[80_000] / seconds[40_000],
            "×",
            at_most(TARGET_LINEAR, f"≤ {TARGET_LINEAR}× (linear)"),
        )
    )
    path = files[PEER_CHILDREN]
    name = f"{db.label}: CIN import + indicators, {PEER_CHILDREN:,} children"
    if peer is None:
        ours = _run(on, "import_inside", path)
        rows.append(Row(f"{name}: s", ours["seconds"], "s", NO_TARGET, samples=1))
        return rows
    with ctx.group(f"{db.label}: CIN import and the DfE validator, {PEER_CHILDREN:,} children"):
        against = alternate(
            functools.partial(_run, on, "import_inside", path),
            functools.partial(_peer_run, path),
            pairs=PAIRS,
        )
    ours_s, peer_s = against.median("first", "seconds"), against.median("second", "seconds")
    rows += [
        Row(f"{name}: s", ours_s, "s", NO_TARGET, peer_s, against.pairs, against.ratio("seconds")),
        Row(
            f"{db.label}: CIN import speed-up over the DfE validator (same file)",
            1 / against.ratio("seconds"),
            "×",
            at_least(TARGET_PEER_RATIO, f"≥ {TARGET_PEER_RATIO:.0f}× the peer"),
            samples=against.pairs,
        ),
    ]
    return rows


def _cin(ctx: Context) -> list[Row]:
    started = time.perf_counter()
    files = _generate(ctx)
    peer = _peer(ctx, files[PEER_CHILDREN])
    rows: list[Row] = []
    if peer is not None:
        ctx.log(f"The DfE validator converted {PEER_CHILDREN:,} children in {peer:.1f} s")
        rows.append(
            Row(
                f"DfE validator (peer): converting {PEER_CHILDREN:,} children s",
                peer,
                "s",
                NO_TARGET,
            )
        )
    databases = [_sqlite(CIN_SQLITE)]
    postgres = _postgres(ctx.log)
    if postgres is not None:
        databases.append(postgres)
    try:
        _prepare_databases(
            ctx,
            databases,
            module="bench.bench_insight",
            loading="the partnerships and the indicator catalogue",
            describe=lambda facts: f"{facts['cin_indicators']} CIN indicators in the catalogue",
        )
        for db in databases:
            rows += _cin_rows(ctx, db, files, peer)
    finally:
        for db in databases:
            db.drop()
    ctx.log(f"CIN census benchmark done in {time.perf_counter() - started:.0f} s")
    return rows


def run(ctx: Context) -> list[Row]:
    return _cin(ctx)


# --- scorecard ------------------------------------------------------------------------------
# The scorecard page has a benchmark of its own: bench/bench_insight_scorecard.py.
