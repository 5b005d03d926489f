"""The demo's insight: the indicator catalogue, three years of Northbridge's quarterly
returns, comparators, three Children in Need census years and the platform's own
figures, so that every dashboard shows trends, exceptions and gaps on first run.

Everything goes through the services the pages use: `catalogue_install`,
`return_open`, `return_save` and `return_submit` (so versions, lateness and the
measurements they write are real), `comparators_import` (a CSV made in memory),
`census_import` of files made by `masa.insight.cin.generate` (in memory, never on
disk) and `platform_measurements_compute`.

The figures are invented but shaped like a real borough's: each indicator has a
level, a gentle trend and a seasonal pattern (fewer suspensions in the summer term,
more missing episodes in the summer holidays), and a little noise, all drawn from a
`random.Random` seeded per indicator, so the same build always gives the same
figures. A few stories are written in by hand (a cluster of missing episodes, sibling
groups placed out of area, a GP system change), with the agency's narrative beside
the figure. Most returns are on time; a few are late, the fire service misses two
quarters, the ICB's latest return is overdue with a draft started, and one council
return is corrected with a reason.

The data depends on the seed and the anchor only (the afternoon of the working day the
demo is loaded, as the front door: masa/demo/anchor.py). The quarters run up to the
last one ended before the anchor; the stories were written for the story's anchor
(November 2026) and move by whole years with it, so each stays in its season
(`Calendar`).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from masa.core import audit, clocks
from masa.core.acting import Acting, acting_in
from masa.core.models import Agency, AgencyKind, AuditEvent, Partnership, Person
from masa.core.timescales import DEFAULTS
from masa.demo import anchor as demo_anchor
from masa.frontdoor.services import LONDON
from masa.insight import compute, periods, selectors, services, validation
from masa.insight.cin import generate as cin_generate
from masa.insight.cin.importer import census_import
from masa.insight.models import (
    CinCensus,
    DataReturn,
    Indicator,
    Polarity,
    Unit,
)
from masa.insight.periods import Period
from masa.insight.validation import Entry

Progress = Callable[[str], None]

SEED = 4
LOAD_VERB = "demo.insight_load"
# The latest quarter returned at the story's anchor (Q2 2026-27): the stories, late
# and missing returns below are written for the twelve quarters up to it.
STORY_LAST = periods.last_ended_quarter(demo_anchor.STORY.date())

# Census year (the year ending 31 March) -> children in the generated file, at the
# story's anchor (later anchors move the years on). Northbridge has about 65,000
# children; about 5% of them are in a census year's file.
CENSUS_CHILDREN = {2024: 3_150, 2025: 3_280, 2026: 3_420}
CENSUS_LA = "301"

BUSINESS_MANAGER = "eleanor.hughes@northbridge.example"
LA: str = AgencyKind.LOCAL_AUTHORITY
POLICE: str = AgencyKind.POLICE
ICB: str = AgencyKind.HEALTH_ICB
TRUST: str = AgencyKind.HEALTH_TRUST
FIRE: str = AgencyKind.FIRE
DATA_LEADS: dict[str, dict[str, str]] = {
    "northbridge": {
        LA: "tamsin.penhaligon@northbridge.example",
        POLICE: "gwen.trevithick@merciavale-police.example",
        ICB: "farid.ahmed@merciavale-icb.example",
        TRUST: "declan.fairweather@northbridge-hospitals.example",
        FIRE: "morwenna.trist@merciavale-fire.example",
    },
    "southmoor": {
        LA: "fenella.ashdown@southmoor.example",
        POLICE: "gwen.trevithick@merciavale-police.example",
        FIRE: "morwenna.trist@merciavale-fire.example",
    },
}

# --- how each figure moves ----------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A count per quarter: `base` in the first quarter, growing by `growth` a year,
    times the quarter's seasonal factor (Q1 April-June first)."""

    base: float
    growth: float = 0.0
    season: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    noise: float = 0.06


@dataclass(frozen=True)
class Share:
    """A percentage returned as two counts: the denominator moves like a `Count`
    (or is another figure of the same return, `of`), the percentage starts at `rate`
    and drifts `drift` points a year, plus the quarter's seasonal points."""

    denominator: Count
    rate: float
    drift: float = 0.0
    season: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    noise: float = 1.2
    of: str = ""


SCHOOL_TERMS = (1.0, 0.82, 1.08, 1.04)  # the summer holidays fall in Q2
SUMMER_HIGH = (1.0, 1.1, 0.96, 0.94)
WINTER_HIGH = (0.95, 1.0, 1.12, 1.05)
SESSIONS = (120.0, 70.0, 140.0, 118.0)  # school sessions a pupil could attend, by quarter

