"""The foundation: what a request costs with no work in it, and what the base
layout costs on top, for a signed-in person.

Every other benchmark is read against these figures. The bare view is the floor
(gunicorn, WSGI and the full middleware stack, but no database query in the view
and no template), so a page's ratio to it shows what the page itself adds on this
machine, whatever the machine is.
"""

from __future__ import annotations

from bench.common import BASELINE, NO_TARGET, Context, Row, at_most, gunicorn, load, sign_in

# An executive member: no identifiable records, so no two-factor needed (checked,
# not assumed: sign_in reports whether the service asked for a security code).
PERSON = "james.morgan@northbridge.example"
BARE = "bare Django view"
HOME = "signed-in home page"
HOME_P95_TARGET_MS = 150.0  # a server-rendered page on 2 cores


def run(ctx: Context) -> list[Row]:
    with gunicorn(ctx, settings_module="bench.settings") as server:
        bare = load(server, "/bench/bare/")
        browser, two_factor = sign_in(server, PERSON)
        ctx.log(f"Signed in as {PERSON} ({'with' if two_factor else 'without'} two-factor)")
        home = load(server, "/", headers=browser.cookie_header())
    ctx.log(f"{BARE}: {bare.requests} requests in {bare.seconds:.1f} s; p99 {bare.p99_ms:.1f} ms")
    ctx.log(f"{HOME}: {home.requests} requests in {home.seconds:.1f} s; p99 {home.p99_ms:.1f} ms")
    return [
        Row(f"{BARE}: requests/s", bare.requests_per_second, "req/s", BASELINE),
        Row(f"{BARE}: p50 ms", bare.p50_ms, "ms", BASELINE, samples=bare.requests),
        Row(f"{BARE}: p95 ms", bare.p95_ms, "ms", BASELINE, samples=bare.requests),
        Row(
            f"{HOME}: requests/s",
            home.requests_per_second,
            "req/s",
            NO_TARGET,
            bare.requests_per_second,
        ),
        Row(f"{HOME}: p50 ms", home.p50_ms, "ms", NO_TARGET, bare.p50_ms, home.requests),
        Row(
            f"{HOME}: p95 ms",
            home.p95_ms,
            "ms",
            at_most(HOME_P95_TARGET_MS, f"p95 ≤ {HOME_P95_TARGET_MS:.0f} ms"),
            bare.p95_ms,
            home.requests,
        ),
    ]
