"""The training programme and bookings: the catalogue, courses and events, booking,
a learner's own bookings, a line manager's team, and the business unit's programme
management (courses, events and the trainer pool).

Views are thin: they ask a policy, call a selector or a service, and render.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.models import Person
from masa.core.types import ActingRequest
from masa.learning import forms_programme as forms
from masa.learning import services
from masa.learning.models import Booking, Course, EvaluationStage, Event
from masa.learning.policies import (
    bookable_events,
    bookings,
    changeable,
    courses,
    events,
    line_managed,
    passable,
    programme_courses,
    programme_events,
)
from masa.learning.selectors import bookings as booking_reads
from masa.learning.selectors import catalogue as catalogue_reads
from masa.learning.selectors import management, team

BOOKING_RELATED = ("event__course", "learner", "agency", "line_manager", "attendance")


def _to_booking(booking: Booking) -> HttpResponse:
    return redirect("learning:booking", pk=booking.pk)


# --- the catalogue ------------------------------------------------------------------


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


# --- an event and booking -----------------------------------------------------------


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
        return _to_booking(state.booking)
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
        return _to_booking(booking)
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


# --- a learner's bookings -----------------------------------------------------------


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
        return _to_booking(booking)
    if hasattr(booking, "attendance"):
        messages.info(request, f"{services.ATTENDANCE_RECORDED}.")
        return _to_booking(booking)
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
        return _to_booking(booking)
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
    return _to_booking(booking)


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
        return _to_booking(booking)
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


# --- a line manager's team ----------------------------------------------------------


@pages.member  # a line manager need not have a role in training
@require_GET
def team_bookings(request: ActingRequest) -> HttpResponse:
    records = list(team.team_bookings(request.acting))
    awaiting = [b for b in records if b.status == Booking.Status.AWAITING_APPROVAL]
    others = [b for b in records if b.status != Booking.Status.AWAITING_APPROVAL]
    reviews = list(team.manager_reviews_due(request.acting, timezone.now()))
    return render(
        request,
        "learning/programme/team.html",
        {
            "awaiting": awaiting,
            "others": others,
            "reviews": reviews,
            "page_title": "My team's training",
        },
    )


@pages.member
@require_http_methods(["GET", "POST"])
def booking_approve(request: ActingRequest, pk: int) -> HttpResponse:
    """The line manager's page for a booking that names them: reached from the email
    asking for approval. Any member of the partnership may be a line manager, with or
    without a role in training; nobody else may open it."""
    booking = line_managed.get_or_404(
        request.acting, "view", pk, related=("event__course", "learner", "agency", "line_manager")
    )
    awaiting = booking.status == Booking.Status.AWAITING_APPROVAL
    form = forms.ApprovalForm(pages.posted(request) if awaiting else None)
    done: list[Booking] = []
    if (
        awaiting
        and request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: done.append(
                services.booking_approve(
                    acting=request.acting,
                    booking=booking,
                    approve=form.cleaned_data["decision"] == "approve",
                )
            ),
        )
    ):
        name = booking.learner.full_name
        status = done[0].status
        if status == Booking.Status.DECLINED:
            messages.success(request, f"You declined {name}'s place. We have told them.")
        elif status == Booking.Status.WAITING:
            messages.success(
                request,
                f"You approved {name}'s place. The event is full: they are on the waiting "
                "list. We have told them.",
            )
        else:
            messages.success(
                request,
                f"You approved {name}'s place. Their place is confirmed. We have told them.",
            )
        return redirect("learning:booking-approve", pk=booking.pk)
    return pages.form_page(
        request,
        "learning/programme/booking_approve.html",
        form,
        {
            "booking": booking,
            "event": booking.event,
            "course": booking.event.course,
            "awaiting": awaiting,
            "page_title": f"Approve training: {booking.learner.full_name}",
        },
    )


# --- programme management -----------------------------------------------------------


@dataclass(frozen=True)
class CourseRow:
    course: Course
    fill_rate: int | None

    @property
    def short_of_trainers(self) -> bool:
        course: Any = self.course
        return bool(course.is_active and course.active_trainers < course.minimum_trainers)


@pages.guard(courses, "manage")
@require_GET
def manage(request: ActingRequest) -> HttpResponse:
    now = timezone.now()
    rows = []
    for course in management.programme_courses(request.acting, now):
        places = getattr(course, "upcoming_places", 0)
        held = getattr(course, "upcoming_held", 0)
        rows.append(CourseRow(course, round(100 * held / places) if places else None))
    short = [row for row in rows if row.short_of_trainers]
    return render(
        request,
        "learning/programme/manage.html",
        {
            "rows": rows,
            "short": short,
            "untrained": list(management.events_without_trainer(request.acting, now)),
            "page_title": "Manage training",
        },
    )


@pages.guard(courses, "manage")
@require_http_methods(["GET", "POST"])
def course_edit(request: ActingRequest, pk: int | None = None) -> HttpResponse:
    acting = request.acting
    course = courses.get_or_404(acting, "manage", pk) if pk else None
    form = forms.CourseForm(
        pages.posted(request),
        partnership=acting.partnership,
        initial=forms.CourseForm.initial_for(course) if course else {"minimum_trainers": 2},
    )
    saved: list[Course] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: saved.append(
                services.course_save(
                    acting=acting,
                    course=course,
                    **form.values(),
                )
            ),
        )
    ):
        messages.success(
            request, f"{'Changes saved' if course else 'Course added'}: {saved[0].title}."
        )
        return redirect("learning:course", pk=saved[0].pk)
    return pages.form_page(
        request,
        "learning/programme/course_edit.html",
        form,
        {
            "course": course,
            "page_title": f"Change {course.title}" if course else "Add a course",
        },
    )


@pages.guard(courses, "manage")
@require_http_methods(["GET", "POST"])
def event_new(request: ActingRequest, pk: int) -> HttpResponse:
    course = courses.get_or_404(request.acting, "manage", pk)
    now = timezone.now()
    form = forms.EventForm(
        pages.posted(request),
        course=course,
        trainers=management.accredited_trainers(course),
        now=now,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = form.chosen_trainers()
        last_day = data.get("ends_on") or data["starts_on"]
        busy = management.unavailable_on(chosen, data["starts_on"], last_day)
        if busy:
            form.add_error(
                "trainers",
                f"{', '.join(p.full_name for p in busy)} "
                f"{'is' if len(busy) == 1 else 'are'} unavailable then: choose other trainers",
            )
        made: list[Event] = []
        if not busy and pages.attempt(
            form,
            lambda: made.append(
                services.event_create(
                    acting=request.acting,
                    course=course,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    capacity=data["capacity"],
                    venue=data["venue"],
                    joining_link=data["joining_link"],
                    trainers=chosen,
                    booking_deadline=data.get("booking_closes_at"),
                )
            ),
        ):
            messages.success(request, f"Event added: {made[0]}.")
            return redirect("learning:event", pk=made[0].pk)
    return pages.form_page(
        request,
        "learning/programme/event_new.html",
        form,
        {"course": course, "page_title": f"Add an event: {course.title}"},
    )


@pages.guard(courses, "manage")
@require_http_methods(["GET", "POST"])
def trainer_pool(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    partnership = acting.partnership
    now = timezone.now()
    course_list = list(courses.visible(acting, "manage").order_by("level", "title"))
    action = request.POST.get("action") if request.method == "POST" else None
    accredit = forms.AccreditationForm(
        request.POST if action == "accredit" else None,
        courses=course_list,
        people=management.partnership_people(partnership),
    )
    away = forms.UnavailabilityForm(
        request.POST if action == "away" else None,
        trainers=management.pool_trainers(partnership),
    )
    if action == "accredit" and accredit.is_valid():
        data = accredit.cleaned_data
        if pages.attempt(
            accredit,
            lambda: services.accreditation_set(
                acting=acting,
                course=accredit.course_rows[data["course"]],
                trainer=accredit.person_rows[data["trainer"]],
                is_active=True,
            ),
        ):
            messages.success(request, "The trainer is accredited for the course.")
            return redirect("learning:trainers")
    elif action == "away" and away.is_valid():
        data = away.cleaned_data
        if pages.attempt(
            away,
            lambda: services.unavailability_add(
                acting=acting,
                trainer=away.person_rows[data["trainer"]],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
            ),
        ):
            messages.success(request, "The unavailability is recorded.")
            return redirect("learning:trainers")
    elif action in ("deactivate", "activate"):
        accreditation = management.accreditation_in(
            course_list, request.POST.get("accreditation", "")
        )
        if accreditation is None:
            raise Http404("No such accreditation.")
        try:
            services.accreditation_set(
                acting=acting,
                course=accreditation.course,
                trainer=accreditation.trainer,
                is_active=action == "activate",
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{accreditation.trainer.full_name} is "
                f"{'active' if action == 'activate' else 'no longer active'} for "
                f"{accreditation.course.title}.",
            )
        return redirect("learning:trainers")
    elif request.method == "POST" and action not in ("accredit", "away"):
        messages.error(request, "Choose what to change.")
        return redirect("learning:trainers")
    errors = bool(accredit.errors or away.errors)
    return render(
        request,
        "learning/programme/trainers.html",
        {
            "pool": management.trainer_pool(acting, now),
            "accredit": accredit,
            "away": away,
            "page_title": "Trainer pool",
            "forms_with_errors": [form for form in (accredit, away) if form.errors],
            "error_title": errors,
        },
        status=400 if errors else 200,
    )


@pages.guard(courses, "manage")
@require_http_methods(["GET", "POST"])
def event_cancel(request: ActingRequest, pk: int) -> HttpResponse:
    event = events.get_or_404(request.acting, "view", pk, related=("course",))
    if event.status == Event.Status.CANCELLED:
        messages.info(request, "This event has already been cancelled.")
        return redirect("learning:event", pk=event.pk)
    form = forms.EventCancelForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.event_cancel(
                acting=request.acting, event=event, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, f"{event} has been cancelled and every learner told.")
        return redirect("learning:event", pk=event.pk)
    affected = event.bookings.filter(status__in=Booking.ACTIVE).count()
    return pages.form_page(
        request,
        "learning/programme/event_cancel.html",
        form,
        {"event": event, "affected": affected, "page_title": f"Cancel {event}"},
    )
