"""A line manager's part: their team's training, and approving a place. Any member
may be a learner's line manager, with or without a role in training.

Views are thin: each declares its guard, fetches records through a policy, calls a
selector or a service, and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.types import ActingRequest
from masa.learning import forms_programme as forms
from masa.learning import services
from masa.learning.models import Booking
from masa.learning.policies import (
    line_managed,
)
from masa.learning.selectors import team


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
