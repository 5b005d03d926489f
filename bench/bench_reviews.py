"""The recommendations tracker with 200 reviews, 2,000 recommendations and 10,000 actions,
on SQLite and on PostgreSQL: the combined action plan filtered by theme and agency.

Each database gets the demo's people and review themes, then the reviews, their
recommendations (tagged with themes) and the actions (owned by the partnership's
agencies, in every status, due over three years around now, some not updated for
weeks), bulk inserted in a subprocess, both databases at once. The page is measured
through gunicorn as in production with the same load generator as the foundation, as
the executive (who sees the whole plan and signs actions off); beside it is the
signed-in home page (the base layout) on the same server and database in the same run,
itself beside the foundation's home page.

The page does what a person asking "what is the police doing about neglect?" gets: the
filtered page of 50 actions, and the drift tables (open, overdue, stale, at risk) per
agency and per review over the whole plan.

The throwaway databases, the subprocess plumbing and the PostgreSQL handling are the
front door benchmark's (`bench_frontdoor`).
"""

from __future__ import annotations

import shutil
from typing import Any

from bench.bench_frontdoor import DATA_DIR, Database, _OnDatabase, _postgres, _sqlite
from bench.bench_frontdoor import _prepare as _prepare_databases
from bench.common import (
    BASELINE,
    NO_TARGET,
    VAR_DIR,
    BenchError,
    Context,
    Row,
    at_most,
    gunicorn,
    load,
    sign_in,
)

REVIEWS = 200
RECOMMENDATIONS = 2_000  # 10 a review
ACTIONS = 10_000  # 5 a recommendation
READER = "james.morgan@northbridge.example"  # the executive: the whole plan, no two-factor
THEME = "Neglect"
AGENCY = "Mercia Vale Police"
SQLITE = VAR_DIR / "reviews.sqlite3"
HOME = "signed-in home page"
TARGET_MS = 200.0
WINDOW: dict[str, Any] = {"warmup_seconds": 2.0, "max_seconds": 8.0, "requests": 1000}


# --- inside the subprocess (Django set up on the benchmark's database) ---------------


def prepare_inside() -> None:
    """The demo people and themes, then 200 reviews, 2,000 recommendations and 10,000
    actions, bulk inserted; prints the filter's ids and the counts."""
    import datetime
    import json
    import random

    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from masa.actions import rules
    from masa.actions.models import Action
    from masa.core.models import Agency, Partnership, Person
    from masa.demo import build
    from masa.reviews.models import Recommendation, Review, Theme
    from masa.reviews.services.reference import themes_ensure_defaults

    build.build_core()
    northbridge = Partnership.objects.get(slug="northbridge")
    themes_ensure_defaults(actor=None, partnership=northbridge)
    rng = random.Random(20261120)
    today = timezone.localdate()
    themes = list(Theme.objects.filter(partnership=northbridge).order_by("name"))
    agencies = list(
        Agency.objects.filter(partnershipagency__partnership=northbridge).order_by("name")
    )
    # The statutory partners own most actions, as in a real plan.
    weights = [
        6
        if a.name in (AGENCY, "Northbridge Borough Council", "Mercia Vale Integrated Care Board")
        else 2
        for a in agencies
    ]
    officer = Person.objects.get(email="dev.patel@northbridge.example")
    kinds = [("lcspr", "LCSPR", 5), ("sar", "SAR", 2), ("alternative", "AR", 2), ("dhr", "DHR", 1)]
    statuses = [
        (rules.ActionStatus.NOT_STARTED, 15),
        (rules.ActionStatus.ON_TRACK, 30),
        (rules.ActionStatus.AT_RISK, 10),
        (rules.ActionStatus.COMPLETED, 8),
        (rules.ActionStatus.EVIDENCED, 7),
        (rules.ActionStatus.CLOSED, 30),
    ]
    with transaction.atomic():
        reviews = []
        for n in range(REVIEWS):
            kind, series, _ = rng.choices(kinds, weights=[k[2] for k in kinds])[0]
            started = today - datetime.timedelta(days=rng.randint(60, 1500))
            reviews.append(
                Review(
                    partnership=northbridge,
                    kind=kind,
                    reference=f"NB-{series}-{started.year}-B{n:03d}",
                    title=f"Bench review {n}: {series}",
                    status="published"
                    if started < today - datetime.timedelta(days=365)
                    else ("in_progress"),
                    started_on=started,
                    target_on=started + datetime.timedelta(days=183),
                    published_on=(
                        started + datetime.timedelta(days=200)
                        if started < today - datetime.timedelta(days=365)
                        else None
                    ),
                    created_by=officer,
                )
            )
        reviews = Review.objects.bulk_create(reviews)
        Review.themes.through.objects.bulk_create(
            Review.themes.through(review_id=review.pk, theme_id=theme.pk)
            for review in reviews
            for theme in rng.sample(themes, rng.randint(1, 3))
        )
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                review=review,
                number=number,
                text=f"Recommendation {number} of {review.reference}: agencies should act.",
            )
            for review in reviews
            for number in range(1, RECOMMENDATIONS // REVIEWS + 1)
        )
        Recommendation.themes.through.objects.bulk_create(
            Recommendation.themes.through(recommendation_id=rec.pk, theme_id=theme.pk)
            for rec in recommendations
            for theme in rng.sample(themes, rng.randint(1, 2))
        )
        actions = []
        for rec in recommendations:
            for number in range(ACTIONS // RECOMMENDATIONS):
                status = rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0]
                created = today - datetime.timedelta(days=rng.randint(30, 900))
                due = created + datetime.timedelta(days=rng.randint(60, 540))
                updated = None
                if status != rules.ActionStatus.NOT_STARTED:
                    updated = min(today, created + datetime.timedelta(days=rng.randint(7, 400)))
                closed = status == rules.ActionStatus.CLOSED
                actions.append(
                    Action(
                        partnership=northbridge,
                        recommendation=rec,
                        owner_agency=rng.choices(agencies, weights=weights)[0],
                        what=f"Action {number + 1} for recommendation {rec.number}: change "
                        "the procedure, brief the staff and check it is used",
                        measure_of_success="Procedure changed; audit shows it is used",
                        due_on=due,
                        status=status,
                        last_update_on=updated,
                        created_on=created,
                        closed_on=updated if closed else None,
                        closed_by=officer if closed else None,
                        closure_reason="Overtaken by events" if closed else "",
                    )
                )
        Action.objects.bulk_create(actions, batch_size=2000)
    plan = Action.objects.filter(partnership=northbridge)
    theme = next(t for t in themes if t.name == THEME)
    agency = next(a for a in agencies if a.name == AGENCY)
    print(
        json.dumps(
            {
                "reviews": Review.objects.filter(partnership=northbridge).count(),
                "recommendations": Recommendation.objects.filter(
                    review__partnership=northbridge
                ).count(),
                "actions": plan.count(),
                "theme": theme.pk,
                "agency": agency.pk,
                "agency_actions": plan.filter(owner_agency=agency).count(),
            }
        )
    )


