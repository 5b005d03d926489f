"""Learning and development with 5,000 events and 100,000 bookings, on SQLite and on
PostgreSQL: the course catalogue and booking a place.

Each database gets the demo's own generator (`masa.demo.learning`) at 5,000 events
and 100,000 bookings, its programme year around the moment of the run (so there are
events still to book), built in a subprocess, both at once. Pages are measured
through gunicorn as in production with the same load generator as the foundation;
beside each figure is the signed-in home page (the base layout) measured on the same
server and database in the same run. Booking sends one POST per (person, event)
pair, each to a different upcoming event, from a dozen learners signed in through
the real forms, 4 at a time: exactly what the learner's browser does.

The throwaway databases, the subprocess plumbing and the PostgreSQL handling are the
front door benchmark's (`bench_frontdoor`).
"""

from __future__ import annotations

import json
import shutil
import statistics
import threading
import time
from typing import Any
from urllib.parse import urlencode

from bench.bench_frontdoor import CSRF, DATA_DIR, Database, _OnDatabase, _postgres, _sqlite
from bench.bench_frontdoor import _prepare as _prepare_databases
from bench.common import (
    BASELINE,
    NO_TARGET,
    VAR_DIR,
    BenchError,
    Browser,
    Context,
    Load,
    Row,
    Server,
    at_most,
    gunicorn,
    load,
    sign_in,
)

EVENTS = 5_000
BOOKINGS = 100_000
LEARNER = "amira.khan@northbridge-academy.example"  # reads the catalogue
BOOKERS = 12  # invented learners given the demo password in the benchmark's database
EACH = 30  # events each of them books
SQLITE = VAR_DIR / "learning.sqlite3"
HOME = "signed-in home page"
TARGETS_MS = {"catalogue": 150.0, "booking": 200.0}
WINDOW: dict[str, Any] = {"warmup_seconds": 2.0, "max_seconds": 6.0, "requests": 1000}


# --- inside the subprocess (Django set up on the benchmark's database) ---------------


