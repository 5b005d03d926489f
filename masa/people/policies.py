"""Who may see and change the partnership's agencies (agency.view, agency.manage):
the business unit and the system administrator, across their own partnership."""

from __future__ import annotations

from django.db.models import QuerySet

from masa.core.models import Membership, PartnershipAgency, Scope
from masa.core.policies import Policy


class AgencyPolicy(Policy[PartnershipAgency]):
    """An agency as it takes part in one partnership (statutory partner or relevant
    agency); only the acting partnership's agencies are ever visible."""

    resource = "agency"
    model = PartnershipAgency

    def scoped(
        self, records: QuerySet[PartnershipAgency], membership: Membership, scope: Scope
    ) -> QuerySet[PartnershipAgency]:
        records = records.filter(partnership_id=membership.partnership_id)
        if scope == Scope.PARTNERSHIP:
            return records
        return records.filter(agency_id=membership.agency_id)


agencies = AgencyPolicy()
