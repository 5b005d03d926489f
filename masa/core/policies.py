"""Permission policies: one per resource, the only place access is decided.

Each policy answers two questions, in the partnership the person is working in
now (chosen with the partnership switcher):

* `can(user, action, obj=None)`: may this person do `action` (to this record)?
* `visible(user, action)`: the records this person may `action`, as a queryset.

Views ask a policy and never decide access themselves; a record a person may
not see is answered with 404 (`get_visible_or_404`) so its existence is not leaked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from masa.core.acting import Acting, memberships_of
from masa.core.errors import NotAllowed
from masa.core.models import (
    AuditEvent,
    Membership,
    Partnership,
    Person,
    Scope,
)
from masa.core.permissions import RESOURCES, is_identifiable

M = TypeVar("M", bound=models.Model)
# Who is asking. Transitional: `Person` until every caller passes an `Acting`.
Who = Acting | Person


def current_membership(user: Any) -> Membership | None:
    """The membership `user` is acting through now (set per request by the middleware)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    membership = getattr(user, "membership", None)
    if membership is not None:
        return membership if isinstance(membership, Membership) else None
    # Outside a request (commands, services in tests): a person in one partnership
    # acts in it; a person in several must say which with `act_in`.
    memberships = list(memberships_of(user)[:2])
    if len(memberships) == 1:
        user.membership = memberships[0]
        return memberships[0]
    return None


def act_in(user: Person, partnership: Partnership) -> Membership | None:
    """Make `user` act in `partnership` (as the switcher does). None if not a member."""
    membership = memberships_of(user).filter(partnership=partnership).first()
    user.membership = membership  # type: ignore[attr-defined]
    return membership


def is_verified(user: Any) -> bool:
    """Whether the person finished two-factor sign-in (django-otp marks the user)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def scope_of(user: Any, permission: str) -> Scope | None:
    membership = current_membership(user)
    return membership.scope_for(permission) if membership else None


def has_permission(user: Any, permission: str) -> bool:
    """Whether the current membership grants `permission` at any scope."""
    return scope_of(user, permission) is not None


def administers_installation(user: Any) -> bool:
    """Installation-wide administration: every partnership in the admin. Its own
    permission, on the person, not a role in one partnership (`admin.access` in a
    partnership administers that partnership only)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and isinstance(user, Person)
        and user.is_active
        and user.is_installation_admin
    )


def needs_two_factor(user: Person) -> bool:
    """True if any of the person's roles, in any partnership, sees identifiable records
    (an installation administrator reads every partnership's audit log, so always)."""
    if user.is_installation_admin:
        return True
    for membership in memberships_of(user):
        for permission, scope in membership.grants().items():
            if scope != Scope.AGGREGATE and is_identifiable(permission):
                return True
    return False


def as_acting(who: Who | None) -> Acting | None:
    """The acting context of `who`. Transitional: code not yet passing an `Acting`
    passes the person, who acts through the membership chosen for the request."""
    if who is None or isinstance(who, Acting):
        return who
    membership = current_membership(who)
    return Acting(who, membership) if membership is not None else None


class Policy(Generic[M]):
    """Access to one resource's records: the one interface every view, selector and
    service asks (read Wagtail's permission policies for the idea).

    * `can(acting, action, obj=None)`: may the person `action` at all / this record?
    * `visible(acting, action)`: the records they may `action`, as a queryset.
    * `get_or_404(acting, action, pk, for_update=False)`: fetch, check and lock in one
      call; a record they may not `action` is "not there" (404), so nothing leaks.
    * `require(acting, action, obj=None)`: the same check for services; `NotAllowed`.
    * `people_with(action, obj=None, partnership=None)`: who may `action` (this record):
      whom to tell when something needs doing.

    Subclasses say how each scope filters (`scoped`), and may name `abilities`: page
    or feature rules that are not a record's action ("sees subject details"), each a
    function of the acting context.
    """

    resource: ClassVar[str]
    model: type[M]
    abilities: ClassVar[dict[str, Callable[[Acting], bool]]] = {}

    def permission(self, action: str) -> str:
        if action not in RESOURCES[self.resource].actions:
            raise ValueError(f"{self.resource} has no action {action!r}")
        return f"{self.resource}.{action}"

    def scope(self, who: Who | None, action: str) -> Scope | None:
        acting = as_acting(who)
        return acting.scope_for(self.permission(action)) if acting is not None else None

    def can(self, who: Who | None, action: str, obj: M | None = None) -> bool:
        if action in self.abilities:
            acting = as_acting(who)
            return acting is not None and self.abilities[action](acting)
        scope = self.scope(who, action)
        if scope is None:
            return False
        if obj is None:
            return True
        if scope == Scope.AGGREGATE:
            return False
        return self.visible(who, action).filter(pk=obj.pk).exists()

    def visible(self, who: Who | None, action: str) -> QuerySet[M]:
        acting = as_acting(who)
        scope = self.scope(acting, action)
        if acting is None or scope is None or scope == Scope.AGGREGATE:
            return self.model._default_manager.none()
        return self.scoped(self.model._default_manager.all(), acting.membership, scope)

    def scoped(self, records: QuerySet[M], membership: Membership, scope: Scope) -> QuerySet[M]:
        raise NotImplementedError

    def get_or_404(
        self,
        who: Who | None,
        action: str,
        pk: object,
        *,
        for_update: bool = False,
        related: Sequence[str] = (),
    ) -> M:
        """The record `pk` if the person may `action` it, else 404. With `for_update`
        the row is locked until the transaction ends (call it inside one)."""
        records = self.visible(who, action)
        if related:
            records = records.select_related(*related)
        if for_update:
            # Lock the row itself: the visibility filter may join other tables.
            records = self.model._default_manager.select_for_update().filter(
                pk__in=list(records.filter(pk=pk).values_list("pk", flat=True))
            )
            if related:
                records = records.select_related(*related)
        try:
            return records.get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError) as error:
            raise Http404("No such record, or you may not see it.") from error

    def require(self, who: Who | None, action: str, obj: M | None = None) -> Acting:
        """For services: the acting context, if the person may `action` (this record);
        otherwise `NotAllowed`, whatever page or command asked."""
        acting = as_acting(who)
        if acting is None or not self.can(acting, action, obj):
            raise NotAllowed("You do not have permission to do that.")
        return acting

    def people_with(
        self, action: str, obj: M | None = None, *, partnership: Partnership | int | None = None
    ) -> list[Person]:
        """The active people who may `action` (`obj`), by name: whom to tell. Ask about
        a record (`obj`) or, for an action on no record yet, a `partnership`."""
        if partnership is None:
            partnership = getattr(obj, "partnership_id", None)
        partnership_id = partnership.pk if isinstance(partnership, Partnership) else partnership
        if partnership_id is None:
            raise ValueError("people_with needs a record or a partnership")
        permission = self.permission(action) if action not in self.abilities else None
        memberships = Membership.objects.filter(
            partnership_id=partnership_id, is_active=True, person__is_active=True
        ).select_related("person", "partnership", "agency")
        if permission is not None:
            memberships = memberships.filter(roles__permissions__permission=permission)
        people: dict[int, Person] = {}
        for membership in memberships.distinct().order_by("person__full_name", "person__email"):
            acting = Acting(membership.person, membership)
            if self.can(acting, action, obj):
                people.setdefault(membership.person_id, membership.person)
        return list(people.values())


def get_visible_or_404(policy: Policy[M], user: Who | None, action: str, **lookup: Any) -> M:
    """The record matching `lookup` if `user` may `action` it; otherwise 404."""
    try:
        return policy.visible(user, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such record, or you may not see it.") from error


class PersonPolicy(Policy[Membership]):
    """People, seen through their membership of the current partnership."""

    resource = "person"
    model = Membership

    def scoped(
        self, records: QuerySet[Membership], membership: Membership, scope: Scope
    ) -> QuerySet[Membership]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.AGENCY:
            return records.filter(agency=membership.agency)
        if scope == Scope.OWN:
            return records.filter(person=membership.person)
        return records


class AuditPolicy(Policy[AuditEvent]):
    """The audit log of the current partnership (or a person's own actions)."""

    resource = "audit"
    model = AuditEvent

    def scoped(
        self, records: QuerySet[AuditEvent], membership: Membership, scope: Scope
    ) -> QuerySet[AuditEvent]:
        if scope == Scope.PARTNERSHIP:
            return records.filter(partnership=membership.partnership)
        if scope == Scope.AGENCY:
            return records.filter(
                partnership=membership.partnership,
                actor__memberships__partnership=membership.partnership,
                actor__memberships__agency=membership.agency,
            )
        return records.filter(actor=membership.person)


class PartnershipSettingsPolicy(Policy[Partnership]):
    """The partnership's own settings: child population and local timescales."""

    resource = "partnership"
    model = Partnership

    def scoped(
        self, records: QuerySet[Partnership], membership: Membership, scope: Scope
    ) -> QuerySet[Partnership]:
        return records.filter(pk=membership.partnership_id)


class TimescalePolicy(PartnershipSettingsPolicy):
    resource = "timescale"


people = PersonPolicy()
audit_log = AuditPolicy()
partnership_settings = PartnershipSettingsPolicy()
timescales = TimescalePolicy()
