"""The rules of groups and meetings as pure functions: who counts towards a quorum,
who chairs when a chair rotates, and attendance rates. No database here."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass


def months_between(start: datetime.date, day: datetime.date) -> int:
    """Whole months from `start` to `day` (0 in start's month before its day comes)."""
    months = (day.year - start.year) * 12 + (day.month - start.month)
    if day.day < start.day:
        months -= 1
    return months


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved on by `months`, kept to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


@dataclass(frozen=True)
class Turn:
    """Whose turn it is to chair, from when to when."""

    position: int  # index into the rotation's turns
    starts_on: datetime.date
    ends_on: datetime.date  # the day the next turn starts


def turn_on(
    starts_on: datetime.date, every_months: int, turns: int, day: datetime.date
) -> Turn | None:
    """The turn of a rotation (`turns` partners taking `every_months` each, from
    `starts_on`) on `day`; None before the rotation starts or with no turns."""
    if turns <= 0 or every_months <= 0 or day < starts_on:
        return None
    periods = months_between(starts_on, day) // every_months
    begins = add_months(starts_on, periods * every_months)
    return Turn(periods % turns, begins, add_months(starts_on, (periods + 1) * every_months))


@dataclass(frozen=True)
class Seat:
    """One member's place at a meeting, as the quorum counts it."""

    voting: bool
    status: str  # an AttendanceStatus value
    deputy_authorised: bool = False  # the deputy sent had confirmed delegated authority


def counts_towards_quorum(seat: Seat) -> bool:
    """A voting member present counts; a deputy counts only with confirmed delegated
    authority (seed 004 §3.3-3.4); apologies and absences do not."""
    if not seat.voting:
        return False
    if seat.status == "present":
        return True
    return seat.status == "deputy" and seat.deputy_authorised


def is_quorate(seats: Sequence[Seat], quorum: int) -> bool:
    return sum(1 for seat in seats if counts_towards_quorum(seat)) >= quorum


def attended(status: str) -> bool:
    """Present in person or through a named deputy: the agency was at the table."""
    return status in ("present", "deputy")


def rate(attended_count: int, expected: int) -> float | None:
    """Attendance as a percentage to one decimal place; None when nobody was expected."""
    if expected <= 0:
        return None
    return round(100 * attended_count / expected, 1)
