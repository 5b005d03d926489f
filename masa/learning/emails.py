"""The words of every training email: a subject that says what to do next and is never
cut mid-word, a message spoken to its reader ("you" for the learner, the learner's name
for their line manager), and a link to the page in MASA where it is done.

Each function returns (subject, message); the services send them after the transaction
commits.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from masa.learning.models import Booking, Event

SUBJECT_LIMIT = 78  # characters: what mail programs show before they cut a subject off
Email = tuple[str, str]


def subject(action: str, title: str) -> str:
    """`action: title`, at most SUBJECT_LIMIT characters: a long title is shortened at
    the end of a word and marked with an ellipsis, so no word is ever cut."""
    whole = f"{action}: {title}"
    if len(whole) <= SUBJECT_LIMIT:
        return whole
    room = SUBJECT_LIMIT - len(action) - len(": …")
    cut = title[: room + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:room]
    return f"{action}: {cut.rstrip(' ,;:–-')}…"


def link(name: str, *args: object) -> str:
    """The full address of a MASA page, from the MASA_BASE_URL setting."""
    return f"{settings.BASE_URL}{reverse(name, args=args)}"


def when(moment: datetime.datetime) -> str:
    """Like "Tuesday 8 December 2026 at 09:30", in UK time."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"


def _event(event: Event) -> str:
    return f"{event.course.title} on {when(event.starts_at)}, {event.venue or 'online'}"


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def approval_request(booking: Booking) -> Email:
    """To the line manager: a learner asks for a place on a course that needs approval."""
    name = booking.learner.full_name
    return (
        subject(f"Approve or decline {name}'s place", booking.event.course.title),
        f"{name} ({booking.agency.name}) has asked for a place on "
        f"{_event(booking.event)}.\n\n"
        "The course needs their line manager's approval, and they named you.\n\n"
        f"Approve or decline the place: {link('learning:booking-approve', booking.pk)}\n",
    )


def approval_decided(booking: Booking) -> Email:
    """To the learner: their line manager approved (a place or the waiting list) or declined."""
    title = booking.event.course.title
    page = link("learning:booking", booking.pk)
    manager = booking.line_manager.full_name if booking.line_manager else "Your line manager"
    if booking.status == Booking.Status.DECLINED:
        return (
            subject("Place not approved", title),
            f"{manager} did not approve your place on {_event(booking.event)}.\n\n"
            f"Talk to them about it, or find another course: {link('learning:catalogue')}\n",
        )
    if booking.status == Booking.Status.WAITING:
        return (
            subject("Approved: you are on the waiting list", title),
            f"{manager} approved your place on {_event(booking.event)}, but the event is "
            "full, so you are on the waiting list. We will email you if a place is "
            f"offered.\n\nSee your booking: {page}\n",
        )
    return (
        subject("Place approved", title),
        f"{manager} approved your place on {_event(booking.event)}. Your place is "
        f"confirmed.\n\nSee your booking, or cancel it if you cannot go: {page}\n",
    )


def place_offered(booking: Booking) -> Email:
    """To the learner: a place is free and held for them until the offer expires."""
    assert booking.offer_expires_at is not None
    by = when(booking.offer_expires_at)
    return (
        subject(f"Accept your place by {by.split(' at ')[0]}", booking.event.course.title),
        f"A place is free on {_event(booking.event)}, and it is held for you until {by}.\n\n"
        f"Accept it (or decline it) here: {link('learning:booking', booking.pk)}\n\n"
        "If you do not accept it by then, it is offered to the next person on the "
        "waiting list.\n",
    )


def late_cancellation(booking: Booking) -> tuple[Email, Email]:
    """To the learner and to their line manager: a place cancelled after the deadline."""
    title, page = booking.event.course.title, link("learning:booking", booking.pk)
    charge = (
        f"{booking.agency.name} will be charged {_money(booking.charge)}."
        if booking.charge
        else "There is no charge."
    )
    deadline = when(booking.event.cancellation_deadline)
    to_learner = (
        subject("You cancelled late", title),
        f"You cancelled your place on {_event(booking.event)} after the deadline to "
        f"cancel without charge ({deadline}). {charge}\n\nSee your booking: {page}\n",
    )
    name = booking.learner.full_name
    to_manager = (
        subject(f"{name} cancelled late", title),
        f"{name} cancelled their place on {_event(booking.event)} after the deadline "
        f"to cancel without charge ({deadline}). {charge}\n\nSee the booking: {page}\n",
    )
    return to_learner, to_manager


def no_show(booking: Booking) -> tuple[Email, Email]:
    """To the learner and to their line manager: the register says they did not attend."""
    title, page = booking.event.course.title, link("learning:booking", booking.pk)
    charge = (
        f"{booking.agency.name} will be charged {_money(booking.charge)}."
        if booking.charge
        else "There is no charge."
    )
    to_learner = (
        subject("You did not attend", title),
        f"The trainer recorded that you did not attend {_event(booking.event)}. {charge}\n\n"
        "If this is wrong, tell the partnership's business unit.\n\n"
        f"See your booking, or book another date: {page}\n",
    )
    name = booking.learner.full_name
    to_manager = (
        subject(f"{name} did not attend", title),
        f"The trainer recorded that {name} did not attend {_event(booking.event)}. "
        f"{charge}\n\nSee the booking: {page}\n",
    )
    return to_learner, to_manager


def evaluation_due(booking: Booking, stage: str, label: str) -> Email:
    """To the learner: an evaluation stage is open for them to answer."""
    return (
        subject("Give your evaluation", booking.event.course.title),
        f"Please give your evaluation ({label.lower()}) of {_event(booking.event)}. It "
        "takes a few minutes and helps the partnership improve its training.\n\n"
        f"Give it here: {link('learning:evaluation', booking.pk, stage)}\n",
    )


def manager_review_due(booking: Booking) -> Email:
    """To the line manager: their part of the six-month evaluation is open."""
    name = booking.learner.full_name
    return (
        subject(f"Review {name}'s training with them", booking.event.course.title),
        f"It is six months since {name} attended {_event(booking.event)}. As their line "
        "manager, please talk with them about what has changed in their practice and "
        "give your view.\n\n"
        f"Give your view here: {link('learning:evaluation-manager', booking.pk)}\n",
    )


def event_cancelled(booking: Booking, reason: str) -> tuple[Email, Email]:
    """To the learner and to their line manager: the event will not run."""
    title, event = booking.event.course.title, booking.event
    again = link("learning:course", event.course_id)
    to_learner = (
        subject("Cancelled: find another date", title),
        f"{_event(event)} has been cancelled, so your booking has ended. {reason}\n\n"
        f"There is no charge. Find another date: {again}\n",
    )
    name = booking.learner.full_name
    to_manager = (
        subject(f"Cancelled: {name}'s training", title),
        f"{_event(event)} has been cancelled, so {name}'s booking has ended. {reason}\n\n"
        f"There is no charge. Other dates: {again}\n",
    )
    return to_learner, to_manager
