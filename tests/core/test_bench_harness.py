"""The benchmark harness's arithmetic (issue 19): interleaved pairs, the median of pair
ratios, alternated processes and the comparison with the previous run. Not timed
figures: a tiny local server with fixed delays stands in for MASA."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import compare
from bench.common import Row, Server, Target, alternate, interleaved, load


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(0.012 if self.path == "/page" else 0.001)
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server("127.0.0.1", httpd.server_address[1], tmp_path_factory.mktemp("log") / "x")
    httpd.shutdown()


def test_interleaved_measures_every_pair_and_takes_the_median_ratio(server: Server) -> None:
    pair = interleaved(server, "/page", "/base", pairs=40, concurrency=2, warmup_pairs=2)
    assert pair.pairs == 40
    assert pair.page.requests == pair.baseline.requests == 40
    assert pair.page.p50_ms > pair.baseline.p50_ms
    assert pair.ratio_p50 > 2


def test_alternate_swaps_the_order_each_pair() -> None:
    calls: list[str] = []

    def one() -> dict[str, float]:
        calls.append("import")
        return {"seconds": 4.0, "cpu": 3.0}

    def two() -> dict[str, float]:
        calls.append("parse")
        return {"seconds": 1.0, "cpu": 1.0}

    runs = alternate(one, two, pairs=3)
    assert calls == ["import", "parse", "parse", "import", "import", "parse"]
    assert runs.pairs == 3
    assert runs.ratio("seconds") == 4.0
    assert runs.ratio("cpu") == 3.0


def test_a_row_measured_in_pairs_reports_the_pair_ratio_and_its_samples() -> None:
    row = Row("page: p50 ms", 30.0, "ms", Target("—"), 10.0, samples=200, pair_ratio=2.5)
    assert row.ratio == 2.5  # not 30 / 10: the pairs' median
    assert row.as_json()["samples"] == 200
    assert Row("x", 30.0, "ms", Target("—"), 10.0).ratio == 3.0


def test_compare_prints_each_figures_ratio_to_the_previous_run() -> None:
    def report(value: float, extra: bool = False) -> dict[str, object]:
        rows = [{"benchmark": "frontdoor", "figure": "queue: p95 ms", "value": value, "unit": "ms"}]
        if extra:
            rows.append({"benchmark": "frontdoor", "figure": "new one", "value": 1.0, "unit": "s"})
        return {"rows": rows}

    lines = compare.compare(report(100.0), report(150.0, extra=True))
    assert lines[0] == ("frontdoor: queue: p95 ms", "100.0 ms", "150.0 ms", "1.50", "slower")
    assert lines[1][0] == "frontdoor: new one"
    assert lines[1][-1] == "new"


def test_load_stretches_its_window_until_it_has_enough_requests(server: Server) -> None:
    measured = load(
        server,
        "/page",
        concurrency=1,
        warmup_seconds=0.1,
        max_seconds=1.0,
        requests=1000,
        min_requests=100,
    )
    # At most about 80 fit in the window (12 ms each): the window is stretched until
    # 100 are measured, or up to three windows on a machine too busy for that.
    assert measured.seconds > 1.0
    assert measured.requests >= 100 or measured.seconds >= 2.9
