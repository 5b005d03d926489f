"""The demo's learning and development: a year of Northbridge's training programme.

`generate` is pure: from a seed, a volume and an anchor moment it plans a
programme year around the anchor: the courses, the trainer pool,
the events, every booking with what became of it (confirmed, on the waiting list,
offered a freed place, cancelled in time or late, passed to a colleague),
attendance at past events, the four stages of evaluation, e-learning completions
and next year's training needs survey. Bookings are played out with the booking
services' own rules (capacity, a waiting list in order of joining, an offer held
for the `waiting_list_offer` timescale, cancellation deadlines from the
`course_cancellation_notice` timescale, charges from the partnership's rules), so
`Event.confirmed_count` is the number of confirmed and offered places, as the
services keep it. `write` turns the plan into rows in batches (the front door's
`_Rows`), because 1,500 bookings through the services one at a time would take
seconds and the benchmark's 100,000 minutes.

The data depends on the seed and the anchor only (the demo's anchor is the afternoon
of the working day it is loaded: masa/demo/anchor.py). The programme year was
written for an anchor in late November (April to March, seven and a half months
done); on any other day it keeps that shape, moved by whole weeks so every event
keeps its day of the week. Events before the anchor have happened (registers
taken, evaluations given); events after it are still being booked. Every name is
invented.
"""

from __future__ import annotations

import bisect
import datetime
import heapq
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction

from masa.core import audit, clocks
from masa.core.models import Agency, AuditEvent, Membership, Partnership, Person, Role
from masa.demo import anchor as demo_anchor
from masa.demo import frontdoor, people
from masa.demo.frontdoor import _Rows
from masa.frontdoor.services import LONDON
from masa.learning import services
from masa.learning.evaluation import evaluation_defaults_ensure
from masa.learning.models import (
    Accreditation,
    Attendance,
    Booking,
    ChargeRule,
    Completion,
    Course,
    EvaluationForm,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationStage,
    Event,
    NeedsResponse,
    NeedsSurvey,
    Respondent,
    Theme,
    Unavailability,
)

SEED = 20260403
# The programme year the demo was written for, at the story's anchor (masa/demo/anchor.py).
STORY_YEAR_START = datetime.date(2026, 4, 1)
MASH_LEARNER = "ben.carter@northbridge.example"
MASH_LINE_MANAGER = "chloe.davies@northbridge.example"
EVENTS = 50
BOOKINGS = 1_500
LOAD_VERB = "demo.learning_load"
LATE_CANCELLATION_FEE = Decimal("40.00")
NO_SHOW_FEE = Decimal("60.00")

# The shares of bookings that end each way (the seeds: cancellations and no-shows rising).
CANCELLED = 0.09
LATE_CANCELLED = 0.035
SUBSTITUTED = 0.01
NO_SHOW_FIRST, NO_SHOW_LAST = 0.035, 0.12  # at the start of the year, and by the anchor
PARTIAL = 0.04
OFFER_ACCEPTED = 0.7
# Evaluation response rates, of those who could answer the stage.
BEFORE_RATE, AFTER_RATE, IMPACT_RATE, SIX_MONTH_RATE = 0.7, 0.6, 0.3, 0.12

LEARNER = "amira.khan@northbridge-academy.example"
TRAINER = "kate.brennan@northbridge-womensaid.example"
BUSINESS_UNIT = "dev.patel@northbridge.example"

Progress = Callable[[str], None]
Deadline = Callable[[datetime.datetime], datetime.datetime]


# --- the programme ---------------------------------------------------------------

NEGLECT = "Neglect"
EXPLOITATION = "Exploitation"
DOMESTIC_ABUSE = "Domestic abuse"
TOGETHER = "Multi-agency working"
HSB = "Harmful sexual behaviour"
WORKFORCE = "Safer workforce"
MENTAL_HEALTH = "Parental mental health and substance misuse"
THEMES = (NEGLECT, EXPLOITATION, DOMESTIC_ABUSE, TOGETHER, HSB, WORKFORCE, MENTAL_HEALTH)


@dataclass(frozen=True)
class CourseSpec:
    title: str
    level: int
    mode: str
    minutes: int
    capacity: int  # places an event of it has (0: no events; e-learning, recordings)
    themes: tuple[str, ...]
    weight: float  # share of the programme's events
    popularity: float  # demand for a place, against the others
    summary: str
    outcomes: str
    audience: str
    prerequisites: str = ""
    needs_approval: bool = False
    minimum_trainers: int = 2


MODE = Course.Mode
COURSES = (
    CourseSpec(
        "Working together to safeguard children",
        1,
        MODE.VIRTUAL,
        180,
        50,
        (TOGETHER,),
        7,
        0.9,
        "What each agency does, how to share a worry and how the partnership's front door works.",
        "Describe the four categories of abuse.\nKnow when and how to contact the MASH.\n"
        "Share information lawfully and without delay.",
        "Anyone in any agency who works with children or with adults who are parents.",
    ),
    CourseSpec(
        "Safeguarding children: an introduction",
        1,
        MODE.ELEARNING,
        90,
        0,
        (TOGETHER,),
        0,
        0,
        "The e-learning every new starter completes in their first month.",
        "Recognise the signs of abuse and neglect.\nKnow who your designated lead is.",
        "New starters in every agency; volunteers.",
        minimum_trainers=0,
    ),
    CourseSpec(
        "Learning from safeguarding practice reviews",
        1,
        MODE.RECORDING,
        60,
        0,
        (TOGETHER, NEGLECT),
        0,
        0,
        "A recorded briefing on the partnership's reviews this year and what changed.",
        "Name the themes of this year's reviews.\nKnow what the partnership asks of you.",
        "Everyone; team meetings may watch it together.",
        minimum_trainers=0,
    ),
    CourseSpec(
        "Neglect: recognising and responding",
        2,
        MODE.FACE_TO_FACE,
        360,
        24,
        (NEGLECT,),
        5,
        1.3,
        "Day-to-day neglect, its cumulative harm and what to do about it.",
        "Recognise the cumulative harm of neglect.\nRecord a child's lived experience.\n"
        "Use the neglect toolkit and escalate when help is not working.",
        "Practitioners in every agency who work with families.",
        "Working together to safeguard children (level 1).",
    ),
    CourseSpec(
        "Graded Care Profile 2",
        2,
        MODE.FACE_TO_FACE,
        360,
        18,
        (NEGLECT,),
        4,
        1.0,
        "Licensed training in the Graded Care Profile 2 assessment of care.",
        "Complete a Graded Care Profile 2 with a family.\nUse the scores to plan help.",
        "Practitioners who assess families: social workers, health visitors, early help.",
        "Neglect: recognising and responding (level 2).",
    ),
    CourseSpec(
        "Domestic abuse and the DASH",
        2,
        MODE.FACE_TO_FACE,
        360,
        30,
        (DOMESTIC_ABUSE,),
        6,
        1.3,
        "Coercive control, the impact on children, and the DASH risk checklist.",
        "Complete a DASH risk checklist.\nKnow when to refer to MARAC.\n"
        "Understand the child as a victim in their own right.",
        "Practitioners in every agency.",
    ),
    CourseSpec(
        "Child exploitation",
        2,
        MODE.VIRTUAL,
        180,
        40,
        (EXPLOITATION,),
        6,
        1.2,
        "Criminal and sexual exploitation, county lines and going missing.",
        "Spot the signs of exploitation.\nShare intelligence with the police.\n"
        "Use language that does not blame the child.",
        "Practitioners in every agency, especially schools, youth and health.",
    ),
    CourseSpec(
        "Contextual safeguarding",
        3,
        MODE.FACE_TO_FACE,
        360,
        28,
        (EXPLOITATION, TOGETHER),
        3,
        0.9,
        "Harm outside the home: places, peer groups and what partners can change there.",
        "Map a peer group and a place.\nPlan a response to extra-familial harm.",
        "Practitioners and managers who lead on adolescents.",
        "Child exploitation (level 2).",
    ),
    CourseSpec(
        "Safer recruitment",
        2,
        MODE.VIRTUAL,
        360,
        20,
        (WORKFORCE,),
        4,
        0.8,
        "Recruiting safely: checks, references and interviews that deter the unsuitable.",
        "Run a recruitment that meets statutory guidance.\nSpot gaps in an application.",
        "Managers who recruit people to work with children.",
        needs_approval=True,
    ),
    CourseSpec(
        "Harmful sexual behaviour",
        3,
        MODE.FACE_TO_FACE,
        360,
        24,
        (HSB,),
        3,
        1.1,
        "Where a child's sexual behaviour sits on the continuum, and how to respond.",
        "Use the Brook traffic light tool.\nPlan a proportionate response.",
        "Designated safeguarding leads, youth justice and health practitioners.",
    ),
    CourseSpec(
        "Professional curiosity and challenge",
        3,
        MODE.WEBINAR,
        90,
        100,
        (TOGETHER, NEGLECT),
        5,
        0.55,
        "Asking the next question, and escalating when a plan is not keeping a child safe.",
        "Use the resolution and escalation protocol.\nTest what you are told.",
        "Practitioners and managers in every agency.",
    ),
    CourseSpec(
        "Northbridge safeguarding conference",
        1,
        MODE.CONFERENCE,
        390,
        200,
        (TOGETHER, NEGLECT, EXPLOITATION, DOMESTIC_ABUSE),
        1,
        0.7,
        "The partnership's annual conference: this year's learning and next year's priorities.",
        "Hear from children and families.\nKnow the partnership's priorities.",
        "Everyone who works with children in Northbridge.",
    ),
)
COURSE = {spec.title: spec for spec in COURSES}
NEGLECT_COURSE = "Neglect: recognising and responding"


