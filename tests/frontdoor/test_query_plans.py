"""The query plans that matter at volume (issue 19), asserted with EXPLAIN, not timed.

The child search must reach every arm of its blocking (sound-alike surname, date of
birth, expected date of birth, transposed date, postcode) through an index of its own,
on SQLite and on PostgreSQL, rather than reading every child of the partnership. On
PostgreSQL a table of a few rows is cheaper to read whole, so the test turns sequential
scans off: what it checks is that an index *can* serve each arm.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import connection

from masa.frontdoor import selectors
from masa.frontdoor.models import Contact
from tests.frontdoor.factories import child_answers, sent_contact

ARM_INDEXES = {"child_sound", "child_birth", "child_expected", "child_postcode"}


@pytest.fixture
def no_sequential_scans() -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        yield
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    else:
        yield


def _plan(contact: Contact) -> str:
    return selectors.candidate_rows(contact).explain()


def test_every_arm_of_the_child_search_uses_its_own_index(
    demo: None, no_sequential_scans: None
) -> None:
    contact = sent_contact(
        children=(child_answers(nhs_number="", date_of_birth=datetime.date(2016, 3, 7)),)
    )
    plan = _plan(contact)
    used = {name for name in ARM_INDEXES if name in plan}
    assert used == ARM_INDEXES, plan
    if connection.vendor == "sqlite":
        assert "SCAN frontdoor_child" not in plan, plan
    else:
        assert "Seq Scan on frontdoor_child" not in plan, plan


def test_an_unborn_childs_search_uses_the_expected_date_index(
    demo: None, no_sequential_scans: None
) -> None:
    contact = sent_contact(
        children=(
            child_answers(
                nhs_number="",
                first_names="",
                date_of_birth=None,
                expected_date_of_birth=datetime.date(2027, 1, 20),
                postcode="",
            ),
        )
    )
    plan = _plan(contact)
    assert "child_expected" in plan, plan
    assert "child_birth" in plan, plan


def test_writing_many_contacts_refreshes_the_planners_statistics(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from masa.core import statistics
    from masa.core.models import Partnership
    from masa.demo import frontdoor

    analyzed: list[str] = []
    monkeypatch.setattr(
        statistics, "refresh", lambda models: analyzed.extend(m._meta.label for m in models)
    )
    frontdoor.write(Partnership.objects.get(slug="southmoor"), [], people_by_email={})
    assert "frontdoor.Child" in analyzed
    assert "frontdoor.Contact" in analyzed


def test_statistics_refresh_runs_on_this_database(demo: None) -> None:
    from masa.core import statistics
    from masa.frontdoor.models import Child

    statistics.refresh([Child, Contact])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
            assert "frontdoor_child" in {row[0] for row in cursor.fetchall()}


def test_a_deep_page_of_decided_contacts_seeks_in_its_index(
    demo: None, no_sequential_scans: None
) -> None:
    from masa.core import keyset
    from tests import helpers as h

    acting = h.acting(h.MASH_PRACTITIONER, "northbridge")
    records = selectors.contact_queue(acting, tab="decided")
    order = selectors.queue_order("decided")
    deep = records.values_list("pk", flat=True)[200]
    values = records.filter(pk=deep).values("decided_at", "pk").first()
    assert values is not None
    condition = keyset._beyond(order, values, forwards=True)
    assert condition is not None
    plan = records.filter(condition).order_by(*order)[:51].explain()
    if connection.vendor == "sqlite":
        assert "USING INDEX contact_decided (partnership_id=? AND status=? AND decided_at<?)" in (
            plan
        ), plan
    else:
        assert "Index Scan using contact_decided" in plan, plan
        assert "decided_at <=" in plan, plan
    assert "OFFSET" not in str(records.filter(condition).order_by(*order)[:51].query).upper()
