"""Case audit pages against every demo person: who may see each, and that everyone
else (no role, another agency, another partnership) is refused with 404."""

from __future__ import annotations

from typing import Any

import pytest

from masa.audits.models import AgencyAudit
from masa.core.models import AuditEvent
from tests import helpers as h
from tests.audits import factories as f

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER}
# case_audit.manage (and every other audit permission) across the partnership.
RUN = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
# case_audit.view at any scope: the grades tables (aggregate roles: figures only).
FIGURES = RUN | {h.SUBGROUP_CHAIR, h.EXECUTIVE, h.SCRUTINEER}
# audit_response.answer: the business unit, and agency leads for their own agency.
AGENCY_LEADS = RUN | {h.SUBGROUP_MEMBER, h.POLICE_BOTH}


@pytest.fixture
def records() -> dict[str, Any]:
    round_ = f.round_()
    case = f.case(round_, f.POLICE, f.HOSPITALS)
    concern = f.concern(case, f.POLICE)
    sm_round = f.round_("southmoor")
    sm_case = f.case(sm_round, f.POLICE)
    return {
        "round": round_.pk,
        "case": case.pk,
        "police": AgencyAudit.objects.get(case=case, agency__name=f.POLICE).pk,
        "hospital": AgencyAudit.objects.get(case=case, agency__name=f.HOSPITALS).pk,
        "concern": concern.pk,
        "sm_round": sm_round.pk,
        "sm_case": sm_case.pk,
    }


MATRIX: list[tuple[str, set[str]]] = [
    ("/audits/", FIGURES | SOUTHMOOR),
    ("/audits/grades/", FIGURES | SOUTHMOOR),
    ("/audits/grades.csv", FIGURES | SOUTHMOOR),
    ("/audits/grades.xlsx", FIGURES | SOUTHMOOR),
    ("/audits/grades/import/", RUN | SOUTHMOOR),
    ("/audits/good-practice/", FIGURES | SOUTHMOOR),
    ("/audits/tool/", RUN | SOUTHMOOR),
    ("/audits/rounds/new/", RUN | SOUTHMOOR),
    ("/audits/rounds/{round}/", RUN),
    ("/audits/rounds/{round}/report/", RUN),
    ("/audits/rounds/{round}/report.docx", RUN),
    ("/audits/rounds/{round}/close/", RUN),
    ("/audits/rounds/{round}/questions/new/", RUN),
    ("/audits/rounds/{round}/cases/new/", RUN),
    ("/audits/cases/{case}/", RUN),
    ("/audits/cases/{case}/grade/", RUN),
    ("/audits/cases/{case}/concerns/new/", RUN),
    ("/audits/cases/{case}/actions/new/", RUN),
    ("/audits/agency/", AGENCY_LEADS | SOUTHMOOR),
    ("/audits/agency/{police}/", RUN | {h.POLICE_BOTH}),
    ("/audits/agency/{hospital}/", RUN | {h.SUBGROUP_MEMBER}),
    ("/audits/concerns/{concern}/", RUN | {h.POLICE_BOTH}),
    ("/audits/rounds/{sm_round}/", SOUTHMOOR),
    ("/audits/cases/{sm_case}/", SOUTHMOOR),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_viewing_a_case_leaves_an_audit_event(records: dict[str, Any]) -> None:
    h.signed_in(h.BUSINESS_UNIT_OFFICER).get(f"/audits/cases/{records['case']}/")
    event = AuditEvent.objects.filter(verb="view", target_id=str(records["case"])).last()
    assert event is not None
    assert event.actor is not None
    assert event.actor.email == h.BUSINESS_UNIT_OFFICER
    assert event.target_label.startswith("Audit case ZQ-")


def test_the_audit_group_sees_its_rounds_cases_and_no_others(records: dict[str, Any]) -> None:
    from masa.core.models import Role

    h.membership(h.SUBGROUP_CHAIR).roles.add(Role.objects.get(slug="audit-group-member"))
    theirs = f.case(f.round_(group=(h.SUBGROUP_CHAIR,)))
    harry = h.signed_in(h.SUBGROUP_CHAIR)
    assert harry.get(f"/audits/cases/{theirs.pk}/").status_code == 200
    assert harry.get(f"/audits/cases/{theirs.pk}/grade/").status_code == 200
    assert harry.get(f"/audits/cases/{records['case']}/").status_code == 404
    round_page = harry.get(f"/audits/rounds/{records['round']}/").content.decode()
    assert "audit group and the business unit see its cases" in round_page


def test_an_aggregate_role_sees_figures_but_no_case_reference(records: dict[str, Any]) -> None:
    text = h.signed_in(h.EXECUTIVE).get("/audits/grades/").content.decode()
    assert "Table 2" in text
    assert "ZQ-" not in text
