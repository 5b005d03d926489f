"""Working-day calendar for statutory timescales.

Almost every statutory timescale in English safeguarding practice (Working Together
to Safeguard Children, the Care Act 2014 guidance, the Child Safeguarding Practice
Review Panel's expectations) is counted in *working days*: Monday to Friday, less the
England and Wales bank holidays.  Getting this wrong shows up as a case reported
"overdue" that is not, or - worse - one reported "in time" that is late, so the
arithmetic lives here, in one small pure module that is cheap to test exhaustively.

Deliberately no Django import: the module is used from models, views, management
commands and benchmarks alike, and its tests run without settings or a database.

Bank holidays come from the ``govuk_bank_holidays`` package's *bundled* copy of
https://www.gov.uk/bank-holidays.json (``use_cached_holidays=True``).  We never fetch
the live feed: a page render or a test must not depend on the network, and a
timescale must not change because GOV.UK happened to be reachable.  The bundled
data covers roughly 2012 to 2028 (see :func:`holiday_data_range`).  **Outside that
range only weekends are treated as non-working days** - bank holidays there are
not yet announced, and guessing them would be worse than a documented gap.  Keep
the pinned package up to date to extend the range.

Counting is done with closed-form arithmetic rather than day-by-day loops, because
timescales are computed for thousands of records per page or report:

* ``_weekdays_up_to`` counts Monday-Friday days from the start of the proleptic
  calendar with whole-week arithmetic;
* subtracting the number of (weekday) bank holidays up to the same date, found by
  :func:`bisect.bisect_right` over a sorted tuple, gives the working-day *rank*;
* differences of ranks answer "how many working days between", and inverting the
  rank answers "the n-th working day after".
"""

import calendar
import enum
import functools
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from govuk_bank_holidays.bank_holidays import BankHolidays

__all__ = [
    "Rule",
    "TimescaleStatus",
    "add_calendar_days",
    "add_hours",
    "add_months",
    "add_working_days",
    "due",
    "holiday_data_range",
    "is_working_day",
    "timescale_status",
    "working_days_between",
]

_SATURDAY = 5  # date.weekday(): Monday is 0, so Saturday and Sunday are 5 and 6.


# --------------------------------------------------------------------------- holidays


@functools.cache
def _holidays() -> frozenset[date]:
    """England and Wales bank holidays, loaded once per process from bundled data.

    ``use_cached_holidays=True`` makes ``BankHolidays`` read the JSON file shipped
    inside the package and never touch the network.
    """
    source = BankHolidays(use_cached_holidays=True)
    events = source.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    found: set[date] = set()
    for event in events:
        day = event["date"]
        if isinstance(day, date):
            found.add(day)
    return frozenset(found)


@functools.cache
def _weekday_holiday_ordinals() -> tuple[int, ...]:
    """Sorted ordinals of the bank holidays that fall Monday to Friday.

    Only these reduce the working-day count (a holiday on a weekend is not a second
    day off); England and Wales use substitute weekdays, so in practice this is every
    holiday, but filtering keeps the rank arithmetic honest whatever the data says.
    """
    return tuple(sorted(d.toordinal() for d in _holidays() if d.weekday() < _SATURDAY))


def holiday_data_range() -> tuple[date, date]:
    """First and last bank holiday in the bundled data.

    Beyond the last one only weekends are non-working days, so callers that project
    timescales far ahead (or reports that reach far back) can warn about it.
    """
    known = _holidays()
    return min(known), max(known)


def _as_date(d: date) -> date:
    """Strip the time from a ``datetime``.

    ``datetime`` is a subclass of ``date`` but never compares equal to one, so
    ``datetime(2025, 12, 25) in {date(2025, 12, 25)}`` is False; normalising first
    stops a datetime silently turning Christmas Day into a working day.
    """
    return d.date() if isinstance(d, datetime) else d


# ------------------------------------------------------------------- rank arithmetic


def _weekdays_up_to(ordinal: int) -> int:
    """Number of Monday-Friday days with ordinal 1..``ordinal`` (inclusive).

    Ordinal 1 (1 January of year 1) is a Monday, so every block of 7 ordinals
    starting there holds 5 weekdays, and a partial block holds ``min(rest, 5)``.
    """
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday(k: int) -> int:
    """Ordinal of the ``k``-th weekday counted from ordinal 1; inverse of the above."""
    weeks, rest = divmod(k - 1, 5)
    return 7 * weeks + rest + 1


