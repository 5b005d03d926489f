"""Who may see and change insight records.

* Returns (`data_return`): an agency data lead sees and edits only their own agency's
  returns (agency scope); the business unit sees every return in the partnership.
* Indicators, comparators and CIN censuses are partnership reference data: anyone
  with `data_return.manage` changes them; figures are read through `dashboard.view`,
  which is aggregate-only, so dashboards never show a record about a person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from masa.core.models import Membership, Scope
from masa.core.policies import Policy, current_membership, has_permission
from masa.insight.models import CinCensus, DataReturn


class DataReturnPolicy(Policy[DataReturn]):
    resource = "data_return"
    model = DataReturn

    def scoped(
        self, records: QuerySet[DataReturn], membership: Membership, scope: Scope
    ) -> QuerySet[DataReturn]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        # Agency and own scope: the person's own agency's returns.
        return records.filter(agency=membership.agency)


class CensusPolicy(Policy[CinCensus]):
    """CIN census imports: managed by `data_return.manage`, seen by `data_return.view`
    at partnership scope (the census holds identifiable child-level rows)."""

    resource = "data_return"
    model = CinCensus

    def scoped(
        self, records: QuerySet[CinCensus], membership: Membership, scope: Scope
    ) -> QuerySet[CinCensus]:
        if scope != Scope.PARTNERSHIP:
            return records.none()
        return records.filter(partnership=membership.partnership)


def can_see_dashboards(user: Any) -> bool:
    return has_permission(user, "dashboard.view")


def can_manage_insight(user: Any) -> bool:
    """Change the catalogue, deadlines, comparators; import the CIN census."""
    return has_permission(user, "data_return.manage")


def partnership_of(user: Any) -> Any:
    membership = current_membership(user)
    return membership.partnership if membership else None


returns = DataReturnPolicy()
censuses = CensusPolicy()
