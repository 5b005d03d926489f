"""What every page needs: the service's name, who is signed in, where they are."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from masa.core.acting import Acting
from masa.core.navigation import account_links, navigation_for


def service(request: HttpRequest) -> dict[str, Any]:
    # Set by CurrentMembershipMiddleware; absent on a page rendered before it ran.
    acting: Acting | None = getattr(request, "acting", None)
    membership = acting.membership if acting is not None else None
    signed_in = request.user.is_authenticated if hasattr(request, "user") else False
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "current_membership": membership,
        "other_memberships": [
            m for m in getattr(request, "memberships", []) if m is not membership
        ],
        "navigation": navigation_for(acting, request.path),
        "account_links": account_links(request.path) if signed_in else [],
        "idle_timeout_seconds": getattr(
            request, "idle_seconds_left", settings.IDLE_TIMEOUT_MINUTES * 60
        ),
        "timeout_warning_seconds": settings.TIMEOUT_WARNING_SECONDS,
        "dev_mode": settings.DEV,
        "js_enabled_script": settings.JS_ENABLED_SCRIPT,
    }
