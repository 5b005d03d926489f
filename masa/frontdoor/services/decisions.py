"""The MASH decision on a contact, its manager's sign-off, corrections, and the
outcomes a partnership allows at each level of need."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from masa.core import audit, notify
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Partnership, Person
from masa.frontdoor import selectors, thresholds
from masa.frontdoor.models import Contact, Decision, LevelOutcome, PartnerCheck
from masa.frontdoor.policies import contacts
from masa.frontdoor.services.common import LONDON, locked_contact


@dataclass(frozen=True)
class Proposal:
    """What a MASH practitioner decides, as the decision form asks it."""

    level: int
    outcome: str
    descriptor: str
    rationale: str
    referrer_feedback: str
    correction_reason: str = ""
    open_checks_reason: str = ""


def outcome_refused(level: int, outcome: str, allowed: tuple[str, ...]) -> str:
    """Why an outcome cannot be recorded at a level, and which can."""
    names = [f"‘{Contact.Outcome(code).label}’" for code in allowed]
    if not names:
        fits = f"No outcome is allowed at level {level}: choose another level"
    elif len(names) == 1:
        fits = f"At level {level}, choose {names[0]}"
    else:
        fits = f"At level {level}, choose {', '.join(names[:-1])} or {names[-1]}"
    need = thresholds.LEVELS[level].name.partition(": ")[2]
    return (
        f"‘{Contact.Outcome(outcome).label}’ is not an outcome for level {level} ({need}). {fits}"
    )


@transaction.atomic
def level_outcomes_ensure_defaults(*, actor: Person | None, partnership: Partnership) -> int:
    """Give a partnership the default outcomes at each level if it has none; returns how
    many were added. Run for every new partnership (core's set-up signal), by whoever set
    it up (a person outside it, or the system)."""
    if LevelOutcome.objects.filter(partnership=partnership).exists():
        return 0
    rows = LevelOutcome.objects.bulk_create(
        LevelOutcome(partnership=partnership, level=level, outcome=outcome)
        for level, outcomes in thresholds.DEFAULT_OUTCOMES.items()
        for outcome in outcomes
    )
    audit.record(
        actor,
        "level_outcome.defaults",
        partnership,
        {"outcomes": {"old": None, "new": [f"{row.level}: {row.outcome}" for row in rows]}},
        partnership=partnership,
        target_label="Outcomes allowed at each level of need",
    )
    return len(rows)


def _check_proposal(contact: Contact, proposal: Proposal) -> None:
    """The decision form's rules, whatever page or command asks."""
    level, outcome = proposal.level, proposal.outcome
    if level not in thresholds.LEVELS:
        raise ServiceError("Select the level of need", field="level")
    if outcome not in Contact.Outcome.values:
        raise ServiceError("Select the outcome", field="outcome")
    if thresholds.DESCRIPTORS.get(proposal.descriptor, (None,))[0] != level:
        raise ServiceError(
            "Select a threshold descriptor for the level you chose", field="descriptor"
        )
    allowed = selectors.outcomes_by_level(contact.partnership_id).get(level, ())
    if outcome not in allowed:
        raise ServiceError(outcome_refused(level, outcome, allowed), field="outcome")
    if not proposal.rationale.strip():
        raise ServiceError("Enter the reasons for the decision", field="rationale")
    if not proposal.referrer_feedback.strip():
        raise ServiceError("Enter what the referrer will be told", field="referrer_feedback")


def _open_checks(contact: Contact, proposal: Proposal) -> list[str]:
    """The agencies whose checks are still open; a decision that does not wait for them
    must say why."""
    open_checks = sorted(
        contact.checks.filter(status=PartnerCheck.Status.REQUESTED).values_list(
            "agency__name", flat=True
        )
    )
    if open_checks and not proposal.open_checks_reason.strip():
        raise ServiceError(
            "Say why the decision cannot wait for the partner checks still open",
            field="open_checks_reason",
        )
    return open_checks


@transaction.atomic
def contact_decide(
    *,
    acting: Acting,
    contact: Contact,
    level: int,
    outcome: str,
    descriptor: str,
    rationale: str,
    referrer_feedback: str,
    correction_reason: str = "",
    open_checks_reason: str = "",
) -> Decision:
    """Record the MASH decision for a manager to sign off. After sign-off, only a
    correction (a new version with a reason) can change it. A decision need not wait
    for partner checks still open, but says why it could not."""
    proposal = Proposal(
        level,
        outcome,
        descriptor,
        rationale,
        referrer_feedback,
        correction_reason,
        open_checks_reason,
    )
    contact = locked_contact(contact)
    contacts.require(acting, "triage", contact)
    _check_proposal(contact, proposal)
    open_checks = _open_checks(contact, proposal)
    if contact.status == Contact.Status.AWAITING_MANAGER:
        raise ServiceError("A decision is already waiting for a manager to sign it off")
    correcting = contact.status == Contact.Status.DECIDED
    if correcting and not proposal.correction_reason.strip():
        raise ServiceError("Say why the decision is being corrected", field="correction_reason")
    latest = contact.decisions.order_by("-version").first()
    decision = Decision.objects.create(
        contact=contact,
        version=(latest.version + 1) if latest else 1,
        level=proposal.level,
        outcome=proposal.outcome,
        descriptor=proposal.descriptor,
        rationale=proposal.rationale,
        referrer_feedback=proposal.referrer_feedback,
        correction_reason=proposal.correction_reason if correcting else "",
        open_checks_reason=proposal.open_checks_reason if open_checks else "",
        recorded_by=acting.person,
    )
    contact.status = Contact.Status.AWAITING_MANAGER
    contact.updated_at = timezone.now()
    contact.save(update_fields=["status", "updated_at"])
    audit.record(
        acting,
        "contact.correct" if correcting else "contact.decide",
        contact,
        {
            "version": decision.version,
            "level": decision.level,
            "outcome": decision.outcome,
            "descriptor": decision.descriptor,
            "correction_reason": decision.correction_reason,
            "open_checks": open_checks,
            "open_checks_reason": decision.open_checks_reason,
        },
    )
    return decision


def _return(contact: Contact, decision: Decision) -> None:
    decision.state = Decision.State.RETURNED
    # A returned correction leaves the earlier signed-off decision standing; a
    # returned first decision goes back to waiting for any checks still open.
    if contact.decided_at is not None:
        contact.status = Contact.Status.DECIDED
    elif contact.checks.filter(status=PartnerCheck.Status.REQUESTED).exists():
        contact.status = Contact.Status.AWAITING_CHECKS
    else:
        contact.status = Contact.Status.IN_PROGRESS


@transaction.atomic
def contact_sign_off(
    *, acting: Acting, contact: Contact, approve: bool, note: str = ""
) -> Decision:
    """A manager signs off the proposed decision (the referrer is then told) or returns it."""
    contact = locked_contact(contact)
    contacts.require(acting, "decide", contact)
    decision = contact.decisions.filter(state=Decision.State.PROPOSED).order_by("-version").first()
    if decision is None or contact.status != Contact.Status.AWAITING_MANAGER:
        raise ServiceError("There is no decision waiting to be signed off")
    if decision.recorded_by_id == acting.person.pk:
        raise ServiceError("Another manager must sign off a decision you recorded")
    if not approve and not note.strip():
        raise ServiceError("Say what needs to change", field="note")
    now = timezone.now()
    decision.reviewed_by, decision.reviewed_at, decision.manager_note = acting.person, now, note
    previous = (
        contact.decisions.filter(state=Decision.State.SIGNED_OFF).order_by("-version").first()
    )
    if approve:
        contact.decisions.filter(state=Decision.State.SIGNED_OFF).update(
            state=Decision.State.SUPERSEDED
        )
        decision.state = Decision.State.SIGNED_OFF
        contact.status = Contact.Status.DECIDED
        contact.level, contact.outcome, contact.decided_at = decision.level, decision.outcome, now
    else:
        _return(contact, decision)
    decision.save()
    contact.updated_at = now
    contact.save()
    audit.record(
        acting,
        "contact.sign_off" if approve else "contact.return",
        contact,
        {"version": decision.version, "note": note},
    )
    if approve:
        _send_outcome(contact, decision, previous)
    return decision


def _correction(decision: Decision, previous: Decision) -> dict[str, str]:
    """What a correction changed, in the words the referrer was first told (the outcome and
    the feedback only: never more than the first email said), and why."""
    told = timezone.localtime(previous.reviewed_at or previous.recorded_at, LONDON)
    was, now = previous.get_outcome_display(), decision.get_outcome_display()
    if was != now:
        changed = f'The outcome has changed from "{was}" to "{now}".'
    else:
        changed = f'The outcome is still "{now}"; what we told you about it has changed.'
    return {"told": f"{told.day} {told:%B %Y}", "changed": changed}


def _send_outcome(contact: Contact, decision: Decision, previous: Decision | None = None) -> None:
    """Tell the referrer the outcome; a signed-off correction says it is one. The email
    names the contact by reference, never the child."""
    referral = contact.referral
    if not referral.referrer_email:
        return
    corrected = previous is not None and bool(decision.correction_reason)
    referrer = referral.referrer
    to = referrer if referrer.email.lower() == referral.referrer_email.lower() else None
    notify.send(
        "frontdoor/outcome_corrected" if corrected else "frontdoor/outcome",
        to=[to or referral.referrer_email],
        context={
            "referral": referral,
            "contact": contact,
            "decision": decision,
            "outcome": decision.get_outcome_display(),
            "correction": _correction(decision, previous) if corrected and previous else {},
            "link": notify.link("frontdoor:referral", referral.pk),
        },
        partnership=contact.partnership,
        about=contact,
    )
