"""What every benchmark shares: result rows, a throwaway database, a real server,
a signed-in HTTP client and a load generator.

The figures are only worth comparing if they are measured the same way each
time, so every benchmark uses these helpers rather than its own variants: the
same production-like server (gunicorn, DEBUG off), the same demo data and the
same client.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var" / "bench"
DATABASE = VAR_DIR / "bench.sqlite3"
BENCH_DATA_DIR = VAR_DIR / "data"  # MASA_DATA_DIR for the benchmark's database
RESULTS = VAR_DIR / "latest.json"
PREVIOUS = VAR_DIR / "previous.json"  # the run before, for `make bench-compare`
PYTHON = sys.executable
HOST = "127.0.0.1"  # All benchmark traffic stays on this machine.


class BenchError(RuntimeError):
    """A benchmark could not measure what it set out to (not a missed target)."""


# --- results ----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a figure should be: words for people, a number for the verdict.

    `limit` is None when a figure has no target (a baseline, or a figure shown for
    context); such rows get no verdict rather than a made-up one.
    """

    text: str
    limit: float | None = None
    direction: Literal["at most", "at least"] = "at most"

    def met_by(self, value: float) -> bool | None:
        if self.limit is None:
            return None
        return value <= self.limit if self.direction == "at most" else value >= self.limit


NO_TARGET = Target("—")
BASELINE = Target("baseline")


def at_most(limit: float, text: str) -> Target:
    return Target(text, limit, "at most")


def at_least(limit: float, text: str) -> Target:
    return Target(text, limit, "at least")


@dataclass(frozen=True)
class Row:
    """One figure in the report. `baseline` is the same figure for the bare view
    (or whatever the benchmark compares against), so the ratio shows the cost of
    the work the application adds."""

    figure: str
    value: float
    unit: str
    target: Target = NO_TARGET
    baseline: float | None = None
    # How many measurements the value rests on (requests, searches, process pairs).
    samples: int | None = None
    # The median of pair-by-pair ratios when the figure and its baseline were measured
    # interleaved (`interleaved`); the ratio then ignores any change of load between
    # them, which a ratio of two separately measured figures does not.
    pair_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.pair_ratio is not None:
            return self.pair_ratio
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def verdict(self) -> str:
        met = self.target.met_by(self.value)
        if met is None:
            return "—"
        return "meets target" if met else "misses target"

    def as_json(self) -> dict[str, object]:
        return {
            "figure": self.figure,
            "value": self.value,
            "unit": self.unit,
            "target": {
                "text": self.target.text,
                "limit": self.target.limit,
                "direction": self.target.direction if self.target.limit is not None else None,
            },
            "baseline": self.baseline,
            "ratio": self.ratio,
            "ratio_of": "median of pairs" if self.pair_ratio is not None else "values",
            "samples": self.samples,
            "verdict": self.verdict,
        }


# --- the run's shared state -----------------------------------------------------


@dataclass
class Context:
    """Handed to every benchmark's `run(ctx)`.

    The database is built at most once per run (building it is most of the
    run's fixed cost), and `figures` holds every row reported so far, so that a
    later benchmark can compare against the foundation's baseline by name.
    """

    log: Callable[[str], None] = print
    figures: dict[str, Row] = field(default_factory=dict)
    # The machine's load average (1, 5 and 15 minutes) at the start and end of each
    # group of figures, so a reader knows how busy the machine was (`group`).
    load_averages: list[dict[str, object]] = field(default_factory=list)
    _prepared: bool = False

    @contextmanager
    def group(self, name: str) -> Iterator[None]:
        """Note the load average before and after a group of measurements."""
        start = load_average()
        self.log(f"{name}: load average at the start {_loads(start)}")
        try:
            yield
        finally:
            end = load_average()
            self.log(f"{name}: load average at the end {_loads(end)}")
            self.load_averages.append({"group": name, "start": start, "end": end})

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for the server and management commands: development
        mode (demo data, no HTTPS redirects) on the throwaway database, which is
        prepared on first use."""
        if not self._prepared:
            prepare_database(self.log)
            self._prepared = True
        return bench_env(**extra)

    def baseline(self, figure: str) -> float | None:
        row = self.figures.get(figure)
        return row.value if row else None


def load_average() -> tuple[float, float, float]:
    """The machine's load average over 1, 5 and 15 minutes (zeros where unknown)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)
    return (round(one, 2), round(five, 2), round(fifteen, 2))