PROFILES: dict[str, Count | Share] = {
    # Early help.
    "earlyhelp.contacts": Count(1_080, 0.04, SCHOOL_TERMS),
    "earlyhelp.eha_requests": Count(315, 0.05, SCHOOL_TERMS),
    "earlyhelp.contacts_timely_pct": Share(Count(1_050, 0.04, SCHOOL_TERMS), 86.5, 1.3),
    "earlyhelp.children_open": Count(1_420, 0.035, noise=0.03),
    "earlyhelp.step_up_pct": Share(Count(380, 0.03), 14.5, -0.6, noise=1.5),
    # Children in care and care leavers.
    "cic.children_in_care": Count(405, 0.025, noise=0.015),
    "cic.placed_20_miles_pct": Share(Count(0), 13.2, 0.9, of="cic.children_in_care"),
    "cic.three_placements_pct": Share(Count(0), 10.8, -0.2, of="cic.children_in_care"),
    "cic.long_term_stability_pct": Share(Count(118, 0.02, noise=0.03), 67.5, 0.8, noise=2.0),
    "cic.health_assessment_pct": Share(Count(295, 0.025, noise=0.02), 87.0, 0.9, noise=1.8),
    "cic.seen_alone_pct": Share(Count(1_140, 0.025), 83.5, 1.1, noise=1.5),
    "careleavers.eet_pct": Share(Count(138, 0.03, noise=0.03), 49.0, 1.6, noise=2.5),
    "careleavers.suitable_accommodation_pct": Share(Count(0), 88.5, 0.4, of="careleavers.eet_pct"),
    # Police.
    "police.missing_episodes": Count(305, -0.03, SUMMER_HIGH, 0.07),
    "police.da_incidents_children_present": Count(515, 0.02, (1.0, 1.08, 1.1, 0.92), 0.05),
    "police.encompass_on_time_pct": Share(Count(470, 0.02, SCHOOL_TERMS), 90.5, 1.6),
    "police.cse_crimes": Count(14, 0.05, noise=0.2),
    "police.cce_crimes": Count(21, 0.14, noise=0.15),
    "police.csa_crimes": Count(68, 0.03, noise=0.1),
    "police.strategy_attendance_pct": Share(Count(255, 0.03), 92.0, 0.8, noise=1.5),
    # Health.
    "health.iha_within_20wd_pct": Share(Count(38, 0.03, noise=0.12), 71.0, 4.5, noise=5.0),
    "health.rha_on_time_pct": Share(Count(96, 0.025, noise=0.06), 85.5, 1.2, noise=2.5),
    "health.conference_attendance_pct": Share(Count(108, 0.02, noise=0.07), 84.0, 2.0),
    "health.gp_conference_reports_pct": Share(Count(138, 0.02, noise=0.06), 63.0, 3.0, noise=3),
    "health.da_routine_enquiry_pct": Share(Count(815, 0.0, noise=0.04), 86.5, 1.0),
    "health.level3_training_pct": Share(
        Count(1_240, 0.01, noise=0.01), 83.0, 1.5, (0.0, -1.5, 0.5, 1.0)
    ),
    # Education.
    "education.attendance_pct": Share(
        Count(42_000, 0.005, noise=0.002), 93.4, 0.3, (0.4, 1.2, -0.3, -0.9), 0.3
    ),
    "education.persistent_absence_pct": Share(
        Count(42_000, 0.005, noise=0.002), 19.4, -0.9, (-0.6, -1.8, 0.4, 1.4), 0.5
    ),
    "education.cp_attendance_pct": Share(
        Count(255, 0.02, noise=0.05), 86.0, 0.6, (0.5, 1.0, -0.4, -1.0), 1.0
    ),
    "education.suspensions": Count(640, 0.08, SCHOOL_TERMS, 0.05),
    "education.permanent_exclusions": Count(9, 0.06, SCHOOL_TERMS, 0.25),
    "education.elective_home_education": Count(505, 0.1, (1.0, 0.97, 1.06, 1.03), 0.02),
    "education.missing_education": Count(138, 0.04, (1.0, 0.9, 1.1, 1.0), 0.08),
    # Adults.
    "adults.safeguarding_concerns": Count(945, 0.05, WINTER_HIGH, 0.04),
    "adults.s42_concluded": Count(262, 0.04, noise=0.05),
    "adults.msp_outcomes_pct": Share(Count(196, 0.04, noise=0.05), 91.5, 0.3, noise=1.5),
    "adults.self_neglect_panel_referrals": Count(10, 0.12, WINTER_HIGH, 0.25),
    "fire.hoarding_referrals": Count(27, 0.1, WINTER_HIGH, 0.15),
    "fire.hoarding_severe_pct": Share(
        Count(0), 26.0, -1.0, noise=4.0, of="fire.hoarding_referrals"
    ),
}
# Section 42 enquiries by type of abuse: shares of the enquiries concluded.
S42_SHARES = {
    "physical": 0.21,
    "domestic": 0.1,
    "sexual": 0.05,
    "sexual_exploitation": 0.012,
    "psychological": 0.15,
    "financial": 0.16,
    "modern_slavery": 0.006,
    "discriminatory": 0.005,
    "organisational": 0.06,
    "neglect": 0.3,
    "self_neglect": 0.12,
}
for _key, _share in S42_SHARES.items():
    PROFILES[f"adults.s42.{_key}"] = Count(262 * _share, 0.04 + (_key == "self_neglect") * 0.1)
