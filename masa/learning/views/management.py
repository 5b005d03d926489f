"""Running the programme (the business unit): courses, events, the trainer pool and
cancelling an event.

Views are thin: each declares its guard, fetches records through a policy, calls a
selector or a service, and renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.types import ActingRequest
from masa.learning import forms_programme as forms
from masa.learning import services
from masa.learning.models import Booking, Course, Event
from masa.learning.policies import (
    courses,
    events,
)
from masa.learning.selectors import management


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


def _accreditation_switch(
    request: ActingRequest, course_list: list[Course], *, active: bool
) -> HttpResponse:
    """Make an accreditation of the pool (of `course_list`, the courses the person
    manages) active or inactive, and go back to the pool."""
    accreditation = management.accreditation_in(course_list, request.POST.get("accreditation", ""))
    if accreditation is None:
        raise Http404("No such accreditation.")
    try:
        services.accreditation_set(
            acting=request.acting,
            course=accreditation.course,
            trainer=accreditation.trainer,
            is_active=active,
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{accreditation.trainer.full_name} is "
            f"{'active' if active else 'no longer active'} for "
            f"{accreditation.course.title}.",
        )
    return redirect("learning:trainers")


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
        return _accreditation_switch(request, course_list, active=action == "activate")
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
