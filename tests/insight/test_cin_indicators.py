"""The Children in Need census figures, on small hand-made census files whose answers
were worked out by hand (the arithmetic is in the comments).

Working days count the days after the start up to and including the end, Monday to
Friday, less bank holidays (masa.core.clocks.working_days_between). Rates here use a
child population of 12,000, so a rate is count x 10,000 / 12,000 = count / 1.2.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masa.core.models import ChildPopulation, Partnership
from masa.insight.cin import indicators
from masa.insight.cin.importer import census_import
from masa.insight.cin.indicators import (
    CODES,
    FACTORS,
    Assessment,
    Child,
    Episode,
    ProtectionPlan,
    percent,
    rate,
)
from masa.insight.cin.parse import CensusReader, Problem
from masa.insight.models import Function, Indicator, Measurement, Source, Unit
from masa.insight.periods import Period, financial_year, quarter
from tests.insight import factories

FILES = Path(__file__).parent / "cin_files"
POPULATION = 12_000


def rows(name: str) -> list[Child]:
    with (FILES / name).open("rb") as source:
        read = list(CensusReader(source))
    assert not [item for item in read if isinstance(item, Problem)]
    return [item for item in read if isinstance(item, Child)]


def values(name: str, period: Period) -> dict[str, object]:
    figures = indicators.compute(rows(name), period, population=POPULATION)
    return {code: figure.value for code, figure in figures.items()}


# The census year 2024 is 1 April 2023 to 31 March 2024 (census_2024.xml).
YEAR_2024: dict[str, object] = {
    # Referrals dated in the year: A001, A002 (8 Jan 2024), A003 (10 Nov), A004 (1 Dec),
    # A005 (10 May; its referral on 1 April 2024 is the day after the year), A006 (1 Jun),
    # A007 (15 Sep 2023, not the 2022 one), A008 (15 Sep 2023), A009 (29 Feb 2024),
    # A011 (1 Mar), A012 (2 May), A014 (3 Apr and 2 Oct), A015 (14 Aug) = 14.
    # A010's two referrals are both from the year before.
    "cin.referrals": 14,
    "cin.referrals_per_10k": 11.7,  # 14 / 1.2 = 11.666... -> 11.7
    # Re-referred within 12 months: A007 (15 Sep 2023; 12 months earlier is 15 Sep 2022,
    # the date of its earlier referral: "on or after" counts it), A009 (29 Feb 2024; 12
    # calendar months earlier is 28 Feb 2023, the earlier referral), A014's second (2 Oct
    # 2023, after 3 Apr 2023). Not A008 (its earlier referral, 14 Sep 2022, is a day too
    # early). 3 of 14 = 21.428...% -> 21.4
    "cin.rereferrals_12m_pct": 21.4,
    # No further action: A005, A006 (written 1), A014's first, A015 = 4 of 14 = 28.571 -> 28.6
    "cin.referrals_nfa_pct": 28.6,
    # Authorised in the year: A001 (11 Mar 2024), A002 (12 Mar 2024), A003 (17 Jan
    # 2024), A012 (6 Jul 2023) = 4; A010's (20 Dec 2022) was the year before.
    "cin.assessments_completed": 4,
    # From the referral date, working days after it up to the authorisation:
    # A001: 8 Jan -> 11 Mar 2024: Jan 9-12 (4), 15-19 (9), 22-26 (14), 29 Jan-2 Feb (19),
    #   Feb 5-9 (24), 12-16 (29), 19-23 (34), 26 Feb-1 Mar with 29 Feb (39), Mar 4-8
    #   (44), 11 Mar (45): within 45.
    # A002: the same referral, 12 Mar = 46: late (a count that forgot 29 February
    #   would make it 45).
    # A003: 10 Nov 2023 -> 17 Jan 2024: Nov 13-17 (5), 20-24 (10), 27 Nov-1 Dec (15),
    #   Dec 4-8 (20), 11-15 (25), 18-22 (30), 27-29 (33; 25 and 26 Dec are bank
    #   holidays), Jan 2-5 (37; 1 Jan is one), 8-12 (42), 15, 16, 17 (45): within.
    # A012: 2 May 2023 -> 6 Jul 2023: May 3-5 (3), 9-12 (7; 8 May, the coronation, is a
    #   bank holiday), 15-19 (12), 22-26 (17), 30 May-2 Jun (21; 29 May is one), Jun
    #   5-9 (26), 12-16 (31), 19-23 (36), 26-30 (41), Jul 3-6 (45): within.
    # 3 of 4 = 75.0
    "cin.assessments_within_45wd_pct": 75.0,
    # Section 47 enquiries started in the year: A003 and A004 (15 Dec), A007 (20 Sep),
    # A008 (18 Sep), A011 (11 Mar), A012 (5 Jun) = 6; A010's was 1 Dec 2022.
    "cin.s47_started": 6,
    "cin.s47_per_10k": 5.0,  # 6 / 1.2
    # Initial conferences (Section47 DateOfInitialCPC) in the year: A003 (10 Jan 2024),
    # A004 (11 Jan), A007 (12 Oct 2023), A011 (28 Mar 2024), A012 (19 Jun 2023) = 5.
    "cin.icpc_held": 5,
    # From S47ActualStartDate:
    # A003: 15 Dec 2023 -> 10 Jan 2024: Dec 18-22 (5), 27-29 (8), Jan 2-5 (12), 8, 9,
    #   10 (15): within 15.
    # A004: 15 Dec -> 11 Jan = 16: late.
    # A007: 20 Sep -> 12 Oct 2023: Sep 21-22 (2), 25-29 (7), Oct 2-6 (12), 9-12 (16): late.
    # A011: 11 Mar -> 28 Mar 2024: Mar 12-15 (4), 18-22 (9), 25-28 (13): within.
    # A012: 5 Jun -> 19 Jun 2023: Jun 6-9 (4), 12-16 (9), 19 (10): within.
    # 3 of 5 = 60.0
    "cin.icpc_within_15wd_pct": 60.0,
    # Plans started in the year: A003 (10 Jan 2024, NEG, 1 before), A004 (11 Jan, PHY,
    # 0), A011 (31 Mar 2024, SAB, 2 before), A012 (20 Jun 2023, MUL, 0) = 4; A010's
    # started 10 Jan 2023.
    "cin.cpp_started": 4,
    "cin.cpp_started_per_10k": 3.3,  # 4 / 1.2 = 3.333...
    "cin.cpp_second_or_subsequent_pct": 50.0,  # A003 and A011: 2 of 4
    "cin.cpp_ended": 1,  # A004 on 31 Mar 2024 (A012's ends 2 Apr 2024, after the year)
    "cin.cpp_initial_category_pct.NEG": 25.0,  # 1 of 4 each
    "cin.cpp_initial_category_pct.PHY": 25.0,
    "cin.cpp_initial_category_pct.EMO": 0.0,
    "cin.cpp_initial_category_pct.SAB": 25.0,
    "cin.cpp_initial_category_pct.MUL": 25.0,
    # Open on 31 March 2024 (started on or before it, not ended on or before it): A010
    # (from Jan 2023, latest EMO), A003 (NEG), A011 (started that day, SAB), A012 (ends 2
    # Apr, latest NEG) = 4. Not A004 (ended on 31 March).
    "cin.cpp_open_31mar": 4,
    "cin.cpp_open_31mar_per_10k": 3.3,
    "cin.cpp_latest_category_pct.NEG": 50.0,  # A003 and A012: 2 of 4
    "cin.cpp_latest_category_pct.PHY": 0.0,
    "cin.cpp_latest_category_pct.EMO": 25.0,  # A010
    "cin.cpp_latest_category_pct.SAB": 25.0,  # A011
    "cin.cpp_latest_category_pct.MUL": 0.0,
    # Children with an episode open on 31 March (referred on or before it, not closed on
    # or before it, not NFA): A001, A003, A007, A008, A009, A010 (two open episodes,
    # one child), A011, A012, A014 = 9. Not A002 (closed 20 Mar), A004 (closed on 31
    # Mar), A005 (NFA; its other referral is on 1 Apr), A006 (NFA, never closed), A015.
    "cin.cin_31mar": 9,
    "cin.cin_31mar_per_10k": 7.5,  # 9 / 1.2
    # Factors at the 4 assessments: A001 3B 4B; A002 3B 16A; A003 16A 17A; A012 21.
    # (A010's 1B was the year before.)
    **{f"cin.assessment_factor_pct.{code}": 0.0 for code in FACTORS},
    "cin.assessment_factor_pct.3B": 50.0,
    "cin.assessment_factor_pct.4B": 25.0,
    "cin.assessment_factor_pct.16A": 50.0,
    "cin.assessment_factor_pct.17A": 25.0,
    "cin.assessment_factor_pct.21": 25.0,
}


def test_every_figure_for_the_census_year_2024() -> None:
    assert values("census_2024.xml", financial_year(2023)) == YEAR_2024
    assert set(YEAR_2024) == set(CODES)


def test_quarters_count_events_in_them_and_have_no_31_march_figures() -> None:
    # Q1 (Apr-Jun 2023): referrals A005 (NFA), A006 (NFA), A012, A014's first (NFA) = 4;
    # the assessment, s47 and conference of A012 fall later or in it: s47 5 Jun,
    # conference 19 Jun (10 working days, within), plan 20 Jun (MUL).
    q1 = values("census_2024.xml", quarter(2023, 1))
    assert q1["cin.referrals"] == 4
    assert q1["cin.referrals_per_10k"] == 3.3  # 4 / 1.2
    assert q1["cin.referrals_nfa_pct"] == 75.0  # 3 of 4
    assert q1["cin.rereferrals_12m_pct"] == 0.0
    assert q1["cin.assessments_completed"] == 0
    assert q1["cin.assessments_within_45wd_pct"] is None  # nothing to divide by
    assert (q1["cin.s47_started"], q1["cin.icpc_held"], q1["cin.icpc_within_15wd_pct"]) == (
        1,
        1,
        100.0,
    )
    assert (q1["cin.cpp_started"], q1["cin.cpp_initial_category_pct.MUL"]) == (1, 100.0)
    assert "cin.cpp_open_31mar" not in q1
    assert "cin.cin_31mar" not in q1
    # Q2 (Jul-Sep 2023): referrals A007 (re-referral), A008, A015 (NFA) = 3; A012's
    # assessment authorised 6 Jul (within); s47 A007 and A008; no conference, no plan.
    q2 = values("census_2024.xml", quarter(2023, 2))
    assert q2["cin.referrals"] == 3
    assert q2["cin.rereferrals_12m_pct"] == 33.3  # 1 of 3
    assert q2["cin.referrals_nfa_pct"] == 33.3
    assert q2["cin.assessments_within_45wd_pct"] == 100.0
    assert q2["cin.assessment_factor_pct.21"] == 100.0
    assert (q2["cin.s47_started"], q2["cin.icpc_held"]) == (2, 0)
    assert q2["cin.icpc_within_15wd_pct"] is None
    assert q2["cin.cpp_second_or_subsequent_pct"] is None
    # Q3 (Oct-Dec 2023): referrals A003, A004, A014's second (re-referral) = 3; A007's
    # conference 12 Oct (16 working days: late); s47 A003 and A004.
    q3 = values("census_2024.xml", quarter(2023, 3))
    assert (q3["cin.referrals"], q3["cin.rereferrals_12m_pct"]) == (3, 33.3)
    assert (q3["cin.icpc_held"], q3["cin.icpc_within_15wd_pct"]) == (1, 0.0)
    assert q3["cin.s47_started"] == 2
    # Q4 (Jan-Mar 2024): referrals A001, A002, A009 (re-referral), A011 = 4; assessments
    # A001 (45), A002 (46), A003 (45): 2 of 3 = 66.666 -> 66.7; conferences A003 (15),
    # A004 (16), A011 (13): 2 of 3; plans A003 (NEG, second), A004 (PHY), A011 (SAB,
    # third); A004's plan ended 31 Mar.
    q4 = values("census_2024.xml", quarter(2023, 4))
    assert (q4["cin.referrals"], q4["cin.rereferrals_12m_pct"]) == (4, 25.0)
    assert (q4["cin.assessments_completed"], q4["cin.assessments_within_45wd_pct"]) == (3, 66.7)
    assert (q4["cin.icpc_held"], q4["cin.icpc_within_15wd_pct"]) == (3, 66.7)
    assert (q4["cin.cpp_started"], q4["cin.cpp_second_or_subsequent_pct"]) == (3, 66.7)
    assert q4["cin.cpp_initial_category_pct.NEG"] == 33.3
    assert q4["cin.cpp_ended"] == 1


def test_the_year_is_the_sum_of_its_quarters() -> None:
    children = rows("census_2024.xml")
    figures = indicators.census_figures(children, 2024, population=POPULATION)
    year = figures[financial_year(2023)]
    for code in ("cin.referrals", "cin.assessments_completed", "cin.s47_started", "cin.cpp_ended"):
        by_quarter = [figures[quarter(2023, n)][code].value for n in range(1, 5)]
        assert year[code].value == sum(int(value or 0) for value in by_quarter)
        assert None not in by_quarter


def test_easter_and_may_bank_holidays_2025() -> None:
    # Census year 2026: 1 April 2025 to 31 March 2026. Population 12,000.
    # B001: referred Mon 14 Apr 2025, authorised 20 Jun: Apr 15-17 (3; Good Friday 18 and
    #   Easter Monday 21 Apr are bank holidays), 22-25 (7), 28 Apr-2 May (12), May 6-9
    #   (16; 5 May is one), 12-16 (21), 19-23 (26), 27-30 (30; 26 May is one), Jun 2-6
    #   (35), 9-13 (40), 16-20 (45): within. B002: 23 Jun = 46: late. 1 of 2 = 50.0.
    # B003: s47 from Thu 10 Apr 2025, conference 6 May: Apr 11 (1), 14-17 (5), 22-25
    #   (9), 28 Apr-2 May (14), 6 May (15): within. B004: 7 May = 16: late. 1 of 2.
    year = values("census_2026_easter.xml", financial_year(2025))
    assert year["cin.referrals"] == 4
    assert year["cin.referrals_per_10k"] == 3.3
    assert (year["cin.assessments_completed"], year["cin.assessments_within_45wd_pct"]) == (
        2,
        50.0,
    )
    assert (year["cin.icpc_held"], year["cin.icpc_within_15wd_pct"]) == (2, 50.0)
    assert year["cin.assessment_factor_pct.24A"] == 100.0  # both list it
    assert year["cin.assessment_factor_pct.11A"] == 50.0
    assert year["cin.cin_31mar"] == 4  # none closed, none NFA
    # Everything happened in Q1 (April to June 2025).
    assert values("census_2026_easter.xml", quarter(2025, 1))["cin.referrals"] == 4
    assert values("census_2026_easter.xml", quarter(2025, 2))["cin.referrals"] == 0


def test_percentages_round_half_up_to_one_decimal_place() -> None:
    assert percent(1, 16).value == 6.3  # 6.25 (a banker's rounding would give 6.2)
    assert percent(1, 3).value == 33.3
    assert percent(2, 3).value == 66.7
    assert percent(0, 5).value == 0.0
    assert percent(3, 0).value is None
    assert (percent(1, 16).numerator, percent(1, 16).denominator) == (1, 16)


def test_rates_are_per_10000_children_to_one_decimal_place() -> None:
    assert rate(29, 40_000).value == 7.3  # 7.25 rounds up
    assert rate(5, 12_000).value == 4.2  # 4.1666...
    assert rate(5, None).value is None  # population not known
    assert rate(5, 0).value is None


def test_a_re_referral_needs_an_earlier_referral_not_one_the_same_day() -> None:
    # Two referrals on the same day: neither is "before" the other.
    child = Child(
        "X1",
        episodes=[
            Episode(datetime.date(2023, 6, 1), nfa=True),
            Episode(datetime.date(2023, 6, 1)),
        ],
    )
    figures = indicators.compute([child], financial_year(2023), population=None)
    assert figures["cin.referrals"].value == 2
    assert figures["cin.rereferrals_12m_pct"].value == 0.0
    assert figures["cin.referrals_per_10k"].value is None


def test_a_re_referral_looks_back_across_census_years() -> None:
    """May's referral follows February's, which is in the year before's census: a
    re-referral once that census's referrals are given, and only then."""
    born = datetime.date(2015, 1, 9)
    child = Child("X1", birth_date=born, episodes=[Episode(datetime.date(2023, 5, 10))])
    other = Child("X2", birth_date=born, episodes=[Episode(datetime.date(2023, 6, 1))])
    namesake = Child("X3", birth_date=born, episodes=[Episode(datetime.date(2023, 6, 2))])
    children = [child, other, namesake]
    q1 = quarter(2023, 1)
    alone = indicators.census_figures(children, 2024, population=None)[q1]
    assert alone["cin.rereferrals_12m_pct"].value == 0.0
    earlier: indicators.Earlier = {
        ("X1", born): [datetime.date(2023, 2, 1)],
        ("X2", born): [datetime.date(2022, 5, 31)],
        # Another child with X3's ID (a different date of birth) is not X3.
        ("X3", datetime.date(2016, 3, 3)): [datetime.date(2023, 3, 1)],
    }
    found = indicators.census_figures(children, 2024, population=None, earlier=earlier)
    rereferrals = found[q1]["cin.rereferrals_12m_pct"]
    # X2's earlier referral is more than 12 months before: not a re-referral.
    assert (rereferrals.value, rereferrals.numerator, rereferrals.denominator) == (33.3, 1, 3)
    assert found[financial_year(2023)]["cin.rereferrals_12m_pct"].value == 33.3


