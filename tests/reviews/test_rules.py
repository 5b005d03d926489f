"""The pure rules: the Care Act s44 test and every status transition pair."""

from __future__ import annotations

import itertools

import pytest

from masa.reviews import rules
from masa.reviews.rules import ActionStatus as A
from masa.reviews.rules import ReviewStatus as R

ALL_TRUE = {key: True for key in rules.MANDATORY_CRITERIA}


@pytest.mark.parametrize("missing", rules.MANDATORY_CRITERIA)
def test_mandatory_sar_needs_all_four_conditions(missing: str) -> None:
    answers = {**ALL_TRUE, missing: False}
    assert not rules.sar_is_mandatory(answers)
    assert rules.sar_decision_refusal(answers, "mandatory") is not None
    assert rules.sar_is_mandatory(ALL_TRUE)
    assert rules.sar_decision_refusal(ALL_TRUE, "mandatory") is None


def test_when_all_four_hold_the_review_cannot_be_refused_or_called_discretionary() -> None:
    assert rules.sar_decision_refusal(ALL_TRUE, "no_sar") is not None
    assert rules.sar_decision_refusal({**ALL_TRUE, "discretionary_s44_4": True}, "discretionary")


def test_discretionary_sar_needs_the_s44_4_box() -> None:
    answers = {"care_and_support_needs": True}
    assert rules.sar_decision_refusal(answers, "discretionary") is not None
    assert (
        rules.sar_decision_refusal({**answers, "discretionary_s44_4": True}, "discretionary")
        is None
    )
    assert rules.sar_decision_refusal(answers, "no_sar") is None


def test_unknown_criteria_and_decisions_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        rules.clean_criteria({"made_up": True})
    assert rules.sar_decision_refusal(ALL_TRUE, "maybe") == "Choose a decision"
    assert rules.clean_criteria({}) == {key: False for key in rules.SAR_CRITERIA}


REVIEW_ALLOWED = {
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


@pytest.mark.parametrize(("old", "new"), list(itertools.product(R, R)))
def test_every_review_pair(old: R, new: R) -> None:
    assert rules.review_can_move(old, new) == ((old, new) in REVIEW_ALLOWED)


def test_no_review_skips_sign_off_or_the_draft() -> None:
    assert not rules.review_can_move(R.IN_PROGRESS, R.PUBLISHED)
    assert not rules.review_can_move(R.IN_PROGRESS, R.SIGNED_OFF)
    assert not rules.review_can_move(R.DRAFT_RECEIVED, R.PUBLISHED)
    assert not rules.review_can_move(R.COMMISSIONED, R.DRAFT_RECEIVED)


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
