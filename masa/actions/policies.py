"""Who may see and change actions and their evidence, whatever the actions' source.

* The action plan (recommendation.*) shows what, measure, status and agency, never a
  source's sensitive details (a review's subject). view P: every action of the
  partnership; update A: the actions the person's agency owns; update P: all;
  sign_off P: all; own scope: the actions the person owns.
* Abilities (not a record's action): `read_plan`, the combined plan (recommendation.view
  at a scope reaching records); `sign_off_here`, accepting evidence and closing actions
  (recommendation.sign_off across the partnership).
* Evidence files: see `EvidencePolicy`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from masa.actions.models import Action, Evidence
from masa.core.acting import Acting
from masa.core.models import Membership, Scope
from masa.core.policies import Policy


def reads_plan(acting: Acting) -> bool:
    """The combined action plan: recommendation.view at a scope that reaches records."""
    return acting.sees_records("recommendation.view")


def signs_off_here(acting: Acting) -> bool:
    """Accepting evidence and closing actions: recommendation.sign_off across the
    partnership (the case review group, the executive)."""
    return acting.partnership_wide("recommendation.sign_off")


class ActionPolicy(Policy[Action]):
    """The action plan. view P: every action of the partnership; update A: the actions
    the person's agency owns; update P: all; sign_off P: all."""

    resource = "recommendation"
    model = Action
    abilities: ClassVar[dict[str, Any]] = {
        "read_plan": reads_plan,
        "sign_off_here": signs_off_here,
    }

    def scoped(
        self, records: QuerySet[Action], membership: Membership, scope: Scope
    ) -> QuerySet[Action]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        if scope == Scope.AGENCY:
            return records.filter(owner_agency=membership.agency)
        return records.filter(owner=membership.person)


class EvidencePolicy(Policy[Evidence]):
    """Evidence files ("view": see and download). A person may see a file when they can
    see its action with recommendation.view AND they are in the action's owner agency,
    or hold recommendation.sign_off or review.manage. Everyone else: 404."""

    resource = "recommendation"
    model = Evidence

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Evidence]:
        if action != "view":
            raise ValueError(f"evidence has no action {action!r}")
        if acting is None:
            return Evidence.objects.none()
        records = Evidence.objects.filter(
            partnership_id=acting.partnership_id,
            action__in=actions.visible(acting, "view").values("pk"),
        )
        if acting.sees_records("recommendation.sign_off") or acting.sees_records("review.manage"):
            return records
        return records.filter(action__owner_agency_id=acting.agency_id)


actions = ActionPolicy()
evidence = EvidencePolicy()
