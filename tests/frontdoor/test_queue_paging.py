"""The MASH queue pages by key (issue 19): every page costs the same queries, however
deep, and walking the pages forwards and back shows each contact once, in order."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masa.frontdoor import selectors
from masa.frontdoor.models import Contact
from masa.frontdoor.views import mash
from tests import helpers as h
from tests.frontdoor.test_mash import _rows, client_in, url
from tests.helpers import MASH_PRACTITIONER

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'href="\?([^"]*)" rel="next"')
PREVIOUS = re.compile(r'href="\?([^"]*)" rel="prev"')


def _get(client: Client, query: str) -> tuple[str, int, list[str]]:
    """The page, how many queries it took, and those queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url('queue')}?{query}")
    assert response.status_code == 200
    return response.content.decode(), len(queries), [q["sql"] for q in queries]


def _link(pattern: re.Pattern[str], page: str) -> str | None:
    found = pattern.search(page)
    return html.unescape(found.group(1)) if found else None


def test_decided_pages_cost_the_same_queries_however_deep(demo: None) -> None:
    ben = client_in(MASH_PRACTITIONER)
    ben.get(url("queue"))  # the session settles
    expected = list(
        selectors.contact_queue(
            h.acting(MASH_PRACTITIONER, "northbridge"), tab="decided"
        ).values_list("pk", flat=True)[:250]
    )
    assert len(expected) == 250, "the demo should hold more than five pages of decisions"
    page, first_cost, _ = _get(ben, "tab=decided")
    seen = _rows(page)
    costs = []
    for _ in range(4):
        query = _link(NEXT, page)
        assert query is not None
        page, cost, sql = _get(ben, query)
        costs.append(cost)
        assert not any("OFFSET" in statement.upper() for statement in sql)
        seen += _rows(page)
    assert seen == expected
    assert len(set(costs)) == 1, costs  # page 5 costs what page 2 does
    assert costs[0] <= first_cost + 1  # one query more at most: the row the page follows


def test_previous_goes_back_to_the_same_rows(demo: None) -> None:
    ben = client_in(MASH_PRACTITIONER)
    first, _, _ = _get(ben, "tab=decided")
    second, _, _ = _get(ben, _link(NEXT, first) or "")
    third, _, _ = _get(ben, _link(NEXT, second) or "")
    back, _, _ = _get(ben, _link(PREVIOUS, third) or "")
    assert _rows(back) == _rows(second)
    again, _, _ = _get(ben, _link(PREVIOUS, back) or "")
    assert _rows(again) == _rows(first)
    assert _link(PREVIOUS, again) is None  # the first page has no previous page


def test_open_tab_pages_in_the_queue_order(demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mash, "QUEUE_PAGE_SIZE", 10)  # the demo has a few dozen open
    ben = client_in(MASH_PRACTITIONER)
    acting = h.acting(MASH_PRACTITIONER, "northbridge")
    expected = list(selectors.contact_queue(acting).values_list("pk", flat=True))
    assert len(expected) > 20
    page, _, _ = _get(ben, "tab=open")
    seen = _rows(page)
    while (query := _link(NEXT, page)) is not None:
        page, _, _ = _get(ben, query)
        seen += _rows(page)
    assert seen == expected


@pytest.mark.parametrize("cursor", ["after=abc", "after=99999999999", "before=-3", "after="])
def test_a_made_up_cursor_shows_the_first_page(demo: None, cursor: str) -> None:
    ben = client_in(MASH_PRACTITIONER)
    first, _, _ = _get(ben, "tab=decided")
    page, _, _ = _get(ben, f"tab=decided&{cursor}")
    assert _rows(page) == _rows(first)


def test_a_cursor_from_another_partnership_shows_the_first_page(demo: None) -> None:
    theirs = Contact.objects.filter(partnership__slug="southmoor", status="decided").first()
    assert theirs is not None
    ben = client_in(MASH_PRACTITIONER)
    first, _, _ = _get(ben, "tab=decided")
    page, _, _ = _get(ben, f"tab=decided&after={theirs.pk}")
    assert _rows(page) == _rows(first)
