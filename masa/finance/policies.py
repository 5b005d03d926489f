"""Who may see and change the partnership's money.

* finance.view at partnership scope (the business unit, the executive): every figure,
  line by line and agency by agency.
* finance.view at aggregate scope (figures-only roles: the scrutineer, subgroup chairs,
  agency data leads): the totals only (staffing, non-staffing, income, net position,
  contributions in all, the reserve), never a line or an agency's share.
* finance.manage (the business unit): imports and changes.
* Abilities: `see_totals` (finance.view at any scope), `see_detail` (finance.view at a
  scope reaching records), `manage_here` (finance.manage across the partnership).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from masa.core.acting import Acting
from masa.core.models import Membership, Scope
from masa.core.policies import Policy
from masa.finance.models import BudgetLine


def sees_totals(acting: Acting) -> bool:
    return acting.has("finance.view")


def sees_detail(acting: Acting) -> bool:
    return acting.sees_records("finance.view")


def manages_here(acting: Acting) -> bool:
    return acting.partnership_wide("finance.manage")


class FinancePolicy(Policy[BudgetLine]):
    """The budget lines of the person's partnership (the money's records)."""

    resource = "finance"
    model = BudgetLine
    abilities: ClassVar[dict[str, Any]] = {
        "see_totals": sees_totals,
        "see_detail": sees_detail,
        "manage_here": manages_here,
    }

    def scoped(
        self, records: QuerySet[BudgetLine], membership: Membership, scope: Scope
    ) -> QuerySet[BudgetLine]:
        return records.filter(partnership=membership.partnership)


finance = FinancePolicy()
