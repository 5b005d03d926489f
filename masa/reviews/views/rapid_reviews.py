"""Rapid reviews and the agency summaries they ask for: the group runs the rapid review;
an agency asked for a summary sees that request alone, never the rest of the review.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.forms import GovUKForm
from masa.core.types import ActingRequest
from masa.reviews import policies, selectors
from masa.reviews.forms_casework import rapid_reviews as forms
from masa.reviews.models import AgencySummary, RapidReview, Review
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from masa.reviews.views.common import SUMMARY, Row, _agencies, _clock, _page, _shown, _today


@pages.guard(policies.rapid_reviews, "view")
@require_GET
def rapid_review(request: ActingRequest, pk: int) -> HttpResponse:
    rapid = policies.rapid_reviews.get_or_404(request.acting, "view", pk)
    incident_record = rapid.incident
    _shown(request, incident_record.subject)
    today = _today()
    summaries = list(rapid.agency_summaries.select_related("agency", "author"))
    can_manage = policies.runs_reviews(request.acting)
    status = rapid.status
    asked = {s.agency_id for s in summaries}
    S = RapidReview.Status
    return render(
        request,
        "reviews/casework/rapid_review.html",
        {
            "rapid": rapid,
            "incident": incident_record,
            "subject": incident_record.subject,
            "clock": _clock(rapid.due_on, rapid.decided_on, today),
            "summaries": [Row(s, _clock(s.due_on, s.submitted_on, today)) for s in summaries],
            "lcspr": Review.objects.filter(
                incident=incident_record, kind=Review.Kind.LCSPR
            ).first(),
            "other_reviews": list(incident_record.reviews.exclude(kind=Review.Kind.LCSPR)),
            "can_manage": can_manage,
            "can_request": can_manage
            and status in (S.OPEN, S.MEETING_HELD)
            and _agencies(rapid.partnership).exclude(pk__in=asked).exists(),
            "can_meet": can_manage and status == S.OPEN,
            "can_decide": can_manage and status == S.MEETING_HELD,
            "can_send": can_manage and status == S.DECIDED,
            "can_respond": can_manage and status == S.SENT_TO_PANEL,
            "can_note_other": can_manage
            and rapid.decision == RapidReview.Decision.OTHER_REVIEW
            and not incident_record.reviews.exists(),
            "page_title": f"Rapid review {incident_record.reference}",
        },
    )


def _rapid_step(
    request: ActingRequest,
    pk: int,
    make_form: Callable[[Any], GovUKForm],
    service: Callable[[RapidReview, dict[str, Any]], object],
    *,
    title: str,
    done: str | Callable[[RapidReview], str],
    button: str,
    intro: Sequence[str] = (),
) -> HttpResponse:
    rapid = policies.rapid_reviews.get_or_404(request.acting, "manage", pk)
    form = make_form(pages.posted(request))
    back = reverse("reviews:rapid-review", args=[rapid.pk])
    return pages.form_step(
        request,
        form,
        lambda: service(rapid, form.cleaned_data),
        done=done if isinstance(done, str) else lambda: done(rapid),
        to=back,
        back=back,
        title=f"{title}: {rapid.incident.reference}",
        caption=f"Rapid review {rapid.incident.reference}",
        button=button,
        intro=intro,
    )


@pages.guard(policies.rapid_reviews, "manage")
@require_http_methods(["GET", "POST"])
def summary_request(request: ActingRequest, pk: int) -> HttpResponse:
    rapid = policies.rapid_reviews.get_or_404(request.acting, "manage", pk)
    agencies = _agencies(rapid.partnership).exclude(
        pk__in=rapid.agency_summaries.values("agency_id")
    )
    form = forms.SummaryRequestForm(pages.posted(request), agencies=agencies)
    back = reverse("reviews:rapid-review", args=[rapid.pk])

    def run() -> None:
        # All the agencies chosen are asked, or none: a refusal leaves nothing half done.
        with transaction.atomic():
            for agency in form.picked_all("agencies"):
                rapid_reviews_services.agency_summary_request(
                    acting=request.acting,
                    rapid_review=rapid,
                    agency=agency,
                    requested_on=form.cleaned_data["requested_on"],
                )

    return pages.form_step(
        request,
        form,
        run,
        done="The agencies have been asked for their summaries.",
        to=back,
        back=back,
        title=f"Ask agencies for summaries: {rapid.incident.reference}",
        caption=f"Rapid review {rapid.incident.reference}",
        button="Ask for the summaries",
        intro=(
            "Each agency asked sees only its own request, and writes its summary of "
            "involvement, analysis and immediate learning here.",
        ),
    )


@pages.guard(policies.rapid_reviews, "manage")
@require_http_methods(["GET", "POST"])
def rapid_review_meeting(request: ActingRequest, pk: int) -> HttpResponse:
    return _rapid_step(
        request,
        pk,
        forms.MeetingForm,
        lambda rapid, data: rapid_reviews_services.rapid_review_meeting(
            acting=request.acting, rapid_review=rapid, meeting_on=data["meeting_on"]
        ),
        title="Record the meeting",
        done="The rapid review meeting is recorded.",
        button="Save the date",
    )


def _decided(rapid: RapidReview) -> str:
    lcspr = Review.objects.filter(incident_id=rapid.incident_id, kind=Review.Kind.LCSPR).first()
    if lcspr is None:
        return "The decision is recorded."
    return f"The decision is recorded and {lcspr.reference} is commissioned: choose its reviewer."


@pages.guard(policies.rapid_reviews, "manage")
@require_http_methods(["GET", "POST"])
def rapid_review_decision(request: ActingRequest, pk: int) -> HttpResponse:
    return _rapid_step(
        request,
        pk,
        forms.DecisionForm,
        lambda rapid, data: rapid_reviews_services.rapid_review_decide(
            acting=request.acting,
            rapid_review=rapid,
            decision=data["decision"],
            rationale=data["rationale"],
            learning=data["learning"],
            decided_on=data["decided_on"],
            review_title=data["review_title"],
        ),
        title="Record the decision",
        done=_decided,
        button="Record the decision",
        intro=(
            "An LCSPR decision commissions the review: choose its reviewer from the review's page.",
        ),
    )


@pages.guard(policies.rapid_reviews, "manage")
@require_http_methods(["GET", "POST"])
def rapid_review_sent(request: ActingRequest, pk: int) -> HttpResponse:
    return _rapid_step(
        request,
        pk,
        forms.SentToPanelForm,
        lambda rapid, data: rapid_reviews_services.rapid_review_send_to_panel(
            acting=request.acting, rapid_review=rapid, sent_on=data["sent_on"]
        ),
        title="Record sending to the Panel",
        done="Sending to the Panel is recorded.",
        button="Save the date",
    )


@pages.guard(policies.rapid_reviews, "manage")
@require_http_methods(["GET", "POST"])
def rapid_review_response(request: ActingRequest, pk: int) -> HttpResponse:
    return _rapid_step(
        request,
        pk,
        forms.PanelResponseForm,
        lambda rapid, data: rapid_reviews_services.rapid_review_panel_response(
            acting=request.acting,
            rapid_review=rapid,
            response=data["response"],
            received_on=data["received_on"],
        ),
        title="Record the Panel's response",
        done="The Panel's response is recorded.",
        button="Save the response",
    )


@pages.guard(policies.agency_summaries, "see_summaries")
@require_GET
def summaries(request: ActingRequest) -> HttpResponse:
    today = _today()
    page = _page(request, selectors.agency_summaries_for(request.acting))
    return render(
        request,
        "reviews/casework/summaries.html",
        {
            "page": page,
            "rows": [Row(s, _clock(s.due_on, s.submitted_on, today)) for s in page],
            "group": policies.sees_subject_details(request.acting),
            "page_title": "Requests for agency summaries",
        },
    )


@pages.guard(policies.agency_summaries, "see_summaries")
@require_http_methods(["GET", "POST"])
def summary(request: ActingRequest, pk: int) -> HttpResponse:
    # Sending needs "submit" (a person who only reads the summary gets 404), and a
    # summary still requested: one already sent is not there to send again.
    action = "submit" if request.method == "POST" else "view"
    record = policies.agency_summaries.get_or_404(request.acting, action, pk, related=SUMMARY)
    can_submit = record.status == AgencySummary.Status.REQUESTED and (
        policies.agency_summaries.can(request.acting, "submit", record)
    )
    if request.method == "POST" and not can_submit:
        raise Http404("This summary has already been submitted.")
    form = forms.AgencySummaryForm(pages.posted(request))
    back = reverse("reviews:summaries")
    return pages.form_step(
        request,
        form,
        lambda: rapid_reviews_services.agency_summary_submit(
            acting=request.acting,
            summary=record,
            involvement=form.cleaned_data["involvement"],
            analysis=form.cleaned_data["analysis"],
            immediate_learning=form.cleaned_data["immediate_learning"],
        ),
        done="Your agency's summary has been sent to the case review group. Thank you.",
        to=reverse("reviews:summary", args=[record.pk]),
        back=back,
        title=f"Agency summary: {record.rapid_review.incident.reference}",
        caption=record.agency.name,
        button="Send the summary",
        template="reviews/casework/summary.html",
        extra={
            "summary": record,
            "reference": record.rapid_review.incident.reference,
            "clock": _clock(record.due_on, record.submitted_on, _today()),
            "can_submit": can_submit,
            "group": policies.sees_subject_details(request.acting),
        },
    )