def prepare_inside() -> None:
    """Load the demo people and a training year of 5,000 events and 100,000 bookings
    around now; give a few invented learners the demo password; choose for each the
    upcoming events they will book."""
    import datetime

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from masa.core.models import Person
    from masa.demo import build, learning, people
    from masa.learning.models import Booking, Event

    build.build_core()
    now = timezone.now().replace(second=0, microsecond=0)
    learning.build(events=EVENTS, bookings=BOOKINGS, anchor=now)
    bookable = list(
        Event.objects.filter(
            partnership__slug="northbridge",
            status=Event.Status.SCHEDULED,
            booking_deadline__gt=now + datetime.timedelta(hours=2),
            course__needs_manager_approval=False,
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    learners = list(
        Person.objects.filter(
            memberships__partnership__slug="northbridge",
            memberships__roles__slug="practitioner",
        )
        .exclude(email__in=[p.email for p in people.PEOPLE])
        .exclude(accreditations__isnull=False)
        .order_by("email")
        .values_list("pk", "email")[:BOOKERS]
    )
    Person.objects.filter(pk__in=[pk for pk, _ in learners]).update(
        password=make_password(people.DEMO_PASSWORD)
    )
    # As for the named demo people: an authenticator with a known key, for two-factor.
    TOTPDevice.objects.bulk_create(
        TOTPDevice(
            user_id=pk, name="Demo authenticator", key=build.demo_totp_key(email), confirmed=True
        )
        for pk, email in learners
    )
    plan: dict[str, list[int]] = {}
    stride = max(1, len(bookable) // (BOOKERS * EACH))
    for n, (pk, email) in enumerate(learners):
        already = set(
            Booking.objects.filter(learner_id=pk, status__in=Booking.ACTIVE).values_list(
                "event_id", flat=True
            )
        )
        chosen = [e for e in bookable[n::stride] if e not in already][:EACH]
        plan[email] = chosen
    print(
        json.dumps(
            {
                "events": Event.objects.count(),
                "bookings": Booking.objects.count(),
                "bookable": len(bookable),
                "plan": plan,
            }
        )
    )


# --- in the benchmark's own process -----------------------------------------------


def _prepare(ctx: Context, databases: list[Database]) -> dict[str, dict[str, Any]]:
    return _prepare_databases(
        ctx,
        databases,
        module="bench.bench_learning",
        loading=f"load {BOOKINGS:,} bookings",
        describe=lambda facts: (
            f"{facts['events']:,} events, {facts['bookings']:,} bookings, "
            f"{facts['bookable']:,} still to book"
        ),
    )


def _token(browser: Browser, event: int) -> str:
    """The CSRF token from the event's page (its booking form), else the cookie's."""
    page = browser.get(f"/training/events/{event}/")
    if page.status != 200:
        raise BenchError(f"the event page answered {page.status}")
    match = CSRF.search(page.body)
    if match:
        return match.group(1) or match.group(2)
    if "csrftoken" in browser.cookies:
        return browser.cookies["csrftoken"]
    raise BenchError("the event page has no booking form")


def _book(server: Server, plan: dict[str, list[int]], concurrency: int = 4) -> Load:
    """Each learner books each of their events (one POST each), `concurrency` at once;
    the first few are not measured."""
    work: list[tuple[int, dict[str, str], str, int]] = []
    for email, events in plan.items():
        if not events:
            continue
        browser, _ = sign_in(server, email)
        body = urlencode({"csrfmiddlewaretoken": _token(browser, events[0])})
        headers = {
            **browser.cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        work += [(position, headers, body, event) for position, event in enumerate(events)]
    # Interleave the learners, so the four at a time are different people.
    work.sort(key=lambda item: (item[0], item[3]))
    warmup = 10
    lock = threading.Lock()
    latencies: list[float] = []
    unexpected: dict[int, int] = {}
    failures: list[BaseException] = []
    queue = list(enumerate(work))

    def client() -> None:
        import http.client

        while True:
            with lock:
                if not queue:
                    return
                n, (_, headers, body, event) = queue.pop(0)
            connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
            try:
                begin = time.perf_counter()
                connection.request(
                    "POST", f"/training/events/{event}/book/", body=body, headers=headers
                )
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - begin
            except BaseException as error:  # reported below
                failures.append(error)
                return
            finally:
                connection.close()
            with lock:
                if response.status not in (302, 303):
                    unexpected[response.status] = unexpected.get(response.status, 0) + 1
                if n >= warmup:
                    latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if failures:
        raise BenchError(f"booking failed: {failures[0]!r}") from failures[0]
    if unexpected:
        raise BenchError(f"booking: expected a redirect, got {unexpected}")
    if len(latencies) < 20:
        raise BenchError(f"booking: only {len(latencies)} measured requests")
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(
        len(latencies),
        seconds,
        len(work) / seconds,
        cuts[49] * 1000,
        cuts[94] * 1000,
        cuts[98] * 1000,
    )


def _measure(ctx: Context, db: Database, facts: dict[str, Any]) -> list[Row]:
    on = _OnDatabase(log=ctx.log, url=db.url)
    with gunicorn(on) as server:
        learner, _ = sign_in(server, LEARNER)
        cookies = learner.cookie_header()
        home = load(server, "/", headers=cookies, **WINDOW)
        catalogue = load(server, "/training/", headers=cookies, **WINDOW)
        booking = _book(server, facts["plan"])
    ctx.log(
        f"{db.label}: catalogue {catalogue.requests} requests, booking {booking.requests} "
        f"of {sum(len(v) for v in facts['plan'].values())} bookings"
    )

    def target(name: str) -> Any:
        return at_most(TARGETS_MS[name], f"p95 ≤ {TARGETS_MS[name]:.0f} ms")

    home_p50 = ctx.baseline(f"{HOME}: p50 ms")
    home_p95 = ctx.baseline(f"{HOME}: p95 ms")
    name = f"{db.label} (100k bookings)"
    return [
        Row(f"{name}: {HOME}: p50 ms", home.p50_ms, "ms", BASELINE, home_p50),
        Row(f"{name}: {HOME}: p95 ms", home.p95_ms, "ms", BASELINE, home_p95),
        Row(f"{name}: course catalogue: p50 ms", catalogue.p50_ms, "ms", NO_TARGET, home.p50_ms),
        Row(
            f"{name}: course catalogue: p95 ms",
            catalogue.p95_ms,
            "ms",
            target("catalogue"),
            home.p95_ms,
        ),
        Row(f"{name}: booking: p50 ms", booking.p50_ms, "ms", NO_TARGET, home.p50_ms),
        Row(f"{name}: booking: p95 ms", booking.p95_ms, "ms", target("booking"), home.p95_ms),
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