def test_a_factor_listed_twice_on_one_assessment_counts_once() -> None:
    child = Child(
        "X2",
        episodes=[
            Episode(
                datetime.date(2023, 6, 1),
                assessments=[Assessment(None, datetime.date(2023, 6, 20), ("3B", "3B"))],
                protection_plans=[ProtectionPlan(datetime.date(2023, 7, 1))],
            )
        ],
    )
    figures = indicators.compute([child], financial_year(2023), population=None)
    assert figures["cin.assessment_factor_pct.3B"].value == 100.0
    # A plan with no category given counts in the total, under no category.
    assert figures["cin.cpp_started"].value == 1
    assert figures["cin.cpp_initial_category_pct.NEG"].value == 0.0


def test_only_quarters_and_years_are_periods() -> None:
    with pytest.raises(ValueError, match="not a financial quarter or year"):
        indicators.compute(
            [],
            Period(datetime.date(2023, 4, 1), datetime.date(2023, 4, 30)),
            population=None,
        )


# --- through the database: the import's measurements and the indicators command -------------


@pytest.fixture
def southmoor(db: None) -> Partnership:
    partnership = Partnership.objects.get(slug="southmoor")
    ChildPopulation.objects.update_or_create(
        partnership=partnership, year=2023, defaults={"children": POPULATION}
    )
    return partnership


