"""Learning outputs: the learning library (every signed-in member of the partnership),
7-minute briefings (a page and a one-page PDF), newsletters, and library items.

Published learning is for everyone in the partnership; drafts, and writing, need
review.manage at partnership scope (masa.reviews.policies: `briefings`, `newsletters`,
`library_items`). A published review shows in the library by its title, summary and
publication link only: never its subject.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.types import ActingRequest
from masa.reviews import briefing_pdf, policies, selectors
from masa.reviews.forms_learning import (
    BriefingForm,
    LibraryFilterForm,
    LibraryItemForm,
    NewsletterForm,
)
from masa.reviews.models import Briefing, LibraryItem, Newsletter, Publishable, Review
from masa.reviews.services import learning as learning_services

LIBRARY_PAGE_SIZE = 50


def _manages(request: ActingRequest) -> bool:
    return policies.briefings.can(request.acting, "manage")


def _reviews_for(request: ActingRequest) -> QuerySet[Review]:
    return policies.reviews.visible(request.acting, "view")


def _published_review(review: Review | None) -> Review | None:
    """The review a briefing came from, if published (so anyone may know of it)."""
    if review is not None and review.status == Review.Status.PUBLISHED:
        return review
    return None


# --- the learning library --------------------------------------------------------------------


def _href(entry: selectors.LibraryEntry) -> str:
    if isinstance(entry.record, Briefing):
        return reverse("reviews:briefing", args=[entry.record.pk])
    if isinstance(entry.record, Newsletter):
        return reverse("reviews:newsletter", args=[entry.record.pk])
    return entry.link


def _edit_href(entry: selectors.LibraryEntry) -> str:
    record = entry.record
    if isinstance(record, Briefing):
        return reverse("reviews:briefing-edit", args=[record.pk])
    if isinstance(record, Newsletter):
        return reverse("reviews:newsletter-edit", args=[record.pk])
    if isinstance(record, LibraryItem):
        return reverse("reviews:library-item-edit", args=[record.pk])
    return ""


@pages.member
@require_GET
def library(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    form = LibraryFilterForm(request.GET or None, partnership=partnership)
    entries = selectors.learning_library(partnership, **form.filters())
    page = Paginator(entries, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    manages = _manages(request)
    rows = [(entry, _href(entry), _edit_href(entry) if manages else "") for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    drafts: dict[str, Any] = {}
    if manages:
        drafts = {
            "briefings": policies.briefings.visible(request.acting, "manage").filter(
                status=Publishable.DRAFT
            ),
            "newsletters": policies.newsletters.visible(request.acting, "manage").filter(
                status=Publishable.DRAFT
            ),
        }
    return render(
        request,
        "reviews/learning/library.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": bool(query),
            "manages": manages,
            "drafts": drafts,
            "page_title": "Learning library",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


# --- 7-minute briefings --------------------------------------------------------------------


BRIEFING = ("review", "partnership")


@pages.member
@require_GET
def briefing_detail(request: ActingRequest, pk: int) -> HttpResponse:
    briefing = policies.briefings.get_or_404(request.acting, "view", pk, related=BRIEFING)
    manages = _manages(request)
    return render(
        request,
        "reviews/learning/briefing.html",
        {
            "briefing": briefing,
            "themes": [t.name for t in briefing.themes.all()],
            "from_review": briefing.review if manages else _published_review(briefing.review),
            "manages": manages,
            # The writer is told when it will not fit one page at a readable size.
            "fitted": briefing_pdf.fit(briefing) if manages else None,
            "smallest": f"{briefing_pdf.SMALLEST:g}",
            "page_title": f"7-minute briefing: {briefing.title}",
        },
    )


@pages.member
@require_GET
def briefing_download(request: ActingRequest, pk: int) -> HttpResponse:
    briefing = policies.briefings.get_or_404(request.acting, "view", pk, related=BRIEFING)
    content, _ = briefing_pdf.briefing_pdf(briefing, [t.name for t in briefing.themes.all()])
    response = HttpResponse(content, content_type="application/pdf")
    name = briefing_pdf.briefing_filename(briefing)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@pages.guard(policies.briefings, "manage")
@require_http_methods(["GET", "POST"])
def briefing_edit(request: ActingRequest, pk: int | None = None) -> HttpResponse:
    partnership = request.acting.partnership
    briefing = (
        policies.briefings.get_or_404(request.acting, "manage", pk, related=BRIEFING)
        if pk is not None
        else None
    )
    initial: dict[str, Any] = {}
    if briefing is not None:
        initial = {field: getattr(briefing, field) for field in learning_services.BRIEFING_FIELDS}
        initial["review"] = briefing.review_id
        initial["themes"] = list(briefing.themes.all())
    form = BriefingForm(
        pages.posted(request),
        partnership=partnership,
        reviews=_reviews_for(request),
        initial=initial,
    )
    saved: list[Briefing] = []

    def save() -> None:
        data = form.cleaned_data
        saved.append(
            learning_services.briefing_save(
                acting=request.acting,
                title=data["title"],
                background=data["background"],
                what_happened=data["what_happened"],
                what_we_learned=data["what_we_learned"],
                what_to_do_differently=data["what_to_do_differently"],
                questions_for_reflection=data["questions_for_reflection"],
                further_reading=data["further_reading"],
                review=form.chosen_review(),
                themes=data["themes"],
                briefing=briefing,
            )
        )

    if request.method == "POST" and form.is_valid() and pages.attempt(form, save):
        messages.success(request, "Briefing saved" if briefing else "Briefing saved as a draft")
        return redirect("reviews:briefing", pk=saved[0].pk)
    return pages.form_page(
        request,
        "reviews/learning/briefing_form.html",
        form,
        {
            "briefing": briefing,
            "fitted": briefing_pdf.fit(briefing) if briefing else None,
            "smallest": f"{briefing_pdf.SMALLEST:g}",
            "page_title": "Change the briefing" if briefing else "Write a 7-minute briefing",
        },
    )


@pages.guard(policies.briefings, "manage")
@require_POST
def briefing_publish(request: ActingRequest, pk: int) -> HttpResponse:
    briefing = policies.briefings.get_or_404(request.acting, "manage", pk)
    try:
        learning_services.briefing_publish(acting=request.acting, briefing=briefing)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Briefing published: everyone in the partnership can read it")
    return redirect("reviews:briefing", pk=briefing.pk)


# --- newsletters -------------------------------------------------------------------------------


@pages.member
@require_GET
def newsletter_detail(request: ActingRequest, pk: int) -> HttpResponse:
    newsletter = policies.newsletters.get_or_404(request.acting, "view", pk)
    return render(
        request,
        "reviews/learning/newsletter.html",
        {
            "newsletter": newsletter,
            "themes": [t.name for t in newsletter.themes.all()],
            "manages": _manages(request),
            "page_title": newsletter.title,
        },
    )


@pages.guard(policies.newsletters, "manage")
@require_http_methods(["GET", "POST"])
def newsletter_edit(request: ActingRequest, pk: int | None = None) -> HttpResponse:
    partnership = request.acting.partnership
    newsletter = (
        policies.newsletters.get_or_404(request.acting, "manage", pk) if pk is not None else None
    )
    initial: dict[str, Any] = {}
    if newsletter is not None:
        initial = {
            "title": newsletter.title,
            "issue_date": newsletter.issue_date,
            "body": newsletter.body,
            "themes": list(newsletter.themes.all()),
        }
    form = NewsletterForm(pages.posted(request), partnership=partnership, initial=initial)
    saved: list[Newsletter] = []

    def save() -> None:
        data = form.cleaned_data
        saved.append(
            learning_services.newsletter_save(
                acting=request.acting,
                title=data["title"],
                issue_date=data["issue_date"],
                body=data["body"],
                themes=data["themes"],
                newsletter=newsletter,
            )
        )

    if request.method == "POST" and form.is_valid() and pages.attempt(form, save):
        messages.success(
            request, "Newsletter saved" if newsletter else "Newsletter saved as a draft"
        )
        return redirect("reviews:newsletter", pk=saved[0].pk)
    return pages.form_page(
        request,
        "reviews/learning/newsletter_form.html",
        form,
        {
            "newsletter": newsletter,
            "page_title": "Change the newsletter" if newsletter else "Write a newsletter",
        },
    )


@pages.guard(policies.newsletters, "manage")
@require_POST
def newsletter_publish(request: ActingRequest, pk: int) -> HttpResponse:
    newsletter = policies.newsletters.get_or_404(request.acting, "manage", pk)
    try:
        learning_services.newsletter_publish(acting=request.acting, newsletter=newsletter)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Newsletter published: everyone in the partnership can read it")
    return redirect("reviews:newsletter", pk=newsletter.pk)


# --- library items -----------------------------------------------------------------------------


@pages.guard(policies.library_items, "manage")
@require_http_methods(["GET", "POST"])
def library_item_edit(request: ActingRequest, pk: int | None = None) -> HttpResponse:
    partnership = request.acting.partnership
    item = (
        policies.library_items.get_or_404(request.acting, "manage", pk) if pk is not None else None
    )
    initial: dict[str, Any] = {}
    if item is not None:
        initial = {
            "kind": item.kind,
            "title": item.title,
            "summary": item.summary,
            "link": item.link,
            "published_on": item.published_on,
            "themes": list(item.themes.all()),
            "review": item.review_id,
        }
    form = LibraryItemForm(
        pages.posted(request),
        partnership=partnership,
        reviews=_reviews_for(request),
        initial=initial,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: learning_services.library_item_save(
                acting=request.acting,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                published_on=form.cleaned_data["published_on"],
                summary=form.cleaned_data["summary"],
                link=form.cleaned_data["link"],
                themes=form.cleaned_data["themes"],
                review=form.chosen_review(),
                item=item,
            ),
        )
    ):
        messages.success(request, "Library item saved")
        return redirect("reviews:library")
    return pages.form_page(
        request,
        "reviews/learning/library_item_form.html",
        form,
        {
            "item": item,
            "page_title": "Change a library item" if item else "Add to the learning library",
        },
    )
