"""The reviewer pool and the theme taxonomy (review.manage)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.types import ActingRequest
from masa.reviews import policies, selectors
from masa.reviews.forms_casework import pool as forms
from masa.reviews.models import Reviewer, Theme
from masa.reviews.services import reference as reference_services


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
    return pages.form_step(
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
    return pages.form_step(
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
