"""Reviews (LCSPR, SAR, DHR, alternative, table-top) and every step of them, their
documents, and the executive's sign-off (recommendation.sign_off), who sees references
and dates, never the subject.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import audit, pages
from masa.core.files import attachment
from masa.core.forms import GovUKForm
from masa.core.types import ActingRequest
from masa.reviews import policies, rules, selectors
from masa.reviews.forms_casework import reviews as forms
from masa.reviews.models import Milestone, Review, ReviewDelay, Reviewer
from masa.reviews.services import dates as dates_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.views.common import (
    FORM_PAGE,
    NEEDS_REVIEWER,
    Row,
    _clock,
    _date_correct_page,
    _page,
    _review_clock,
    _shown,
    _today,
)


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

    return pages.form_step(
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
    return pages.form_step(
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
    return pages.form_step(
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
