"""The case review group's casework: the case reviews home and the overdue dashboard,
serious incident notifications, pre-discussions, rapid reviews and the agency summaries
they ask for, reviews (LCSPR, SAR, DHR, alternative, table-top) and every step of them,
SAR referrals, the reviewer pool, the theme taxonomy and the subjects' profile.

Who sees what (masa/reviews/policies.py):
* records and subject details: the case review group (review.view at partnership scope);
  changes need review.manage; every page that shows a subject writes a view event;
* the executive (review.view aggregate): the home page's counts, the overdue dashboard
  (references, no subjects), the profile with small numbers suppressed, and the sign-off
  of reviews (recommendation.sign_off);
* an agency asked for a summary: that request only, never the rest of the review.

Views are thin: they ask a policy, call a selector or a service, and render.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import audit, clocks, pages
from masa.core.errors import ServiceError
from masa.core.figures import SUPPRESSION_NOTE, bar_chart, count_cell
from masa.core.files import attachment
from masa.core.forms import GovUKForm
from masa.core.models import Agency, Partnership
from masa.core.types import ActingRequest
from masa.reviews import forms_casework as forms
from masa.reviews import policies, rules, selectors
from masa.reviews.models import (
    AgencySummary,
    Incident,
    Milestone,
    RapidReview,
    Review,
    ReviewDelay,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
)
from masa.reviews.services import dates as dates_services
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from masa.reviews.services import reference as reference_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.services import sar as sar_services

FORM_PAGE = "reviews/casework/form.html"
NEEDS_REVIEWER = (Review.Kind.LCSPR, Review.Kind.SAR)
PAGE_SIZE = 50
SUMMARY = ("agency", "rapid_review__incident", "author", "requested_by")


def _today() -> datetime.date:
    return timezone.localdate()


# --- helpers ---------------------------------------------------------------------------------


def _agencies(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(
        partnershipagency__partnership=partnership, is_active=True
    ).order_by("name")


def _shown(request: ActingRequest, subject: Subject | None) -> None:
    """Every page that shows a subject's details leaves a view event."""
    if subject is not None:
        audit.record_view(request.acting, subject)


# --- clocks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """A due date and where it stands (due, due soon, overdue, met in time, met late)."""

    due: datetime.date | None
    status: clocks.TimescaleStatus | None
    done: datetime.date | None = None


def _clock(due: datetime.date | None, done: datetime.date | None, today: datetime.date) -> Clock:
    if due is None:
        return Clock(None, None, done)
    return Clock(due, clocks.timescale_status(due=due, today=today, completed=done), done)


def _late_by(due: datetime.date, today: datetime.date) -> int:
    """Working days past the due date."""
    return clocks.working_days_between(due, today)


@dataclass(frozen=True)
class Row:
    """A record in a list, with its clock."""

    record: Any
    clock: Clock


def _review_clock(review: Review, today: datetime.date) -> Clock:
    return Clock(
        review.target_on,
        selectors.review_target_status(review, today=today),
        review.signed_off_on,
    )


# --- a form page ------------------------------------------------------------------------------


