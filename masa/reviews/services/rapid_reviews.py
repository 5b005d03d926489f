"""Rapid reviews: opening, the agency summaries they ask for, the meeting, the decision
(an LCSPR decision commissions the review) and the Panel's response."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency
from masa.reviews import policies
from masa.reviews.models import AgencySummary, Incident, RapidReview, Review
from masa.reviews.services.common import (
    _agency_in,
    _fresh,
    _happened,
    _manage,
    _not_before,
    _reference,
    _require_text,
    _today,
)
from masa.reviews.timescales import due_date


@transaction.atomic
def rapid_review_open(*, acting: Acting, incident: Incident) -> RapidReview:
    """Open the rapid review of a notified incident: due `rapid_review` (15 working days)
    after the Panel was notified. Never without a prior notification."""
    _manage(acting, incident.partnership)
    if incident.notified_panel_on is None:
        raise ServiceError(
            "Record the notification to the Panel before opening a rapid review",
            field="notified_panel_on",
        )
    if RapidReview.objects.filter(incident=incident).exists():
        raise ServiceError("This incident already has a rapid review")
    rapid = RapidReview.objects.create(
        partnership=incident.partnership,
        incident=incident,
        due_on=due_date(incident.partnership, "rapid_review", incident.notified_panel_on),
    )
    audit.record(
        acting, "rapid_review.open", rapid, {"due_on": {"old": None, "new": str(rapid.due_on)}}
    )
    return rapid


@transaction.atomic
def agency_summary_request(
    *,
    acting: Acting,
    rapid_review: RapidReview,
    agency: Agency,
    requested_on: datetime.date | None = None,
) -> AgencySummary:
    """Ask an involved agency for its summary, due `agency_summary` (5 working days) later."""
    partnership = rapid_review.partnership
    _manage(acting, partnership)
    _agency_in(partnership, agency)
    if rapid_review.status not in (RapidReview.Status.OPEN, RapidReview.Status.MEETING_HELD):
        raise ServiceError("Summaries are asked for before the rapid review decides")
    if AgencySummary.objects.filter(rapid_review=rapid_review, agency=agency).exists():
        raise ServiceError(f"{agency} has already been asked for a summary", field="agency")
    requested_on = requested_on or _today()
    _happened(requested_on, "requested_on", "The date of the request")
    summary = AgencySummary.objects.create(
        partnership=partnership,
        rapid_review=rapid_review,
        agency=agency,
        requested_on=requested_on,
        due_on=due_date(partnership, "agency_summary", requested_on),
        requested_by=acting.person,
    )
    audit.record(
        acting,
        "agency_summary.request",
        summary,
        {
            "agency": {"old": None, "new": agency.name},
            "due_on": {"old": None, "new": str(summary.due_on)},
        },
    )
    return summary


@transaction.atomic
def agency_summary_submit(
    *,
    acting: Acting,
    summary: AgencySummary,
    involvement: str,
    analysis: str,
    immediate_learning: str = "",
    submitted_on: datetime.date | None = None,
) -> AgencySummary:
    """Submit an agency's summary (see `policies.AgencySummaryAccess` for who may)."""
    if not policies.agency_summaries.can(acting, "submit", summary):
        raise ServiceError("You do not have permission to do this")
    _fresh(summary)
    if summary.status == AgencySummary.Status.SUBMITTED:
        raise ServiceError("This summary has already been submitted")
    summary.involvement = _require_text(
        involvement, "involvement", "Describe your agency's involvement"
    )
    summary.analysis = _require_text(analysis, "analysis", "Give your analysis of the practice")
    summary.immediate_learning = immediate_learning.strip()
    summary.submitted_on = submitted_on or _today()
    _happened(summary.submitted_on, "submitted_on", "The date submitted")
    _not_before(summary.submitted_on, summary.requested_on, "submitted_on", "the request")
    summary.author = acting.person
    summary.status = AgencySummary.Status.SUBMITTED
    summary.save()
    audit.record(
        acting,
        "agency_summary.submit",
        summary,
        {
            "status": {"old": "requested", "new": "submitted"},
            "in_time": {"old": None, "new": summary.submitted_on <= summary.due_on},
        },
    )
    return summary


