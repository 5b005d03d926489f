"""Who may see and run groups and their meetings.

* governance.view P: every group of the partnership and its meetings; A: the groups
  with a member from the person's agency; own: the groups the person sits on.
* governance.manage P (the business unit): every group. A group's chair or vice chair
  (the chair of the current turn when the chair rotates) manages that group only,
  whatever their role, as long as they may view groups at all.
* A meeting is seen and run as its group is.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from masa.core.acting import Acting
from masa.core.models import Membership, Partnership, Person, Scope
from masa.core.policies import Policy
from masa.governance import rules
from masa.governance.models import Group, GroupMember, Meeting


def chaired_by(person_id: int, partnership_id: int) -> QuerySet[Group]:
    """The groups a person chairs or vice-chairs today (rotating chairs included)."""
    groups = Group.objects.filter(partnership_id=partnership_id)
    fixed = groups.filter(rotation_months__isnull=True).filter(
        Q(chair_id=person_id) | Q(vice_chair_id=person_id)
    )
    pks = set(fixed.values_list("pk", flat=True))
    pks |= set(groups.filter(vice_chair_id=person_id).values_list("pk", flat=True))
    today = timezone.localdate()
    for group in groups.filter(
        rotation_months__isnull=False, turns__person_id=person_id
    ).distinct():
        assert group.rotation_months is not None
        assert group.rotation_starts_on is not None
        turns = list(group.turns.order_by("position"))
        turn = rules.turn_on(group.rotation_starts_on, group.rotation_months, len(turns), today)
        if turn is not None and turns[turn.position].person_id == person_id:
            pks.add(group.pk)
    return Group.objects.filter(pk__in=pks)


def manages_all(acting: Acting) -> bool:
    """The business unit: governance.manage across the partnership."""
    return acting.partnership_wide("governance.manage")


def manages_some(acting: Acting) -> bool:
    """Runs at least one group: the business unit, or a chair."""
    if manages_all(acting):
        return True
    return (
        acting.has("governance.view")
        and chaired_by(acting.person.pk, acting.partnership_id).exists()
    )


def reads_all(acting: Acting) -> bool:
    """The attendance report and the decision log: governance.view across the partnership."""
    return acting.partnership_wide("governance.view")


class GroupPolicy(Policy[Group]):
    resource = "governance"
    model = Group
    abilities: ClassVar[dict[str, Any]] = {
        "manage_all": manages_all,
        "manage_some": manages_some,
        "read_all": reads_all,
    }

    def scoped(
        self, records: QuerySet[Group], membership: Membership, scope: Scope
    ) -> QuerySet[Group]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        seats = GroupMember.objects.filter(left_on__isnull=True)
        if scope == Scope.AGENCY:
            seats = seats.filter(agency=membership.agency)
        else:
            seats = seats.filter(person=membership.person)
        return records.filter(pk__in=seats.values("group_id"))

    def can(self, acting: Acting | None, action: str, obj: Group | None = None) -> bool:
        if action == "manage" and acting is not None and not manages_all(acting):
            if obj is None:
                return manages_some(acting)
            return self.visible(acting, "manage").filter(pk=obj.pk).exists()
        return super().can(acting, action, obj)

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Group]:
        if action == "manage" and acting is not None and not manages_all(acting):
            if not acting.has("governance.view"):
                return Group.objects.none()
            return chaired_by(acting.person.pk, acting.partnership_id)
        return super().visible(acting, action)

    def people_with(
        self,
        action: str,
        obj: Group | None = None,
        *,
        partnership: Partnership | int | None = None,
    ) -> list[Person]:
        """Whom to tell: for "manage" a group, the business unit and the group's chair
        and vice chair (who hold no governance.manage of their own)."""
        if action != "manage":
            return super().people_with(action, obj, partnership=partnership)
        people = {p.pk: p for p in super().people_with("manage_all", obj, partnership=partnership)}
        if obj is not None:
            candidates = Membership.objects.filter(
                partnership_id=obj.partnership_id, is_active=True, person__is_active=True
            ).select_related("person", "partnership", "agency")
            for membership in candidates.filter(
                person_id__in=[
                    obj.chair_id,
                    obj.vice_chair_id,
                    *obj.turns.values_list("person_id", flat=True),
                ]
            ):
                if self.can(Acting(membership.person, membership), "manage", obj):
                    people.setdefault(membership.person_id, membership.person)
        return sorted(people.values(), key=lambda person: (person.full_name, person.email))


class MeetingPolicy(Policy[Meeting]):
    """A meeting is seen and run as its group is."""

    resource = "governance"
    model = Meeting

    def can(self, acting: Acting | None, action: str, obj: Meeting | None = None) -> bool:
        if obj is None:
            return groups.can(acting, action)
        return self.visible(acting, action).filter(pk=obj.pk).exists()

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Meeting]:
        return Meeting.objects.filter(group__in=groups.visible(acting, action).values("pk"))

    def scoped(
        self, records: QuerySet[Meeting], membership: Membership, scope: Scope
    ) -> QuerySet[Meeting]:  # pragma: no cover - visible() is overridden
        raise NotImplementedError


groups = GroupPolicy()
meetings = MeetingPolicy()
