"""Leavers and movers: ending a person's access with a hand-over, moving them to
another agency, and flagging accounts nobody uses.

A leaver's records and audit trail stay as they were: only the membership ends. When
it was their last active membership, the person can no longer sign in, and their
password is made unusable, which ends every session they have at once (Django checks
a hash of the password on each request)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from masa.actions import services as action_services
from masa.core import audit, clocks, notify
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, PartnershipAgency, Person
from masa.core.policies import people
from masa.core.timescales import rule_for
from masa.people import selectors
from masa.people.models import DormantFlag, Leaver


@transaction.atomic
def person_leave(
    *, acting: Acting, membership: Membership, successor: Person | None, reason: str = ""
) -> Leaver:
    """End a member's access to the partnership, handing their open actions to
    `successor` (needed when they own any). Their records and history stay."""
    people.require(acting, "manage", membership)
    membership = (
        Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
    )
    person = membership.person
    if person.pk == acting.person.pk:
        raise ServiceError("You cannot record yourself as a leaver", field="successor")
    if not membership.is_active:
        raise ServiceError(f"{person.full_name} has already left")
    if successor is not None and (
        successor.pk == person.pk
        or not successor.is_active
        or not Membership.objects.filter(
            person=successor, partnership_id=membership.partnership_id, is_active=True
        ).exists()
    ):
        raise ServiceError(
            "Choose an active member of the partnership, other than the leaver", field="successor"
        )
    handed: list[object] = []
    if selectors.open_actions_of(membership).exists():
        if successor is None:
            raise ServiceError(
                "They own open actions: choose who takes them over", field="successor"
            )
        handed = list(
            action_services.actions_hand_over(acting=acting, leaver=membership, successor=successor)
        )
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    signed_out = not Membership.objects.filter(person=person, is_active=True).exists()
    if signed_out:
        person.is_active = False
        person.set_unusable_password()  # a new hash: every open session ends
        person.save(update_fields=["is_active", "password"])
    leaver = Leaver.objects.create(
        partnership=membership.partnership,
        membership=membership,
        person=person,
        successor=successor,
        reason=reason.strip(),
        actions_handed_over=len(handed),
        recorded_by=acting.person,
    )
    audit.record(
        acting,
        "person.leave",
        person,
        audit.values(
            successor=str(successor) if successor else "",
            reason=leaver.reason,
            actions_handed_over=len(handed),
            signed_out=signed_out,
        ),
        target_label=f"{person} in {membership.partnership}",
    )
    if successor is not None and handed:
        notify.send(
            "people/handover",
            [successor],
            {
                "leaver": person,
                "count": len(handed),
                "link": notify.link("actions:action-plan"),
            },
            partnership=membership.partnership,
            about=membership,
        )
    return leaver


@transaction.atomic
def person_move(*, acting: Acting, membership: Membership, agency: Agency) -> Membership:
    """Move a member to another agency of the partnership. Their membership (and so
    their history, roles and records) stays; only the agency they act for changes."""
    people.require(acting, "manage", membership)
    membership = (
        Membership.objects.select_for_update().select_related("agency").get(pk=membership.pk)
    )
    if not PartnershipAgency.objects.filter(
        partnership_id=membership.partnership_id, agency=agency
    ).exists():
        raise ServiceError(f"{agency} does not take part in this partnership", field="agency")
    if not acting.partnership_wide("person.manage"):
        raise ServiceError(
            "Only the business unit moves people between agencies: you can only place "
            "people in your own agency",
            field="agency",
        )
    if agency.pk == membership.agency_id:
        raise ServiceError(f"They already work for {agency}", field="agency")
    before = str(membership.agency)
    membership.agency = agency
    membership.save(update_fields=["agency"])
    audit.record(
        acting,
        "person.move",
        membership.person,
        {"agency": {"old": before, "new": str(agency)}},
        partnership=membership.partnership,
        target_label=f"{membership.person} in {membership.partnership}",
    )
    return membership


def _leads_of(membership: Membership) -> list[Person]:
    """Who manages the member's access: their agency's leads (person.manage at agency
    scope, same agency) and the business unit (partnership scope)."""
    return [
        lead for lead in people.people_with("manage", membership) if lead.pk != membership.person_id
    ]


def unused_since(now: datetime.datetime, rule: clocks.Rule) -> datetime.datetime:
    """The moment `rule` before `now`: a sign-in before it is too long ago."""
    if rule.months is not None:
        moved = clocks.add_months(now, -rule.months)  # keeps a datetime's time of day
        assert isinstance(moved, datetime.datetime)
        return moved
    if rule.hours is not None:
        return now - datetime.timedelta(hours=rule.hours)
    days = rule.calendar_days if rule.calendar_days is not None else 0
    if rule.working_days is not None:  # a week of five working days is seven days
        days = -(-rule.working_days * 7 // 5)
    return now - datetime.timedelta(days=days)


@transaction.atomic
def dormant_accounts_flag(*, now: datetime.datetime | None = None) -> int:
    """Tell the leads of each agency about members who have not signed in for longer
    than the partnership's `account_unused` timescale, once for each gap. Returns how
    many accounts were flagged."""
    from masa.core.models import Partnership

    now = now or timezone.now()
    flagged = 0
    for partnership in Partnership.objects.all():
        since = unused_since(now, rule_for(partnership, "account_unused"))
        for membership in selectors.unused_memberships(partnership.pk, since):
            last_seen = membership.person.last_login or membership.person.date_joined
            if DormantFlag.objects.filter(membership=membership, last_seen=last_seen).exists():
                continue
            leads = _leads_of(membership)
            DormantFlag.objects.create(
                membership=membership, partnership=partnership, last_seen=last_seen
            )
            notify.send(
                "people/dormant",
                leads,
                {
                    "member": membership.person,
                    "agency": membership.agency,
                    "last_seen": last_seen,
                    "link": notify.link("core:person", membership.pk),
                },
                partnership=partnership,
                about=membership,
            )
            audit.record(
                None,
                "person.dormant_flag",
                membership.person,
                audit.values(last_seen=last_seen.date().isoformat(), told=len(leads)),
                partnership=partnership,
                target_label=f"{membership.person} in {partnership}",
            )
            flagged += 1
    return flagged