def _rank(ordinal: int) -> int:
    """Number of working days with ordinal 1..``ordinal`` (inclusive).

    The rank only rises on working days, by exactly one, so differences of ranks count
    working days in half-open ranges and a working day is identified by its rank.
    """
    return _weekdays_up_to(ordinal) - bisect_right(_weekday_holiday_ordinals(), ordinal)


def _working_day_with_rank(target: int) -> date:
    """The unique working day whose rank is ``target``.

    It is the ``target + h``-th weekday, where ``h`` is the number of weekday
    holidays up to it.  Starting from ``h = 0`` (which gives a lower bound) and
    re-counting the holidays up to each candidate only ever moves ``h`` up towards
    the true value, so this is a fixed-point iteration that settles after a couple
    of rounds (``h`` can rise at most once per known holiday).
    """
    holidays = _weekday_holiday_ordinals()
    passed = 0
    while True:
        ordinal = _nth_weekday(target + passed)
        now_passed = bisect_right(holidays, ordinal)
        if now_passed == passed:
            return date.fromordinal(ordinal)
        passed = now_passed


# ----------------------------------------------------------------------- public API


def is_working_day(d: date) -> bool:
    """True on Monday to Friday unless it is an England and Wales bank holiday.

    A ``datetime`` is judged by its date.  Outside :func:`holiday_data_range` only
    weekends count as non-working.
    """
    day = _as_date(d)
    return day.weekday() < _SATURDAY and day not in _holidays()


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (before it, if ``n`` is negative).

    ``start`` itself never counts, whether or not it is a working day: a referral
    received on Friday 19 December 2025 with a 5 working day timescale is due on
    Tuesday 30 December 2025 (25 and 26 December are bank holidays).  ``n == 0``
    returns ``start`` unchanged, even on a weekend, because "no time at all" should
    not move a date.  For ``n < 0`` the result is the ``|n|``-th working day strictly
    before ``start``.  Any time of day on a ``datetime`` start is dropped otherwise.
    """
    if n == 0:
        return start
    ordinal = start.toordinal()
    if n > 0:
        return _working_day_with_rank(_rank(ordinal) + n)
    # The last working day strictly before ``start`` has rank ``_rank(ordinal - 1)``;
    # each further step back lowers the rank by one.
    return _working_day_with_rank(_rank(ordinal - 1) + n + 1)


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``; negative if ``b`` is earlier.

    This is the counting convention of :func:`add_working_days`, so
    ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n >= 0``.
    It is antisymmetric and additive: ``between(a, b) + between(b, c) ==
    between(a, c)``.  A ``datetime`` counts by its date.
    """
    return _rank(b.toordinal()) - _rank(a.toordinal())


def add_months(start: date, n: int) -> date:
    """``n`` calendar months after ``start``, clamped to the end of a shorter month.

    31 January plus one month is 28 February (29 in a leap year): a six-monthly
    review must not overflow into the following month.  ``n`` may be negative.
    A ``datetime`` keeps its time of day.
    """
    months = start.year * 12 + (start.month - 1) + n
    year, month0 = divmod(months, 12)
    month = month0 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def add_hours(start: datetime, n: int) -> datetime:
    """``n`` elapsed hours after ``start``.

    For a timezone-aware ``start`` the hours are real elapsed time: the sum is done
    in UTC and converted back, so "within 24 hours" across a clock change is still
    24 hours, not 23 or 25 (plain ``aware + timedelta`` is wall-clock arithmetic).
    A naive ``start`` is taken as it is.
    """
    delta = timedelta(hours=n)
    if start.tzinfo is None or start.utcoffset() is None:
        return start + delta
    return (start.astimezone(UTC) + delta).astimezone(start.tzinfo)