def _loads(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in values)


def bench_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MASA_DEV="1",
        DATABASE_URL=f"sqlite:///{DATABASE}",
        # Files the demo writes (evidence for review actions, email) belong with the
        # throwaway database, never in var/files beside a developer's own data.
        MASA_DATA_DIR=str(BENCH_DATA_DIR),
        MASA_STATIC_ROOT=str(REPO_ROOT / "var" / "static"),
        DJANGO_SETTINGS_MODULE="masa.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
    )
    env.update(extra)
    return env


def configure_django() -> None:
    """Set up Django in this process, for code that reads the demo's definitions
    (the password, the authenticator keys). It never serves requests here, and it
    points at the throwaway database so nothing can reach the real one."""
    import django

    for name, value in bench_env().items():
        if name in {"MASA_DEV", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}:
            os.environ[name] = value
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    django.setup()


# --- the database -----------------------------------------------------------------


def prepare_database(log: Callable[[str], None] = print) -> None:
    """A fresh SQLite database with the demo loaded, under var/bench/.

    Fresh every run, so figures never depend on what an earlier run (or a
    developer's `make run`) left behind, and the real database is never touched.
    """
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(BENCH_DATA_DIR, ignore_errors=True)
    env = bench_env()
    log(f"Preparing {DATABASE.relative_to(REPO_ROOT)}: migrate and load the demo")
    for command in (["migrate", "--noinput", "-v0"], ["demo"]):
        result = subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BenchError(f"manage.py {' '.join(command)} failed:\n{result.stderr[-3000:]}")


# --- the server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    log_file: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


@contextmanager
def gunicorn(
    ctx: Context,
    *,
    settings_module: str = "masa.settings",
    workers: int = 2,
    startup_timeout: float = 30.0,
) -> Iterator[Server]:
    """Serve MASA as in production (gunicorn, DEBUG off) on a free local port.

    The server is stopped when the block ends, whether it ends normally or not,
    so a failed benchmark never leaves a server holding a port or the database.
    """
    port = free_port()
    log_file = VAR_DIR / f"gunicorn-{port}.log"
    env = ctx.env(MASA_DEBUG="0", DJANGO_SETTINGS_MODULE=settings_module)
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "masa.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--chdir",
        str(REPO_ROOT),
        "--graceful-timeout",
        "5",
    ]
    with log_file.open("w") as log:
        # A session of its own: Ctrl-C reaches only this script, which then stops
        # the server in order below instead of both racing to exit.
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(HOST, port, log_file)
    try:
        _wait_until_healthy(server, process, startup_timeout)
        ctx.log(f"gunicorn ({workers} workers, {settings_module}) at {server.url}")
        yield server
    finally:
        _stop(process)
    log_file.unlink(missing_ok=True)


