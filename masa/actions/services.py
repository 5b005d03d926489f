"""Every write to actions: one domain action, one function, one transaction, one audit
event. Status moves are checked against the tables in `masa.actions.rules`.

Permissions are checked here as well as in the views, so no caller can skip them:
adding an action to a review's recommendation needs review.manage (the review's
policy); updating an action needs recommendation.update reaching that action; accepting
evidence and closing need recommendation.sign_off at partnership scope
(`policies.actions`, ability "sign_off_here").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from masa.actions import policies, rules
from masa.actions.models import (
    SOURCE_FIELDS,
    Action,
    ActionUpdate,
    Evidence,
    SourceKind,
    evidence_path,
)
from masa.core import audit, files, notify
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, Membership, Partnership, PartnershipAgency, Person
from masa.plan.models import Priority
from masa.reviews import policies as review_policies
from masa.reviews import validators
from masa.reviews.models import Recommendation


def _today() -> datetime.date:
    return timezone.localdate()


def _require_text(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ServiceError(message, field=field)
    return text


def _happened(day: datetime.date | None, field: str, what: str) -> None:
    """A date on which something happened (accepted, closed) cannot be in the future."""
    if day is not None and day > validators.today():
        raise ServiceError(f"{what} must be today or in the past", field=field)


def _require_sign_off(acting: Acting, action: Action) -> None:
    """Accepting evidence and closing: recommendation.sign_off across the partnership
    the action is in."""
    if not (
        policies.actions.can(acting, "sign_off_here")
        and policies.actions.can(acting, "sign_off", action)
    ):
        raise NotAllowed("You do not have permission to do this")


def _check_owner(partnership: Partnership, owner_agency: Agency, owner: Person | None) -> None:
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


def _check_serves(partnership: Partnership, serves: Priority | None) -> None:
    if serves is not None and serves.partnership_id != partnership.pk:
        raise ServiceError("Choose a priority of this partnership", field="serves")


@transaction.atomic
def action_create_for_source(
    *,
    acting: Acting,
    partnership: Partnership,
    source_kind: str,
    source: Any,
    owner_agency: Agency,
    what: str,
    measure_of_success: str,
    due_on: datetime.date,
    owner: Person | None = None,
    serves: Priority | None = None,
) -> Action:
    """Make an action for a source of kind `source_kind` (a review's recommendation, a
    meeting, a risk, a scrutiny recommendation, a plan's priority) and record it. This
    checks the action, not the person: each kind of source has its own service that
    checks who may add actions to it and then calls this."""
    _check_owner(partnership, owner_agency, owner)
    _check_serves(partnership, serves)
    action = Action.objects.create(
        partnership=partnership,
        source_kind=source_kind,
        **{SOURCE_FIELDS[source_kind]: source},
        owner_agency=owner_agency,
        owner=owner,
        what=_require_text(what, "what", "Say what will be done"),
        measure_of_success=_require_text(
            measure_of_success, "measure_of_success", "Say how success will be measured"
        ),
        due_on=due_on,
        serves=serves,
        created_on=_today(),
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


@transaction.atomic
def actions_hand_over(*, acting: Acting, leaver: Membership, successor: Person) -> list[Action]:
    """Give the open actions a leaver is the named owner of (in the partnership acting
    in) to their successor, who must work for each action's owning agency. For those
    who manage the leaver's access (person.manage reaching their membership)."""
    from masa.core.policies import people

    people.require(acting, "manage", leaver)
    handed = list(
        Action.objects.select_for_update()
        .filter(
            partnership_id=leaver.partnership_id,
            owner_id=leaver.person_id,
            status__in=[status.value for status in rules.ACTION_OPEN],
        )
        .order_by("pk")
    )
    agencies = set(
        Membership.objects.filter(
            person=successor, partnership_id=leaver.partnership_id, is_active=True
        ).values_list("agency_id", flat=True)
    )
    if any(action.owner_agency_id not in agencies for action in handed):
        raise ServiceError(
            "The successor must work for the agency that owns each of the leaver's actions",
            field="successor",
        )
    for action in handed:
        action.owner = successor
        action.save(update_fields=["owner"])
        audit.record(
            acting,
            "action.hand_over",
            action,
            {"owner": {"old": str(leaver.person), "new": str(successor)}},
        )
    return handed


@transaction.atomic
def action_add(
    *,
    acting: Acting,
    recommendation: Recommendation,
    owner_agency: Agency,
    what: str,
    measure_of_success: str,
    due_on: datetime.date,
    owner: Person | None = None,
    serves: Priority | None = None,
) -> Action:
    """Break a source (a review's recommendation) into a SMART action owned by an agency
    (and a named person in it, who must be a member of the partnership through that
    agency), serving a partnership priority if one is named. Adding to a review's
    recommendation is for those who run the review (review.manage)."""
    review = recommendation.review
    if not review_policies.reviews.can(acting, "manage", review):
        raise NotAllowed("You do not have permission to do this")
    return action_create_for_source(
        acting=acting,
        partnership=review.partnership,
        source_kind=SourceKind.RECOMMENDATION,
        source=recommendation,
        owner_agency=owner_agency,
        owner=owner,
        what=what,
        measure_of_success=measure_of_success,
        due_on=due_on,
        serves=serves,
    )


def _has_accepted_evidence(action: Action) -> bool:
    return action.evidence.filter(accepted_on__isnull=False).exists()


@transaction.atomic
def action_update(
    *,
    acting: Acting,
    action: Action,
    status: str,
    progress: str,
    at: datetime.datetime | None = None,
) -> ActionUpdate:
    """A progress update by the action's owner agency (or anyone whose
    recommendation.update reaches the action): a new numbered version, never an edit,
    with the status moved as `rules.ACTION_TRANSITIONS` allows (or kept)."""
    if not policies.actions.can(acting, "update", action):
        raise NotAllowed("You do not have permission to update this action")
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not progress.strip():
        raise ServiceError("Say what progress has been made", field="progress")
    if status == rules.ActionStatus.CLOSED:
        raise ServiceError("Actions are closed at sign-off, not in an update", field="status")
    if action.status in (rules.ActionStatus.EVIDENCED, rules.ActionStatus.CLOSED):
        raise ServiceError("This action has been evidenced or closed: it takes no more updates")
    if status != action.status:
        refusal = rules.action_transition_refusal(
            action.status,
            status,
            progress=progress,
            accepted_evidence=_has_accepted_evidence(action),
            can_update=True,
        )
        if refusal:
            raise ServiceError(refusal, field="status")
    at = at or timezone.now()
    version = int(action.updates.aggregate(top=Max("version"))["top"] or 0) + 1
    update = ActionUpdate.objects.create(
        action=action,
        version=version,
        author=acting.person,
        at=at,
        status=status,
        progress=progress.strip(),
    )
    old = action.status
    action.status = status
    action.last_update_on = timezone.localdate(at)
    action.save(update_fields=["status", "last_update_on"])
    audit.record(
        acting,
        "action.update",
        action,
        {"status": {"old": old, "new": status}, "version": {"old": version - 1, "new": version}},
    )
    return update


@transaction.atomic
def evidence_upload(
    *,
    acting: Acting,
    action: Action,
    name: str,
    chunks: Iterable[bytes],
    update: ActionUpdate | None = None,
) -> Evidence:
    """Keep a file as evidence for an action. The type is checked by name AND content,
    the size against MASA_EVIDENCE_MAX_BYTES, the name made safe; it is stored under a
    random name and served only through a permission check."""
    if not policies.actions.can(acting, "update", action):
        raise NotAllowed("You do not have permission to add evidence to this action")
    if action.status == rules.ActionStatus.CLOSED:
        raise ServiceError("This action is closed")
    if update is not None and update.action_id != action.pk:
        raise ServiceError("Choose an update of this action", field="update")
    checked = files.checked_upload(name, chunks)
    evidence = Evidence(
        partnership=action.partnership,
        action=action,
        update=update,
        **files.file_fields(acting.person, name, checked),
    )
    files.keep_file(
        evidence,
        evidence_path(evidence, checked.stored_name),
        checked,
        lambda changes: audit.record(
            acting,
            "evidence.upload",
            evidence,
            changes,
            target_label=f"{checked.stored_name} for action {action.pk}",
        ),
    )
    return evidence


@transaction.atomic
def action_update_with_evidence(
    *,
    acting: Acting,
    action: Action,
    status: str,
    progress: str,
    name: str,
    chunks: Iterable[bytes],
) -> tuple[ActionUpdate, Evidence]:
    """A progress update sent with an evidence file (the update page's one form): both are
    kept, or neither, so a refused file never leaves a half-done update behind. Each part
    is its own domain action and writes its own audit event."""
    update = action_update(acting=acting, action=action, status=status, progress=progress)
    evidence = evidence_upload(
        acting=acting, action=action, name=name, chunks=chunks, update=update
    )
    return update, evidence


@transaction.atomic
def evidence_accept(
    *, acting: Acting, evidence: Evidence, accepted_on: datetime.date | None = None
) -> Evidence:
    """The case review group accepts a piece of evidence (recommendation.sign_off). A
    completed action with accepted evidence becomes evidenced."""
    _require_sign_off(acting, evidence.action)
    # Lock the row and re-read it, so acceptance is checked as it is now.
    list(Evidence.objects.select_for_update().filter(pk=evidence.pk).values_list("pk"))
    evidence.refresh_from_db()
    if evidence.accepted_on is not None:
        raise ServiceError("This evidence has already been accepted")
    evidence.accepted_on = accepted_on or _today()
    _happened(evidence.accepted_on, "accepted_on", "The date accepted")
    evidence.accepted_by = acting.person
    evidence.save(update_fields=["accepted_on", "accepted_by"])
    action = Action.objects.select_for_update().get(pk=evidence.action_id)
    changes: dict[str, Any] = {"accepted_on": {"old": None, "new": str(evidence.accepted_on)}}
    if action.status == rules.ActionStatus.COMPLETED:
        action.status = rules.ActionStatus.EVIDENCED
        action.save(update_fields=["status"])
        changes["action_status"] = {"old": "completed", "new": "evidenced"}
    audit.record(acting, "evidence.accept", evidence, changes, target_label=evidence.stored_name)
    return evidence


@transaction.atomic
def action_close(
    *,
    acting: Acting,
    action: Action,
    closed_on: datetime.date | None = None,
    reason: str = "",
) -> Action:
    """Close an action (recommendation.sign_off): with accepted evidence, or with a
    recorded reason; never otherwise."""
    _require_sign_off(acting, action)
    action = Action.objects.select_for_update().get(pk=action.pk)
    refusal = rules.action_transition_refusal(
        action.status,
        rules.ActionStatus.CLOSED,
        accepted_evidence=_has_accepted_evidence(action),
        closure_reason=reason,
        can_sign_off=True,
    )
    if refusal:
        raise ServiceError(refusal, field="reason")
    old = action.status
    action.status = rules.ActionStatus.CLOSED
    action.closed_on = closed_on or _today()
    _happened(action.closed_on, "closed_on", "The date closed")
    action.closed_by = acting.person
    action.closure_reason = reason.strip()
    action.save(update_fields=["status", "closed_on", "closed_by", "closure_reason"])
    audit.record(
        acting,
        "action.close",
        action,
        {
            "status": {"old": old, "new": "closed"},
            "closure_reason": {"old": "", "new": action.closure_reason},
        },
    )
    return action


# --- reminders: what is due on the open actions, and who hears about it --------------------


@dataclass(frozen=True)
class DueAction:
    """A reminder to send about an open action: due (sent before and after `due_on`) or
    stale (no update since `due_on`). `key` names what it is about, so it is sent once."""

    key: str
    due_on: datetime.date
    subject: str
    message: str
    recipients: tuple[str, ...]
    link: str = ""  # the action's page in MASA


def _updaters(action: Action) -> tuple[str, ...]:
    """Email addresses of the owning agency's people whose update reaches the action."""
    people = {person.pk: person for person in policies.actions.people_with("update", action)}
    in_agency = Membership.objects.filter(
        partnership_id=action.partnership_id,
        agency_id=action.owner_agency_id,
        person_id__in=people,
        is_active=True,
    ).values_list("person_id", flat=True)
    return tuple(sorted({people[pk].email for pk in in_agency}))


def _action_owners(action: Action, known: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """The named owner, else the owning agency's people who may update actions."""
    if action.owner is not None and action.owner.is_active:
        return (action.owner.email,)
    if action.owner_agency_id not in known:
        known[action.owner_agency_id] = _updaters(action)
    return known[action.owner_agency_id]


def reminders_due(
    partnership: Partnership, stale_before: datetime.date
) -> tuple[list[DueAction], list[DueAction]]:
    """The partnership's open actions as reminders: each one due (to send before and
    after its due date), and those last updated on or before `stale_before` (no update
    for the `action_update_stale` period)."""
    actions = Action.objects.filter(
        partnership=partnership, status__in=list(rules.ACTION_OPEN)
    ).select_related(
        "owner",
        "partnership",
        "recommendation__review",
        "meeting__group",
        "risk",
        "scrutiny_recommendation",
        "plan_item__period",
        "audit_case__round",
    )
    due: list[DueAction] = []
    stale: list[DueAction] = []
    agency_people: dict[int, tuple[str, ...]] = {}
    for action in actions:
        source = action.source_info
        label = f"{source.reference} {source.part[:1].lower()}{source.part[1:]}"
        owners = _action_owners(action, agency_people)
        page = notify.link("actions:action", action.pk)
        due.append(
            DueAction(
                f"action:{action.pk}:due:{action.due_on}",
                action.due_on,
                f"Action on {label}",
                f'The action "{action.what[:120]}" on {label} is due by {action.due_on:%-d %B %Y}.',
                owners,
                page,
            )
        )
        last = action.last_update_on or action.created_on
        if last <= stale_before:
            stale.append(
                DueAction(
                    f"action:{action.pk}:stale:{last}",
                    last,
                    f"No update on an action on {label}",
                    f'The action "{action.what[:120]}" on {label} has had no update '
                    f"since {last:%-d %B %Y}. Please give an update.",
                    owners,
                    page,
                )
            )
    return due, stale