# Each quarterly figure of the starter catalogue that agencies return has a profile.


@dataclass(frozen=True)
class Story:
    """A figure the agency explained: scale the usual figure (`factor`), or set the
    percentage (`percent`), and the story behind it."""

    narrative: str
    factor: float = 1.0
    percent: float | None = None


STORIES: dict[tuple[str, str], Story] = {
    ("police.missing_episodes", "2026-27 Q2"): Story(
        "A cluster of repeat missing episodes from two children's homes in July and August: "
        "three children account for 61 episodes. Every child was offered a return home "
        "interview and the exploitation panel reviewed all three.",
        factor=1.42,
    ),
    ("cic.placed_20_miles_pct", "2026-27 Q2"): Story(
        "Four sibling groups came into care in the quarter and no local foster carers could "
        "take them together. The sufficiency strategy's recruitment campaign starts in "
        "January.",
        percent=17.6,
    ),
    ("cic.placed_20_miles_pct", "2026-27 Q1"): Story(
        "Two residential placements out of area for children with complex needs.",
        percent=16.4,
    ),
    ("health.gp_conference_reports_pct", "2025-26 Q3"): Story(
        "Two practices changed their clinical system in October and requests for reports "
        "were not picked up for three weeks. The named GP has written to every practice.",
        percent=48.5,
    ),
    ("police.cce_crimes", "2024-25 Q4"): Story(
        "Operation Ironbridge, a county lines operation in February, identified 11 children "
        "being criminally exploited.",
        factor=1.8,
    ),
    ("education.elective_home_education", "2026-27 Q2"): Story(
        "The usual September rise, larger this year: 41 families chose home education at "
        "the move to secondary school. Each family has been offered a visit.",
        factor=1.09,
    ),
    ("health.iha_within_20wd_pct", "2024-25 Q2"): Story(
        "Paediatric clinic capacity was reduced over the summer; extra clinics were added "
        "in September.",
        percent=58.0,
    ),
    ("education.persistent_absence_pct", "2026-27 Q2"): Story(
        "September only: a short half-term in which a few days' illness makes a pupil "
        "persistently absent. The attendance team's targeted work with 12 schools continues.",
        percent=21.3,
    ),
    ("adults.s42.self_neglect", "2025-26 Q3"): Story(
        "More self-neglect enquiries after the hoarding protocol was relaunched in October.",
        factor=1.45,
    ),
}

# The return narratives' opening lines, by agency kind: the story behind the figures.
CONTEXT: dict[str, tuple[str, ...]] = {
    LA: (
        "Demand at the front door stayed high this quarter.",
        "Early help caseloads rose as the family hubs took on more families.",
        "Two experienced social workers left the assessment team; agency staff covered.",
        "The quarter's figures were checked against the case management system's audit.",
        "The attendance team's work with the secondary schools continued.",
    ),
    POLICE: (
        "The public protection unit was fully staffed for the quarter.",
        "A new missing person coordinator started in the MASH.",
        "Operation Encompass notifications now go out from the control room overnight.",
        "The force's exploitation team ran two operations with the council.",
    ),
    ICB: (
        "The designated nurse checked every late assessment with the provider.",
        "Paediatric capacity for health assessments was steady this quarter.",
        "GP practices were reminded of the conference report template.",
    ),
    TRUST: (
        "Maternity booking numbers were steady.",
        "The safeguarding team ran extra level 3 sessions for new starters.",
        "Routine enquiry training was added to the midwives' induction.",
    ),
    FIRE: (
        "Safe and well visits continued in the wards with most hoarding referrals.",
        "Crews found hoarding on more incident calls than usual.",
    ),
}


# --- the plan of returns ------------------------------------------------------------


@dataclass(frozen=True)
class ReturnPlan:
    """How one agency's return for one quarter went."""

    kind: str
    period: Period
    submitted: datetime.datetime | None  # None: not submitted (a draft, or missing)
    draft: bool = False
    late: bool = False


# Which returns did not come, came late, or were corrected (Northbridge).
MISSING = {(FIRE, "2024-25 Q4"), (FIRE, "2025-26 Q1")}
LATE_DAYS = {
    (POLICE, "2024-25 Q3"): 9,
    (TRUST, "2025-26 Q1"): 16,
    (FIRE, "2025-26 Q2"): 21,
    (LA, "2025-26 Q4"): 6,
    (TRUST, "2026-27 Q2"): 4,
}
# The latest quarter's return from the ICB is overdue, with a draft started (`Calendar`).
NOT_AVAILABLE = {
    (TRUST, "2025-26 Q3", "health.level3_training_pct"): (
        "Not available: the training records moved to a new system in December and the "
        "figures for the quarter could not be reported."
    ),
}


