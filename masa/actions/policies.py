"""Who may see and change actions and their evidence, whatever the actions' source.

* The action plan (recommendation.*) shows what, measure, status and agency, never a
  source's sensitive details (a review's subject). view P: every action of the
  partnership; update A: the actions the person's agency owns; update P: all;
  sign_off P: all; own scope: the actions the person owns.
* Evidence files: see `EvidenceAccess`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from masa.actions.models import Action, Evidence
from masa.core.models import Membership, Scope
from masa.core.policies import Policy, current_membership, scope_of


class ActionPolicy(Policy[Action]):
    """The action plan. view P: every action of the partnership; update A: the actions
    the person's agency owns; update P: all; sign_off P: all."""

    resource = "recommendation"
    model = Action

    def scoped(
        self, records: QuerySet[Action], membership: Membership, scope: Scope
    ) -> QuerySet[Action]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        if scope == Scope.AGENCY:
            return records.filter(owner_agency=membership.agency)
        return records.filter(owner=membership.person)


def _any_records(user: Any, permission: str) -> bool:
    scope = scope_of(user, permission)
    return scope is not None and scope != Scope.AGGREGATE


class EvidenceAccess:
    """Evidence files. A person may see (and download) a file when they can see its
    action with recommendation.view AND they are in the action's owner agency, or hold
    recommendation.sign_off or review.manage. Everyone else: 404."""

    def visible(self, user: Any) -> QuerySet[Evidence]:
        membership = current_membership(user)
        if membership is None:
            return Evidence.objects.none()
        viewable = actions.visible(user, "view")
        records = Evidence.objects.filter(
            partnership=membership.partnership, action__in=viewable.values("pk")
        )
        if _any_records(user, "recommendation.sign_off") or _any_records(user, "review.manage"):
            return records
        return records.filter(action__owner_agency=membership.agency)

    def can(self, user: Any, evidence: Evidence) -> bool:
        return self.visible(user).filter(pk=evidence.pk).exists()


def reads_plan(user: Any) -> bool:
    """Whether the person may read the combined action plan (recommendation.view at a
    scope that reaches records)."""
    scope = actions.scope(user, "view")
    return scope is not None and scope != Scope.AGGREGATE


def may_update_action(user: Any, action: Action) -> bool:
    return actions.can(user, "update", action)


def may_sign_off(user: Any, partnership_id: int | None = None) -> bool:
    """Accepting evidence and closing actions (and reading a review come for sign-off):
    recommendation.sign_off at partnership scope, in the partnership given."""
    membership = current_membership(user)
    if membership is None or (
        partnership_id is not None and membership.partnership_id != partnership_id
    ):
        return False
    return scope_of(user, "recommendation.sign_off") == Scope.PARTNERSHIP


actions = ActionPolicy()
evidence = EvidenceAccess()
