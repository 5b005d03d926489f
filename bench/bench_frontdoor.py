"""The front door with 100,000 contacts in the database, on SQLite and on PostgreSQL:
the MASH queue, a contact page, child matching for a new contact, and an eMARF submit.

Each database gets the demo's own generator (`masa.demo.frontdoor`) at 100,000
contacts (two years at 50,000 a year), built in a subprocess, both at once. Pages
are measured through gunicorn as in production, with the same load generator as
the foundation; beside each figure is the signed-in home page (the base layout)
measured on the same server and database in the same run. Child matching is
measured in a process of its own on that database (the selector, no HTTP). The
submit sends prepared complete drafts through the check-your-answers page, one
POST per draft, exactly as the referrer's browser does.

PostgreSQL: a throwaway database on 127.0.0.1:5432 (user postgres, trust), or
BENCH_POSTGRES_URL; dropped afterwards. Unreachable: its rows are skipped, with
a note.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench.common import (
    BASELINE,
    NO_TARGET,
    PYTHON,
    REPO_ROOT,
    VAR_DIR,
    BenchError,
    Browser,
    Context,
    Load,
    Row,
    Server,
    at_most,
    bench_env,
    cpu_seconds,
    gunicorn,
    interleaved,
    load,
    sign_in,
)

CONTACTS = 100_000
DRAFTS = 300  # complete drafts to send; each POST sends one
MASH = "ben.carter@northbridge.example"
REFERRER = "amira.khan@northbridge-academy.example"
POSTGRES_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SQLITE = VAR_DIR / "frontdoor.sqlite3"
DATA_DIR = VAR_DIR / "frontdoor-data"  # mail the submits send goes here, then away
HOME = "signed-in home page"
TARGETS_MS = {"queue": 150.0, "contact": 150.0, "matching": 25.0, "submit": 250.0}
DEEP = 25_000  # the decided tab's deep page starts after this many contacts (page 500)
# The home page alone (the baseline of the foundation's): at least 200 requests.
WINDOW: dict[str, Any] = {"warmup_seconds": 2.0, "max_seconds": 20.0, "requests": 300}
PAIRS = 200  # each page and the home page, interleaved, pair by pair
CSRF = re.compile(
    r'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"'
)


@dataclass(frozen=True)
class Database:
    label: str
    url: str
    drop: Callable[[], None] = lambda: None


@dataclass
class _OnDatabase(Context):
    """The run's context, but the server and commands use this benchmark's database."""

    url: str = ""

    def env(self, **extra: str) -> dict[str, str]:
        return bench_env(
            DATABASE_URL=self.url,
            MASA_DATA_DIR=str(DATA_DIR),
            MASA_STATIC_ROOT=str(REPO_ROOT / "var" / "static"),
            **extra,
        )


# --- inside the subprocesses (Django set up on the benchmark's database) -------------


def _setup() -> None:
    import django

    django.setup()


def prepare_inside() -> None:
    """Load the demo with 100,000 Northbridge contacts and the referrer's drafts."""
    _setup()
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from masa.core.models import Agency, Partnership, Person
    from masa.demo import build, frontdoor
    from masa.frontdoor import emarf_drafts
    from masa.frontdoor.models import Contact, Referral

    build.build_core()
    frontdoor.build(per_year=CONTACTS // frontdoor.YEARS)
    northbridge = Partnership.objects.get(slug="northbridge")
    staff = next(
        s
        for group in frontdoor.staff_for(frontdoor.NORTHBRIDGE).values()
        for s in group
        if s.email == REFERRER
    )
    referrer = Person.objects.get(email=REFERRER)
    agency = Agency.objects.get(name=staff.agency)
    today = timezone.localdate()
    with transaction.atomic():
        drafts = Referral.objects.bulk_create(
            Referral(
                partnership=northbridge,
                referrer=referrer,
                referrer_agency=agency,
                draft=frontdoor.complete_draft(staff, frontdoor.NORTHBRIDGE, today, n),
            )
            for n in range(DRAFTS)
        )
    answers, errors = emarf_drafts.clean_draft(drafts[0])
    if answers is None:
        raise SystemExit(f"the prepared draft is not complete: {errors}")
    # A contact page worth reading: decided, with partner checks, about a child seen before.
    contact = (
        Contact.objects.filter(partnership=northbridge, status="decided", is_repeat=True)
        .filter(checks__isnull=False)
        .order_by("-received_at")
        .values_list("pk", flat=True)
        .first()
    )
    # A deep page of the decided tab: 25,000 contacts in (page 500 at 50 a page).
    decided = Contact.objects.filter(partnership=northbridge, status="decided").order_by(
        "-decided_at", "-pk"
    )
    deep = decided.values_list("pk", flat=True)[DEEP - 1]
    # Searches as the MASH types them: a surname and a contact's reference.
    surname, reference = (
        Contact.objects.filter(partnership=northbridge)
        .order_by("pk")
        .values_list("last_name", "reference")[CONTACTS // 2]
    )
    # The contact page of the child with the most contacts.
    busiest = (
        Contact.objects.filter(partnership=northbridge, child__isnull=False)
        .values("child_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "child_id")
        .first()
    )
    assert busiest is not None
    many = (
        Contact.objects.filter(child_id=busiest["child_id"])
        .order_by("-received_at")
        .values_list("pk", flat=True)
        .first()
    )
    print(
        json.dumps(
            {
                "contacts": Contact.objects.count(),
                "drafts": [d.pk for d in drafts],
                "contact": contact,
                "deep": deep,
                "surname": surname,
                "reference": reference,
                "many": many,
                "many_contacts": busiest["n"],
            }
        )
    )


def match_inside() -> None:
    """Time `selectors.child_candidates` for new contacts like the MASH receives: some
    about children it knows (with an NHS number; with a slip in the surname; with day
    and month swapped), some about children it has never heard of."""
    _setup()
    import random

    from masa.core.models import Partnership
    from masa.demo import frontdoor
    from masa.frontdoor import matching, selectors
    from masa.frontdoor.models import Child, Contact

    rng = random.Random(7)
    known = list(
        Child.objects.filter(partnership__slug="northbridge", date_of_birth__isnull=False)
        .order_by("?")
        .values_list("first_names", "last_name", "date_of_birth", "postcode", "nhs_number")[:400]
    )
    northbridge = Partnership.objects.get(slug="northbridge").pk
    probes: list[Contact] = []
    for n, (first, last, born, postcode, number) in enumerate(known):
        assert born is not None
        probe = Contact(
            partnership_id=northbridge,
            first_names=first,
            last_name=last,
            date_of_birth=born,
            postcode=postcode,
        )
        if n % 4 == 0:  # known, with an NHS number: the exact path
            probe.nhs_number = number
        elif n % 4 == 1:  # known, a slip in the surname
            probe.last_name = last[:-1] + ("a" if last.endswith("e") else "e")
        elif n % 4 == 2:  # known, day and month swapped, no postcode
            probe.date_of_birth = matching.transposed(born) or born
            probe.postcode = ""
        else:  # never heard of
            probe.first_names = rng.choice(frontdoor.BOYS["british"])
            probe.last_name = rng.choice(frontdoor.SURNAMES["british"])
            probe.date_of_birth = born.replace(day=1 + born.day % 27)
            probe.postcode = "NB99ZZ"
        probes.append(probe)
    timings: list[float] = []
    cpu: list[float] = []
    found = 0
    for n, probe in enumerate(probes):
        begin, begin_cpu = time.perf_counter(), cpu_seconds()
        candidates = selectors.child_candidates(probe)
        elapsed, used = time.perf_counter() - begin, cpu_seconds() - begin_cpu
        if n >= 20:  # the first few warm the caches
            timings.append(elapsed)
            cpu.append(used)
            found += bool(candidates)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    cpu_cuts = statistics.quantiles(cpu, n=100, method="inclusive")
    print(
        json.dumps(
            {
                "n": len(timings),
                "p50": cuts[49] * 1000,
                "p95": cuts[94] * 1000,
                "cpu_p50": cpu_cuts[49] * 1000,
                "cpu_p95": cpu_cuts[94] * 1000,
                "with_candidates": found,
            }
        )
    )


# --- in the benchmark's own process -----------------------------------------------


def _inside(ctx: _OnDatabase, function: str, timeout: float = 600) -> dict[str, Any]:
    """Run one of the functions above in a subprocess on the database; its JSON answer."""
    return _answer(_start(ctx, function), function, timeout)


def _start(
    ctx: _OnDatabase, function: str, module: str = "bench.bench_frontdoor"
) -> subprocess.Popen[str]:
    """`manage.py migrate`, or `module.function()`, in a subprocess on the database."""
    if function == "migrate":
        command = [PYTHON, "manage.py", "migrate", "--noinput", "-v0"]
    else:
        command = [PYTHON, "-c", f"import {module} as b; b.{function}()"]
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=ctx.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _answer(process: subprocess.Popen[str], what: str, timeout: float) -> dict[str, Any]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise BenchError(f"{what} took longer than {timeout:.0f} s") from None
    if process.returncode != 0:
        raise BenchError(f"{what} failed:\n{err[-3000:]}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return dict(json.loads(lines[-1])) if lines else {}


def _postgres(log: Callable[[str], None]) -> Database | None:
    """A throwaway PostgreSQL database, or None (with a note) when there is no server."""
    try:
        import psycopg
    except ImportError:
        log("PostgreSQL rows skipped: psycopg is not installed")
        return None
    name = f"masa_bench_{os.getpid()}"
    parts = urlsplit(POSTGRES_ADMIN)
    admin = urlunsplit(parts._replace(scheme="postgresql"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        log(f"PostgreSQL rows skipped: no server at {parts.hostname}:{parts.port} ({error})")
        return None

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Database("PostgreSQL", urlunsplit(parts._replace(path=f"/{name}")), drop)


def _sqlite(path: Path = SQLITE) -> Database:
    def drop() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    drop()
    return Database("SQLite", f"sqlite:///{path}", drop)


def _prepare(
    ctx: Context,
    databases: list[Database],
    *,
    module: str = "bench.bench_frontdoor",
    loading: str = f"load {CONTACTS:,} contacts",
    describe: Callable[[dict[str, Any]], str] = lambda facts: (
        f"{facts['contacts']:,} contacts and {len(facts['drafts'])} drafts"
    ),
) -> dict[str, dict[str, Any]]:
    """Migrate every database, then run `module.prepare_inside` on each, all at once
    (each build is one process)."""
    started = time.perf_counter()
    contexts = {db.label: _OnDatabase(log=ctx.log, url=db.url) for db in databases}
    running = {label: _start(on, "migrate") for label, on in contexts.items()}
    for label, process in running.items():
        _answer(process, f"{label}: migrate", 900)  # slow on a busy machine
    running = {label: _start(on, "prepare_inside", module) for label, on in contexts.items()}
    prepared = {
        label: _answer(process, f"{label}: {loading}", 900) for label, process in running.items()
    }
    for label, facts in prepared.items():
        ctx.log(f"{label}: {describe(facts)}")
    ctx.log(f"Built in {time.perf_counter() - started:.0f} s")
    return prepared


def _submit(server: Server, browser: Browser, drafts: list[int], concurrency: int = 4) -> Load:
    """POST the check-your-answers page of each draft (one referral each), from
    `concurrency` threads; the first few are not measured."""
    page = browser.get(f"/referrals/{drafts[0]}/check/")
    match = CSRF.search(page.body)
    if page.status != 200 or match is None:
        raise BenchError(f"the check answers page answered {page.status} without a form")
    body = urlencode({"csrfmiddlewaretoken": match.group(1) or match.group(2)})
    headers = {**browser.cookie_header(), "Content-Type": "application/x-www-form-urlencoded"}
    warmup = 10
    queue = list(enumerate(drafts))
    lock = threading.Lock()
    latencies: list[float] = []
    unexpected: dict[int, int] = {}
    failures: list[BaseException] = []

    def client() -> None:
        import http.client

        while True:
            with lock:
                if not queue:
                    return
                n, pk = queue.pop(0)
            connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
            try:
                begin = time.perf_counter()
                connection.request("POST", f"/referrals/{pk}/check/", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - begin
            except BaseException as error:  # reported below
                failures.append(error)
                return
            finally:
                connection.close()
            with lock:
                if response.status != 302:
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
        raise BenchError(f"submitting referrals failed: {failures[0]!r}") from failures[0]
    if unexpected:
        raise BenchError(f"submitting referrals: expected 302, got {unexpected}")
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(
        len(latencies),
        seconds,
        len(drafts) / seconds,
        cuts[49] * 1000,
        cuts[94] * 1000,
        cuts[98] * 1000,
    )


def _pages(facts: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, path, target) for every page measured against the home page."""
    query = urlencode
    return [
        ("MASH queue, open tab", "/mash/", "queue"),
        ("MASH queue, decided tab", "/mash/?tab=decided", "queue"),
        (
            f"MASH queue, decided tab {DEEP:,} contacts deep",
            f"/mash/?tab=decided&after={facts['deep']}",
            "queue",
        ),
        ("MASH search by name", f"/mash/?{query({'q': facts['surname']})}", "queue"),
        ("MASH search by reference", f"/mash/?{query({'q': facts['reference']})}", "queue"),
        ("contact page", f"/mash/contacts/{facts['contact']}/", "contact"),
        (
            f"contact page, child with {facts['many_contacts']} contacts",
            f"/mash/contacts/{facts['many']}/",
            "contact",
        ),
    ]


def _measure(ctx: Context, db: Database, facts: dict[str, Any]) -> list[Row]:
    on = _OnDatabase(log=ctx.log, url=db.url)

    def target(name: str) -> Any:
        return at_most(TARGETS_MS[name], f"p95 ≤ {TARGETS_MS[name]:.0f} ms")

    name = f"{db.label} (100k contacts)"
    rows: list[Row] = []
    with ctx.group(f"{db.label}: child matching"):
        matching = _inside(on, "match_inside")
    with ctx.group(f"{db.label}: pages"), gunicorn(on) as server:
        mash, _ = sign_in(server, MASH)
        referrer, _ = sign_in(server, REFERRER)
        cookies = mash.cookie_header()
        home = load(server, "/", headers=cookies, **WINDOW)
        # The home page on this database, against the foundation's home page on the demo.
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
        for figure, path, kind in _pages(facts):
            pair = interleaved(server, path, "/", headers=cookies, pairs=PAIRS)
            ctx.log(
                f"{db.label}: {figure}: {pair.pairs} pairs in {pair.page.seconds:.0f} s, "
                f"p95 {pair.page.p95_ms:.0f} ms against {pair.baseline.p95_ms:.0f} ms"
            )
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
                    target(kind),
                    pair.baseline.p95_ms,
                    pair.pairs,
                ),
            ]
        submit = _submit(server, referrer, list(facts["drafts"]))
    ctx.log(
        f"{db.label}: submit {submit.requests}, matching {matching['n']} new contacts "
        f"({matching['with_candidates']} with candidates)"
    )
    rows += [
        Row(
            f"{name}: child matching: p50 ms", matching["p50"], "ms", NO_TARGET, None, matching["n"]
        ),
        Row(
            f"{name}: child matching: p95 ms",
            matching["p95"],
            "ms",
            at_most(TARGETS_MS["matching"], f"p95 ≤ {TARGETS_MS['matching']:.0f} ms"),
            None,
            matching["n"],
        ),
        Row(
            f"{name}: child matching: CPU p95 ms",
            matching["cpu_p95"],
            "ms",
            NO_TARGET,
            None,
            matching["n"],
        ),
        Row(
            f"{name}: eMARF submit: p50 ms",
            submit.p50_ms,
            "ms",
            NO_TARGET,
            home.p50_ms,
            submit.requests,
        ),
        Row(
            f"{name}: eMARF submit: p95 ms",
            submit.p95_ms,
            "ms",
            target("submit"),
            home.p95_ms,
            submit.requests,
        ),
    ]
    return rows


def run(ctx: Context) -> list[Row]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    databases = [_sqlite()]
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