@dataclass(frozen=True)
class TrainerSpec:
    email: str
    full_name: str
    job_title: str
    agency: str
    courses: tuple[str, ...]
    left: tuple[str, ...] = ()  # accredited once, no longer active


TRAINERS = (
    TrainerSpec(
        TRAINER,
        "Kate Brennan",
        "Training lead",
        "Northbridge Women's Aid",
        (
            "Domestic abuse and the DASH",
            "Working together to safeguard children",
            "Professional curiosity and challenge",
            "Northbridge safeguarding conference",
        ),
    ),
    TrainerSpec(
        "joanne.pritchard@northbridge.example",
        "Joanne Pritchard",
        "Safeguarding trainer",
        "Northbridge Borough Council",
        (NEGLECT_COURSE, "Graded Care Profile 2", "Working together to safeguard children"),
    ),
    TrainerSpec(
        "sean.gallagher@merciavale-police.example",
        "Sean Gallagher",
        "Detective inspector, exploitation team",
        "Mercia Vale Police",
        ("Child exploitation", "Contextual safeguarding", "Domestic abuse and the DASH"),
    ),
    TrainerSpec(
        "priya.raman@northbridge-hospitals.example",
        "Priya Raman",
        "Named nurse, safeguarding training",
        "Northbridge Hospitals NHS Trust",
        (
            "Graded Care Profile 2",
            "Harmful sexual behaviour",
            "Professional curiosity and challenge",
        ),
        left=(NEGLECT_COURSE,),
    ),
    TrainerSpec(
        "marcus.bell@northbridge.example",
        "Marcus Bell",
        "Learning and development officer",
        "Northbridge Borough Council",
        (
            "Safer recruitment",
            "Working together to safeguard children",
            "Child exploitation",
            "Northbridge safeguarding conference",
        ),
    ),
    TrainerSpec(
        "helen.osei@northbridge-yjs.example",
        "Helen Osei",
        "Practice lead",
        "Northbridge Youth Justice Service",
        ("Contextual safeguarding", "Harmful sexual behaviour", "Safer recruitment"),
    ),
)

# Agency -> weight as a source of learners (its share of the workforce that trains).
AGENCY_WEIGHTS = {
    "Northbridge Borough Council": 20,
    "Mercia Vale Police": 13,
    "Northbridge Hospitals NHS Trust": 12,
    "Northbridge Academy": 6,
    "St Aidan's Primary School": 4,
    "Hollins Park Primary School": 4,
    "Northbridge College": 3,
    "Little Acorns Nursery": 2,
    "Canal Street Medical Practice": 3,
    "Riverside Family Practice": 3,
    "Mercia Vale Integrated Care Board": 2,
    "Northbridge Homes Housing Association": 4,
    "Mercia Vale Probation Service": 4,
    "Northbridge Youth Justice Service": 3,
    "Northbridge Women's Aid": 3,
    "Northbridge Faith Forum": 2,
    "Mercia Vale Fire and Rescue Service": 2,
}

VENUES = (
    "Northbridge Council House, Committee Room 2",
    "Northbridge Hospitals Education Centre, Seminar Room B",
    "Mercia Vale Police Learning Centre, Room 4",
    "Northbridge College, Conference Suite",
    "Canal Street Community Hub, Main Room",
)
CONFERENCE_VENUE = "Northbridge Town Hall, Main Hall"
CANCELLATION_REASONS = (
    "Caseload pressures: my manager cannot release me that day",
    "Called to give evidence in court",
    "Sickness",
    "Staff shortage in the team",
    "Booked the wrong date",
    "Annual leave I had forgotten",
    "A child protection conference was moved to that day",
    "",
)

# What learners write, by stage and theme. Plain, plausible, invented.
HOPES = (
    "A clearer idea of when to refer and when to keep working with the family.",
    "How other agencies work, so I know who to ring.",
    "Practical tools I can use on home visits.",
    "To feel more confident challenging other professionals.",
    "Refresh my knowledge: it has been three years since I last did this.",
    "Understand the thresholds document better.",
)
COMMITMENTS = {
    NEGLECT: (
        "I will record what a day is like for the child, not just the incidents.",
        "I will use the neglect toolkit with the family I am worried about before the review.",
        "I will look back over the chronology before deciding nothing has changed.",
    ),
    DOMESTIC_ABUSE: (
        "I will ask about domestic abuse routinely and complete a DASH when someone discloses.",
        "I will check whether children were in the house whenever police attend an incident.",
        "I will refer to MARAC on professional judgement, not only on the score.",
    ),
    EXPLOITATION: (
        "I will share information about older associates and cars with the police.",
        "I will stop writing that a young person is putting themselves at risk.",
        "I will complete a return home interview referral every time a child goes missing.",
    ),
    TOGETHER: (
        "I will ring the MASH for a consultation when I am unsure, rather than wait.",
        "I will use the escalation protocol when I disagree with a decision.",
        "I will invite health and school to the strategy discussion, not just police.",
    ),
    HSB: (
        "I will use the traffic light tool before deciding a behaviour is a concern.",
        "I will plan support for the child who harmed as well as the child harmed.",
    ),
    WORKFORCE: (
        "I will follow up every gap in an employment history at interview.",
        "I will take up references before the interview, not after.",
    ),
}
CHANGES = {
    NEGLECT: (
        "I now keep a running chronology for families where I am worried about neglect.",
        "I used the Graded Care Profile with a family and it showed the parents where the "
        "gaps were; they agreed to early help.",
        "I escalated a case that had drifted for a year; it went to a child protection conference.",
    ),
    DOMESTIC_ABUSE: (
        "I completed my first DASH with a mother who disclosed; she was referred to MARAC.",
        "I ask about domestic abuse at every new registration now.",
        "I noticed coercive control in a couple I had seen for months and spoke to the IDVA.",
    ),
    EXPLOITATION: (
        "I shared an intelligence form about a car outside the school gates; police acted.",
        "I noticed a pupil with new trainers and a second phone and spoke to the DSL the same day.",
        "Our team changed the language in our reports about missing episodes.",
    ),
    TOGETHER: (
        "I phoned the MASH for advice twice and both times it changed what I did.",
        "I challenged a decision to close a case and it was reopened for assessment.",
        "I know who to contact in health and housing now, which saves days.",
    ),
    HSB: (
        "We used the traffic light tool in a case at school and avoided an exclusion.",
        "I supported a colleague to respond calmly to a disclosure in class.",
    ),
    WORKFORCE: (
        "We rewrote our interview questions and added a safeguarding scenario.",
        "I found an unexplained gap in an applicant's history and followed it up.",
    ),
}
EXAMPLES = (
    "A family I support: the children's attendance is up and the home conditions improved.",
    "A referral I made was clearer and was accepted without going back and forth.",
    "At a team meeting I explained the process to two new colleagues.",
    "At a core group I asked for the plan to be reviewed because nothing had changed.",
    "I challenged a partner agency's view and we agreed a joint visit.",
)
MANAGER_VIEWS = (
    "{first} now leads on {topic} in the team and others go to them for advice.",
    "{first}'s recording is more analytical and says what life is like for the child.",
    "{first} has been more confident in multi-agency meetings and challenges when needed.",
    "I have seen {first} use what they learned in supervision discussions about families.",
    "{first} has made fewer but better referrals, with the child's voice in them.",
)
MANAGER_OBSERVED = (
    "Clearer case notes and more timely referrals.",
    "More confident on the phone to other agencies.",
    "Uses the partnership's tools without prompting.",
    "Asks better questions of parents on visits.",
    "Has shared the learning with the rest of the team.",
)
NEEDS_NOTES = (
    "New staff since the restructure need the basics first.",
    "Demand from our front-line teams after two serious incidents.",
    "Our inspection asked for more on this.",
    "We would like places in the evening for part-time staff.",
    "",
)


