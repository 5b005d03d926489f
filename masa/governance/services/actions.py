"""Actions raised in a meeting: actions of the one action model (masa.actions) with the
meeting as their source, owned by an agency; they are then updated, evidenced and
closed by the action model's own rules and reviewed at each meeting of the group."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from masa.actions import rules as action_rules
from masa.actions import services as action_services
from masa.actions.models import Action, SourceKind
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Person
from masa.governance import policies
from masa.governance.models import Group, Meeting
from masa.governance.services.common import text


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
    what = text(what, "what", "Say what will be done")
    held = timezone.localtime(meeting.starts_at).date()
    if due_on < held:
        raise ServiceError("The due date must be on or after the meeting", field="due_on")
    if due_on > held + datetime.timedelta(days=3653):
        raise ServiceError("The due date must be within ten years of the meeting", field="due_on")
    if Action.objects.filter(meeting=meeting, what=what, owner_agency=owner_agency).exists():
        raise ServiceError("This action is already raised at this meeting", field="what")
    action = action_services.action_create_for_source(
        acting=acting,
        partnership=meeting.partnership,
        source_kind=SourceKind.MEETING,
        source=meeting,
        owner_agency=owner_agency,
        owner=owner,
        what=what,
        measure_of_success=measure_of_success,
        due_on=due_on,
    )
    if priority.strip():
        # The priority as the chair wrote it, kept beside the one list's link.
        Action.objects.filter(pk=action.pk).update(priority=priority.strip()[:200])
    return action


def open_actions(group: Group) -> QuerySet[Action]:
    """The group's actions still open, oldest due first: what each meeting reviews."""
    return (
        Action.objects.filter(meeting__group=group, status__in=list(action_rules.ACTION_OPEN))
        .select_related("owner_agency", "owner", "meeting__group")
        .order_by("due_on", "pk")
    )
