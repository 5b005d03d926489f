"""Who may see and change the strategic plan and the list of priorities.

The plan is partnership reference data about the partnership's own work, never about
a child or family: `plan.view` at partnership scope reads all of it.

* Priorities: view P: every priority of the partnership; update P: every priority's
  quarterly progress; update own: the priorities the person leads (lead officer);
  manage P: the list itself, the plan, its ambitions, strategies and delivery actions.
* Abilities: `read`, the plan pages (plan.view reaching records); `manage_here`,
  editing the plan (plan.manage across the partnership).
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db.models import Model, QuerySet

from masa.core.acting import Acting
from masa.core.models import Membership, Scope
from masa.core.policies import Policy
from masa.plan.models import Ambition, ImprovementArea, Priority, ProgressUpdate, StrategicPlan

M = TypeVar("M", bound=Model)


def reads_plan(acting: Acting) -> bool:
    return acting.sees_records("plan.view")


def manages_plan(acting: Acting) -> bool:
    return acting.partnership_wide("plan.manage")


class PriorityPolicy(Policy[Priority]):
    """The one list of priorities. view P: all; update own: those the person leads."""

    resource = "plan"
    model = Priority
    abilities: ClassVar[dict[str, Any]] = {"read": reads_plan, "manage_here": manages_plan}

    def scoped(
        self, records: QuerySet[Priority], membership: Membership, scope: Scope
    ) -> QuerySet[Priority]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        return records.filter(lead_officer=membership.person)


class PartnershipPlanPolicy(Policy[M]):
    """A record of the plan (the plan, an ambition, an improvement area): the
    partnership's own, read with plan.view and changed with plan.manage across it."""

    resource = "plan"

    def scoped(self, records: QuerySet[M], membership: Membership, scope: Scope) -> QuerySet[M]:
        if scope != Scope.PARTNERSHIP:
            return records.none()
        return records.filter(partnership=membership.partnership)


class PlanPolicy(PartnershipPlanPolicy[StrategicPlan]):
    model = StrategicPlan


class AmbitionPolicy(PartnershipPlanPolicy[Ambition]):
    model = Ambition


class ImprovementPolicy(PartnershipPlanPolicy[ImprovementArea]):
    model = ImprovementArea


class ProgressPolicy(PartnershipPlanPolicy[ProgressUpdate]):
    model = ProgressUpdate


priorities = PriorityPolicy()
plans = PlanPolicy()
ambitions = AmbitionPolicy()
improvements = ImprovementPolicy()
progress = ProgressPolicy()
