"""Checking returned figures and the comparators file: pure functions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from masa.insight.validation import (
    Entry,
    Rules,
    check,
    is_not_available,
    parse_number,
)

COUNT = Rules("zq.count", "Missing episodes", "count", minimum=Decimal(0))
PERCENT = Rules(
    "zq.pct",
    "Health assessments on time",
    "percent",
    fraction=True,
    minimum=Decimal(0),
    maximum=Decimal(100),
    numerator_label="Assessments on time",
    denominator_label="Assessments due",
)
TYPED_PERCENT = Rules("zq.typed", "Attendance", "percent", minimum=Decimal(0))
DAYS = Rules("zq.days", "Average days", "days", minimum=Decimal(0), maximum=Decimal(365))


def messages(rules: Rules, entry: Entry, *, complete: bool = True) -> list[str]:
    return [problem.message for problem in check(rules, entry, complete=complete)[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", Decimal(12)),
        (" 1,234 ", Decimal(1234)),
        ("12.5", Decimal("12.5")),
        ("-3", Decimal(-3)),
        (".5", Decimal("0.5")),
        ("1 234", Decimal(1234)),
        ("12 children", None),
        ("1.2.3", None),
        ("7e3", None),
        ("12,34", None),
        ("", None),
        ("NaN", None),
    ],
)
def test_numbers_are_read_as_people_type_them(text: str, expected: Decimal | None) -> None:
    assert parse_number(text) == expected


def test_a_count_must_be_a_whole_number_of_zero_or_more() -> None:
    assert check(COUNT, Entry(value="1,204"))[0].value == Decimal(1204)  # type: ignore[union-attr]
    assert messages(COUNT, Entry(value="12.5")) == [
        "Missing episodes: the figure must be a whole number, like 12"
    ]
    assert messages(COUNT, Entry(value="-1")) == ["Missing episodes: the figure must be 0 or more"]
    assert messages(COUNT, Entry(value="lots")) == [
        "Missing episodes: the figure must be a number, like 12"
    ]


def test_a_missing_figure_is_a_problem_only_when_submitting() -> None:
    assert messages(COUNT, Entry()) == [
        "Missing episodes: enter the figure, or mark it not available and say why"
    ]
    assert messages(COUNT, Entry(), complete=False) == []
    assert messages(PERCENT, Entry(numerator="3"), complete=False) == []
    assert messages(PERCENT, Entry(numerator="3")) == [
        "Health assessments on time: enter the number of assessments due"
    ]


def test_a_percentage_typed_directly_is_0_to_100() -> None:
    assert check(TYPED_PERCENT, Entry(value="85.5%"))[0].value == Decimal("85.5")  # type: ignore[union-attr]
    assert messages(TYPED_PERCENT, Entry(value="100.1")) == [
        "Attendance: the figure must be 100 or less"
    ]
    assert messages(TYPED_PERCENT, Entry(value="-0.1")) == [
        "Attendance: the figure must be 0 or more"
    ]


def test_the_range_of_the_indicator_applies() -> None:
    assert messages(DAYS, Entry(value="366")) == ["Average days: the figure must be 365 or less"]
    assert messages(DAYS, Entry(value="12.34567")) == [
        "Average days: the figure must have 4 decimal places or fewer"
    ]
    assert check(DAYS, Entry(value="12.25"))[0].value == Decimal("12.25")  # type: ignore[union-attr]


def test_a_percentage_given_as_two_counts() -> None:
    checked, problems = check(PERCENT, Entry(numerator="17", denominator="20"))
    assert problems == []
    assert checked is not None
    assert (checked.value, checked.numerator, checked.denominator) == (Decimal("85.0000"), 17, 20)
    assert check(PERCENT, Entry(numerator="1", denominator="3"))[0].value == Decimal("33.3333")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (
            "21",
            "20",
            "Health assessments on time: the number of assessments on time (21) must not be "
            "more than the number of assessments due (20)",
        ),
        ("0", "0", "the number of assessments due must be more than 0"),
        ("2.5", "20", "the number of assessments on time must be a whole number"),
        ("3", "-20", "the number of assessments due must be 0 or more"),
        ("", "20", "enter the number of assessments on time"),
    ],
)
def test_two_counts_that_do_not_make_a_percentage(
    numerator: str, denominator: str, message: str
) -> None:
    found = messages(PERCENT, Entry(numerator=numerator, denominator=denominator))
    assert len(found) == 1
    assert message in found[0]
    assert found[0].startswith("Health assessments on time: ")


def test_not_available_needs_a_reason_and_no_figure() -> None:
    assert messages(COUNT, Entry(not_available=True)) == [
        "Missing episodes: say in the narrative why the figure is not available"
    ]
    assert messages(COUNT, Entry(value="3", not_available=True, narrative="Zq")) == [
        "Missing episodes: either give the figure or mark it not available, not both"
    ]
    checked, problems = check(COUNT, Entry(not_available=True, narrative="System change"))
    assert problems == []
    assert checked is not None
    assert (checked.value, checked.not_available, checked.narrative) == (
        None,
        True,
        "System change",
    )


def test_the_field_of_each_problem_points_at_the_box_to_correct() -> None:
    _, problems = check(PERCENT, Entry(numerator="4", denominator="0"))
    assert [p.field for p in problems] == ["denominator"]
    _, problems = check(PERCENT, Entry(numerator="x", denominator="y"))
    assert [p.field for p in problems] == ["numerator", "denominator"]
    _, problems = check(COUNT, Entry(not_available=True))
    assert [p.field for p in problems] == ["narrative"]


@pytest.mark.parametrize("text", ["N/A", "n/a", " not available ", "NA"])
def test_words_for_not_available(text: str) -> None:
    assert is_not_available(text)
    assert not is_not_available("0")
