"""Shared test set-up: named demo people per role, and strictness in CI."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    # In CI a skipped browser or PostgreSQL test means the thing was not tested:
    # that is a failure, not a pass.
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which counts as a failure: {report.longrepr}"


def pytest_sessionstart(session: pytest.Session) -> None:
    if (
        os.environ.get("MASA_REQUIRE_POSTGRES")
        and "postgresql" not in settings.DATABASES["default"]["ENGINE"]
    ):
        raise pytest.UsageError(
            "make test-postgres needs DATABASE_URL=postgres://... (got another database)"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # PostgreSQL-only tests are deselected, not skipped, on SQLite: `make test` runs
    # on SQLite and `make test-postgres` runs them (a skip would fail CI).
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Build the demo partnerships once; each test then runs inside a rolled-back transaction."""
    from masa.demo.build import build

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        build()


@pytest.fixture
def demo(db: None) -> None:
    """The demo partnerships, people and roles (the same as `manage.py demo`).

    Built once per session by `django_db_setup`; building again is a no-op, which
    also restores them after a transactional test emptied the database.
    """
    from masa.demo.build import build

    build()
