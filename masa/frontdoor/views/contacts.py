"""A MASH contact: its page, its triage (taking it, rating, finding the child), the
decision and the manager's sign-off; and a child's history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import audit, clocks, pages
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.types import ActingRequest
from masa.frontdoor import codes, forms, selectors, services, thresholds
from masa.frontdoor.models import Contact, Decision, PartnerCheck, RiskAssessment
from masa.frontdoor.policies import children, contacts, partner_checks
from masa.frontdoor.views.mash import (
    CONTACT_RELATED,
    CheckRow,
    age_in_words,
    decided_already,
    to_contact,
)

# --- a contact ----------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    level: str
    descriptor: str


def _check_rows(contact: Contact, now: datetime.datetime) -> list[CheckRow]:
    """The contact's partner checks, each with its clock, and whether the answer came
    after the first decision was recorded."""
    first = contact.decisions.order_by("version").first()
    return [
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


def _decision_rows(contact: Contact) -> list[DecisionRow]:
    return [
        DecisionRow(
            decision,
            thresholds.LEVELS[decision.level].name if decision.level in thresholds.LEVELS else "",
            thresholds.DESCRIPTORS.get(decision.descriptor, (0, ""))[1],
        )
        for decision in contact.decisions.select_related("recorded_by", "reviewed_by").order_by(
            "-version"
        )
    ]


def _actions(acting: Acting, contact: Contact) -> dict[str, bool]:
    """What the person may do to the contact now (the buttons on its page)."""
    can_triage = contacts.can(acting, "triage")
    can_request = partner_checks.can(acting, "request")
    can_decide = contacts.can(acting, "decide")
    Status = Contact.Status
    triaging = contact.status in (Status.NEW, Status.IN_PROGRESS, Status.AWAITING_CHECKS)
    return {
        "start": can_triage and contact.is_open and contact.assigned_to_id != acting.person.pk,
        "rate": can_triage and contact.is_open,
        "link": can_triage and contact.is_open,
        "check": can_request and triaging,
        "decide": can_triage and triaging,
        "correct": can_triage and contact.status == Status.DECIDED,
        "sign_off": can_decide and contact.status == Status.AWAITING_MANAGER,
    }


def _contact_page(
    request: ActingRequest, contact: Contact, *, problem: str = "", status: int = 200
) -> HttpResponse:
    acting = request.acting
    now = timezone.now()
    referral = contact.referral
    audit.record_view(acting, contact)
    actions = _actions(acting, contact)
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
            "checks": _check_rows(contact, now),
            "can_withdraw": partner_checks.can(acting, "request"),
            "decisions": _decision_rows(contact),
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


@pages.guard(contacts, "view")
@require_GET
def contact_detail(request: ActingRequest, pk: int) -> HttpResponse:
    return _contact_page(
        request, contacts.get_or_404(request.acting, "view", pk, related=CONTACT_RELATED)
    )


@pages.guard(contacts, "triage")
@require_POST
def contact_start(request: ActingRequest, pk: int) -> HttpResponse:
    contact = contacts.get_or_404(request.acting, "triage", pk, related=CONTACT_RELATED)
    try:
        services.contact_start(acting=request.acting, contact=contact)
    except ServiceError as error:
        return _contact_page(request, contact, problem=str(error), status=400)
    messages.success(request, f"You are working on contact {contact.reference}.")
    return to_contact(contact)


@pages.guard(contacts, "triage")
@require_http_methods(["GET", "POST"])
def contact_rate(request: ActingRequest, pk: int) -> HttpResponse:
    contact = contacts.get_or_404(request.acting, "triage", pk, related=CONTACT_RELATED)
    if not contact.is_open:
        return decided_already(request, contact)
    form = forms.RagForm(
        pages.posted(request), initial={"rag": contact.rag, "reason": contact.rag_reason}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: services.contact_rate(
                acting=request.acting,
                contact=contact,
                rag=form.cleaned_data["rag"],
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        rating = Contact.Rag(form.cleaned_data["rag"]).label.lower()
        messages.success(request, f"Contact {contact.reference} is rated {rating}.")
        return to_contact(contact)
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


@pages.guard(contacts, "triage")
@require_http_methods(["GET", "POST"])
def contact_link(request: ActingRequest, pk: int) -> HttpResponse:
    contact = contacts.get_or_404(request.acting, "triage", pk, related=CONTACT_RELATED)
    if not contact.is_open:
        return decided_already(request, contact)
    candidates = selectors.child_candidates(contact)
    initial = {"child": str(contact.child_id)} if contact.child_id else {}
    form = forms.LinkChildForm(pages.posted(request), candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        if pages.attempt(
            form,
            lambda: services.contact_link_child(
                acting=request.acting, contact=contact, child=chosen.child if chosen else None
            ),
        ):
            if chosen is None:
                messages.success(request, "A new child record has been made for this contact.")
            else:
                messages.success(request, f"This contact is linked to {chosen.child}.")
            return to_contact(contact)
    for shown in candidates:
        # Each candidate's name, birth date and postcode are shown: that is a view.
        audit.record_view(request.acting, shown.child)
    counts = selectors.contact_counts(
        request.acting, [c.child.pk for c in candidates], excluding=contact
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


@pages.guard(contacts, "triage")
@require_http_methods(["GET", "POST"])
def contact_decide(request: ActingRequest, pk: int) -> HttpResponse:
    contact = contacts.get_or_404(request.acting, "triage", pk, related=CONTACT_RELATED)
    if contact.status == Contact.Status.AWAITING_MANAGER:
        messages.info(request, "A decision is already waiting for a manager to sign it off.")
        return to_contact(contact)
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
                acting=request.acting,
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
                return to_contact(contact)
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            what = "correction" if correcting else "decision"
            messages.success(
                request, f"Your {what} has been recorded. A manager must now sign it off."
            )
            return to_contact(contact)
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


@pages.guard(contacts, "decide")
@require_http_methods(["GET", "POST"])
def contact_sign_off(request: ActingRequest, pk: int) -> HttpResponse:
    contact = contacts.get_or_404(request.acting, "decide", pk, related=CONTACT_RELATED)
    decision = (
        contact.decisions.filter(state=Decision.State.PROPOSED)
        .select_related("recorded_by")
        .order_by("-version")
        .first()
    )
    if decision is None or contact.status != Contact.Status.AWAITING_MANAGER:
        messages.info(request, "There is no decision waiting to be signed off.")
        return to_contact(contact)
    standing = (
        contact.decisions.filter(state=Decision.State.SIGNED_OFF).order_by("-version").first()
    )
    form = forms.SignOffForm(pages.posted(request))
    if request.method == "POST" and form.is_valid():
        approve = form.approve
        if pages.attempt(
            form,
            lambda: services.contact_sign_off(
                acting=request.acting,
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
            return to_contact(contact)
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
            "own": decision.recorded_by_id == request.acting.person.pk,
            "page_title": f"Sign off the decision on contact {contact.reference}",
        },
    )


# --- a child ------------------------------------------------------------------------


@pages.guard(children, "view")
@require_GET
def child_detail(request: ActingRequest, pk: int) -> HttpResponse:
    child = children.get_or_404(request.acting, "view", pk)
    audit.record_view(request.acting, child)
    history = selectors.child_history(request.acting, child).prefetch_related("referral__concerns")
    return render(
        request,
        "frontdoor/mash/child.html",
        {
            "child": child,
            "history": history,
            "age": age_in_words(
                child.date_of_birth, child.expected_date_of_birth, timezone.localdate()
            ),
            "page_title": f"{child.first_names} {child.last_name}",
        },
    )
