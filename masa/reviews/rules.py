"""Pure rules for case reviews: the Care Act s44 test for a Safeguarding Adult Review,
and the status transitions of reviews, kept as data so every pair can be tested (the
actions' are in `masa.actions.rules`). No Django imports: the services apply these,
the tests check them directly.
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
