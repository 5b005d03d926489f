"""Ratings against tolerance, direction of travel and the change threshold (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from masa.insight.rag import (
    NOT_KNOWN,
    Judgement,
    Movement,
    Rating,
    change_beyond,
    change_percent,
    direction,
    rating,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("95"), Rating.GREEN),
        (D("90"), Rating.GREEN),  # at the green line: green
        (D("89.99"), Rating.AMBER),
        (D("80.01"), Rating.AMBER),
        (D("80"), Rating.RED),  # at the red line: red
        (D("10"), Rating.RED),
    ],
)
def test_higher_is_better_bands(value: Decimal, expected: Rating) -> None:
    assert rating(value, polarity="higher", green_from=D(90), red_from=D(80)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, Rating.GREEN),
        (10, Rating.GREEN),  # at the green line
        (10.5, Rating.AMBER),
        (19.9, Rating.AMBER),
        (20, Rating.RED),  # at the red line
        (35, Rating.RED),
    ],
)
def test_lower_is_better_bands(value: float, expected: Rating) -> None:
    assert rating(value, polarity="lower", green_from=D(10), red_from=D(20)) == expected


def test_missing_tolerance_or_value_or_direction_gives_no_rating() -> None:
    assert rating(D(50), polarity="higher", green_from=None, red_from=None) == Rating.NONE
    assert rating(None, polarity="higher", green_from=D(1), red_from=D(0)) == Rating.NONE
    assert rating(D(50), polarity="neither", green_from=D(1), red_from=D(0)) == Rating.NONE


def test_one_line_only() -> None:
    # Only a red line: anything short of it is within tolerance.
    assert rating(D(81), polarity="higher", green_from=None, red_from=D(80)) == Rating.GREEN
    assert rating(D(80), polarity="higher", green_from=None, red_from=D(80)) == Rating.RED
    # Only a green line: short of it is amber, never red.
    assert rating(D(89), polarity="higher", green_from=D(90), red_from=None) == Rating.AMBER
    assert rating(D(0), polarity="lower", green_from=D(5), red_from=None) == Rating.GREEN
    assert rating(D(50), polarity="lower", green_from=D(5), red_from=None) == Rating.AMBER


def test_crossed_lines_rate_red_first() -> None:
    # A tolerance entered the wrong way round still rates a value at the red line red.
    assert rating(D(85), polarity="higher", green_from=D(80), red_from=D(90)) == Rating.RED


def test_rating_labels_say_the_colour() -> None:
    assert [r.label for r in Rating] == ["Red", "Amber", "Green", "No rating"]
    assert Rating.AMBER.tag == "govuk-tag--orange"


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "label", "arrow"),
    [
        (12, 10, "higher", "Up, better", "▲"),
        (8, 10, "higher", "Down, worse", "▼"),
        (12, 10, "lower", "Up, worse", "▲"),
        # A falling figure where lower is better goes down (▼), and that is better.
        (8, 10, "lower", "Down, better", "▼"),
        (10, 10, "higher", "No change", "▶"),
        (D("10.0"), D("10"), "lower", "No change", "▶"),
        (12, 10, "neither", "Up", "▲"),
        (8, 10, "neither", "Down", "▼"),
        (None, 10, "higher", "Not known", ""),
        (10, None, "higher", "Not known", ""),
    ],
)
def test_direction_of_travel_says_the_way_and_separately_better_or_worse(
    current: float | None, previous: float | None, polarity: str, label: str, arrow: str
) -> None:
    travel = direction(current, previous, polarity=polarity)
    assert (travel.label, travel.arrow) == (label, arrow)


def test_direction_keeps_movement_and_judgement_apart() -> None:
    travel = direction(8, 10, polarity="lower")
    assert (travel.movement, travel.judgement) == (Movement.DOWN, Judgement.BETTER)
    assert (travel.movement.label, travel.judgement.label) == ("Down", "Better")
    assert travel.judgement.symbol == "✓"
    assert direction(12, 10, polarity="lower").judgement.symbol == "✗"
    assert direction(12, 10, polarity="neither").judgement == Judgement.NEITHER
    assert direction(None, 10, polarity="lower") == NOT_KNOWN


def test_change_percent() -> None:
    assert change_percent(120, 100) == pytest.approx(20.0)
    assert change_percent(80, 100) == pytest.approx(-20.0)
    assert change_percent(-5, -10) == pytest.approx(50.0)  # towards zero from below
    assert change_percent(0, 0) == 0.0
    assert change_percent(5, 0) is None  # no finite percentage
    assert change_percent(None, 3) is None


@pytest.mark.parametrize(
    ("current", "previous", "threshold", "beyond"),
    [
        (120, 100, 20, False),  # exactly the threshold is not beyond it
        (D("120.1"), 100, 20, True),
        (80, 100, 20, False),
        (79, 100, 20, True),  # a fall counts as much as a rise
        (100, 100, 0, False),
        (101, 100, D("0.5"), True),
        (5, 0, 20, True),  # any move away from 0
        (0, 0, 20, False),
        (None, 100, 20, False),
        (100, None, 20, False),
    ],
)
def test_change_beyond_threshold(
    current: float | None, previous: float | None, threshold: float, beyond: bool
) -> None:
    assert change_beyond(current, previous, threshold) is beyond