@transaction.atomic
def rapid_review_meeting(
    *, acting: Acting, rapid_review: RapidReview, meeting_on: datetime.date
) -> RapidReview:
    """Record that the rapid review meeting was held."""
    _manage(acting, rapid_review.partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.OPEN:
        raise ServiceError("The meeting has already been recorded")
    _happened(meeting_on, "meeting_on", "The date of the meeting")
    _not_before(
        meeting_on, rapid_review.incident.notified_panel_on, "meeting_on", "the notification"
    )
    rapid_review.meeting_on = meeting_on
    rapid_review.status = RapidReview.Status.MEETING_HELD
    rapid_review.save(update_fields=["meeting_on", "status"])
    audit.record(
        acting,
        "rapid_review.meeting",
        rapid_review,
        {
            "meeting_on": {"old": None, "new": str(meeting_on)},
            "in_time": {"old": None, "new": meeting_on <= rapid_review.due_on},
        },
    )
    return rapid_review


@transaction.atomic
def rapid_review_decide(
    *,
    acting: Acting,
    rapid_review: RapidReview,
    decision: str,
    rationale: str,
    learning: str = "",
    decided_on: datetime.date | None = None,
    review_title: str = "",
) -> RapidReview:
    """Record the rapid review's decision. An LCSPR decision commissions the LCSPR
    (a `Review` of kind lcspr, status commissioned, linked to the incident)."""
    partnership = rapid_review.partnership
    _manage(acting, partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.MEETING_HELD:
        raise ServiceError("Record the rapid review meeting before the decision")
    if decision not in RapidReview.Decision.values:
        raise ServiceError("Choose the decision", field="decision")
    rationale = _require_text(rationale, "rationale", "Give the reasons for the decision")
    if decision == RapidReview.Decision.NO_LCSPR and not learning.strip():
        raise ServiceError(
            "Without an LCSPR, record the learning the rapid review captured", field="learning"
        )
    decided_on = decided_on or _today()
    _happened(decided_on, "decided_on", "The date of the decision")
    assert rapid_review.meeting_on is not None
    _not_before(decided_on, rapid_review.meeting_on, "decided_on", "the meeting")
    rapid_review.decision = decision
    rapid_review.rationale = rationale
    rapid_review.learning = learning.strip()
    rapid_review.decided_on = decided_on
    rapid_review.status = RapidReview.Status.DECIDED
    rapid_review.save()
    changes: dict[str, Any] = {
        "decision": {"old": None, "new": decision},
        "status": {"old": "meeting_held", "new": "decided"},
    }
    if decision == RapidReview.Decision.LCSPR:
        incident = rapid_review.incident
        review = Review.objects.create(
            partnership=partnership,
            kind=Review.Kind.LCSPR,
            reference=_reference(partnership, Review.SERIES["lcspr"], decided_on.year),
            title=review_title.strip() or f"LCSPR: {incident.subject.pseudonym}",
            subject=incident.subject,
            incident=incident,
            created_by=acting.person,
        )
        review.themes.set(incident.themes.all())
        changes["review"] = {"old": None, "new": review.reference}
    audit.record(acting, "rapid_review.decide", rapid_review, changes)
    return rapid_review


@transaction.atomic
def rapid_review_send_to_panel(
    *, acting: Acting, rapid_review: RapidReview, sent_on: datetime.date
) -> RapidReview:
    """Record that the decision and rapid review report went to the Panel."""
    _manage(acting, rapid_review.partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.DECIDED:
        raise ServiceError("Only a decided rapid review is sent to the Panel")
    _happened(sent_on, "sent_on", "The date sent to the Panel")
    _not_before(sent_on, rapid_review.decided_on, "sent_on", "the decision")
    rapid_review.sent_to_panel_on = sent_on
    rapid_review.status = RapidReview.Status.SENT_TO_PANEL
    rapid_review.save(update_fields=["sent_to_panel_on", "status"])
    audit.record(
        acting,
        "rapid_review.send_to_panel",
        rapid_review,
        {
            "sent_to_panel_on": {"old": None, "new": str(sent_on)},
            "in_time": {"old": None, "new": sent_on <= rapid_review.due_on},
        },
    )
    return rapid_review


@transaction.atomic
def rapid_review_panel_response(
    *, acting: Acting, rapid_review: RapidReview, response: str, received_on: datetime.date
) -> RapidReview:
    """Record the Panel's response to the rapid review."""
    _manage(acting, rapid_review.partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.SENT_TO_PANEL:
        raise ServiceError("The Panel responds after the rapid review has been sent to it")
    _happened(received_on, "received_on", "The date of the Panel's response")
    _not_before(received_on, rapid_review.sent_to_panel_on, "received_on", "it was sent")
    rapid_review.panel_response = _require_text(response, "response", "Enter what the Panel said")
    rapid_review.panel_response_on = received_on
    rapid_review.status = RapidReview.Status.PANEL_RESPONDED
    rapid_review.save(update_fields=["panel_response", "panel_response_on", "status"])
    audit.record(
        acting,
        "rapid_review.panel_response",
        rapid_review,
        {"panel_response_on": {"old": None, "new": str(received_on)}},
    )
    return rapid_review
