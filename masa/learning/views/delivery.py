"""Delivery: the trainer's events and registers, attendance from virtual-meeting
reports, e-learning completions from the LMS, recordings, the four-stage evaluation
and certificates.

Views are thin: they ask a policy (through the delivery selectors), call a service,
and render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.forms import GovUKForm
from masa.core.types import ActingRequest, SignedInRequest
from masa.learning import certificates, imports, services
from masa.learning.evaluation import evaluation_defaults_ensure
from masa.learning.forms_delivery import EvaluationAnswersForm, RegisterForm, UploadForm
from masa.learning.models import (
    Booking,
    Completion,
    Course,
    EvaluationResponse,
    EvaluationStage,
    Respondent,
)
from masa.learning.policies import certificates as certificate_policy
from masa.learning.policies import courses, delivery, events, line_managed, own_bookings
from masa.learning.selectors import delivery as delivery_reads

EVALUATION_RELATED = ("event__course", "learner", "line_manager", "partnership")
CERTIFICATE_RELATED = ("event__course", "learner", "partnership", "attendance")

RECORDED_MODES = (Course.Mode.RECORDING, Course.Mode.WEBINAR)


def _page(
    request: SignedInRequest, template: str, context: dict[str, Any], form: GovUKForm | None
) -> HttpResponse:
    errors = bool(form is not None and form.errors)
    return render(
        request,
        f"learning/delivery/{template}",
        {**context, "form": form, "error_title": errors},
        status=400 if errors else 200,
    )


# --- the trainer's events and registers ---------------------------------------------


@pages.guard(events, "deliver")
@require_GET
def my_events(request: ActingRequest) -> HttpResponse:
    upcoming, past = delivery_reads.trainer_events(request.acting, timezone.now())
    page = Paginator(past, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/delivery/my_events.html",
        {"upcoming": upcoming, "page": page, "page_title": "Events you deliver"},
    )


@pages.guard(delivery, "deliver")
@require_http_methods(["GET", "POST"])
def register(request: ActingRequest, pk: int) -> HttpResponse:
    event = delivery.get_or_404(request.acting, "deliver", pk, related=("course", "partnership"))
    rows = delivery_reads.register_rows(event)
    form = RegisterForm(pages.posted(request), rows=rows, length=services.event_minutes(event))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.register_save(
                acting=request.acting, event=event, entries=form.entries()
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _changed_message(changed))
            return redirect("learning:register", pk=event.pk)
    return _page(
        request,
        "register.html",
        {
            "event": event,
            "learner_fields": form.learner_fields(),
            "closed": services.register_open(event, timezone.now()),
            "page_title": f"Register: {event.course.title}",
        },
        form,
    )


def _changed_message(changed: int) -> str:
    if changed == 0:
        return "Register saved: no changes"
    return f"Register saved: attendance updated for {changed} learner{'s' if changed != 1 else ''}"


@pages.guard(delivery, "deliver")
@require_http_methods(["GET", "POST"])
def attendance_import(request: ActingRequest, pk: int) -> HttpResponse:
    event = delivery.get_or_404(request.acting, "deliver", pk, related=("course", "partnership"))
    form = UploadForm(pages.posted(request), request.FILES or None, parser=imports.parse_attendance)
    context: dict[str, Any] = {
        "event": event,
        "columns": imports.column_guide(imports.ATTENDANCE_COLUMNS),
        "threshold": int(services.ATTENDED_SHARE * 100),
        "length": services.event_minutes(event),
        "closed": services.register_open(event, timezone.now()),
        "page_title": f"Import attendance: {event.course.title}",
    }
    if request.method == "POST" and form.is_valid():
        try:
            result = services.attendance_import(
                acting=request.acting, event=event, parsed=form.parsed, filename=form.filename
            )
        except ServiceError as error:
            form.add_error("file", str(error))
        else:
            return render(
                request,
                "learning/delivery/attendance_imported.html",
                {
                    **context,
                    "result": result,
                    "filename": form.filename,
                    "page_title": f"Attendance imported: {event.course.title}",
                },
            )
    return _page(request, "attendance_import.html", context, form)


@pages.guard(courses, "manage")
@require_http_methods(["GET", "POST"])
def completions_import(request: ActingRequest) -> HttpResponse:
    form = UploadForm(
        pages.posted(request), request.FILES or None, parser=imports.parse_completions
    )
    context: dict[str, Any] = {
        "columns": imports.column_guide(imports.COMPLETION_COLUMNS),
        "page_title": "Import e-learning completions",
    }
    if request.method == "POST" and form.is_valid():
        result = services.completions_import(
            acting=request.acting,
            parsed=form.parsed,
            filename=form.filename,
        )
        return render(
            request,
            "learning/delivery/completions_imported.html",
            {
                **context,
                "result": result,
                "filename": form.filename,
                "page_title": "E-learning completions imported",
            },
        )
    return _page(request, "completions_import.html", context, form)


# --- recordings ---------------------------------------------------------------------


@pages.guard(courses, "view")
@require_http_methods(["GET", "POST"])
def recording(request: ActingRequest, pk: int) -> HttpResponse:
    course = courses.get_or_404(request.acting, "view", pk)
    if course.mode not in RECORDED_MODES:
        raise Http404("This course has no recording.")
    published = delivery_reads.recording_link(course)
    if request.method == "POST":
        if published is None:
            raise Http404("This recording is not available yet.")
        try:
            _, new = services.recording_watched(acting=request.acting, course=course)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Thank you: your viewing is recorded"
                if new
                else "Your viewing is already recorded for today",
            )
        return redirect("learning:recording", pk=course.pk)
    watched = Completion.objects.filter(
        course=course, learner=request.acting.person, kind=Completion.Kind.RECORDING
    ).order_by("-completed_at")
    return render(
        request,
        "learning/delivery/recording.html",
        {
            "course": course,
            "published": published,
            "watched": watched,
            "page_title": f"Recording: {course.title}",
        },
    )


# --- evaluation ---------------------------------------------------------------------


@pages.guard(own_bookings, "view")
@require_http_methods(["GET", "POST"])
def evaluation(request: ActingRequest, pk: int, stage: str) -> HttpResponse:
    """The learner's evaluation at one stage."""
    if stage not in EvaluationStage.values:
        raise Http404("There is no such evaluation stage.")
    booking = own_bookings.get_or_404(request.acting, "view", pk, related=EVALUATION_RELATED)
    return _evaluation_page(request, booking, stage, Respondent.LEARNER)


