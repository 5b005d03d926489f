"""Who may see and change multi-agency case audits.

* Rounds (case_audit.view P): the year's programme, every round of the partnership.
  Aggregate (case_audit.view G): the grades tables only, never a round or a case.
* Cases: only the round's audit group and the business unit (case_audit.manage across
  the partnership) see a case; grading needs case_audit.grade as well.
* An agency's part (audit_response.answer A): its own audits and urgent concerns, never
  another agency's; at P scope, every agency's.
"""

from __future__ import annotations

from django.db.models import QuerySet

from masa.audits.models import AgencyAudit, Case, Round, UrgentConcern
from masa.core.models import Membership, Scope
from masa.core.policies import Policy


def runs_audits(membership: Membership) -> bool:
    """The business unit: case_audit.manage across the partnership."""
    return membership.scope_for("case_audit.manage") == Scope.PARTNERSHIP


class RoundPolicy(Policy[Round]):
    """The audit programme's rounds: every round of the partnership."""

    resource = "case_audit"
    model = Round

    def scoped(
        self, records: QuerySet[Round], membership: Membership, scope: Scope
    ) -> QuerySet[Round]:
        return records.filter(partnership=membership.partnership)


class CasePolicy(Policy[Case]):
    """Cases: the business unit sees all; anyone else only the cases of rounds whose
    audit group they sit in."""

    resource = "case_audit"
    model = Case

    def scoped(
        self, records: QuerySet[Case], membership: Membership, scope: Scope
    ) -> QuerySet[Case]:
        records = records.filter(partnership=membership.partnership)
        if runs_audits(membership):
            return records
        return records.filter(round__audit_group=membership.person)


class AgencyAuditPolicy(Policy[AgencyAudit]):
    """An agency's audits of its own files: its own (A), or every agency's (P)."""

    resource = "audit_response"
    model = AgencyAudit

    def scoped(
        self, records: QuerySet[AgencyAudit], membership: Membership, scope: Scope
    ) -> QuerySet[AgencyAudit]:
        records = records.filter(case__partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        return records.filter(agency=membership.agency)


class ConcernPolicy(Policy[UrgentConcern]):
    """Urgent concerns: the agency's own (A), or every agency's (P)."""

    resource = "audit_response"
    model = UrgentConcern

    def scoped(
        self, records: QuerySet[UrgentConcern], membership: Membership, scope: Scope
    ) -> QuerySet[UrgentConcern]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        return records.filter(agency=membership.agency)


rounds = RoundPolicy()
cases = CasePolicy()
agency_audits = AgencyAuditPolicy()
concerns = ConcernPolicy()
