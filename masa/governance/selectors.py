"""Reads of groups for pages: the structure chart and who chairs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from masa.core.acting import Acting
from masa.core.models import Person
from masa.governance import policies, rules
from masa.governance.models import (
    AgendaItem,
    Attendance,
    Decision,
    Group,
    GroupKind,
    GroupMember,
    Meeting,
    Paper,
)


@dataclass
class Node:
    """A group in the structure chart, with the groups that report to it."""

    group: Group
    children: list[Node] = field(default_factory=list)


def structure(*, acting: Acting) -> list[Node]:
    """The groups the person may see as a forest: each under the group it reports to
    (a group whose parent they cannot see is shown at the top)."""
    groups = list(policies.groups.visible(acting, "view").filter(is_active=True))
    nodes = {group.pk: Node(group) for group in groups}
    roots: list[Node] = []
    for group in groups:
        parent = nodes.get(group.parent_id) if group.parent_id else None
        (parent.children if parent else roots).append(nodes[group.pk])
    kinds = [choice.value for choice in GroupKind]

    def key(node: Node) -> tuple[int, str]:
        return (kinds.index(node.group.kind), node.group.name)

    def sort(level: list[Node]) -> None:
        level.sort(key=key)
        for node in level:
            sort(node.children)

    sort(roots)
    return roots


@dataclass(frozen=True)
class Chairing:
    """Who chairs a group now and next, and when the change comes."""

    chair: Person | None
    vice_chair: Person | None
    next_chair: Person | None = None
    next_agency: str = ""
    changes_on: datetime.date | None = None
    warn: bool = False  # the change is within the warning period


def chairing(group: Group, today: datetime.date, warn_days: int) -> Chairing:
    """The chair now: the fixed chair, or the current turn's person when it rotates."""
    if group.rotation_months is None or group.rotation_starts_on is None:
        return Chairing(group.chair, group.vice_chair)
    turns = list(group.turns.select_related("person", "agency").order_by("position"))
    turn = rules.turn_on(group.rotation_starts_on, group.rotation_months, len(turns), today)
    if turn is None:
        return Chairing(group.chair, group.vice_chair)
    following = turns[(turn.position + 1) % len(turns)]
    return Chairing(
        turns[turn.position].person,
        group.vice_chair,
        next_chair=following.person,
        next_agency=following.agency.name,
        changes_on=turn.ends_on,
        warn=(turn.ends_on - today).days <= warn_days,
    )


@dataclass(frozen=True)
class SeatRow:
    """A member's seat with their current deputies."""

    member: GroupMember
    deputies: list[GroupMember]


def seats(group: Group) -> list[SeatRow]:
    """The group's current members, each with their deputies, by agency then name."""
    current = list(
        GroupMember.objects.filter(group=group, left_on__isnull=True)
        .select_related("person", "agency")
        .order_by("agency__name", "person__full_name")
    )
    deputies: dict[int, list[GroupMember]] = {}
    for seat in current:
        if seat.deputy_of_id is not None:
            deputies.setdefault(seat.deputy_of_id, []).append(seat)
    return [
        SeatRow(seat, deputies.get(seat.pk, [])) for seat in current if seat.deputy_of_id is None
    ]


def meetings_of(group: Group, *, upcoming: bool, now: datetime.datetime) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(group=group)
    if upcoming:
        return meetings.filter(starts_at__gte=now).order_by("starts_at")
    return meetings.filter(starts_at__lt=now).order_by("-starts_at")


def seats_at(meeting: Meeting) -> tuple[list[GroupMember], dict[int, list[GroupMember]]]:
    """The members whose attendance a meeting records (on the group that day) and
    their deputies."""
    day = timezone.localtime(meeting.starts_at).date()
    on_the_day = (
        GroupMember.objects.filter(group_id=meeting.group_id, joined_on__lte=day)
        .exclude(left_on__lte=day)
        .select_related("person", "agency")
        .order_by("agency__name", "person__full_name")
    )
    seats: list[GroupMember] = []
    deputies: dict[int, list[GroupMember]] = {}
    for seat in on_the_day:
        if seat.deputy_of_id is None:
            seats.append(seat)
        else:
            deputies.setdefault(seat.deputy_of_id, []).append(seat)
    return seats, deputies


@dataclass
class MeetingPage:
    items: list[AgendaItem]
    papers: list[Paper]
    papers_visible: bool
    attendance: list[Attendance]
    decisions: list[Decision]
    earlier_draft: Meeting | None  # the previous meeting's minutes, to approve here
    papers_late: bool


def meeting_page(meeting: Meeting, *, can_manage: bool, today: datetime.date) -> MeetingPage:
    """What a meeting's page shows. Papers are shown to members once published (and
    to those who run the group before that)."""
    previous = (
        Meeting.objects.filter(
            group_id=meeting.group_id,
            starts_at__lt=meeting.starts_at,
            minutes_status=Meeting.Minutes.DRAFT,
        )
        .order_by("-starts_at")
        .first()
    )
    visible = can_manage or meeting.papers_sent_on is not None
    return MeetingPage(
        items=list(meeting.items.select_related("owner")),
        papers=list(meeting.papers.select_related("item")) if visible else [],
        papers_visible=visible,
        attendance=list(
            meeting.attendance.select_related(
                "member__person", "agency", "deputy__person"
            ).order_by("agency__name", "member__person__full_name")
        ),
        decisions=list(meeting.decisions.select_related("item", "owner").order_by("number")),
        earlier_draft=previous,
        papers_late=meeting.papers_sent_on is None
        and meeting.papers_due_on is not None
        and meeting.papers_due_on < today
        and meeting.status == Meeting.Status.SCHEDULED,
    )