# --- the plan --------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerPlan:
    email: str
    full_name: str
    job_title: str
    agency: str
    manager: str | None  # their line manager's email
    weight: float  # how often they book, against the others


@dataclass(frozen=True)
class AttendancePlan:
    status: str
    minutes: int | None
    source: str
    recorded_by: str | None
    recorded_at: datetime.datetime


@dataclass(frozen=True)
class EvaluationPlan:
    stage: str
    knowledge: int | None
    confidence: int | None
    texts: tuple[str, ...]
    submitted_at: datetime.datetime
    submitted_by: str


@dataclass
class BookingPlan:
    """A booking, changed as the event's bookings are played out."""

    key: int
    learner: str
    agency: str
    line_manager: str | None
    booked_at: datetime.datetime
    status: str = ""
    joined_waiting_list_at: datetime.datetime | None = None
    offered_at: datetime.datetime | None = None
    offer_expires_at: datetime.datetime | None = None
    cancelled_at: datetime.datetime | None = None
    cancellation_reason: str = ""
    charge: Decimal = Decimal("0")
    charge_reason: str = ""
    substitute_for: int | None = None
    attendance: AttendancePlan | None = None
    evaluations: list[EvaluationPlan] = field(default_factory=list)


@dataclass
class EventPlan:
    key: int
    course: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    venue: str
    joining_link: str
    booking_deadline: datetime.datetime
    cancellation_deadline: datetime.datetime
    trainers: tuple[str, ...]
    bookings: list[BookingPlan] = field(default_factory=list)

    @property
    def confirmed_count(self) -> int:
        held = (Booking.Status.CONFIRMED, Booking.Status.OFFERED)
        return sum(1 for booking in self.bookings if booking.status in held)


@dataclass(frozen=True)
class CompletionPlan:
    course: str
    learner: str
    agency: str
    kind: str
    completed_at: datetime.datetime
    source: str


@dataclass(frozen=True)
class NeedsPlan:
    agency: str
    theme: str
    staff_needing: int
    priority: int
    notes: str
    submitted_by: str
    submitted_at: datetime.datetime


@dataclass
class Programme:
    year_start: datetime.date
    anchor: datetime.datetime
    learners: list[LearnerPlan]
    events: list[EventPlan]
    completions: list[CompletionPlan]
    survey_year: int
    survey_closes: datetime.date
    needs: list[NeedsPlan]
    unavailable: list[tuple[str, datetime.date, datetime.date, str]]

    def bookings(self) -> Iterable[BookingPlan]:
        for event in self.events:
            yield from event.bookings


# --- generation ------------------------------------------------------------------


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def _between(
    rng: random.Random, start: datetime.datetime, end: datetime.datetime
) -> datetime.datetime:
    """A moment between two others, to the second."""
    if end <= start:
        return start
    seconds = (end - start).total_seconds()
    return start + datetime.timedelta(seconds=int(rng.uniform(0, seconds)))


def story_day(day: datetime.date, anchor: datetime.datetime) -> datetime.date:
    """A date written for the story's anchor, moved to `anchor` by whole weeks."""
    return day + datetime.timedelta(weeks=demo_anchor.weeks_after_story(anchor))


def programme_start(anchor: datetime.datetime) -> datetime.date:
    """The first day of the programme the demo plans: 1 April at the story's anchor,
    as many weeks before any other anchor."""
    return story_day(STORY_YEAR_START, anchor)


def default_cancellation_deadline(starts_at: datetime.datetime) -> datetime.datetime:
    """The services' rule with the default timescale (3 working days), for plans made
    without a database; `load` uses the partnership's own timescale."""
    day = clocks.add_working_days(starts_at.astimezone(LONDON).date(), -3)
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=LONDON)


def default_offer_expiry(offered_at: datetime.datetime) -> datetime.datetime:
    return offered_at + datetime.timedelta(hours=48)


