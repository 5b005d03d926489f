"""Core pages: sign-in, two-factor, the partnership switcher, people, settings, audit.

Views are thin: they ask a policy, call a selector or a service, and render.
"""

from __future__ import annotations

import base64
import csv
import datetime
import json
import time
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from masa.core import audit, forms, kept, navigation, pages, selectors, services
from masa.core.csvsafe import csv_safe
from masa.core.errors import ServiceError
from masa.core.models import Role
from masa.core.policies import (
    audit_log,
    is_verified,
    partnership_settings,
    people,
    timescales,
)
from masa.core.timescales import DEFAULTS, timescales_in_use
from masa.core.types import ActingRequest, SignedInRequest


def _safe_next(request: HttpRequest, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


# --- public pages -----------------------------------------------------------------


@pages.public
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


@pages.public
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"page_title": "Privacy notice"})


@pages.public
@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html", {"page_title": "Cookies"})


@pages.public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# --- sign-in ----------------------------------------------------------------------


@pages.public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return HttpResponseRedirect(_safe_next(request))
    form = forms.SignInForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        services.session_sign_in(request=request, person=form.person)
        return HttpResponseRedirect(_safe_next(request))
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(
        request,
        "core/sign_in.html",
        {
            "form": form,
            "page_title": "Sign in",
            "next": request.GET.get("next", ""),
            "error_title": bool(form.errors),
        },
        status=status,
    )


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when an account is locked after repeated failures."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "core/locked_out.html",
        {"page_title": "Your account is locked", "minutes": minutes},
        status=429,
    )


@pages.public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.session_sign_out(request=request)
    messages.success(request, "You have signed out.")
    return redirect("core:sign-in")


@pages.public
@require_GET
def timed_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.session_sign_out(request=request, reason="timed out")
    minutes = settings.IDLE_TIMEOUT_MINUTES
    return render(
        request,
        "core/timed_out.html",
        {
            "page_title": "You have been signed out",
            "minutes": minutes,
            "kept": kept.waiting(request),
        },
    )


@pages.signed_in
@require_GET
def kept_form(request: SignedInRequest) -> HttpResponse:
    """The form a person sent after they had timed out, to send again (core.kept)."""
    typed = kept.take(request, request.user.pk)
    if typed is None:
        messages.info(request, "Nothing was kept from before you were signed out.")
        return redirect("core:home")
    return render(
        request,
        "core/kept.html",
        {
            "page_title": "Send the page you were on",
            "kept": typed,
            "kept_at": datetime.datetime.fromtimestamp(typed.kept_at, tz=datetime.UTC),
        },
    )


@pages.public
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """'Stay signed in' in the time-out warning: the request itself resets the clock."""
    if not request.user.is_authenticated:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"signed_in": False}, status=401)
        return redirect("core:timed-out")
    request.session["last_activity"] = time.time()
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"signed_in": True, "idle_seconds": settings.IDLE_TIMEOUT_MINUTES * 60})
    return HttpResponseRedirect(_safe_next(request))


