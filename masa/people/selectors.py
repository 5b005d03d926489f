"""Reads for people and access: what a person owns in a partnership (before they
leave), and whose accounts have gone unused."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from masa.actions.models import Action
from masa.actions.rules import ACTION_OPEN
from masa.core.models import Membership
from masa.frontdoor.models import Referral
from masa.learning.models import Booking


@dataclass(frozen=True)
class Owned:
    """What a person owns in one partnership, listed before they leave."""

    actions: list[Action]
    draft_referrals: int
    bookings: int

    @property
    def anything(self) -> bool:
        return bool(self.actions or self.draft_referrals or self.bookings)


def open_actions_of(membership: Membership) -> QuerySet[Action]:
    """The open actions the member is the named owner of, in their partnership."""
    return Action.objects.filter(
        partnership_id=membership.partnership_id,
        owner_id=membership.person_id,
        status__in=[status.value for status in ACTION_OPEN],
    ).order_by("due_on", "pk")


def owned_by(membership: Membership) -> Owned:
    """Open actions (handed to the successor), draft referrals and training places
    still held (which stay the leaver's: a draft holds what they knew of a child, and
    a place is theirs to give up), in the member's partnership."""
    return Owned(
        actions=list(open_actions_of(membership)),
        draft_referrals=Referral.objects.filter(
            partnership_id=membership.partnership_id,
            referrer_id=membership.person_id,
            status=Referral.Status.DRAFT,
        ).count(),
        bookings=Booking.objects.filter(
            partnership_id=membership.partnership_id,
            learner_id=membership.person_id,
            status__in=Booking.ACTIVE,
            event__starts_at__gte=timezone.now(),
        ).count(),
    )


def unused_memberships(partnership_id: int, since: datetime.datetime) -> QuerySet[Membership]:
    """Active members of the partnership who have not signed in since `since` (or
    never, with an account made before it)."""
    return (
        Membership.objects.filter(
            partnership_id=partnership_id, is_active=True, person__is_active=True
        )
        .filter(
            Q(person__last_login__lt=since)
            | Q(person__last_login__isnull=True, person__date_joined__lt=since)
        )
        .select_related("person", "agency", "partnership")
    )
