"""Request-wide behaviour: security headers, idle time-out, the partnership being
worked in, the two-factor rule and the audit context."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from masa.core import audit, kept
from masa.core.acting import Acting, memberships_of
from masa.core.models import Person
from masa.core.policies import is_verified, needs_two_factor
from masa.core.types import SignedInRequest

Handler = Callable[[HttpRequest], HttpResponse]

# Pages a signed-in person may reach before finishing two-factor sign-in.
TWO_FACTOR_EXEMPT = (
    "/sign-in/",
    "/sign-out/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/healthz",
    "/static/",
)


def client_ip(request: HttpRequest) -> str | None:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy (no `unsafe-inline`) on every response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class SignedInNoStoreMiddleware:
    """Nothing a signed-in person is sent (pages, CSV and Excel exports, files) is
    kept by the browser or a proxy: `Cache-Control: no-store, private`, so a shared
    browser holds no child's record after sign-out. Pages for no one are unchanged."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated  # before the view: sign-out ends it
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class IdleTimeoutMiddleware:
    """Signs a person out after `MASA_IDLE_TIMEOUT_MINUTES` without a request.

    The time of the last request is written to the session at most once a
    minute (a write per page would make every read a database write); pages tell
    the time-out warning how long is left by the server's own reckoning.
    """

    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.request_context(client_ip(request), request.META.get("HTTP_USER_AGENT", "")):
            if request.user.is_authenticated:
                now = time.time()
                limit = settings.IDLE_TIMEOUT_MINUTES * 60
                last = request.session.get("last_activity")
                if isinstance(last, int | float) and now - last > limit:
                    from masa.core.services import session_sign_out

                    typed = kept.capture(request, request.user.pk)
                    session_sign_out(request=request, reason="timed out")
                    if typed is not None:  # a form sent too late: keep what was typed
                        kept.keep(request, typed)
                    return HttpResponseRedirect(reverse("core:timed-out"))
                if not isinstance(last, int | float) or now - last >= self.WRITE_EVERY_SECONDS:
                    request.session["last_activity"] = last = now
                request.idle_seconds_left = int(limit - (now - last))  # type: ignore[attr-defined]
            return self.get_response(request)


def acting_request(request: HttpRequest) -> SignedInRequest:
    """Set, once per request, who is acting and in which partnership: the membership
    chosen with the switcher (or the first), and the `Acting` built from it."""
    signed_in = cast(SignedInRequest, request)
    signed_in.membership = None
    signed_in.memberships = []
    signed_in.acting = None
    user = request.user
    if user.is_authenticated and isinstance(user, Person):
        memberships = list(memberships_of(user))
        chosen = request.session.get("partnership_id")
        membership = next((m for m in memberships if m.partnership_id == chosen), None)
        if membership is None and memberships:
            membership = memberships[0]
        signed_in.memberships = memberships
        signed_in.membership = membership
        if membership is not None:
            signed_in.acting = Acting(user, membership)
    return signed_in


class CurrentMembershipMiddleware:
    """Which partnership a person is working in now, and through which membership."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(acting_request(request))


class TwoFactorRequiredMiddleware:
    """People whose roles see identifiable records must finish two-factor sign-in."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and isinstance(user, Person)
            and not request.path.startswith(TWO_FACTOR_EXEMPT)
            and not is_verified(user)
            and needs_two_factor(user)
        ):
            from django_otp import devices_for_user

            if any(True for _ in devices_for_user(user, confirmed=True)):
                target = reverse("core:two-factor")
            else:
                target = reverse("core:two-factor-setup")
            return HttpResponseRedirect(f"{target}?next={request.get_full_path()}")
        return self.get_response(request)
