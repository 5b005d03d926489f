"""The training programme as learners see it: the catalogue, a course, an event, and
booking a place.

Views are thin: each declares its guard, fetches records through a policy, calls a
selector or a service, and renders.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.types import ActingRequest
from masa.learning import forms_programme as forms
from masa.learning import services
from masa.learning.models import Booking, Event
from masa.learning.policies import (
    bookable_events,
    bookings,
    courses,
    events,
    programme_courses,
    programme_events,
)
from masa.learning.selectors import bookings as booking_reads
from masa.learning.selectors import catalogue as catalogue_reads
from masa.learning.selectors import team
from masa.learning.views.bookings import to_booking


@pages.guard(courses, "view")
@require_GET
def catalogue(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    form = forms.CatalogueFilterForm(request.GET or None, partnership=acting.partnership)
    now = timezone.now()
    records = catalogue_reads.catalogue_events(acting, now=now, **form.filters())
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(value for key, value in query.items())
    return render(
        request,
        "learning/programme/catalogue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": filtered,
            "can_book": bookings.can(acting, "book"),
            "can_manage": courses.can(acting, "manage"),
            "to_do": team.manager_to_do(acting, now),
            "page_title": "Training",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(courses, "view")
@require_GET
def course_detail(request: ActingRequest, pk: int) -> HttpResponse:
    can_manage = courses.can(request.acting, "manage")
    course = programme_courses.get_or_404(request.acting, "view", pk)
    now = timezone.now()
    active_trainers = catalogue_reads.active_trainer_count(course) if can_manage else None
    return render(
        request,
        "learning/programme/course.html",
        {
            "course": course,
            "themes": list(course.themes.all()),
            "events": list(catalogue_reads.upcoming_events(course, now)),
            "can_manage": can_manage,
            "active_trainers": active_trainers,
            "short_of_trainers": (
                active_trainers is not None and active_trainers < course.minimum_trainers
            ),
            "page_title": course.title,
        },
    )


@dataclass(frozen=True)
class EventState:
    """What the person can do about an event now."""

    booking: Booking | None
    open: bool
    why_closed: str


def _event_state(request: ActingRequest, event: Event) -> EventState:
    now = timezone.now()
    booking = booking_reads.active_booking(request.acting.person, event)
    why = ""
    if event.status != Event.Status.SCHEDULED:
        why = "This event has been cancelled."
    elif now > event.booking_deadline:
        why = "Booking for this event has closed."
    elif not bookings.can(request.acting, "book"):
        why = "Your role does not include booking training."
    return EventState(booking=booking, open=not why, why_closed=why)


@pages.guard(events, "view")
@require_GET
def event_detail(request: ActingRequest, pk: int) -> HttpResponse:
    # Events of courses taken out of the programme stay visible to the business unit.
    event = programme_events.get_or_404(request.acting, "view", pk, related=("course",))
    state = _event_state(request, event)
    can_manage = bookings.can(request.acting, "manage")
    booked = (
        list(
            event.bookings.filter(status__in=Booking.ACTIVE)
            .select_related("learner", "agency")
            .order_by("status", "joined_waiting_list_at", "booked_at", "pk")
        )
        if can_manage
        else []
    )
    return render(
        request,
        "learning/programme/event.html",
        {
            "event": event,
            "course": event.course,
            "trainers": list(event.trainers.order_by("full_name")),
            "state": state,
            "waiting": booking_reads.waiting_list_length(event),
            "deadline_passed": timezone.now() > event.cancellation_deadline,
            "can_manage": can_manage,
            "booked": booked,
            "page_title": str(event),
        },
    )


@pages.guard(bookings, "book")
@require_http_methods(["GET", "POST"])
def event_book(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    event = bookable_events.get_or_404(acting, "view", pk, related=("course",))
    course = event.course
    form = forms.BookForm(
        pages.posted(request),
        partnership=acting.partnership,
        learner=acting.person,
        needs_approval=course.needs_manager_approval,
    )
    state = _event_state(request, event)
    if request.method == "GET" and state.booking is not None:
        messages.info(request, "You already have a booking for this event.")
        return to_booking(state.booking)
    made: list[Booking] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: made.append(
                services.booking_make(
                    acting=acting,
                    event=event,
                    line_manager=form.chosen_manager(),
                )
            ),
        )
    ):
        booking = made[0]
        outcomes: dict[str, str] = {
            Booking.Status.CONFIRMED: "Your place is confirmed.",
            Booking.Status.WAITING: "The event is full: you are on the waiting list. We will "
            "email you if a place is offered.",
            Booking.Status.AWAITING_APPROVAL: "We have asked your line manager to approve "
            "your place.",
        }
        messages.success(request, outcomes.get(booking.status, "Your booking has been made."))
        return to_booking(booking)
    full = event.places_left == 0
    return pages.form_page(
        request,
        "learning/programme/event_book.html",
        form,
        {
            "event": event,
            "course": course,
            "full": full,
            "state": state,
            "deadline_passed": timezone.now() > event.cancellation_deadline,
            "page_title": f"{'Join the waiting list' if full else 'Book a place'}: {course.title}",
        },
    )