def _wait_until_healthy(server: Server, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with status {process.returncode}:\n{_tail(server.log_file)}"
            )
        try:
            connection = http.client.HTTPConnection(server.host, server.port, timeout=2)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise BenchError(
        f"gunicorn did not answer /healthz within {timeout:.0f} s:\n{_tail(server.log_file)}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets gunicorn finish in-flight requests; SIGKILL if it does not."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- a signed-in client -----------------------------------------------------------

_CSRF_INPUT = re.compile(
    r'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"'
)


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    body: str


class Browser:
    """Just enough of a browser to sign in through the real forms: cookies and
    CSRF tokens. Redirects are followed only on request, because where they go
    (two-factor or not) is something the caller needs to see."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}

    def request(self, method: str, path: str, form: Mapping[str, str] | None = None) -> Response:
        headers = self.cookie_header()
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie: SimpleCookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(response.status, dict(response.headers.items()), text)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def follow(self, response: Response, path: str = "", limit: int = 5) -> tuple[Response, str]:
        """Follow redirects (GET only); returns the final response and its path."""
        for _ in range(limit):
            if response.status not in (301, 302, 303, 307, 308):
                return response, path
            location = urlsplit(response.headers.get("Location", ""))
            path = location.path
            response = self.get(f"{path}?{location.query}" if location.query else path)
        raise BenchError(f"more than {limit} redirects, last to {path}")

    def submit(self, path: str, fields: Mapping[str, str]) -> Response:
        """GET a form page for its CSRF token, then POST the fields to it."""
        page = self.get(path)
        if page.status != 200:
            raise BenchError(f"GET {path} answered {page.status}, expected the form")
        match = _CSRF_INPUT.search(page.body)
        if match is None:
            raise BenchError(f"no CSRF token in the form at {path}")
        return self.request(
            "POST", path, {**fields, "csrfmiddlewaretoken": match.group(1) or match.group(2)}
        )


def sign_in(server: Server, email: str) -> tuple[Browser, bool]:
    """Sign a demo person in through the real forms; returns the browser and
    whether the person's role needed the second factor.

    Going through the forms (rather than forging a session) means the session
    measured is exactly what a real person's is, two-factor state included.
    Whether two-factor is needed is read from where the service sends the person,
    not assumed, so a change to the roles cannot silently change what is measured.
    """
    from masa.demo.people import DEMO_PASSWORD

    browser = Browser(server)
    answer = browser.submit("/sign-in/", {"email": email, "password": DEMO_PASSWORD})
    if answer.status != 302:
        raise BenchError(f"signing in as {email} answered {answer.status}, expected a redirect")
    landing, path = browser.follow(answer)
    two_factor = path.startswith("/sign-in/two-factor/")
    if path.startswith("/sign-in/two-factor/set-up/"):
        raise BenchError(f"{email} has no authenticator app set up; is the demo loaded?")
    if two_factor:
        _complete_two_factor(browser, email)
        landing, path = browser.follow(browser.get("/"), "/")
    if landing.status != 200 or path != "/":
        raise BenchError(f"after signing in as {email}, / ended at {path} with {landing.status}")
    return browser, two_factor


def _complete_two_factor(browser: Browser, email: str) -> None:
    """Enter the demo person's current security code.

    A code is accepted once only: if another sign-in used this time step's code,
    wait for the next step and try again.
    """
    from django_otp.oath import TOTP

    from masa.demo.build import demo_totp_key

    totp = TOTP(bytes.fromhex(demo_totp_key(email)))
    for attempt in range(2):
        answer = browser.submit("/sign-in/two-factor/", {"token": f"{totp.token():06d}"})
        if answer.status == 302:
            return
        if attempt == 0:
            time.sleep(totp.step - time.time() % totp.step + 0.5)
    raise BenchError(f"the security code for {email} was refused ({answer.status})")


# --- the load generator -----------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """Throughput and latency of one measured stretch of requests."""

    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


def load(
    server: Server,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    concurrency: int = 4,
    warmup_seconds: float = 3.0,
    requests: int = 2000,
    max_seconds: float = 10.0,
    expect_status: int = 200,
    min_requests: int = 200,
) -> Load:
    """Send GET `path` from `concurrency` threads and measure what comes back.

    Each thread keeps one http.client connection (gunicorn's sync workers close
    it after every response; http.client then reconnects, as a browser would).
    The first `warmup_seconds` are not measured, so caches, lazy imports and
    connection set-up do not count; then `requests` requests, or as many as
    `max_seconds` allows, bound the run's length. Any other status than
    `expect_status` is an error, because a fast redirect to the sign-in page
    would otherwise pass for a fast page.

    Concurrency 4 against 2 workers keeps both workers busy while the client
    threads (in this process, on the same cores) prepare the next request.
    On a busy machine `max_seconds` is stretched (up to three times) until at least
    `min_requests` are measured, so that a p95 never rests on a handful of requests.
    """
    headers = dict(headers or {})
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    unexpected: dict[int, int] = {}
    failures: list[BaseException] = []
    started = time.perf_counter()
    measure_from = started + warmup_seconds
    stop_at = measure_from + max_seconds
    give_up_at = measure_from + 3 * max_seconds
    enough = min(min_requests, requests)
    last_finish = measure_from

    def claim(now: float) -> bool | None:
        """True: a measured request; False: warm-up; None: the run is over."""
        nonlocal issued
        if now < measure_from:
            return False
        with lock:
            if issued >= requests or (now >= stop_at and issued >= enough) or now >= give_up_at:
                return None
            issued += 1
            return True

    def client() -> None:
        nonlocal last_finish
        connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
        mine: list[float] = []
        try:
            while (measured := claim(time.perf_counter())) is not None:
                begin = time.perf_counter()
                status = _one_request(connection, path, headers)
                end = time.perf_counter()
                if not measured:
                    continue
                mine.append(end - begin)
                if status != expect_status:
                    with lock:
                        unexpected[status] = unexpected.get(status, 0) + 1
        except BaseException as error:  # reported in the main thread
            failures.append(error)
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)
                last_finish = max(last_finish, time.perf_counter())

    threads = [threading.Thread(target=client, name=f"load-{n}") for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise BenchError(f"load on {path} failed: {failures[0]!r}") from failures[0]
    if unexpected:
        raise BenchError(f"load on {path}: expected {expect_status}, got {unexpected}")
    if len(latencies) < 20:
        raise BenchError(f"load on {path}: only {len(latencies)} measured requests")
    seconds = last_finish - measure_from
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(
        requests=len(latencies),
        seconds=seconds,
        requests_per_second=len(latencies) / seconds,
        p50_ms=cuts[49] * 1000,
        p95_ms=cuts[94] * 1000,
        p99_ms=cuts[98] * 1000,
    )


def _one_request(
    connection: http.client.HTTPConnection, path: str, headers: Mapping[str, str]
) -> int:
    """One GET, read to the end; one retry if the server had closed the connection."""
    for attempt in range(2):
        try:
            connection.request("GET", path, headers=dict(headers))
            response = connection.getresponse()
            response.read()
            if response.will_close:
                connection.close()
            return response.status
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            if attempt:
                raise
    raise AssertionError("unreachable")


# --- interleaved measuring: a figure and its baseline in the same loop ---------------


@dataclass(frozen=True)
class Interleaved:
    """A page and its baseline measured request by request in the same loop."""

    page: Load
    baseline: Load
    pairs: int
    ratio_p50: float  # the median of the page's time over its pair's baseline time


def _summary(latencies: list[float], seconds: float) -> Load:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(
        requests=len(latencies),
        seconds=seconds,
        requests_per_second=len(latencies) / seconds if seconds else 0.0,
        p50_ms=cuts[49] * 1000,
        p95_ms=cuts[94] * 1000,
        p99_ms=cuts[98] * 1000,
    )


def interleaved(
    server: Server,
    path: str,
    baseline_path: str,
    *,
    headers: Mapping[str, str] | None = None,
    pairs: int = 200,
    concurrency: int = 4,
    warmup_pairs: int = 8,
    max_seconds: float = 120.0,
    expect_status: int = 200,
) -> Interleaved:
    """GET `path` and `baseline_path` alternately (A B, then B A, ...) from
    `concurrency` threads until `pairs` pairs are measured (or `max_seconds` pass).

    Each pair's two requests are sent one after the other on the same thread, so
    whatever else the machine is doing weighs on both alike; the ratio is the median
    of the pairs' ratios, which a burst of load in the middle of the run cannot move
    the way it moves a ratio of two figures measured a minute apart. The order within
    a pair alternates so that neither side always follows the other. Every p95 then
    rests on `pairs` requests (200 by default).
    """
    headers = dict(headers or {})
    lock = threading.Lock()
    claimed = 0
    measured: list[tuple[float, float]] = []
    unexpected: dict[str, int] = {}
    failures: list[BaseException] = []
    started = time.perf_counter()
    stop_at = started + max_seconds

    def claim() -> int | None:
        nonlocal claimed
        with lock:
            if claimed >= pairs + warmup_pairs or time.perf_counter() >= stop_at:
                return None
            claimed += 1
            return claimed - 1

    def timed(connection: http.client.HTTPConnection, target: str) -> float:
        begin = time.perf_counter()
        status = _one_request(connection, target, headers)
        elapsed = time.perf_counter() - begin
        if status != expect_status:
            with lock:
                key = f"{target}: {status}"
                unexpected[key] = unexpected.get(key, 0) + 1
        return elapsed

    def client() -> None:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
        mine: list[tuple[float, float]] = []
        try:
            while (n := claim()) is not None:
                if n % 2:
                    b = timed(connection, baseline_path)
                    a = timed(connection, path)
                else:
                    a = timed(connection, path)
                    b = timed(connection, baseline_path)
                if n >= warmup_pairs:
                    mine.append((a, b))
        except BaseException as error:  # reported in the main thread
            failures.append(error)
        finally:
            connection.close()
            with lock:
                measured.extend(mine)

    threads = [threading.Thread(target=client, name=f"pairs-{n}") for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if failures:
        raise BenchError(f"pairs on {path} failed: {failures[0]!r}") from failures[0]
    if unexpected:
        raise BenchError(f"pairs on {path}: expected {expect_status}, got {unexpected}")
    if len(measured) < 20:
        raise BenchError(f"pairs on {path}: only {len(measured)} measured pairs")
    return Interleaved(
        page=_summary([a for a, _ in measured], seconds),
        baseline=_summary([b for _, b in measured], seconds),
        pairs=len(measured),
        ratio_p50=statistics.median(a / b for a, b in measured if b > 0),
    )


@dataclass(frozen=True)
class Alternated:
    """Two commands run alternately in fresh processes, pair by pair."""

    first: list[dict[str, Any]]  # each run's "seconds" (wall) and "cpu" (user + system)
    second: list[dict[str, Any]]

    @property
    def pairs(self) -> int:
        return len(self.first)

    def median(self, side: str, what: str) -> float:
        runs = self.first if side == "first" else self.second
        return float(statistics.median(float(run[what]) for run in runs))

    def ratio(self, what: str) -> float:
        """The median of first ÷ second, pair by pair, of "seconds" or "cpu"."""
        return float(
            statistics.median(
                float(a[what]) / float(b[what])
                for a, b in zip(self.first, self.second, strict=True)
                if b[what]
            )
        )


def alternate(
    first: Callable[[], dict[str, Any]],
    second: Callable[[], dict[str, Any]],
    *,
    pairs: int = 3,
) -> Alternated:
    """Run `first` and `second` (each a fresh process reporting "seconds" and "cpu")
    alternately, `pairs` times, the order swapping each pair, so that the machine's
    load weighs on both alike."""
    ones: list[dict[str, Any]] = []
    twos: list[dict[str, Any]] = []
    for n in range(pairs):
        if n % 2:
            two = second()
            one = first()
        else:
            one = first()
            two = second()
        ones.append(one)
        twos.append(two)
    return Alternated(ones, twos)


def cpu_seconds() -> float:
    """User and system CPU time of this process so far (for a command's own figure), to
    the nanosecond (os.times counts in hundredths of a second)."""
    return time.process_time()
