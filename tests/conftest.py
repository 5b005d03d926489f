"""Shared test set-up: named demo people per role, and strictness in CI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

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


@pytest.fixture(scope="session", autouse=True)
def _files_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploaded files, the demo's evidence among them, go to a temporary folder for the
    whole run, never to var/files (the demo is built again after every flush)."""
    from django.test import override_settings

    default = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path_factory.mktemp("files"))},
    }
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Build the demo partnerships once; each test then runs inside a rolled-back transaction."""
    from django.utils import timezone

    from masa.demo import anchor
    from masa.demo.build import build

    # Every rebuild after a flush keeps this anchor, even if the run crosses 14:00.
    anchor.hold(anchor.anchor_for(timezone.now()))
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


@pytest.fixture(scope="module")
def _restore_after_flush(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    yield
    # A transactional test ends with a flush; put back what later tests expect.
    from masa.demo.build import build
    from tests.flush import audit_triggers, ship_reference_data

    with django_db_blocker.unblock():
        audit_triggers(on=True)
        ship_reference_data()
        build()


@pytest.fixture
def flushable_db(transactional_db: None, _restore_after_flush: None) -> Iterator[None]:
    """A transactional database (for threads on real connections) that may be flushed
    afterwards: the audit triggers are lifted for the flush and the demo rebuilt once
    the module's tests are done (see tests/flush.py)."""
    from tests.flush import audit_triggers, ship_reference_data

    audit_triggers(on=True)
    ship_reference_data()
    yield
    audit_triggers(on=False)  # the flush after the test deletes audit events
