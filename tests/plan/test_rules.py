"""The "little or no evidence of progress" rule and what counts as an improving
indicator, as pure functions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from masa.insight.periods import financial_year, quarter
from masa.plan import rules

D = datetime.date
TODAY = D(2026, 12, 7)
STARTED = D(2025, 4, 1)


def test_a_priority_with_no_completed_action_and_no_improving_indicator_is_flagged() -> None:
    flagged = rules.little_or_no_progress(
        period_starts_on=STARTED,
        today=TODAY,
        actions_completed_in_year=0,
        indicators_improved_in_year=0,
    )
    assert flagged


def test_one_completed_action_or_one_improving_indicator_is_evidence_of_progress() -> None:
    for actions, indicators in ((1, 0), (0, 1), (3, 2)):
        assert not rules.little_or_no_progress(
            period_starts_on=STARTED,
            today=TODAY,
            actions_completed_in_year=actions,
            indicators_improved_in_year=indicators,
        )


def test_a_priority_is_not_judged_before_its_plan_has_run_a_year() -> None:
    assert not rules.little_or_no_progress(
        period_starts_on=D(2026, 4, 1),
        today=TODAY,
        actions_completed_in_year=0,
        indicators_improved_in_year=0,
    )
    assert rules.judged(D(2025, 12, 7), TODAY)
    assert not rules.judged(D(2025, 12, 8), TODAY)


def test_an_indicator_improves_against_the_same_quarter_a_year_before_by_polarity() -> None:
    latest, year_ago = quarter(2026, 2), quarter(2025, 2)  # July to September
    falling = {latest: Decimal(10), year_ago: Decimal(14), quarter(2026, 1): Decimal(8)}
    assert rules.improved_in_year(falling, polarity="lower", today=TODAY)
    assert not rules.improved_in_year(falling, polarity="higher", today=TODAY)
    assert not rules.improved_in_year(falling, polarity="neither", today=TODAY)


def test_a_figure_older_than_a_year_or_without_one_to_compare_is_no_improvement() -> None:
    old = {quarter(2024, 2): Decimal(1), quarter(2023, 2): Decimal(9)}
    assert not rules.improved_in_year(old, polarity="lower", today=TODAY)
    alone = {quarter(2026, 2): Decimal(1)}
    assert not rules.improved_in_year(alone, polarity="lower", today=TODAY)
    missing = {quarter(2026, 2): None, quarter(2025, 2): Decimal(9)}
    assert not rules.improved_in_year(missing, polarity="lower", today=TODAY)


def test_a_yearly_indicator_compares_with_the_year_before() -> None:
    years = {financial_year(2025): Decimal(60), financial_year(2024): Decimal(50)}
    # 2025-26 ended on 31 March 2026, within the year up to 7 December 2026.
    assert rules.improved_in_year(years, polarity="higher", today=TODAY)
