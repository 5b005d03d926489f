"""Actions raised in a meeting: actions of the one action model (masa.actions) with the
meeting as their source, owned by an agency; they are then updated, evidenced and
closed by the action model's own rules and reviewed at each meeting of the group."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from masa.actions import rules as action_rules
from masa.actions.models import Action, SourceKind
from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, PartnershipAgency, Person
from masa.governance import policies
from masa.governance.models import Group, Meeting
from masa.governance.services.common import change, label, text, today


@transaction.atomic
def action_raise(
    *,
    acting: Acting,
    meeting: Meeting,
    owner_agency: Agency,
    what: str,
    measure_of_success: str,
    due_on: datetime.date,
    owner: Person | None = None,
    priority: str = "",
) -> Action:
    """Raise an action in a meeting (those who run the group)."""
    policies.meetings.require(acting, "manage", meeting)
    partnership_id = meeting.partnership_id
    if not PartnershipAgency.objects.filter(
        partnership_id=partnership_id, agency=owner_agency
    ).exists():
        raise ServiceError("Choose an agency of the partnership", field="owner_agency")
    if (
        owner is not None
        and not Membership.objects.filter(
            person=owner, partnership_id=partnership_id, agency=owner_agency, is_active=True
        ).exists()
    ):
        raise ServiceError(
            "The named owner must work for the owning agency in this partnership", field="owner"
        )
    what = text(what, "what", "Say what will be done")
    held = timezone.localtime(meeting.starts_at).date()
    if due_on < held:
        raise ServiceError("The due date must be on or after the meeting", field="due_on")
    if due_on > held + datetime.timedelta(days=3653):
        raise ServiceError("The due date must be within ten years of the meeting", field="due_on")
    if Action.objects.filter(meeting=meeting, what=what, owner_agency=owner_agency).exists():
        raise ServiceError("This action is already raised at this meeting", field="what")
    action = Action.objects.create(
        partnership_id=partnership_id,
        source_kind=SourceKind.MEETING,
        meeting=meeting,
        owner_agency=owner_agency,
        owner=owner,
        what=what,
        measure_of_success=text(
            measure_of_success, "measure_of_success", "Say how success will be measured"
        ),
        due_on=due_on,
        priority=priority.strip()[:200],
        created_on=today(),
    )
    audit.record(
        acting,
        "action.add",
        action,
        {
            "owner_agency": change(None, owner_agency.name),
            "owner": change(None, label(owner)),
            "due_on": change(None, str(due_on)),
        },
    )
    return action


def open_actions(group: Group) -> QuerySet[Action]:
    """The group's actions still open, oldest due first: what each meeting reviews."""
    return (
        Action.objects.filter(meeting__group=group, status__in=list(action_rules.ACTION_OPEN))
        .select_related("owner_agency", "owner", "meeting__group")
        .order_by("due_on", "pk")
    )
