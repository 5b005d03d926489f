"""The eMARF: a practitioner's referrals, their question pages, and sending them.

Every POST of a question page saves what was typed first (valid or not), then
checks it, so nothing is lost to an error, a time-out or signing out.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import audit, pages
from masa.core.errors import ServiceError
from masa.core.types import ActingRequest
from masa.frontdoor import emarf, emarf_drafts, emarf_shown, services
from masa.frontdoor.models import Referral, RiskChecklist
from masa.frontdoor.policies import referrals
from masa.frontdoor.selectors import my_referrals

ITEM_URLS = {
    "children": ("frontdoor:children", "frontdoor:child-add", "frontdoor:child-edit"),
    "household": ("frontdoor:household", "frontdoor:household-add", "frontdoor:household-edit"),
}
ITEM_NOUNS = {"children": "child", "household": "person"}


def _own_draft(request: ActingRequest, pk: int) -> Referral:
    """A referral the person started and may change (sent ones included; callers check)."""
    return referrals.get_or_404(request.acting, "create", pk)


def _section_url(referral: Referral, section: str) -> str:
    name = ITEM_URLS[section][0] if section in ITEM_URLS else f"frontdoor:{section}"
    return reverse(name, args=[referral.pk])


def _after_save(request: ActingRequest, referral: Referral, default: str) -> HttpResponse:
    if request.GET.get("from") == "check":
        return redirect("frontdoor:check", pk=referral.pk)
    return HttpResponseRedirect(default)


def _mash_phone() -> str:
    return str(getattr(settings, "MASH_PHONE", "") or "")


# --- my referrals -------------------------------------------------------------------


@pages.guard(referrals, "view")
@require_GET
def referral_list(request: ActingRequest) -> HttpResponse:
    mine = my_referrals(request.acting)
    drafts = list(mine.filter(status=Referral.Status.DRAFT))
    sent = mine.filter(status=Referral.Status.SUBMITTED).order_by("-submitted_at", "-pk")
    page = Paginator(sent, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "frontdoor/emarf/referral_list.html",
        {
            "drafts": drafts,
            "page": page,
            "rows": [(r, emarf_shown.contact_progress(r)) for r in page],
            "can_create": referrals.can(request.acting, "create"),
            "page_title": "My referrals",
        },
    )


@pages.guard(referrals, "create")
@require_http_methods(["GET", "POST"])
def referral_new(request: ActingRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            referral = services.referral_start(acting=request.acting)
        except ServiceError as error:
            return render(
                request,
                "frontdoor/emarf/referral_new.html",
                {
                    "page_title": "Make a referral to the MASH",
                    "mash_phone": _mash_phone(),
                    "problem": str(error),
                    "error_title": True,
                },
                status=400,
            )
        return redirect("frontdoor:urgency", pk=referral.pk)
    drafts = my_referrals(request.acting).filter(status=Referral.Status.DRAFT).count()
    return render(
        request,
        "frontdoor/emarf/referral_new.html",
        {
            "page_title": "Make a referral to the MASH",
            "mash_phone": _mash_phone(),
            "drafts_full": drafts >= services.MAX_OPEN_DRAFTS,
            "max_drafts": services.MAX_OPEN_DRAFTS,
        },
    )


@pages.guard(referrals, "view")
@require_GET
def referral_detail(request: ActingRequest, pk: int) -> HttpResponse:
    referral = referrals.get_or_404(request.acting, "view", pk)
    if referral.is_draft:
        # A draft is seen by the person who started it only.
        referral = referrals.get_or_404(request.acting, "create", pk)
        task_list = emarf_drafts.tasks(referral)
        return render(
            request,
            "frontdoor/emarf/task_list.html",
            {
                "referral": referral,
                "tasks": [(task, _section_url(referral, task.section)) for task in task_list],
                "completed": sum(1 for task in task_list if task.status == "completed"),
                "ready": all(task.status == "completed" for task in task_list),
                "complete_by": emarf_drafts.complete_by(referral),
                "page_title": "Make a referral",
            },
        )
    is_referrer = referral.referrer_id == request.acting.person.pk
    if not is_referrer:
        audit.record_view(request.acting, referral)
    return render(
        request,
        "frontdoor/emarf/referral_detail.html",
        {
            "referral": referral,
            "is_referrer": is_referrer,
            "progress": emarf_shown.contact_progress(referral),
            "answers": emarf_shown.sent_answers(referral),
            "page_title": f"Referral {referral.reference}",
        },
    )


@pages.guard(referrals, "create")
@require_http_methods(["GET", "POST"])
def referral_delete(request: ActingRequest, pk: int) -> HttpResponse:
    referral = _own_draft(request, pk)
    if not referral.is_draft:
        raise Http404("A sent referral cannot be deleted.")
    if request.method == "POST":
        try:
            services.referral_delete_draft(acting=request.acting, referral=referral)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("frontdoor:referral", pk=referral.pk)
        messages.success(request, "The draft referral has been deleted.")
        return redirect("frontdoor:referrals")
    return render(
        request,
        "frontdoor/emarf/referral_delete.html",
        {
            "referral": referral,
            "children": emarf_drafts.items(referral.draft, "children"),
            "page_title": "Delete this draft referral?",
        },
    )


# --- question pages -----------------------------------------------------------------


def _render_section(
    request: ActingRequest,
    referral: Referral,
    section: str,
    form: emarf.SectionForm,
    *,
    checklist: RiskChecklist | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "referral": referral,
        "section": section,
        "form": form,
        "title": emarf.TITLES[section],
        "page_title": emarf.TITLES[section],
        "error_title": bool(form.is_bound and form.errors),
        "mash_phone": _mash_phone(),
        "from_check": request.GET.get("from") == "check",
    }
    if section == "urgency":
        context["complete_by"] = emarf_drafts.complete_by(referral)
    if section == "dash" and checklist is not None:
        context["dash"] = emarf.dash_result(referral.draft.get("dash") or {}, checklist)
    return render(request, f"frontdoor/emarf/section_{section}.html", context, status=status)


@pages.guard(referrals, "create")
@require_http_methods(["GET", "POST"])
def section(request: ActingRequest, pk: int, section: str) -> HttpResponse:
    referral = _own_draft(request, pk)
    if not referral.is_draft:
        return redirect("frontdoor:sent", pk=referral.pk)
    if section not in emarf.SINGLE_FORMS:
        raise Http404("No such section.")
    if section == "dash" and not emarf_drafts.has_domestic_abuse(referral.draft):
        # The DASH is asked only when domestic abuse is one of the concerns.
        return redirect("frontdoor:referral", pk=referral.pk)
    checklist = emarf.dash_checklist() if section == "dash" else None
    form = emarf_drafts.make_form(section, referral.draft, checklist=checklist)
    if request.method == "POST":
        raw = form.raw_from(request.POST)
        try:
            referral = services.referral_save_section(
                acting=request.acting, referral=referral, section=section, answers=form.stored(raw)
            )
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("frontdoor:referral", pk=referral.pk)
        if "save_later" in request.POST:
            messages.success(request, "Your answers have been saved. You can come back to them.")
            return redirect("frontdoor:referral", pk=referral.pk)
        form = emarf_drafts.make_form(section, referral.draft, data=raw, checklist=checklist)
        if form.is_valid():
            if section == "concern" and emarf_drafts.has_domestic_abuse(referral.draft):
                # Domestic abuse brings the DASH: go straight on to it.
                dash_raw = referral.draft.get("dash")
                if not isinstance(dash_raw, dict):
                    return redirect("frontdoor:dash", pk=referral.pk)
            return _after_save(request, referral, reverse("frontdoor:referral", args=[pk]))
        return _render_section(request, referral, section, form, checklist=checklist, status=400)
    saved = referral.draft.get(section)
    if isinstance(saved, dict):
        form.initial = form.initial_from(saved)
    return _render_section(request, referral, section, form, checklist=checklist)


def _item_context(referral: Referral, section: str) -> list[dict[str, Any]]:
    entries = []
    for index, raw in enumerate(emarf_drafts.items(referral.draft, section)):
        form = emarf.ITEM_FORMS[section](data=raw)
        valid = form.is_valid()
        entries.append(
            {
                "index": index,
                "number": index + 1,
                "title": emarf_shown.item_title(section, raw, index),
                "rows": emarf_shown.summary_rows(form, raw),
                "complete": valid,
                "edit": reverse(ITEM_URLS[section][2], args=[referral.pk, index]),
                "remove": reverse(
                    f"frontdoor:{_singular(section)}-remove", args=[referral.pk, index]
                ),
            }
        )
    return entries


def _singular(section: str) -> str:
    return "child" if section == "children" else "household"


@pages.guard(referrals, "create")
@require_GET
def item_list(request: ActingRequest, pk: int, section: str) -> HttpResponse:
    referral = _own_draft(request, pk)
    if not referral.is_draft:
        return redirect("frontdoor:sent", pk=referral.pk)
    if section not in emarf.ITEM_FORMS:
        raise Http404("No such section.")
    return render(
        request,
        f"frontdoor/emarf/{section}_list.html",
        {
            "referral": referral,
            "section": section,
            "entries": _item_context(referral, section),
            "add_url": reverse(ITEM_URLS[section][1], args=[referral.pk]),
            "page_title": emarf.TITLES[section],
        },
    )


def _render_item(
    request: ActingRequest,
    referral: Referral,
    entry: tuple[str, int | None],
    form: emarf.SectionForm,
    status: int,
) -> HttpResponse:
    """The page of one child or household member (`entry`: section and index, None for
    a new one)."""
    section, index = entry
    list_url = reverse(ITEM_URLS[section][0], args=[referral.pk])
    # Once saved, the entry is changed in place: the form posts to its own address,
    # so correcting an error never adds the same child twice.
    action = (
        reverse(ITEM_URLS[section][2], args=[referral.pk, index])
        if index is not None
        else reverse(ITEM_URLS[section][1], args=[referral.pk])
    )
    if request.GET.get("from") == "check":
        action += "?from=check"
    raw_now = emarf_drafts.items(referral.draft, section)[index] if index is not None else {}
    return render(
        request,
        f"frontdoor/emarf/{_singular(section)}_edit.html",
        {
            "referral": referral,
            "section": section,
            "form": form,
            "action": action,
            "list_url": list_url,
            "title": emarf_shown.item_title(section, raw_now, index) if index is not None else None,
            "page_title": (
                emarf_shown.item_title(section, raw_now, index)
                if index is not None
                else f"Add a {ITEM_NOUNS[section]}"
            ),
            "error_title": bool(form.is_bound and form.errors),
        },
        status=status,
    )


@pages.guard(referrals, "create")
@require_http_methods(["GET", "POST"])
def item_edit(
    request: ActingRequest, pk: int, section: str, index: int | None = None
) -> HttpResponse:
    referral = _own_draft(request, pk)
    if not referral.is_draft:
        return redirect("frontdoor:sent", pk=referral.pk)
    if section not in emarf.ITEM_FORMS:
        raise Http404("No such section.")
    entries = emarf_drafts.items(referral.draft, section)
    if index is not None and not 0 <= index < len(entries):
        raise Http404("No such entry.")
    form = emarf.ITEM_FORMS[section]()
    list_url = reverse(ITEM_URLS[section][0], args=[referral.pk])
    if request.method == "POST":
        raw = form.raw_from(request.POST)
        nothing_typed = not any(v for v in raw.values())
        if index is None and nothing_typed and "save_later" in request.POST:
            return redirect("frontdoor:referral", pk=referral.pk)
        if index is None and nothing_typed:
            # Nothing to add: say what is needed, and keep no blank entry.
            form = emarf.ITEM_FORMS[section](data=raw)
            form.is_valid()
            status = 400
        else:
            try:
                referral, index = services.referral_save_item(
                    acting=request.acting,
                    referral=referral,
                    section=section,
                    index=index,
                    answers=form.stored(raw),
                )
            except ServiceError as error:
                messages.error(request, str(error))
                return redirect(list_url)
            if "save_later" in request.POST:
                messages.success(
                    request, "Your answers have been saved. You can come back to them."
                )
                return redirect("frontdoor:referral", pk=referral.pk)
            form = emarf.ITEM_FORMS[section](data=raw)
            if form.is_valid():
                return _after_save(request, referral, list_url)
            status = 400
    else:
        status = 200
        if index is not None:
            form.initial = form.initial_from(entries[index])
    return _render_item(request, referral, (section, index), form, status)


@pages.guard(referrals, "create")
@require_http_methods(["GET", "POST"])
def item_remove(request: ActingRequest, pk: int, section: str, index: int) -> HttpResponse:
    referral = _own_draft(request, pk)
    if not referral.is_draft:
        return redirect("frontdoor:sent", pk=referral.pk)
    if section not in emarf.ITEM_FORMS:
        raise Http404("No such section.")
    entries = emarf_drafts.items(referral.draft, section)
    if not 0 <= index < len(entries):
        raise Http404("No such entry.")
    title = emarf_shown.item_title(section, entries[index], index)
    list_url = reverse(ITEM_URLS[section][0], args=[referral.pk])
    if request.method == "POST":
        try:
            services.referral_remove_item(
                acting=request.acting, referral=referral, section=section, index=index
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{title} has been removed from this referral.")
        return redirect(list_url)
    return render(
        request,
        "frontdoor/emarf/item_remove.html",
        {
            "referral": referral,
            "title": title,
            "list_url": list_url,
            "page_title": f"Remove {title}?",
        },
    )


# --- check and send -----------------------------------------------------------------


def _summary(referral: Referral) -> list[dict[str, Any]]:
    """Each section's answers as typed, with where to change them."""
    draft = referral.draft or {}
    checklist = emarf.dash_checklist() if emarf_drafts.has_domestic_abuse(draft) else None
    blocks: list[dict[str, Any]] = []
    for name in emarf_drafts.sections_for(draft):
        url = _section_url(referral, name)
        block: dict[str, Any] = {"section": name, "title": emarf.TITLES[name], "url": url}
        if name in emarf.ITEM_FORMS:
            block["entries"] = _item_context(referral, name)
        else:
            raw = draft.get(name)
            form = emarf_drafts.make_form(name, draft, checklist=checklist)
            block["rows"] = emarf_shown.summary_rows(form, raw) if isinstance(raw, dict) else []
            if name == "dash" and checklist is not None:
                block["dash"] = emarf.dash_result(raw if isinstance(raw, dict) else {}, checklist)
        blocks.append(block)
    return blocks


