"""Calendars: an iCalendar file for each meeting, each person's meetings, and their
secret feed (titles, times and places only) for calendar apps, which cannot sign in."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from masa.core import notify, pages
from masa.core.types import ActingRequest
from masa.governance import ical, policies
from masa.governance.services import calendar as services


def ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@pages.guard(policies.meetings, "view")
@require_GET
def meeting_ics(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = policies.meetings.get_or_404(request.acting, "view", pk, related=["group"])
    body = ical.calendar([meeting], timezone.now(), meeting.group.name)
    return ics_response(body, f"meeting-{meeting.pk}.ics")


def _my_meetings(request: ActingRequest, token: str | None) -> HttpResponse:
    acting = request.acting
    upcoming = services.meetings_for(acting.person.pk, acting.partnership_id, since=timezone.now())
    return render(
        request,
        "governance/my_meetings.html",
        {
            "meetings": upcoming[:50],
            "has_feed": services.has_feed(acting),
            "feed_url": notify.link("governance:feed", token) if token else "",
            "page_title": "My meetings",
        },
    )


@pages.member
@require_GET
def my_meetings(request: ActingRequest) -> HttpResponse:
    return _my_meetings(request, None)


@pages.member
@require_POST
def feed_renew(request: ActingRequest) -> HttpResponse:
    """Make a new secret address and show it this once (only its hash is kept)."""
    token = services.feed_renew(acting=request.acting)
    return _my_meetings(request, token)


@pages.member
@require_POST
def feed_stop(request: ActingRequest) -> HttpResponse:
    services.feed_stop(acting=request.acting)
    messages.success(request, "Your calendar feed has stopped")
    return redirect(reverse("governance:my-meetings"))


@pages.public
@require_GET
def feed(request: object, token: str) -> HttpResponse:
    """The secret feed: titles, times and places of the person's meetings, never papers,
    minutes or anything about a child. An unknown or stopped address is not there."""
    found = services.feed_meetings(token)
    if found is None:
        raise Http404("No such calendar.")
    _, meetings = found
    return ics_response(ical.calendar(meetings, timezone.now(), "MASA meetings"), "meetings.ics")
