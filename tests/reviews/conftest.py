"""Case review tests keep uploaded files in a temporary folder, never in var/."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from masa.reviews import validators

# The case review tests' records are dated 2031 to 2033, clear of the demo's. A date on
# which something happened cannot be in the future, so these tests measure "the
# future" from a day after all of them; the tests of that rule set their own day.
TEST_TODAY = datetime.date(2040, 1, 1)


@pytest.fixture(autouse=True)
def happened_clock(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    monkeypatch.setattr(validators, "today", lambda: TEST_TODAY)
    return TEST_TODAY


@pytest.fixture(autouse=True)
def evidence_storage(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder
