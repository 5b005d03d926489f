"""Permission policies: one per resource, the only place access is decided.

Every question is asked of an acting context (`masa.core.acting.Acting`: a person
working through one membership of one partnership), never of a bare person, so the
partnership a check is made in is always explicit. See `Policy` for the interface.

Views declare a guard (`masa.core.pages`) and fetch records with `get_or_404`; a
record a person may not see is answered with 404 so its existence is not leaked.
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


def is_verified(user: Any) -> bool:
    """Whether the person finished two-factor sign-in (django-otp marks the user)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


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

    def scope(self, acting: Acting | None, action: str) -> Scope | None:
        return acting.scope_for(self.permission(action)) if acting is not None else None

    def can(self, acting: Acting | None, action: str, obj: M | None = None) -> bool:
        if action in self.abilities:
            return acting is not None and self.abilities[action](acting)
        scope = self.scope(acting, action)
        if scope is None:
            return False
        if obj is None:
            return True
        if scope == Scope.AGGREGATE:
            return False
        return self.visible(acting, action).filter(pk=obj.pk).exists()

    def visible(self, acting: Acting | None, action: str) -> QuerySet[M]:
        scope = self.scope(acting, action)
        if acting is None or scope is None or scope == Scope.AGGREGATE:
            return self.model._default_manager.none()
        return self.scoped(self.model._default_manager.all(), acting.membership, scope)

    def scoped(self, records: QuerySet[M], membership: Membership, scope: Scope) -> QuerySet[M]:
        raise NotImplementedError

    def get_or_404(
        self,
        acting: Acting | None,
        action: str,
        pk: object,
        *,
        for_update: bool = False,
        related: Sequence[str] = (),
    ) -> M:
        """The record `pk` if the person may `action` it, else 404. With `for_update`
        the row is locked until the transaction ends (call it inside one)."""
        records = self.visible(acting, action)
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

    def require(self, acting: Acting | None, action: str, obj: M | None = None) -> Acting:
        """For services: the acting context, if the person may `action` (this record);
        otherwise `NotAllowed`, whatever page or command asked."""
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
