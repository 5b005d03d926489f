"""Partner checks: the MASH asks agencies and withdraws requests; agencies list and
answer the requests addressed to them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import audit, clocks, pages
from masa.core.types import ActingRequest
from masa.frontdoor import forms, selectors, services
from masa.frontdoor.models import PartnerCheck
from masa.frontdoor.policies import contacts, partner_checks
from masa.frontdoor.views.mash import (
    CHECK_RELATED,
    CONTACT_RELATED,
    CheckRow,
    decided_already,
    to_contact,
)


@pages.guard(partner_checks, "request")
@require_http_methods(["GET", "POST"])
def check_request(request: ActingRequest, pk: int) -> HttpResponse:
    contact = contacts.get_or_404(request.acting, "view", pk, related=CONTACT_RELATED)
    if not contact.is_open:
        return decided_already(request, contact)
    now = timezone.now()
    latest = services.check_due_by(contact, now)
    form = forms.CheckRequestForm(
        pages.posted(request), partnership=contact.partnership, latest=latest, now=now
    )
    if request.method == "POST" and form.is_valid():
        agencies = list(form.cleaned_data["agencies"])
        asked: list[PartnerCheck] = []
        if pages.attempt(
            form,
            lambda: asked.extend(
                services.partner_checks_request(
                    acting=request.acting,
                    contact=contact,
                    agencies=agencies,
                    question=form.cleaned_data["question"],
                    due=form.cleaned_data["due"],
                )
            ),
        ):
            names = [agency.name for agency in agencies]
            sent_to = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            emailed = sum(check.emailed for check in asked)
            messages.success(
                request,
                f"Your request has been sent to {sent_to}. "
                f"We emailed {emailed} {'person' if emailed == 1 else 'people'} who answer "
                "them.",
            )
            return to_contact(contact)
    return pages.form_page(
        request,
        "frontdoor/mash/check_request.html",
        form,
        {
            "contact": contact,
            "latest": latest,
            "page_title": f"Request a partner check for {contact.reference}",
        },
    )


@pages.guard(partner_checks, "request")
@require_http_methods(["GET", "POST"])
def check_withdraw(request: ActingRequest, pk: int) -> HttpResponse:
    check = partner_checks.get_or_404(request.acting, "request", pk, related=CHECK_RELATED)
    contact = contacts.get_or_404(request.acting, "view", check.contact_id, related=CONTACT_RELATED)
    if not check.is_open:
        messages.info(request, "Only a request still waiting for an answer can be withdrawn.")
        return to_contact(contact)
    form = forms.CheckWithdrawForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.partner_check_withdraw(
                acting=request.acting, check=check, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, f"Your request to {check.agency.name} has been withdrawn.")
        return to_contact(contact)
    return pages.form_page(
        request,
        "frontdoor/mash/check_withdraw.html",
        form,
        {
            "contact": contact,
            "check": check,
            "page_title": f"Withdraw the request to {check.agency.name} on {contact.reference}",
        },
    )


# --- partner agencies' information requests -----------------------------------------


@pages.guard(partner_checks, "respond")
@require_GET
def check_list(request: ActingRequest) -> HttpResponse:
    now = timezone.now()
    form = forms.CheckSearchForm(request.GET if "q" in request.GET else None)
    search = form.search()
    page = Paginator(selectors.checks_for_my_agency(request.acting, q=search), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        CheckRow(
            check,
            clocks.timescale_status(due=check.due_at, today=now, completed=check.responded_at),
        )
        for check in page
    ]
    return render(
        request,
        "frontdoor/mash/checks.html",
        {
            "page": page,
            "rows": rows,
            "agency": request.acting.agency,
            "form": form,
            "search": search,
            "query": urlencode({"q": search}) if search else "",
            "page_title": "Information requests",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(partner_checks, "respond")
@require_http_methods(["GET", "POST"])
def check_respond(request: ActingRequest, pk: int) -> HttpResponse:
    check = partner_checks.get_or_404(request.acting, "respond", pk, related=CHECK_RELATED)
    answered = check.status != PartnerCheck.Status.REQUESTED
    if answered and request.method == "POST":
        messages.info(
            request,
            "The MASH withdrew this request, so it no longer needs an answer."
            if check.status == PartnerCheck.Status.WITHDRAWN
            else "This request has already been answered.",
        )
        return redirect("frontdoor:check-respond", pk=check.pk)
    form = forms.CheckResponseForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.partner_check_respond(
                acting=request.acting, check=check, response=form.cleaned_data["response"]
            ),
        )
    ):
        messages.success(request, "Your answer has been sent to the MASH.")
        return redirect("frontdoor:checks")
    audit.record_view(request.acting, check)
    contact = check.contact
    return pages.form_page(
        request,
        "frontdoor/mash/check_respond.html",
        form,
        {
            "check": check,
            "child": contact,
            "answered": answered,
            "clock": clocks.timescale_status(
                due=check.due_at,
                today=timezone.now(),
                completed=check.responded_at or check.withdrawn_at,
            ),
            "page_title": f"Information request about {contact.first_names} {contact.last_name}",
        },
    )
