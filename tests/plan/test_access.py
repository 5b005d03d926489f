"""The plan's pages against every demo person: who may see each, and that everyone
else (no plan role, another partnership) gets 404."""

from __future__ import annotations

from typing import Any

import pytest

from masa.plan.models import ImprovementArea
from tests import helpers as h
from tests.plan import factories as plan_f

pytestmark = pytest.mark.usefixtures("demo")

# plan.manage across the partnership: the business unit.
MANAGE = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
# plan.view: the business unit, subgroups, data leads, the scrutineer, the executive
# (the police officer sits on a subgroup).
READ = MANAGE | {
    h.SUBGROUP_CHAIR,
    h.SUBGROUP_MEMBER,
    h.DATA_LEAD,
    h.SCRUTINEER,
    h.EXECUTIVE,
    h.POLICE_BOTH,
}
SOUTHMOOR = {h.SOUTHMOOR_MANAGER}


@pytest.fixture
def records() -> dict[str, Any]:
    plan = plan_f.plan()
    ambition = plan_f.ambition(title="Zq governance and leadership")
    led = plan_f.priority(name="Zq neglect", lead_officer=h.person(h.SUBGROUP_CHAIR))
    other = plan_f.priority(name="Zq exploitation")
    area = ImprovementArea.objects.create(
        partnership=plan.partnership, from_year="2024-25", area="Zq timeliness of learning"
    )
    sm_plan = plan_f.plan("southmoor")
    sm_priority = plan_f.priority("southmoor", name="Zq Southmoor neglect")
    return {
        "plan": plan.pk,
        "period": plan.period_id,
        "ambition": ambition.pk,
        "led": led.pk,
        "other": other.pk,
        "area": area.pk,
        "sm_plan": sm_plan.pk,
        "sm_period": sm_plan.period_id,
        "sm_priority": sm_priority.pk,
    }


MATRIX: list[tuple[str, set[str]]] = [
    ("/plan/", READ | SOUTHMOOR),
    ("/plan.docx", READ | SOUTHMOOR),
    ("/plan/new/", MANAGE | SOUTHMOOR),
    ("/plan/{plan}/edit/", MANAGE),
    ("/plan/{plan}/ambitions/new/", MANAGE),
    ("/plan/ambitions/{ambition}/edit/", MANAGE),
    ("/plan/improvements/", READ | SOUTHMOOR),
    ("/plan/improvements/new/", MANAGE | SOUTHMOOR),
    ("/plan/improvements/{area}/edit/", MANAGE),
    ("/priorities/", READ | SOUTHMOOR),
    ("/priorities.csv", READ | SOUTHMOOR),
    ("/priorities.xlsx", READ | SOUTHMOOR),
    ("/plan/periods/{period}/priorities/new/", MANAGE),
    ("/priorities/{led}/", READ),
    ("/priorities/{led}/edit/", MANAGE),
    ("/priorities/{led}/strategies/new/", MANAGE),
    # plan.update: the business unit, and the lead officer for the priority she leads.
    ("/priorities/{led}/progress/new/", MANAGE | {h.SUBGROUP_CHAIR}),
    ("/priorities/{other}/progress/new/", MANAGE),
    ("/priorities/{led}/actions/new/", MANAGE | {h.SUBGROUP_CHAIR}),
    ("/priorities/{other}/actions/new/", MANAGE),
    ("/plan/{sm_plan}/edit/", SOUTHMOOR),
    ("/plan/periods/{sm_period}/priorities/new/", SOUTHMOOR),
    ("/priorities/{sm_priority}/", SOUTHMOOR),
    ("/priorities/{sm_priority}/progress/new/", SOUTHMOOR),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_southmoor_cannot_write_progress_on_a_northbridge_priority(
    records: dict[str, Any],
) -> None:
    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    url = f"/priorities/{records['led']}/progress/new/"
    assert nadia.post(url, {"year": "2025", "quarter": "1"}).status_code == 404
