"""The insight scorecard with 40 indicators by 12 quarters, on SQLite and on PostgreSQL.

Each database gets the demo's people and partnerships and a Northbridge catalogue of
exactly 40 active indicators (counts, percentages with their numerator and
denominator, rates; with tolerances, priorities and narratives), each with 12
quarters of measurements and England, region and statistical-neighbour comparators
for every quarter. The scorecard page is measured through gunicorn as in
production, with the same load generator as the foundation, as the business manager;
beside it is the signed-in home page (the base layout) on the same server and
database in the same run, and the same scorecard prepared for publication (disclosure
control on every figure).

The throwaway databases, the subprocess plumbing and the PostgreSQL handling are the
front door benchmark's (`bench_frontdoor`).
"""

from __future__ import annotations

import json
import shutil
from typing import Any

from bench.bench_frontdoor import DATA_DIR, Database, _OnDatabase, _postgres, _sqlite
from bench.bench_frontdoor import _prepare as _prepare_databases
from bench.common import (
    BASELINE,
    NO_TARGET,
    VAR_DIR,
    Context,
    Row,
    at_most,
    gunicorn,
    interleaved,
    load,
    sign_in,
)

INDICATORS = 40
QUARTERS = 12
READER = "eleanor.hughes@northbridge.example"  # the business manager
SQLITE = VAR_DIR / "insight-scorecard.sqlite3"
HOME = "signed-in home page"
TARGET_MS = 150.0
TARGET_TIMES_HOME = 5.0
WINDOW: dict[str, Any] = {"warmup_seconds": 2.0, "max_seconds": 20.0, "requests": 300}
PAIRS = 200  # the scorecard and the home page, interleaved


# --- inside the subprocess (Django set up on the benchmark's database) ---------------


def prepare_inside() -> None:
    """The demo's people, and Northbridge's 40 indicators with 12 quarters each."""
    import datetime
    import random
    from decimal import Decimal

    import django

    django.setup()
    from django.db import transaction

    from masa.core.models import Partnership
    from masa.demo import build
    from masa.insight import periods
    from masa.insight.models import (
        Comparator,
        Function,
        Indicator,
        Measurement,
        Polarity,
        Priority,
        Source,
        Unit,
    )
    from masa.plan import periods as plan_periods

    build.build_core()
    rng = random.Random(40)
    northbridge = Partnership.objects.get(slug="northbridge")
    today = datetime.date.today()
    quarters = periods.quarters_back(periods.last_ended_quarter(today), QUARTERS)
    functions = list(Function.values)
    units = [Unit.COUNT, Unit.PERCENT, Unit.RATE, Unit.PERCENT]
    with transaction.atomic():
        # Only the benchmark's 40 are on the scorecard, whatever the demo's catalogue holds.
        Indicator.objects.filter(partnership=northbridge).update(is_active=False)
        # The priorities are the plan's one list: the current period's.
        plan_period = plan_periods.current_or_new_period(northbridge)
        priorities = [
            Priority.objects.get_or_create(
                partnership=northbridge,
                period=plan_period,
                slug=f"bench-{n}",
                defaults={"name": f"Bench {n}", "number": 90 + n},
            )[0]
            for n in range(4)
        ]
        made = []
        for n in range(INDICATORS):
            unit = units[n % len(units)]
            polarity = Polarity.HIGHER if n % 3 else Polarity.LOWER
            made.append(
                Indicator(
                    partnership=northbridge,
                    code=f"bench.indicator_{n:02d}",
                    name=f"Benchmark indicator {n:02d}",
                    definition="An indicator made for the benchmark.",
                    source=Source.RETURN if n % 2 else Source.CIN,
                    function=functions[n % len(functions)],
                    unit=unit,
                    polarity=polarity,
                    green_from=Decimal(60 if polarity == Polarity.HIGHER else 40),
                    red_from=Decimal(40 if polarity == Polarity.HIGHER else 60),
                    publishable=n % 4 != 3,
                    order=n,
                )
            )
        Indicator.objects.bulk_create(made)
        made = list(Indicator.objects.filter(partnership=northbridge, code__startswith="bench."))
        for n, indicator in enumerate(made):
            indicator.priorities.add(priorities[n % len(priorities)])
        measurements, comparators = [], []
        for indicator in made:
            for quarter in quarters:
                cases = rng.randint(3, 400)
                counted = rng.randint(0, cases)
                numerator: int | None = None
                denominator: int | None = None
                if indicator.unit == Unit.PERCENT:
                    value = Decimal(f"{100 * counted / cases:.1f}")
                    numerator, denominator = counted, cases
                elif indicator.unit == Unit.RATE:
                    value = Decimal(f"{rng.uniform(5, 90):.1f}")
                else:
                    value = Decimal(rng.randint(0, 120))
                measurements.append(
                    Measurement(
                        partnership=northbridge,
                        indicator=indicator,
                        period_start=quarter.start,
                        period_end=quarter.end,
                        value=value,
                        numerator=numerator,
                        denominator=denominator,
                        narrative="The story behind the figures for this quarter. " * 3,
                        source=indicator.source,
                    )
                )
                for kind in Comparator.Kind.values:
                    comparators.append(
                        Comparator(
                            indicator=indicator,
                            kind=kind,
                            period_start=quarter.start,
                            period_end=quarter.end,
                            value=value + Decimal(rng.randint(-5, 5)),
                        )
                    )
        Measurement.objects.bulk_create(measurements, batch_size=500)
        Comparator.objects.bulk_create(comparators, batch_size=500)
    print(
        json.dumps(
            {
                "indicators": Indicator.objects.filter(
                    partnership=northbridge, is_active=True
                ).count(),
                "measurements": len(measurements),
                "comparators": len(comparators),
            }
        )
    )