def add_calendar_days(start: date, n: int) -> date:
    """``n`` calendar days after ``start`` (weekends and holidays included)."""
    return start + timedelta(days=n)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A statutory timescale: one amount in exactly one unit.

    Exactly one field must be set, so a rule cannot be ambiguous ("5 working days
    and 1 month"?); amounts must be non-negative whole numbers.  ``str(rule)`` is
    plain English for display, e.g. "5 working days", "1 working day", "6 months".
    """

    working_days: int | None = None
    months: int | None = None
    hours: int | None = None
    calendar_days: int | None = None

    def __post_init__(self) -> None:
        given = [
            (name, value)
            for name, value in (
                ("working_days", self.working_days),
                ("months", self.months),
                ("hours", self.hours),
                ("calendar_days", self.calendar_days),
            )
            if value is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "A timescale rule needs exactly one of working_days, months, hours "
                f"or calendar_days; got {len(given)}."
            )
        name, value = given[0]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, not {value!r}.")
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value}.")

    def __str__(self) -> str:
        if self.working_days is not None:
            return _plural(self.working_days, "working day", "working days")
        if self.months is not None:
            return _plural(self.months, "month", "months")
        if self.hours is not None:
            return _plural(self.hours, "hour", "hours")
        assert self.calendar_days is not None  # __post_init__ guarantees one is set
        return _plural(self.calendar_days, "calendar day", "calendar days")


def due(start: date | datetime, rule: Rule) -> date | datetime:
    """When something started at ``start`` is due under ``rule``.

    Hours rules return a ``datetime`` and need one: an hours deadline from a bare
    date would invent a start time, so a plain ``date`` raises ``TypeError``.

    Working-day, month and calendar-day rules return a plain ``date`` even for a
    ``datetime`` start: such timescales end at the end of the due day (a referral at
    16:00 on Friday with "1 working day" is due by the end of Monday, not 16:00), so
    the time of day is dropped rather than carried over.
    """
    if rule.hours is not None:
        if not isinstance(start, datetime):
            raise TypeError("An hours timescale needs a datetime start, not a date.")
        return add_hours(start, rule.hours)
    day = _as_date(start)
    if rule.working_days is not None:
        return add_working_days(day, rule.working_days)
    if rule.months is not None:
        return add_months(day, rule.months)
    assert rule.calendar_days is not None  # Rule guarantees exactly one unit
    return add_calendar_days(day, rule.calendar_days)


# ------------------------------------------------------------------------- status


class TimescaleStatus(enum.StrEnum):
    """Where a timescale stands, for display as a GOV.UK tag.

    A ``StrEnum`` (a ``str``, ``enum.Enum`` subclass, as ruff's UP042 asks) so members
    compare equal to, and ``str()`` to, their values: they store in a CharField and
    drop into templates without conversion.  The values are lower-case English so they
    read well in logs and exports; use :attr:`label` for headings and
    :attr:`tag_colour` for the ``govuk-tag--*`` class.
    """

    DUE = "due"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    MET_IN_TIME = "met in time"
    MET_LATE = "met late"

    @property
    def label(self) -> str:
        """Sentence-case text for a tag or table cell, e.g. "Due soon"."""
        return self.value[:1].upper() + self.value[1:]

    @property
    def tag_colour(self) -> str:
        """Suffix of the GOV.UK tag class, e.g. ``"red"`` for ``govuk-tag--red``."""
        return _TAG_COLOURS[self]


_TAG_COLOURS: dict[TimescaleStatus, str] = {
    TimescaleStatus.DUE: "blue",
    TimescaleStatus.DUE_SOON: "yellow",
    TimescaleStatus.OVERDUE: "red",
    TimescaleStatus.MET_IN_TIME: "green",
    TimescaleStatus.MET_LATE: "orange",
}


def _is_later(a: date, b: date) -> bool:
    """``a > b``, comparing datetimes exactly and anything else by date.

    Python refuses to order a ``date`` against a ``datetime``; when one side has only
    a date, the coarser day granularity is the fair comparison (something done at any
    time on the due day is in time).
    """
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a > b
    return _as_date(a) > _as_date(b)


def timescale_status(
    *,
    due: date | datetime,
    today: date | datetime,
    completed: date | datetime | None = None,
    due_soon_working_days: int = 2,
) -> TimescaleStatus:
    """Classify a timescale for display.

    * completed on or before ``due``: MET_IN_TIME; after it: MET_LATE;
    * not completed and ``today`` is past ``due``: OVERDUE;
    * not completed and ``due`` is at most ``due_soon_working_days`` working days
      after ``today`` (counting by date, so due today is "due soon"): DUE_SOON;
    * otherwise DUE.

    Datetimes are compared exactly when both sides are datetimes, otherwise by date.
    ``today`` is a parameter, not ``date.today()``, so the result is reproducible
    in tests and consistent across a whole report.
    """
    if due_soon_working_days < 0:
        raise ValueError("due_soon_working_days must not be negative.")
    if completed is not None:
        if _is_later(completed, due):
            return TimescaleStatus.MET_LATE
        return TimescaleStatus.MET_IN_TIME
    if _is_later(today, due):
        return TimescaleStatus.OVERDUE
    if working_days_between(_as_date(today), _as_date(due)) <= due_soon_working_days:
        return TimescaleStatus.DUE_SOON
    return TimescaleStatus.DUE
