"""Reads of groups for pages: the structure chart and who chairs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from masa.core.acting import Acting
from masa.core.models import Person
from masa.governance import policies, rules
from masa.governance.models import Group, GroupKind


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
