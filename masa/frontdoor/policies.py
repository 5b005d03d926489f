"""Who may see which front-door records (ARCHITECTURE.md: child-identifiable records
are seen by the referrer, the MASH, and agencies the MASH asks for information)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from masa.core.models import Membership, Scope
from masa.core.policies import M, Policy
from masa.frontdoor.models import Child, Contact, PartnerCheck, Referral


class ReferralPolicy(Policy[Referral]):
    """Referrals: a referrer's own (drafts included); the MASH sees every submitted one."""

    resource = "referral"
    model = Referral

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


referrals = ReferralPolicy()
contacts = ContactPolicy()
children = ChildPolicy()
partner_checks = PartnerCheckPolicy()
