"""Tests for masa.core.clocks: the working-day calendar behind statutory timescales.

Pure functions, so no Django settings and no database.  Worked examples pin the
dates practitioners will check by hand (Christmas, Easter, May Day); Hypothesis
properties, including a comparison with a naive day-by-day reference built straight
on the ``govuk_bank_holidays`` package, check the fast rank arithmetic.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from govuk_bank_holidays.bank_holidays import BankHolidays
from hypothesis import given, settings
from hypothesis import strategies as st

from masa.core import clocks
from masa.core.clocks import (
    Rule,
    TimescaleStatus,
    add_calendar_days,
    add_hours,
    add_months,
    add_working_days,
    due,
    holiday_data_range,
    is_working_day,
    timescale_status,
    working_days_between,
)

# ------------------------------------------------------------------ reference model

_REFERENCE = BankHolidays(use_cached_holidays=True)
_ONE_DAY = timedelta(days=1)


def reference_is_working_day(d: date) -> bool:
    return bool(_REFERENCE.is_work_day(d, division=BankHolidays.ENGLAND_AND_WALES))


def reference_add_working_days(start: date, n: int) -> date:
    """Step one day at a time; obviously right, too slow for production."""
    if n == 0:
        return start
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    current, remaining = start, abs(n)
    while remaining:
        current += step
        if reference_is_working_day(current):
            remaining -= 1
    return current


def reference_working_days_between(a: date, b: date) -> int:
    if b < a:
        return -reference_working_days_between(b, a)
    count, current = 0, a
    while current < b:
        current += _ONE_DAY
        count += reference_is_working_day(current)
    return count


# ------------------------------------------------------------------------ holidays


def test_holidays_load_from_bundled_data_without_network(monkeypatch):
    import requests

    def no_network(*args, **kwargs):
        raise AssertionError("clocks must never fetch bank holidays from GOV.UK")

    monkeypatch.setattr(requests, "get", no_network)
    clocks._holidays.cache_clear()
    clocks._weekday_holiday_ordinals.cache_clear()
    try:
        assert not is_working_day(date(2025, 12, 25))
    finally:
        clocks._holidays.cache_clear()
        clocks._weekday_holiday_ordinals.cache_clear()


def test_holiday_set_is_a_cached_frozenset_of_dates():
    holidays = clocks._holidays()
    assert isinstance(holidays, frozenset)
    assert all(type(d) is date for d in holidays)
    assert clocks._holidays() is holidays


def test_holiday_data_range_covers_the_years_we_test():
    first, last = holiday_data_range()
    assert first <= date(2013, 1, 1)
    assert last >= date(2027, 12, 28)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 12, 25),  # Christmas Day
        date(2025, 12, 26),  # Boxing Day
        date(2026, 1, 1),  # New Year's Day
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # Early May bank holiday
        date(2026, 5, 25),  # Spring bank holiday
        date(2026, 8, 31),  # Summer bank holiday
        date(2026, 12, 25),  # Christmas Day (Friday)
        date(2026, 12, 28),  # Substitute for Boxing Day (Saturday)
        date(2026, 12, 26),  # Boxing Day itself, a Saturday
        date(2026, 4, 4),  # Saturday
        date(2026, 4, 5),  # Sunday
    ],
)
def test_non_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 12, 24),  # Christmas Eve is not a bank holiday
        date(2025, 12, 29),
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 7),
        date(2026, 12, 29),
    ],
)
def test_working_days(day):
    assert is_working_day(day)


def test_a_datetime_is_judged_by_its_date():
    # datetime never equals date, so a naive set lookup would call Christmas working.
    assert not is_working_day(datetime(2025, 12, 25, 9, 30))
    assert is_working_day(datetime(2025, 12, 24, 9, 30))


def test_beyond_the_bundled_data_only_weekends_are_non_working():
    # Documented limitation: 25 December 2031 (a Thursday) is after the bundled data,
    # so it counts as a working day until the package is updated.
    assert holiday_data_range()[1] < date(2031, 1, 1)
    assert is_working_day(date(2031, 12, 25))
    assert not is_working_day(date(2031, 12, 27))  # Saturday
    assert add_working_days(date(2031, 12, 24), 1) == date(2031, 12, 25)


# --------------------------------------------------------------- add_working_days


def test_worked_example_christmas_2025():
    # Friday 19 December 2025 + 5 working days: 22, 23, 24, (25, 26 holidays),
    # (27, 28 weekend), 29, 30.
    assert add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)
    assert working_days_between(date(2025, 12, 19), date(2025, 12, 30)) == 5


def test_christmas_2026_with_substitute_boxing_day():
    # 25 Dec 2026 is a Friday, Boxing Day a Saturday, substitute Monday 28 December.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1


def test_easter_2026():
    # Good Friday 3 April, Easter Monday 6 April 2026.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 3, 30), 5) == date(2026, 4, 8)
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1


def test_early_may_bank_holiday_2026():
    # Friday 1 May + 1 skips the weekend and Monday 4 May.
    assert add_working_days(date(2026, 5, 1), 1) == date(2026, 5, 5)


def test_ordinary_week():
    assert add_working_days(date(2026, 3, 2), 4) == date(2026, 3, 6)  # Mon -> Fri
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri -> Mon
    assert add_working_days(date(2026, 3, 2), 10) == date(2026, 3, 16)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 3, 7), date(2026, 3, 9)),  # Saturday -> Monday
        (date(2026, 3, 8), date(2026, 3, 9)),  # Sunday -> Monday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday -> Tuesday
        (date(2026, 4, 4), date(2026, 4, 7)),  # Easter Saturday -> Tuesday
    ],
)
def test_start_on_a_non_working_day_counts_from_the_next_working_day(start, expected):
    assert add_working_days(start, 1) == expected


def test_zero_returns_start_unchanged_even_on_a_non_working_day():
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)  # Saturday
    assert add_working_days(date(2025, 12, 25), 0) == date(2025, 12, 25)
    assert add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)


def test_negative_counts_backwards():
    assert add_working_days(date(2025, 12, 30), -5) == date(2025, 12, 19)
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2026, 3, 9), -1) == date(2026, 3, 6)  # Mon -> Fri
    # From a non-working day, the first step back is the last working day before it.
    assert add_working_days(date(2026, 3, 7), -1) == date(2026, 3, 6)  # Sat -> Fri
    assert add_working_days(date(2026, 4, 6), -1) == date(2026, 4, 2)  # Easter Mon


def test_large_n_matches_reference():
    start = date(2013, 1, 1)
    assert add_working_days(start, 3000) == reference_add_working_days(start, 3000)
    end = date(2028, 12, 31)
    assert add_working_days(end, -3000) == reference_add_working_days(end, -3000)


# ----------------------------------------------------------- working_days_between


def test_working_days_between_basics():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 3)) == 1
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0  # Fri -> Sun
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert working_days_between(date(2025, 12, 30), date(2025, 12, 19)) == -5


# ------------------------------------------------------------- other arithmetic


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # divisible by 400: leap
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # divisible by 100: not leap
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 3, 15), 6, date(2026, 9, 15)),
        (date(2026, 10, 31), 6, date(2027, 4, 30)),  # crosses the year
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_add_months(start, n, expected):
    assert add_months(start, n) == expected


def test_add_months_keeps_a_datetimes_time():
    assert add_months(datetime(2026, 1, 31, 14, 5), 1) == datetime(2026, 2, 28, 14, 5)


def test_add_calendar_days():
    assert add_calendar_days(date(2025, 12, 19), 14) == date(2026, 1, 2)
    assert add_calendar_days(date(2026, 3, 1), -1) == date(2026, 2, 28)


def test_add_hours_naive():
    assert add_hours(datetime(2026, 3, 6, 16, 0), 24) == datetime(2026, 3, 7, 16, 0)


def test_add_hours_is_elapsed_time_across_a_clock_change():
    london = ZoneInfo("Europe/London")
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
    start = datetime(2026, 3, 28, 12, 0, tzinfo=london)
    result = add_hours(start, 24)
    assert result == datetime(2026, 3, 29, 13, 0, tzinfo=london)
    # Same-zone subtraction is wall-clock too, so measure the elapsed time in UTC.
    assert result.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=24)
    assert result.tzinfo is london
    assert add_hours(datetime(2026, 1, 1, tzinfo=UTC), 1) == datetime(2026, 1, 1, 1, tzinfo=UTC)


# -------------------------------------------------------------------------- Rule


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (Rule(working_days=5), "5 working days"),
        (Rule(working_days=1), "1 working day"),
        (Rule(working_days=0), "0 working days"),
        (Rule(months=6), "6 months"),
        (Rule(months=1), "1 month"),
        (Rule(hours=24), "24 hours"),
        (Rule(hours=1), "1 hour"),
        (Rule(calendar_days=28), "28 calendar days"),
        (Rule(calendar_days=1), "1 calendar day"),
    ],
)
def test_rule_str(rule, text):
    assert str(rule) == text


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"working_days": 5, "months": 1},
        {"hours": 24, "calendar_days": 1},
        {"working_days": 1, "months": 1, "hours": 1, "calendar_days": 1},
        {"working_days": -1},
        {"months": True},
        {"hours": 1.5},
    ],
)
def test_rule_validation(kwargs):
    with pytest.raises(ValueError, match=r"."):
        Rule(**kwargs)


def test_rule_is_frozen_and_hashable():
    rule = Rule(working_days=5)
    with pytest.raises(AttributeError):
        rule.working_days = 6  # type: ignore[misc]
    assert {rule, Rule(working_days=5)} == {rule}


# ------------------------------------------------------------------------ due()


def test_due_for_each_unit():
    assert due(date(2025, 12, 19), Rule(working_days=5)) == date(2025, 12, 30)
    assert due(date(2026, 1, 31), Rule(months=1)) == date(2026, 2, 28)
    assert due(date(2025, 12, 19), Rule(calendar_days=14)) == date(2026, 1, 2)
    start = datetime(2026, 3, 6, 16, 0)
    assert due(start, Rule(hours=24)) == datetime(2026, 3, 7, 16, 0)


def test_due_day_rules_drop_the_time_of_day():
    # A referral at 16:00 on Friday with one working day is due by the end of Monday.
    result = due(datetime(2026, 3, 6, 16, 0), Rule(working_days=1))
    assert type(result) is date
    assert result == date(2026, 3, 9)
    assert due(datetime(2026, 1, 31, 9, 0), Rule(months=1)) == date(2026, 2, 28)
    assert due(datetime(2025, 12, 25, 9, 0), Rule(working_days=0)) == date(2025, 12, 25)


def test_due_hours_needs_a_datetime():
    with pytest.raises(TypeError):
        due(date(2026, 3, 6), Rule(hours=24))


# ----------------------------------------------------------------------- status


def test_status_values_labels_and_colours():
    assert [(s.value, s.label, s.tag_colour) for s in TimescaleStatus] == [
        ("due", "Due", "blue"),
        ("due soon", "Due soon", "yellow"),
        ("overdue", "Overdue", "red"),
        ("met in time", "Met in time", "green"),
        ("met late", "Met late", "orange"),
    ]
    assert isinstance(TimescaleStatus.DUE, str)
    assert TimescaleStatus("overdue") is TimescaleStatus.OVERDUE
    assert str(TimescaleStatus.MET_LATE) == "met late"


DUE = date(2026, 3, 11)  # Wednesday


@pytest.mark.parametrize(
    ("today", "completed", "expected"),
    [
        (date(2026, 3, 20), date(2026, 3, 10), TimescaleStatus.MET_IN_TIME),
        (date(2026, 3, 20), DUE, TimescaleStatus.MET_IN_TIME),  # on the day
        (date(2026, 3, 20), date(2026, 3, 12), TimescaleStatus.MET_LATE),
        (date(2026, 3, 1), date(2026, 3, 12), TimescaleStatus.MET_LATE),  # today ignored
        (date(2026, 3, 12), None, TimescaleStatus.OVERDUE),
        (DUE, None, TimescaleStatus.DUE_SOON),  # due today
        (date(2026, 3, 9), None, TimescaleStatus.DUE_SOON),  # Monday: 2 working days
        (date(2026, 3, 6), None, TimescaleStatus.DUE),  # Friday: 3 working days
        (date(2026, 3, 7), None, TimescaleStatus.DUE),  # Saturday: still 3 working days
        (date(2026, 3, 10), None, TimescaleStatus.DUE_SOON),  # Tuesday: 1 working day
        (date(2026, 2, 1), None, TimescaleStatus.DUE),
    ],
)
def test_status_branches_with_dates(today, completed, expected):
    assert timescale_status(due=DUE, today=today, completed=completed) == expected


def test_due_soon_counts_working_days_over_holidays():
    # Due Tuesday 7 April 2026; Thursday 2 April is only 1 working day before it.
    assert (
        timescale_status(due=date(2026, 4, 7), today=date(2026, 4, 2), due_soon_working_days=1)
        == TimescaleStatus.DUE_SOON
    )
    assert (
        timescale_status(due=date(2026, 4, 7), today=date(2026, 4, 1), due_soon_working_days=1)
        == TimescaleStatus.DUE
    )


def test_due_soon_window_zero_means_only_today():
    def status(today):
        return timescale_status(due=DUE, today=today, due_soon_working_days=0)

    assert status(DUE) == TimescaleStatus.DUE_SOON
    assert status(date(2026, 3, 10)) == TimescaleStatus.DUE


def test_negative_due_soon_window_rejected():
    with pytest.raises(ValueError, match="negative"):
        timescale_status(due=DUE, today=DUE, due_soon_working_days=-1)


def test_status_with_datetimes_compares_exactly():
    deadline = datetime(2026, 3, 11, 17, 0)
    assert timescale_status(due=deadline, today=datetime(2026, 3, 11, 16, 59)) == (
        TimescaleStatus.DUE_SOON
    )
    assert timescale_status(due=deadline, today=datetime(2026, 3, 11, 17, 1)) == (
        TimescaleStatus.OVERDUE
    )
    assert timescale_status(due=deadline, today=datetime(2026, 3, 5, 9, 0)) == (TimescaleStatus.DUE)
    late = timescale_status(due=deadline, today=deadline, completed=datetime(2026, 3, 11, 17, 0, 1))
    assert late == TimescaleStatus.MET_LATE
    on_time = timescale_status(due=deadline, today=deadline, completed=deadline)
    assert on_time == TimescaleStatus.MET_IN_TIME


def test_status_mixing_dates_and_datetimes_compares_by_date():
    # A deadline day is met by anything done during that day.
    assert (
        timescale_status(due=DUE, today=DUE, completed=datetime(2026, 3, 11, 23, 59))
        == TimescaleStatus.MET_IN_TIME
    )
    assert timescale_status(due=DUE, today=datetime(2026, 3, 11, 23, 0)) == TimescaleStatus.DUE_SOON
    assert timescale_status(due=DUE, today=datetime(2026, 3, 12, 0, 1)) == TimescaleStatus.OVERDUE


# --------------------------------------------------------------------- properties

dates = st.dates(min_value=date(2013, 1, 1), max_value=date(2027, 12, 31))
counts = st.integers(min_value=0, max_value=400)
positive_counts = st.integers(min_value=1, max_value=400)
PROPERTY = settings(max_examples=200, deadline=None, database=None)


@PROPERTY
@given(start=dates, n=positive_counts)
def test_result_is_a_later_working_day(start, n):
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)


@PROPERTY
@given(start=dates, n=counts)
def test_round_trip_with_working_days_between(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@PROPERTY
@given(start=dates, n=counts)
def test_monotonic_in_n(start, n):
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@PROPERTY
@given(a=dates, b=dates)
def test_between_is_antisymmetric(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)


@PROPERTY
@given(a=dates, b=dates, c=dates)
def test_between_is_additive(a, b, c):
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


@PROPERTY
@given(start=dates, n=positive_counts)
def test_backwards_undoes_forwards_from_a_working_day(start, n):
    if is_working_day(start):
        assert add_working_days(add_working_days(start, n), -n) == start
    result = add_working_days(start, -n)
    assert result < start
    assert is_working_day(result)


@PROPERTY
@given(start=dates, n=st.integers(min_value=-400, max_value=400))
def test_add_working_days_matches_naive_reference(start, n):
    assert add_working_days(start, n) == reference_add_working_days(start, n)


@settings(max_examples=100, deadline=None, database=None)
@given(a=dates, days=st.integers(min_value=-120, max_value=120))
def test_working_days_between_matches_naive_reference(a, days):
    b = a + timedelta(days=days)
    assert working_days_between(a, b) == reference_working_days_between(a, b)


@PROPERTY
@given(day=st.dates(min_value=date(2012, 1, 1), max_value=date(2029, 12, 31)))
def test_is_working_day_matches_package(day):
    assert is_working_day(day) == reference_is_working_day(day)
