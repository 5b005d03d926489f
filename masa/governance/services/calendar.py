"""Each person's calendar: the meetings of the groups they sit on (as a member or a
deputy), and a secret feed address for calendar apps, which cannot sign in. Only a
hash of the secret is kept; renewing the address revokes the old one."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.models import Membership
from masa.governance.models import CalendarFeed, GroupMember, Meeting
from masa.governance.services.common import change

PAST = datetime.timedelta(days=90)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def meetings_for(
    person_id: int, partnership_id: int, *, since: datetime.datetime
) -> QuerySet[Meeting]:
    """The meetings, from `since`, of the groups a person sits on now."""
    groups = GroupMember.objects.filter(
        person_id=person_id, partnership_id=partnership_id, left_on__isnull=True
    ).values("group_id")
    return (
        Meeting.objects.filter(group_id__in=groups, starts_at__gte=since)
        .select_related("group")
        .order_by("starts_at")
    )


@transaction.atomic
def feed_renew(*, acting: Acting) -> str:
    """A new secret feed address for the person in this partnership (the old one stops
    working). Returns the secret, shown to them once."""
    now = timezone.now()
    revoked = CalendarFeed.objects.filter(
        partnership_id=acting.partnership_id, person=acting.person, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        partnership_id=acting.partnership_id, person=acting.person, token_hash=digest(token)
    )
    audit.record(acting, "calendar.feed_renew", feed, {"revoked": change(None, revoked)})
    return token


@transaction.atomic
def feed_stop(*, acting: Acting) -> int:
    revoked = CalendarFeed.objects.filter(
        partnership_id=acting.partnership_id, person=acting.person, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if revoked:
        audit.record(
            acting,
            "calendar.feed_stop",
            None,
            {"revoked": change(None, revoked)},
            target_label="Calendar feed",
            partnership=acting.partnership,
        )
    return revoked


def has_feed(acting: Acting) -> bool:
    return CalendarFeed.objects.filter(
        partnership_id=acting.partnership_id, person=acting.person, revoked_at__isnull=True
    ).exists()


def feed_meetings(token: str) -> tuple[CalendarFeed, QuerySet[Meeting]] | None:
    """The live feed with this secret and its meetings, if its person is still an
    active member of the partnership; otherwise None."""
    feed = (
        CalendarFeed.objects.filter(token_hash=digest(token), revoked_at__isnull=True)
        .select_related("person")
        .first()
    )
    if feed is None or not feed.person.is_active:
        return None
    if not Membership.objects.filter(
        person_id=feed.person_id, partnership_id=feed.partnership_id, is_active=True
    ).exists():
        return None
    return feed, meetings_for(feed.person_id, feed.partnership_id, since=timezone.now() - PAST)
