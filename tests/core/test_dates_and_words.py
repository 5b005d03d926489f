"""Dates and times as GOV.UK style writes them: 8 December 2026 (no leading zero),
1:35am (not "1:35a.m."), and a date that does not exist is "not a real date"."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from masa.core.templatetags.masa import time_of_day

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("time", "words"),
    [
        (datetime.time(1, 35), "1:35am"),
        (datetime.time(10, 0), "10am"),
        (datetime.time(17, 30), "5:30pm"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(0, 0), "midnight"),
        (datetime.time(12, 5), "12:05pm"),
    ],
)
def test_times_are_written_the_gov_uk_way(time: datetime.time, words: str) -> None:
    assert time_of_day(time) == words


def test_a_datetime_is_shown_in_local_time_and_the_default_format_has_no_dots() -> None:
    at = datetime.datetime(2026, 7, 8, 0, 35, tzinfo=datetime.UTC)  # 1:35am in London
    assert time_of_day(at) == "1:35am"
    shown = Template("{{ at }}").render(Context({"at": at}))
    assert shown == "8 July 2026, 01:35"
    assert "a.m." not in shown


def test_no_date_is_written_with_a_leading_zero() -> None:
    # "%d %B" writes 08 December; "%-d %B" (or the templates' "j F Y") writes 8 December.
    pattern = re.compile(r"%d %[bB]")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "masa").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_a_census_date_that_does_not_exist_is_not_a_real_date() -> None:
    from masa.insight.cin.parse import CensusReader, _Bad

    reader = CensusReader.__new__(CensusReader)
    reader._dates = {}
    with pytest.raises(_Bad, match=r"'2023-02-30' is not a real date"):
        reader._date("CINreferralDate", "2023-02-30")
    with pytest.raises(_Bad, match=r"'30/02/2023' is not a date written YYYY-MM-DD"):
        reader._date("CINreferralDate", "30/02/2023")


def test_a_date_fields_hint_is_a_date_of_this_year_unless_it_names_its_own() -> None:
    from django.utils import timezone

    from masa.core.forms import GovUKDateField

    due = GovUKDateField(noun="Due date")
    assert due.help_text == f"For example, 27 3 {timezone.localdate().year}"
    born = GovUKDateField(noun="Date of birth", example="27 3 2016")
    assert born.help_text == "For example, 27 3 2016"
