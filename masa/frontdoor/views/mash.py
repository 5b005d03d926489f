"""The MASH: the queue, a contact and its triage (rating, child matching, partner
checks, the decision and the manager's sign-off), a child's history, partner
agencies' information requests, and the daily exploitation triage list.

Views are thin: they ask a policy, call a selector or a service, and render.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import audit, clocks, pages
from masa.core.errors import ServiceError
from masa.core.policies import get_visible_or_404
from masa.core.types import SignedInRequest
from masa.frontdoor import codes, forms, selectors, services, thresholds
from masa.frontdoor.models import Contact, Decision, PartnerCheck, RiskAssessment
from masa.frontdoor.policies import children, contacts, partner_checks

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


def _record_view(request: SignedInRequest, target: Model) -> None:
    # Visible records are always in the partnership the person is working in now.
    membership = request.membership
    audit.record_view(
        request.user, target, partnership=membership.partnership if membership else None
    )


def _age(born: datetime.date | None, expected: datetime.date | None, day: datetime.date) -> str:
    if born is None:
        return "Unborn" if expected is not None else "Not known"
    years = int(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))
    return "Under 1" if years == 0 else str(years)


def _contact_or_404(request: SignedInRequest, pk: int, action: str = "view") -> Contact:
    try:
        return (
            contacts.visible(request.user, action)
            .select_related("referral", "source_agency", "assigned_to", "child")
            .get(pk=pk)
        )
    except Contact.DoesNotExist as error:
        raise Http404("No such contact, or you may not see it.") from error


def _to_contact(contact: Contact) -> HttpResponse:
    return redirect("frontdoor:contact", pk=contact.pk)


def _decided(request: SignedInRequest, contact: Contact) -> HttpResponse:
    messages.info(request, "This contact has been decided. Record a correction instead.")
    return _to_contact(contact)


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
    contact: Contact
    age: str
    clock: clocks.TimescaleStatus
    overdue: str = ""  # how overdue the decision is, in words

    @property
    def rag(self) -> tuple[str, str]:
        return RAG_TAGS.get(self.contact.rag, RAG_TAGS[""])


@login_required
@require_GET
def queue(request: SignedInRequest) -> HttpResponse:
    pages.require(contacts.can(request.user, "view"))
    form = forms.QueueFilterForm(request.GET or None)
    tab = request.GET.get("tab") or "open"
    if tab not in selectors.QUEUE_TABS:
        tab = "open"
    now = timezone.now()
    records = selectors.contact_queue(request.user, tab=tab, now=now, **form.filters())
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    today = timezone.localdate(now)
    rows = [
        QueueRow(
            contact,
            _age(contact.date_of_birth, contact.expected_date_of_birth, today),
            clocks.timescale_status(
                due=contact.decision_due_at, today=now, completed=contact.decided_at
            ),
            "" if contact.decided_at else overdue_by(contact.decision_due_at, now),
        )
        for contact in page
    ]
    search = str(form.filters().get("q", "")).strip()
    if search:
        membership = request.membership
        services.contact_search_record(
            actor=request.user,
            partnership=membership.partnership if membership else None,
            tab=tab,
            found=[row.contact.reference for row in rows],
            total=page.paginator.count,
        )
    counts = selectors.queue_counts(request.user, now=now)
    matches = selectors.queue_counts(request.user, now=now, q=search) if search else counts
    filters = request.GET.copy()
    filters.pop("page", None)
    filters.pop("tab", None)
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
    query.pop("page", None)
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
            "rows": rows,
            "query": query.urlencode(),
            "filtered": filtered,
            "search": search,
            "page_title": f"MASH queue: {QUEUE_TAB_LABELS[tab].lower()}",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


# --- a contact ----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    check: PartnerCheck
    clock: clocks.TimescaleStatus
    after_decision: bool = False  # answered after the first decision was recorded


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    level: str
    descriptor: str


def _contact_page(
    request: SignedInRequest, contact: Contact, *, problem: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    now = timezone.now()
    referral = contact.referral
    _record_view(request, contact)
    first = contact.decisions.order_by("version").first()
    checks = [
        CheckRow(
            check,
            clocks.timescale_status(
                due=check.due_at, today=now, completed=check.responded_at or check.withdrawn_at
            ),
            first is not None
            and check.responded_at is not None
            and check.responded_at > first.recorded_at,
        )
        for check in contact.checks.select_related(
            "agency", "requested_by", "responded_by", "withdrawn_by"
        ).order_by("requested_at", "pk")
    ]
    decisions = [
        DecisionRow(
            decision,
            thresholds.LEVELS[decision.level].name if decision.level in thresholds.LEVELS else "",
            thresholds.DESCRIPTORS.get(decision.descriptor, (0, ""))[1],
        )
        for decision in contact.decisions.select_related("recorded_by", "reviewed_by").order_by(
            "-version"
        )
    ]
    can_triage = contacts.can(user, "triage")
    can_request = partner_checks.can(user, "request")
    can_decide = contacts.can(user, "decide")
    Status = Contact.Status
    actions = {
        "start": can_triage and contact.is_open and contact.assigned_to_id != user.pk,
        "rate": can_triage and contact.is_open,
        "link": can_triage and contact.is_open,
        "check": can_request
        and contact.status in (Status.NEW, Status.IN_PROGRESS, Status.AWAITING_CHECKS),
        "decide": can_triage
        and contact.status in (Status.NEW, Status.IN_PROGRESS, Status.AWAITING_CHECKS),
        "correct": can_triage and contact.status == Status.DECIDED,
        "sign_off": can_decide and contact.status == Status.AWAITING_MANAGER,
    }
    level_believed = thresholds.LEVELS.get(referral.level_believed or 0)
    risk = RiskAssessment.objects.filter(referral=referral).select_related("checklist").first()
    return render(
        request,
        "frontdoor/mash/contact.html",
        {
            "contact": contact,
            "referral": referral,
            "concerns": list(referral.concerns.all()),
            "household": list(referral.household.all()),
            "risk": risk,
            "risk_answers": _risk_answers(risk),
            "siblings": list(referral.contacts.exclude(pk=contact.pk).order_by("number")),
            "level_believed": level_believed,
            "sex": codes.SEX.get(contact.sex, contact.sex),
            "ethnicity": codes.ETHNICITY.get(contact.ethnicity, contact.ethnicity),
            "disabilities": ", ".join(
                codes.DISABILITY.get(code, code) for code in contact.disabilities
            ),
            "clock": clocks.timescale_status(
                due=contact.decision_due_at, today=now, completed=contact.decided_at
            ),
            "checks": checks,
            "can_withdraw": can_request,
            "decisions": decisions,
            "actions": actions,
            "any_action": any(actions.values()),
            "problem": problem,
            "page_title": f"Contact {contact.reference}",
            "error_title": bool(problem),
        },
        status=status,
    )


RISK_ANSWERS: dict[str, str] = {"yes": "Yes", "no": "No", "not_known": "Not known"}


@dataclass(frozen=True)
class RiskAnswerRow:
    number: int
    question: str
    answer: str
    yes: bool


def _risk_answers(risk: RiskAssessment | None) -> list[RiskAnswerRow]:
    """The DASH's questions in order, each with the referrer's answer."""
    if risk is None:
        return []
    return [
        RiskAnswerRow(
            question.number,
            question.text,
            RISK_ANSWERS.get(str(risk.answers.get(str(question.number), "")), "Not answered"),
            risk.answers.get(str(question.number)) == "yes",
        )
        for question in risk.checklist.questions.order_by("number")
    ]


@login_required
@require_GET
def contact_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _contact_page(request, _contact_or_404(request, pk))


@login_required
@require_POST
def contact_start(request: SignedInRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk, "triage")
    try:
        services.contact_start(actor=request.user, contact=contact)
    except ServiceError as error:
        return _contact_page(request, contact, problem=str(error), status=400)
    messages.success(request, f"You are working on contact {contact.reference}.")
    return _to_contact(contact)


@login_required
@require_http_methods(["GET", "POST"])
def contact_rate(request: SignedInRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk, "triage")
    if not contact.is_open:
        return _decided(request, contact)
    form = forms.RagForm(
        pages.posted(request), initial={"rag": contact.rag, "reason": contact.rag_reason}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.contact_rate(
                actor=request.user,
                contact=contact,
                rag=form.cleaned_data["rag"],
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        rating = Contact.Rag(form.cleaned_data["rag"]).label.lower()
        messages.success(request, f"Contact {contact.reference} is rated {rating}.")
        return _to_contact(contact)
    return pages.form_page(
        request,
        "frontdoor/mash/rate.html",
        form,
        {"contact": contact, "page_title": f"RAG rating for contact {contact.reference}"},
    )


@dataclass(frozen=True)
class CandidateRow:
    widget: Any
    candidate: selectors.Candidate | None
    previous: int
    differences: list[Any]


@login_required
@require_http_methods(["GET", "POST"])
def contact_link(request: SignedInRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk, "triage")
    if not contact.is_open:
        return _decided(request, contact)
    candidates = selectors.child_candidates(contact)
    initial = {"child": str(contact.child_id)} if contact.child_id else {}
    form = forms.LinkChildForm(pages.posted(request), candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        if pages.attempt(
            form,
            lambda: services.contact_link_child(
                actor=request.user, contact=contact, child=chosen.child if chosen else None
            ),
        ):
            if chosen is None:
                messages.success(request, "A new child record has been made for this contact.")
            else:
                messages.success(request, f"This contact is linked to {chosen.child}.")
            return _to_contact(contact)
    for shown in candidates:
        # Each candidate's name, birth date and postcode are shown: that is a view.
        audit.record_view(request.user, shown.child)
    counts = selectors.contact_counts(
        request.user, [c.child.pk for c in candidates], excluding=contact
    )
    rows = []
    for widget in form["child"]:
        candidate = form.candidates.get(str(widget.data["value"]))
        rows.append(
            CandidateRow(
                widget,
                candidate,
                counts.get(candidate.child.pk, 0) if candidate else 0,
                candidate.differences(contact) if candidate else [],
            )
        )
    return pages.form_page(
        request,
        "frontdoor/mash/link.html",
        form,
        {
            "contact": contact,
            "rows": rows,
            "page_title": f"Find the child for contact {contact.reference}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_request(request: SignedInRequest, pk: int) -> HttpResponse:
    pages.require(partner_checks.can(request.user, "request"))
    contact = _contact_or_404(request, pk)
    if not contact.is_open:
        return _decided(request, contact)
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
                    actor=request.user,
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
            return _to_contact(contact)
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


def _check_or_404(request: SignedInRequest, pk: int, action: str) -> PartnerCheck:
    try:
        return (
            partner_checks.visible(request.user, action)
            .select_related("contact", "agency", "requested_by", "responded_by", "withdrawn_by")
            .get(pk=pk)
        )
    except PartnerCheck.DoesNotExist as error:
        raise Http404("No such request, or it is not addressed to your agency.") from error


@login_required
@require_http_methods(["GET", "POST"])
def check_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    pages.require(partner_checks.can(request.user, "request"))
    check = _check_or_404(request, pk, "request")
    contact = _contact_or_404(request, check.contact_id)
    if not check.is_open:
        messages.info(request, "Only a request still waiting for an answer can be withdrawn.")
        return _to_contact(contact)
    form = forms.CheckWithdrawForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.partner_check_withdraw(
                actor=request.user, check=check, reason=form.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, f"Your request to {check.agency.name} has been withdrawn.")
        return _to_contact(contact)
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


def _decision_initial(contact: Contact) -> dict[str, Any]:
    """A returned or signed-off decision fills the form, to be changed rather than retyped."""
    latest = contact.decisions.order_by("-version").first()
    if latest is None or latest.state not in (Decision.State.RETURNED, Decision.State.SIGNED_OFF):
        return {}
    return {
        "level": str(latest.level),
        "descriptor": latest.descriptor,
        "outcome": latest.outcome,
        "rationale": latest.rationale,
        "referrer_feedback": latest.referrer_feedback,
    }


@login_required
@require_http_methods(["GET", "POST"])
def contact_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk, "triage")
    if contact.status == Contact.Status.AWAITING_MANAGER:
        messages.info(request, "A decision is already waiting for a manager to sign it off.")
        return _to_contact(contact)
    correcting = contact.status == Contact.Status.DECIDED
    open_checks = [
        check.agency.name
        for check in contact.checks.filter(status=PartnerCheck.Status.REQUESTED)
        .select_related("agency")
        .order_by("agency__name")
    ]
    form = forms.DecisionForm(
        pages.posted(request),
        outcomes=selectors.outcomes_by_level(contact.partnership_id),
        correcting=correcting,
        open_checks=bool(open_checks),
        initial=_decision_initial(contact),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contact_decide(
                actor=request.user,
                contact=contact,
                level=data["level"],
                outcome=data["outcome"],
                descriptor=data["descriptor"],
                rationale=data["rationale"],
                referrer_feedback=data["referrer_feedback"],
                correction_reason=data.get("correction_reason", ""),
                open_checks_reason=data.get("open_checks_reason", ""),
            )
        except ServiceError as error:
            contact.refresh_from_db(fields=["status"])
            if contact.status == Contact.Status.AWAITING_MANAGER:
                # Sent twice (a double click): the first decision stands.
                messages.info(request, str(error))
                return _to_contact(contact)
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            what = "correction" if correcting else "decision"
            messages.success(
                request, f"Your {what} has been recorded. A manager must now sign it off."
            )
            return _to_contact(contact)
    title = "Correct the decision" if correcting else "Record the decision"
    return pages.form_page(
        request,
        "frontdoor/mash/decide.html",
        form,
        {
            "contact": contact,
            "correcting": correcting,
            "open_checks": open_checks,
            "heading": title,
            "page_title": f"{title} on contact {contact.reference}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_sign_off(request: SignedInRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk, "decide")
    decision = (
        contact.decisions.filter(state=Decision.State.PROPOSED)
        .select_related("recorded_by")
        .order_by("-version")
        .first()
    )
    if decision is None or contact.status != Contact.Status.AWAITING_MANAGER:
        messages.info(request, "There is no decision waiting to be signed off.")
        return _to_contact(contact)
    standing = (
        contact.decisions.filter(state=Decision.State.SIGNED_OFF).order_by("-version").first()
    )
    form = forms.SignOffForm(pages.posted(request))
    if request.method == "POST" and form.is_valid():
        approve = form.approve
        if pages.attempt(
            form,
            lambda: services.contact_sign_off(
                actor=request.user,
                contact=contact,
                approve=approve,
                note=form.cleaned_data["note"],
            ),
        ):
            if approve:
                messages.success(
                    request,
                    f"The decision on {contact.reference} is signed off. "
                    "The referrer has been told the outcome.",
                )
            else:
                messages.success(
                    request,
                    f"The decision has been returned to {decision.recorded_by.full_name}.",
                )
            return _to_contact(contact)
    return pages.form_page(
        request,
        "frontdoor/mash/sign_off.html",
        form,
        {
            "contact": contact,
            "decision": decision,
            "level": thresholds.LEVELS[decision.level].name,
            "descriptor": thresholds.DESCRIPTORS.get(decision.descriptor, (0, ""))[1],
            "standing": standing,
            "own": decision.recorded_by_id == request.user.pk,
            "page_title": f"Sign off the decision on contact {contact.reference}",
        },
    )


# --- a child ------------------------------------------------------------------------


@login_required
@require_GET
def child_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    child = get_visible_or_404(children, request.user, "view", pk=pk)
    _record_view(request, child)
    history = selectors.child_history(request.user, child).prefetch_related("referral__concerns")
    return render(
        request,
        "frontdoor/mash/child.html",
        {
            "child": child,
            "history": history,
            "age": _age(child.date_of_birth, child.expected_date_of_birth, timezone.localdate()),
            "page_title": f"{child.first_names} {child.last_name}",
        },
    )


# --- partner agencies' information requests -----------------------------------------


@login_required
@require_GET
def check_list(request: SignedInRequest) -> HttpResponse:
    pages.require(partner_checks.can(request.user, "respond"))
    now = timezone.now()
    form = forms.CheckSearchForm(request.GET if "q" in request.GET else None)
    search = form.search()
    page = Paginator(selectors.checks_for_my_agency(request.user, q=search), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        CheckRow(
            check,
            clocks.timescale_status(due=check.due_at, today=now, completed=check.responded_at),
        )
        for check in page
    ]
    membership = request.membership
    return render(
        request,
        "frontdoor/mash/checks.html",
        {
            "page": page,
            "rows": rows,
            "agency": membership.agency if membership else None,
            "form": form,
            "search": search,
            "query": urlencode({"q": search}) if search else "",
            "page_title": "Information requests",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_respond(request: SignedInRequest, pk: int) -> HttpResponse:
    check = _check_or_404(request, pk, "respond")
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
                actor=request.user, check=check, response=form.cleaned_data["response"]
            ),
        )
    ):
        messages.success(request, "Your answer has been sent to the MASH.")
        return redirect("frontdoor:checks")
    _record_view(request, check)
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


@login_required
@require_GET
def exploitation(request: SignedInRequest) -> HttpResponse:
    pages.require(contacts.can(request.user, "view"))
    today = timezone.localdate()
    form = forms.AgendaDateForm(
        request.GET if "date" in request.GET else None, initial={"date": today}
    )
    items: list[AgendaItem] = []
    day = form.day(today)
    if not form.errors:
        for number, contact in enumerate(selectors.exploitation_agenda(request.user, day), 1):
            categories = {concern.category for concern in contact.referral.concerns.all()}
            items.append(
                AgendaItem(
                    number,
                    contact,
                    _age(contact.date_of_birth, contact.expected_date_of_birth, day),
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
