"""Groups and their members: setting up a group, changing it, a rotating chair's
order, members and deputies (whose delegated authority must be confirmed before they
count towards a quorum), and members leaving."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, PartnershipAgency, Person
from masa.governance import policies
from masa.governance.models import ChairTurn, Frequency, Group, GroupKind, GroupMember
from masa.governance.services.common import change, in_partnership, label, text, today


def _check_parent(group: Group | None, parent: Group | None, partnership_id: int) -> None:
    if parent is None:
        return
    if parent.partnership_id != partnership_id:
        raise ServiceError("Choose a group of this partnership", field="parent")
    seen: Group | None = parent
    while seen is not None:
        if group is not None and seen.pk == group.pk:
            raise ServiceError(
                "A group cannot report to itself or to a group below it", field="parent"
            )
        seen = seen.parent


def _check_quorum(quorum: int) -> None:
    if not 1 <= quorum <= 100:
        raise ServiceError("The quorum must be between 1 and 100", field="quorum")


@transaction.atomic
def group_add(
    *,
    acting: Acting,
    name: str,
    kind: str,
    parent: Group | None = None,
    purpose: str = "",
    frequency: str = Frequency.QUARTERLY,
    quorum: int = 3,
    chair: Person | None = None,
    vice_chair: Person | None = None,
) -> Group:
    """Set up a group (the business unit only)."""
    policies.groups.require(acting, "manage_all")
    partnership = acting.partnership
    name = text(name, "name", "Enter the group's name", limit=200)
    if kind not in GroupKind.values:
        raise ServiceError("Choose the kind of group", field="kind")
    if Group.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise ServiceError("There is already a group with this name", field="name")
    _check_parent(None, parent, partnership.pk)
    _check_quorum(quorum)
    in_partnership(chair, partnership, "chair")
    in_partnership(vice_chair, partnership, "vice_chair")
    group = Group.objects.create(
        partnership=partnership,
        name=name,
        kind=kind,
        parent=parent,
        purpose=purpose.strip(),
        frequency=frequency,
        quorum=quorum,
        chair=chair,
        vice_chair=vice_chair,
    )
    audit.record(
        acting,
        "group.add",
        group,
        {
            "name": change(None, name),
            "kind": change(None, kind),
            "parent": change(None, parent.name if parent else None),
        },
    )
    return group


# Only the business unit changes where a group sits and who chairs it.
UNIT_ONLY = ("name", "kind", "parent", "chair", "is_active")


@transaction.atomic
def group_change(
    *,
    acting: Acting,
    group: Group,
    name: str,
    kind: str,
    parent: Group | None,
    purpose: str,
    frequency: str,
    quorum: int,
    chair: Person | None,
    vice_chair: Person | None,
) -> Group:
    """Change a group. Its chair may change its purpose, frequency, quorum and vice
    chair; the business unit may change anything."""
    policies.groups.require(acting, "manage", group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    name = text(name, "name", "Enter the group's name", limit=200)
    if kind not in GroupKind.values:
        raise ServiceError("Choose the kind of group", field="kind")
    if frequency not in Frequency.values:
        raise ServiceError("Choose how often the group meets", field="frequency")
    if (
        Group.objects.filter(partnership_id=group.partnership_id, name__iexact=name)
        .exclude(pk=group.pk)
        .exists()
    ):
        raise ServiceError("There is already a group with this name", field="name")
    _check_parent(group, parent, group.partnership_id)
    _check_quorum(quorum)
    in_partnership(chair, acting.partnership, "chair")
    in_partnership(vice_chair, acting.partnership, "vice_chair")
    new = {
        "name": name,
        "kind": kind,
        "parent": parent,
        "purpose": purpose.strip(),
        "frequency": frequency,
        "quorum": quorum,
        "chair": chair,
        "vice_chair": vice_chair,
    }
    changes = {}
    unit = policies.manages_all(acting)
    for field, value in new.items():
        old = getattr(group, field)
        if old == value:
            continue
        if field in UNIT_ONLY and not unit:
            raise ServiceError("Only the business unit can change this", field=field)
        shown_old = (
            label(old) if isinstance(old, Person) else (str(old) if old is not None else None)
        )
        shown_new = (
            label(value)
            if isinstance(value, Person)
            else (str(value) if value is not None else None)
        )
        changes[field] = change(shown_old, shown_new)
        setattr(group, field, value)
    if changes:
        group.save()
        audit.record(acting, "group.change", group, changes)
    return group


@transaction.atomic
def rotation_set(
    *,
    acting: Acting,
    group: Group,
    every_months: int | None,
    starts_on: datetime.date | None,
    turns: Sequence[tuple[Agency, Person | None]] = (),
) -> Group:
    """Set (or, with no months, stop) a rotating chair: each agency in `turns` chairs
    in order for `every_months`, from `starts_on`, through the person named for it."""
    policies.groups.require(acting, "manage_all")
    group = Group.objects.select_for_update().get(pk=group.pk)
    if every_months is None:
        group.rotation_months = None
        group.rotation_starts_on = None
        group.turns.all().delete()
    else:
        if not 1 <= every_months <= 36:
            raise ServiceError("A turn must last between 1 and 36 months", field="every_months")
        if starts_on is None:
            raise ServiceError("Enter the date the rotation starts", field="starts_on")
        if len(turns) < 2:
            raise ServiceError("A rotation needs at least two turns", field="turns")
        for agency, person in turns:
            if not PartnershipAgency.objects.filter(
                partnership_id=group.partnership_id, agency=agency
            ).exists():
                raise ServiceError(f"{agency} does not take part in the partnership", field="turns")
            if (
                person is not None
                and not Membership.objects.filter(
                    person=person,
                    partnership_id=group.partnership_id,
                    agency=agency,
                    is_active=True,
                ).exists()
            ):
                raise ServiceError(f"{label(person)} does not work for {agency}", field="turns")
        group.rotation_months = every_months
        group.rotation_starts_on = starts_on
        group.turns.all().delete()
        ChairTurn.objects.bulk_create(
            ChairTurn(group=group, position=index, agency=agency, person=person)
            for index, (agency, person) in enumerate(turns)
        )
    group.save(update_fields=["rotation_months", "rotation_starts_on"])
    audit.record(
        acting,
        "group.turn_set",
        group,
        {"turns": change(None, [agency.name for agency, _ in turns] if every_months else [])},
    )
    return group


@transaction.atomic
def member_add(
    *,
    acting: Acting,
    group: Group,
    person: Person,
    role: str = "",
    voting: bool = True,
    deputy_of: GroupMember | None = None,
    joined_on: datetime.date | None = None,
) -> GroupMember:
    """Give a person a seat on a group for the agency they work for in the partnership,
    or make them a deputy for a member (same agency, delegated authority to confirm)."""
    policies.groups.require(acting, "manage", group)
    membership = (
        Membership.objects.filter(
            person=person, partnership_id=group.partnership_id, is_active=True
        )
        .select_related("agency")
        .first()
    )
    if membership is None:
        raise ServiceError("Choose someone who works in this partnership", field="person")
    if GroupMember.objects.filter(group=group, person=person, left_on__isnull=True).exists():
        raise ServiceError("They are already on this group", field="person")
    if deputy_of is not None:
        if deputy_of.group_id != group.pk or deputy_of.is_deputy or deputy_of.left_on is not None:
            raise ServiceError("Choose a current member of this group", field="deputy_of")
        if deputy_of.agency_id != membership.agency_id:
            raise ServiceError(
                "A deputy must work for the same agency as the member", field="deputy_of"
            )
        voting = deputy_of.voting
    member = GroupMember.objects.create(
        partnership_id=group.partnership_id,
        group=group,
        person=person,
        agency=membership.agency,
        role=role.strip()[:200],
        voting=voting,
        deputy_of=deputy_of,
        joined_on=joined_on or today(),
    )
    audit.record(
        acting,
        "group.member_add",
        member,
        {
            "agency": change(None, membership.agency.name),
            "role": change(None, member.role),
            "voting": change(None, voting),
            "deputy_of": change(None, label(deputy_of.person) if deputy_of else None),
        },
        target_label=f"{label(person)} on {group.name}",
    )
    return member


@transaction.atomic
def deputy_confirm(
    *, acting: Acting, deputy: GroupMember, on: datetime.date | None = None
) -> GroupMember:
    """Record that a deputy's delegated authority is confirmed: from then they count
    towards the quorum when they attend in the member's place."""
    policies.groups.require(acting, "manage", deputy.group)
    deputy = GroupMember.objects.select_for_update().get(pk=deputy.pk)
    if not deputy.is_deputy:
        raise ServiceError("Only a deputy's delegated authority is confirmed")
    if deputy.authority_confirmed_on is not None:
        return deputy
    deputy.authority_confirmed_on = on or today()
    deputy.authority_confirmed_by = acting.person
    deputy.save(update_fields=["authority_confirmed_on", "authority_confirmed_by"])
    audit.record(
        acting,
        "group.deputy_confirm",
        deputy,
        {"authority_confirmed_on": change(None, str(deputy.authority_confirmed_on))},
    )
    return deputy


@transaction.atomic
def member_leave(
    *, acting: Acting, member: GroupMember, on: datetime.date | None = None
) -> GroupMember:
    """A member leaves the group (and their deputies with them)."""
    policies.groups.require(acting, "manage", member.group)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        return member
    member.left_on = on or today()
    if member.left_on < member.joined_on:
        raise ServiceError("They cannot leave before they joined")
    member.save(update_fields=["left_on"])
    member.deputies.filter(left_on__isnull=True).update(left_on=member.left_on)
    audit.record(
        acting, "group.member_leave", member, {"left_on": change(None, str(member.left_on))}
    )
    return member
