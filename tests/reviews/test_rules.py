"""The pure rules: the Care Act s44 test and every review status transition pair (the
actions' are in tests/actions/test_rules.py)."""

from __future__ import annotations

import itertools

import pytest

from masa.reviews import rules
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