def cin_indicator(partnership: Partnership, code: str, unit: str) -> Indicator:
    found = Indicator.objects.filter(partnership=partnership, code=code).first()
    if found is not None:
        return found
    return factories.indicator(
        partnership.slug,
        code=code,
        source=Source.CIN,
        function=Function.CHILDREN_IN_NEED,
        agency_kind="",
        unit=unit,
    )


def test_the_indicators_command_prints_the_years_figures(southmoor: Partnership) -> None:
    census_import(
        acting=None,
        partnership=southmoor,
        source=FILES / "census_2024.xml",
        file_name="census_2024.xml",
    )
    out = io.StringIO()
    call_command("indicators", partnership="southmoor", year=2024, format="json", stdout=out)
    assert json.loads(out.getvalue()) == YEAR_2024


def test_the_indicators_command_says_when_there_is_no_census(southmoor: Partnership) -> None:
    with pytest.raises(CommandError, match="No Children in Need census for 2088-89"):
        call_command("indicators", partnership="southmoor", year=2089, stdout=io.StringIO())
    with pytest.raises(CommandError, match="No partnership 'nowhere'"):
        call_command("indicators", partnership="nowhere", year=2024, stdout=io.StringIO())


def test_the_import_writes_measurements_for_the_year_and_its_quarters(
    southmoor: Partnership,
) -> None:
    referrals = cin_indicator(southmoor, "cin.referrals", Unit.COUNT)
    nfa = cin_indicator(southmoor, "cin.referrals_nfa_pct", Unit.PERCENT)
    open_plans = cin_indicator(southmoor, "cin.cpp_open_31mar", Unit.COUNT)
    census = census_import(
        acting=None,
        partnership=southmoor,
        source=FILES / "census_2024.xml",
        file_name="census_2024.xml",
    )
    stored = {
        (m.indicator_id, m.period_start, m.period_end): m
        for m in Measurement.objects.filter(census=census)
    }
    year = financial_year(2023)
    assert stored[(referrals.pk, year.start, year.end)].value == 14
    figure = stored[(nfa.pk, year.start, year.end)]
    assert (figure.value, figure.numerator, figure.denominator) == (Decimal("28.6"), 4, 14)
    q1 = quarter(2023, 1)
    assert stored[(referrals.pk, q1.start, q1.end)].value == 4
    assert stored[(nfa.pk, q1.start, q1.end)].value == 75
    # Plans open on 31 March: for the year only, never for a quarter.
    assert stored[(open_plans.pk, year.start, year.end)].value == 4
    assert not any(key[0] == open_plans.pk and key[1] != year.start for key in stored)
    assert all(m.source == Source.CIN for m in stored.values())
