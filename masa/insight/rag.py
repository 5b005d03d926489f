"""Ratings against tolerance (red, amber, green), direction of travel and change alerts.

Pure: no Django imports. Polarity says which way is better ("higher", "lower") or
that neither is ("neither"); an indicator's tolerance is two thresholds:

* `green_from`: green at or beyond it in the better direction;
* `red_from`: red at or beyond it in the worse direction; between the two, amber.

An indicator with neither threshold, or whose polarity is "neither", has no rating.
With only a red line, anything short of it is green (within tolerance); with only a
green line, anything short of it is amber (no red line has been drawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

Number = Decimal | float | int

HIGHER = "higher"
LOWER = "lower"
NEITHER = "neither"


class Rating(StrEnum):
    """The same values as `models.Rag`, so ratings and stored choices agree."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            Rating.RED: "Red",
            Rating.AMBER: "Amber",
            Rating.GREEN: "Green",
            Rating.NONE: "No rating",
        }[self]

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour modifier (the tag's text says the rating too)."""
        return {
            Rating.RED: "govuk-tag--red",
            Rating.AMBER: "govuk-tag--orange",
            Rating.GREEN: "govuk-tag--green",
            Rating.NONE: "govuk-tag--grey",
        }[self]


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def at_or_better(value: Number, threshold: Number, polarity: str) -> bool:
    """Whether `value` is at `threshold` or beyond it in the better direction."""
    if polarity == HIGHER:
        return _decimal(value) >= _decimal(threshold)
    return _decimal(value) <= _decimal(threshold)


def at_or_worse(value: Number, threshold: Number, polarity: str) -> bool:
    """Whether `value` is at `threshold` or beyond it in the worse direction."""
    if polarity == HIGHER:
        return _decimal(value) <= _decimal(threshold)
    return _decimal(value) >= _decimal(threshold)


def rating(
    value: Number | None,
    *,
    polarity: str,
    green_from: Number | None,
    red_from: Number | None,
) -> Rating:
    """Red, amber or green for `value` against the tolerance; NONE when there is no value,
    no tolerance, or no better direction. Red is decided first, so a tolerance whose lines
    cross still rates a value at the red line red."""
    if value is None or polarity not in (HIGHER, LOWER):
        return Rating.NONE
    if green_from is None and red_from is None:
        return Rating.NONE
    if red_from is not None and at_or_worse(value, red_from, polarity):
        return Rating.RED
    if green_from is None:
        return Rating.GREEN
    if at_or_better(value, green_from, polarity):
        return Rating.GREEN
    return Rating.AMBER


class Movement(StrEnum):
    """Which way a figure went since the period before, whatever that means."""

    UP = "up"
    DOWN = "down"
    NO_CHANGE = "no_change"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return {
            Movement.UP: "Up",
            Movement.DOWN: "Down",
            Movement.NO_CHANGE: "No change",
            Movement.NOT_KNOWN: "Not known",
        }[self]

    @property
    def arrow(self) -> str:
        """A decorative arrow beside the words (hidden from screen readers)."""
        return {
            Movement.UP: "▲",
            Movement.DOWN: "▼",
            Movement.NO_CHANGE: "▶",
            Movement.NOT_KNOWN: "",
        }[self]


class Judgement(StrEnum):
    """Whether that movement is better or worse, by the indicator's polarity."""

    BETTER = "better"
    WORSE = "worse"
    NEITHER = "neither"  # no change, or neither direction is better
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return {
            Judgement.BETTER: "Better",
            Judgement.WORSE: "Worse",
            Judgement.NEITHER: "Neither better nor worse",
            Judgement.NOT_KNOWN: "Not known",
        }[self]

    @property
    def symbol(self) -> str:
        """A decorative mark beside the words (hidden from screen readers)."""
        return {Judgement.BETTER: "✓", Judgement.WORSE: "✗"}.get(self, "")

    @property
    def tag(self) -> str:
        return {
            Judgement.BETTER: "govuk-tag--green",
            Judgement.WORSE: "govuk-tag--red",
        }.get(self, "govuk-tag--grey")


@dataclass(frozen=True)
class Direction:
    """Direction of travel: the way the figure moved, and, separately, whether that is
    better or worse (a falling figure where lower is better is "Down", "Better")."""

    movement: Movement
    judgement: Judgement

    @property
    def label(self) -> str:
        """ "Down, better", "Up, worse", "Up", "No change" or "Not known"."""
        if self.judgement in (Judgement.BETTER, Judgement.WORSE):
            return f"{self.movement.label}, {self.judgement.label.lower()}"
        return self.movement.label

    @property
    def arrow(self) -> str:
        return self.movement.arrow


NOT_KNOWN = Direction(Movement.NOT_KNOWN, Judgement.NOT_KNOWN)


def direction(current: Number | None, previous: Number | None, *, polarity: str) -> Direction:
    """How `current` moved from `previous`, and whether that is better by polarity."""
    if current is None or previous is None:
        return NOT_KNOWN
    now, before = _decimal(current), _decimal(previous)
    if now == before:
        return Direction(Movement.NO_CHANGE, Judgement.NEITHER)
    rose = now > before
    movement = Movement.UP if rose else Movement.DOWN
    if polarity not in (HIGHER, LOWER):
        return Direction(movement, Judgement.NEITHER)
    better = rose == (polarity == HIGHER)
    return Direction(movement, Judgement.BETTER if better else Judgement.WORSE)


def change_percent(current: Number | None, previous: Number | None) -> float | None:
    """The change from `previous` to `current` as a percentage of `previous`; None when
    either is missing, or `previous` is 0 and `current` is not (no finite percentage)."""
    if current is None or previous is None:
        return None
    now, before = float(current), float(previous)
    if before == 0:
        return 0.0 if now == 0 else None
    return 100 * (now - before) / abs(before)


def change_beyond(current: Number | None, previous: Number | None, threshold: Number) -> bool:
    """Whether the value moved more than `threshold` % from the previous period. Any move
    away from 0 counts (it has no finite percentage); exactly the threshold does not."""
    if current is None or previous is None:
        return False
    if float(previous) == 0:
        return float(current) != 0
    change = change_percent(current, previous)
    return change is not None and abs(change) > float(threshold)
