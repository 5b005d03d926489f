"""People and access pages: password resets (anyone), leavers and movers (people.manage).

Password reset pages are public and live under /sign-in/, which the two-factor rule
lets through; they answer the same whether or not an address has an account."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.middleware import client_ip
from masa.core.policies import people
from masa.core.types import ActingRequest
from masa.people import forms, selectors
from masa.people.services import leavers, passwords

RESET_SESSION_TOKEN = "_password_reset_token"  # noqa: S105 - a session key, not a secret
# What stands in for the token in the address once it is kept in the session, so the
# token is not left in the browser's history or sent on as a referrer.
TOKEN_IN_SESSION = "set-password"  # noqa: S105 - a path segment, not a secret


@pages.public
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            passwords.password_reset_request(
                email=form.cleaned_data["email"], ip=client_ip(request)
            )
        except passwords.Throttled:
            return render(
                request,
                "people/password_reset_throttled.html",
                {"page_title": "Too many requests"},
                status=429,
            )
        return redirect("people:password-reset-sent")
    return render(
        request,
        "people/password_reset.html",
        {"form": form, "page_title": "Reset your password", "error_title": bool(form.errors)},
        status=400 if form.errors else 200,
    )


@pages.public
@require_GET
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "people/password_reset_sent.html", {"page_title": "Check your email"})


@pages.public
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    if token != TOKEN_IN_SESSION:
        # Keep the token in the session and take it out of the address (as Django does).
        request.session[RESET_SESSION_TOKEN] = token
        return redirect("people:password-reset-confirm", uid=uid, token=TOKEN_IN_SESSION)
    kept_token = str(request.session.get(RESET_SESSION_TOKEN, ""))
    person = passwords.person_for_reset(uid, kept_token)
    if person is None:
        return render(
            request,
            "people/password_reset_invalid.html",
            {"page_title": "This link has expired or has been used"},
            status=400,
        )
    form = forms.SetPasswordForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: passwords.password_reset_complete(
                person=person, token=kept_token, password=form.cleaned_data["password"]
            ),
        )
    ):
        request.session.pop(RESET_SESSION_TOKEN, None)
        messages.success(request, "Your password has been changed. Sign in with it now.")
        return redirect("core:sign-in")
    return render(
        request,
        "people/password_set.html",
        {"form": form, "page_title": "Choose a new password", "error_title": bool(form.errors)},
        status=400 if form.errors else 200,
    )


# --- leavers and movers ---------------------------------------------------------------


@pages.guard(people, "manage")
@require_http_methods(["GET", "POST"])
def person_leave(request: ActingRequest, pk: int) -> HttpResponse:
    """Record a leaver: what they own is listed first, then handed to a successor."""
    membership = people.get_or_404(request.acting, "manage", pk, related=("person", "agency"))
    if not membership.is_active:
        messages.info(request, f"{membership.person.full_name} has already left.")
        return redirect("core:person", pk=membership.pk)
    form = forms.LeaverForm(pages.posted(request), membership=membership)
    return pages.form_step(
        request,
        form,
        lambda: leavers.person_leave(
            acting=request.acting,
            membership=membership,
            successor=form.cleaned_data["successor"],
            reason=form.cleaned_data["reason"],
        ),
        done=f"{membership.person.full_name} has left: their access has ended and their "
        "work has been handed over.",
        to=reverse("core:person", args=[membership.pk]),
        back=reverse("core:person", args=[membership.pk]),
        title=f"Record that {membership.person.full_name} has left",
        caption="People",
        button="Record the leaver and hand over",
        template="people/leave.html",
        extra={"owned": selectors.owned_by(membership), "member": membership},
    )


@pages.guard(people, "manage")
@require_http_methods(["GET", "POST"])
def person_move(request: ActingRequest, pk: int) -> HttpResponse:
    """Move a person to another agency of the partnership, keeping their history."""
    membership = people.get_or_404(request.acting, "manage", pk, related=("person", "agency"))
    form = forms.MoveForm(pages.posted(request), membership=membership)
    return pages.form_step(
        request,
        form,
        lambda: leavers.person_move(
            acting=request.acting, membership=membership, agency=form.cleaned_data["agency"]
        ),
        done=f"{membership.person.full_name} now works for "
        f"{form.cleaned_data.get('agency') if form.is_bound and form.is_valid() else ''}.",
        to=reverse("core:person", args=[membership.pk]),
        back=reverse("core:person", args=[membership.pk]),
        title=f"Move {membership.person.full_name} to another agency",
        caption="People",
        button="Move",
        intro=[f"They work for {membership.agency} now."],
    )