def _step(
    request: ActingRequest,
    form: GovUKForm,
    run: Callable[[], object],
    *,
    done: str | Callable[[], str],
    to: str | Callable[[], str],
    back: str,
    title: str,
    caption: str,
    button: str,
    intro: Sequence[str] = (),
    template: str = FORM_PAGE,
    extra: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST run the service, say what happened and move on. A
    service's refusal shows as an error on the form (status 400)."""
    if request.method == "POST" and form.is_valid() and pages.attempt(form, run):
        messages.success(request, done() if callable(done) else done)
        return redirect(to() if callable(to) else to)
    return pages.form_page(
        request,
        template,
        form,
        {
            "page_title": title,
            "caption": caption,
            "intro": intro,
            "back": back,
            "button": button,
            **(extra or {}),
        },
    )


# --- the case reviews home, the overdue dashboard and the profile ------------------------------


@pages.guard(policies.reviews, "see_figures")
@require_GET
def home(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    today = _today()
    group = policies.sees_subject_details(request.acting)
    work = selectors.open_casework(partnership)
    context: dict[str, Any] = {
        "group": group,
        "can_manage": policies.runs_reviews(request.acting),
        "counts": work.counts,
        "overdue": selectors.overdue_items(partnership, today=today).counts,
        "sign_off": list(
            selectors.sign_off_reviews(request.acting).filter(status=Review.Status.DRAFT_RECEIVED)
        ),
        "sees_summaries": policies.sees_agency_summaries(request.acting),
        "page_title": "Case reviews",
    }
    if group:
        context.update(
            incidents=[Row(i, _clock(i.notification_due_on, None, today)) for i in work.incidents],
            rapid_reviews=[
                Row(r, _clock(r.due_on, r.decided_on, today)) for r in work.rapid_reviews
            ],
            summaries=[
                Row(s, _clock(s.due_on, s.submitted_on, today)) for s in work.agency_summaries
            ],
            reviews=[Row(r, _review_clock(r, today)) for r in work.reviews],
            sar_referrals=list(work.sar_referrals),
        )
    return render(request, "reviews/casework/home.html", context)


@dataclass(frozen=True)
class Late:
    """Something past its due date, and by how many working days."""

    record: Any
    due: datetime.date
    late_by: int


@dataclass(frozen=True)
class Paused:
    review: Review
    delay: ReviewDelay | None
    days: int  # calendar days paused so far


@pages.guard(policies.reviews, "see_figures")
@require_GET
def overdue(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    today = _today()
    items = selectors.overdue_items(partnership, today=today)
    paused: list[Paused] = []
    for review in selectors.paused_reviews(partnership):
        open_delays: list[ReviewDelay] = getattr(review, "open_delays", [])
        delay = open_delays[0] if open_delays else None
        days = max(0, (today - delay.started_on).days) if delay else 0
        paused.append(Paused(review, delay, days))
    counts = items.counts
    return render(
        request,
        "reviews/casework/overdue.html",
        {
            "group": policies.sees_subject_details(request.acting),
            "counts": counts,
            "total": sum(counts.values()),
            "incidents": [
                Late(i, i.notification_due_on, _late_by(i.notification_due_on, today))
                for i in items.incidents
            ],
            "rapid_reviews": [
                Late(r, r.due_on, _late_by(r.due_on, today)) for r in items.rapid_reviews
            ],
            "summaries": [
                Late(s, s.due_on, _late_by(s.due_on, today)) for s in items.agency_summaries
            ],
            "reviews": [
                Late(r, r.target_on, _late_by(r.target_on, today))
                for r in items.reviews
                if r.target_on is not None
            ],
            "paused": paused,
            "today": today,
            "page_title": "Overdue casework",
        },
    )


@pages.guard(policies.reviews, "see_figures")
@require_GET
def profile(request: ActingRequest) -> HttpResponse:
    # The case review group sees its own records, so exact figures; anyone else
    # (the executive) sees counts of 1 to 4 as [c].
    publish = not policies.sees_subject_details(request.acting)
    tables = [
        dataclasses.replace(table, chart=bar_chart(table.caption, table, [0]))
        for table in selectors.subject_profile(request.acting.partnership, publish=publish)
    ]
    total = Subject.objects.filter(partnership=request.acting.partnership).count()
    return render(
        request,
        "reviews/casework/profile.html",
        {
            "tables": tables,
            "total": count_cell(total, publish).text,
            "publish": publish,
            "suppression_note": SUPPRESSION_NOTE,
            "page_title": "Who the reviews are about",
        },
    )


# --- serious incidents ---------------------------------------------------------------------------


def _page(request: ActingRequest, records: Any) -> Any:
    return Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))


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

    return _step(
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
    return _step(
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


def _date_correct_page(
    request: ActingRequest,
    record: Incident | Review,
    correct: Callable[..., object],
    *,
    back: str,
    caption: str,
    where: str,
) -> HttpResponse:
    """The "Correct a recorded date" page of an incident or a review: `correct` is the
    service, called with the date chosen, the correct date and the reason."""
    form = forms.DateCorrectionForm(
        pages.posted(request), recorded=dates_services.recorded_dates(record)
    )
    return _step(
        request,
        form,
        lambda: correct(acting=request.acting, **form.cleaned_data),
        done="The date is corrected. The date it replaces is kept in the history.",
        to=back,
        back=back,
        title=f"Correct a date: {record.reference}",
        caption=caption,
        button="Correct the date",
        intro=(
            "A date recorded in error is corrected here, with the reason. The history of "
            f"corrections stays on the {where}, and the clocks that run from the date move "
            "with it.",
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


# --- pre-discussion panels ------------------------------------------------------------------------


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

    return _step(
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


# --- rapid reviews ------------------------------------------------------------------------------


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
    return _step(
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

    return _step(
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


# --- agency summaries -------------------------------------------------------------------------


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
    return _step(
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


# --- reviews ----------------------------------------------------------------------------------


@pages.guard(policies.reviews, "view")
@require_GET
def reviews(request: ActingRequest) -> HttpResponse:
    form = forms.ReviewFilterForm(request.GET or None)
    filters = form.filters()
    today = _today()
    page = _page(request, selectors.review_list(request.acting, **filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/casework/reviews.html",
        {
            "form": form,
            "page": page,
            "rows": [Row(r, _review_clock(r, today)) for r in page],
            "query": query.urlencode(),
            "filtered": any(filters.values()),
            "can_manage": policies.runs_reviews(request.acting),
            "page_title": "Reviews",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_new(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    incidents_known = policies.incidents.visible(request.acting, "manage")
    initial = {}
    if request.method == "GET" and request.GET.get("incident", "").isdigit():
        initial["incident"] = request.GET["incident"]
    form = forms.ReviewNoteForm(
        pages.posted(request),
        partnership=partnership,
        incidents=incidents_known,
        initial=initial,
    )
    made: list[Review] = []

    def run() -> None:
        data = form.cleaned_data
        made.append(
            reviews_services.review_note(
                acting=request.acting,
                kind=data["kind"],
                title=data["title"],
                subject=form.subject_details(),
                incident=form.picked("incident"),
                owner=data["owner"],
                notified_on=data["notified_on"],
                summary=data["summary"],
                themes=form.picked_all("themes"),
            )
        )

    return _step(
        request,
        form,
        run,
        done=lambda: f"{made[0].reference} recorded.",
        to=lambda: reverse("reviews:review", args=[made[0].pk]),
        back=reverse("reviews:reviews"),
        title="Note a review",
        caption="Reviews",
        button="Record the review",
        intro=(
            "Note a domestic homicide review (run by the community safety partnership), "
            "an alternative review or a table-top review. LCSPRs come from rapid review "
            "decisions and SARs from SAR referral decisions.",
        ),
    )


@pages.guard(policies.reviews, "open_reviews")
@require_GET
def review(request: ActingRequest, pk: int) -> HttpResponse:
    # The case review group, and the executive for a review that came to them for
    # sign-off (policies.ReviewPolicy); only the group sees the subject's details.
    record = policies.reviews.get_or_404(request.acting, "view", pk)
    group = policies.sees_subject_details(request.acting)
    if group:
        _shown(request, record.subject)
    today = _today()
    delays = list(record.delays.select_related("recorded_by"))
    paused_days = sum(d.paused_days or 0 for d in delays)
    open_delay = next((d for d in delays if d.ended_on is None), None)
    status = record.status
    can_manage = policies.runs_reviews(request.acting)
    moves = (
        set()
        if status == Review.Status.PAUSED
        else {new for new in rules.ReviewStatus if rules.review_can_move(status, new)}
    )
    R = rules.ReviewStatus
    finished = status in (Review.Status.PUBLISHED, Review.Status.CLOSED_NOT_PUBLISHED)
    return render(
        request,
        "reviews/casework/review.html",
        {
            "review": record,
            "group": group,
            "subject": record.subject if group else None,
            "themes": list(record.themes.all()),
            "clock": _review_clock(record, today),
            "dhr_due": reviews_services.dhr_decision_due(record),
            "delays": delays,
            "paused_days": paused_days,
            "open_delay": open_delay,
            "paused_so_far": max(0, (today - open_delay.started_on).days) if open_delay else 0,
            "milestones": [
                Row(m, _clock(m.due_on, m.done_on, today)) for m in record.milestones.all()
            ],
            "copies": list(record.copies.all()),
            "documents": list(record.documents.select_related("uploaded_by")),
            "corrections": list(record.date_corrections.select_related("corrected_by")),
            "can_manage": can_manage,
            "can_correct": can_manage and any(dates_services.recorded_dates(record).values()),
            "can_edit": can_manage and not finished,
            "can_commission": can_manage and status == Review.Status.COMMISSIONED,
            # An LCSPR or a SAR starts only once its reviewer is commissioned.
            "can_start": can_manage
            and R.IN_PROGRESS in moves
            and (record.reviewer_id is not None or record.kind not in NEEDS_REVIEWER),
            "can_delay": can_manage and R.PAUSED in moves,
            "can_draft": can_manage and R.DRAFT_RECEIVED in moves,
            "can_sign_off": R.SIGNED_OFF in moves
            and policies.may_sign_off(request.acting, record.partnership_id),
            "can_publish": can_manage and R.PUBLISHED in moves,
            "can_not_publish": can_manage and R.CLOSED_NOT_PUBLISHED in moves,
            "can_copy": can_manage and record.signed_off_on is not None,
            "can_milestone": can_manage and not finished,
            # A title may name the subject's pseudonym: only the group sees it.
            "page_title": f"{record.reference}: {record.title}" if group else record.reference,
        },
    )


def _review_step(
    request: ActingRequest,
    record: Review,
    form: GovUKForm,
    run: Callable[[], object],
    *,
    title: str,
    done: str,
    button: str,
    intro: Sequence[str] = (),
    template: str = FORM_PAGE,
    extra: Mapping[str, Any] | None = None,
) -> HttpResponse:
    back = reverse("reviews:review", args=[record.pk])
    return _step(
        request,
        form,
        run,
        done=done,
        to=back,
        back=back,
        title=f"{title}: {record.reference}",
        caption=f"{record.reference}: {record.title}",
        button=button,
        intro=intro,
        template=template,
        extra=extra,
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_date_correct(request: ActingRequest, pk: int) -> HttpResponse:
    """Correct a date recorded on a review (start, draft, sign-off...), with a reason."""
    record = policies.reviews.get_or_404(request.acting, "manage", pk)
    return _date_correct_page(
        request,
        record,
        functools.partial(dates_services.review_date_correct, review=record),
        back=reverse("reviews:review", args=[record.pk]),
        caption=f"{record.reference}: {record.title}",
        where="review",
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_edit(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.reviews.get_or_404(request.acting, "manage", pk)
    form = forms.ReviewDetailsForm(pages.posted(request), review=record)

    def run() -> None:
        data = form.cleaned_data
        reviews_services.review_update(
            acting=request.acting,
            review=record,
            title=data["title"],
            summary=data["summary"],
            terms_of_reference=data["terms_of_reference"],
            family_involvement=data["family_involvement"],
            owner=data["owner"],
            themes=form.picked_all("themes"),
        )

    return _review_step(
        request,
        record,
        form,
        run,
        title="Change the review's details",
        done="The review's details are saved.",
        button="Save the details",
    )


@dataclass(frozen=True)
class PoolRow:
    reviewer: Reviewer
    themes: list[str]
    shared: list[str]  # the reviewer's themes that the review is tagged with


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_commission(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.reviews.get_or_404(request.acting, "manage", pk)
    pool = list(
        policies.reviewers.visible(request.acting, "manage")
        .filter(is_active=True)
        .prefetch_related("themes")
        .order_by("full_name")
    )
    form = forms.CommissionForm(
        pages.posted(request),
        reviewers=pool,
        initial={"terms_of_reference": record.terms_of_reference},
    )

    def run() -> None:
        data = form.cleaned_data
        reviews_services.review_commission(
            acting=request.acting,
            review=record,
            reviewer=form.picked("reviewer"),
            conflict_check=data["conflict_check"],
            conflict_confirmed=data["conflict_confirmed"],
            checked_on=data["checked_on"],
            terms_of_reference=data["terms_of_reference"],
        )

    wanted = {theme.pk for theme in record.themes.all()}
    return _review_step(
        request,
        record,
        form,
        run,
        title="Commission the reviewer",
        done="The reviewer is commissioned.",
        button="Commission the reviewer",
        template="reviews/casework/commission.html",
        extra={
            "pool": [
                PoolRow(
                    reviewer,
                    [t.name for t in reviewer.themes.all()],
                    [t.name for t in reviewer.themes.all() if t.pk in wanted],
                )
                for reviewer in pool
            ]
        },
    )


def _review_form_step(
    request: ActingRequest,
    pk: int,
    make_form: Callable[[Any, Review], GovUKForm],
    service: Callable[[Review, dict[str, Any]], object],
    *,
    title: str,
    done: str,
    button: str,
    intro: Callable[[Review], Sequence[str]] = lambda review: (),
) -> HttpResponse:
    """A step on a review that takes one form and calls one service (review.manage)."""
    record = policies.reviews.get_or_404(request.acting, "manage", pk)
    form = make_form(pages.posted(request), record)
    return _review_step(
        request,
        record,
        form,
        lambda: service(record, form.cleaned_data),
        title=title,
        done=done,
        button=button,
        intro=intro(record),
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_start(request: ActingRequest, pk: int) -> HttpResponse:
    return _review_form_step(
        request,
        pk,
        lambda data, review: forms.StartForm(data, review=review),
        lambda review, data: reviews_services.review_start(
            acting=request.acting,
            review=review,
            started_on=data["started_on"],
            target_on=data.get("target_on"),
        ),
        title="Start the review",
        done="The review has started.",
        button="Start the review",
        intro=lambda review: (
            (
                "An LCSPR's target is 6 months from its start, unless the partnership has "
                "set another timescale. Delays move it on by the days they last.",
            )
            if review.kind == Review.Kind.LCSPR
            else ()
        ),
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_delay(request: ActingRequest, pk: int) -> HttpResponse:
    return _review_form_step(
        request,
        pk,
        lambda data, review: forms.DelayForm(data),
        lambda review, data: reviews_services.review_delay_start(
            acting=request.acting,
            review=review,
            reason=data["reason"],
            started_on=data["started_on"],
            detail=data["detail"],
        ),
        title="Record a delay",
        done="The delay is recorded: the review is paused.",
        button="Pause the review",
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_milestone(request: ActingRequest, pk: int) -> HttpResponse:
    return _review_form_step(
        request,
        pk,
        lambda data, review: forms.MilestoneForm(data),
        lambda review, data: reviews_services.review_milestone_add(
            acting=request.acting, review=review, name=data["name"], due_on=data["due_on"]
        ),
        title="Add a milestone",
        done="The milestone is added.",
        button="Add the milestone",
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_draft(request: ActingRequest, pk: int) -> HttpResponse:
    return _review_form_step(
        request,
        pk,
        lambda data, review: forms.DraftForm(data),
        lambda review, data: reviews_services.review_draft_receive(
            acting=request.acting, review=review, received_on=data["received_on"]
        ),
        title="Record the draft report",
        done="The draft report is recorded. It now needs the executive's sign-off.",
        button="Save the date",
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_publish(request: ActingRequest, pk: int) -> HttpResponse:
    return _review_form_step(
        request,
        pk,
        lambda data, review: forms.PublishForm(data),
        lambda review, data: reviews_services.review_publish(
            acting=request.acting,
            review=review,
            published_on=data["published_on"],
            link=data["link"],
        ),
        title="Record publication",
        done="Publication is recorded. The review is now in the learning library.",
        button="Record publication",
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_not_publish(request: ActingRequest, pk: int) -> HttpResponse:
    return _review_form_step(
        request,
        pk,
        lambda data, review: forms.NotPublishForm(data),
        lambda review, data: reviews_services.review_not_publish(
            acting=request.acting, review=review, reason=data["reason"]
        ),
        title="Decide not to publish",
        done="The decision not to publish is recorded and the review is closed.",
        button="Close without publishing",
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_copy(request: ActingRequest, pk: int) -> HttpResponse:
    return _review_form_step(
        request,
        pk,
        lambda data, review: forms.CopyForm(data),
        lambda review, data: reviews_services.review_copy_send(
            acting=request.acting,
            review=review,
            recipient=data["recipient"],
            sent_on=data["sent_on"],
            recipient_other=data["recipient_other"],
        ),
        title="Record a copy sent",
        done="The copy sent is recorded.",
        button="Save",
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_delay_end(request: ActingRequest, pk: int, delay_pk: int) -> HttpResponse:
    record = policies.reviews.get_or_404(request.acting, "manage", pk)
    try:
        delay = record.delays.get(pk=delay_pk)
    except ReviewDelay.DoesNotExist as error:
        raise Http404("No such delay.") from error
    form = forms.DelayEndForm(pages.posted(request))
    return _review_step(
        request,
        record,
        form,
        lambda: reviews_services.review_delay_end(
            acting=request.acting, delay=delay, ended_on=form.cleaned_data["ended_on"]
        ),
        title="End the delay",
        done="The delay has ended and the review's target has moved on.",
        button="End the delay",
        intro=(f"{delay}.",),
    )


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_milestone_done(request: ActingRequest, pk: int, milestone_pk: int) -> HttpResponse:
    record = policies.reviews.get_or_404(request.acting, "manage", pk)
    try:
        milestone = record.milestones.get(pk=milestone_pk)
    except Milestone.DoesNotExist as error:
        raise Http404("No such milestone.") from error
    form = forms.MilestoneDoneForm(pages.posted(request))
    return _review_step(
        request,
        record,
        form,
        lambda: reviews_services.review_milestone_done(
            acting=request.acting, milestone=milestone, done_on=form.cleaned_data["done_on"]
        ),
        title=f"Milestone reached: {milestone.name}",
        done=f"{milestone.name}: recorded as reached.",
        button="Save the date",
    )


@pages.guard(policies.sign_off, "sign_off")
@require_http_methods(["GET", "POST"])
def review_sign_off(request: ActingRequest, pk: int) -> HttpResponse:
    # This page shows the executive the reference, the kind of review and its dates; the
    # review itself, with its documents, is one link back.
    record = policies.sign_off.get_or_404(request.acting, "sign_off", pk)
    form = forms.SignOffForm(pages.posted(request))
    group = policies.sees_subject_details(request.acting)
    # Whoever signs a review off may open it once its draft has come (ReviewPolicy).
    opens = policies.reviews.can(request.acting, "view", record)
    back = reverse("reviews:review", args=[record.pk]) if opens else reverse("reviews:home")
    intro = [f"{record.get_kind_display()}."]
    if record.draft_received_on:
        intro.append(f"The draft report arrived on {record.draft_received_on:%-d %B %Y}.")
    return _step(
        request,
        form,
        lambda: reviews_services.review_sign_off(
            acting=request.acting, review=record, signed_off_on=form.cleaned_data["signed_off_on"]
        ),
        done=f"{record.reference} is signed off.",
        to=back,
        back=back,
        title=f"Sign off {record.reference}",
        # A title may name the subject's pseudonym: only the group sees it.
        caption=f"{record.reference}: {record.title}" if group else record.reference,
        button="Sign off the review",
        intro=intro,
    )


# --- the review's documents ---------------------------------------------------------------------


@pages.guard(policies.reviews, "manage")
@require_http_methods(["GET", "POST"])
def review_document_new(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.reviews.get_or_404(request.acting, "manage", pk)
    form = forms.ReviewDocumentForm(pages.posted(request), request.FILES or None)

    def upload() -> None:
        data = form.cleaned_data
        reviews_services.review_document_upload(
            acting=request.acting,
            review=record,
            kind=data["kind"],
            title=data["title"],
            name=data["file"].name or "",
            chunks=data["file"].chunks(),
        )

    return _review_step(
        request,
        record,
        form,
        upload,
        title="Add a document",
        done="The document is added to the review.",
        button="Upload the document",
        intro=(
            "Terms of reference, chronologies, agency reports and the draft and final "
            "report are kept here. Only the case review group and the executive who signs "
            "the review off can open them.",
        ),
        extra={"upload": True},
    )


@pages.guard(policies.documents, "view")
@require_GET
def review_document(request: ActingRequest, pk: int) -> FileResponse:
    """A review's document, to those who may open the review; every download is audited."""
    document = policies.documents.get_or_404(request.acting, "view", pk, related=("review",))
    response = attachment(document)
    with transaction.atomic():
        audit.record(
            request.acting,
            "review_document.download",
            document,
            target_label=f"{document.get_kind_display()} for {document.review.reference}",
        )
    return response


# --- SAR referrals -----------------------------------------------------------------------------


@pages.guard(policies.sar_referrals, "view")
@require_GET
def sar_referrals(request: ActingRequest) -> HttpResponse:
    page = _page(request, selectors.sar_referral_list(request.acting))
    return render(
        request,
        "reviews/casework/sar_referrals.html",
        {
            "page": page,
            "can_manage": policies.runs_reviews(request.acting),
            "page_title": "Safeguarding adult review referrals",
        },
    )


@pages.guard(policies.sar_referrals, "manage")
@require_http_methods(["GET", "POST"])
def sar_referral_new(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    form = forms.SarReferralForm(pages.posted(request), agencies=_agencies(partnership))
    made: list[SarReferral] = []

    def run() -> None:
        data = form.cleaned_data
        details = form.subject_details()
        assert details is not None
        made.append(
            sar_services.sar_referral_record_new_subject(
                acting=request.acting,
                subject=details,
                received_on=data["received_on"],
                referrer_agency=form.picked("referrer_agency"),
                summary=data["summary"],
                criteria=form.answers(),
            )
        )

    return _step(
        request,
        form,
        run,
        done=lambda: f"SAR referral {made[0].reference} recorded.",
        to=lambda: reverse("reviews:sar-referral", args=[made[0].pk]),
        back=reverse("reviews:sar-referrals"),
        title="Record a SAR referral",
        caption="Safeguarding adult reviews",
        button="Record the referral",
        intro=(
            "Record a referral for a Safeguarding Adult Review under section 44 of the "
            "Care Act 2014, with the conditions as the referrer sees them.",
        ),
    )


@dataclass(frozen=True)
class Criterion:
    wording: str
    met: bool


def _criteria(answers: Mapping[str, object] | None) -> list[Criterion]:
    given = answers or {}
    return [Criterion(wording, bool(given.get(key))) for key, wording in rules.SAR_CRITERIA.items()]


@pages.guard(policies.sar_referrals, "view")
@require_GET
def sar_referral(request: ActingRequest, pk: int) -> HttpResponse:
    referral = policies.sar_referrals.get_or_404(request.acting, "view", pk)
    _shown(request, referral.subject)
    return render(
        request,
        "reviews/casework/sar_referral.html",
        {
            "referral": referral,
            "subject": referral.subject,
            "criteria": _criteria(referral.criteria),
            "mandatory": rules.sar_is_mandatory(referral.criteria or {}),
            "reviews": list(referral.reviews.all()),
            "can_decide": policies.runs_reviews(request.acting) and not referral.decision,
            "page_title": f"SAR referral {referral.reference}",
        },
    )


@pages.guard(policies.sar_referrals, "manage")
@require_http_methods(["GET", "POST"])
def sar_referral_decide(request: ActingRequest, pk: int) -> HttpResponse:
    referral = policies.sar_referrals.get_or_404(request.acting, "manage", pk)
    form = forms.SarDecisionForm(pages.posted(request), referral=referral)
    back = reverse("reviews:sar-referral", args=[referral.pk])

    def done() -> str:
        made = referral.reviews.first()
        if made is not None:
            return f"The decision is recorded and {made.reference} is commissioned."
        return "The decision is recorded."

    return _step(
        request,
        form,
        lambda: sar_services.sar_referral_decide(
            acting=request.acting,
            referral=referral,
            decision=form.cleaned_data["decision"],
            rationale=form.cleaned_data["rationale"],
            decided_on=form.cleaned_data["decided_on"],
            criteria=form.answers(),
        ),
        done=done,
        to=back,
        back=back,
        title=f"Decide the SAR referral {referral.reference}",
        caption=f"SAR referral {referral.reference}",
        button="Record the decision",
        intro=(
            "A mandatory review needs all four conditions in section 44(1) to (3); when "
            "they are all met the board must arrange a review.",
        ),
    )


# --- the reviewer pool and the themes ------------------------------------------------------------


@pages.guard(policies.reviewers, "manage")
@require_GET
def reviewers(request: ActingRequest) -> HttpResponse:
    return render(
        request,
        "reviews/casework/reviewers.html",
        {"pool": list(selectors.reviewer_pool(request.acting)), "page_title": "Reviewer pool"},
    )


@pages.guard(policies.reviewers, "manage")
@require_http_methods(["GET", "POST"])
def reviewer_edit(request: ActingRequest, pk: int | None = None) -> HttpResponse:
    record: Reviewer | None = (
        policies.reviewers.get_or_404(request.acting, "manage", pk) if pk else None
    )
    form = forms.ReviewerForm(
        pages.posted(request), partnership=request.acting.partnership, reviewer=record
    )
    back = reverse("reviews:reviewers")
    return _step(
        request,
        form,
        lambda: reference_services.reviewer_save(
            acting=request.acting,
            reviewer=record,
            **form.values(),
        ),
        done=lambda: f"{form.cleaned_data['full_name']}: saved.",
        to=back,
        back=back,
        title=f"Change {record.full_name}" if record else "Add a reviewer",
        caption="Reviewer pool",
        button="Save the reviewer",
    )


@pages.guard(policies.themes, "manage")
@require_GET
def themes(request: ActingRequest) -> HttpResponse:
    return render(
        request,
        "reviews/casework/themes.html",
        {"themes": list(selectors.theme_list(request.acting)), "page_title": "Review themes"},
    )


@pages.guard(policies.themes, "manage")
@require_http_methods(["GET", "POST"])
def theme_edit(request: ActingRequest, pk: int | None = None) -> HttpResponse:
    record: Theme | None = policies.themes.get_or_404(request.acting, "manage", pk) if pk else None
    form = forms.ThemeForm(pages.posted(request), theme=record)
    back = reverse("reviews:themes")
    return _step(
        request,
        form,
        lambda: reference_services.theme_save(
            acting=request.acting,
            theme=record,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            is_active=form.cleaned_data["is_active"],
        ),
        done=lambda: f"Theme saved: {form.cleaned_data['name']}.",
        to=back,
        back=back,
        title=f"Change the theme {record.name}" if record else "Add a theme",
        caption="Review themes",
        button="Save the theme",
        intro=(
            "Themes tag incidents, reviews, findings and recommendations, so the action "
            "plan and the learning library can be searched by them.",
        ),
    )
