"""What a person typed on a page they sent after their session had timed out.

The idle time-out signs a person out at their next request. When that request sends a
form (an agency summary written over an hour, a long referral page), what they typed
must not be lost: the middleware keeps the form's fields in the new, signed-out session,
with whose they are and where they were going. Once the same person signs in again, the
"kept" page shows them a button that sends the fields to the same page, where it is
saved, or shown with its errors, as if the time-out had not happened. Nothing is sent
without them pressing it, and nobody else who signs in on that browser sees it.

Files chosen on the page are not kept (the browser must send them again); the page says
so. The session is stored on the server, so the fields never go back to the browser
until the person has signed in again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

SESSION_KEY = "kept_form"
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})
# Pages whose posts are about the session itself: nothing typed to keep.
NOT_KEPT_PATHS = ("/sign-in/", "/sign-out/", "/session/", "/partnership/switch/")
MAX_CHARACTERS = 500_000  # a page's worth of typing, many times over


@dataclass(frozen=True)
class Kept:
    path: str
    fields: list[tuple[str, str]]
    kept_at: float
    had_files: bool


def _sent_from_masa(request: HttpRequest) -> bool:
    """The form came from a MASA page: its CSRF token checks out. The middleware runs
    before Django's own check (which comes with the view), and a form another site made
    someone's browser send must not be kept for them to send again."""

    def page(_: HttpRequest) -> HttpResponse:  # stands for the view, not exempt
        return HttpResponse()

    return CsrfViewMiddleware(page).process_view(request, page, (), {}) is None


def capture(request: HttpRequest, person_pk: int) -> dict[str, Any] | None:
    """The fields of the form `request` sends, ready to keep; None if there is nothing
    to keep (not a form, too big to hold in a session, or not sent from MASA)."""
    if request.method != "POST" or request.path.startswith(NOT_KEPT_PATHS):
        return None
    if not _sent_from_masa(request):
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_KEPT
        for value in values
    ]
    if not fields or sum(len(name) + len(value) for name, value in fields) > MAX_CHARACTERS:
        return None
    return {
        "person": person_pk,
        "path": request.path,
        "fields": fields,
        "at": time.time(),
        "files": bool(request.FILES),
    }


def keep(request: HttpRequest, captured: dict[str, Any]) -> None:
    """Put captured fields in the (new, signed-out) session."""
    request.session[SESSION_KEY] = captured


def waiting(request: HttpRequest) -> bool:
    return SESSION_KEY in request.session


def forget_unless(request: HttpRequest, person_pk: int) -> None:
    """On sign-in: drop fields someone else typed on this browser."""
    stored = request.session.get(SESSION_KEY)
    if stored is not None and stored.get("person") != person_pk:
        del request.session[SESSION_KEY]


def take(request: HttpRequest, person_pk: int) -> Kept | None:
    """The fields kept for this person, removed from the session; None if there are
    none, they are someone else's, or they are older than a session may live."""
    stored = request.session.pop(SESSION_KEY, None)
    if not isinstance(stored, dict) or stored.get("person") != person_pk:
        return None
    kept_at = float(stored.get("at", 0))
    if time.time() - kept_at > settings.SESSION_COOKIE_AGE:
        return None
    path = str(stored.get("path", ""))
    if not path.startswith("/") or path.startswith("//"):
        return None
    return Kept(
        path=path,
        fields=[(str(name), str(value)) for name, value in stored.get("fields", [])],
        kept_at=kept_at,
        had_files=bool(stored.get("files")),
    )
