"""The pure rules of actions: every status transition pair, what each move needs, and
overdue worked out rather than stored."""

from __future__ import annotations

import itertools

import pytest

from masa.actions import rules
from masa.actions.rules import ActionStatus as A

# What each allowed action move needs; every pair not listed is refused.
ACTION_ALLOWED = {
    (A.NOT_STARTED, A.ON_TRACK): "update",
    (A.NOT_STARTED, A.AT_RISK): "update",
    (A.ON_TRACK, A.AT_RISK): "update",
    (A.AT_RISK, A.ON_TRACK): "update",
    (A.ON_TRACK, A.COMPLETED): "progress",
    (A.AT_RISK, A.COMPLETED): "progress",
    (A.COMPLETED, A.ON_TRACK): "update",
    (A.COMPLETED, A.AT_RISK): "update",
    (A.COMPLETED, A.EVIDENCED): "accepted_evidence",
    (A.EVIDENCED, A.CLOSED): "sign_off",
    (A.NOT_STARTED, A.CLOSED): "sign_off_with_evidence_or_reason",
    (A.ON_TRACK, A.CLOSED): "sign_off_with_evidence_or_reason",
    (A.AT_RISK, A.CLOSED): "sign_off_with_evidence_or_reason",
    (A.COMPLETED, A.CLOSED): "sign_off_with_evidence_or_reason",
}
EVERYTHING = {
    "progress": "Done",
    "accepted_evidence": True,
    "closure_reason": "Overtaken by the new protocol",
    "can_update": True,
    "can_sign_off": True,
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(A, A)))
def test_every_action_pair(old: A, new: A) -> None:
    refusal = rules.action_transition_refusal(old, new, **EVERYTHING)  # type: ignore[arg-type]
    if (old, new) in ACTION_ALLOWED:
        assert refusal is None
    else:
        assert refusal is not None


@pytest.mark.parametrize(("pair", "needs"), list(ACTION_ALLOWED.items()))
def test_each_allowed_action_move_is_refused_without_what_it_needs(
    pair: tuple[A, A], needs: str
) -> None:
    old, new = pair
    nothing = rules.action_transition_refusal(old, new)
    assert nothing is not None
    if needs == "update":
        assert rules.action_transition_refusal(old, new, can_update=True) is None
    elif needs == "progress":
        assert rules.action_transition_refusal(old, new, can_update=True) is not None
        assert rules.action_transition_refusal(old, new, can_update=True, progress="x") is None
    elif needs == "accepted_evidence":
        assert rules.action_transition_refusal(old, new, can_sign_off=True) is not None
        assert rules.action_transition_refusal(old, new, accepted_evidence=True) is None
    elif needs == "sign_off":
        assert rules.action_transition_refusal(old, new, can_update=True) is not None
        assert rules.action_transition_refusal(old, new, can_sign_off=True) is None
    else:
        # Closing needs sign-off AND (accepted evidence OR a reason).
        assert rules.action_transition_refusal(old, new, can_sign_off=True) is not None
        assert rules.action_transition_refusal(old, new, closure_reason="x") is not None
        assert (
            rules.action_transition_refusal(old, new, can_sign_off=True, closure_reason="x") is None
        )
        assert (
            rules.action_transition_refusal(old, new, can_sign_off=True, accepted_evidence=True)
            is None
        )


def test_overdue_is_shown_not_stored() -> None:
    assert A.OVERDUE not in rules.ACTION_STORED
    assert rules.action_shown_status("on_track", overdue=True) == A.OVERDUE
    assert rules.action_shown_status("completed", overdue=True) == A.COMPLETED
    assert rules.action_shown_status("at_risk", overdue=False) == A.AT_RISK
