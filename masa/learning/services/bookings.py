"""Bookings: making, approving, cancelling, accepting an offer, expiring offers and
passing a place on. Places are protected by locking the event row: capacity is never
exceeded, even when many people book the last places at once."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Membership, Person
from masa.learning.models import (
    Attendance,
    Booking,
    Event,
)
from masa.learning.services import notices
from masa.learning.services.charges import charge_apply
from masa.learning.services.deadlines import offer_expiry

ATTENDANCE_RECORDED = (
    "Your attendance has been recorded, so this booking can no longer be cancelled. "
    "Ask the business unit if the record is wrong"
)


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _take_place_or_queue(event: Event, booking: Booking, now: datetime.datetime) -> None:
    """Confirm `booking` if a place is free (event row locked), else put it on the list."""
    if event.confirmed_count < event.capacity:
        booking.status = Booking.Status.CONFIRMED
        event.confirmed_count = F("confirmed_count") + 1
        event.save(update_fields=["confirmed_count"])
        event.refresh_from_db(fields=["confirmed_count"])
    else:
        booking.status = Booking.Status.WAITING
        booking.joined_waiting_list_at = now


def _check_line_manager(acting: Acting, event: Event, line_manager: Person | None) -> None:
    """The line manager a learner names must be someone else in the partnership; a
    course that needs approval needs one."""
    if line_manager is not None and line_manager.pk == acting.person.pk:
        raise ServiceError("Your line manager must be someone else", field="line_manager")
    if (
        line_manager is not None
        and not Membership.objects.filter(
            person=line_manager,
            partnership_id=event.partnership_id,
            is_active=True,
            person__is_active=True,
        ).exists()
    ):
        raise ServiceError(
            "Enter the email address of your line manager as they use this service: "
            "they must be a member of this partnership",
            field="line_manager",
        )
    if event.course.needs_manager_approval and line_manager is None:
        raise ServiceError(
            "This course needs your line manager's approval: name your line manager",
            field="line_manager",
        )


@transaction.atomic
def booking_make(
    *,
    acting: Acting,
    event: Event,
    line_manager: Person | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Book a place for oneself: confirmed if one is free, else on the waiting list
    (or awaiting the line manager's approval when the course asks for it)."""
    event = _locked_event(event)
    # The time is read once the event is locked: the waiting list is ordered by it, so it
    # must follow the order in which bookings get the lock (and are made).
    now = now or timezone.now()
    if event.status != Event.Status.SCHEDULED:
        raise ServiceError("This event has been cancelled")
    if now > event.booking_deadline:
        raise ServiceError("Booking for this event has closed")
    if not acting.is_in(event.partnership_id):
        raise ServiceError("This event is not in your partnership")
    if Booking.objects.filter(
        event=event, learner=acting.person, status__in=Booking.ACTIVE
    ).exists():
        raise ServiceError(
            "You already have a place, or a place on the waiting list, for this event"
        )
    _check_line_manager(acting, event, line_manager)
    needs_approval = event.course.needs_manager_approval
    booking = Booking(
        partnership=event.partnership,
        event=event,
        learner=acting.person,
        agency=acting.agency,
        line_manager=line_manager,
        booked_at=now,
    )
    if needs_approval:
        booking.status = Booking.Status.AWAITING_APPROVAL
    else:
        _take_place_or_queue(event, booking, now)
    booking.save()
    # What happened, in the booking's history: booked, joined the list, or asked.
    verbs: dict[str, str] = {
        Booking.Status.WAITING: "booking.wait",
        Booking.Status.AWAITING_APPROVAL: "booking.request",
    }
    verb = verbs.get(booking.status, "booking.make")
    audit.record(acting, verb, booking, {"status": booking.status, "event": str(event)})
    if needs_approval and line_manager is not None:
        notices.approval_request(booking)
    return booking


@transaction.atomic
def booking_approve(
    *, acting: Acting, booking: Booking, approve: bool, now: datetime.datetime | None = None
) -> Booking:
    """The line manager approves (a place or the waiting list) or declines a booking."""
    event = _locked_event(booking.event)
    now = now or timezone.now()  # once locked, as in booking_make
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.line_manager_id != acting.person.pk:
        raise ServiceError("Only the learner's line manager can approve this booking")
    if booking.status != Booking.Status.AWAITING_APPROVAL:
        raise ServiceError("This booking is not waiting for approval")
    if approve:
        _take_place_or_queue(event, booking, now)
    else:
        booking.status = Booking.Status.DECLINED
    booking.save()
    audit.record(
        acting,
        "booking.approve" if approve else "booking.decline",
        booking,
        {"status": booking.status},
    )
    notices.approval_decided(booking)
    return booking