@pages.member  # a line manager need not have a role in training
@require_http_methods(["GET", "POST"])
def evaluation_manager(request: ActingRequest, pk: int) -> HttpResponse:
    """The line manager's part of the six-month evaluation: for their own staff's
    bookings only, whatever their role in training."""
    booking = line_managed.get_or_404(request.acting, "view", pk, related=EVALUATION_RELATED)
    return _evaluation_page(request, booking, EvaluationStage.SIX_MONTHS, Respondent.LINE_MANAGER)


def _evaluation_page(
    request: ActingRequest, booking: Booking, stage: str, respondent: str
) -> HttpResponse:
    label = EvaluationStage(stage).label
    manager = respondent == Respondent.LINE_MANAGER
    heading = (
        f"Six months on: your view of {booking.learner.full_name}'s training"
        if manager
        else f"Evaluation: {label.lower()}"
    )
    context: dict[str, Any] = {
        "booking": booking,
        "stage": stage,
        "stage_label": label,
        "manager": manager,
        "heading": heading,
        "page_title": f"{heading}: {booking.event.course.title}",
    }
    response = EvaluationResponse.objects.filter(
        booking=booking, stage=stage, respondent=respondent
    ).first()
    if response is not None:
        questions = list(response.form.questions.all())
        answers = [
            (question, response.answers.get(str(question.number), "")) for question in questions
        ]
        return render(
            request,
            "learning/delivery/evaluation_answered.html",
            {**context, "response": response, "answers": answers},
        )
    whose = f"{booking.learner.full_name}'s" if manager else "your"
    why_not = services.evaluation_open(booking, stage, timezone.now(), whose=whose)
    if why_not:
        return render(
            request,
            "learning/delivery/evaluation_closed.html",
            {**context, "why_not": why_not},
            status=200 if request.method == "GET" else 400,
        )
    evaluation_defaults_ensure(booking.partnership)
    form_definition = services.evaluation_form_for(booking.event.course, stage, respondent)
    if form_definition is None:  # pragma: no cover - the defaults were just ensured
        raise Http404("No evaluation form is set up for this stage.")
    form = EvaluationAnswersForm(
        pages.posted(request), questions=list(form_definition.questions.all())
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.evaluation_submit(
                acting=request.acting,
                booking=booking,
                stage=stage,
                answers=form.answers(),
                respondent=respondent,
            ),
        )
    ):
        messages.success(request, "Thank you: your evaluation has been recorded")
        if manager:
            return redirect("learning:evaluation-manager", pk=booking.pk)
        return redirect("learning:evaluation", pk=booking.pk, stage=stage)
    return _page(
        request,
        "evaluation.html",
        {**context, "definition": form_definition},
        form,
    )


# --- certificates -------------------------------------------------------------------


@pages.guard(certificate_policy, "view")
@require_GET
def certificate(request: ActingRequest, pk: int) -> HttpResponse:
    booking = certificate_policy.get_or_404(
        request.acting,
        "view",
        pk,
        related=("event__course", "learner", "partnership", "attendance"),
    )
    if not services.certificate_available(booking):
        return render(
            request,
            "learning/delivery/certificate_unavailable.html",
            {"booking": booking, "page_title": "Certificate not available yet"},
            status=404,
        )
    response = HttpResponse(certificates.certificate_pdf(booking), content_type="application/pdf")
    filename = certificates.certificate_filename(booking)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
