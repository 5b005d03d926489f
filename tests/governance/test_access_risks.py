"""Risk register, escalation and scrutiny pages against every demo person: who may see
each, and that everyone else (no role, another agency, another partnership) is
refused with 404."""

from __future__ import annotations

from typing import Any

import pytest

from masa.core.models import AuditEvent
from masa.governance.models_risks import EscalationStage
from tests import helpers as h
from tests.governance import risk_factories as f

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER}
# risk.manage across the partnership: the business unit.
UNIT = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
# risk.view: the business unit, the executive, chairs and members, the scrutineer.
RISK_VIEW = UNIT | {
    h.EXECUTIVE,
    h.SUBGROUP_CHAIR,
    h.SUBGROUP_MEMBER,
    h.SCRUTINEER,
    h.POLICE_BOTH,
}
# escalation.view at any scope (the list), escalation.raise.
PRACTITIONERS = {
    h.PRACTITIONER,
    h.GP_PRACTITIONER,
    h.MASH_PRACTITIONER,
    h.TRAINER,
    h.POLICE_BOTH,
}
RAISE = (
    PRACTITIONERS
    | UNIT
    | {h.MASH_MANAGER, h.SUBGROUP_CHAIR, h.SUBGROUP_MEMBER, h.SOUTHMOOR_PRACTITIONER}
)
ESCALATION_LIST = RAISE | {h.SCRUTINEER, h.EXECUTIVE}
# Counts only: escalation.view across the partnership or as figures.
ESCALATION_FIGURES = UNIT | {h.SCRUTINEER, h.EXECUTIVE}
# scrutiny.view: the business unit, the executive, chairs and members, the scrutineer.
SCRUTINY_VIEW = UNIT | {
    h.EXECUTIVE,
    h.SUBGROUP_CHAIR,
    h.SUBGROUP_MEMBER,
    h.SCRUTINEER,
    h.POLICE_BOTH,
}
# The executive's decision: the executive, and the business manager for it.
DECIDE = {h.EXECUTIVE, h.BUSINESS_MANAGER}
# The escalation raised by the hospital trust about the police: both agencies, the
# business unit (and, to read it, the scrutineer).
BOTH_SIDES = UNIT | {h.SUBGROUP_MEMBER, h.POLICE_BOTH}


@pytest.fixture
def records() -> dict[str, Any]:
    chairs_risk = f.risk(owner=h.SUBGROUP_CHAIR)
    southmoor_risk = f.risk("southmoor", owner=h.SOUTHMOOR_MANAGER)
    # Raised by the hospital trust (Grace Okafor) about the police.
    escalation = f.escalation()
    southmoor_escalation = f.escalation(
        h.SOUTHMOOR_PRACTITIONER, "Southmoor Metropolitan Borough Council", "southmoor"
    )
    stage = EscalationStage.objects.get(partnership__slug="northbridge", number=1)
    recommendation = f.recommendation()
    return {
        "plan": recommendation.activity.plan_id,
        "activity": recommendation.activity_id,
        "recommendation": recommendation.pk,
        "risk": chairs_risk.pk,
        "sm_risk": southmoor_risk.pk,
        "escalation": escalation.pk,
        "sm_escalation": southmoor_escalation.pk,
        "stage": stage.pk,
    }


MATRIX: list[tuple[str, set[str]]] = [
    ("/governance/risks/", RISK_VIEW | SOUTHMOOR),
    ("/governance/risks/heat-map/", RISK_VIEW | SOUTHMOOR),
    ("/governance/risks/by-owner/", RISK_VIEW | SOUTHMOOR),
    ("/governance/risks/overdue/", RISK_VIEW | SOUTHMOOR),
    ("/governance/risk-register.xlsx", RISK_VIEW | SOUTHMOOR),
    ("/governance/risks/new/", UNIT | SOUTHMOOR),
    ("/governance/risks/scale/", UNIT | SOUTHMOOR),
    ("/governance/risks/{risk}/", RISK_VIEW),
    ("/governance/risks/{risk}/edit/", UNIT),
    # risk.review: the business unit, and the risk's owner.
    ("/governance/risks/{risk}/review/", UNIT | {h.SUBGROUP_CHAIR}),
    ("/governance/risks/{risk}/actions/new/", UNIT | {h.SUBGROUP_CHAIR}),
    ("/governance/risks/{sm_risk}/", SOUTHMOOR),
    ("/governance/risks/{sm_risk}/review/", SOUTHMOOR),
    ("/governance/escalations/", ESCALATION_LIST | SOUTHMOOR),
    ("/governance/escalations/new/", RAISE | SOUTHMOOR),
    ("/governance/escalations/figures/", ESCALATION_FIGURES | SOUTHMOOR),
    ("/governance/escalations/ladder/", {h.BUSINESS_MANAGER} | SOUTHMOOR),
    ("/governance/escalations/ladder/new/", {h.BUSINESS_MANAGER} | SOUTHMOOR),
    ("/governance/escalations/ladder/{stage}/", {h.BUSINESS_MANAGER}),
    ("/governance/escalations/{escalation}/", BOTH_SIDES | {h.SCRUTINEER}),
    ("/governance/escalations/{escalation}/respond/", BOTH_SIDES),
    ("/governance/escalations/{escalation}/escalate/", BOTH_SIDES),
    ("/governance/escalations/{escalation}/resolve/", BOTH_SIDES),
    ("/governance/escalations/{sm_escalation}/", SOUTHMOOR | {h.SOUTHMOOR_PRACTITIONER}),
    ("/governance/scrutiny/", SCRUTINY_VIEW | SOUTHMOOR),
    ("/governance/scrutiny/plans/new/", {h.SCRUTINEER}),
    ("/governance/scrutiny/plans/{plan}/", SCRUTINY_VIEW),
    ("/governance/scrutiny/plans/{plan}/activities/new/", {h.SCRUTINEER}),
    ("/governance/scrutiny/activities/{activity}/", SCRUTINY_VIEW),
    ("/governance/scrutiny/activities/{activity}/findings/", {h.SCRUTINEER}),
    ("/governance/scrutiny/activities/{activity}/recommendations/new/", {h.SCRUTINEER}),
    ("/governance/scrutiny/recommendations/{recommendation}/", SCRUTINY_VIEW),
    ("/governance/scrutiny/recommendations/{recommendation}/decide/", DECIDE),
    ("/governance/scrutiny/recommendations/{recommendation}/actions/new/", DECIDE),
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


def test_southmoor_cannot_review_or_change_a_northbridge_risk(records: dict[str, Any]) -> None:
    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    review = nadia.post(f"/governance/risks/{records['risk']}/review/", {"note": "x"})
    assert review.status_code == 404
    edit = nadia.post(f"/governance/risks/{records['risk']}/edit/", {"title": "x"})
    assert edit.status_code == 404


def test_every_view_of_an_escalation_is_in_the_audit_log(records: dict[str, Any]) -> None:
    url = f"/governance/escalations/{records['escalation']}/"
    h.signed_in(h.SCRUTINEER).get(url)
    seen = AuditEvent.objects.filter(
        verb="view", target_type="governance.escalation", target_id=str(records["escalation"])
    )
    assert seen.filter(actor__email=h.SCRUTINEER).exists()


def test_southmoor_cannot_move_or_resolve_a_northbridge_escalation(
    records: dict[str, Any],
) -> None:
    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    for step in ("respond", "escalate", "resolve"):
        url = f"/governance/escalations/{records['escalation']}/{step}/"
        assert nadia.post(url, {"response": "x", "raised_with": "x"}).status_code == 404
