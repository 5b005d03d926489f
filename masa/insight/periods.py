"""Reporting periods: financial quarters and years, as (first day, last day) pairs.

Pure: no Django imports. A quarter is named by its financial year and number
(April to June is Q1); a year runs 1 April to 31 March.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_QUARTER = re.compile(r"^(\d{4})-(\d{2})\s*Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def is_quarter(self) -> bool:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        return months == 2

    @property
    def financial_year(self) -> int:
        return self.start.year if self.start.month >= 4 else self.start.year - 1

    @property
    def quarter(self) -> int:
        return (self.start.month - 4) % 12 // 3 + 1

    @property
    def code(self) -> str:
        """ "2025-26 Q3" or "2025-26": the form used in files (comparators, templates)."""
        year = f"{self.financial_year}-{(self.financial_year + 1) % 100:02d}"
        return f"{year} Q{self.quarter}" if self.is_quarter else year

    @property
    def label(self) -> str:
        """ "Q3 2025-26 (October to December 2025)" or "2025-26 (April 2025 to March 2026)"."""
        span = (
            f"{MONTHS[self.start.month - 1]} {self.start.year}"
            if self.start.year != self.end.year
            else MONTHS[self.start.month - 1]
        )
        span = f"{span} to {MONTHS[self.end.month - 1]} {self.end.year}"
        year = f"{self.financial_year}-{(self.financial_year + 1) % 100:02d}"
        if self.is_quarter:
            return f"Q{self.quarter} {year} ({span})"
        return f"{year} ({span})"

    @property
    def short_label(self) -> str:
        """ "Q3 25-26" or "2025-26": for chart axes and table headers."""
        if self.is_quarter:
            year = self.financial_year
            return f"Q{self.quarter} {year % 100:02d}-{(year + 1) % 100:02d}"
        return self.code

    def previous(self) -> Period:
        if self.is_quarter:
            return quarter_containing(self.start - datetime.timedelta(days=1))
        return financial_year(self.financial_year - 1)


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def quarter(financial_year_start: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValueError(f"no quarter {number}")
    month = 4 + (number - 1) * 3
    year = financial_year_start + (month - 1) // 12
    month = (month - 1) % 12 + 1
    start = datetime.date(year, month, 1)
    end_month = month + 2
    return Period(start, _month_end(year, end_month))


def quarter_containing(day: datetime.date) -> Period:
    start_year = day.year if day.month >= 4 else day.year - 1
    return quarter(start_year, (day.month - 4) % 12 // 3 + 1)


def financial_year(start: int) -> Period:
    return Period(datetime.date(start, 4, 1), datetime.date(start + 1, 3, 31))


def quarters_of(start: int) -> list[Period]:
    return [quarter(start, n) for n in range(1, 5)]


def last_ended_quarter(today: datetime.date) -> Period:
    """The most recent quarter that has ended by `today`."""
    return quarter_containing(today).previous()


def quarters_back(last: Period, count: int) -> list[Period]:
    """`count` quarters ending with `last`, oldest first."""
    result = [last]
    while len(result) < count:
        result.append(result[-1].previous())
    return list(reversed(result))


def parse(code: str) -> Period:
    """ "2025-26 Q3" → that quarter; "2025-26" → that year. ValueError otherwise."""
    text = code.strip()
    match = _QUARTER.match(text)
    if match:
        start = int(match.group(1))
        if int(match.group(2)) != (start + 1) % 100:
            raise ValueError(f"not a period: {code!r}")
        return quarter(start, int(match.group(3)))
    match = _YEAR.match(text)
    if match:
        start = int(match.group(1))
        if int(match.group(2)) != (start + 1) % 100:
            raise ValueError(f"not a period: {code!r}")
        return financial_year(start)
    raise ValueError(f"not a period: {code!r} (write 2025-26 or 2025-26 Q3)")


def of(start: datetime.date, end: datetime.date) -> Period:
    return Period(start, end)