def _offer_next(event: Event, now: datetime.datetime) -> Booking | None:
    """Offer a freed place to the first person on the waiting list (event row locked)."""
    if event.confirmed_count >= event.capacity:
        return None
    waiting = (
        Booking.objects.select_for_update()
        .filter(event=event, status=Booking.Status.WAITING)
        .order_by("joined_waiting_list_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Booking.Status.OFFERED
    waiting.offered_at = now
    waiting.offer_expires_at = offer_expiry(event.partnership, now)
    waiting.save(update_fields=["status", "offered_at", "offer_expires_at"])
    # An offered place is held for the person until they accept or the offer expires.
    event.confirmed_count = F("confirmed_count") + 1
    event.save(update_fields=["confirmed_count"])
    event.refresh_from_db(fields=["confirmed_count"])
    audit.record(None, "booking.offer", waiting, {"expires": waiting.offer_expires_at.isoformat()})
    notices.place_offered(waiting)
    return waiting


def _release_place(event: Event, now: datetime.datetime) -> None:
    event.confirmed_count = F("confirmed_count") - 1
    event.save(update_fields=["confirmed_count"])
    event.refresh_from_db(fields=["confirmed_count"])
    _offer_next(event, now)


@transaction.atomic
def booking_cancel(
    *, acting: Acting, booking: Booking, reason: str = "", now: datetime.datetime | None = None
) -> Booking:
    """Cancel a booking. After the cancellation deadline it counts as a late
    cancellation: charged as the partnership sets, and the manager is told."""
    now = now or timezone.now()
    event = _locked_event(booking.event)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if acting.person.pk not in (
        booking.learner_id,
        booking.line_manager_id,
    ) and not acting.has("course.manage"):
        raise ServiceError("Only the learner, their line manager or the business unit can cancel")
    if booking.status not in Booking.ACTIVE:
        raise ServiceError("This booking is already closed")
    if Attendance.objects.filter(booking=booking).exists():
        raise ServiceError(ATTENDANCE_RECORDED)
    if now >= event.starts_at:
        raise ServiceError("The event has started: ask the trainer to record your attendance")
    held_place = booking.status in (Booking.Status.CONFIRMED, Booking.Status.OFFERED)
    late = held_place and now > event.cancellation_deadline
    booking.status = Booking.Status.LATE_CANCELLED if late else Booking.Status.CANCELLED
    booking.cancelled_at, booking.cancellation_reason = now, reason
    if late:
        charge_apply(booking, "late_cancellation")
    booking.save()
    audit.record(
        acting,
        "booking.cancel",
        booking,
        {"late": late, "charge": str(booking.charge), "reason": reason},
    )
    if late:
        notices.late_cancellation(booking)
    if held_place:
        _release_place(event, now)
    return booking


@transaction.atomic
def booking_accept_offer(
    *, acting: Acting, booking: Booking, now: datetime.datetime | None = None
) -> Booking:
    """Accept a place offered from the waiting list, before the offer expires."""
    now = now or timezone.now()
    event = _locked_event(booking.event)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.learner_id != acting.person.pk:
        raise ServiceError("Only the person offered the place can accept it")
    if booking.status != Booking.Status.OFFERED:
        raise ServiceError("There is no offer to accept")
    if booking.offer_expires_at and now > booking.offer_expires_at:
        _expire(booking, event, now)
        raise ServiceError("The offer has expired; the place has been offered to the next person")
    booking.status = Booking.Status.CONFIRMED
    booking.save(update_fields=["status"])
    audit.record(acting, "booking.accept_offer", booking)
    return booking


def _expire(booking: Booking, event: Event, now: datetime.datetime) -> None:
    booking.status = Booking.Status.OFFER_EXPIRED
    booking.save(update_fields=["status"])
    audit.record(None, "booking.offer_expired", booking)
    _release_place(event, now)


@transaction.atomic
def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Close offers nobody accepted in time and pass each place on. Run it every few minutes."""
    now = now or timezone.now()
    count = 0
    for booking in Booking.objects.filter(
        status=Booking.Status.OFFERED, offer_expires_at__lt=now
    ).order_by("pk"):
        event = _locked_event(booking.event)
        _expire(Booking.objects.select_for_update().get(pk=booking.pk), event, now)
        count += 1
    return count


@transaction.atomic
def booking_substitute(*, acting: Acting, booking: Booking, colleague: Membership) -> Booking:
    """Pass a confirmed place to a colleague in the same agency (no charge)."""
    _locked_event(booking.event)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.learner_id != acting.person.pk and booking.line_manager_id != acting.person.pk:
        raise ServiceError("Only the learner or their line manager can pass the place on")
    if booking.status != Booking.Status.CONFIRMED:
        raise ServiceError("Only a confirmed place can be passed to a colleague")
    if (
        colleague.agency_id != booking.agency_id
        or colleague.partnership_id != booking.partnership_id
    ):
        raise ServiceError("Choose a colleague from the same agency", field="colleague")
    if Booking.objects.filter(
        event=booking.event, learner=colleague.person, status__in=Booking.ACTIVE
    ).exists():
        raise ServiceError("Your colleague already has a booking for this event", field="colleague")
    booking.status = Booking.Status.SUBSTITUTED
    booking.save(update_fields=["status"])
    substitute = Booking.objects.create(
        partnership=booking.partnership,
        event=booking.event,
        learner=colleague.person,
        agency=colleague.agency,
        line_manager=booking.line_manager,
        status=Booking.Status.CONFIRMED,
        substitute_for=booking,
    )
    audit.record(acting, "booking.substitute", substitute, {"instead_of": str(booking.learner)})
    return substitute
