"""`make bench`: run every bench/bench_*.py and report the figures against their targets.

    bench/run.py                run them all (the foundation first)
    bench/run.py foundation     run only bench/bench_foundation.py

A report, not a test: the exit status is 0 even when a figure misses its target,
because on a shared or busy machine a miss is information, not a failure. It is
non-zero only when a benchmark could not measure at all (it raised), because
then the report is incomplete. Results also go to var/bench/latest.json, so that
runs can be compared over time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

# Run as a script (`python bench/run.py`), so the repository root is not on the
# path yet; the benchmarks import `bench.*` and `masa.*` from there.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from rich.table import Table

from bench.common import PREVIOUS, REPO_ROOT, RESULTS, VAR_DIR, Context, Row, configure_django

FIRST = "foundation"  # the baseline the others compare against runs first


def discover(selected: list[str]) -> list[str]:
    """Every bench/bench_*.py, by name; a new benchmark needs no registration."""
    names = sorted(
        path.stem.removeprefix("bench_") for path in (REPO_ROOT / "bench").glob("bench_*.py")
    )
    names.sort(key=lambda name: name != FIRST)
    if selected:
        unknown = sorted(set(selected) - set(names))
        if unknown:
            raise SystemExit(f"No such benchmark: {', '.join(unknown)} (have: {', '.join(names)})")
        names = [name for name in names if name in selected]
    return names


def render(console: Console, rows: list[Row], load_averages: list[dict[str, object]]) -> None:
    table = Table(title="MASA benchmarks")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("samples", justify="right")
    table.add_column("target")
    table.add_column("baseline", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("verdict")
    for row in rows:
        colour = {"meets target": "green", "misses target": "bold red"}.get(row.verdict, "dim")
        table.add_row(
            row.figure,
            f"{number(row.value)} {row.unit}",
            "—" if row.samples is None else f"{row.samples:,}",
            row.target.text,
            "—" if row.baseline is None else f"{number(row.baseline)} {row.unit}",
            "—" if row.ratio is None else f"{row.ratio:.2f}{'ᵖ' if row.pair_ratio else ''}",
            f"[{colour}]{row.verdict}[/]",
        )
    console.print(table)
    console.print("ᵖ the median of pair-by-pair ratios (figure and baseline interleaved)")
    loads = Table(title="Load average (1 / 5 / 15 min) at the start and end of each group")
    loads.add_column("group")
    loads.add_column("start", justify="right")
    loads.add_column("end", justify="right")
    for entry in load_averages:
        loads.add_row(str(entry["group"]), _triple(entry["start"]), _triple(entry["end"]))
    console.print(loads)


def _triple(values: object) -> str:
    return (
        " / ".join(f"{value:.2f}" for value in values) if isinstance(values, tuple | list) else ""
    )


def number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}"


def write_results(
    rows: list[tuple[str, Row]],
    crashed: dict[str, str],
    seconds: float,
    load_averages: list[dict[str, object]] | None = None,
) -> None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if RESULTS.exists():  # kept for `make bench-compare`
        RESULTS.replace(PREVIOUS)
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "rows": [{"benchmark": name, **row.as_json()} for name, row in rows],
        "load_averages": load_averages or [],
        "crashed": crashed,
    }
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run MASA's benchmarks.")
    parser.add_argument("benchmarks", nargs="*", help="names without bench_ (default: all)")
    args = parser.parse_args(argv)

    # Not a terminal (make in CI, a log file): rich would assume 80 columns and
    # wrap every figure name; a log has room for the table on one line a row.
    console = Console(width=None if sys.stdout.isatty() else 120)
    started = time.perf_counter()
    ctx = Context(
        log=lambda message: console.print(message, style="dim", markup=False, highlight=False)
    )
    configure_django()
    rows: list[tuple[str, Row]] = []
    crashed: dict[str, str] = {}
    for name in discover(args.benchmarks):
        console.rule(f"bench_{name}", style="dim")
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            with ctx.group(f"bench_{name}"):
                produced = module.run(ctx)
        except Exception:
            crashed[name] = traceback.format_exc()
            console.print(f"bench_{name} crashed:", style="bold red")
            console.print(crashed[name], markup=False, highlight=False)
            continue
        for row in produced:
            ctx.figures[row.figure] = row
            rows.append((name, row))
    seconds = time.perf_counter() - started

    render(console, [row for _, row in rows], ctx.load_averages)
    write_results(rows, crashed, seconds, ctx.load_averages)
    console.print(
        f"{len(rows)} figures in {seconds:.0f} s; written to {RESULTS.relative_to(REPO_ROOT)}"
    )
    if crashed:
        console.print(f"Crashed: {', '.join(crashed)}", style="bold red")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