# --- in the benchmark's own process -----------------------------------------------


def _prepare(ctx: Context, databases: list[Database]) -> dict[str, dict[str, Any]]:
    return _prepare_databases(
        ctx,
        databases,
        module="bench.bench_reviews",
        loading=f"load {ACTIONS:,} actions",
        describe=lambda facts: (
            f"{facts['reviews']:,} reviews, {facts['recommendations']:,} recommendations, "
            f"{facts['actions']:,} actions ({facts['agency_actions']:,} owned by {AGENCY})"
        ),
    )


def _measure(ctx: Context, db: Database, facts: dict[str, Any]) -> list[Row]:
    on = _OnDatabase(log=ctx.log, url=db.url)
    plan = f"/action-plan/?theme={facts['theme']}&agency={facts['agency']}"
    with gunicorn(on) as server:
        reader, _ = sign_in(server, READER)
        cookies = reader.cookie_header()
        page = reader.get(plan)
        if page.status != 200 or "Filter the plan" not in page.body:
            raise BenchError(f"the filtered action plan answered {page.status}")
        if "No actions match the filters" in page.body:
            raise BenchError("the filtered action plan is empty: nothing would be measured")
        home = load(server, "/", headers=cookies, **WINDOW)
        filtered = load(server, plan, headers=cookies, **WINDOW)
    ctx.log(f"{db.label}: action plan {filtered.requests} requests, home {home.requests}")
    home_p50 = ctx.baseline(f"{HOME}: p50 ms")
    home_p95 = ctx.baseline(f"{HOME}: p95 ms")
    name = f"{db.label} (10k actions)"
    figure = "action plan by theme and agency"
    return [
        Row(f"{name}: {HOME}: p50 ms", home.p50_ms, "ms", BASELINE, home_p50),
        Row(f"{name}: {HOME}: p95 ms", home.p95_ms, "ms", BASELINE, home_p95),
        Row(f"{name}: {figure}: p50 ms", filtered.p50_ms, "ms", NO_TARGET, home.p50_ms),
        Row(
            f"{name}: {figure}: p95 ms",
            filtered.p95_ms,
            "ms",
            at_most(TARGET_MS, f"p95 ≤ {TARGET_MS:.0f} ms"),
            home.p95_ms,
        ),
    ]


def run(ctx: Context) -> list[Row]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    databases = [_sqlite(SQLITE)]
    postgres = _postgres(ctx.log)
    if postgres is not None:
        databases.append(postgres)
    rows: list[Row] = []
    try:
        prepared = _prepare(ctx, databases)
        for db in databases:
            rows += _measure(ctx, db, prepared[db.label])
    finally:
        for db in databases:
            db.drop()
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    return rows
