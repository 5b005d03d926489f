"""Run the same call from several threads at once, each on its own database connection,
for the tests of double submits and races on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections


@dataclass
class Outcomes:
    """What each thread's call returned or raised, in no particular order."""

    returned: list[Any] = field(default_factory=list)
    raised: list[BaseException] = field(default_factory=list)


def at_once(call: Callable[[], Any], times: int) -> Outcomes:
    """Start `times` threads that wait for each other, then all make `call` together."""
    start = threading.Barrier(times)
    outcomes = Outcomes()
    lock = threading.Lock()

    def run() -> None:
        try:
            connection.ensure_connection()  # connected before the start, so all race
            start.wait(timeout=60)
            result = call()
        except BaseException as error:  # collected for the test to judge
            with lock:
                outcomes.raised.append(error)
        else:
            with lock:
                outcomes.returned.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
