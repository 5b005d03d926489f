"""Pure rules for actions, whatever their source: the status transitions, kept as data
so every pair can be tested. No Django imports: the services apply these, the tests
check them directly.
"""

from __future__ import annotations

from enum import StrEnum


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
