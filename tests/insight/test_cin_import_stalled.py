"""An import that stopped part-way (the server restarted, the process was killed) does
not stay "importing" for ever: after an hour the tick, or the next import, marks it
refused with the reason, audited. Imports under way are left alone."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from masa.core.models import AuditEvent, Partnership
from masa.insight.cin.importer import STALLED_REASON, census_import, census_imports_stalled
from masa.insight.models import CinCensus
from tests.helpers import SOUTHMOOR_MANAGER, signed_in

FILES = Path(__file__).parent / "cin_files"

pytestmark = pytest.mark.usefixtures("demo")


def _importing(partnership: Partnership, minutes_ago: int) -> CinCensus:
    return CinCensus.objects.create(
        partnership=partnership,
        year=2024,
        status=CinCensus.Status.IMPORTING,
        file_name=f"started {minutes_ago} minutes ago.xml",
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_the_tick_marks_an_import_stopped_for_an_hour_and_leaves_one_under_way() -> None:
    southmoor = Partnership.objects.get(slug="southmoor")
    stopped = _importing(southmoor, 90)
    running = _importing(southmoor, 5)

    out = StringIO()
    call_command("insight_tick", stdout=out)

    stopped.refresh_from_db()
    running.refresh_from_db()
    assert stopped.status == CinCensus.Status.FAILED
    assert stopped.failure == STALLED_REASON
    assert stopped.finished_at is not None
    assert not stopped.is_current
    assert running.status == CinCensus.Status.IMPORTING
    assert "marked refused: 1" in out.getvalue()
    event = AuditEvent.objects.get(verb="cin_census.stalled")
    assert event.target_id == str(stopped.pk)
    assert event.partnership_id == southmoor.pk
    # Once marked, it is not marked again.
    assert census_imports_stalled() == 0


def test_the_next_import_clears_a_stopped_one_and_the_page_says_why() -> None:
    southmoor = Partnership.objects.get(slug="southmoor")
    stopped = _importing(southmoor, 120)
    census = census_import(
        acting=None,
        partnership=southmoor,
        source=FILES / "census_2024.xml",
        file_name="census_2024.xml",
    )
    assert census.status == CinCensus.Status.COMPLETE
    stopped.refresh_from_db()
    assert stopped.status == CinCensus.Status.FAILED
    page = signed_in(SOUTHMOOR_MANAGER).get(f"/insight/census/{stopped.pk}/")
    assert page.status_code == 200
    assert "The import stopped before it finished" in page.content.decode()
