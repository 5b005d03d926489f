"""A round's action plan: actions of the one action model whose source is a case of
the round (an inadequate grade needs at least one)."""

from __future__ import annotations

import datetime

from django.db import transaction

from masa.actions import services as action_services
from masa.actions.models import Action, SourceKind
from masa.audits import policies
from masa.audits.models import Case, Round
from masa.audits.services.common import today
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Person


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
    if due_on < today():
        raise ServiceError("The due date must be today or in the future", field="due_on")
    action = action_services.action_create_for_source(
        acting=acting,
        partnership=case.partnership,
        source_kind=SourceKind.AUDIT_CASE,
        source=case,
        owner_agency=owner_agency,
        owner=owner,
        what=what,
        measure_of_success=measure_of_success,
        due_on=due_on,
    )
    return action
