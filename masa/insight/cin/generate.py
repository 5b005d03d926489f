"""Synthetic, realistic Children in Need census files (demo, tests and benchmarks).

`generate(out, children=N, year=YYYY, seed=S)` writes the CIN census XML that a local
authority would send the DfE for the year ending 31 March YYYY (REFERENCE.md section 3):
the same arguments always give the same bytes, and the file is written child by child,
so 80,000 children need no more memory than one.

Each child's history is simulated in full (referral, assessment, section 47 enquiry,
initial child protection conference, child protection plan, child in need plan,
closure, re-referral) from up to three years before the census year, and then seen as
the census sees it on 31 March: what had not happened yet is left out or left open,
and what was over before 1 April is left out (the DfE rules want assessments, section
47 enquiries, conferences, plan ends and closures within the year). The output passes
the DfE validation rules as the validator csc-validator-be-cin implements them for the
year's ruleset (tests/insight/test_cin_validator.py); queries may remain, as in real
returns (an assessment still open after 45 working days, a late conference).

The mix follows national figures: referral sources (police about 30%, schools 20%,
health 15%), about 8% of referrals with no further action, about 1 in 5 referrals
within 12 months of an earlier one, about 85% of assessments authorised within 45
working days of the referral, a section 47 enquiry for about 1 in 5 referrals, an
initial conference for about half of them (about 80% within 15 working days), plans
by category of abuse (neglect about half, emotional abuse about a third), about 23%
of plans a second or subsequent plan. Working days are those of masa.core.clocks.

Census years up to 2024 record GenderCurrent (0/1/2/9); from 2025 (the 2024-25 return)
Sex (M/F/U), as the validator's rulesets expect.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import IO, BinaryIO

from masa.core.clocks import add_months, add_working_days, is_working_day

__all__ = ["LA_CODES", "MAX_CHILDREN", "Mix", "generate", "upn_check_letter"]

MAX_CHILDREN = 999_999
"""Each child gets a different UPN and LA child ID by construction, up to this many."""

# Characters 2-4 of a UPN: post-April 1998 local authority codes and the DfE's pseudo
# LA codes (the list the validator's rule 1530 accepts).
_LA_RANGES = [
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
    (380, 384), (390, 394), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813),
    (820, 823), (835, 839), (850, 852), (855, 857), (865, 896), (935, 938), (940, 941),
]  # fmt: skip
_LA_SINGLES = [
    420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916,
    919, 921, 925, 926, 928, 929, 931, 933, 942, 943,
]  # fmt: skip
LA_CODES: frozenset[str] = frozenset(
    [f"{n:03d}" for low, high in _LA_RANGES for n in range(low, high + 1)]
    + [f"{n:03d}" for n in _LA_SINGLES]
)
_OTHER_LAS = sorted(c for c in LA_CODES if c[0] in "3789")

_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(rest: str) -> str:
    """The check letter (character 1) of a UPN whose characters 2-13 are `rest` (digits)."""
    if len(rest) != 12 or not rest.isdigit():
        raise ValueError("characters 2 to 13 of a UPN here are 12 digits")
    total = sum(int(digit) * weight for weight, digit in enumerate(rest, start=2))
    return _CHECK_LETTERS[total % 23]


class Mix:
    """Codes with weights (which need not add up to anything), drawn in proportion."""

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        self.codes = [code for code, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))

    def draw(self, rng: random.Random) -> str:
        return self.codes[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


# --------------------------------------------------------------------------- code mixes

REFERRAL_SOURCES = Mix([
    ("6", 30.0),  # police
    ("2A", 19.0), ("2B", 1.5),  # schools, education services
    ("3A", 2.5), ("3B", 3.0), ("3C", 1.0), ("3D", 2.0), ("3E", 3.0), ("3F", 3.5),  # health
    ("5A", 5.0), ("5B", 3.0), ("5C", 1.5), ("5D", 3.5),  # local authority services
    ("1A", 3.5), ("1B", 0.5), ("1C", 1.5), ("1D", 1.0),  # individuals
    ("4", 2.0), ("7", 4.5), ("8", 4.0), ("9", 2.0), ("10", 1.0),
])  # fmt: skip
PRIMARY_NEEDS = Mix([
    ("N1", 57.0), ("N2", 8.0), ("N3", 3.0), ("N4", 6.0), ("N5", 16.0),
    ("N6", 2.5), ("N7", 0.5), ("N8", 3.5), ("N9", 2.5), ("N0", 1.0),
])  # fmt: skip
CATEGORIES = Mix([("NEG", 50.0), ("EMO", 35.0), ("PHY", 6.0), ("SAB", 4.0), ("MUL", 5.0)])
ETHNICITIES = Mix([
    ("WBRI", 58.0), ("WIRI", 0.5), ("WIRT", 0.2), ("WROM", 1.0), ("WOTH", 6.0),
    ("MWBC", 3.0), ("MWBA", 1.0), ("MWAS", 1.0), ("MOTH", 3.0), ("AIND", 2.0),
    ("APKN", 3.0), ("ABAN", 1.0), ("AOTH", 2.0), ("BCRB", 1.0), ("BAFR", 4.0),
    ("BOTH", 1.0), ("CHNE", 0.2), ("OOTH", 4.0), ("REFU", 0.5), ("NOBT", 3.0),
])  # fmt: skip
DISABILITIES = Mix([
    ("AUT", 30.0), ("LD", 25.0), ("BEH", 20.0), ("COMM", 20.0), ("CON", 8.0), ("MOB", 8.0),
    ("HAND", 5.0), ("PC", 6.0), ("INC", 5.0), ("HEAR", 3.0), ("VIS", 3.0), ("DDA", 4.0),
])  # fmt: skip
FALLBACK_FACTORS = Mix([("4B", 3.0), ("3B", 3.0), ("16A", 2.0), ("20", 2.0)])
# Why a child of school age has no UPN: not UN1, "under school age" (DfE rule 8770Q).
UPN_UNKNOWN_AT_SCHOOL_AGE = Mix(
    [("UN2", 3.0), ("UN3", 2.0), ("UN4", 3.0), ("UN5", 1.0), ("UN6", 1.0)]
)
# Reasons for closure, by what came before it. Never RC8 or RC9 ("closed after
# assessment") once anything beyond the assessment was recorded (DfE rule 2990).
CLOSED_AFTER_ASSESSMENT = Mix([("RC8", 72.0), ("RC9", 28.0)])
CLOSED_OTHERWISE = Mix([("RC7", 67.0), ("RC5", 33.0)])
CLOSED_OTHERWISE_AT_17 = Mix([("RC7", 60.0), ("RC5", 30.0), ("RC6", 10.0)])
CLOSED_AFTER_ENQUIRY = Mix([("RC7", 90.0), ("RC5", 10.0)])
CLOSED_AFTER_CIN_PLAN = Mix([("RC7", 87.0), ("RC3", 3.0), ("RC4", 4.0), ("RC5", 6.0)])
CLOSED_AFTER_CPP = Mix([("RC7", 70.0), ("RC5", 15.0), ("RC4", 8.0), ("RC3", 6.0), ("RC1", 1.0)])
# Factors identified at assessment: the chance that a completed assessment lists each.
# "child" factors (A) about exploitation, missing and the like only from age 10.
FACTORS: list[tuple[str, float, int]] = [  # (code, probability, minimum age)
    ("4B", 0.31, 0), ("3B", 0.30, 0), ("3A", 0.16, 0), ("16A", 0.17, 0), ("17A", 0.16, 0),
    ("2B", 0.14, 0), ("1B", 0.12, 0), ("4A", 0.14, 5), ("20", 0.12, 0), ("18C", 0.10, 0),
    ("3C", 0.06, 0), ("14A", 0.07, 10), ("15A", 0.06, 10), ("5B", 0.05, 0), ("5A", 0.05, 0),
    ("6B", 0.04, 0), ("6A", 0.04, 0), ("10A", 0.05, 10), ("11A", 0.03, 10),
    ("24A", 0.035, 10), ("13A", 0.02, 10), ("19C", 0.04, 0), ("19B", 0.015, 8),
    ("18B", 0.02, 5), ("2A", 0.02, 12), ("1A", 0.015, 12), ("2C", 0.015, 0),
    ("1C", 0.01, 0), ("4C", 0.02, 0), ("5C", 0.005, 0), ("6C", 0.01, 0), ("7A", 0.01, 8),
    ("9A", 0.008, 12), ("12A", 0.005, 10), ("22A", 0.003, 0), ("23A", 0.003, 0),
    ("8B", 0.002, 0), ("8C", 0.001, 0), ("8D", 0.001, 0), ("8E", 0.001, 0),
    ("8F", 0.001, 0),
]  # fmt: skip
# Referrals by month of the year (April first): fewer in August and December.
MONTH_WEIGHTS = [0.95, 1.05, 1.05, 1.05, 0.75, 0.95, 1.1, 1.1, 0.85, 1.0, 1.0, 1.05]
# Age at referral in years: (low, high, weight); pre-birth referrals are separate.
AGE_BANDS = [(0.0, 1.0, 9.0), (1.0, 5.0, 17.0), (5.0, 10.0, 25.0), (10.0, 16.0, 36.0),
             (16.0, 17.9, 9.0)]  # fmt: skip

# The rates that shape each referral and what follows (see the module docstring).
P_PRE_BIRTH = 0.045  # referrals of an unborn child
P_CARRIED_IN = 0.42  # children first referred before the year (seen if still open)
P_NFA = 0.08
P_S47 = 0.22  # an enquiry from the referral; a few more step up from a CIN plan
P_ICPC = 0.5
P_ICPC_IN_15WD = 0.8
P_CPP_AFTER_ICPC = 0.88
P_WITHIN_45WD = 0.85
P_TRANSFER_IN = 0.005  # a child on a plan in another area: the conference is the episode's
P_REREFERRAL = 0.55
P_STEP_UP = 0.08
P_STEP_DOWN = 0.75
P_DISABLED = 0.13
P_DEATH = 0.001


def _working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _years_after(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


# --------------------------------------------------------------------------- the model


@dataclass
class Assessment:
    start: date
    end: date
    factors: list[str]
    internal_review: date | None = None


@dataclass
class Section47:
    start: date
    target: date
    icpc: date | None  # the initial conference, if one was held
    decided: date  # when the conference was held or found not to be needed


@dataclass
class CinPlan:
    start: date
    end: date


@dataclass
class ProtectionPlan:
    start: date
    end: date
    initial: str
    latest: str
    changed: date | None  # the review at which the category changed
    previous: int
    reviews: list[date]


@dataclass
class Episode:
    referral: date
    source: str
    nfa: bool
    need: str = ""
    closure: date = date.min
    reason: str = ""
    cin_icpc: date | None = None  # a conference recorded on the episode (transfer in)
    assessments: list[Assessment] = field(default_factory=list)
    s47s: list[Section47] = field(default_factory=list)
    cin_plans: list[CinPlan] = field(default_factory=list)
    cpps: list[ProtectionPlan] = field(default_factory=list)


@dataclass
class Child:
    born: date | None
    expected: date | None
    previous_cpps: int
    episodes: list[Episode] = field(default_factory=list)
    died: date | None = None

    def age(self, on: date) -> float:
        birth = self.born or self.expected
        assert birth is not None
        return (on - birth).days / 365.25


@dataclass(frozen=True)
class _Census:
    year: int
    start: date
    end: date
    la: str


class _Simulation:
    """One child's history, drawn from one random stream."""

    def __init__(self, rng: random.Random, census: _Census) -> None:
        self.rng = rng
        self.census = census

    # ---------------------------------------------------------------- small draws
    def wd(self, start: date, n: int) -> date:
        return add_working_days(start, n)

    def uniform_day(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def referral_day_in_year(self) -> date:
        month = self.rng.choices(range(12), weights=MONTH_WEIGHTS)[0]
        first = add_months(self.census.start, month)
        last = add_months(first, 1) - timedelta(days=1)
        day = self.uniform_day(first, last)
        # Most referrals arrive on working days (the police refer at weekends too).
        if self.rng.random() < 0.85:
            day = _working_day_on_or_after(day)
            if day > last:
                day = _working_day_on_or_before(last)
        return day

    def months_later(self, start: date, low: float, high: float, mode: float) -> date:
        days = int(self.rng.triangular(low, high, mode) * 30.44)
        return start + timedelta(days=max(days, 1))

    def factors(self, child: Child, on: date, none_possible: bool) -> list[str]:
        if none_possible and self.rng.random() < 0.2:
            return ["21"]
        age = max(child.age(on), 0.0)
        found = [code for code, p, min_age in FACTORS if age >= min_age and self.rng.random() < p]
        if not found:
            found = [FALLBACK_FACTORS.draw(self.rng)]
        return found

    def assessment(self, child: Child, referral: date, start: date, closes: bool) -> Assessment:
        if self.rng.random() < P_WITHIN_45WD:
            k = int(self.rng.triangular(8, 45.99, 32))
        else:
            k = int(self.rng.triangular(46, 95, 52))
        end = self.wd(referral, k)
        if end <= start:
            end = self.wd(start, 1)
        review = None
        if self.rng.random() < 0.05 and (end - start).days > 7:
            review = _working_day_on_or_before(end - timedelta(days=self.rng.randint(1, 5)))
            if review <= start:
                review = None
        return Assessment(start, end, self.factors(child, end, closes), review)

    # ---------------------------------------------------------------- a child
    def child(self) -> Child:
        """A child and their history, with at least one episode in the census year."""
        census = self.census
        for _ in range(50):
            carried = self.rng.random() < P_CARRIED_IN
            if carried:
                first = census.start - timedelta(days=int(self.rng.expovariate(1 / 300)) + 1)
                if first < census.start - timedelta(days=3 * 365):
                    continue
            else:
                first = self.referral_day_in_year()
            child = self.new_child(first, pre_birth=not carried)
            self.history(child, first)
            if any(self.seen(episode) for episode in child.episodes):
                return child
        raise AssertionError("no child could be drawn")  # pragma: no cover

    def new_child(self, referral: date, *, pre_birth: bool) -> Child:
        rng = self.rng
        previous = 0
        draw = rng.random()
        if draw < 0.07:
            previous = 2 + (rng.random() < 0.25)
        elif draw < 0.29:
            previous = 1
        if pre_birth and rng.random() < P_PRE_BIRTH:
            expected = referral + timedelta(days=rng.randint(60, 250))
            born = expected + timedelta(days=rng.randint(-14, 10))
            if born > self.census.end:
                return Child(born=None, expected=expected, previous_cpps=0)
            return Child(born=born, expected=None, previous_cpps=0)
        low, high, _ = rng.choices(AGE_BANDS, weights=[w for *_, w in AGE_BANDS])[0]
        age_days = int(rng.uniform(low, high) * 365.25)
        born = referral - timedelta(days=max(age_days, 1))
        return Child(born=born, expected=None, previous_cpps=previous if age_days > 400 else 0)

    def history(self, child: Child, referral: date) -> None:
        census = self.census
        while referral <= census.end:
            episode = self.episode(child, referral)
            child.episodes.append(episode)
            if child.died is not None:
                return
            if self.rng.random() >= P_REREFERRAL:
                return
            if child.born and child.age(episode.closure) >= 17.5:
                return
            if self.rng.random() < 0.7:
                gap = self.rng.randint(7, 120)
            else:
                gap = self.rng.randint(121, 700)
            referral = episode.closure + timedelta(days=gap)
            if self.rng.random() < 0.85:
                referral = _working_day_on_or_after(referral)

    def seen(self, episode: Episode) -> bool:
        return episode.referral <= self.census.end and episode.closure >= self.census.start

    # ---------------------------------------------------------------- an episode
    def episode(self, child: Child, referral: date) -> Episode:
        rng = self.rng
        age = child.age(referral)
        source = REFERRAL_SOURCES.draw(rng)
        if rng.random() < P_NFA:
            # Closed the day it arrived: no assessment, no plan (DfE rules 8831, 4000).
            return Episode(referral, source, nfa=True, closure=referral, reason="RC7")
        episode = Episode(referral, source, nfa=False, need=PRIMARY_NEEDS.draw(rng))
        young_adult = age >= 16.5
        draw = rng.random()
        if not young_adult and draw < P_TRANSFER_IN:
            episode.source = "5C"
            self.transfer_in(child, episode)
        elif not young_adult and draw < P_TRANSFER_IN + P_S47:
            self.enquiry_route(child, episode)
        else:
            self.assessment_route(child, episode, young_adult)
        self.maybe_death(child, episode)
        return episode

    def close(self, episode: Episode, after: date, reasons: Mix) -> None:
        episode.closure = after + timedelta(days=self.rng.choice([0, 0, 1, 2, 3, 5, 7, 10, 14]))
        episode.reason = reasons.draw(self.rng)

    def assessment_route(self, child: Child, episode: Episode, young_adult: bool) -> None:
        rng = self.rng
        start = self.wd(episode.referral, rng.choice([0, 0, 1, 1, 2, 3]))
        draw = rng.random()
        plan = not young_adult and draw >= 0.52
        closes_after = draw < 0.47
        assessment = self.assessment(child, episode.referral, start, closes_after)
        episode.assessments.append(assessment)
        if closes_after:
            self.close(episode, assessment.end, CLOSED_AFTER_ASSESSMENT)
        elif not plan:
            reasons = CLOSED_OTHERWISE_AT_17 if young_adult else CLOSED_OTHERWISE
            self.close(episode, assessment.end, reasons)
        else:
            plan_start = _working_day_on_or_after(
                assessment.end + timedelta(days=rng.choice([0, 1, 3, 5, 7, 10, 14]))
            )
            self.cin_plan(child, episode, plan_start, step_up=True)

    def cin_plan(self, child: Child, episode: Episode, start: date, *, step_up: bool) -> None:
        rng = self.rng
        end = self.months_later(start, 2, 15, 6)
        if step_up and rng.random() < P_STEP_UP:
            s47_start = _working_day_on_or_after(
                start + timedelta(days=rng.randint(1, max(2, (end - start).days - 1)))
            )
            episode.assessments.append(self.assessment(child, s47_start, s47_start, closes=False))
            icpc = self.section47(episode, s47_start, p_icpc=0.7)
            if icpc is not None and rng.random() < P_CPP_AFTER_ICPC:
                # The CIN plan ends as the child protection plan starts (DfE rule 4017).
                episode.cin_plans.append(CinPlan(start, icpc))
                self.protection_plan(child, episode, icpc)
                return
            end = max(end, self.latest(episode) + timedelta(days=1))
        episode.cin_plans.append(CinPlan(start, end))
        self.close(episode, self.latest(episode), CLOSED_AFTER_CIN_PLAN)

    def section47(self, episode: Episode, start: date, p_icpc: float) -> date | None:
        """A section 47 enquiry from `start`; the conference date if one is held."""
        rng = self.rng
        target = self.wd(start, 15)
        if rng.random() < p_icpc:
            if rng.random() < P_ICPC_IN_15WD:
                k = int(rng.triangular(5, 15.99, 13))
            else:
                k = rng.randint(16, 35)
            icpc = self.wd(start, k)
            episode.s47s.append(Section47(start, target, icpc, icpc))
            return icpc
        decided = self.wd(start, rng.randint(3, 12))
        episode.s47s.append(Section47(start, target, None, decided))
        return None

    def enquiry_route(self, child: Child, episode: Episode) -> None:
        rng = self.rng
        start = self.wd(episode.referral, rng.choice([0, 0, 0, 1, 1, 2]))
        assessment = self.assessment(child, episode.referral, start, closes=False)
        episode.assessments.append(assessment)
        icpc = self.section47(episode, start, P_ICPC)
        if icpc is not None and rng.random() < P_CPP_AFTER_ICPC:
            self.protection_plan(child, episode, icpc)
            return
        after = max(assessment.end, icpc or assessment.end)
        if rng.random() < 0.5:
            plan_start = _working_day_on_or_after(after + timedelta(days=rng.choice([0, 1, 3, 7])))
            self.cin_plan(child, episode, plan_start, step_up=False)
        else:
            self.close(episode, self.latest(episode), CLOSED_AFTER_ENQUIRY)

    def transfer_in(self, child: Child, episode: Episode) -> None:
        rng = self.rng
        start = self.wd(episode.referral, rng.choice([0, 1, 2]))
        episode.assessments.append(self.assessment(child, episode.referral, start, closes=False))
        icpc = self.wd(episode.referral, rng.randint(5, 15))
        episode.cin_icpc = icpc
        self.protection_plan(child, episode, icpc)

    def protection_plan(self, child: Child, episode: Episode, start: date) -> None:
        rng = self.rng
        # Reviews: the first within three months of the conference, then every six.
        reviews = []
        due = add_months(start, 3)
        for _ in range(rng.choices([1, 2, 3, 4, 5, 6], weights=[15, 45, 24, 10, 4, 2])[0]):
            reviews.append(_working_day_on_or_before(due - timedelta(days=rng.randint(0, 12))))
            due = add_months(due, 6)
        if rng.random() < 0.85:
            end = reviews[-1]  # ended at a review conference
        else:
            end = _working_day_on_or_after(reviews[-1] + timedelta(days=rng.randint(10, 150)))
        initial = CATEGORIES.draw(rng)
        latest, changed = initial, None
        if rng.random() < 0.1:
            latest, changed = CATEGORIES.draw(rng), reviews[0]
        episode.cpps.append(
            ProtectionPlan(start, end, initial, latest, changed, child.previous_cpps, reviews)
        )
        child.previous_cpps += 1
        if rng.random() < P_STEP_DOWN:
            self.cin_plan(child, episode, end, step_up=False)
        else:
            self.close(episode, self.latest(episode), CLOSED_AFTER_CPP)

    def latest(self, episode: Episode) -> date:
        days = [episode.referral]
        days += [a.end for a in episode.assessments]
        days += [s.decided for s in episode.s47s]
        days += [p.end for p in episode.cin_plans]
        days += [p.end for p in episode.cpps]
        return max(days)

    def maybe_death(self, child: Child, episode: Episode) -> None:
        census = self.census
        if (
            child.born is not None
            and (episode.cpps or episode.cin_plans)
            and census.start <= episode.closure <= census.end
            and self.rng.random() < P_DEATH
        ):
            child.died = episode.closure
            episode.reason = "RC2"


# --------------------------------------------------------------------------- output


class _Writer:
    """Indented XML, one element per line, straight to a binary stream."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.lines: list[str] = []
        self.depth = 0

    @contextmanager
    def element(self, tag: str) -> Iterator[None]:
        self.lines.append(f"{'  ' * self.depth}<{tag}>")
        self.depth += 1
        yield
        self.depth -= 1
        self.lines.append(f"{'  ' * self.depth}</{tag}>")

    def value(self, tag: str, text: object) -> None:
        if text is None:
            return
        # Every value here is a code, a number or a date: nothing to escape.
        self.lines.append(f"{'  ' * self.depth}<{tag}>{text}</{tag}>")

    def flush(self) -> None:
        if self.lines:
            self.lines.append("")
            self.stream.write("\n".join(self.lines).encode())
            self.lines.clear()


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


class _Renderer:
    def __init__(self, writer: _Writer, census: _Census) -> None:
        self.w = writer
        self.census = census

    def header(self) -> None:
        census, w = self.census, self.w
        w.lines.append('<?xml version="1.0" encoding="utf-8"?>')
        w.lines.append("<Message>")  # left open: the children are streamed into it
        w.depth = 1
        with w.element("Header"):
            with w.element("CollectionDetails"):
                w.value("Collection", "CIN")
                w.value("Year", census.year)
                w.value("ReferenceDate", census.end.isoformat())
            with w.element("Source"):
                w.value("SourceLevel", "L")
                w.value("LEA", census.la)
                w.value("SoftwareCode", "MASA")
                w.value("Release", "1.0")
                w.value("SerialNo", "1")
                w.value("DateTime", f"{census.year}-05-06T09:30:00")
        w.lines.append("  <Children>")
        w.depth = 2

    def footer(self) -> None:
        self.w.depth = 0
        self.w.lines.append("  </Children>")
        self.w.lines.append("</Message>")

    def child(self, index: int, child: Child, rng: random.Random) -> None:
        census, w = self.census, self.w
        episodes = [e for e in child.episodes if e.referral <= census.end]
        episodes = [e for e in episodes if e.closure >= census.start]
        further_action = any(not e.nfa for e in episodes)
        with w.element("Child"):
            with w.element("ChildIdentifiers"):
                w.value("LAchildID", _la_child_id(index))
                upn, former, unknown = self.upn(index, child, further_action, rng)
                w.value("UPN", upn)
                w.value("FormerUPN", former)
                w.value("UPNunknown", unknown)
                w.value("PersonBirthDate", _iso(child.born))
                w.value("ExpectedPersonBirthDate", _iso(child.expected))
                self.sex(child, rng)
                if child.died is not None and child.died <= census.end:
                    w.value("PersonDeathDate", child.died.isoformat())
            with w.element("ChildCharacteristics"):
                if child.born is None and rng.random() < 0.6:
                    w.value("Ethnicity", "NOBT")
                else:
                    w.value("Ethnicity", ETHNICITIES.draw(rng))
                with w.element("Disabilities"):
                    for code in self.disabilities(child, rng):
                        w.value("Disability", code)
            for episode in episodes:
                self.episode(episode)

    def upn(
        self, index: int, child: Child, further_action: bool, rng: random.Random
    ) -> tuple[str | None, str | None, str | None]:
        end = self.census.end
        # DfE rule 8770Q: "school age" is born on or before 31 August, six years before
        # the September after the census.
        school_age = child.born is not None and child.born <= _years_after(
            end + timedelta(days=153), -6
        )
        if child.born is None:
            has_upn = False
        elif school_age:
            has_upn = rng.random() < 0.93
        else:
            has_upn = child.age(end) >= 2.5 and rng.random() < 0.4
        former = None
        if not has_upn:
            if not further_action:
                return None, None, "UN7"
            if not school_age:
                return None, None, "UN1"
            return None, None, UPN_UNKNOWN_AT_SCHOOL_AGE.draw(rng)
        assert child.born is not None
        la = self.census.la if rng.random() < 0.88 else rng.choice(_OTHER_LAS)
        # Characters 5-8: the school's DfE number; 9-10: the year of allocation;
        # 11-13: a serial. A bijection of the child's index keeps them all different.
        mixed = (index * 104_729 + 7_919) % 1_000_000
        school = f"{rng.choice('2234'):s}{mixed % 1000:03d}"
        allocated = f"{(child.born.year + 4) % 100:02d}"
        rest = f"{la}{school}{allocated}{mixed // 1000:03d}"
        upn = upn_check_letter(rest) + rest
        if rng.random() < 0.005:
            other = f"{rng.choice(_OTHER_LAS)}{rng.randint(0, 10**9 - 1):09d}"
            former = upn_check_letter(other) + other
        return upn, former, None

    def sex(self, child: Child, rng: random.Random) -> None:
        unborn = child.born is None
        draw = rng.random()
        if self.census.year <= 2024:
            code = "0" if unborn else ("1" if draw < 0.52 else "2" if draw < 0.997 else "9")
            self.w.value("GenderCurrent", code)
        else:
            code = "U" if unborn else ("M" if draw < 0.52 else "F" if draw < 0.997 else "U")
            self.w.value("Sex", code)

    def disabilities(self, child: Child, rng: random.Random) -> list[str]:
        if child.born is None or rng.random() >= P_DISABLED:
            return ["NONE"]
        count = 1 + (rng.random() < 0.3) + (rng.random() < 0.08)
        found: list[str] = []
        while len(found) < count:
            code = DISABILITIES.draw(rng)
            if code not in found:
                found.append(code)
        return found

    def episode(self, episode: Episode) -> None:
        census, w = self.census, self.w
        start, end = census.start, census.end
        closure = episode.closure if episode.closure <= end else None
        with w.element("CINdetails"):
            w.value("CINreferralDate", episode.referral.isoformat())
            w.value("ReferralSource", episode.source)
            w.value("PrimaryNeedCode", episode.need or None)
            w.value("CINclosureDate", _iso(closure))
            w.value("ReasonForClosure", episode.reason if closure else None)
            if episode.cin_icpc is not None and episode.cin_icpc <= end:
                w.value("DateOfInitialCPC", episode.cin_icpc.isoformat())
            w.value("ReferralNFA", "true" if episode.nfa else "false")
            for assessment in episode.assessments:
                if assessment.start > end:
                    continue
                done = assessment.end if assessment.end <= end else None
                if done is not None and done < start:
                    continue  # authorised before the year (DfE rule 8696)
                with w.element("Assessments"):
                    w.value("AssessmentActualStartDate", assessment.start.isoformat())
                    review = assessment.internal_review
                    if done is not None and review is not None:
                        w.value("AssessmentInternalReviewDate", review.isoformat())
                    w.value("AssessmentAuthorisationDate", _iso(done))
                    if done is not None:
                        with w.element("FactorsIdentifiedAtAssessment"):
                            for factor in assessment.factors:
                                w.value("AssessmentFactors", factor)
            for plan in episode.cin_plans:
                if plan.start > end or plan.end < start:
                    continue
                with w.element("CINPlanDates"):
                    w.value("CINPlanStartDate", plan.start.isoformat())
                    w.value("CINPlanEndDate", _iso(plan.end if plan.end <= end else None))
            for s47 in episode.s47s:
                if s47.start > end:
                    continue
                icpc = s47.icpc if s47.icpc is not None and s47.icpc <= end else None
                decided = s47.decided <= end
                if (icpc or s47.decided) < start:
                    continue  # the conference, or the decision not to hold one, came before
                with w.element("Section47"):
                    w.value("S47ActualStartDate", s47.start.isoformat())
                    if s47.icpc is not None or not decided:
                        w.value("InitialCPCtarget", s47.target.isoformat())
                    w.value("DateOfInitialCPC", _iso(icpc))
                    w.value("ICPCnotRequired", "1" if s47.icpc is None and decided else "0")
            for cpp in episode.cpps:
                if cpp.start > end or cpp.end < start:
                    continue
                with w.element("ChildProtectionPlans"):
                    w.value("CPPstartDate", cpp.start.isoformat())
                    w.value("CPPendDate", _iso(cpp.end if cpp.end <= end else None))
                    w.value("InitialCategoryOfAbuse", cpp.initial)
                    changed = cpp.changed is not None and cpp.changed <= end
                    w.value("LatestCategoryOfAbuse", cpp.latest if changed else cpp.initial)
                    w.value("NumberOfPreviousCPP", cpp.previous)
                    reviews = [r for r in cpp.reviews if start <= r <= min(end, cpp.end)]
                    if reviews:
                        with w.element("Reviews"):
                            for review in reviews:
                                w.value("CPPreviewDate", review.isoformat())


def _la_child_id(index: int) -> str:
    # A case-management system's person number: seven digits, all different.
    return f"{1_000_000 + (index * 7_919 + 12_345) % 9_000_000}"


@contextmanager
def _opened(out: Path | BinaryIO) -> Iterator[IO[bytes]]:
    if isinstance(out, Path):
        with out.open("wb") as stream:
            yield stream
    else:
        yield out


def generate(
    out: Path | BinaryIO,
    *,
    children: int,
    year: int,
    seed: int,
    la: str = "301",
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write a synthetic CIN census for the year ending 31 March `year` to `out`.

    `children` children (1 to MAX_CHILDREN), local authority `la` (a 3-digit DfE LA code,
    also characters 2-4 of most UPNs). Deterministic: the same arguments give the same
    bytes, and child number k is the same whatever `children` is. `progress`, if given,
    is called with the number of children written so far (every 1,000 and at the end).
    """
    if not 1 <= children <= MAX_CHILDREN:
        raise ValueError(f"children must be between 1 and {MAX_CHILDREN:,}")
    if not 2014 <= year <= 2100:
        raise ValueError("year must be a census year between 2014 and 2100")
    if la not in LA_CODES:
        raise ValueError(f"{la!r} is not a DfE local authority code (3 digits, e.g. 301)")
    census = _Census(year, date(year - 1, 4, 1), date(year, 3, 31), la)
    with _opened(out) as stream:
        writer = _Writer(stream)
        renderer = _Renderer(writer, census)
        renderer.header()
        for index in range(children):
            # Synthetic data, not secrets: a seeded stream per child keeps files reproducible.
            rng = random.Random(f"masa-cin:{seed}:{year}:{la}:{index}")  # noqa: S311
            child = _Simulation(rng, census).child()
            renderer.child(index, child, rng)
            if (index + 1) % 200 == 0:
                writer.flush()
            if progress is not None and (index + 1) % 1000 == 0:
                progress(index + 1)
        renderer.footer()
        writer.flush()
    if progress is not None and children % 1000:
        progress(children)
