"""Serious incident notifications and pre-discussion panels (the case review group's;
changes need review.manage). Every page that shows a subject writes a view event.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.types import ActingRequest
from masa.reviews import policies, selectors
from masa.reviews.forms_casework import incidents as forms
from masa.reviews.models import Incident, RapidReview
from masa.reviews.services import dates as dates_services
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from masa.reviews.views.common import Row, _clock, _date_correct_page, _page, _shown, _today


@pages.guard(policies.incidents, "view")
@require_GET
def incidents(request: ActingRequest) -> HttpResponse:
    today = _today()
    page = _page(request, selectors.incident_list(request.acting))
    return render(
        request,
        "reviews/casework/incidents.html",
        {
            "page": page,
            "rows": [
                Row(i, _clock(i.notification_due_on, i.notified_panel_on, today)) for i in page
            ],
            "can_manage": policies.runs_reviews(request.acting),
            "page_title": "Serious incidents",
        },
    )


@pages.guard(policies.incidents, "manage")
@require_http_methods(["GET", "POST"])
def incident_new(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    form = forms.IncidentNotifyForm(pages.posted(request), partnership=partnership)
    made: list[tuple[Incident, bool]] = []

    def run() -> None:
        data = form.cleaned_data
        details = form.subject_details()
        assert details is not None
        made.append(
            incidents_services.incident_notify_new_subject(
                acting=request.acting,
                subject=details,
                summary=data["summary"],
                aware_on=data["aware_on"],
                looked_after=data["looked_after"],
                themes=form.picked_all("themes"),
            )
        )

    def done() -> str:
        incident, created = made[0]
        if not created:
            return f"This notification was already recorded as {incident.reference}."
        return (
            f"Serious incident {incident.reference} recorded. Notify the Panel by "
            f"{incident.notification_due_on:%-d %B %Y}."
        )

    return pages.form_step(
        request,
        form,
        run,
        done=done,
        to=lambda: reverse("reviews:incident", args=[made[0][0].pk]),
        back=reverse("reviews:incidents"),
        title="Notify a serious incident",
        caption="Serious incidents",
        button="Record the incident",
        intro=(
            "Record a serious child safeguarding incident (Children Act 2004 section 16C). "
            "The local authority must notify the Child Safeguarding Practice Review Panel "
            "within 5 working days of becoming aware.",
            "Describe the child with a pseudonym and equality data only. Only the case "
            "review group can see them.",
        ),
    )


@pages.guard(policies.incidents, "view")
@require_GET
def incident(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.incidents.get_or_404(request.acting, "view", pk)
    _shown(request, record.subject)
    today = _today()
    due = record.notification_due_on
    rapid = RapidReview.objects.filter(incident=record).first()
    can_manage = policies.runs_reviews(request.acting)
    return render(
        request,
        "reviews/casework/incident.html",
        {
            "incident": record,
            "subject": record.subject,
            "themes": list(record.themes.all()),
            "panel": _clock(due, record.notified_panel_on, today),
            "partners": _clock(due, record.partners_told_on, today),
            "ofsted": _clock(due, record.notified_ofsted_on, today),
            "sos": _clock(due, record.notified_sos_on, today),
            "rapid": rapid,
            "pre_discussions": list(record.pre_discussions.all()),
            "reviews": list(record.reviews.all()),
            "corrections": list(record.date_corrections.select_related("corrected_by")),
            "can_manage": can_manage,
            "can_open_rapid": can_manage and rapid is None and record.notified_panel_on is not None,
            "page_title": f"Serious incident {record.reference}",
        },
    )


@pages.guard(policies.incidents, "manage")
@require_http_methods(["GET", "POST"])
def incident_notifications(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.incidents.get_or_404(request.acting, "manage", pk)
    form = forms.NotificationsForm(pages.posted(request), incident=record)
    back = reverse("reviews:incident", args=[record.pk])
    return pages.form_step(
        request,
        form,
        lambda: incidents_services.incident_update_notifications(
            acting=request.acting, incident=record, **form.dates()
        ),
        done="The notifications are recorded.",
        to=back,
        back=back,
        title=f"Record notifications: {record.reference}",
        caption=f"Serious incident {record.reference}",
        button="Save the dates",
        intro=(
            f"The Panel notification is due by {record.notification_due_on:%-d %B %Y}. "
            "Enter the dates you know; a date left empty keeps the one already recorded.",
        ),
    )


@pages.guard(policies.incidents, "manage")
@require_http_methods(["GET", "POST"])
def incident_date_correct(request: ActingRequest, pk: int) -> HttpResponse:
    """Correct a recorded date of an incident or its rapid review, with a reason."""
    record = policies.incidents.get_or_404(request.acting, "manage", pk)
    return _date_correct_page(
        request,
        record,
        functools.partial(dates_services.incident_date_correct, incident=record),
        back=reverse("reviews:incident", args=[record.pk]),
        caption=f"Serious incident {record.reference}",
        where="incident",
    )


@pages.guard(policies.incidents, "manage")
@require_POST
def rapid_review_open(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.incidents.get_or_404(request.acting, "manage", pk)
    try:
        rapid = rapid_reviews_services.rapid_review_open(acting=request.acting, incident=record)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("reviews:incident", pk=record.pk)
    messages.success(request, f"Rapid review opened. It is due by {rapid.due_on:%-d %B %Y}.")
    return redirect("reviews:rapid-review", pk=rapid.pk)


@pages.guard(policies.pre_discussions, "view")
@require_GET
def pre_discussions(request: ActingRequest) -> HttpResponse:
    page = _page(request, selectors.pre_discussion_list(request.acting))
    return render(
        request,
        "reviews/casework/pre_discussions.html",
        {
            "page": page,
            "can_manage": policies.runs_reviews(request.acting),
            "page_title": "Pre-discussions",
        },
    )


@pages.guard(policies.pre_discussions, "manage")
@require_http_methods(["GET", "POST"])
def pre_discussion_new(request: ActingRequest) -> HttpResponse:
    form = forms.PreDiscussionForm(
        pages.posted(request), incidents=policies.incidents.visible(request.acting, "manage")
    )
    back = reverse("reviews:pre-discussions")

    def run() -> None:
        data = form.cleaned_data
        incidents_services.pre_discussion_record(
            acting=request.acting,
            referral_summary=data["referral_summary"],
            held_on=data["held_on"],
            outcome=data["outcome"],
            rationale=data["rationale"],
            attendees=data["attendees"],
            incident=form.picked("incident"),
        )

    return pages.form_step(
        request,
        form,
        run,
        done="The pre-discussion is recorded.",
        to=back,
        back=back,
        title="Record a pre-discussion",
        caption="Pre-discussions",
        button="Record the pre-discussion",
        intro=(
            "A pre-discussion panel considers a referral that may not meet the criteria "
            "for a rapid review, and records what happens next and why.",
        ),
    )
