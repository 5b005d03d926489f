"""Who may see and change the risk register, escalations and independent scrutiny.

* Risks (risk.*): view P: the partnership's register; A: risks owned by people of the
  person's agency; own: the risks they own. review reaches the same records (an owner
  reviews their own risks; the business unit every risk), and a group's chair reviews
  the risks of the group they chair; manage P adds, edits, closes and escalates risks
  and sets the partnership's scale.
* Escalations (escalation.*, identifiable: a case reference): view P: all; A: those
  raised by or about the person's agency; own: those they raised. respond reaches the
  same records; manage P sets the ladder. Figures (counts only) are for those who hold
  escalation.view across the partnership or as aggregate figures.
* Scrutiny (scrutiny.*): view, record (the independent scrutineer writes the plan,
  activities, findings and recommendations) and decide (the executive's decision) are
  partnership-wide.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from masa.core.acting import Acting
from masa.core.models import Membership, Scope
from masa.core.policies import Policy
from masa.governance.models_risks import (
    Escalation,
    Risk,
    ScrutinyActivity,
    ScrutinyPlan,
    ScrutinyRecommendation,
)
from masa.governance.policies import chaired_by


class RiskPolicy(Policy[Risk]):
    """The risk register. view/review P: all the partnership's risks; A: those owned by
    people of the person's agency; own: those they own. manage: partnership-wide."""

    resource = "risk"
    model = Risk
    abilities: ClassVar[dict[str, Any]] = {
        "manage_here": lambda acting: acting.partnership_wide("risk.manage"),
    }

    def scoped(
        self, records: QuerySet[Risk], membership: Membership, scope: Scope
    ) -> QuerySet[Risk]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        if scope == Scope.AGENCY:
            works_here = Membership.objects.filter(
                person=OuterRef("owner"),
                partnership=membership.partnership,
                agency=membership.agency,
                is_active=True,
            )
            return records.filter(Exists(works_here))
        return records.filter(owner=membership.person)

    def _chaired(self, acting: Acting) -> QuerySet[Risk]:
        """The risks of the groups the person chairs today (a chair reviews their
        group's risks, whoever owns them), if they may see the register at all."""
        if not acting.has("risk.view"):
            return Risk.objects.none()
        groups = chaired_by(acting.person.pk, acting.partnership_id)
        return Risk.objects.filter(partnership_id=acting.partnership_id, owner_group__in=groups)

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Risk]:
        records = super().visible(acting, action)
        if action == "review" and acting is not None:
            chaired = self._chaired(acting)
            if chaired.exists():
                return Risk.objects.filter(
                    Q(pk__in=records.values("pk")) | Q(pk__in=chaired.values("pk"))
                )
        return records

    def can(self, acting: Acting | None, action: str, obj: Risk | None = None) -> bool:
        if super().can(acting, action, obj):
            return True
        if action != "review" or acting is None:
            return False
        chaired = self._chaired(acting)
        return chaired.filter(pk=obj.pk).exists() if obj is not None else chaired.exists()


def _escalation_figures(acting: Acting) -> bool:
    """Counts of escalations: escalation.view across the partnership or as figures."""
    return acting.scope_for("escalation.view") in (Scope.PARTNERSHIP, Scope.AGGREGATE)


class EscalationPolicy(Policy[Escalation]):
    """Escalations. view/respond P: all; A: raised by or about the person's agency; own:
    those they raised. manage (the ladder) is partnership-wide."""

    resource = "escalation"
    model = Escalation
    abilities: ClassVar[dict[str, Any]] = {
        "figures": _escalation_figures,
        "ladder": lambda acting: acting.partnership_wide("escalation.manage"),
    }

    def scoped(
        self, records: QuerySet[Escalation], membership: Membership, scope: Scope
    ) -> QuerySet[Escalation]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        if scope == Scope.AGENCY:
            return records.filter(
                Q(raised_by_agency=membership.agency) | Q(about_agency=membership.agency)
            )
        return records.filter(raised_by=membership.person)


class ScrutinyPlanPolicy(Policy[ScrutinyPlan]):
    resource = "scrutiny"
    model = ScrutinyPlan

    def scoped(
        self, records: QuerySet[ScrutinyPlan], membership: Membership, scope: Scope
    ) -> QuerySet[ScrutinyPlan]:
        return records.filter(partnership=membership.partnership)


class ScrutinyActivityPolicy(Policy[ScrutinyActivity]):
    resource = "scrutiny"
    model = ScrutinyActivity

    def scoped(
        self, records: QuerySet[ScrutinyActivity], membership: Membership, scope: Scope
    ) -> QuerySet[ScrutinyActivity]:
        return records.filter(plan__partnership=membership.partnership)


class ScrutinyRecommendationPolicy(Policy[ScrutinyRecommendation]):
    resource = "scrutiny"
    model = ScrutinyRecommendation

    def scoped(
        self, records: QuerySet[ScrutinyRecommendation], membership: Membership, scope: Scope
    ) -> QuerySet[ScrutinyRecommendation]:
        return records.filter(partnership=membership.partnership)


risks = RiskPolicy()
escalations = EscalationPolicy()
scrutiny_plans = ScrutinyPlanPolicy()
scrutiny_activities = ScrutinyActivityPolicy()
scrutiny_recommendations = ScrutinyRecommendationPolicy()
