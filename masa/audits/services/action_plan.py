"""A round's action plan: actions of the one action model whose source is a case of
the round (an inadequate grade needs at least one)."""

from __future__ import annotations

import datetime

from django.db import transaction

from masa.actions.models import Action, SourceKind
from masa.audits import policies
from masa.audits.models import Case, Round
from masa.audits.services.common import require_text, today
from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, PartnershipAgency, Person


@transaction.atomic
def audit_action_add(
    *,
    acting: Acting,
    case: Case,
    owner_agency: Agency,
    what: str,
    measure_of_success: str,
    due_on: datetime.date,
    owner: Person | None = None,
) -> Action:
    """Add a follow-up action to an audited case, owned by an agency: for the panel
    that graded it (case_audit.grade reaching the case) while the round is open."""
    policies.cases.require(acting, "grade", case)
    if not Round.objects.filter(pk=case.round_id, status=Round.Status.OPEN).exists():
        raise ServiceError("The round is closed")
    partnership = case.partnership
    if not PartnershipAgency.objects.filter(partnership=partnership, agency=owner_agency).exists():
        raise ServiceError(
            f"{owner_agency} does not take part in {partnership}", field="owner_agency"
        )
    if (
        owner is not None
        and not Membership.objects.filter(
            person=owner, partnership=partnership, agency=owner_agency, is_active=True
        ).exists()
    ):
        raise ServiceError(
            "The named owner must work for the owning agency in this partnership", field="owner"
        )
    if due_on < today():
        raise ServiceError("The due date must be today or in the future", field="due_on")
    action = Action.objects.create(
        partnership=partnership,
        source_kind=SourceKind.AUDIT_CASE,
        audit_case=case,
        owner_agency=owner_agency,
        owner=owner,
        what=require_text(what, "what", "Say what will be done"),
        measure_of_success=require_text(
            measure_of_success, "measure_of_success", "Say how success will be measured"
        ),
        due_on=due_on,
        priority=case.round.theme,
        created_on=today(),
    )
    audit.record(
        acting,
        "action.add",
        action,
        {
            "owner_agency": {"old": None, "new": owner_agency.name},
            "owner": {"old": None, "new": str(owner) if owner else None},
            "due_on": {"old": None, "new": str(due_on)},
        },
    )
    return action
