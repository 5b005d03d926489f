"""The pure rules of the risk register, escalations and scrutiny: no database.

* A risk's score is likelihood x impact on the partnership's scale (5 x 5 by default);
  its rating band is the score's share of the largest score, so a 4 x 4 scale bands the
  same way as a 5 x 5 one (on 5 x 5: 1-4 low, 5-9 medium, 10-16 high, 20-25 very high).
* A risk moves open ⇄ escalated to the executive, and either to closed; a closed risk
  may be reopened (a review of it brings it back).
* A scrutiny recommendation's decision is one of five; the executive's decision needs a
  reason when it rejects or accepts in part, and a named group when it delegates; only
  an accepted (in whole or in part) recommendation may have actions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RiskStatus(enum.StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    CLOSED = "closed"


RISK_TRANSITIONS: dict[RiskStatus, frozenset[RiskStatus]] = {
    RiskStatus.OPEN: frozenset({RiskStatus.ESCALATED, RiskStatus.CLOSED}),
    RiskStatus.ESCALATED: frozenset({RiskStatus.OPEN, RiskStatus.CLOSED}),
    RiskStatus.CLOSED: frozenset({RiskStatus.OPEN}),
}


def risk_may_move(current: str, to: str) -> bool:
    """Whether a risk may move from `current` to `to` (staying put is always allowed)."""
    if current == to:
        return True
    return RiskStatus(to) in RISK_TRANSITIONS[RiskStatus(current)]


DEFAULT_SCALE = 5  # likelihood levels and impact levels, unless the partnership sets others
LARGEST_SCALE = 10
SMALLEST_SCALE = 3


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    tag: str  # the govuk-tag colour


BANDS = (
    Band("low", "Low", "govuk-tag--green"),
    Band("medium", "Medium", "govuk-tag--yellow"),
    Band("high", "High", "govuk-tag--orange"),
    Band("very_high", "Very high", "govuk-tag--red"),
)
# The upper share of the largest score each band reaches (the last takes the rest).
BAND_LIMITS = (0.16, 0.36, 0.64)


def score(likelihood: int, impact: int) -> int:
    return likelihood * impact


def band_of(value: int, likelihood_levels: int, impact_levels: int) -> Band:
    """The rating band of a score on a scale of `likelihood_levels` x `impact_levels`."""
    share = value / (likelihood_levels * impact_levels)
    for limit, band in zip(BAND_LIMITS, BANDS, strict=False):
        if share <= limit + 1e-9:
            return band
    return BANDS[-1]


def level_problem(value: object, levels: int, what: str) -> str | None:
    """Why `value` is not a level from 1 to `levels` (None if it is)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{what} must be a whole number from 1 to {levels}"
    if not 1 <= value <= levels:
        return f"{what} must be from 1 to {levels}"
    return None


class Decision(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted_in_part"
    REJECTED = "rejected"
    DELEGATED = "delegated"


ACTIONABLE = frozenset({Decision.ACCEPTED, Decision.ACCEPTED_IN_PART})
NEEDS_REASON = frozenset({Decision.ACCEPTED_IN_PART, Decision.REJECTED})


def decision_problem(decision: str, *, reason: str, has_group: bool) -> tuple[str, str] | None:
    """(field, message) if the executive's `decision` lacks what it needs, else None."""
    if decision == Decision.PENDING:
        return ("decision", "Select the executive's decision")
    if decision in NEEDS_REASON and not reason.strip():
        which = "rejecting" if decision == Decision.REJECTED else "accepting in part"
        return ("reason", f"Give the reason for {which} the recommendation")
    if decision == Decision.DELEGATED and not has_group:
        return ("delegated_to", "Select the group the decision is delegated to")
    return None