class _Generator:
    def __init__(
        self,
        *,
        seed: int,
        events: int,
        bookings: int,
        anchor: datetime.datetime,
        cancellation_deadline: Deadline,
        offer_expiry: Deadline,
    ) -> None:
        self.rng = random.Random(f"{seed}:learning")
        self.seed = seed
        self.n_events = events
        self.n_bookings = bookings
        self.anchor = anchor
        self.year_start = programme_start(anchor)
        self.year_end = self.year_start + datetime.timedelta(days=364)
        self.deadline_for = cancellation_deadline
        self.offer_expiry = offer_expiry
        self.next_booking = 1
        self.learners = self._learners()
        self.by_email = {learner.email: learner for learner in self.learners}
        self.by_agency: dict[str, list[LearnerPlan]] = {}
        for learner in self.learners:
            self.by_agency.setdefault(learner.agency, []).append(learner)
        self.cumulative: list[float] = []
        total = 0.0
        for learner in self.learners:
            total += learner.weight
            self.cumulative.append(total)

    # -- people

    def _learners(self) -> list[LearnerPlan]:
        """Invented practitioners across the agencies, a few line managers in each."""
        rng = random.Random(f"{self.seed}:learners")
        agencies = {spec.name: spec for spec in people.AGENCIES}
        taken = {p.email for p in people.PEOPLE} | {t.email for t in TRAINERS}
        for area in (frontdoor.NORTHBRIDGE, frontdoor.SOUTHMOOR):
            taken |= {s.email for group in frontdoor.staff_for(area).values() for s in group}
        count = max(60, self.n_bookings * 2 // 5)
        total = sum(AGENCY_WEIGHTS.values())
        learners: list[LearnerPlan] = []
        for agency, weight in AGENCY_WEIGHTS.items():
            spec = agencies[agency]
            size = max(4, round(count * weight / total))
            managers: list[str] = []
            titles = frontdoor.JOB_TITLES.get(spec.kind, ("Safeguarding lead",))
            for n in range(size):
                pool = frontdoor.GIRLS if rng.random() < 0.65 else frontdoor.BOYS
                heritage = frontdoor._pick(
                    rng, {"british": 78, "south_asian": 12, "african": 6, "east_european": 4}
                )
                first = rng.choice(pool[heritage])
                last = rng.choice(frontdoor.SURNAMES[heritage])
                stem = f"{first}.{last}".lower().replace("'", "")
                email, suffix = f"{stem}@{spec.domain}", 1
                while email in taken:
                    suffix += 1
                    email = f"{stem}{suffix}@{spec.domain}"
                taken.add(email)
                is_manager = n < max(1, size // 12)
                learners.append(
                    LearnerPlan(
                        email=email,
                        full_name=f"{first} {last}",
                        job_title="Team manager" if is_manager else rng.choice(titles),
                        agency=agency,
                        manager=None if is_manager or not managers else rng.choice(managers),
                        weight=rng.paretovariate(2.5),
                    )
                )
                if is_manager:
                    managers.append(email)
        return learners

    def _learner(self, avoid: set[str], needs_manager: bool = False) -> LearnerPlan:
        """Someone to book, the keen more often than the rest; not one of `avoid`."""
        for _ in range(10_000):
            index = bisect.bisect_left(self.cumulative, self.rng.uniform(0, self.cumulative[-1]))
            learner = self.learners[min(index, len(self.learners) - 1)]
            if learner.email in avoid or (needs_manager and learner.manager is None):
                continue
            return learner
        raise ValueError("Too few learners for the bookings asked for")

    # -- events

    def _days(self) -> list[datetime.date]:
        """Working days of the programme year (not the anchor's day), fewer in August
        and at Christmas."""
        days: list[datetime.date] = []
        weights: list[float] = []
        day = self.year_start
        anchor_day = self.anchor.astimezone(LONDON).date()
        while day <= self.year_end:
            if clocks.is_working_day(day) and day != anchor_day:
                days.append(day)
                weights.append(0.25 if day.month == 8 else 0.6 if day.month == 12 else 1.0)
            day += datetime.timedelta(days=1)
        cumulative, total = [], 0.0
        for weight in weights:
            total += weight
            cumulative.append(total)
        chosen = []
        for n in range(self.n_events):
            mark = (n + self.rng.random()) / self.n_events * total
            chosen.append(days[min(bisect.bisect_left(cumulative, mark), len(days) - 1)])
        return chosen

    def _courses(self) -> list[str]:
        """Which course each event runs: shares by weight, one conference a year at most
        per 50 events, in a shuffled order."""
        scheduled = [spec for spec in COURSES if spec.weight]
        total = sum(spec.weight for spec in scheduled)
        counts = {spec.title: int(self.n_events * spec.weight / total) for spec in scheduled}
        remainders = sorted(
            scheduled,
            key=lambda spec: (
                -(self.n_events * spec.weight / total - counts[spec.title]),
                spec.title,
            ),
        )
        for spec in remainders[: self.n_events - sum(counts.values())]:
            counts[spec.title] += 1
        order = [title for title, count in counts.items() for _ in range(count)]
        self.rng.shuffle(order)
        return order

    def _event(self, key: int, title: str, day: datetime.date) -> EventPlan:
        spec = COURSE[title]
        rng = self.rng
        if spec.mode == MODE.CONFERENCE:
            starts = _local(day, 9, 0)
        elif spec.minutes >= 360:
            starts = _local(day, 9, 30)
        elif spec.mode == MODE.WEBINAR:
            starts = _local(day, 12, 30)
        else:
            starts = _local(day, rng.choice((9, 13)), 30)
        lunch = 60 if spec.minutes >= 360 else 0
        ends = starts + datetime.timedelta(minutes=spec.minutes + lunch)
        in_person = spec.mode in (MODE.FACE_TO_FACE, MODE.CONFERENCE)
        venue = (
            CONFERENCE_VENUE
            if spec.mode == MODE.CONFERENCE
            else rng.choice(VENUES)
            if in_person
            else ""
        )
        link = "" if in_person else f"https://meet.northbridge.example/training/{key:05d}"
        pool = [t.email for t in TRAINERS if title in t.courses]
        # Before the second neglect trainer left (in the summer) they delivered too.
        if title == NEGLECT_COURSE and day < story_day(datetime.date(2026, 7, 1), self.anchor):
            pool += [t.email for t in TRAINERS if title in t.left]
        wanted = 2 if spec.mode in (MODE.FACE_TO_FACE, MODE.CONFERENCE) and len(pool) > 1 else 1
        trainers = tuple(sorted(rng.sample(pool, wanted)))
        return EventPlan(
            key=key,
            course=title,
            starts_at=starts,
            ends_at=ends,
            capacity=spec.capacity,
            venue=venue,
            joining_link=link,
            booking_deadline=starts - datetime.timedelta(days=2),
            cancellation_deadline=self.deadline_for(starts),
            trainers=trainers,
        )

    # -- bookings, played out

    def _booking(
        self, event: EventPlan, learner: LearnerPlan, at: datetime.datetime, manager: bool
    ) -> BookingPlan:
        booking = BookingPlan(
            key=self.next_booking,
            learner=learner.email,
            agency=learner.agency,
            line_manager=learner.manager if manager else None,
            booked_at=at,
        )
        self.next_booking += 1
        return booking

    def _play(
        self,
        event: EventPlan,
        requests: list[tuple[datetime.datetime, LearnerPlan, str]],
        forced_cancel: datetime.datetime | None = None,
    ) -> None:
        """Play out the requests for places (time, learner, fate) as the services would,
        up to the start of the event or the anchor, whichever is sooner."""
        rng = self.rng
        spec = COURSE[event.course]
        horizon = min(event.starts_at, self.anchor)
        play = _Playout(self, event)
        for at, learner, fate in sorted(requests, key=lambda r: (r[0], r[1].email)):
            manager = spec.needs_approval or (learner.manager is not None and rng.random() < 0.6)
            booking = self._booking(event, learner, at, manager)
            event.bookings.append(booking)
            play.fates[booking.key] = fate
            play.push(at, "book", booking)
        play.on_event = {b.learner for b in event.bookings}
        while play.queue and play.queue[0][0] <= horizon:
            at, _, action, booking = heapq.heappop(play.queue)
            play.step(at, action, booking)
        if forced_cancel is not None:
            play.give_up_a_place(forced_cancel)
        if event.starts_at <= self.anchor:
            # The event has started: an offer not yet accepted has lapsed.
            for booking in event.bookings:
                if booking.status == Booking.Status.OFFERED:
                    booking.status = Booking.Status.OFFER_EXPIRED
                elif booking.status == Booking.Status.AWAITING_APPROVAL:
                    booking.status = Booking.Status.DECLINED
        event.bookings.sort(key=lambda b: b.key)

    def _fate(self) -> str:
        draw = self.rng.random()
        if draw < CANCELLED:
            return "cancel"
        if draw < CANCELLED + LATE_CANCELLED:
            return "late"
        if draw < CANCELLED + LATE_CANCELLED + SUBSTITUTED:
            return "substitute"
        return ""

    def _window(self, event: EventPlan) -> tuple[datetime.datetime, datetime.datetime]:
        """When people book: from ten weeks before (or a fortnight before the programme
        is published) to the booking deadline."""
        opens = max(
            event.starts_at - datetime.timedelta(weeks=10),
            _local(self.year_start - datetime.timedelta(days=21), 9),
        )
        return opens, event.booking_deadline

    def _requests(
        self, event: EventPlan, count: int
    ) -> list[tuple[datetime.datetime, LearnerPlan, str]]:
        """`count` requests for places, made before the anchor."""
        opens, closes = self._window(event)
        closes = min(closes, self.anchor)
        needs_manager = COURSE[event.course].needs_approval
        chosen: set[str] = set()
        requests = []
        for _ in range(count):
            learner = self._learner(chosen, needs_manager)
            chosen.add(learner.email)
            # Popular courses are booked early: the time skews towards the opening.
            at = opens + (closes - opens) * (self.rng.random() ** 1.6)
            requests.append((at.replace(microsecond=0), learner, self._fate()))
        return requests

    # -- after the event

    def _no_show_rate(self, event: EventPlan) -> float:
        start = _local(self.year_start, 0)
        share = (event.starts_at - start) / (self.anchor - start)
        return NO_SHOW_FIRST + (NO_SHOW_LAST - NO_SHOW_FIRST) * min(1.0, max(0.0, share))

    def _attend(self, event: EventPlan, booking: BookingPlan, force: bool = False) -> None:
        rng = self.rng
        spec = COURSE[event.course]
        register = spec.mode in (MODE.FACE_TO_FACE, MODE.CONFERENCE)
        draw = 1.0 if force else rng.random()
        rate = self._no_show_rate(event)
        if draw < rate:
            state, minutes = Attendance.Status.NO_SHOW, None
        elif draw < rate + PARTIAL:
            state = Attendance.Status.PARTIAL
            minutes = int(spec.minutes * rng.uniform(0.35, 0.75))
        else:
            state = Attendance.Status.ATTENDED
            minutes = int(spec.minutes * rng.uniform(0.92, 1.0)) if not register else None
        if register:
            by, at = event.trainers[0], event.ends_at + datetime.timedelta(minutes=10)
        else:
            by = BUSINESS_UNIT
            at = event.ends_at + datetime.timedelta(hours=rng.uniform(18, 70))
        booking.attendance = AttendancePlan(
            status=str(state),
            minutes=minutes,
            source=str(Attendance.Source.REGISTER if register else Attendance.Source.IMPORT),
            recorded_by=by,
            recorded_at=min(at, self.anchor).replace(microsecond=0),
        )
        if state == Attendance.Status.NO_SHOW:
            booking.charge = NO_SHOW_FEE
            booking.charge_reason = "No-show"

    def _evaluate(self, event: EventPlan, booking: BookingPlan, force: bool = False) -> None:
        """The four stages, each answered by some of those who could."""
        rng = self.rng
        spec = COURSE[event.course]
        theme = next((t for t in spec.themes if t in COMMITMENTS), TOGETHER)
        knowledge = rng.choices((1, 2, 3, 4, 5), weights=(10, 32, 38, 17, 3))[0]
        confidence = max(1, min(5, knowledge + rng.choice((-1, 0, 0, 0, 1))))
        gain = rng.choices((-1, 0, 1, 2, 3), weights=(3, 20, 50, 24, 3))[0]
        after_k = max(1, min(5, knowledge + gain))
        after_c = max(1, min(5, confidence + max(0, gain + rng.choice((-1, 0, 0, 1)))))
        stage = EvaluationStage
        out: list[EvaluationPlan] = []
        if force or rng.random() < BEFORE_RATE:
            at = _between(rng, booking.booked_at, event.starts_at - datetime.timedelta(hours=1))
            if at <= self.anchor:
                out.append(
                    EvaluationPlan(
                        stage.BEFORE,
                        knowledge,
                        confidence,
                        (rng.choice(HOPES),),
                        at,
                        booking.learner,
                    )
                )
        attended = booking.attendance is not None and booking.attendance.status != "no_show"
        if attended and (force or rng.random() < AFTER_RATE):
            at = _between(rng, event.ends_at, event.ends_at + datetime.timedelta(days=10))
            if at <= self.anchor:
                out.append(
                    EvaluationPlan(
                        stage.AFTER,
                        after_k,
                        after_c,
                        (rng.choice(COMMITMENTS[theme]),),
                        at,
                        booking.learner,
                    )
                )
        opens = event.ends_at + services.IMPACT_AFTER
        if attended and rng.random() < IMPACT_RATE:
            at = _between(rng, opens, opens + datetime.timedelta(days=21))
            if at <= self.anchor:
                drift = rng.choice((-1, 0, 0, 0, 1))
                out.append(
                    EvaluationPlan(
                        stage.IMPACT,
                        max(1, min(5, after_k + drift)),
                        max(1, min(5, after_c + rng.choice((-1, 0, 0, 1)))),
                        (rng.choice(CHANGES[theme]), rng.choice(EXAMPLES)),
                        at,
                        booking.learner,
                    )
                )
        opens = event.ends_at + services.SIX_MONTHS_AFTER
        if attended and rng.random() < SIX_MONTH_RATE:
            at = _between(rng, opens, opens + datetime.timedelta(days=28))
            if at <= self.anchor:
                first = self.by_email[booking.learner].full_name.split()[0]
                view = rng.choice(MANAGER_VIEWS).format(first=first, topic=theme.lower())
                out.append(
                    EvaluationPlan(
                        stage.SIX_MONTHS,
                        None,
                        None,
                        (view, rng.choice(MANAGER_OBSERVED)),
                        at,
                        booking.line_manager or booking.learner,
                    )
                )
        booking.evaluations = out

    # -- the whole year

    def generate(self) -> Programme:
        events = [
            self._event(key, title, day)
            for key, (title, day) in enumerate(
                zip(self._courses(), self._days(), strict=True), start=1
            )
        ]
        events.sort(key=lambda e: (e.starts_at, e.key))
        full, named = self._named_bookings(events)
        weights = self._demand(events)
        total = sum(weights)
        requested = self.n_bookings * (1 - SUBSTITUTED)
        for event, weight in zip(events, weights, strict=True):
            self._book(event, requested * weight / total, event is full, named)
        self._for_a_named_manager(events)
        return Programme(
            year_start=self.year_start,
            anchor=self.anchor,
            learners=self.learners,
            events=events,
            completions=self._completions(),
            # Next financial year's survey, open for four more weeks.
            survey_year=self._financial_year() + 1,
            survey_closes=self.anchor.astimezone(LONDON).date() + datetime.timedelta(weeks=4),
            needs=self._needs(),
            unavailable=self._unavailable(),
        )

    def _named_bookings(
        self, events: list[EventPlan]
    ) -> tuple[EventPlan | None, dict[int, list[tuple[LearnerPlan, str]]]]:
        """The full event (a popular course a few weeks ahead, with a waiting list and a
        place offered from it just before the anchor), and the named demo people's own
        bookings: by event, each learner and whether they book first or last."""
        # Upcoming events already open for booking at the anchor.
        upcoming = [
            e
            for e in events
            if e.starts_at > self.anchor
            and self._window(e)[0] <= self.anchor - datetime.timedelta(days=7)
        ]
        soon = [e for e in upcoming if e.starts_at > self.anchor + datetime.timedelta(days=12)]
        full = next(
            (e for e in soon if COURSE[e.course].mode == MODE.FACE_TO_FACE),
            soon[0] if soon else None,
        )
        past = [e for e in events if e.ends_at <= self.anchor]
        # Amira's course: long enough ago for her to have evaluated it (a certificate).
        settled = [e for e in past if e.ends_at + services.IMPACT_AFTER <= self.anchor]
        attended = next(
            (e for e in reversed(settled) if e.course == "Domestic abuse and the DASH"),
            settled[-1] if settled else None,
        )
        booked = next(
            (e for e in upcoming if e is not full and not COURSE[e.course].needs_approval),
            None,
        )
        rosa = next((e for e in reversed(past) if COURSE[e.course].level == 1), None)
        ben = next(
            (
                e
                for e in reversed(upcoming)
                if e not in (full, booked) and not COURSE[e.course].needs_approval
            ),
            None,
        )
        named: dict[int, list[tuple[LearnerPlan, str]]] = {}
        for event, email, agency in (
            (attended, LEARNER, "Northbridge Academy"),
            (booked, LEARNER, "Northbridge Academy"),
            (full, LEARNER, "Northbridge Academy"),
            (rosa, "rosa.evans@canalstreet-gp.example", "Canal Street Medical Practice"),
            (ben, "ben.carter@northbridge.example", "Northbridge Borough Council"),
        ):
            if event is None:
                continue
            spec_person = next(p for p in people.PEOPLE if p.email == email)
            plan = LearnerPlan(email, spec_person.full_name, spec_person.job_title, agency, None, 0)
            self.by_email.setdefault(email, plan)
            when = "last" if event is full else "first"
            named.setdefault(event.key, []).append((plan, when))
        return full, named

    def _demand(self, events: list[EventPlan]) -> list[float]:
        """Each event's demand: places times popularity, for the share of the booking
        window gone by."""
        weights = []
        for event in events:
            opens, closes = self._window(event)
            gone = (min(self.anchor, closes) - opens) / (closes - opens)
            noise = self.rng.lognormvariate(0, 0.3)
            weights.append(event.capacity * COURSE[event.course].popularity * noise * max(0, gone))
        return weights

    def _book(
        self,
        event: EventPlan,
        share: float,
        full: bool,
        named: dict[int, list[tuple[LearnerPlan, str]]],
    ) -> None:
        """About `share` requests for places on the event (the full one: more than its
        places), the named people's among them, played out; then attendance and
        evaluations for those who held a place."""
        count = int(share) + (self.rng.random() < share - int(share))
        forced = None
        if full:
            count = event.capacity + 8
        requests = self._requests(event, count)
        if full:
            requests = [(at, who, "") for at, who, _ in requests]
            forced = self.anchor - datetime.timedelta(hours=6)
        opens = self._window(event)[0]
        taken = {who.email for _, who, _ in requests}
        for plan, when in named.get(event.key, []):
            if plan.email in taken:
                continue
            if when == "first":
                at = opens.replace(microsecond=0)
            else:
                latest = max(at for at, _, _ in requests) if requests else opens
                at = min(latest + datetime.timedelta(hours=3), self.anchor)
            requests.append((at, plan, ""))
        self._play(event, requests, forced)
        if event.ends_at <= self.anchor:
            for booking in event.bookings:
                if booking.status == Booking.Status.CONFIRMED:
                    force = booking.learner in (LEARNER, "rosa.evans@canalstreet-gp.example")
                    self._attend(event, booking, force)
        for booking in event.bookings:
            if booking.status == Booking.Status.CONFIRMED:
                self._evaluate(event, booking, force=booking.learner == LEARNER)

    def _for_a_named_manager(self, events: list[EventPlan]) -> None:
        """Ben Carter names Chloe Davies (the MASH manager) as his line manager: a place
        on a course that needs her approval waits for her decision, and the six-month
        evaluation of a course he attended in the spring waits for her view and his.
        Chosen without the random draws, so the rest of the year is unchanged."""
        staff = "Northbridge Borough Council"

        def free(event: EventPlan) -> bool:
            return event.confirmed_count < event.capacity and all(
                b.learner != MASH_LEARNER for b in event.bookings
            )

        asked = next(
            (
                e
                for e in events
                if e.starts_at > self.anchor + datetime.timedelta(days=10)
                and COURSE[e.course].needs_approval
                and free(e)
            ),
            None,
        )
        if asked is not None:
            booking = BookingPlan(
                key=self.next_booking,
                learner=MASH_LEARNER,
                agency=staff,
                line_manager=MASH_LINE_MANAGER,
                booked_at=(self.anchor - datetime.timedelta(days=1)).replace(microsecond=0),
                status=Booking.Status.AWAITING_APPROVAL,
            )
            self.next_booking += 1
            asked.bookings.append(booking)
        due = self.anchor - services.SIX_MONTHS_AFTER - datetime.timedelta(days=3)
        spring = next(
            (
                e
                for e in reversed(events)
                if e.ends_at <= due
                and COURSE[e.course].mode == MODE.FACE_TO_FACE
                and e.trainers
                and free(e)
            ),
            None,
        )
        if spring is not None:
            booking = BookingPlan(
                key=self.next_booking,
                learner=MASH_LEARNER,
                agency=staff,
                line_manager=MASH_LINE_MANAGER,
                booked_at=(spring.starts_at - datetime.timedelta(days=21)).replace(microsecond=0),
                status=Booking.Status.CONFIRMED,
                attendance=AttendancePlan(
                    status=str(Attendance.Status.ATTENDED),
                    minutes=None,
                    source=str(Attendance.Source.REGISTER),
                    recorded_by=spring.trainers[0],
                    recorded_at=(spring.ends_at + datetime.timedelta(minutes=10)).replace(
                        microsecond=0
                    ),
                ),
            )
            self.next_booking += 1
            spring.bookings.append(booking)

    def _completions(self) -> list[CompletionPlan]:
        rng = self.rng
        plans = []
        for title, kind, share, source in (
            ("Safeguarding children: an introduction", "elearning", 0.2, "LMS export"),
            ("Learning from safeguarding practice reviews", "recording", 0.06, "Recording"),
        ):
            start = _local(self.year_start, 8)
            seen: set[str] = set()
            for _ in range(round(self.n_bookings * share)):
                learner = self._learner(seen)
                seen.add(learner.email)
                at = _between(rng, start, self.anchor)
                month = at.astimezone(LONDON).strftime("%B %Y")
                plans.append(
                    CompletionPlan(
                        title, learner.email, learner.agency, kind, at, f"{source}, {month}"
                    )
                )
        return plans

    def _needs(self) -> list[NeedsPlan]:
        """Next year's training needs survey: most agencies have answered, some not yet."""
        rng = random.Random(f"{self.seed}:needs")
        plans = []
        opened = self.anchor - datetime.timedelta(weeks=5)
        for agency in sorted(AGENCY_WEIGHTS):
            if rng.random() < 0.4:
                continue  # not answered yet
            staff = self.by_agency[agency]
            by = next((s.email for s in staff if s.manager is None), staff[0].email)
            at = _between(rng, opened, self.anchor - datetime.timedelta(hours=2))
            for priority, theme in enumerate(rng.sample(THEMES, rng.randint(2, 4)), start=1):
                plans.append(
                    NeedsPlan(
                        agency,
                        theme,
                        max(2, int(AGENCY_WEIGHTS[agency] * rng.uniform(1.5, 6))),
                        min(priority, 3),
                        rng.choice(NEEDS_NOTES),
                        by,
                        at,
                    )
                )
        return plans

    def _financial_year(self) -> int:
        local = self.anchor.astimezone(LONDON).date()
        return local.year if local.month >= 4 else local.year - 1

    def _unavailable(self) -> list[tuple[str, datetime.date, datetime.date, str]]:
        def day(year: int, month: int, date: int) -> datetime.date:
            return story_day(datetime.date(year, month, date), self.anchor)

        return [
            (TRAINER, day(2026, 12, 21), day(2027, 1, 1), "Annual leave"),
            (
                "joanne.pritchard@northbridge.example",
                day(2027, 2, 9),
                day(2027, 2, 20),
                "Secondment to the review team",
            ),
            (
                "sean.gallagher@merciavale-police.example",
                day(2026, 12, 7),
                day(2026, 12, 11),
                "Operational duties",
            ),
        ]


@dataclass
class _Playout:
    """One event's bookings played out in time order: each action (book, approve,
    decline, cancel, accept, expire, substitute) at its time, with places held, the
    waiting list and offers kept as the services keep them."""

    generator: _Generator
    event: EventPlan
    fates: dict[int, str] = field(default_factory=dict)
    queue: list[tuple[datetime.datetime, int, str, BookingPlan]] = field(default_factory=list)
    order: int = 0
    held: int = 0
    waiting: list[BookingPlan] = field(default_factory=list)
    on_event: set[str] = field(default_factory=set)

    def push(self, at: datetime.datetime, action: str, booking: BookingPlan) -> None:
        self.order += 1
        heapq.heappush(self.queue, (at, self.order, action, booking))

    def step(self, at: datetime.datetime, action: str, booking: BookingPlan) -> None:
        rng, event, status = self.generator.rng, self.event, Booking.Status
        if action == "book":
            if COURSE[event.course].needs_approval:
                booking.status = status.AWAITING_APPROVAL
                decided = min(
                    at + datetime.timedelta(hours=rng.uniform(2, 72)),
                    event.booking_deadline,
                )
                self.push(decided, "approve" if rng.random() > 0.05 else "decline", booking)
            else:
                self.take_place_or_queue(booking, at)
        elif action == "approve" and booking.status == status.AWAITING_APPROVAL:
            self.take_place_or_queue(booking, at)
        elif action == "decline" and booking.status == status.AWAITING_APPROVAL:
            booking.status = status.DECLINED
        elif action == "cancel" and booking.status in Booking.ACTIVE:
            self.cancel(booking, at)
        elif action == "accept" and booking.status == status.OFFERED:
            booking.status = status.CONFIRMED
        elif action == "expire" and booking.status == status.OFFERED:
            booking.status = status.OFFER_EXPIRED
            self.held -= 1
            self.offer_next(at)
        elif action == "substitute" and booking.status == status.CONFIRMED:
            self.substitute(booking, at)

    def take_place_or_queue(self, booking: BookingPlan, at: datetime.datetime) -> None:
        rng, event, status = self.generator.rng, self.event, Booking.Status
        if self.held < event.capacity:
            booking.status = status.CONFIRMED
            self.held += 1
        else:
            booking.status = status.WAITING
            booking.joined_waiting_list_at = at
            self.waiting.append(booking)
        fate = self.fates[booking.key]
        if fate == "cancel":
            deadline = max(event.cancellation_deadline, at)
            self.push(_between(rng, at, deadline), "cancel", booking)
        elif fate == "late":
            self.push(
                _between(
                    rng,
                    max(event.cancellation_deadline, at),
                    event.starts_at - datetime.timedelta(hours=1),
                ),
                "cancel",
                booking,
            )
        elif fate == "substitute":
            self.push(
                _between(rng, at, event.starts_at - datetime.timedelta(hours=2)),
                "substitute",
                booking,
            )

    def offer_next(self, at: datetime.datetime) -> None:
        rng = self.generator.rng
        if self.held >= self.event.capacity or not self.waiting:
            return
        booking = self.waiting.pop(0)
        booking.status = Booking.Status.OFFERED
        booking.offered_at = at
        booking.offer_expires_at = self.generator.offer_expiry(at)
        self.held += 1
        if self.fates[booking.key] != "keep_offer" and rng.random() < OFFER_ACCEPTED:
            accept = _between(rng, at, at + datetime.timedelta(hours=40))
            self.push(min(accept, booking.offer_expires_at), "accept", booking)
        else:
            self.push(booking.offer_expires_at, "expire", booking)

    def cancel(self, booking: BookingPlan, at: datetime.datetime) -> None:
        status = Booking.Status
        held_place = booking.status in (status.CONFIRMED, status.OFFERED)
        late = held_place and at > self.event.cancellation_deadline
        if booking.status == status.WAITING:
            self.waiting.remove(booking)
        booking.status = status.LATE_CANCELLED if late else status.CANCELLED
        booking.cancelled_at = at
        booking.cancellation_reason = self.generator.rng.choice(CANCELLATION_REASONS)
        if late:
            booking.charge = LATE_CANCELLATION_FEE
            booking.charge_reason = "Late cancellation"
        if held_place:
            self.held -= 1
            self.offer_next(at)

    def substitute(self, booking: BookingPlan, at: datetime.datetime) -> None:
        generator = self.generator
        colleagues = [
            c for c in generator.by_agency[booking.agency] if c.email not in self.on_event
        ]
        if not colleagues:
            return
        colleague = generator.rng.choice(colleagues)
        self.on_event.add(colleague.email)
        booking.status = Booking.Status.SUBSTITUTED
        substitute = generator._booking(self.event, colleague, at, False)
        substitute.line_manager = booking.line_manager
        substitute.status = Booking.Status.CONFIRMED
        substitute.substitute_for = booking.key
        self.event.bookings.append(substitute)

    def give_up_a_place(self, at: datetime.datetime) -> None:
        """A place given up just before the anchor: the first on the list holds an offer."""
        confirmed = [b for b in self.event.bookings if b.status == Booking.Status.CONFIRMED]
        victim = confirmed[len(confirmed) // 2]
        victim.status = Booking.Status.CANCELLED
        victim.cancelled_at = at
        victim.cancellation_reason = self.generator.rng.choice(CANCELLATION_REASONS[:4])
        self.held -= 1
        first = self.waiting[0]
        self.fates[first.key] = "keep_offer"
        self.offer_next(at)


def generate(
    *,
    seed: int = SEED,
    events: int = EVENTS,
    bookings: int = BOOKINGS,
    anchor: datetime.datetime = demo_anchor.STORY,
    cancellation_deadline: Deadline = default_cancellation_deadline,
    offer_expiry: Deadline = default_offer_expiry,
) -> Programme:
    """Plan a programme year of `events` events and about `bookings` bookings around
    `anchor`. Pure: the same arguments give the same plan."""
    return _Generator(
        seed=seed,
        events=events,
        bookings=bookings,
        anchor=anchor,
        cancellation_deadline=cancellation_deadline,
        offer_expiry=offer_expiry,
    ).generate()


# --- writing ----------------------------------------------------------------------


def loaded(partnership: Partnership) -> bool:
    return AuditEvent.objects.filter(partnership=partnership, verb=LOAD_VERB).exists()


def _answers(
    questions: Sequence[EvaluationQuestion], plan: EvaluationPlan
) -> tuple[dict[str, Any], int | None, int | None]:
    """The plan's answers put to the form's questions, as `evaluation_submit` stores them."""
    answers: dict[str, Any] = {}
    texts = list(plan.texts)
    knowledge = confidence = None
    for question in questions:
        if question.kind == EvaluationQuestion.Kind.SCALE:
            if question.measure == EvaluationQuestion.Measure.KNOWLEDGE:
                value = knowledge = plan.knowledge
            elif question.measure == EvaluationQuestion.Measure.CONFIDENCE:
                value = confidence = plan.confidence
            else:
                value = plan.knowledge
            if value is not None:
                answers[str(question.number)] = value
        else:
            answers[str(question.number)] = texts.pop(0) if texts else ""
    return answers, knowledge, confidence


def _people(programme: Programme, partnership: Partnership) -> dict[str, Person]:
    """Every learner and trainer as a Person (invented ones without a password) with a
    membership of the partnership: practitioners, and trainers with the trainer role."""
    specs: dict[str, tuple[str, str, str, tuple[str, ...]]] = {}
    for learner in programme.learners:
        specs[learner.email] = (
            learner.full_name,
            learner.job_title,
            learner.agency,
            ("practitioner",),
        )
    for trainer in TRAINERS:
        specs[trainer.email] = (
            trainer.full_name,
            trainer.job_title,
            trainer.agency,
            ("trainer", "practitioner"),
        )
    found = {p.email: p for p in Person.objects.filter(email__in=list(specs))}
    named = {p.email: p for p in Person.objects.filter(email__in=[p.email for p in people.PEOPLE])}
    persons, members, member_roles = (
        _Rows(Person),
        _Rows(Membership),
        _Rows(Membership.roles.through),
    )
    unusable = make_password(None)
    joined = _local(programme.year_start - datetime.timedelta(days=30), 9)
    pks = {email: p.pk for email, p in {**found, **named}.items()}
    for email, (name, title, _agency, _roles) in specs.items():
        if email not in pks:
            pks[email] = persons.add(
                email=email,
                full_name=name,
                job_title=title,
                phone="",
                password=unusable,
                is_active=True,
                date_joined=joined,
            )
    agencies = {a.name: a.pk for a in Agency.objects.filter(name__in=AGENCY_WEIGHTS)}
    roles = {r.slug: r.pk for r in Role.objects.filter(slug__in=["practitioner", "trainer"])}
    has = set(
        Membership.objects.filter(partnership=partnership, person_id__in=pks.values()).values_list(
            "person_id", flat=True
        )
    )
    for email, (_name, _title, agency, role_slugs) in specs.items():
        if pks[email] in has:
            continue
        member = members.add(
            person_id=pks[email],
            partnership_id=partnership.pk,
            agency_id=agencies[agency],
            is_active=True,
            created_at=joined,
        )
        for slug in role_slugs:
            member_roles.add(membership_id=member, role_id=roles[slug])
    for table in (persons, members, member_roles):
        table.flush()
    _reset_sequences([Person, Membership, Membership.roles.through])
    return {p.email: p for p in Person.objects.filter(email__in=[*specs, *named])}


def _reset_sequences(models: list[Any]) -> None:
    with connection.cursor() as cursor:
        # PostgreSQL: move the id sequences past the ids given here (SQLite needs nothing).
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _programme_settings(partnership: Partnership) -> tuple[dict[str, Theme], dict[str, Course]]:
    """The partnership's charges, themes and courses (made once; left alone after)."""
    for kind, amount in (
        (ChargeRule.Kind.LATE_CANCELLATION, LATE_CANCELLATION_FEE),
        (ChargeRule.Kind.NO_SHOW, NO_SHOW_FEE),
    ):
        ChargeRule.objects.get_or_create(
            partnership=partnership, kind=kind, defaults={"amount": amount}
        )
    themes = {}
    for name in THEMES:
        themes[name], _ = Theme.objects.get_or_create(partnership=partnership, name=name)
    courses: dict[str, Course] = {}
    for spec in COURSES:
        course, created = Course.objects.get_or_create(
            partnership=partnership,
            title=spec.title,
            defaults={
                "level": spec.level,
                "summary": spec.summary,
                "learning_outcomes": spec.outcomes,
                "audience": spec.audience,
                "prerequisites": spec.prerequisites,
                "duration_minutes": spec.minutes,
                "mode": spec.mode,
                "needs_manager_approval": spec.needs_approval,
                "minimum_trainers": spec.minimum_trainers,
            },
        )
        if created:
            course.themes.set([themes[name] for name in spec.themes])
        courses[spec.title] = course
    return themes, courses


def _trainer_pool(programme: Programme, courses: dict[str, Course], person: dict[str, int]) -> None:
    """Every trainer's accreditations (active, or for courses they left) and the days
    they are away."""
    accredited = _local(programme.year_start - datetime.timedelta(days=400), 9).date()
    Accreditation.objects.bulk_create(
        [
            Accreditation(
                course=courses[title],
                trainer_id=person[trainer.email],
                accredited_on=accredited,
                is_active=title in trainer.courses,
            )
            for trainer in TRAINERS
            for title in (*trainer.courses, *trainer.left)
        ],
        ignore_conflicts=True,
    )
    Unavailability.objects.bulk_create(
        Unavailability(trainer_id=person[email], starts_on=start, ends_on=end, reason=reason)
        for email, start, end, reason in programme.unavailable
    )


@dataclass
class _Writer:
    """Writes the planned events, bookings, attendance, evaluations and completions as
    rows in bulk (`_Rows`), keeping the keys the plans use to refer to each other."""

    partnership: Partnership
    courses: dict[str, Course]
    person: dict[str, int]
    agencies: dict[str, int]
    forms: dict[tuple[str, str], EvaluationForm]
    questions: dict[tuple[str, str], list[EvaluationQuestion]]
    events: _Rows = field(default_factory=lambda: _Rows(Event))
    event_trainers: _Rows = field(default_factory=lambda: _Rows(Event.trainers.through))
    bookings: _Rows = field(default_factory=lambda: _Rows(Booking))
    attendance: _Rows = field(default_factory=lambda: _Rows(Attendance))
    evaluations: _Rows = field(default_factory=lambda: _Rows(EvaluationResponse))
    completions: _Rows = field(default_factory=lambda: _Rows(Completion))
    booking_pk: dict[int, int] = field(default_factory=dict)

    @property
    def tables(self) -> list[_Rows]:
        return [
            self.events,
            self.event_trainers,
            self.bookings,
            self.attendance,
            self.evaluations,
            self.completions,
        ]

    def event(self, plan: EventPlan) -> None:
        event = self.events.add(
            partnership_id=self.partnership.pk,
            course_id=self.courses[plan.course].pk,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            venue=plan.venue,
            joining_link=plan.joining_link,
            capacity=plan.capacity,
            booking_deadline=plan.booking_deadline,
            cancellation_deadline=plan.cancellation_deadline,
            status=Event.Status.SCHEDULED.value,
            confirmed_count=plan.confirmed_count,
        )
        for email in plan.trainers:
            self.event_trainers.add(event_id=event, person_id=self.person[email])
        for booking in plan.bookings:
            self.booking(event, booking)

    def booking(self, event: int, booking: BookingPlan) -> None:
        person = self.person
        pk = self.bookings.add(
            partnership_id=self.partnership.pk,
            event_id=event,
            learner_id=person[booking.learner],
            agency_id=self.agencies[booking.agency],
            line_manager_id=person[booking.line_manager] if booking.line_manager else None,
            status=booking.status,
            booked_at=booking.booked_at,
            joined_waiting_list_at=booking.joined_waiting_list_at,
            offered_at=booking.offered_at,
            offer_expires_at=booking.offer_expires_at,
            cancelled_at=booking.cancelled_at,
            cancellation_reason=booking.cancellation_reason,
            charge=booking.charge,
            charge_reason=booking.charge_reason,
            substitute_for_id=(
                self.booking_pk[booking.substitute_for] if booking.substitute_for else None
            ),
        )
        self.booking_pk[booking.key] = pk
        if booking.attendance is not None:
            mark = booking.attendance
            self.attendance.add(
                booking_id=pk,
                status=mark.status,
                minutes=mark.minutes,
                source=mark.source,
                recorded_by_id=person[mark.recorded_by] if mark.recorded_by else None,
                recorded_at=mark.recorded_at,
            )
        for answer in booking.evaluations:
            self.evaluation(pk, booking, answer)

    def evaluation(self, pk: int, booking: BookingPlan, answer: EvaluationPlan) -> None:
        # At six months the line manager gives their part of the stage. A substitute
        # may be their own line manager's colleague, or the line manager themselves:
        # before that stage, whoever answers answers as the learner.
        by_manager = (
            answer.stage == EvaluationStage.SIX_MONTHS
            and answer.submitted_by == booking.line_manager
        )
        key = (answer.stage, Respondent.LINE_MANAGER if by_manager else Respondent.LEARNER)
        values, knowledge, confidence = _answers(self.questions[key], answer)
        self.evaluations.add(
            booking_id=pk,
            stage=answer.stage,
            respondent=key[1],
            form_id=self.forms[key].pk,
            answers=values,
            knowledge=knowledge,
            confidence=confidence,
            submitted_at=answer.submitted_at,
            submitted_by_id=self.person[answer.submitted_by],
        )

    def completion(self, done: CompletionPlan) -> None:
        self.completions.add(
            partnership_id=self.partnership.pk,
            course_id=self.courses[done.course].pk,
            learner_id=self.person[done.learner],
            learner_email=done.learner,
            agency_id=self.agencies[done.agency],
            kind=done.kind,
            completed_at=done.completed_at,
            source=done.source,
        )

    def flush(self) -> None:
        for table in self.tables:
            table.flush()
        _reset_sequences([table.model for table in self.tables])


def _needs(
    partnership: Partnership,
    programme: Programme,
    themes: dict[str, Theme],
    person: dict[str, int],
    agencies: dict[str, int],
) -> None:
    """The year's training needs survey and each agency's answers."""
    survey, _ = NeedsSurvey.objects.get_or_create(
        partnership=partnership,
        year=programme.survey_year,
        defaults={"closes_on": programme.survey_closes},
    )
    NeedsResponse.objects.bulk_create(
        [
            NeedsResponse(
                survey=survey,
                agency_id=agencies[need.agency],
                theme=themes[need.theme],
                staff_needing=need.staff_needing,
                priority=need.priority,
                notes=need.notes,
                submitted_by_id=person[need.submitted_by],
                submitted_at=need.submitted_at,
            )
            for need in programme.needs
        ],
        ignore_conflicts=True,
    )


def write(partnership: Partnership, programme: Programme) -> dict[str, Any]:
    """Write the planned programme as rows; returns what was made, for the audit event."""
    themes, courses = _programme_settings(partnership)
    forms = {
        (form.stage, form.respondent): form for form in evaluation_defaults_ensure(partnership)
    }
    person = {email: p.pk for email, p in _people(programme, partnership).items()}
    agencies = {a.name: a.pk for a in Agency.objects.all()}
    _trainer_pool(programme, courses, person)
    writer = _Writer(
        partnership,
        courses,
        person,
        agencies,
        forms,
        {key: list(form.questions.order_by("number")) for key, form in forms.items()},
    )
    for plan in programme.events:
        writer.event(plan)
    for done in programme.completions:
        writer.completion(done)
    writer.flush()
    _needs(partnership, programme, themes, person, agencies)
    statuses = Counter(b.status for b in programme.bookings())
    return {
        "events": writer.events.written,
        "bookings": writer.bookings.written,
        "booking_statuses": [f"{status}: {count}" for status, count in sorted(statuses.items())],
        "attendance": writer.attendance.written,
        "evaluations": writer.evaluations.written,
        "completions": writer.completions.written,
        "learners": len(programme.learners),
        "needs_responses": len(programme.needs),
    }


def load(
    partnership: Partnership,
    *,
    events: int = EVENTS,
    bookings: int = BOOKINGS,
    seed: int = SEED,
    anchor: datetime.datetime,
) -> dict[str, Any] | None:
    """Generate and write a partnership's training year, once; None if already there."""
    if loaded(partnership):
        return None
    with transaction.atomic():
        programme = generate(
            seed=seed,
            events=events,
            bookings=bookings,
            anchor=anchor,
            cancellation_deadline=lambda at: services.cancellation_deadline(partnership, at),
            offer_expiry=lambda at: services.offer_expiry(partnership, at),
        )
        summary = {
            **write(partnership, programme),
            "seed": seed,
            "anchor": anchor.isoformat(),
        }
        audit.record(None, LOAD_VERB, partnership=partnership, changes=summary)
    return summary


def build(
    progress: Progress = lambda _: None,
    *,
    events: int = EVENTS,
    bookings: int = BOOKINGS,
    seed: int = SEED,
    anchor: datetime.datetime | None = None,
) -> None:
    """Northbridge's training year: `events` events and about `bookings` bookings in the
    programme year around `anchor` (by default the one the demo was built with, or
    today's). Idempotent: a partnership already loaded is left alone."""
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    if not loaded(partnership):
        progress(f"Learning and development: {events:,} events, about {bookings:,} bookings")
    load(partnership, events=events, bookings=bookings, seed=seed, anchor=anchor)