def _render_check(
    request: ActingRequest,
    referral: Referral,
    problems: list[dict[str, str]],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "frontdoor/emarf/check_answers.html",
        {
            "referral": referral,
            "blocks": _summary(referral),
            "problems": problems,
            "error_title": bool(problems),
            "page_title": "Check your answers before sending your referral",
        },
        status=status,
    )


@pages.guard(referrals, "create")
@require_http_methods(["GET", "POST"])
def check_answers(request: ActingRequest, pk: int) -> HttpResponse:
    referral = _own_draft(request, pk)
    if not referral.is_draft:
        # Sent already (a double click, the back button, a resubmit): one referral.
        return redirect("frontdoor:sent", pk=referral.pk)
    if request.method == "GET":
        return _render_check(request, referral, [])
    answers, errors = emarf_drafts.clean_draft(referral)
    if answers is None:
        problems = [
            {
                "text": f"{emarf.TITLES[name]}: {message}",
                "href": _section_url(referral, name),
            }
            for name in emarf.ORDER
            for message in errors.get(name, [])[:3]
        ]
        return _render_check(request, referral, problems, status=400)
    try:
        services.referral_submit(acting=request.acting, referral=referral, answers=answers)
    except ServiceError as error:
        href = _section_url(referral, "children") if error.field == "children" else "#send"
        return _render_check(request, referral, [{"text": str(error), "href": href}], status=400)
    except DatabaseError:
        return _render_check(
            request,
            referral,
            [
                {
                    "text": "Your referral could not be sent because of a problem with the "
                    "service. Your answers are saved. Try again in a few minutes",
                    "href": "#send",
                }
            ],
            status=503,
        )
    return redirect("frontdoor:sent", pk=referral.pk)


@pages.guard(referrals, "create")
@require_GET
def sent(request: ActingRequest, pk: int) -> HttpResponse:
    referral = _own_draft(request, pk)
    if referral.is_draft:
        return redirect("frontdoor:referral", pk=referral.pk)
    return render(
        request,
        "frontdoor/emarf/sent.html",
        {
            "referral": referral,
            "contacts": referral.contacts.order_by("number"),
            "mash_phone": _mash_phone(),
            "page_title": "Referral sent",
        },
    )
