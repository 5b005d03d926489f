"""Disclosure control for published figures: small counts hidden, and the figures that
would give them away hidden too; percentages on small bases flagged as unreliable.

Pure (the cells are `masa.core.figures.Cell`s). When figures are prepared for
publication:

* primary suppression: a count of 1 to 4 is shown as [c], and so is every figure
  built on one: a percentage whose numerator or denominator is 1 to 4, a rate per
  10,000 whose count is 1 to 4, an average over 1 to 4 cases;
* secondary suppression: in a line of figures that add up to a total that is shown
  (the quarters of a year and the year's figure; the parts of a breakdown that add
  up to 100%), a single hidden figure could be worked out by subtraction, so the
  smallest other figure in the line is hidden as well (or, when there is none, the
  total). Hiding one figure can expose another line, so the rules run until nothing
  changes.

Whether published or not, a percentage built on fewer than 10 cases is flagged
"unreliable: fewer than 10 cases": one case moves it by more than ten points.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from masa.core.figures import (
    NOT_AVAILABLE,
    SUPPRESSED,
    SUPPRESSION_NOTE,
    Cell,
    Kind,
    protect_line,
)

K = TypeVar("K", bound=Hashable)

COUNT, PERCENT, RATE, DAYS, NUMBER = "count", "percent", "rate", "days", "number"
SMALLEST_SHOWN = 5  # counts of 1 to 4 are hidden; 0 is shown
UNRELIABLE_BASE = 10
UNRELIABLE = "unreliable: fewer than 10 cases"
PARTIAL = "partial"
PARTIAL_NOTE = (
    "A figure marked “partial” is for part of its period only: the period had not ended "
    "(the year to date), or the source began during it. It is left out of direction of "
    "travel."
)
UNRELIABLE_NOTE = (
    "A percentage marked “unreliable: fewer than 10 cases” is worked out from fewer than "
    "10 cases, so one case more or less moves it by more than 10 percentage points."
)
SECONDARY_NOTE = (
    "So that a hidden figure cannot be worked out by subtracting the others from a total "
    "(the quarters from the year, or the parts of a breakdown from 100%), the next "
    "smallest figure beside it is hidden too."
)
PUBLICATION_NOTES = (SUPPRESSION_NOTE, SECONDARY_NOTE, UNRELIABLE_NOTE)


def is_small(count: int | None) -> bool:
    """A count that publication hides: 1 to 4 (0 and 5 or more are shown)."""
    return count is not None and 1 <= count < SMALLEST_SHOWN


def kind_of(unit: str) -> Kind:
    if unit == COUNT:
        return Kind.COUNT
    if unit == PERCENT:
        return Kind.PERCENT
    return Kind.RATE


def places_of(unit: str) -> int:
    """Decimal places shown: none for counts, two for other numbers (means of ratings),
    one for the rest."""
    return {COUNT: 0, NUMBER: 2}.get(unit, 1)


@dataclass(frozen=True)
class FigureCell(Cell):
    """A figure as shown: its number to the unit's places, or [c], or "not available";
    whether it is built on too few cases to rely on, and whether it is for part of its
    period only."""

    unreliable: bool = False
    places: int = 1
    partial: bool = False

    @property
    def text(self) -> str:
        if self.suppressed or self.value is None or self.kind == Kind.COUNT:
            return super().text
        figure = f"{self.value:,.{self.places}f}"
        return f"{figure}%" if self.kind == Kind.PERCENT else figure

    @property
    def csv_value(self) -> str:
        if self.suppressed or self.value is None or self.kind == Kind.COUNT:
            return super().csv_value
        return f"{self.value:.{self.places}f}"

    @property
    def flag(self) -> str:
        """The words beside a partial or unreliable figure (empty when it is neither, or
        hidden): "partial", "unreliable: fewer than 10 cases", or both."""
        words = [PARTIAL] if self.partial and self.value is not None else []
        if self.unreliable and not self.suppressed:
            words.append(UNRELIABLE)
        return "; ".join(words)

    @property
    def shown(self) -> float | None:
        """The number a chart or sparkline draws: not a partial figure (it is a gap, so a
        part period never looks like a fall), nor a hidden one."""
        return None if self.partial else super().shown


@dataclass(slots=True)
class Fact:
    """One stored figure: what it measures and the counts it is built on."""

    unit: str
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    population: int | None = None  # children in the area, for a rate without a numerator


@dataclass
class Hidden:
    """Which parts of a figure publication hides."""

    value: bool = False
    numerator: bool = False
    denominator: bool = False


@dataclass(frozen=True)
class Line(Generic[K]):
    """Figures (one `field` of each fact in `parts`) that add up to a total: the same
    field of the fact `total`, or, when `total` is None, a whole that is always known
    (the parts of a breakdown add up to 100%)."""

    parts: tuple[K, ...]
    field: str = "value"
    total: K | None = None


def base_count(fact: Fact) -> int | None:
    """The count a figure is built on, as stored or as worked back from the figure."""
    if fact.unit == COUNT:
        return None if fact.value is None else round(fact.value)
    if fact.numerator is not None:
        return fact.numerator
    if fact.value is None:
        return None
    if fact.unit == PERCENT and fact.denominator:
        return round(fact.value * fact.denominator / 100)
    if fact.unit == RATE and fact.population:
        return round(fact.value * fact.population / 10_000)
    return None


def is_unreliable(fact: Fact) -> bool:
    """A percentage whose base (denominator) is known and fewer than 10 cases."""
    return (
        fact.unit == PERCENT
        and fact.value is not None
        and fact.denominator is not None
        and 0 < fact.denominator < UNRELIABLE_BASE
    )


def primary(fact: Fact) -> Hidden:
    """What publication hides in one figure on its own."""
    if fact.unit == COUNT:
        return Hidden(value=is_small(base_count(fact)))
    hidden = Hidden(numerator=is_small(fact.numerator), denominator=is_small(fact.denominator))
    hidden.value = fact.value is not None and (
        is_small(base_count(fact)) or hidden.numerator or hidden.denominator
    )
    return hidden


def _field(fact: Fact, name: str) -> float | int | None:
    value: float | int | None = getattr(fact, name)
    return value


def suppress(facts: Mapping[K, Fact], lines: Iterable[Line[K]] = ()) -> dict[K, Hidden]:
    """What publication hides in each figure: primary suppression, then the figures
    built on hidden ones and the secondary suppression of `lines`, until nothing changes."""
    hidden = {key: primary(fact) for key, fact in facts.items()}
    usable = [
        line
        for line in lines
        if all(part in facts for part in line.parts) and (line.total is None or line.total in facts)
    ]
    changed = True
    while changed:
        changed = False
        for key, fact in facts.items():
            state = hidden[key]
            if fact.unit == COUNT or fact.value is None:
                continue
            if (state.numerator or state.denominator) and not state.value:
                state.value = changed = True
            # A hidden percentage with its numerator and denominator shown is no secret.
            if state.value and fact.numerator is not None and not state.numerator:
                state.numerator = changed = True
        for line in usable:
            if line.total is not None:
                total = facts[line.total]
                if _field(total, line.field) is None or getattr(hidden[line.total], line.field):
                    continue
            values = [_field(facts[part], line.field) for part in line.parts]
            flags = [bool(getattr(hidden[part], line.field)) for part in line.parts]
            protected = protect_line(values, flags)
            if protected == flags and sum(flags) == 1 and line.total is not None:
                # Nothing else in the line to hide: hide the total instead.
                only = flags.index(True)
                if values[only] is not None and all(
                    v is None for i, v in enumerate(values) if i != only
                ):
                    setattr(hidden[line.total], line.field, True)
                    changed = True
            for part, before, after in zip(line.parts, flags, protected, strict=True):
                if after and not before:
                    setattr(hidden[part], line.field, True)
                    changed = True
    return hidden


def figure_cell(fact: Fact, hidden: Hidden | None = None, *, partial: bool = False) -> FigureCell:
    """The figure as shown, hidden as `hidden` says (nothing hidden when None), marked
    partial when it is for part of its period."""
    return FigureCell(
        kind_of(fact.unit),
        fact.value,
        suppressed=bool(hidden and hidden.value and fact.value is not None),
        unreliable=is_unreliable(fact),
        places=places_of(fact.unit),
        partial=partial,
    )


def part_cell(count: int | None, hidden: bool) -> FigureCell:
    """A numerator or denominator as shown."""
    value = None if count is None else float(count)
    return FigureCell(Kind.COUNT, value, suppressed=hidden and count is not None, places=0)


__all__ = [
    "NOT_AVAILABLE",
    "PARTIAL",
    "PARTIAL_NOTE",
    "PUBLICATION_NOTES",
    "SUPPRESSED",
    "UNRELIABLE",
    "UNRELIABLE_NOTE",
    "Fact",
    "FigureCell",
    "Hidden",
    "Line",
    "base_count",
    "figure_cell",
    "is_small",
    "is_unreliable",
    "part_cell",
    "primary",
    "protect_line",
    "suppress",
]
