"""Pure rules for case reviews: the Care Act s44 test for a Safeguarding Adult Review,
and the status transitions of reviews and actions, kept as data so every pair can be
tested. No Django imports: the services apply these, the tests check them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

# --- Safeguarding Adult Review: Care Act 2014 s44 -------------------------------------

# The checklist, in the order the Act gives it. The first four together make a SAR
# mandatory (s44(1)-(3)); s44(4) lets the board arrange one in any other case.
SAR_CRITERIA: dict[str, str] = {
    "care_and_support_needs": "The adult has needs for care and support (whether or not met)",
    "died_or_serious_harm": "The adult died, or is alive and has experienced serious abuse "
    "or neglect",
    "abuse_or_neglect_known_or_suspected": "Abuse or neglect is known or suspected",
    "concern_agencies_worked_together": "There is reasonable cause for concern about how "
    "partners worked together to safeguard the adult",
    "discretionary_s44_4": "The board thinks a review would help learning in another case (s44(4))",
}
MANDATORY_CRITERIA = (
    "care_and_support_needs",
    "died_or_serious_harm",
    "abuse_or_neglect_known_or_suspected",
    "concern_agencies_worked_together",
)


class SarDecision(StrEnum):
    MANDATORY = "mandatory"
    DISCRETIONARY = "discretionary"
    NO_SAR = "no_sar"


def clean_criteria(answers: Mapping[str, object]) -> dict[str, bool]:
    """Every criterion as True or False (missing ones False); unknown keys are refused."""
    unknown = set(answers) - set(SAR_CRITERIA)
    if unknown:
        raise ValueError(f"unknown SAR criteria: {sorted(unknown)}")
    return {key: bool(answers.get(key, False)) for key in SAR_CRITERIA}


def sar_is_mandatory(answers: Mapping[str, object]) -> bool:
    """s44(1)-(3): all four mandatory conditions hold."""
    criteria = clean_criteria(answers)
    return all(criteria[key] for key in MANDATORY_CRITERIA)


def sar_decision_refusal(answers: Mapping[str, object], decision: str) -> str | None:
    """Why `decision` does not fit the checklist, or None if it does.

    A mandatory SAR needs all four s44(1)-(3) conditions; when they all hold, the board
    must arrange a review, so "no SAR" is refused. A discretionary SAR (s44(4)) needs
    that box ticked and the review not to be mandatory.
    """
    if decision not in set(SarDecision):
        return "Choose a decision"
    mandatory = sar_is_mandatory(answers)
    if decision == SarDecision.MANDATORY and not mandatory:
        return (
            "A mandatory SAR needs all four conditions in section 44(1) to (3): care and "
            "support needs, death or serious harm, known or suspected abuse or neglect, "
            "and concern about how agencies worked together"
        )
    if decision == SarDecision.DISCRETIONARY and mandatory:
        return "All four section 44 conditions are met: the review is mandatory"
    if decision == SarDecision.DISCRETIONARY and not clean_criteria(answers)["discretionary_s44_4"]:
        return "A discretionary SAR needs the board's reason under section 44(4) ticked"
    if decision == SarDecision.NO_SAR and mandatory:
        return "All four section 44 conditions are met: the board must arrange a review"
    return None


# --- reviews --------------------------------------------------------------------------


class ReviewStatus(StrEnum):
    COMMISSIONED = "commissioned"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    DRAFT_RECEIVED = "draft_received"
    SIGNED_OFF = "signed_off"
    PUBLISHED = "published"
    CLOSED_NOT_PUBLISHED = "closed_not_published"


R = ReviewStatus
# Every allowed move. "paused" is entered by recording a delay and left by ending it,
# back to the status the review had before (so a delay cannot skip a step).
REVIEW_TRANSITIONS: frozenset[tuple[ReviewStatus, ReviewStatus]] = frozenset(
    {
        (R.COMMISSIONED, R.IN_PROGRESS),
        (R.IN_PROGRESS, R.PAUSED),
        (R.IN_PROGRESS, R.DRAFT_RECEIVED),
        (R.DRAFT_RECEIVED, R.PAUSED),
        (R.DRAFT_RECEIVED, R.SIGNED_OFF),
        (R.SIGNED_OFF, R.PAUSED),
        (R.SIGNED_OFF, R.PUBLISHED),
        (R.SIGNED_OFF, R.CLOSED_NOT_PUBLISHED),
        (R.PAUSED, R.IN_PROGRESS),
        (R.PAUSED, R.DRAFT_RECEIVED),
        (R.PAUSED, R.SIGNED_OFF),
    }
)
# Where a delay may start: once the review has started and until it is published.
REVIEW_PAUSABLE = frozenset({R.IN_PROGRESS, R.DRAFT_RECEIVED, R.SIGNED_OFF})
REVIEW_FINISHED = frozenset({R.SIGNED_OFF, R.PUBLISHED, R.CLOSED_NOT_PUBLISHED})


def review_can_move(current: str, new: str) -> bool:
    return (current, new) in REVIEW_TRANSITIONS


# --- actions --------------------------------------------------------------------------


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"  # derived from the due date, never stored
    COMPLETED = "completed"
    EVIDENCED = "evidenced"
    CLOSED = "closed"


class Needs(StrEnum):
    """What a move needs besides the move being in the table."""

    UPDATE = "update"  # recommendation.update: an owner's progress update
    PROGRESS = "progress"  # an update that says what was done (completing an action)
    ACCEPTED_EVIDENCE = "accepted_evidence"  # the group accepted at least one file
    SIGN_OFF = "sign_off"  # recommendation.sign_off
    SIGN_OFF_WITH_EVIDENCE_OR_REASON = "sign_off_with_evidence_or_reason"


A = ActionStatus
ACTION_TRANSITIONS: dict[tuple[ActionStatus, ActionStatus], Needs] = {
    (A.NOT_STARTED, A.ON_TRACK): Needs.UPDATE,
    (A.NOT_STARTED, A.AT_RISK): Needs.UPDATE,
    (A.ON_TRACK, A.AT_RISK): Needs.UPDATE,
    (A.AT_RISK, A.ON_TRACK): Needs.UPDATE,
    (A.ON_TRACK, A.COMPLETED): Needs.PROGRESS,
    (A.AT_RISK, A.COMPLETED): Needs.PROGRESS,
    # The group did not accept what was done: the work carries on.
    (A.COMPLETED, A.ON_TRACK): Needs.UPDATE,
    (A.COMPLETED, A.AT_RISK): Needs.UPDATE,
    (A.COMPLETED, A.EVIDENCED): Needs.ACCEPTED_EVIDENCE,
    (A.EVIDENCED, A.CLOSED): Needs.SIGN_OFF,
    # Closing early (the action was overtaken, or the risk went) needs a recorded
    # reason, or evidence the group has accepted.
    (A.NOT_STARTED, A.CLOSED): Needs.SIGN_OFF_WITH_EVIDENCE_OR_REASON,
    (A.ON_TRACK, A.CLOSED): Needs.SIGN_OFF_WITH_EVIDENCE_OR_REASON,
    (A.AT_RISK, A.CLOSED): Needs.SIGN_OFF_WITH_EVIDENCE_OR_REASON,
    (A.COMPLETED, A.CLOSED): Needs.SIGN_OFF_WITH_EVIDENCE_OR_REASON,
}
ACTION_STORED = frozenset(status for status in ActionStatus if status != A.OVERDUE)
ACTION_OPEN = frozenset({A.NOT_STARTED, A.ON_TRACK, A.AT_RISK})
ACTION_DONE = frozenset({A.COMPLETED, A.EVIDENCED, A.CLOSED})
# What an owner may choose in a progress update.
ACTION_UPDATE_CHOICES = frozenset({A.ON_TRACK, A.AT_RISK, A.COMPLETED})


def action_transition_refusal(
    current: str,
    new: str,
    *,
    progress: str = "",
    accepted_evidence: bool = False,
    closure_reason: str = "",
    can_update: bool = False,
    can_sign_off: bool = False,
) -> str | None:
    """Why an action may not move from `current` to `new`, or None if it may."""
    if new == A.OVERDUE or current == A.OVERDUE:
        return "Overdue is worked out from the due date; it is not set by hand"
    try:
        needs = ACTION_TRANSITIONS[(ActionStatus(current), ActionStatus(new))]
    except (KeyError, ValueError):
        return f"An action cannot go from {_label(current)} to {_label(new)}"
    if needs == Needs.UPDATE and not can_update:
        return "You cannot update this action"
    if needs == Needs.PROGRESS:
        if not can_update:
            return "You cannot update this action"
        if not progress.strip():
            return "Say what was done to complete the action"
    if needs == Needs.ACCEPTED_EVIDENCE and not accepted_evidence:
        return "An action is evidenced only when the group has accepted evidence for it"
    if needs in (Needs.SIGN_OFF, Needs.SIGN_OFF_WITH_EVIDENCE_OR_REASON) and not can_sign_off:
        return "Only the case review group or the executive can close an action"
    if (
        needs == Needs.SIGN_OFF_WITH_EVIDENCE_OR_REASON
        and not accepted_evidence
        and not closure_reason.strip()
    ):
        return "An action cannot close without accepted evidence or a recorded reason"
    return None


def action_shown_status(stored: str, *, overdue: bool) -> ActionStatus:
    """The status to show: an open action past its due date shows as overdue."""
    status = ActionStatus(stored)
    if overdue and status in ACTION_OPEN:
        return A.OVERDUE
    return status


def _label(status: str) -> str:
    return status.replace("_", " ")
