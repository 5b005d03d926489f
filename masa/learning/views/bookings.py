"""A booking: a learner's own bookings, a booking's page, cancelling it, accepting a
place offered and passing the place to a colleague.

Views are thin: each declares its guard, fetches records through a policy, calls a
selector or a service, and renders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.models import Person
from masa.core.types import ActingRequest
from masa.learning import forms_programme as forms
from masa.learning import services
from masa.learning.models import Booking, EvaluationStage
from masa.learning.policies import (
    bookings,
    changeable,
    line_managed,
    passable,
)
from masa.learning.selectors import bookings as booking_reads

BOOKING_RELATED = ("event__course", "learner", "agency", "line_manager", "attendance")


def to_booking(booking: Booking) -> HttpResponse:
    return redirect("learning:booking", pk=booking.pk)


@dataclass(frozen=True)
class StageLink:
    stage: str
    label: str


def _open_stages(booking: Booking, now: Any) -> list[StageLink]:
    answered = booking_reads.answered_stages(booking)
    return [
        StageLink(stage.value, stage.label)
        for stage in EvaluationStage
        if stage.value not in answered and services.evaluation_open(booking, stage, now) is None
    ]


@dataclass(frozen=True)
class BookingRow:
    booking: Booking
    stages: list[StageLink]
    certificate: bool


@pages.guard(bookings, "book")
@require_GET
def my_bookings(request: ActingRequest) -> HttpResponse:
    now = timezone.now()
    grouped = booking_reads.my_bookings(request.acting, now)
    upcoming = [BookingRow(b, _open_stages(b, now), False) for b in grouped.upcoming]
    past = [
        BookingRow(b, _open_stages(b, now), services.certificate_available(b)) for b in grouped.past
    ]
    return render(
        request,
        "learning/programme/my_bookings.html",
        {
            "grouped": grouped,
            "upcoming": upcoming,
            "past": past,
            "now": now,
            "page_title": "My training",
        },
    )


HISTORY_WORDS: dict[str, str] = {
    "booking.make": "Booked",
    "booking.wait": "Joined the waiting list",
    "booking.request": "Asked the line manager to approve the place",
    "booking.approve": "Approved by the line manager",
    "booking.decline": "Declined by the line manager",
    "booking.offer": "Offered a place from the waiting list",
    "booking.accept_offer": "Accepted the place offered",
    "booking.offer_expired": "Offer expired",
    "booking.cancel": "Cancelled",
    "booking.substitute": "Place passed on by a colleague",
    "evaluation.remind": "Reminded to give an evaluation",
}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime.datetime
    what: str
    actor: Person | None


@pages.guard(bookings, "view")
@require_GET
def booking_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    booking = bookings.get_or_404(acting, "view", pk, related=BOOKING_RELATED)
    now = timezone.now()
    lapsed = booking_reads.mark_lapsed(booking, now)
    position = None if lapsed else booking_reads.waiting_position(booking)
    is_learner = booking.learner_id == acting.person.pk
    may_change = changeable.can(acting, "view", booking)
    started = now >= booking.event.starts_at
    recorded = hasattr(booking, "attendance")
    return render(
        request,
        "learning/programme/booking.html",
        {
            "booking": booking,
            "event": booking.event,
            "course": booking.event.course,
            "position": position,
            "deadline_passed": now > booking.event.cancellation_deadline,
            "active_statuses": Booking.ACTIVE,
            "history": [
                HistoryRow(event.at, HISTORY_WORDS.get(event.verb, event.verb), event.actor)
                for event in booking_reads.booking_history(booking)
            ],
            "is_learner": is_learner,
            "can_cancel": may_change
            and booking.status in Booking.ACTIVE
            and not started
            and not recorded,
            "attendance_recorded": recorded,
            "started": started,
            "can_accept": is_learner and booking.status == Booking.Status.OFFERED,
            "can_substitute": (
                booking.status == Booking.Status.CONFIRMED
                and not started
                and passable.can(acting, "view", booking)
            ),
            "can_approve": (
                booking.status == Booking.Status.AWAITING_APPROVAL
                and line_managed.can(acting, "view", booking)
            ),
            "stages": _open_stages(booking, now) if is_learner else [],
            "certificate": is_learner and services.certificate_available(booking),
            "page_title": f"Booking: {booking.event}",
        },
    )


@pages.guard(changeable, "view")
@require_http_methods(["GET", "POST"])
def booking_cancel(request: ActingRequest, pk: int) -> HttpResponse:
    booking = changeable.get_or_404(request.acting, "view", pk, related=BOOKING_RELATED)
    if booking.status not in Booking.ACTIVE:
        messages.info(request, "This booking is already closed.")
        return to_booking(booking)
    if hasattr(booking, "attendance"):
        messages.info(request, f"{services.ATTENDANCE_RECORDED}.")
        return to_booking(booking)
    form = forms.CancelForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.booking_cancel(
                acting=request.acting, booking=booking, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        booking.refresh_from_db()
        if booking.status == Booking.Status.LATE_CANCELLED:
            messages.success(
                request,
                f"The booking is cancelled. It was cancelled after the deadline: the "
                f"charge is £{booking.charge}.",
            )
        else:
            messages.success(request, "The booking is cancelled. There is no charge.")
        return to_booking(booking)
    terms = booking_reads.cancellation_terms(booking, timezone.now())
    return pages.form_page(
        request,
        "learning/programme/booking_cancel.html",
        form,
        {
            "booking": booking,
            "event": booking.event,
            "terms": terms,
            "page_title": "Cancel the booking",
        },
    )


@pages.guard(bookings, "view")
@require_POST
def booking_accept(request: ActingRequest, pk: int) -> HttpResponse:
    booking = bookings.get_or_404(request.acting, "view", pk, related=BOOKING_RELATED)
    try:
        services.booking_accept_offer(acting=request.acting, booking=booking)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have accepted the place. Your place is confirmed.")
    return to_booking(booking)


@pages.guard(passable, "view")
@require_http_methods(["GET", "POST"])
def booking_substitute(request: ActingRequest, pk: int) -> HttpResponse:
    booking = passable.get_or_404(request.acting, "view", pk, related=BOOKING_RELATED)
    form = forms.SubstituteForm(
        pages.posted(request),
        colleagues=booking_reads.agency_colleagues(
            request.acting.partnership, booking.agency_id, exclude=booking.learner
        ),
    )
    made: list[Booking] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: made.append(
                services.booking_substitute(
                    acting=request.acting, booking=booking, colleague=form.chosen()
                )
            ),
        )
    ):
        messages.success(
            request, f"The place has been passed to {made[0].learner.full_name}. No charge applies."
        )
        return to_booking(booking)
    return pages.form_page(
        request,
        "learning/programme/booking_substitute.html",
        form,
        {
            "booking": booking,
            "event": booking.event,
            "page_title": "Pass the place to a colleague",
        },
    )