@dataclass(frozen=True)
class Correction:
    kind: str
    quarter: str
    code: str
    numerator_change: int
    reason: str
    days_after: int


CORRECTION = Correction(
    LA,
    "2026-27 Q1",
    "education.attendance_pct",
    -61_200,
    "The attendance figures were taken before the summer term's registers were finalised. "
    "Corrected from the final data: attendance was lower than first reported.",
    days_after=19,
)


def _local(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


@dataclass(frozen=True)
class Calendar:
    """The demo's quarters and years at `anchor`, and the stories put in them.

    The stories (and the late, missing and corrected returns) keep their quarter of
    the year, moved on by whole years as the anchor moves on from the story's, so a
    story about the summer holidays stays in a summer quarter; every one falls in the
    twelve quarters shown."""

    anchor: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return self.anchor.astimezone(LONDON).date()

    @property
    def current(self) -> Period:
        """The quarter still open at the anchor."""
        return periods.quarter_containing(self.today)

    @property
    def last(self) -> Period:
        """The latest quarter returned: the latest whose returns were due (by the default
        deadline) before the anchor, so every agency has had its chance to send it."""
        period = periods.last_ended_quarter(self.today)
        while clocks.due(period.end, DEFAULTS["data_return_deadline"].rule) >= self.today:
            period = period.previous()
        return period

    @property
    def quarters(self) -> list[Period]:
        """The twelve quarters up to the latest, oldest first."""
        return periods.quarters_back(self.last, 12)

    @property
    def years_after_story(self) -> int:
        quarters = (self.last.financial_year - STORY_LAST.financial_year) * 4
        return (quarters + self.last.quarter - STORY_LAST.quarter) // 4

    def moved(self, code: str) -> str:
        """A quarter (or year) written for the story's anchor, at this anchor."""
        period = periods.parse(code)
        year = period.financial_year + self.years_after_story
        if period.is_quarter:
            return periods.quarter(year, period.quarter).code
        return periods.financial_year(year).code

    @property
    def stories(self) -> dict[tuple[str, str], Story]:
        return {(code, self.moved(quarter)): story for (code, quarter), story in STORIES.items()}

    @property
    def missing(self) -> set[tuple[str, str]]:
        return {(kind, self.moved(quarter)) for kind, quarter in MISSING}

    @property
    def late_days(self) -> dict[tuple[str, str], int]:
        return {(kind, self.moved(quarter)): days for (kind, quarter), days in LATE_DAYS.items()}

    @property
    def overdue_draft(self) -> tuple[str, str]:
        return (ICB, self.last.code)

    @property
    def not_available(self) -> dict[tuple[str, str, str], str]:
        return {(k, self.moved(q), code): why for (k, q, code), why in NOT_AVAILABLE.items()}

    @property
    def correction_quarter(self) -> str:
        return self.moved(CORRECTION.quarter)

    @property
    def census_children(self) -> dict[int, int]:
        """The census years imported: the three up to the latest ended by the anchor."""
        return {year + self.years_after_story: n for year, n in CENSUS_CHILDREN.items()}

    @property
    def comparator_years(self) -> list[Period]:
        return [periods.financial_year(y + self.years_after_story) for y in (2023, 2024, 2025)]


def plan_returns(
    partnership: Partnership, kinds: Iterable[str], quarters: list[Period], calendar: Calendar
) -> list[ReturnPlan]:
    """When each agency (by kind) sent each quarter's return: mostly in the last week or
    two before the deadline; in Northbridge some late, some missing and one overdue."""
    story = partnership.slug == "northbridge"
    rng = random.Random(f"{SEED}:{partnership.slug}:dates")
    plans = []
    missing, late_days = calendar.missing, calendar.late_days
    for period in quarters:
        deadline = selectors.return_deadline(partnership, period)
        for kind in kinds:
            key = (kind, period.code) if story else ("", "")
            if key in missing:
                continue
            if key == calendar.overdue_draft:
                plans.append(ReturnPlan(kind, period, None, draft=True))
                continue
            if key in late_days:
                day = deadline + datetime.timedelta(days=late_days[key])
            else:
                day = deadline - datetime.timedelta(days=rng.randint(1, 16))
            while day.weekday() >= 5:
                day -= datetime.timedelta(days=1)
            when = _local(day, rng.randint(9, 16), rng.choice((5, 20, 35, 50)))
            if when > calendar.anchor:
                continue  # early in the return window: not sent yet
            plans.append(ReturnPlan(kind, period, when, late=key in late_days))
    return plans


# --- the figures ---------------------------------------------------------------------


@dataclass
class Value:
    value: int | None = None  # a count
    numerator: int | None = None
    denominator: int | None = None
    narrative: str = ""
    not_available: bool = False

    @property
    def number(self) -> float | None:
        if self.value is not None:
            return float(self.value)
        if self.numerator is not None and self.denominator:
            return 100.0 * self.numerator / self.denominator
        return None

    def entry(self) -> Entry:
        if self.not_available:
            return Entry(narrative=self.narrative, not_available=True)
        if self.value is not None:
            return Entry(value=str(self.value), narrative=self.narrative)
        return Entry(
            numerator=str(self.numerator),
            denominator=str(self.denominator),
            narrative=self.narrative,
        )


def _count(profile: Count, rng: random.Random, index: int, period: Period) -> float:
    years = index / 4
    level = profile.base * (1 + profile.growth) ** years * profile.season[period.quarter - 1]
    return max(0.0, float(level * (1 + rng.gauss(0, profile.noise))))


def figures(slug: str, codes: Iterable[str], calendar: Calendar) -> dict[str, dict[Period, Value]]:
    """Every figure of `codes` for the twelve quarters: deterministic per indicator."""
    result: dict[str, dict[Period, Value]] = {}
    wanted = list(codes)
    # Figures another one is a share of come first.
    ordered = sorted(wanted, key=lambda code: bool(_of(code)))
    for code in ordered:
        profile = PROFILES.get(code)
        if profile is None:
            continue
        rng = random.Random(f"{SEED}:{slug}:{code}")
        series: dict[Period, Value] = {}
        stories = calendar.stories
        for index, period in enumerate(calendar.quarters):
            story = stories.get((code, period.code)) if slug == "northbridge" else None
            if isinstance(profile, Count):
                number = _count(profile, rng, index, period) * (story.factor if story else 1)
                series[period] = Value(value=round(number))
                continue
            base = result.get(profile.of, {}).get(period)
            if base is not None:
                denominator = base.value if base.value is not None else base.denominator or 0
            else:
                denominator = max(1, round(_count(profile.denominator, rng, index, period)))
            if code.startswith("education.") and "attendance" in code:
                denominator = round(denominator * SESSIONS[period.quarter - 1])
            rate = (
                profile.rate
                + profile.drift * index / 4
                + profile.season[period.quarter - 1]
                + rng.gauss(0, profile.noise)
            )
            if story is not None and story.percent is not None:
                rate = story.percent
            rate = min(99.6, max(0.4, rate))
            numerator = min(denominator, round(denominator * rate / 100))
            series[period] = Value(numerator=numerator, denominator=denominator)
        result[code] = series
    return result


def _of(code: str) -> str:
    profile = PROFILES.get(code)
    return profile.of if isinstance(profile, Share) else ""


def _shown(indicator: Indicator, value: Value) -> str:
    number = value.number
    if number is None:
        return "not available"
    if indicator.unit == Unit.PERCENT:
        return f"{number:.1f}%"
    return f"{number:,.0f}"


def _is_red(indicator: Indicator, number: float) -> bool:
    if indicator.red_from is None:
        return False
    red = float(indicator.red_from)
    return number <= red if indicator.polarity == Polarity.HIGHER else number >= red


GENERIC_REASONS = {
    "up": (
        "More referrals from schools after the start of term.",
        "A rise across the area, not in one team; we are looking at the cases.",
        "Partly better recording since the system change in the spring.",
        "Seasonal: the same rise as last year at this time.",
    ),
    "down": (
        "Fewer cases than usual; we are checking nothing is going unrecorded.",
        "Seasonal: the same fall as last year at this time.",
        "A quieter quarter after the previous one's peak.",
    ),
    "red": (
        "Below where we want to be: the service manager has an action plan and reports to "
        "the performance subgroup next quarter.",
        "Outside tolerance: staff absence in the team affected timeliness; cover is in place.",
    ),
}


def narrate(
    indicators: dict[str, Indicator],
    series: dict[str, dict[Period, Value]],
    slug: str,
    calendar: Calendar,
) -> None:
    """Give notable figures (outside tolerance, or a big change) the story behind them."""
    stories = calendar.stories
    for code, by_period in series.items():
        indicator = indicators[code]
        rng = random.Random(f"{SEED}:{slug}:{code}:narrative")
        previous: float | None = None
        for period, value in by_period.items():
            number = value.number
            story = stories.get((code, period.code)) if slug == "northbridge" else None
            if story is not None:
                value.narrative = story.narrative
            elif number is not None and _is_red(indicator, number):
                value.narrative = rng.choice(GENERIC_REASONS["red"])
            elif number is not None and previous and number >= 20:
                change = 100 * (number - previous) / previous
                if abs(change) > float(indicator.change_alert_percent):
                    way = "up" if change > 0 else "down"
                    value.narrative = rng.choice(GENERIC_REASONS[way])
            previous = number


def return_narrative(
    kind: str,
    agency: Agency,
    period: Period,
    values: dict[Indicator, Value],
    rng: random.Random,
) -> str:
    """The return's story behind the figures: the context and what moved most."""
    if rng.random() < 0.15:
        return ""
    told = [indicator for indicator, value in values.items() if value.narrative]
    parts = [rng.choice(CONTEXT[kind])]
    if told:
        names = ", ".join(indicator.name.lower() for indicator in told[:2])
        parts.append(f"See the notes beside {names}.")
    else:
        parts.append(f"No figure in {agency.name}'s return for {period.short_label} stands out.")
    return " ".join(parts)


# --- writing -------------------------------------------------------------------------


@dataclass
class Counts:
    submitted: int = 0
    late: int = 0
    drafts: int = 0
    corrections: int = 0
    comparators: int = 0
    censuses: int = 0
    platform: int = 0


def _lead(slug: str, kind: str, partnership: Partnership) -> Acting | None:
    """The agency's data lead acting in `partnership`, if the demo has one."""
    email = DATA_LEADS.get(slug, {}).get(kind)
    person = Person.objects.filter(email=email).first() if email else None
    return acting_in(person, partnership) if person is not None else None


def _returning(partnership: Partnership) -> dict[str, tuple[Agency, list[Indicator]]]:
    """Each agency kind that owes returns: the agency and its quarterly indicators."""
    found: dict[str, tuple[Agency, list[Indicator]]] = {}
    for agency in selectors.owing_agencies(partnership):
        found[agency.kind] = (agency, list(selectors.return_indicators(partnership, agency)))
    return found


# A return's start and last change, set once the services have run (`_restamp`).
Stamp = tuple[int, datetime.datetime, datetime.datetime]


@dataclass
class ReturnsRun:
    """What every planned return of one partnership is written with."""

    partnership: Partnership
    owing: dict[str, tuple[Agency, list[Indicator]]]
    by_code: dict[str, Indicator]
    series: dict[str, dict[Period, Value]]
    calendar: Calendar
    counts: Counts
    rng: random.Random
    stamps: list[Stamp]

    @property
    def story(self) -> bool:
        return self.partnership.slug == "northbridge"


def write_returns(
    partnership: Partnership, quarters: list[Period], counts: Counts, calendar: Calendar
) -> None:
    """Every planned return of `partnership` through the services, oldest first."""
    slug = partnership.slug
    owing = _returning(partnership)
    kinds = [kind for kind in (LA, POLICE, ICB, TRUST, FIRE) if kind in owing]
    if slug != "northbridge":
        kinds = [kind for kind in kinds if kind in DATA_LEADS.get(slug, {})]
    by_code = {i.code: i for _, indicators in owing.values() for i in indicators}
    series = figures(slug, by_code, calendar)
    narrate(by_code, series, slug, calendar)
    run = ReturnsRun(
        partnership,
        owing,
        by_code,
        series,
        calendar,
        counts,
        random.Random(f"{SEED}:{slug}:returns"),
        [],
    )
    for plan in plan_returns(partnership, kinds, quarters, calendar):
        lead = _lead(slug, plan.kind, partnership)
        if lead is not None:
            _write_return(run, plan, lead)
    if run.story and ICB in owing:
        _start_current_return(run)
    _restamp(run.stamps)


def _planned_values(run: ReturnsRun, plan: ReturnPlan) -> dict[Indicator, Value]:
    """The figures of one planned return, with those the agency could not give."""
    _, indicators = run.owing[plan.kind]
    values = {i: run.series[i.code][plan.period] for i in indicators if i.code in run.series}
    for indicator in list(values):
        reason = run.calendar.not_available.get((plan.kind, plan.period.code, indicator.code))
        if reason and run.story:
            values[indicator] = Value(narrative=reason, not_available=True)
    return values


def _write_return(run: ReturnsRun, plan: ReturnPlan, lead: Acting) -> None:
    """One planned return: started and left in draft, or submitted (and corrected)."""
    agency, _ = run.owing[plan.kind]
    values = _planned_values(run, plan)
    narrative = return_narrative(plan.kind, agency, plan.period, values, run.rng)
    data_return = services.return_open(
        acting=lead, agency=agency, period=plan.period, today=run.calendar.today
    )
    if plan.draft:
        # Started, most figures in, one still to come: the latest quarter is overdue.
        held = list(values)[-1]
        services.return_save(
            acting=lead,
            data_return=data_return,
            narrative="Waiting for the GP practices' figures before submitting.",
            entries={i.pk: v.entry() for i, v in values.items() if i is not held},
        )
        opened = _local(plan.period.end + datetime.timedelta(days=19), 10, 15)
        last = _local(run.calendar.today - datetime.timedelta(2), 16, 40)
        run.stamps.append((data_return.pk, opened, last))
        run.counts.drafts += 1
        return
    assert plan.submitted is not None
    services.return_save(
        acting=lead,
        data_return=data_return,
        narrative=narrative,
        entries={i.pk: v.entry() for i, v in values.items()},
    )
    services.return_submit(acting=lead, data_return=data_return, now=plan.submitted)
    run.counts.submitted += 1
    run.counts.late += plan.late
    last_change = _correct(run, plan, lead, data_return, values, narrative) or plan.submitted
    opened = plan.submitted - datetime.timedelta(
        days=run.rng.randint(2, 9), hours=run.rng.randint(0, 5)
    )
    run.stamps.append((data_return.pk, opened, last_change))


def _correct(
    run: ReturnsRun,
    plan: ReturnPlan,
    lead: Acting,
    data_return: DataReturn,
    values: dict[Indicator, Value],
    narrative: str,
) -> datetime.datetime | None:
    """Northbridge's one corrected return: the corrected figure submitted as version 2.
    Returns when, or None for every other return."""
    correction = CORRECTION
    if not (
        run.story
        and (plan.kind, plan.period.code) == (correction.kind, run.calendar.correction_quarter)
        and correction.code in run.by_code
    ):
        return None
    assert plan.submitted is not None
    indicator = run.by_code[correction.code]
    value = values[indicator]
    assert value.numerator is not None
    value.numerator += correction.numerator_change
    value.narrative = "Corrected from the final registers."
    services.return_save(
        acting=lead,
        data_return=data_return,
        narrative=narrative,
        entries={indicator.pk: value.entry()},
    )
    corrected = plan.submitted + datetime.timedelta(days=correction.days_after)
    services.return_submit(
        acting=lead,
        data_return=data_return,
        correction_reason=correction.reason,
        expected_version=1,
        now=corrected,
    )
    run.counts.corrections += 1
    return corrected


def _start_current_return(run: ReturnsRun) -> None:
    """Farid has started the current quarter's return: work in progress."""
    farid = _lead(run.partnership.slug, ICB, run.partnership)
    if farid is None:
        return
    agency, indicators = run.owing[ICB]
    today = run.calendar.today
    data_return = services.return_open(
        acting=farid, agency=agency, period=run.calendar.current, today=today
    )
    early = series_for_current(indicators)
    services.return_save(
        acting=farid,
        data_return=data_return,
        narrative="",
        entries={i.pk: v.entry() for i, v in early.items()},
    )
    run.stamps.append(
        (
            data_return.pk,
            _local(today - datetime.timedelta(days=4), 9, 30),
            _local(today - datetime.timedelta(days=1), 11, 5),
        )
    )
    run.counts.drafts += 1


def _restamp(stamps: list[Stamp]) -> None:
    """The services stamp a return's start and last change with the moment they run;
    the demo's history happened before the anchor, so those two dates are set to when
    it happened (submissions already carry their dates through `now`)."""
    for pk, created, updated in stamps:
        DataReturn.objects.filter(pk=pk).update(created_at=created, updated_at=updated)


def series_for_current(indicators: list[Indicator]) -> dict[Indicator, Value]:
    """The two figures Farid has typed so far for the quarter still running."""
    rng = random.Random(f"{SEED}:current")
    chosen = [i for i in indicators if i.entered_as_fraction][:2]
    result = {}
    for indicator in chosen:
        denominator = rng.randint(30, 60)
        result[indicator] = Value(
            numerator=round(denominator * rng.uniform(0.7, 0.9)), denominator=denominator
        )
    return result


# --- comparators ---------------------------------------------------------------------

# England's published figures (rounded, in the shape of the DfE's statistics) for the
# years 2023-24, 2024-25 and 2025-26; the region and the statistical neighbours differ
# by a fixed share.
ENGLAND_YEARLY: dict[str, tuple[float, float, float]] = {
    "cin.referrals_per_10k": (544.0, 537.5, 531.0),
    "cin.rereferrals_12m_pct": (22.4, 22.1, 21.9),
    "cin.referrals_nfa_pct": (7.4, 7.1, 7.0),
    "cin.assessments_within_45wd_pct": (82.8, 83.6, 84.1),
    "cin.s47_per_10k": (195.7, 190.2, 188.0),
    "cin.icpc_within_15wd_pct": (78.0, 79.1, 79.5),
    "cin.cpp_started_per_10k": (41.7, 40.9, 40.2),
    "cin.cpp_second_or_subsequent_pct": (23.8, 23.6, 23.4),
    "cin.cpp_open_31mar_per_10k": (41.6, 40.8, 40.1),
    "cin.cin_31mar_per_10k": (332.1, 330.4, 328.0),
    "cic.placed_20_miles_pct": (15.2, 15.5, 15.9),
    "cic.three_placements_pct": (10.0, 10.1, 10.3),
    "cic.long_term_stability_pct": (69.0, 68.4, 68.0),
    "careleavers.eet_pct": (56.0, 56.5, 57.0),
}
REGION_FACTOR = 1.04
NEIGHBOURS_FACTOR = 1.08
QUARTERLY_ENGLAND = {
    "education.attendance_pct": (93.9, 94.7, 93.1, 92.6),
    "education.persistent_absence_pct": (18.9, 17.2, 19.5, 21.0),
}


def comparators_csv(codes: set[str], calendar: Calendar) -> bytes:
    """The comparators file the business unit would download and import."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Indicator code", "Comparator", "Period", "Value"])
    years = calendar.comparator_years
    for code, values in ENGLAND_YEARLY.items():
        if code not in codes:
            continue
        percent = code.endswith("_pct")
        for year, england in zip(years, values, strict=True):
            for kind, factor in (
                ("England", 1.0),
                ("Region", REGION_FACTOR),
                ("Statistical neighbours", NEIGHBOURS_FACTOR),
            ):
                value = min(99.9, england * factor) if percent else england * factor
                writer.writerow([code, kind, year.code, f"{value:.1f}"])
    for code, seasonal in QUARTERLY_ENGLAND.items():
        if code not in codes:
            continue
        for index, quarter in enumerate(calendar.quarters):
            england = seasonal[quarter.quarter - 1] + (0.1 * index / 4 if "attend" in code else 0)
            writer.writerow([code, "England", quarter.code, f"{england:.1f}"])
            writer.writerow([code, "Region", quarter.code, f"{england - 0.3:.1f}"])
    return out.getvalue().encode()


def write_comparators(acting: Acting, calendar: Calendar) -> int:
    partnership = acting.partnership
    codes = set(Indicator.objects.filter(partnership=partnership).values_list("code", flat=True))
    parsed = validation.parse_comparators(comparators_csv(codes, calendar))
    first, last = calendar.comparator_years[0], calendar.last
    result = services.comparators_import(
        acting=acting,
        rows=parsed.rows,
        problems=parsed.problems,
        file_name=f"comparators-{first.code}-to-{periods.financial_year(last.financial_year).code}.csv",
    )
    if result.problems:  # pragma: no cover - the file above is made to be right
        raise ValueError(f"demo comparators refused: {result.problems}")
    return result.imported


# --- the Children in Need census -----------------------------------------------------


def write_censuses(acting: Acting, calendar: Calendar) -> int:
    """Generate each census year's file in memory and import it as the LA would."""
    imported = 0
    for year, children in calendar.census_children.items():
        data = io.BytesIO()
        cin_generate.generate(data, children=children, year=year, seed=SEED, la=CENSUS_LA)
        data.seek(0)
        census = census_import(
            acting=acting,
            partnership=acting.partnership,
            source=data,
            file_name=f"northbridge-cin-census-{year}.xml",
            year=year,
        )
        if census.status != CinCensus.Status.COMPLETE:  # pragma: no cover - generated right
            raise ValueError(f"demo census {year} refused: {census.failure}")
        imported += 1
    return imported


# --- the build -----------------------------------------------------------------------


def loaded(partnership: Partnership) -> bool:
    return AuditEvent.objects.filter(partnership=partnership, verb=LOAD_VERB).exists()


def load(partnership: Partnership, anchor: datetime.datetime) -> dict[str, Any] | None:
    """Write a partnership's returns, comparators, censuses and platform figures once,
    up to `anchor`; None if already there."""
    if loaded(partnership):
        return None
    calendar = Calendar(anchor)
    counts = Counts()
    with transaction.atomic():
        manager = Person.objects.filter(email=BUSINESS_MANAGER).first()
        if partnership.slug == "northbridge":
            write_returns(partnership, calendar.quarters, counts, calendar)
            if manager is not None:
                acting = acting_in(manager, partnership)
                counts.comparators = write_comparators(acting, calendar)
                counts.censuses = write_censuses(acting, calendar)
        else:
            write_returns(partnership, [calendar.last], counts, calendar)
        computed = compute.platform_measurements_compute(
            partnership=partnership, today=calendar.today
        )
        counts.platform = computed.total
        summary: dict[str, Any] = {
            "returns_submitted": counts.submitted,
            "returns_late": counts.late,
            "drafts": counts.drafts,
            "corrections": counts.corrections,
            "comparators": counts.comparators,
            "censuses": counts.censuses,
            "platform_measurements": counts.platform,
            "seed": SEED,
            "anchor": anchor.isoformat(),
        }
        audit.record(None, LOAD_VERB, partnership=partnership, changes=summary)
    return summary


def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    """The catalogue for every partnership; Northbridge's three years of returns,
    comparators and censuses; a quarter of Southmoor's returns, up to `anchor` (by
    default the one the demo was built with, or today's). Idempotent."""
    anchor = demo_anchor.resolve(anchor)
    for partnership in Partnership.objects.order_by("slug"):
        services.catalogue_install(actor=None, partnership=partnership)
    for slug in ("northbridge", "southmoor"):
        found = Partnership.objects.filter(slug=slug).first()
        if found is None or loaded(found):
            continue
        if slug == "northbridge":
            progress("Insight: three years of returns, comparators and three CIN censuses")
        else:
            progress("Insight: a quarter of Southmoor's returns")
        load(found, anchor)
