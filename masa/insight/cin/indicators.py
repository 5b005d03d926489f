"""The Children in Need census figures, worked out from plain rows.

Pure: no Django, no XML. The rows are dataclasses (made by `parse` from a census file,
or by `importer.census_rows` from a stored census) and the figures follow the issue's
definitions to the letter:

* a period is a financial quarter or a census year (1 April YYYY-1 to 31 March YYYY);
  an event counts in the period its date falls in;
* "snapshot" figures (plans open, children in need) are taken on 31 March, so they
  exist for the census year only, never for a quarter;
* percentages are given to one decimal place, rounding halves up; with nothing to
  divide by they are None (null in JSON);
* rates are per 10,000 children, using the child population of the year the
  census year starts in (`Partnership.child_population(YYYY - 1)`), to one decimal
  place; None when the population is not known;
* working days are `masa.core.clocks.working_days_between`: the days after the start
  date up to and including the end date, Monday to Friday less bank holidays.

Every figure is worked out in one pass over the children, binned by quarter; the
year is the sum of its quarters, so a year and its quarters always agree.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from masa.core.clocks import add_months, working_days_between
from masa.core.codes import DISABILITY, ETHNICITY, SEX
from masa.insight.periods import Period, financial_year, quarters_of

# --- the census's vocabulary (REFERENCE.md section 3) ----------------------------------

REFERRAL_SOURCES = frozenset(
    [
        "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
        "5C", "5D", "6", "7", "8", "9", "10",
    ]
)  # fmt: skip
PRIMARY_NEEDS = frozenset(f"N{n}" for n in range(10))
CLOSURE_REASONS = frozenset(f"RC{n}" for n in range(1, 10))
CATEGORIES = ("NEG", "PHY", "EMO", "SAB", "MUL")
DISABILITIES = frozenset(DISABILITY)
ETHNICITIES = frozenset(ETHNICITY)
# Factors identified at assessment, in the order the DfE lists them.
FACTORS = (
    *(f"{n}{who}" for n in range(1, 7) for who in "ABC"),
    "7A",
    *(f"8{who}" for who in "BCDEF"),
    "9A",
    "10A",
    "11A",
    "12A",
    "13A",
    "14A",
    "15A",
    "16A",
    "17A",
    "18B",
    "18C",
    "19B",
    "19C",
    "20",
    "21",
    "22A",
    "23A",
    "24A",
)
FACTOR_SET = frozenset(FACTORS)
SEXES = {code: code for code in SEX}
# GenderCurrent, used to 2023-24: 1 male, 2 female, 0 not known, 9 not specified.
GENDERS_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}

ASSESSMENT_WORKING_DAYS = 45
ICPC_WORKING_DAYS = 15
REREFERRAL_MONTHS = 12

# --- the rows -----------------------------------------------------------------------


@dataclass(slots=True)
class Assessment:
    start: datetime.date | None
    authorised: datetime.date | None
    factors: tuple[str, ...] = ()


@dataclass(slots=True)
class CinPlanDates:
    start: datetime.date | None
    end: datetime.date | None


@dataclass(slots=True)
class Section47:
    start: datetime.date | None
    icpc_target: datetime.date | None = None
    icpc: datetime.date | None = None
    icpc_not_required: bool = False


@dataclass(slots=True)
class ProtectionPlan:
    start: datetime.date | None
    end: datetime.date | None = None
    initial_category: str = ""
    latest_category: str = ""
    previous_plans: int | None = None


@dataclass(slots=True)
class Episode:
    """A CINdetails: one referral and what followed it."""

    referral_date: datetime.date
    referral_source: str = ""
    primary_need: str = ""
    closure_date: datetime.date | None = None
    closure_reason: str = ""
    nfa: bool = False
    initial_cpc: datetime.date | None = None
    assessments: list[Assessment] = field(default_factory=list)
    cin_plans: list[CinPlanDates] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    protection_plans: list[ProtectionPlan] = field(default_factory=list)


@dataclass(slots=True)
class Child:
    la_child_id: str
    birth_date: datetime.date | None = None
    expected_birth_date: datetime.date | None = None
    sex: str = ""
    ethnicity: str = ""
    disabilities: tuple[str, ...] = ()
    episodes: list[Episode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Value:
    """One figure: the value shown, and the counts it was worked out from (a
    percentage's numerator and denominator; a rate's count and child population)."""

    value: int | float | None
    numerator: int | None = None
    denominator: int | None = None


# --- which codes exist ---------------------------------------------------------------

PERIOD_CODES: tuple[str, ...] = (
    "cin.referrals",
    "cin.referrals_per_10k",
    "cin.rereferrals_12m_pct",
    "cin.referrals_nfa_pct",
    "cin.assessments_completed",
    "cin.assessments_within_45wd_pct",
    "cin.s47_started",
    "cin.s47_per_10k",
    "cin.icpc_held",
    "cin.icpc_within_15wd_pct",
    "cin.cpp_started",
    "cin.cpp_started_per_10k",
    "cin.cpp_second_or_subsequent_pct",
    "cin.cpp_ended",
    *(f"cin.cpp_initial_category_pct.{code}" for code in CATEGORIES),
    *(f"cin.assessment_factor_pct.{code}" for code in FACTORS),
)
"""Counts, percentages and rates of events in a period: for the year and each quarter."""

REREFERRAL_CODE = "cin.rereferrals_12m_pct"
NOT_COMPARABLE = (
    "Not comparable with other periods: the census of the year before is not imported, so "
    "a referral within 12 months of one made before 1 April {year} is not counted as a "
    "re-referral. Import that census to count them."
)

SNAPSHOT_CODES: tuple[str, ...] = (
    "cin.cpp_open_31mar",
    "cin.cpp_open_31mar_per_10k",
    *(f"cin.cpp_latest_category_pct.{code}" for code in CATEGORIES),
    "cin.cin_31mar",
    "cin.cin_31mar_per_10k",
)
"""Figures on 31 March: for the census year only."""

CODES: tuple[str, ...] = PERIOD_CODES + SNAPSHOT_CODES


def census_year_of(period: Period) -> int:
    """The census year (the year ending 31 March) a quarter or financial year is in."""
    return period.financial_year + 1


# --- arithmetic -----------------------------------------------------------------------

_TENTH = Decimal("0.1")


def _tenths(numerator: int, denominator: int) -> float:
    # Integer division in Decimal is exact for a terminating result and cannot land on
    # a half otherwise, so rounding half up here is the rounding a person would do.
    return float((Decimal(numerator) / Decimal(denominator)).quantize(_TENTH, ROUND_HALF_UP))


def percent(numerator: int, denominator: int) -> Value:
    """`numerator` as a percentage of `denominator`, to one decimal place."""
    if denominator <= 0:
        return Value(None, numerator, denominator)
    return Value(_tenths(100 * numerator, denominator), numerator, denominator)


def rate(count: int, population: int | None) -> Value:
    """`count` per 10,000 children, to one decimal place; None without a population."""
    if not population or population <= 0:
        return Value(None, count, population)
    return Value(_tenths(10_000 * count, population), count, population)


# --- the pass over the rows ------------------------------------------------------------


Earlier = Mapping[tuple[str, datetime.date | None], Sequence[datetime.date]]
"""Referral dates of each child in another census, by (LA child ID, date of birth)."""


class _Year:
    """Counts for one census year, by quarter (0 = April to June), and on 31 March."""

    def __init__(self, year: int, earlier: Earlier | None = None) -> None:
        self.earlier = earlier or {}
        self.first = datetime.date(year - 1, 4, 1)
        self.last = datetime.date(year, 3, 31)
        self.quarters: list[dict[str, int]] = [{}, {}, {}, {}]
        self.snapshot: dict[str, int] = {}

    def quarter(self, day: datetime.date | None) -> dict[str, int] | None:
        if day is None or day < self.first or day > self.last:
            return None
        return self.quarters[(day.month - 4) % 12 // 3]

    def add(self, child: Child) -> None:
        last = self.last
        # The child's referrals in this census, and those in the earlier census before
        # this year began: a re-referral looks back 12 months, across census years.
        # The same child: the same LA child ID and date of birth (an ID alone may have
        # been given to another child).
        earlier = self.earlier.get((child.la_child_id, child.birth_date), ())
        before_year = [d for d in earlier if d < self.first]
        dates = sorted([*before_year, *(episode.referral_date for episode in child.episodes)])
        in_need = False
        for episode in child.episodes:
            referral = episode.referral_date
            tally = self.quarter(referral)
            if tally is not None:
                tally["referrals"] = tally.get("referrals", 0) + 1
                if episode.nfa:
                    tally["nfa"] = tally.get("nfa", 0) + 1
                # The child's latest other referral strictly before this one.
                before = bisect_left(dates, referral)
                if before and dates[before - 1] >= add_months(referral, -REREFERRAL_MONTHS):
                    tally["rereferrals"] = tally.get("rereferrals", 0) + 1
            if (
                not episode.nfa
                and referral <= last
                and (episode.closure_date is None or episode.closure_date > last)
            ):
                in_need = True
            for assessment in episode.assessments:
                tally = self.quarter(assessment.authorised)
                if tally is None:
                    continue
                assert assessment.authorised is not None
                tally["assessments"] = tally.get("assessments", 0) + 1
                if working_days_between(referral, assessment.authorised) <= ASSESSMENT_WORKING_DAYS:
                    tally["assessments_45"] = tally.get("assessments_45", 0) + 1
                for factor in set(assessment.factors):
                    key = f"factor.{factor}"
                    tally[key] = tally.get(key, 0) + 1
            for enquiry in episode.section47s:
                tally = self.quarter(enquiry.start)
                if tally is not None:
                    tally["s47"] = tally.get("s47", 0) + 1
                tally = self.quarter(enquiry.icpc)
                if tally is not None:
                    assert enquiry.icpc is not None
                    tally["icpc"] = tally.get("icpc", 0) + 1
                    if (
                        enquiry.start is not None
                        and working_days_between(enquiry.start, enquiry.icpc) <= ICPC_WORKING_DAYS
                    ):
                        tally["icpc_15"] = tally.get("icpc_15", 0) + 1
            for plan in episode.protection_plans:
                tally = self.quarter(plan.start)
                if tally is not None:
                    tally["cpp"] = tally.get("cpp", 0) + 1
                    if plan.previous_plans is not None and plan.previous_plans >= 1:
                        tally["cpp_second"] = tally.get("cpp_second", 0) + 1
                    key = f"initial.{plan.initial_category}"
                    tally[key] = tally.get(key, 0) + 1
                tally = self.quarter(plan.end)
                if tally is not None:
                    tally["cpp_ended"] = tally.get("cpp_ended", 0) + 1
                if (
                    plan.start is not None
                    and plan.start <= last
                    and (plan.end is None or plan.end > last)
                ):
                    snapshot = self.snapshot
                    snapshot["cpp_open"] = snapshot.get("cpp_open", 0) + 1
                    key = f"latest.{plan.latest_category}"
                    snapshot[key] = snapshot.get(key, 0) + 1
        if in_need:
            self.snapshot["cin"] = self.snapshot.get("cin", 0) + 1


def _period_figures(counts: dict[str, int], population: int | None) -> dict[str, Value]:
    def n(key: str) -> int:
        return counts.get(key, 0)

    referrals, assessments, icpcs, plans = n("referrals"), n("assessments"), n("icpc"), n("cpp")
    figures = {
        "cin.referrals": Value(referrals),
        "cin.referrals_per_10k": rate(referrals, population),
        "cin.rereferrals_12m_pct": percent(n("rereferrals"), referrals),
        "cin.referrals_nfa_pct": percent(n("nfa"), referrals),
        "cin.assessments_completed": Value(assessments),
        "cin.assessments_within_45wd_pct": percent(n("assessments_45"), assessments),
        "cin.s47_started": Value(n("s47")),
        "cin.s47_per_10k": rate(n("s47"), population),
        "cin.icpc_held": Value(icpcs),
        "cin.icpc_within_15wd_pct": percent(n("icpc_15"), icpcs),
        "cin.cpp_started": Value(plans),
        "cin.cpp_started_per_10k": rate(plans, population),
        "cin.cpp_second_or_subsequent_pct": percent(n("cpp_second"), plans),
        "cin.cpp_ended": Value(n("cpp_ended")),
    }
    for code in CATEGORIES:
        figures[f"cin.cpp_initial_category_pct.{code}"] = percent(n(f"initial.{code}"), plans)
    for code in FACTORS:
        figures[f"cin.assessment_factor_pct.{code}"] = percent(n(f"factor.{code}"), assessments)
    return figures


def _snapshot_figures(counts: dict[str, int], population: int | None) -> dict[str, Value]:
    open_plans, in_need = counts.get("cpp_open", 0), counts.get("cin", 0)
    figures = {
        "cin.cpp_open_31mar": Value(open_plans),
        "cin.cpp_open_31mar_per_10k": rate(open_plans, population),
    }
    for code in CATEGORIES:
        figures[f"cin.cpp_latest_category_pct.{code}"] = percent(
            counts.get(f"latest.{code}", 0), open_plans
        )
    figures["cin.cin_31mar"] = Value(in_need)
    figures["cin.cin_31mar_per_10k"] = rate(in_need, population)
    return figures


def census_figures(
    children: Iterable[Child],
    year: int,
    *,
    population: int | None,
    earlier: Earlier | None = None,
) -> dict[Period, dict[str, Value]]:
    """Every figure for census year `year` (1 April year-1 to 31 March year) and for each
    of its quarters, in one pass. `population` is the child population for rates;
    `earlier` the referral dates of each child (by LA child ID and date of birth) in the
    year before's census, so that a re-referral within 12 months is found across census years."""
    tallies = _Year(year, earlier)
    for child in children:
        tallies.add(child)
    result: dict[Period, dict[str, Value]] = {}
    total: dict[str, int] = {}
    for period, counts in zip(quarters_of(year - 1), tallies.quarters, strict=True):
        result[period] = _period_figures(counts, population)
        for key, count in counts.items():
            total[key] = total.get(key, 0) + count
    whole = financial_year(year - 1)
    result[whole] = {
        **_period_figures(total, population),
        **_snapshot_figures(tallies.snapshot, population),
    }
    return result


def compute(
    children: Iterable[Child], period: Period, *, population: int | None
) -> dict[str, Value]:
    """Every figure for one period: a financial quarter (the period figures) or a census
    year (those and the figures on 31 March)."""
    year = census_year_of(period)
    if period not in (financial_year(year - 1), *quarters_of(year - 1)):
        raise ValueError(f"{period} is not a financial quarter or year")
    return census_figures(children, year, population=population)[period]
