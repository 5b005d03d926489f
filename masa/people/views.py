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
from masa.core import services as core_services
from masa.core.middleware import client_ip
from masa.core.models import Person
from masa.core.policies import people
from masa.core.types import ActingRequest
from masa.people import forms, selectors
from masa.people import policies as agency_policies
from masa.people.models import AgencyDomain
from masa.people.services import agencies as agency_services
from masa.people.services import invitations, leavers, passwords

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
        done=lambda: f"{membership.person.full_name} now works for {form.cleaned_data['agency']}.",
        to=reverse("core:person", args=[membership.pk]),
        back=reverse("core:person", args=[membership.pk]),
        title=f"Move {membership.person.full_name} to another agency",
        caption="People",
        button="Move",
        intro=[f"They work for {membership.agency} now."],
    )


# --- agencies ----------------------------------------------------------------------------


@pages.guard(agency_policies.agencies, "view")
@require_GET
def agency_list(request: ActingRequest) -> HttpResponse:
    """The partnership's agencies: kind, statutory partner or relevant agency, email
    domains, lead contacts, active or not."""
    links = list(
        agency_policies.agencies.visible(request.acting, "view")
        .select_related("agency")
        .prefetch_related("agency__domains")
        .order_by("-statutory_partner", "agency__name")
    )
    rows = [(link, agency_services.leads_of(link)) for link in links]
    return render(
        request,
        "people/agencies.html",
        {
            "rows": rows,
            "page_title": "Agencies",
            "can_manage": agency_policies.agencies.can(request.acting, "manage"),
        },
    )


@pages.guard(agency_policies.agencies, "manage")
@require_http_methods(["GET", "POST"])
def agency_new(request: ActingRequest) -> HttpResponse:
    form = forms.AgencyForm(pages.posted(request))
    return pages.form_step(
        request,
        form,
        lambda: agency_services.agency_add(
            acting=request.acting,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            statutory_partner=form.cleaned_data["statutory_partner"],
            domains=form.domain_list(),
        ),
        done=lambda: f"{form.cleaned_data['name']} has been added.",
        to=reverse("people:agencies"),
        back=reverse("people:agencies"),
        title="Add an agency",
        caption="Agencies",
        button="Add the agency",
    )


@pages.guard(agency_policies.agencies, "manage")
@require_http_methods(["GET", "POST"])
def agency_edit(request: ActingRequest, pk: int) -> HttpResponse:
    link = agency_policies.agencies.get_or_404(request.acting, "manage", pk, related=("agency",))
    initial = {
        "name": link.agency.name,
        "kind": link.agency.kind,
        "statutory_partner": "yes" if link.statutory_partner else "no",
        "domains": "\n".join(
            AgencyDomain.objects.filter(agency=link.agency).values_list("domain", flat=True)
        ),
        "is_active": "yes" if link.agency.is_active else "no",
    }
    form = forms.AgencyChangeForm(pages.posted(request), initial=initial)
    return pages.form_step(
        request,
        form,
        lambda: agency_services.agency_change(
            acting=request.acting,
            link=link,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            statutory_partner=form.cleaned_data["statutory_partner"],
            domains=form.domain_list(),
            is_active=form.cleaned_data["is_active"],
        ),
        done=lambda: f"{form.cleaned_data['name']} has been changed.",
        to=reverse("people:agencies"),
        back=reverse("people:agencies"),
        title=f"Change {link.agency.name}",
        caption="Agencies",
        button="Save changes",
        intro=[
            "Its name, kind, email domains and whether it is active are the agency's own: "
            "they change in every partnership it takes part in."
        ],
    )


# --- invitations -------------------------------------------------------------------------

INVITATION_SESSION_TOKEN = "_invitation_token"  # noqa: S105 - a session key, not a secret


@pages.guard(people, "manage")
@require_http_methods(["GET", "POST"])
def invitation_new(request: ActingRequest) -> HttpResponse:
    form = forms.InvitationForm(pages.posted(request), acting=request.acting)
    return pages.form_step(
        request,
        form,
        lambda: invitations.invitation_send(
            acting=request.acting,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            agency=form.cleaned_data["agency"],
            roles=form.cleaned_data["roles"],
        ),
        done=lambda: f"An invitation has been emailed to {form.cleaned_data['email']}.",
        to=reverse("core:people"),
        back=reverse("core:people"),
        title="Invite someone",
        caption="People",
        button="Send the invitation",
        intro=[
            "We email them a link to set their password and join the partnership. The "
            "link works once, until the partnership's invitation timescale runs out."
        ],
    )


@pages.public
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    if token != TOKEN_IN_SESSION:
        request.session[INVITATION_SESSION_TOKEN] = token
        return redirect("people:invitation", token=TOKEN_IN_SESSION)
    kept_token = str(request.session.get(INVITATION_SESSION_TOKEN, ""))
    found = invitations.open_invitation(kept_token)
    if found is None:
        return render(
            request,
            "people/invitation_invalid.html",
            {"page_title": "This invitation has expired or has been used"},
            status=400,
        )
    form = forms.AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": found.full_name},
    )
    joined: list[Person] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: joined.append(
                invitations.invitation_accept(
                    token=kept_token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password"],
                )
            ),
        )
    ):
        request.session.pop(INVITATION_SESSION_TOKEN, None)
        person = joined[0]
        if (
            person.check_password(form.cleaned_data["password"])
            and not request.user.is_authenticated
        ):
            core_services.session_sign_in(request=request, person=person)
            messages.success(request, f"Welcome to {found.partnership}.")
            return redirect("core:home")  # the two-factor rule asks for an authenticator
        messages.success(request, f"You have joined {found.partnership}. Sign in to continue.")
        return redirect("core:sign-in")
    return render(
        request,
        "people/invitation.html",
        {
            "form": form,
            "invitation": found,
            "page_title": f"Join {found.partnership}",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(people, "manage")
@require_http_methods(["GET", "POST"])
def invitation_csv(request: ActingRequest) -> HttpResponse:
    """Invite many people from a CSV: all or nothing, with each wrong row listed."""
    form = forms.InvitationCsvForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        acting=request.acting,
    )
    row_errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        made, row_errors = invitations.invitations_from_csv(
            acting=request.acting,
            text=form.cleaned_data["file"],
            agency=form.cleaned_data["agency"],
        )
        if made:
            messages.success(
                request, f"{len(made)} invitation{'s' if len(made) != 1 else ''} emailed."
            )
            return redirect("core:people")
        form.add_error("file", "Nobody was invited: correct the rows listed and try again")
    return pages.form_page(
        request,
        "people/invitation_csv.html",
        form,
        {"page_title": "Invite people from a CSV file", "row_errors": row_errors},
    )
