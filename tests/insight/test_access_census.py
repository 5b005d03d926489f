"""The Children in Need census pages against every demo person: the census holds
child-level records, so only people who see returns across the whole partnership (or
manage them) see it, only in their own partnership; uploading is the business
manager's. Everyone else is answered 404."""

from __future__ import annotations

import pytest

from tests import helpers as h
from tests.insight.test_cin_census_pages import CENSUS_READERS, census

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def records() -> dict[str, int]:
    return {"nb": census("northbridge").pk, "sm": census("southmoor").pk}


MATRIX: list[tuple[str, set[str]]] = [
    ("/insight/census/", CENSUS_READERS | {h.SOUTHMOOR_MANAGER}),
    ("/insight/census/{nb}/", CENSUS_READERS),
    ("/insight/census/{sm}/", {h.SOUTHMOOR_MANAGER}),
    ("/insight/census/upload/", {h.BUSINESS_MANAGER, h.SOUTHMOOR_MANAGER}),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, int]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_a_data_lead_cannot_see_the_census(records: dict[str, int]) -> None:
    # Farid returns his agency's figures (data_return.view at agency scope): the census
    # holds every child's record, so it is not his to see.
    client = h.signed_in(h.DATA_LEAD)
    assert client.get("/insight/census/").status_code == 404
    assert client.get(f"/insight/census/{records['nb']}/").status_code == 404
    assert client.get("/insight/census/upload/").status_code == 404


def test_the_southmoor_manager_cannot_see_northbridges_census(records: dict[str, int]) -> None:
    client = h.signed_in(h.SOUTHMOOR_MANAGER)
    assert client.get(f"/insight/census/{records['nb']}/").status_code == 404
    page = client.get("/insight/census/")
    assert page.status_code == 200
    assert f"/insight/census/{records['sm']}/" in page.content.decode()
    assert f"/insight/census/{records['nb']}/" not in page.content.decode()
