"""Case audit test data, made through the services as the partnership's business
manager unless told otherwise. References and themes start "Zq" so tests do not
depend on the demo data; years are 2090-91 onwards, clear of the demo's."""

from __future__ import annotations

import datetime
import itertools

from masa.actions.models import Action
from masa.audits.models import Case, Grade, PracticeArea, Round, UrgentConcern
from masa.audits.services import action_plan, case_audits
from masa.audits.services.case_audits import AreaJudgement
from masa.core.acting import Acting
from masa.core.models import Agency
from tests import helpers as h

_serial = itertools.count(1)
POLICE = "Mercia Vale Police"
HOSPITALS = "Northbridge Hospitals NHS Trust"
MANAGERS = {"northbridge": h.BUSINESS_MANAGER, "southmoor": h.SOUTHMOOR_MANAGER}


def manager(partnership: str = "northbridge") -> Acting:
    return h.acting(MANAGERS[partnership], partnership)


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def round_(
    partnership: str = "northbridge",
    *,
    year: str = "2090-91",
    quarter: str = "Q1",
    theme: str | None = None,
    group: tuple[str, ...] = (),
    case_count: int = 5,
) -> Round:
    return case_audits.round_add(
        acting=manager(partnership),
        year=year,
        quarter=quarter,
        theme=theme or f"Zq theme {next(_serial)}",
        why_chosen="Zq: a review's learning",
        case_count=case_count,
        audit_group=[h.person(email) for email in group],
    )


def case(round: Round, *agencies: str, reference: str | None = None) -> Case:
    partnership = round.partnership.slug
    return case_audits.case_add(
        acting=manager(partnership),
        round=round,
        reference=reference or f"ZQ-{next(_serial)}",
        age_band="10_15",
        sex="F",
        ethnicity="WBRI",
        disability="no",
        agencies=[agency(name) for name in (agencies or (POLICE,))],
    )


def areas(grade: str = Grade.GOOD) -> dict[str, AreaJudgement]:
    return {
        area.value: AreaJudgement(grade, f"Zq rationale {area.value}", "Zq good", "Zq improve")
        for area in PracticeArea
    }


def grade(case: Case, overall: str = Grade.GOOD, acting: Acting | None = None) -> Case:
    return case_audits.case_grade(
        acting=acting or manager(case.partnership.slug),
        case=case,
        areas=areas(overall),
        grade=overall,
        rationale="Zq overall rationale",
    )


def concern(case: Case, agency_name: str = POLICE) -> UrgentConcern:
    return case_audits.concern_raise(
        acting=manager(case.partnership.slug),
        case=case,
        agency=agency(agency_name),
        concern="Zq: a child left at risk",
    )


def action(case: Case, agency_name: str = POLICE) -> Action:
    return action_plan.audit_action_add(
        acting=manager(case.partnership.slug),
        case=case,
        owner_agency=agency(agency_name),
        what="Zq: train the team",
        measure_of_success="Zq: audit shows it",
        due_on=datetime.date.today() + datetime.timedelta(days=60),
    )
