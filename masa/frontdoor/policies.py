"""Who may see which front-door records (ARCHITECTURE.md: child-identifiable records
are seen by the referrer, the MASH, and agencies the MASH asks for information).

Each resource has one `Policy`; views declare their guard with it and fetch records
through `get_or_404`, services call `require`, and `people_with` says whom to email.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from masa.core.acting import Acting
from masa.core.models import Membership, Partnership, Person, Scope
from masa.core.policies import M, Policy
from masa.frontdoor.models import Child, Contact, PartnerCheck, Referral


class ReferralPolicy(Policy[Referral]):
    """Referrals: a referrer's own (drafts included); the MASH sees every submitted one.

    `create` on a record means changing it as its referrer: only the person who started
    a referral may fill in, send or delete it, whatever else they may see.
    """

    resource = "referral"
    model = Referral

    def visible(self, who: Acting | None, action: str) -> QuerySet[Referral]:
        records = super().visible(who, action)
        if action == "create" and who is not None:
            return records.filter(referrer=who.person)
        return records

    def scoped(
        self, records: QuerySet[Referral], membership: Membership, scope: Scope
    ) -> QuerySet[Referral]:
        records = records.filter(partnership=membership.partnership)
        mine = Q(referrer=membership.person)
        if scope == Scope.PARTNERSHIP:
            # Someone else's draft is nobody's business until it is sent.
            return records.filter(mine | Q(status=Referral.Status.SUBMITTED))
        if scope == Scope.AGENCY:
            return records.filter(
                mine | Q(status=Referral.Status.SUBMITTED, referrer_agency=membership.agency)
            )
        return records.filter(mine)


class MashRecordPolicy(Policy[M]):
    """Records only the MASH of the record's partnership may see (partnership scope)."""

    def scoped(self, records: QuerySet[M], membership: Membership, scope: Scope) -> QuerySet[M]:
        if scope != Scope.PARTNERSHIP:
            return records.none()
        return records.filter(partnership=membership.partnership)


class ContactPolicy(MashRecordPolicy[Contact]):
    """MASH contacts: the MASH of the contact's partnership only."""

    resource = "contact"
    model = Contact


class ChildPolicy(MashRecordPolicy[Child]):
    """Children's records: the MASH of the partnership."""

    resource = "child"
    model = Child


class PartnerCheckPolicy(Policy[PartnerCheck]):
    """Requests for information: the MASH sees all; an agency sees those addressed to it."""

    resource = "partner_check"
    model = PartnerCheck

    def scoped(
        self, records: QuerySet[PartnerCheck], membership: Membership, scope: Scope
    ) -> QuerySet[PartnerCheck]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        if scope == Scope.AGENCY:
            return records.filter(agency=membership.agency)
        return records.filter(Q(requested_by=membership.person) | Q(responded_by=membership.person))

    def people_with(
        self,
        action: str,
        obj: PartnerCheck | None = None,
        *,
        partnership: Partnership | int | None = None,
    ) -> list[Person]:
        """As for any policy; but who may `respond` to a request are the people who answer
        for its agency: its active members whose role answers the agency's requests (at
        agency or partnership scope, so they may open it), not everyone who could."""
        if action != "respond" or obj is None:
            return super().people_with(action, obj, partnership=partnership)
        return list(
            Person.objects.filter(
                is_active=True,
                memberships__partnership_id=obj.partnership_id,
                memberships__agency_id=obj.agency_id,
                memberships__is_active=True,
                memberships__roles__permissions__permission=self.permission(action),
                memberships__roles__permissions__scope__in=[Scope.AGENCY, Scope.PARTNERSHIP],
            )
            .distinct()
            .order_by("full_name", "email")
        )


class FiguresPolicy(Policy[Partnership]):
    """The front door's figures: counts for the partnership the person works in, never
    records, so the aggregate scope of `dashboard.view` is enough."""

    resource = "dashboard"
    model = Partnership

    def scoped(
        self, records: QuerySet[Partnership], membership: Membership, scope: Scope
    ) -> QuerySet[Partnership]:
        return records.filter(pk=membership.partnership_id)


referrals = ReferralPolicy()
contacts = ContactPolicy()
children = ChildPolicy()
partner_checks = PartnerCheckPolicy()
figures = FiguresPolicy()
