"""Reads for bookings: a learner's own, a booking's history and terms, the waiting
list, and colleagues a place may be passed to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from masa.core.acting import Acting
from masa.core.models import AuditEvent, Membership, Partnership, Person
from masa.learning.models import (
    Booking,
    ChargeRule,
    Event,
    Respondent,
)


def active_booking(person: Person, event: Event) -> Booking | None:
    """The person's live booking (place, queue, offer or awaiting approval) for an event."""
    return (
        Booking.objects.filter(event=event, learner=person, status__in=Booking.ACTIVE)
        .select_related("event__course")
        .first()
    )


def with_waiting_position(records: QuerySet[Booking]) -> QuerySet[Booking]:
    """Annotate `position`: a waiting booking's place in its event's queue (1 = next)."""
    ahead = (
        Booking.objects.filter(event=OuterRef("event"), status=Booking.Status.WAITING)
        .filter(
            Q(joined_waiting_list_at__lt=OuterRef("joined_waiting_list_at"))
            | Q(
                joined_waiting_list_at=OuterRef("joined_waiting_list_at"),
                pk__lt=OuterRef("pk"),
            )
        )
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return records.annotate(
        position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1
    )


def waiting_list_length(event: Event) -> int:
    return event.bookings.filter(status=Booking.Status.WAITING).count()


def waiting_position(booking: Booking) -> int | None:
    """A waiting booking's place in the queue (1 = next to be offered), else None."""
    if booking.status != Booking.Status.WAITING or booking.joined_waiting_list_at is None:
        return None
    joined = booking.joined_waiting_list_at
    return (
        Booking.objects.filter(event_id=booking.event_id, status=Booking.Status.WAITING)
        .filter(
            Q(joined_waiting_list_at__lt=joined)
            | Q(joined_waiting_list_at=joined, pk__lt=booking.pk)
        )
        .count()
        + 1
    )


@dataclass
class MyBookings:
    upcoming: list[Booking] = field(default_factory=list)
    waiting: list[Booking] = field(default_factory=list)
    offers: list[Booking] = field(default_factory=list)
    awaiting_approval: list[Booking] = field(default_factory=list)
    past: list[Booking] = field(default_factory=list)
    closed: list[Booking] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(group)
            for group in (
                self.upcoming,
                self.waiting,
                self.offers,
                self.awaiting_approval,
                self.past,
                self.closed,
            )
        )


def my_bookings(acting: Acting, now: datetime.datetime) -> MyBookings:
    """A learner's own bookings in the partnership, grouped as the learner thinks of them."""
    person, partnership = acting.person, acting.partnership
    records = with_waiting_position(
        Booking.objects.filter(learner=person, partnership=partnership)
        .select_related("event__course", "attendance", "line_manager")
        .prefetch_related("evaluations")
        .order_by("event__starts_at", "pk")
    )
    grouped = MyBookings()
    for booking in records:
        status = booking.status
        if mark_lapsed(booking, now):
            grouped.closed.append(booking)  # the event has started: the list is over
        elif status == Booking.Status.CONFIRMED:
            (grouped.upcoming if booking.event.ends_at >= now else grouped.past).append(booking)
        elif status == Booking.Status.WAITING:
            grouped.waiting.append(booking)
        elif status == Booking.Status.OFFERED:
            grouped.offers.append(booking)
        elif status == Booking.Status.AWAITING_APPROVAL:
            grouped.awaiting_approval.append(booking)
        else:
            grouped.closed.append(booking)
    grouped.past.reverse()  # most recent first
    grouped.closed.sort(key=lambda b: b.cancelled_at or min(b.event.starts_at, now), reverse=True)
    return grouped


LAPSING = (Booking.Status.WAITING, Booking.Status.OFFERED, Booking.Status.AWAITING_APPROVAL)


def mark_lapsed(booking: Booking, now: datetime.datetime) -> bool:
    """Whether a claim to a place (waiting list, offer, approval) ended unmet because
    the event has started; sets `booking.lapsed` for the pages to show it closed."""
    lapsed = booking.status in LAPSING and now >= booking.event.starts_at
    booking.lapsed = lapsed  # type: ignore[attr-defined]
    return lapsed


def answered_stages(booking: Booking) -> set[str]:
    """Stages the learner has already answered (uses prefetched `evaluations` when there)."""
    return {
        response.stage
        for response in booking.evaluations.all()
        if response.respondent == Respondent.LEARNER
    }


def booking_history(booking: Booking) -> QuerySet[AuditEvent]:
    """What happened to a booking, oldest first, from the audit log."""
    return (
        AuditEvent.objects.filter(target_type="learning.booking", target_id=str(booking.pk))
        .exclude(verb="view")
        .select_related("actor")
        .order_by("at", "pk")
    )


@dataclass(frozen=True)
class CancellationTerms:
    late: bool
    charge: Decimal


def cancellation_terms(booking: Booking, now: datetime.datetime) -> CancellationTerms:
    """What cancelling now would mean, as `services.booking_cancel` will decide it."""
    held_place = booking.status in (Booking.Status.CONFIRMED, Booking.Status.OFFERED)
    late = held_place and now > booking.event.cancellation_deadline
    charge = Decimal("0")
    if late:
        rule = ChargeRule.objects.filter(
            partnership_id=booking.partnership_id, kind=ChargeRule.Kind.LATE_CANCELLATION
        ).first()
        charge = rule.amount if rule else Decimal("0")
    return CancellationTerms(late=late, charge=charge)


def agency_colleagues(
    partnership: Partnership, agency_id: int, *, exclude: Person | None = None
) -> QuerySet[Membership]:
    """Active members of one agency in the partnership (line managers, substitutes)."""
    records = Membership.objects.filter(
        partnership=partnership, agency_id=agency_id, is_active=True, person__is_active=True
    ).select_related("person", "agency")
    if exclude is not None:
        records = records.exclude(person=exclude)
    return records.order_by("person__full_name")
