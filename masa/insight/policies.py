"""Who may see and change insight records: the only place insight decides access.

* Returns (`data_return`): an agency data lead sees and edits only their own agency's
  returns (agency scope); the business unit sees every return in the partnership.
* Indicators, priorities and comparators are partnership reference data, not records
  about anyone: anyone with `data_return.manage` changes the catalogue; figures are
  read through `dashboard.view`, which is aggregate-only, so dashboards never show a
  record about a person.
* CIN censuses hold child-level rows: seen only across the whole partnership.
* An agency's data leads (whom reminders go to) are the people of that agency who
  may submit its returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from masa.core.acting import Acting
from masa.core.models import Agency, Membership, Scope
from masa.core.policies import M, Policy
from masa.insight.models import CinCensus, DataReturn, Indicator, Priority
from masa.plan.periods import current_priorities


def reads_catalogue(acting: Acting) -> bool:
    """The indicator catalogue is read by anyone who sees figures or returns."""
    return acting.has("dashboard.view") or acting.has("data_return.view")


def sees_every_agency(acting: Acting) -> bool:
    """Every agency's returns and the completeness of them (the business unit)."""
    return acting.partnership_wide("data_return.view")


def reminds_agencies(acting: Acting) -> bool:
    """Sends a late agency's data leads a reminder by hand (the business manager)."""
    return acting.partnership_wide("data_return.manage")


def sees_censuses(acting: Acting) -> bool:
    """The CIN census holds child-level rows: only partnership-wide readers see it."""
    return acting.partnership_wide("data_return.manage") or acting.partnership_wide(
        "data_return.view"
    )


def imports_censuses(acting: Acting) -> bool:
    return acting.partnership_wide("data_return.manage")


class DataReturnPolicy(Policy[DataReturn]):
    resource = "data_return"
    model = DataReturn
    abilities = {
        "see_every_agency": sees_every_agency,
        "remind": reminds_agencies,
    }

    def scoped(
        self, records: QuerySet[DataReturn], membership: Membership, scope: Scope
    ) -> QuerySet[DataReturn]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        # Agency and own scope: the person's own agency's returns.
        return records.filter(agency=membership.agency)


class ReturningAgencyPolicy(Policy[Agency]):
    """The agencies whose returns a person may see or make: every agency of the
    partnership (partnership scope), or their own."""

    resource = "data_return"
    model = Agency

    def scoped(
        self, records: QuerySet[Agency], membership: Membership, scope: Scope
    ) -> QuerySet[Agency]:
        records = records.filter(partnershipagency__partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        return records.filter(pk=membership.agency_id)


class DataLeadPolicy(Policy[Agency]):
    """An agency's data leads: `people_with("submit", agency, partnership=...)` are the
    people of that agency itself who may submit its returns (whom reminders go to)."""

    resource = "data_return"
    model = Agency

    def scoped(
        self, records: QuerySet[Agency], membership: Membership, scope: Scope
    ) -> QuerySet[Agency]:
        return records.filter(
            pk=membership.agency_id, partnershipagency__partnership=membership.partnership
        )


class CensusPolicy(Policy[CinCensus]):
    """CIN census imports: managed by `data_return.manage`, seen by `data_return.view`
    or `data_return.manage` at partnership scope (the census holds identifiable
    child-level rows)."""

    resource = "data_return"
    model = CinCensus
    abilities = {
        "see_censuses": sees_censuses,
        "import": imports_censuses,
    }

    def scoped(
        self, records: QuerySet[CinCensus], membership: Membership, scope: Scope
    ) -> QuerySet[CinCensus]:
        if scope != Scope.PARTNERSHIP:
            return records.none()
        return records.filter(partnership=membership.partnership)

    def visible(self, acting: Acting | None, action: str) -> QuerySet[CinCensus]:
        # Whoever manages the census across the partnership sees it too.
        if action == "view" and acting is not None and imports_censuses(acting):
            return super().visible(acting, "manage")
        return super().visible(acting, action)


class ReferenceDataPolicy(Policy[M]):
    """Partnership reference data (indicators, priorities): not records about anyone,
    so any scope of the permission, aggregate included, reaches the partnership's own."""

    def visible(self, acting: Acting | None, action: str) -> QuerySet[M]:
        if acting is None or self.scope(acting, action) is None:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(partnership_id=acting.partnership_id)

    def can(self, acting: Acting | None, action: str, obj: M | None = None) -> bool:
        if action in self.abilities or obj is None:
            return super().can(acting, action)
        return self.visible(acting, action).filter(pk=obj.pk).exists()

    def find_or_404(
        self, acting: Acting | None, action: str, *, related: Sequence[str] = (), **lookup: Any
    ) -> M:
        """The record of the partnership matching `lookup` (a code, a slug: the key its
        address carries) if the person may `action` it; otherwise 404."""
        records = self.visible(acting, action)
        if related:
            records = records.select_related(*related)
        found = records.filter(**lookup).first()
        if found is None:
            raise Http404("No such record, or you may not see it.")
        return found


class CataloguePolicy(ReferenceDataPolicy[Indicator]):
    """The indicator catalogue: read with figures or returns, changed by `manage`."""

    resource = "data_return"
    model = Indicator
    abilities = {"read_catalogue": reads_catalogue}


class DashboardPolicy(ReferenceDataPolicy[Indicator]):
    """Indicators as the dashboards show them (`dashboard.view`, aggregate)."""

    resource = "dashboard"
    model = Indicator


class PriorityPolicy(ReferenceDataPolicy[Priority]):
    """The priorities dashboards group by: the current plan's list."""

    resource = "dashboard"
    model = Priority

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Priority]:
        records = super().visible(acting, action)
        if acting is None:
            return records
        return records.filter(pk__in=current_priorities(acting.partnership_id).values("pk"))


returns = DataReturnPolicy()
returning_agencies = ReturningAgencyPolicy()
data_leads = DataLeadPolicy()
censuses = CensusPolicy()
catalogue = CataloguePolicy()
dashboards = DashboardPolicy()
priorities = PriorityPolicy()
