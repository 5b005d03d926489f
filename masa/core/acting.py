"""The acting context: who is acting, and in which partnership.

Every policy, selector and service that depends on who asks takes an `Acting`
explicitly (as Zulip passes `acting_user` and `realm`), instead of reading a hidden
attribute off the user. Views get it from the request (`request.acting`, built once
by `ActingMiddleware`); commands and tests build it with `acting_in` or `acting_as`.

An `Acting` can only be made from a membership that is active and belongs to the
person, so code that holds one cannot act in a partnership the person is not in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from masa.core.models import Agency, Membership, Partnership, Person, Scope


class NotAMember(ValueError):
    """The person has no active membership of that partnership."""


@dataclass(frozen=True)
class Acting:
    """A person acting through one of their memberships: the partnership they work in
    now, the agency they act for, and the scopes their roles grant there."""

    person: Person
    membership: Membership = field(repr=False)

    def __post_init__(self) -> None:
        if self.membership.person_id != self.person.pk:
            raise NotAMember(f"{self.person} cannot act through another person's membership")
        if not self.membership.is_active or self.membership.partnership_id is None:
            raise NotAMember(f"{self.person} is not an active member of that partnership")

    def __str__(self) -> str:
        return f"{self.person} in {self.partnership}"

    @property
    def partnership(self) -> Partnership:
        return self.membership.partnership

    @property
    def partnership_id(self) -> int:
        return self.membership.partnership_id

    @property
    def agency(self) -> Agency:
        return self.membership.agency

    @property
    def agency_id(self) -> int:
        return self.membership.agency_id

    def scope_for(self, permission: str) -> Scope | None:
        """The widest scope the person's roles grant `permission` here, or None."""
        return self.membership.scope_for(permission)

    def has(self, permission: str) -> bool:
        """Holds `permission` at any scope (aggregate figures included)."""
        return self.scope_for(permission) is not None

    def sees_records(self, permission: str) -> bool:
        """Holds `permission` at a scope that reaches records (not aggregate only)."""
        scope = self.scope_for(permission)
        return scope is not None and scope != Scope.AGGREGATE

    def partnership_wide(self, permission: str) -> bool:
        """Holds `permission` across the whole partnership."""
        return self.scope_for(permission) == Scope.PARTNERSHIP

    def is_in(self, partnership_id: int | None) -> bool:
        return partnership_id is not None and partnership_id == self.partnership_id


def memberships_of(person: Person) -> QuerySet[Membership]:
    """The person's active memberships, partnership by name."""
    return (
        Membership.objects.filter(person=person, is_active=True, partnership__isnull=False)
        .select_related("partnership", "agency", "person")
        .order_by("partnership__name")
    )


def acting_in(person: Person, partnership: Partnership | int) -> Acting:
    """`person` acting in `partnership` (as the switcher chooses); NotAMember if they
    are not an active member of it."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    membership = memberships_of(person).filter(partnership_id=partnership_id).first()
    if membership is None:
        raise NotAMember(f"{person} is not an active member of partnership {partnership_id}")
    return Acting(person, membership)


def acting_as(person: Person) -> Acting:
    """`person` acting in their only partnership (commands, tests). A person in several
    partnerships must say which with `acting_in`."""
    memberships = list(memberships_of(person)[:2])
    if len(memberships) != 1:
        raise NotAMember(
            f"{person} is a member of {len(memberships)} partnerships: use acting_in to say which"
        )
    return Acting(person, memberships[0])
