"""Governance pages against every demo person: who may see each, and that everyone
else (no role, another partnership) is refused with 404."""

from __future__ import annotations

from typing import Any

import pytest

from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER}
# governance.manage across the partnership: the business unit.
UNIT = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
# governance.view across the partnership.
VIEW = UNIT | {
    h.EXECUTIVE,
    h.SUBGROUP_CHAIR,
    h.SUBGROUP_MEMBER,
    h.SCRUTINEER,
    h.DATA_LEAD,
    h.POLICE_BOTH,
}


@pytest.fixture
def records() -> dict[str, Any]:
    return {}


MATRIX: list[tuple[str, set[str]]] = [
    ("/governance/", VIEW | SOUTHMOOR),
]

POST_ONLY: dict[str, str] = {}


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected
