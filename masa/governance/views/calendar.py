"""Calendars: an iCalendar file for each meeting (titles, times and places only)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from masa.core import pages
from masa.core.types import ActingRequest
from masa.governance import ical, policies


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