# --- in the benchmark's own process -----------------------------------------------


def _prepare(ctx: Context, databases: list[Database]) -> dict[str, dict[str, Any]]:
    return _prepare_databases(
        ctx,
        databases,
        module="bench.bench_insight_scorecard",
        loading=f"load {INDICATORS} indicators × {QUARTERS} quarters",
        describe=lambda facts: (
            f"{facts['indicators']} active indicators, {facts['measurements']:,} measurements, "
            f"{facts['comparators']:,} comparators"
        ),
    )


def _measure(ctx: Context, db: Database) -> list[Row]:
    on = _OnDatabase(log=ctx.log, url=db.url)
    target = at_most(TARGET_MS, f"p95 ≤ {TARGET_MS:.0f} ms")
    times_home = at_most(TARGET_TIMES_HOME, f"≤ {TARGET_TIMES_HOME:.0f}× the home page")
    name = f"{db.label} ({INDICATORS} indicators × {QUARTERS} quarters)"
    rows: list[Row] = []
    with ctx.group(f"{db.label}: scorecard"), gunicorn(on) as server:
        reader, _ = sign_in(server, READER)
        cookies = reader.cookie_header()
        home = load(server, "/", headers=cookies, **WINDOW)
        rows += [
            Row(
                f"{name}: {HOME}: p50 ms",
                home.p50_ms,
                "ms",
                BASELINE,
                ctx.baseline(f"{HOME}: p50 ms"),
                home.requests,
            ),
            Row(
                f"{name}: {HOME}: p95 ms",
                home.p95_ms,
                "ms",
                BASELINE,
                ctx.baseline(f"{HOME}: p95 ms"),
                home.requests,
            ),
        ]
        for figure, path in (
            ("scorecard", "/insight/scorecard/"),
            ("scorecard for publication", "/insight/scorecard/?publish=1"),
        ):
            pair = interleaved(server, path, "/", headers=cookies, pairs=PAIRS)
            ctx.log(f"{db.label}: {figure}: {pair.pairs} pairs with the home page")
            rows += [
                Row(
                    f"{name}: {figure}: p50 ms",
                    pair.page.p50_ms,
                    "ms",
                    NO_TARGET,
                    pair.baseline.p50_ms,
                    pair.pairs,
                    pair.ratio_p50,
                ),
                Row(
                    f"{name}: {figure}: p95 ms",
                    pair.page.p95_ms,
                    "ms",
                    target,
                    pair.baseline.p95_ms,
                    pair.pairs,
                ),
                Row(
                    f"{name}: {figure} ÷ home page (median of pairs)",
                    pair.ratio_p50,
                    "×",
                    times_home,
                    samples=pair.pairs,
                ),
            ]
    return rows


def run(ctx: Context) -> list[Row]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    databases = [_sqlite(SQLITE)]
    postgres = _postgres(ctx.log)
    if postgres is not None:
        databases.append(postgres)
    rows: list[Row] = []
    try:
        _prepare(ctx, databases)
        for db in databases:
            rows += _measure(ctx, db)
    finally:
        for db in databases:
            db.drop()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    return rows
