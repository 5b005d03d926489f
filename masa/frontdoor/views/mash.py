"""The MASH: the queue and the daily exploitation triage, and what the MASH's pages
share (RAG tags, ages in words, going back to a contact).

Views are thin: they declare their guard, fetch records through a policy, call a
selector or a service, and render. A contact's pages are in `contacts`, partner checks
in `checks`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET

from masa.core import clocks, keyset, pages
from masa.core.types import ActingRequest
from masa.frontdoor import forms, selectors, services
from masa.frontdoor.models import Contact, PartnerCheck
from masa.frontdoor.policies import contacts

QUEUE_TAB_LABELS: dict[str, str] = {
    "open": "Open",
    "new": "New",
    "in_progress": "In progress",
    "awaiting_checks": "Awaiting partner checks",
    "awaiting_manager": "Awaiting manager",
    "decided": "Decided",
}
# RAG ratings as GOV.UK tags: (colour, words). Words as well as colour, for everyone.
RAG_TAGS: dict[str, tuple[str, str]] = {
    Contact.Rag.RED: ("red", "Red"),
    Contact.Rag.AMBER: ("orange", "Amber"),
    Contact.Rag.GREEN: ("green", "Green"),
    "": ("grey", "Not rated"),
}
EXPLOITATION_TAGS: dict[str, str] = {"cse": "CSE", "cce": "CCE", "missing": "Missing"}


def age_in_words(
    born: datetime.date | None, expected: datetime.date | None, day: datetime.date
) -> str:
    if born is None:
        return "Unborn" if expected is not None else "Not known"
    years = int(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))
    return "Under 1" if years == 0 else str(years)


CONTACT_RELATED = ("referral", "source_agency", "assigned_to", "child")
CHECK_RELATED = ("contact", "agency", "requested_by", "responded_by", "withdrawn_by")


def to_contact(contact: Contact) -> HttpResponse:
    return redirect("frontdoor:contact", pk=contact.pk)


def decided_already(request: ActingRequest, contact: Contact) -> HttpResponse:
    messages.info(request, "This contact has been decided. Record a correction instead.")
    return to_contact(contact)


@dataclass(frozen=True)
class CheckRow:
    check: PartnerCheck
    clock: clocks.TimescaleStatus
    after_decision: bool = False  # answered after the first decision was recorded


# --- the queue ----------------------------------------------------------------------


def overdue_by(due: datetime.datetime | None, now: datetime.datetime) -> str:
    """How long past `due` it is at `now`, in words ("Overdue by 3 hours"), or "" if it
    is not past. Minutes under an hour, hours under two days, then whole days."""
    if due is None or now <= due:
        return ""
    minutes = int((now - due).total_seconds() // 60)
    if minutes < 1:
        return "Overdue by less than a minute"
    if minutes < 60:
        amount, unit = minutes, "minute"
    elif minutes < 48 * 60:
        amount, unit = minutes // 60, "hour"
    else:
        amount, unit = minutes // (24 * 60), "day"
    return f"Overdue by {amount:,} {unit}{'' if amount == 1 else 's'}"


@dataclass(frozen=True)
class QueueRow:
    """One row of the queue, its words worked out here so that the template only
    places them (a row of fifty used to cost a URL reversal, three date filters, a
    display method and an inclusion tag each)."""

    contact: Contact
    age: str
    clock: clocks.TimescaleStatus
    overdue: str = ""  # how overdue the decision is, in words
    href: str = ""
    received: str = ""
    due: str = ""
    status: str = ""

    @property
    def rag(self) -> tuple[str, str]:
        return RAG_TAGS.get(self.contact.rag, RAG_TAGS[""])


QUEUE_PAGE_SIZE = 50
STATUS_LABELS = dict(Contact.Status.choices)


def _when(moment: datetime.datetime | None) -> str:
    return dateformat.format(timezone.localtime(moment), "j M Y H:i") if moment else ""


def queue_rows(contacts: list[Contact], now: datetime.datetime) -> list[QueueRow]:
    today = timezone.localdate(now)
    link = reverse("frontdoor:contact", args=[0]).removesuffix("0/")
    return [
        QueueRow(
            contact,
            age_in_words(contact.date_of_birth, contact.expected_date_of_birth, today),
            clocks.timescale_status(
                due=contact.decision_due_at, today=now, completed=contact.decided_at
            ),
            "" if contact.decided_at else overdue_by(contact.decision_due_at, now),
            href=f"{link}{contact.pk}/",
            received=_when(contact.received_at),
            due=_when(contact.decision_due_at),
            status=STATUS_LABELS.get(contact.status, contact.status),
        )
        for contact in contacts
    ]


@pages.guard(contacts, "view")
@require_GET
def queue(request: ActingRequest) -> HttpResponse:
    form = forms.QueueFilterForm(request.GET or None)
    tab = request.GET.get("tab") or "open"
    if tab not in selectors.QUEUE_TABS:
        tab = "open"
    now = timezone.now()
    chosen = form.filters()
    records = selectors.contact_queue(request.acting, tab=tab, now=now, **chosen)
    page = keyset.page(
        records,
        selectors.queue_order(tab),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=QUEUE_PAGE_SIZE,
    )
    rows = queue_rows(page.rows, now)
    search = str(chosen.get("q", "")).strip()
    counts = selectors.queue_counts(request.acting, now=now)
    matches = selectors.queue_counts(request.acting, now=now, q=search) if search else counts
    narrowed = any(value for key, value in chosen.items() if key != "q")
    # The counts by status already hold this tab's total unless other filters narrow it.
    total = matches[tab] if tab in matches and not narrowed else records.count()
    if search:
        services.contact_search_record(
            acting=request.acting,
            tab=tab,
            found=[row.contact.reference for row in rows],
            total=total,
        )
    filters = request.GET.copy()
    for key in ("page", "tab", "after", "before"):
        filters.pop(key, None)
    tabs = []
    for key, label in QUEUE_TAB_LABELS.items():
        query = filters.copy()
        query["tab"] = key
        tabs.append(
            {
                "key": key,
                "label": label,
                "count": matches.get(key),
                "href": "?" + query.urlencode(),
                "current": key == tab,
            }
        )
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    filtered = any(value for key, value in filters.items())
    return render(
        request,
        "frontdoor/mash/queue.html",
        {
            "form": form,
            "tab": QUEUE_TAB_LABELS[tab],
            "tab_key": tab,
            "tabs": tabs,
            "overdue_count": counts["overdue"],
            "page": page,
            "total": total,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": filtered,
            "search": search,
            "page_title": f"MASH queue: {QUEUE_TAB_LABELS[tab].lower()}",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


# --- the daily exploitation triage ----------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    number: int
    contact: Contact
    age: str
    tags: list[str]

    @property
    def rag(self) -> tuple[str, str]:
        return RAG_TAGS.get(self.contact.rag, RAG_TAGS[""])


def _working_day(day: datetime.date, step: int) -> datetime.date:
    day += datetime.timedelta(days=step)
    while not clocks.is_working_day(day):
        day += datetime.timedelta(days=step)
    return day


@pages.guard(contacts, "view")
@require_GET
def exploitation(request: ActingRequest) -> HttpResponse:
    today = timezone.localdate()
    form = forms.AgendaDateForm(
        request.GET if "date" in request.GET else None, initial={"date": today}
    )
    items: list[AgendaItem] = []
    day = form.day(today)
    if not form.errors:
        for number, contact in enumerate(selectors.exploitation_agenda(request.acting, day), 1):
            categories = {concern.category for concern in contact.referral.concerns.all()}
            items.append(
                AgendaItem(
                    number,
                    contact,
                    age_in_words(contact.date_of_birth, contact.expected_date_of_birth, day),
                    [label for code, label in EXPLOITATION_TAGS.items() if code in categories],
                )
            )
    return pages.form_page(
        request,
        "frontdoor/mash/exploitation.html",
        form,
        {
            "day": day,
            "items": items,
            "previous": _working_day(day, -1),
            "next": _working_day(day, 1),
            "page_title": f"Exploitation triage: {day:%A} {day.day} {day:%B %Y}",
        },
    )