@pages.signed_in
@require_http_methods(["GET", "POST"])
def two_factor(request: SignedInRequest) -> HttpResponse:
    """Second step of sign-in: the code from the person's authenticator app."""
    user = request.user
    if is_verified(user):
        return HttpResponseRedirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return HttpResponseRedirect(
            reverse("core:two-factor-setup") + "?" + urlencode({"next": _safe_next(request)})
        )
    form = forms.TokenForm(request.POST if request.method == "POST" else None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return HttpResponseRedirect(_safe_next(request))
    return render(
        request,
        "core/two_factor.html",
        {
            "form": form,
            "page_title": "Enter your security code",
            "next": _safe_next(request),
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.signed_in
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: SignedInRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then prove it works."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return HttpResponseRedirect(
            reverse("core:two-factor") + "?" + urlencode({"next": _safe_next(request)})
        )
    device = services.two_factor_start(actor=user)
    form = forms.TokenForm(request.POST if request.method == "POST" else None, device=device)
    if request.method == "POST" and form.is_valid():
        services.two_factor_confirm(actor=user, device=device)
        otp_login(request, device)
        messages.success(request, "Two-factor authentication is set up.")
        return HttpResponseRedirect(_safe_next(request))
    qr = segno.make(device.config_url, error="m")
    buffer = BytesIO()
    qr.save(
        buffer,
        kind="svg",
        scale=4,
        xmldecl=False,
        svgns=True,
        title="QR code for your authenticator app",
        nl=False,
    )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    spaced = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request,
        "core/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": buffer.getvalue().decode("utf-8"),
            "secret": spaced,
            "page_title": "Set up two-factor authentication",
            "next": _safe_next(request),
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


# --- signed-in pages --------------------------------------------------------------


@pages.signed_in
@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    return render(request, "core/home.html", {"page_title": "Home"})


@pages.member
@require_GET
def menu_section(request: ActingRequest, section: str) -> HttpResponse:
    """One section of a long menu: the pages in it this person may open."""
    found = navigation.section_items(request.acting, section)
    if found is None:
        raise Http404("No such section, or nothing in it for you.")
    heading, items = found
    links = [{"text": item.label, "href": reverse(item.url_name)} for item in items]
    return render(
        request, "core/menu.html", {"section": heading, "links": links, "page_title": heading.label}
    )


@pages.signed_in
@require_http_methods(["GET", "POST"])
def switch_partnership(request: SignedInRequest) -> HttpResponse:
    memberships = list(request.memberships)
    if len(memberships) < 2:
        raise Http404("You work in one partnership only.")
    initial = {"partnership": str(request.acting.partnership_id)} if request.acting else {}
    form = forms.PartnershipSwitchForm(
        request.POST if request.method == "POST" else None, memberships=memberships, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        chosen = next(
            m for m in memberships if str(m.partnership_id) == form.cleaned_data["partnership"]
        )
        request.session["partnership_id"] = chosen.partnership_id
        messages.success(request, f"You are now working in {chosen.partnership.name}.")
        return redirect("core:home")
    return render(
        request,
        "core/switch_partnership.html",
        {"form": form, "page_title": "Switch partnership", "error_title": bool(form.errors)},
        status=400 if form.errors else 200,
    )


@pages.guard(people, "view")
@require_GET
def people_list(request: ActingRequest) -> HttpResponse:
    form = forms.PeopleSearchForm(request.GET or None)
    search = form.cleaned_data["search"].strip() if form.is_bound and form.is_valid() else ""
    members = selectors.people_visible_to(request.acting, search=search)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/people.html",
        {
            "page": page,
            "form": form,
            "search": search,
            "query": urlencode({"search": search}) if search else "",
            "page_title": "People",
            "can_manage": people.can(request.acting, "manage"),
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(people, "view")
@require_GET
def person_detail(request: ActingRequest, pk: int) -> HttpResponse:
    membership = people.get_or_404(request.acting, "view", pk, related=("person", "agency"))
    audit.record_view(request.acting, membership.person, partnership=membership.partnership)
    return render(
        request,
        "core/person.html",
        {
            "member": membership,
            "page_title": membership.person.full_name,
            "can_manage": people.can(request.acting, "manage", membership),
        },
    )


@pages.guard(people, "manage")
@require_http_methods(["GET", "POST"])
def membership_edit(request: ActingRequest, pk: int) -> HttpResponse:
    membership = people.get_or_404(request.acting, "manage", pk, related=("person", "partnership"))
    initial = {
        "agency": membership.agency_id,
        "roles": list(membership.roles.all()),
        "is_active": "yes" if membership.is_active else "no",
    }
    form = forms.MembershipForm(
        request.POST if request.method == "POST" else None,
        partnership=membership.partnership,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                acting=request.acting,
                membership=membership,
                roles=form.cleaned_data["roles"],
                agency=form.cleaned_data["agency"],
                is_active=form.cleaned_data["is_active"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"{membership.person.full_name}'s access has been updated.")
            return redirect("core:person", pk=membership.pk)
    return render(
        request,
        "core/membership_edit.html",
        {
            "form": form,
            "member": membership,
            "roles": Role.objects.prefetch_related("permissions"),
            "page_title": f"Change access for {membership.person.full_name}",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(partnership_settings, "change")
@require_http_methods(["GET", "POST"])
def partnership_settings_view(request: ActingRequest) -> HttpResponse:
    partnership = partnership_settings.get_or_404(
        request.acting, "change", request.acting.partnership_id
    )
    form = forms.ChildPopulationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.child_population_set(
            acting=request.acting,
            year=form.cleaned_data["year"],
            children=form.cleaned_data["children"],
        )
        messages.success(
            request, f"The child population for {form.cleaned_data['year']} has been saved."
        )
        return redirect("core:settings")
    return render(
        request,
        "core/settings.html",
        {
            "form": form,
            "partnership": partnership,
            "populations": partnership.child_populations.all(),
            "agencies": partnership.partnershipagency_set.select_related("agency"),
            "page_title": "Partnership settings",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(timescales, "view")
@require_GET
def timescale_list(request: ActingRequest) -> HttpResponse:
    partnership = timescales.get_or_404(request.acting, "view", request.acting.partnership_id)
    return render(
        request,
        "core/timescales.html",
        {
            "timescales": timescales_in_use(partnership),
            "can_change": timescales.can(request.acting, "change", partnership),
            "page_title": "Timescales",
        },
    )


@pages.guard(timescales, "change")
@require_http_methods(["GET", "POST"])
def timescale_edit(request: ActingRequest, code: str) -> HttpResponse:
    partnership = timescales.get_or_404(request.acting, "change", request.acting.partnership_id)
    if code not in DEFAULTS:
        raise Http404("No such timescale.")
    in_use = next(item for item in timescales_in_use(partnership) if item.default.code == code)
    rule = in_use.rule
    unit = next(
        name
        for name in ("working_days", "calendar_days", "months", "hours")
        if getattr(rule, name) is not None
    )
    initial = {
        "amount": getattr(rule, unit),
        "unit": unit,
        "reason": in_use.local.reason if in_use.local else "",
    }
    form = forms.TimescaleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.timescale_set(acting=request.acting, code=code, **form.cleaned_data)
        messages.success(request, f"‘{in_use.default.name}’ has been updated.")
        return redirect("core:timescales")
    return render(
        request,
        "core/timescale_edit.html",
        {
            "form": form,
            "item": in_use,
            "page_title": f"Change timescale: {in_use.default.name}",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


def _audit_events(request: ActingRequest) -> tuple[forms.AuditFilterForm, Any]:
    form = forms.AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, selectors.audit_events_visible_to(request.acting, **filters)


@pages.guard(audit_log, "view")
@require_GET
def audit_list(request: ActingRequest) -> HttpResponse:
    form, events = _audit_events(request)
    page = Paginator(events.select_related("partnership"), 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    labels = audit.shown_labels(page.object_list)
    for event in page.object_list:
        event.shown_label = labels[event.pk]
        event.shown_verb = audit.shown_verb(event.verb)
        event.shown_changes = audit.shown_changes(event.changes, event.verb)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_export": audit_log.can(request.acting, "export"),
            "page_title": "Audit log",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@pages.guard(audit_log, "export")
@require_GET
def audit_export(request: ActingRequest) -> HttpResponseBase:
    form, events = _audit_events(request)
    if form.errors:
        return redirect(reverse("core:audit") + "?" + request.GET.urlencode())
    writer = csv.writer(_Echo())
    header = [
        "when",
        "who",
        "partnership",
        "what",
        "what happened",
        "record type",
        "record id",
        "record",
        "changes",
        "ip address",
        "browser",
    ]

    def in_batches() -> Any:
        batch: list[Any] = []
        for event in events.select_related("partnership").iterator(chunk_size=2000):
            batch.append(event)
            if len(batch) == 2000:
                yield batch
                batch = []
        yield batch

    def rows() -> Any:
        yield writer.writerow(header)
        for batch in in_batches():
            labels = audit.shown_labels(batch)
            yield from (row(event, labels[event.pk]) for event in batch)

    def row(event: Any, label: str) -> str:
        return writer.writerow(  # type: ignore[no-any-return]
            [
                event.at.isoformat(),
                event.actor_label,
                event.partnership.name if event.partnership else "",
                event.verb,
                audit.shown_verb(event.verb),
                event.target_type,
                event.target_id,
                csv_safe(label),
                json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
                event.ip_address or "",
                csv_safe(event.user_agent),
            ]
        )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


# --- emails sent to you ----------------------------------------------------------


@pages.signed_in
@require_GET
def notification_list(request: SignedInRequest) -> HttpResponse:
    """The emails the service sent to the person signed in: what it told them, when."""
    page = Paginator(selectors.notifications_to(request.user), 25).get_page(request.GET.get("page"))
    about = selectors.about(page.object_list)
    rows = [(sent, about[sent.pk]) for sent in page.object_list]
    return render(
        request,
        "core/notifications.html",
        {"page": page, "rows": rows, "page_title": "Emails sent to you"},
    )


@pages.signed_in
@require_GET
def notification_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """One email, as it was sent: only to the person it was sent to (404 for anyone else)."""
    sent = get_object_or_404(selectors.notifications_to(request.user), pk=pk)
    return render(
        request,
        "core/notification.html",
        {"sent": sent, "about": selectors.about([sent])[sent.pk], "page_title": sent.subject},
    )


# --- errors -----------------------------------------------------------------------


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request, "core/csrf_failure.html", {"page_title": "Your form could not be sent"}, status=403
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "400.html",
        {"page_title": "Sorry, there is a problem with your request"},
        status=400,
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "403.html", {"page_title": "You do not have access to this page"}, status=403
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"page_title": "Page not found"}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context: the error may have come from it.
    from django.template.loader import get_template

    return HttpResponse(
        get_template("500.html").render(
            {
                "page_title": "Sorry, there is a problem with the service",
                "service_name": settings.SERVICE_NAME,
            }
        ),
        status=500,
    )
