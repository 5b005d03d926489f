"""Records of the risk register, escalations and scrutiny for tests, made through the
services as the people who would make them."""

from __future__ import annotations

import datetime
from typing import Any

from masa.core.models import Agency, Partnership
from masa.governance.models import Group
from masa.governance.models_risks import (
    Escalation,
    Risk,
    ScrutinyActivity,
    ScrutinyPlan,
    ScrutinyRecommendation,
)
from masa.governance.services import escalations, risks, scrutiny
from masa.governance.services.risks import Scores
from tests import helpers as h

POLICE = "Mercia Vale Police"
HOSPITALS = "Northbridge Hospitals NHS Trust"
COUNCIL = "Northbridge Borough Council"


def scores(
    inherent: tuple[int, int] = (4, 5),
    current: tuple[int, int] = (3, 4),
    target: tuple[int, int] = (2, 3),
) -> Scores:
    return Scores(*inherent, *current, *target)


def group(
    name: str = "Zq neglect subgroup", partnership: str = "northbridge", **fields: Any
) -> Group:
    return Group.objects.create(
        partnership=Partnership.objects.get(slug=partnership), name=name, kind="subgroup", **fields
    )


def risk(
    partnership: str = "northbridge",
    *,
    owner: str = h.SUBGROUP_CHAIR,
    owner_group: Group | None = None,
    title: str = "Zq: police attendance at subgroups falls",
    **kwargs: Any,
) -> Risk:
    manager = h.BUSINESS_MANAGER if partnership == "northbridge" else h.SOUTHMOOR_MANAGER
    return risks.risk_add(
        acting=h.acting(manager, partnership),
        title=title,
        description="Subgroups make decisions without the police.",
        cause="Staff movement in the public protection unit.",
        effect="Plans miss what the police know.",
        category="partnership",
        owner=h.person(owner),
        owner_group=owner_group,
        controls="Deputies named; the chair writes to the superintendent.",
        scores=kwargs.pop("scores", scores()),
        **kwargs,
    )


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def escalation(
    who: str = h.SUBGROUP_MEMBER,
    about: str = POLICE,
    partnership: str = "northbridge",
    **kwargs: Any,
) -> Escalation:
    values: dict[str, Any] = {
        "kind": "case",
        "concern": "Zq: the strategy discussion was not held",
        "raised_with": "Detective sergeant, MASH",
        "case_reference": "Child K",
    }
    values.update(kwargs)
    return escalations.escalation_raise(
        acting=h.acting(who, partnership), about_agency=agency(about), **values
    )


def activity(partnership: str = "northbridge") -> ScrutinyActivity:
    return activity_for(2031, partnership)


def activity_for(year: int, partnership: str = "northbridge") -> ScrutinyActivity:
    """An activity in the plan for `year` (the plan is made if there is none)."""
    acting = h.acting(h.SCRUTINEER, partnership)
    plan = ScrutinyPlan.objects.filter(partnership=acting.partnership, year=year).first()
    plan = plan or scrutiny.scrutiny_plan_add(acting=acting, year=year, summary="Zq: front door")
    return scrutiny.scrutiny_activity_add(
        acting=acting,
        plan=plan,
        kind="deep_dive",
        title="Zq deep dive: repeat contacts",
        planned_on=datetime.date(2031, 6, 1),
    )


def recommendation_for(year: int, partnership: str = "northbridge") -> ScrutinyRecommendation:
    return scrutiny.scrutiny_recommendation_add(
        acting=h.acting(h.SCRUTINEER, partnership),
        activity=activity_for(year, partnership),
        text="Zq: partners should share their audit findings",
    )


def recommendation(partnership: str = "northbridge") -> ScrutinyRecommendation:
    return scrutiny.scrutiny_recommendation_add(
        acting=h.acting(h.SCRUTINEER, partnership),
        activity=activity(partnership),
        text="Zq: the MASH should audit repeat contacts each quarter",
    )
