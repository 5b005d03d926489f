"""What learning tells people, by email (masa.core.notify): the words are templates in
templates/learning/emails/, spoken to their reader ("you" for the learner, the
learner's name for their line manager), each with a link to the page where the next
step is done. Each function records the message in the transaction of the change, and
it is sent once that commits."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from masa.core import notify
from masa.core.models import Person
from masa.learning.models import Booking, Event


def when(moment: datetime.datetime) -> str:
    """Like "Tuesday 8 December 2026 at 09:30", in UK time."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"


def _event_text(event: Event) -> str:
    return f"{event.course.title} on {when(event.starts_at)}, {event.venue or 'online'}"


def _charge(booking: Booking) -> str:
    if not booking.charge:
        return "There is no charge."
    amount: Decimal = booking.charge
    return f"{booking.agency.name} will be charged £{amount:,.2f}."


def _tell(
    message: str,
    booking: Booking,
    to: list[Person | None],
    link: str,
    **context: Any,
) -> None:
    """Send `message` about `booking` to each of `to` (the learner, their line manager:
    whoever there is), in words for each reader."""
    notify.send(
        f"learning/{message}",
        to=[person for person in to if person is not None],
        context={
            "title": booking.event.course.title,
            "event_text": _event_text(booking.event),
            "learner_id": booking.learner_id,
            "learner_name": booking.learner.full_name,
            "link": link,
            **context,
        },
        partnership=booking.partnership,
        about=booking,
        per_recipient=True,
    )


def approval_request(booking: Booking) -> None:
    """To the line manager: a learner asks for a place on a course that needs approval."""
    _tell(
        "approval_request",
        booking,
        [booking.line_manager],
        notify.link("learning:booking-approve", booking.pk),
        agency=booking.agency.name,
    )


def approval_decided(booking: Booking) -> None:
    """To the learner: their line manager approved (a place or the waiting list) or declined."""
    declined = booking.status == Booking.Status.DECLINED
    _tell(
        "approval_decided",
        booking,
        [booking.learner],
        notify.link("learning:catalogue")
        if declined
        else notify.link("learning:booking", booking.pk),
        declined=declined,
        waiting=booking.status == Booking.Status.WAITING,
        manager=booking.line_manager.full_name if booking.line_manager else "Your line manager",
    )


def place_offered(booking: Booking) -> None:
    """To the learner: a place is free and held for them until the offer expires."""
    assert booking.offer_expires_at is not None
    by = when(booking.offer_expires_at)
    _tell(
        "place_offered",
        booking,
        [booking.learner],
        notify.link("learning:booking", booking.pk),
        by=by,
        by_day=by.split(" at ")[0],
    )


def late_cancellation(booking: Booking) -> None:
    """To the learner and to their line manager: a place cancelled after the deadline."""
    _tell(
        "late_cancellation",
        booking,
        [booking.learner, booking.line_manager],
        notify.link("learning:booking", booking.pk),
        charge=_charge(booking),
        deadline=when(booking.event.cancellation_deadline),
    )


def no_show(booking: Booking) -> None:
    """To the learner and to their line manager: the register says they did not attend."""
    _tell(
        "no_show",
        booking,
        [booking.learner, booking.line_manager],
        notify.link("learning:booking", booking.pk),
        charge=_charge(booking),
    )


def evaluation_due(booking: Booking, stage: str, label: str) -> None:
    """To the learner: an evaluation stage is open for them to answer."""
    _tell(
        "evaluation_due",
        booking,
        [booking.learner],
        notify.link("learning:evaluation", booking.pk, stage),
        stage_label=label.lower(),
    )


def manager_review_due(booking: Booking) -> None:
    """To the line manager: their part of the six-month evaluation is open."""
    _tell(
        "manager_review_due",
        booking,
        [booking.line_manager],
        notify.link("learning:evaluation-manager", booking.pk),
    )


def event_cancelled(booking: Booking, reason: str) -> None:
    """To the learner and to their line manager: the event will not run."""
    _tell(
        "event_cancelled",
        booking,
        [booking.learner, booking.line_manager],
        notify.link("learning:course", booking.event.course_id),
        reason=reason,
    )
