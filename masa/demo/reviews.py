"""The demo's case reviews: two years of Northbridge's serious incidents, rapid reviews,
reviews and the recommendations tracker, up to the demo's anchor (the afternoon of the
working day it is loaded, as the front door and training: masa/demo/anchor.py).

Everything is made through the reviews services (`masa.reviews.services`), as the
people who would do it: the business unit (Dev Patel, Eleanor Hughes) runs the
casework, the executive (James Morgan) signs reports off, agencies write their own
summaries and action updates (Maya Singh for the police, Grace Okafor for the hospital
trust, Harry Whitfield for probation; the business unit records the others'), a member
of the case review group (Priya Raman) accepts evidence, and the business manager closes
actions. So every rule holds: clocks from the partnership's timescales, status moves
from `masa.reviews.rules`, evidence checked by type and content and kept in the storage.

Where a service stamps "now" (a record's `created_at`, an action's `created_on`, when
evidence was uploaded, a briefing's `updated_at`), the stamp is moved back to the date
in the story with a queryset update straight after, so the history reads as it
happened; the audit events keep the moment the demo was built (the audit log is
append-only). The references of the alternative and table-top reviews take the year
the service is run in; they are moved to the year in the story too.

Every date is written down here as it was at the story's anchor (Friday 20 November
2026, `anchor.STORY`); the build moves them all on by the whole weeks from there to the
demo's anchor (`moved`), so each keeps its day of the week and none falls after the
anchor, and a year written in the text moves with them. Published reports in the
library keep their dates. "Overdue" and "no update for weeks" are worked out when
read, so as real time passes the same demo shows more drift, as a real partnership
would. Every name is invented; subjects
are pseudonyms ("Child A") with equality data only.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F

from masa.actions import rules
from masa.actions import services as action_services
from masa.actions.models import Action, ActionUpdate, Evidence
from masa.core import audit
from masa.core.acting import Acting, acting_in
from masa.core.models import Agency, AuditEvent, Partnership, Person
from masa.demo import anchor as demo_anchor
from masa.frontdoor.services import LONDON
from masa.reviews import selectors
from masa.reviews.models import (
    Briefing,
    Incident,
    Newsletter,
    PreDiscussion,
    RapidReview,
    Recommendation,
    ReferenceCounter,
    Review,
    ReviewDelay,
    ReviewDocument,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
)
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services import learning as learning_services
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from masa.reviews.services import recommendations as recommendations_services
from masa.reviews.services import reference as reference_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.services import sar as sar_services
from masa.reviews.services import subjects as subjects_services

# The day every date below was written for (a Friday).
STORY_TODAY = demo_anchor.STORY.date()
LOAD_VERB = "demo.reviews_load"
S = rules.ActionStatus

Progress = Callable[[str], None]
D = datetime.date

# Who does what (masa/demo/people.py).
OFFICER = "dev.patel@northbridge.example"  # business unit officer: runs the casework
MANAGER = "eleanor.hughes@northbridge.example"  # business manager: closes actions
GROUP = "priya.raman@merciavale-icb.example"  # case review group member: accepts evidence
EXECUTIVE = "james.morgan@northbridge.example"  # signs final reports off
MAYA = "maya.singh@merciavale-police.example"  # police: summaries and actions
GRACE = "grace.okafor@northbridge-hospitals.example"  # hospital trust
HARRY = "harry.whitfield@merciavale-probation.example"  # probation, subgroup chair

POLICE = "Mercia Vale Police"
ICB = "Mercia Vale Integrated Care Board"
PROBATION = "Mercia Vale Probation Service"
FIRE = "Mercia Vale Fire and Rescue Service"
COUNCIL = "Northbridge Borough Council"
YJS = "Northbridge Youth Justice Service"
HOSPITALS = "Northbridge Hospitals NHS Trust"
GP = "Canal Street Medical Practice"
ACADEMY = "Northbridge Academy"
ST_AIDANS = "St Aidan's Primary School"
HOLLINS = "Hollins Park Primary School"
COLLEGE = "Northbridge College"
NURSERY = "Little Acorns Nursery"
HOMES = "Northbridge Homes Housing Association"
WOMENS_AID = "Northbridge Women's Aid"

# The person who writes an agency's summaries and action updates; the business unit
# records the rest (it may, with review.manage and recommendation.update).
AGENCY_WRITER = {POLICE: MAYA, HOSPITALS: GRACE, PROBATION: HARRY}

# Themes (the starter taxonomy, masa/reviews/themes.py).
NEGLECT = "Neglect"
SHARING = "Information sharing"
VOICE = "Voice of the child"
FAMILY = "Complex family dynamics"
DOMESTIC = "Domestic abuse"
MENTAL = "Mental health"
SUBSTANCE = "Parental substance misuse"
EXPLOITATION = "Exploitation"
RACE = "Race and culture"
CURIOSITY = "Professional curiosity"
ESCALATION = "Escalation"
SELF_NEGLECT = "Self-neglect and hoarding"
INFANTS = "Safeguarding infants"


# --- the casework --------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectSpec:
    pseudonym: str
    age_band: str
    sex: str
    ethnicity: str
    disability: str = Subject.Disability.NO
    other: str = ""


@dataclass(frozen=True)
class SummarySpec:
    agency: str
    submitted_on: D | None  # None: still awaited


@dataclass(frozen=True)
class RapidSpec:
    requested_on: D
    summaries: tuple[SummarySpec, ...]
    meeting_on: D | None = None
    decision: str = ""
    rationale: str = ""
    learning: str = ""
    sent_on: D | None = None
    response: str = ""
    response_on: D | None = None
    review_title: str = ""


@dataclass(frozen=True)
class IncidentSpec:
    key: str
    subject: SubjectSpec
    summary: str
    aware_on: D
    notified_on: D
    themes: tuple[str, ...]
    rapid: RapidSpec
    looked_after: bool = False


INCIDENTS: tuple[IncidentSpec, ...] = (
    IncidentSpec(
        "A",
        SubjectSpec("Child A", "under_1", "M", "WBRI"),
        "Child A, aged 14 weeks, was admitted to hospital with a skull fracture and bruising "
        "to the face. A non-accidental injury is suspected. The mother's new partner had "
        "moved into the home two months earlier; he was not known to health visiting.",
        D(2025, 1, 13),
        D(2025, 1, 15),
        (INFANTS, CURIOSITY, FAMILY),
        RapidSpec(
            D(2025, 1, 16),
            (
                SummarySpec(POLICE, D(2025, 1, 22)),
                SummarySpec(HOSPITALS, D(2025, 1, 23)),
                SummarySpec(COUNCIL, D(2025, 1, 22)),
                SummarySpec(ICB, D(2025, 1, 23)),
            ),
            meeting_on=D(2025, 2, 3),
            decision=RapidReview.Decision.LCSPR,
            rationale="The criteria for a local review are met: serious harm, abuse suspected, "
            "and practice questions for several agencies (bruising in a non-mobile baby seen "
            "and not escalated; a new adult in the household unknown to health).",
            sent_on=D(2025, 2, 4),
            response="The Panel agreed an LCSPR is needed and asked that it looks at how male "
            "carers are seen and engaged, as in its national review of non-accidental injury.",
            response_on=D(2025, 3, 3),
            review_title="LCSPR: Child A, a baby with a non-accidental injury",
        ),
    ),
    IncidentSpec(
        "B",
        SubjectSpec("Child B", "5_9", "F", "WBRI", other="Known to speech and language therapy"),
        "Child B, aged 7, was found alone at home, underweight and with untreated tooth decay. "
        "Her mother had been in hospital for four days. The school had recorded many "
        "absences and missed dental appointments.",
        D(2025, 4, 7),
        # Late: the notification was due 5 working days after the council became aware.
        D(2025, 4, 16),
        (NEGLECT, VOICE),
        RapidSpec(
            D(2025, 4, 22),
            (
                SummarySpec(POLICE, D(2025, 4, 28)),
                SummarySpec(COUNCIL, D(2025, 4, 29)),
                SummarySpec(HOLLINS, D(2025, 4, 29)),
                SummarySpec(GP, D(2025, 4, 30)),
            ),
            meeting_on=D(2025, 5, 8),
            decision=RapidReview.Decision.NO_LCSPR,
            rationale="The agencies' summaries show the learning is clear and already known to "
            "the partnership (neglect over time, missed health appointments); a local review "
            "would not add to it.",
            learning="Missed health appointments are a sign of neglect: schools and GPs should "
            "tell the health visitor or school nurse after two missed appointments. The neglect "
            "toolkit was not used; a 7-minute briefing will remind practitioners of it.",
            sent_on=D(2025, 5, 9),
            response="The Panel agreed with the decision and the learning identified.",
            response_on=D(2025, 6, 2),
        ),
    ),
    IncidentSpec(
        "D",
        SubjectSpec("Child D", "16_17", "M", "BCRB", Subject.Disability.UNKNOWN),
        "Child D, aged 16, was stabbed in a park and seriously injured. He had been reported "
        "missing eleven times in the year before, and police had found him twice in another "
        "county with cash and drugs.",
        D(2025, 7, 7),
        D(2025, 7, 9),
        (EXPLOITATION, RACE, SHARING),
        RapidSpec(
            D(2025, 7, 10),
            (
                SummarySpec(POLICE, D(2025, 7, 16)),
                SummarySpec(COUNCIL, D(2025, 7, 17)),
                SummarySpec(YJS, D(2025, 7, 16)),
                SummarySpec(COLLEGE, D(2025, 7, 21)),
            ),
            meeting_on=D(2025, 7, 25),
            decision=RapidReview.Decision.LCSPR,
            rationale="Serious harm with exploitation known to several agencies, and questions "
            "about whether Child D was seen as a victim; an LCSPR can find out why.",
            sent_on=D(2025, 7, 28),
            response="The Panel agreed and asked the review to consider adultification bias.",
            response_on=D(2025, 8, 26),
            review_title="LCSPR: Child D, criminal exploitation",
        ),
    ),
    IncidentSpec(
        "E",
        SubjectSpec("Child E", "10_15", "F", "ABAN", other="Bengali spoken at home; a young carer"),
        "Child E, aged 13, took an overdose after a period of domestic abuse at home. A child "
        "in need plan had closed three months earlier.",
        D(2025, 10, 13),
        D(2025, 10, 15),
        (DOMESTIC, FAMILY, RACE),
        RapidSpec(
            D(2025, 10, 16),
            (
                SummarySpec(POLICE, D(2025, 10, 22)),
                SummarySpec(COUNCIL, D(2025, 10, 23)),
                SummarySpec(WOMENS_AID, D(2025, 10, 22)),
                SummarySpec(ACADEMY, D(2025, 10, 23)),
            ),
            meeting_on=D(2025, 11, 3),
            decision=RapidReview.Decision.OTHER_REVIEW,
            rationale="The learning is about a few agencies and one decision (closing the plan): "
            "a shorter alternative review with the practitioners will find it faster.",
            sent_on=D(2025, 11, 4),
            response="The Panel agreed an alternative review is proportionate.",
            response_on=D(2025, 12, 1),
        ),
    ),
    IncidentSpec(
        "G",
        SubjectSpec(
            "Child G",
            "16_17",
            "F",
            "MWBC",
            Subject.Disability.YES,
            other="Autistic; in foster care",
        ),
        "Child G, aged 17, was found unconscious after a serious self-harm attempt, two days "
        "after attending the emergency department in distress. Her college had raised concerns "
        "about self-harm; a referral to CAMHS had been declined.",
        D(2026, 2, 2),
        D(2026, 2, 4),
        (MENTAL, VOICE, ESCALATION),
        RapidSpec(
            D(2026, 2, 5),
            (
                SummarySpec(POLICE, D(2026, 2, 11)),
                SummarySpec(HOSPITALS, D(2026, 2, 12)),
                SummarySpec(COUNCIL, D(2026, 2, 11)),
                SummarySpec(COLLEGE, D(2026, 2, 12)),
            ),
            meeting_on=D(2026, 2, 20),
            decision=RapidReview.Decision.LCSPR,
            rationale="Serious harm, and questions for several agencies about how an autistic "
            "young person in crisis was assessed and how worries were escalated.",
            sent_on=D(2026, 2, 23),
            response="The Panel agreed. It noted its interest in transitions to adult services.",
            response_on=D(2026, 3, 20),
            review_title="LCSPR: Child G, self-harm and transition",
        ),
        looked_after=True,
    ),
    IncidentSpec(
        "H",
        SubjectSpec("Child H", "1_4", "M", "WBRI"),
        "Child H, aged 2, was admitted to hospital after swallowing methadone at home. Both "
        "parents were known to the drug and alcohol service.",
        D(2026, 5, 11),
        D(2026, 5, 13),
        (SUBSTANCE, NEGLECT),
        RapidSpec(
            D(2026, 5, 14),
            (
                SummarySpec(POLICE, D(2026, 5, 20)),
                SummarySpec(COUNCIL, D(2026, 5, 21)),
                SummarySpec(HOSPITALS, D(2026, 5, 20)),
                SummarySpec(NURSERY, D(2026, 5, 21)),
            ),
            meeting_on=D(2026, 6, 1),
            decision=RapidReview.Decision.NO_LCSPR,
            rationale="The practice issues are known and limited; a table-top review with the "
            "agencies involved will capture the learning without a full LCSPR.",
            learning="Drug and alcohol services did not ask about the children in the home. "
            "The nursery's worries about hunger were recorded as one-offs. A table-top review "
            "will agree the actions.",
            sent_on=D(2026, 6, 2),
            response="The Panel agreed with the decision and the table-top review.",
            response_on=D(2026, 6, 29),
        ),
    ),
    IncidentSpec(
        "J",
        SubjectSpec("Child J", "10_15", "M", "WBRI"),
        "Child J, aged 12, was taken to hospital with injuries after an assault by older "
        "young people; police believe he was being groomed to carry drugs.",
        D(2026, 10, 29),
        D(2026, 11, 2),
        (EXPLOITATION, CURIOSITY),
        # Open: summaries in, one still awaited and overdue; the meeting is next week.
        RapidSpec(
            D(2026, 11, 3),
            (
                SummarySpec(POLICE, D(2026, 11, 9)),
                SummarySpec(COUNCIL, D(2026, 11, 10)),
                SummarySpec(HOSPITALS, D(2026, 11, 12)),
                SummarySpec(ACADEMY, None),
            ),
        ),
    ),
)

# What each kind of agency tells a rapid review (the same words for every incident,
# with the child's pseudonym): enough to read as a summary, invented throughout.
SUMMARY_TEXTS: dict[str, tuple[str, str, str]] = {
    POLICE: (
        "{child} and the family were known through calls to the address and checks by the "
        "public protection unit. All contacts in the year before the incident are listed in "
        "the chronology sent with this summary.",
        "Officers recorded what they saw but did not always share it with health and "
        "children's social care; the risk to {child} was assessed from the adults' point of view.",
        "Share information about adults in a child's household with health as well as the MASH.",
    ),
    HOSPITALS: (
        "{child} was seen by the emergency department, the wards and community health services. "
        "Appointments, attendances and missed appointments are in the chronology.",
        "Clinicians treated what they were presented with; the wider picture was not pieced "
        "together and the safeguarding team was told late.",
        "Use the safeguarding team's advice line when a presentation does not fit the account.",
    ),
    COUNCIL: (
        "Children's social care and early help knew the family through contacts to the MASH "
        "and a period of support. Decisions and their reasons are summarised in the chronology.",
        "Each contact was judged on its own; the history was not weighed as a whole, and "
        "{child}'s own experience was not recorded at every visit.",
        "Look at the whole history at each contact, and record the child's lived experience.",
    ),
    ICB: (
        "The GP practice and health visiting saw {child} and the mother; primary care records "
        "were reviewed for this summary.",
        "Health visiting did not know who else lived in the home; the GP record held "
        "information that was not shared.",
        "Ask and record who lives in and visits the home at every contact.",
    ),
    YJS: (
        "{child} was supervised on a referral order; sessions and missed sessions are listed.",
        "Workers saw signs of exploitation but shared them with the police alone.",
        "Bring exploitation concerns to the daily triage meeting, not one agency.",
    ),
    WOMENS_AID: (
        "The mother was supported by an outreach worker for four months.",
        "Support focused on the mother; the children's experience of the abuse was not assessed.",
        "Offer each child their own time with a worker.",
    ),
    GP: (
        "{child} was registered with the practice; consultations and missed appointments are "
        "listed in the chronology.",
        "Missed appointments were not followed up or shared with the school nurse.",
        "Follow up two missed appointments for a child and tell the school nurse.",
    ),
}
EDUCATION_TEXT = (
    "{child}'s attendance, welfare concerns and contacts with the family are summarised from "
    "the setting's safeguarding records.",
    "Staff noticed changes in {child} and recorded them, but did not always pass them on or "
    "follow them up when nothing happened.",
    "Escalate when a worry continues and nothing seems to change.",
)


@dataclass(frozen=True)
class PreDiscussionSpec:
    held_on: D
    summary: str
    outcome: str
    rationale: str
    attendees: str
    incident: str = ""  # the incident it led to


PRE_DISCUSSIONS = (
    PreDiscussionSpec(
        D(2025, 9, 10),
        "A 14-year-old attended the emergency department after self-harm; the school was "
        "worried about attendance. No abuse or neglect is suspected.",
        PreDiscussion.Outcome.NO_NOTIFICATION,
        "The criteria for a notification are not met: no abuse or neglect is known or "
        "suspected. The hospital trust will share its single-agency learning with the group.",
        "Case review group chair; children's social care; hospital trust named nurse; police",
    ),
    PreDiscussionSpec(
        D(2026, 10, 30),
        "A 12-year-old was assaulted by older young people; police intelligence suggests he "
        "was being groomed to carry drugs.",
        PreDiscussion.Outcome.NOTIFY_PANEL,
        "Serious harm, and exploitation (a form of abuse) is suspected: the council will "
        "notify the Panel.",
        "Case review group chair; children's social care; police; school",
        incident="J",
    ),
)


# --- reviews, findings, recommendations and actions ------------------------------------

# How an action's story plays out before the anchor (dates below are worked out from
# the plan's date, the action's due date and the anchor):
NOT_STARTED = "not_started"
ON_TRACK = "on_track"  # recent updates, on course
AT_RISK = "at_risk"
STALE = "stale"  # on track, but no update for longer than the stale period
OVERDUE = "overdue"  # on track by its updates, but past its due date
OVERDUE_STALE = "overdue_stale"
OVERDUE_NOT_STARTED = "overdue_not_started"
COMPLETED = "completed"  # done, evidence uploaded, awaiting the group's acceptance
EVIDENCED = "evidenced"  # evidence accepted, not yet closed
CLOSED = "closed"  # evidence accepted and closed
CLOSED_WITH_REASON = "closed_with_reason"  # closed early, without evidence, with a reason
STORIES = (
    NOT_STARTED,
    ON_TRACK,
    AT_RISK,
    STALE,
    OVERDUE,
    OVERDUE_STALE,
    OVERDUE_NOT_STARTED,
    COMPLETED,
    EVIDENCED,
    CLOSED,
    CLOSED_WITH_REASON,
)
WITH_EVIDENCE = (COMPLETED, EVIDENCED, CLOSED)


@dataclass(frozen=True)
class ActionSpec:
    agency: str
    what: str
    measure: str
    due_on: D
    story: str
    # For a story with evidence: the file's name and what it shows (also the update).
    evidence: tuple[str, str] = ("", "")
    reason: str = ""  # closed with a reason
    named: bool = True  # the agency's writer (if any) is the named owner


@dataclass(frozen=True)
class RecommendationSpec:
    text: str
    themes: tuple[str, ...]
    finding: int | None  # 1-based, of the review's findings
    actions: tuple[ActionSpec, ...]
    measure_kind: str = ""
    measure: str = ""
    # An insight indicator code to prefer as the measure when the catalogue has it.
    indicator: str = ""


@dataclass(frozen=True)
class MilestoneSpec:
    name: str
    due_on: D
    done_on: D | None = None


@dataclass(frozen=True)
class DelaySpec:
    reason: str
    started_on: D
    ended_on: D | None
    detail: str


@dataclass(frozen=True)
class ReviewSpec:
    """A review: `incident` (for an LCSPR, the rapid review commissioned it), and how far
    it got. Findings, recommendations and the action plan (made on `plan_on`)."""

    key: str
    kind: str
    incident: str = ""
    title: str = ""
    summary: str = ""
    created_on: D | None = None  # reviews not made by a decision
    reviewer: str = ""
    commissioned_on: D | None = None
    conflict_check: str = ""
    terms: str = ""
    family: str = ""
    started_on: D | None = None
    target_on: D | None = None  # not an LCSPR (an LCSPR's comes from the timescale)
    milestones: tuple[MilestoneSpec, ...] = ()
    delays: tuple[DelaySpec, ...] = ()
    draft_on: D | None = None
    signed_off_on: D | None = None
    published_on: D | None = None
    link: str = ""
    not_published: tuple[D, str] | None = None
    copies: tuple[tuple[str, D, str], ...] = ()
    findings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    recommendations: tuple[RecommendationSpec, ...] = ()
    plan_on: D | None = None
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewerSpec:
    full_name: str
    email: str
    organisation: str
    expertise: str
    conflicts: str
    themes: tuple[str, ...]


REVIEWERS = (
    ReviewerSpec(
        "Helen Marsh",
        "helen.marsh@marsh-reviews.example",
        "Marsh Safeguarding Reviews",
        "Independent reviewer; a former designated nurse. Babies and young children, health "
        "services, mental health.",
        "Worked for Southmoor and District NHS Foundation Trust until 2019.",
        (INFANTS, NEGLECT, MENTAL),
    ),
    ReviewerSpec(
        "Tom Adeyemi",
        "tom.adeyemi@adeyemi-consulting.example",
        "Adeyemi Consulting",
        "Independent reviewer; a former detective chief inspector in another force. Domestic "
        "abuse, exploitation, police practice.",
        "None declared.",
        (DOMESTIC, EXPLOITATION),
    ),
    ReviewerSpec(
        "Ruth Kingsley",
        "ruth.kingsley@kingsley-practice.example",
        "Kingsley Practice Reviews",
        "Independent social work consultant. Adolescents, exploitation, race and culture, "
        "family involvement in reviews.",
        "Chaired Southmoor's case review group from 2020 to 2022.",
        (EXPLOITATION, RACE, VOICE),
    ),
    ReviewerSpec(
        "Sanjay Mehta",
        "sanjay.mehta@mehta-adult-reviews.example",
        "Mehta Adult Reviews",
        "Independent author of Safeguarding Adult Reviews. Self-neglect and hoarding, mental "
        "capacity, multi-agency risk management.",
        "None declared.",
        (SELF_NEGLECT, MENTAL),
    ),
)


def _a(agency: str, what: str, measure: str, due: D, story: str, **more: Any) -> ActionSpec:
    return ActionSpec(agency, what, measure, due, story, **more)


REVIEWS: tuple[ReviewSpec, ...] = (
    ReviewSpec(
        "A",
        Review.Kind.LCSPR,
        incident="A",
        summary="A baby with a non-accidental injury; a new adult in the household unknown to "
        "health; bruising seen and not escalated.",
        reviewer="Helen Marsh",
        commissioned_on=D(2025, 2, 20),
        conflict_check="Checked against the agencies and practitioners involved: no current or "
        "past work for Northbridge's agencies. Her past employer is not involved.",
        terms="Period: from the mother's booking in pregnancy to the injury. Questions: how "
        "agencies knew who lived in the home; how the bruise at 10 weeks was responded to; how "
        "information about the partner's past was shared.",
        family="The mother met the reviewer twice; the father declined. The maternal "
        "grandmother contributed.",
        started_on=D(2025, 3, 3),
        milestones=(
            MilestoneSpec("Chronologies from every agency", D(2025, 3, 28), D(2025, 3, 27)),
            MilestoneSpec("Practitioner learning event", D(2025, 5, 15), D(2025, 5, 14)),
            MilestoneSpec("Family conversations", D(2025, 6, 13), D(2025, 7, 4)),
            MilestoneSpec("Draft to the case review group", D(2025, 8, 1), D(2025, 8, 4)),
        ),
        delays=(
            DelaySpec(
                ReviewDelay.Reason.INQUEST,
                D(2025, 6, 2),
                D(2025, 6, 27),
                "The coroner asked that family conversations wait for the pre-inquest review.",
            ),
        ),
        draft_on=D(2025, 8, 4),
        signed_off_on=D(2025, 9, 1),
        published_on=D(2025, 10, 6),
        link="https://www.example.org/northbridge/reviews/lcspr-child-a",
        copies=(
            ("panel", D(2025, 10, 6), ""),
            ("other", D(2025, 10, 20), "Northbridge Health and Wellbeing Board"),
        ),
        findings=(
            (
                "Practitioners did not ask who else lived in the household: the mother's new "
                "partner was not known to health visiting or the GP.",
                (CURIOSITY, FAMILY),
            ),
            (
                "A bruise seen on Child A at 10 weeks was accepted as accidental without a "
                "medical opinion, contrary to the protocol for bruising in non-mobile babies.",
                (INFANTS,),
            ),
            (
                "The police knew of the partner's violence to a previous partner; this was not "
                "shared with health or children's social care.",
                (SHARING, DOMESTIC),
            ),
            (
                "Child A's daily life was not seen through the baby's eyes: home visits "
                "focused on the mother's needs.",
                (VOICE,),
            ),
        ),
        plan_on=D(2025, 9, 8),
        recommendations=(
            RecommendationSpec(
                "All agencies should re-launch the protocol for bruising in non-mobile babies "
                "and check that it is used.",
                (INFANTS,),
                2,
                (
                    _a(
                        HOSPITALS,
                        "Re-launch the bruising protocol in the emergency department and on "
                        "the children's wards",
                        "Every clinician in the emergency department briefed; the protocol in "
                        "the department's induction pack",
                        D(2025, 12, 19),
                        CLOSED,
                        evidence=(
                            "ED-bruising-protocol-briefing-register.pdf",
                            "Briefings held for all emergency department teams; register attached",
                        ),
                    ),
                    _a(
                        ICB,
                        "Brief every GP practice on the bruising protocol at the safeguarding "
                        "leads' forum",
                        "All practices' safeguarding leads briefed",
                        D(2026, 1, 30),
                        CLOSED,
                        evidence=(
                            "GP-forum-minutes-January.txt",
                            "Forum held with 27 of 28 practices; the last was briefed by phone",
                        ),
                    ),
                    _a(
                        COUNCIL,
                        "Add the bruising protocol to the MASH's triage guidance",
                        "Triage guidance updated and MASH staff briefed",
                        D(2025, 12, 12),
                        CLOSED,
                        evidence=(
                            "MASH-triage-guidance-v4.pdf",
                            "Guidance version 4 issued with the protocol as section 6",
                        ),
                    ),
                    _a(
                        FIRE,
                        "Tell the MASH about any bruise seen on a baby during a home safety visit",
                        "Home safety visit checklist updated; crews briefed",
                        D(2026, 2, 27),
                        CLOSED,
                        evidence=(
                            "Home-safety-visit-checklist.pdf",
                            "The checklist now prompts crews to report bruising on babies",
                        ),
                    ),
                    _a(
                        COUNCIL,
                        "Audit 20 cases of bruising in non-mobile babies six months after the "
                        "re-launch",
                        "Audit report to the case review group",
                        D(2026, 7, 31),
                        COMPLETED,
                        evidence=(
                            "Bruising-protocol-audit-2026.pdf",
                            "Audit of 20 cases done: the protocol was followed in 18",
                        ),
                    ),
                ),
                measure_kind="audit_question",
                measure="Multi-agency audit: was the bruising protocol followed for every "
                "non-mobile baby with a bruise?",
            ),
            RecommendationSpec(
                "Agencies should ask about, and record, every adult living in or regularly "
                "visiting a baby's home.",
                (CURIOSITY, FAMILY, INFANTS),
                1,
                (
                    _a(
                        HOSPITALS,
                        "Add 'who lives in the home' questions to maternity and health visiting "
                        "records",
                        "Questions live in the records system; completion checked in audit",
                        D(2026, 3, 31),
                        EVIDENCED,
                        evidence=(
                            "Maternity-record-change-notice.pdf",
                            "Record change live from 2 March; screenshots of the new questions",
                        ),
                    ),
                    _a(
                        POLICE,
                        "Record all adults present at domestic incidents where a baby lives, and "
                        "share them with health visiting",
                        "Incident template changed; sample of 20 incidents checked",
                        D(2026, 2, 27),
                        CLOSED,
                        evidence=(
                            "PPU-incident-template-change.pdf",
                            "Template changed and a sample of 20 incidents checked",
                        ),
                    ),
                    _a(
                        COUNCIL,
                        "Include fathers and male carers in the early help assessment template",
                        "Template changed; early help workers briefed",
                        D(2026, 4, 30),
                        CLOSED,
                        evidence=(
                            "Early-help-assessment-template-2026.pdf",
                            "The new template has a section for fathers and male carers",
                        ),
                    ),
                    _a(
                        ICB,
                        "Add questions about who lives in the home to GP new-patient registration",
                        "Registration form changed in every practice",
                        D(2026, 5, 29),
                        CLOSED,
                        evidence=(
                            "GP-registration-form-2026.pdf",
                            "New registration form in use in all practices from May",
                        ),
                    ),
                    _a(
                        HOMES,
                        "Ask tenancy officers to record new household members and tell the "
                        "health visitor when a baby lives in the home",
                        "Tenancy procedure updated; officers trained",
                        D(2026, 6, 30),
                        OVERDUE,
                    ),
                ),
                measure_kind="survey",
                measure="Practitioner survey: the share who say they always ask who lives in "
                "and visits the home",
            ),
            RecommendationSpec(
                "The police should share what they know about the past violence of adults in "
                "a baby's household with health and children's social care.",
                (SHARING, DOMESTIC),
                3,
                (
                    _a(
                        POLICE,
                        "Include health visiting in domestic abuse notifications for children "
                        "under 1",
                        "Notifications reach health visiting the next working day",
                        D(2026, 3, 31),
                        CLOSED,
                        evidence=(
                            "Notifications-to-health-visiting.pdf",
                            "Health visiting receives notifications from 1 March; first month's "
                            "figures attached",
                        ),
                    ),
                    _a(
                        POLICE,
                        "Train public protection unit officers on sharing with health",
                        "Every officer in the unit trained",
                        D(2026, 5, 29),
                        EVIDENCED,
                        evidence=(
                            "PPU-training-attendance.txt",
                            "All 46 officers trained in April and May",
                        ),
                    ),
                    _a(
                        ICB,
                        "Agree an information-sharing agreement between the police and health "
                        "visiting",
                        "Agreement signed by both",
                        D(2026, 6, 30),
                        CLOSED_WITH_REASON,
                        reason="Overtaken: the regional information-sharing agreement signed by "
                        "all partners in June 2026 covers it.",
                    ),
                    _a(
                        POLICE,
                        "Check 30 domestic abuse incidents with a baby present to see that the "
                        "sharing happened",
                        "Dip sample reported to the case review group",
                        D(2026, 9, 30),
                        OVERDUE,
                    ),
                ),
                measure_kind="audit_question",
                measure="Dip sample: share of domestic abuse incidents with a baby in the home "
                "shared with health visiting the next working day",
                indicator="police.encompass_on_time_pct",
            ),
            RecommendationSpec(
                "Practitioners should record the baby's daily lived experience at every home "
                "visit.",
                (VOICE,),
                4,
                (
                    _a(
                        HOSPITALS,
                        "Add a 'day in the life of the baby' prompt to health visiting records",
                        "Prompt live; completion checked in audit",
                        D(2026, 1, 30),
                        CLOSED,
                        evidence=(
                            "Health-visiting-record-prompt.pdf",
                            "Prompt live from January; audit shows 85% completion",
                        ),
                    ),
                    _a(
                        COUNCIL,
                        "Run a practice workshop on the voice of the baby and the non-verbal child",
                        "Workshop held; evaluation collected",
                        D(2026, 5, 15),
                        CLOSED,
                        evidence=(
                            "Voice-of-the-baby-workshop-evaluation.pdf",
                            "Workshop held on 23 April with 64 practitioners; evaluation attached",
                        ),
                    ),
                    _a(
                        WOMENS_AID,
                        "Record each baby's experience in refuge key-work records",
                        "Key-work template changed; sample checked",
                        D(2026, 8, 28),
                        COMPLETED,
                        evidence=(
                            "Refuge-keywork-template.txt",
                            "Template changed in August; a sample of 10 records checked",
                        ),
                    ),
                ),
                measure_kind="audit_question",
                measure="Multi-agency audit: is the baby's lived experience recorded?",
            ),
            RecommendationSpec(
                "The partnership should check, after a year, that the changes from this review "
                "have made a difference for babies.",
                (INFANTS,),
                None,
                (
                    _a(
                        COUNCIL,
                        "Report the impact of this review's actions to the executive",
                        "Impact report at the executive's January meeting",
                        D(2027, 1, 29),
                        AT_RISK,
                    ),
                    _a(
                        HOSPITALS,
                        "Repeat the practitioner survey on household members",
                        "Survey results compared with the baseline",
                        D(2027, 3, 31),
                        STALE,
                    ),
                    _a(
                        ICB,
                        "Add bruising in non-mobile babies to the quarterly health dataset",
                        "The figure in the dataset from the third quarter",
                        D(2026, 12, 18),
                        ON_TRACK,
                    ),
                ),
                measure_kind="other",
                measure="The executive's review of the impact report",
            ),
        ),
    ),
    ReviewSpec(
        "SAR",
        Review.Kind.SAR,
        summary="An older woman who died at home in conditions of severe self-neglect; "
        "several agencies had tried to help and she declined.",
        reviewer="Sanjay Mehta",
        commissioned_on=D(2025, 7, 7),
        conflict_check="No work for Northbridge's agencies in the last five years.",
        terms="How agencies worked together with an adult who declined help; mental capacity; "
        "the use of the self-neglect and hoarding protocol.",
        family="Her son met the reviewer and gave a written account.",
        started_on=D(2025, 7, 21),
        target_on=D(2026, 4, 30),
        milestones=(
            MilestoneSpec("Practitioner learning event", D(2025, 11, 12), D(2025, 11, 12)),
            MilestoneSpec("Draft report", D(2026, 3, 31)),
        ),
        themes=(SELF_NEGLECT, MENTAL),
    ),
    ReviewSpec(
        "D",
        Review.Kind.LCSPR,
        incident="D",
        summary="A 16-year-old exploited to carry drugs, seriously injured; missing episodes "
        "known to several agencies.",
        reviewer="Ruth Kingsley",
        commissioned_on=D(2025, 8, 28),
        conflict_check="Checked: no past work with Northbridge's agencies; her work in "
        "Southmoor does not touch this case.",
        terms="How agencies understood Child D's missing episodes and exploitation; whether "
        "he was seen as a victim; the influence of his race and age on decisions.",
        family="Child D's mother agreed to take part once the criminal trial is over.",
        started_on=D(2025, 9, 15),
        milestones=(
            MilestoneSpec("Chronologies from every agency", D(2025, 10, 17), D(2025, 10, 20)),
            MilestoneSpec("Practitioner learning event", D(2026, 1, 22)),
        ),
        delays=(
            DelaySpec(
                ReviewDelay.Reason.CRIMINAL_PROCEEDINGS,
                D(2025, 12, 1),
                None,
                "Two young men are charged; the Crown Prosecution Service asked that "
                "practitioners are not interviewed before the trial, listed for March 2027.",
            ),
        ),
        findings=(
            (
                "Child D's absences from college and episodes of going missing were known to "
                "different agencies but nobody put them together (early learning from the "
                "rapid review).",
                (EXPLOITATION, SHARING),
            ),
            (
                "Child D was described as making choices rather than as a child being "
                "exploited (early learning from the rapid review).",
                (EXPLOITATION, RACE),
            ),
        ),
        # While the review is paused, the group agreed to act on the early learning.
        plan_on=D(2026, 1, 19),
        recommendations=(
            RecommendationSpec(
                "Agencies should bring every missing episode of a child at risk of "
                "exploitation to the daily exploitation triage meeting the next working day.",
                (EXPLOITATION, SHARING),
                1,
                (
                    _a(
                        COUNCIL,
                        "Set up the daily exploitation triage meeting with police, health and "
                        "education",
                        "Meeting running every working day with all four agencies",
                        D(2026, 3, 31),
                        CLOSED,
                        evidence=(
                            "Exploitation-triage-terms-of-reference.pdf",
                            "Meeting runs every working day since 2 March; terms attached",
                        ),
                    ),
                    _a(
                        YJS,
                        "Attend the daily exploitation triage meeting every working day",
                        "Attendance at every meeting for three months",
                        D(2026, 4, 30),
                        CLOSED,
                        evidence=(
                            "YJS-triage-attendance.txt",
                            "Attended 61 of 62 meetings from March to May",
                        ),
                    ),
                    _a(
                        POLICE,
                        "Send every missing episode report for a child at risk of exploitation "
                        "to the triage meeting",
                        "All reports sent the next working day for a month, checked by sample",
                        D(2026, 6, 30),
                        COMPLETED,
                        evidence=(
                            "Missing-reports-to-triage-sample.pdf",
                            "Sample of 40 missing reports: 39 reached the meeting next day",
                        ),
                    ),
                    _a(
                        COLLEGE,
                        "Tell the triage meeting when a student at risk of exploitation is "
                        "absent without explanation",
                        "Attendance procedure changed; designated lead reports each absence",
                        D(2026, 6, 30),
                        OVERDUE_STALE,
                    ),
                ),
                measure_kind="audit_question",
                measure="Share of missing episodes of children at risk of exploitation heard at "
                "the triage meeting the next working day",
                indicator="police.missing_episodes",
            ),
            RecommendationSpec(
                "The partnership should train practitioners on adultification bias and on "
                "seeing exploited children as victims.",
                (EXPLOITATION, RACE),
                2,
                (
                    _a(
                        COUNCIL,
                        "Commission adultification bias training for practitioners who work "
                        "with adolescents",
                        "Training commissioned and the first sessions held",
                        D(2027, 2, 26),
                        AT_RISK,
                    ),
                    _a(
                        POLICE,
                        "Include adultification bias in public protection unit training",
                        "Module in the unit's training; every officer attended",
                        D(2027, 1, 29),
                        ON_TRACK,
                    ),
                    _a(
                        ACADEMY,
                        "Train designated safeguarding leads in secondary schools on "
                        "exploitation and adultification",
                        "Every secondary school's designated lead trained",
                        D(2027, 2, 26),
                        NOT_STARTED,
                    ),
                ),
                measure_kind="survey",
                measure="Practitioner survey before and after the training",
            ),
        ),
    ),
    ReviewSpec(
        "E",
        Review.Kind.ALTERNATIVE,
        incident="E",
        title="Alternative review: Child E, domestic abuse and a closed plan",
        summary="A 13-year-old who took an overdose after domestic abuse at home, three "
        "months after her child in need plan closed.",
        created_on=D(2025, 11, 10),
        reviewer="Tom Adeyemi",
        commissioned_on=D(2025, 11, 17),
        conflict_check="No past work with Mercia Vale Police or Northbridge's agencies.",
        terms="Why the child in need plan closed; how the children's experience of domestic "
        "abuse was assessed; interpreting.",
        family="Child E and her mother met the reviewer with an interpreter.",
        started_on=D(2025, 11, 24),
        target_on=D(2026, 2, 27),
        milestones=(MilestoneSpec("Practitioner workshop", D(2026, 1, 15), D(2026, 1, 15)),),
        draft_on=D(2026, 2, 20),
        signed_off_on=D(2026, 3, 16),
        not_published=(
            D(2026, 3, 30),
            "Child E's family asked that the report is not published; it could identify her. "
            "The learning is shared through a 7-minute briefing.",
        ),
        copies=(("panel", D(2026, 3, 20), ""),),
        findings=(
            (
                "Domestic abuse in Child E's home was treated as a matter between the adults; "
                "its effect on the children was not assessed.",
                (DOMESTIC, VOICE),
            ),
            (
                "The family's first language is Bengali: an interpreter was used once, and "
                "Child E interpreted for her mother at two appointments.",
                (RACE,),
            ),
            (
                "Professionals worried about the father's controlling behaviour did not "
                "escalate when the plan was closed.",
                (ESCALATION, FAMILY),
            ),
        ),
        plan_on=D(2026, 3, 23),
        recommendations=(
            RecommendationSpec(
                "Every agency should assess the effect of domestic abuse on each child in the "
                "household, not only on the adult victim.",
                (DOMESTIC, VOICE),
                1,
                (
                    _a(
                        POLICE,
                        "Record each child's presence, and what they saw or heard, at every "
                        "domestic abuse incident",
                        "Incident template changed; sample of 30 incidents checked",
                        D(2026, 6, 30),
                        CLOSED,
                        evidence=(
                            "DA-incident-children-section.pdf",
                            "Template changed in May; 28 of 30 sampled incidents complete",
                        ),
                    ),
                    _a(
                        COUNCIL,
                        "Add a child's-experience section to domestic abuse assessments",
                        "Assessment template changed; social workers briefed",
                        D(2026, 7, 31),
                        CLOSED,
                        evidence=(
                            "DA-assessment-template.pdf",
                            "New template in use from July; briefing slides attached",
                        ),
                    ),
                    _a(
                        WOMENS_AID,
                        "Offer each child in refuge their own key-work session",
                        "Every child offered a session within two weeks of arrival",
                        D(2026, 9, 30),
                        EVIDENCED,
                        evidence=(
                            "Refuge-children-sessions.txt",
                            "All 17 children arriving since June were offered a session",
                        ),
                    ),
                    _a(
                        GP,
                        "Add domestic abuse routine enquiry prompts for parents to GP templates",
                        "Prompt live in the practice's templates",
                        D(2026, 8, 28),
                        OVERDUE,
                    ),
                    _a(
                        HOMES,
                        "Train housing officers to recognise the effect of domestic abuse on "
                        "children",
                        "Every housing officer trained",
                        D(2027, 1, 29),
                        AT_RISK,
                    ),
                ),
                measure_kind="audit_question",
                measure="Multi-agency audit of domestic abuse cases: is each child's experience "
                "recorded?",
            ),
            RecommendationSpec(
                "Agencies should never use children as interpreters, and should book "
                "professional interpreters.",
                (RACE,),
                2,
                (
                    _a(
                        HOSPITALS,
                        "Remind all staff that children must never interpret, and audit "
                        "interpreter bookings",
                        "Reminder issued; audit of bookings for three months",
                        D(2026, 7, 31),
                        COMPLETED,
                        evidence=(
                            "Interpreter-bookings-audit.pdf",
                            "Reminder issued in April; audit of bookings April to June attached",
                        ),
                    ),
                    _a(
                        ICB,
                        "Commission telephone interpreting for every GP practice",
                        "Contract in place for all practices",
                        D(2026, 9, 30),
                        EVIDENCED,
                        evidence=(
                            "GP-interpreting-contract-notice.pdf",
                            "Contract started on 1 September for all 28 practices",
                        ),
                    ),
                    _a(
                        ACADEMY,
                        "Use professional interpreters for every safeguarding meeting with parents",
                        "Interpreters booked for every meeting that needs one",
                        D(2026, 9, 30),
                        OVERDUE_STALE,
                    ),
                    _a(
                        COUNCIL,
                        "Add the family's language and interpreter needs to the MASH contact "
                        "record",
                        "Field added and completed on new contacts",
                        D(2026, 10, 30),
                        OVERDUE_NOT_STARTED,
                    ),
                ),
                measure_kind="survey",
                measure="Families' feedback survey: did you have an interpreter when you "
                "needed one?",
            ),
            RecommendationSpec(
                "The partnership should re-launch its escalation policy and check that "
                "practitioners know how to use it.",
                (ESCALATION,),
                3,
                (
                    _a(
                        COUNCIL,
                        "Re-launch the escalation policy with a 7-minute briefing",
                        "Policy re-launched; briefing published",
                        D(2026, 12, 18),
                        ON_TRACK,
                    ),
                    _a(
                        POLICE,
                        "Name escalation leads in the public protection unit",
                        "A named lead on every shift",
                        D(2027, 1, 29),
                        AT_RISK,
                    ),
                    _a(
                        PROBATION,
                        "Add escalation to probation's safeguarding supervision",
                        "Supervision template changed",
                        D(2027, 2, 26),
                        STALE,
                    ),
                ),
                measure_kind="audit_question",
                measure="Escalations recorded each quarter, by agency",
            ),
            RecommendationSpec(
                "When a plan closes while professionals still worry about an adult's "
                "behaviour, every agency involved should agree the closure.",
                (ESCALATION, FAMILY, DOMESTIC),
                3,
                (
                    _a(
                        COUNCIL,
                        "Ask every agency's view before a child in need or child protection "
                        "plan closes",
                        "Closure procedure changed; audit of ten closures",
                        D(2027, 3, 31),
                        AT_RISK,
                    ),
                    _a(
                        HOSPITALS,
                        "Tell the social worker in writing when health disagrees with closing "
                        "a plan",
                        "Procedure changed; staff briefed",
                        D(2027, 1, 29),
                        ON_TRACK,
                    ),
                    _a(
                        POLICE,
                        "Check police information before every plan closes",
                        "Check recorded for every closure",
                        D(2026, 11, 6),
                        OVERDUE,
                    ),
                ),
            ),
        ),
    ),
    ReviewSpec(
        "DHR",
        Review.Kind.DHR,
        title="DHR: Adult F",
        summary="A woman killed by her former partner; two children in the household. The "
        "community safety partnership runs the review; the partnership follows the learning "
        "for the children.",
        created_on=D(2025, 11, 17),
        themes=(DOMESTIC, MENTAL),
    ),
    ReviewSpec(
        "G",
        Review.Kind.LCSPR,
        incident="G",
        summary="A 17-year-old autistic girl in foster care: serious self-harm after a CAMHS "
        "referral was declined.",
        reviewer="Helen Marsh",
        commissioned_on=D(2026, 3, 9),
        conflict_check="Her earlier review (Child A) does not touch these agencies' work with "
        "Child G; no other conflict.",
        terms="How Child G's autism was taken into account; why the CAMHS referral was "
        "declined and what happened next; planning for adult services.",
        family="Child G took part with her advocate; her foster carer contributed.",
        started_on=D(2026, 3, 23),
        milestones=(
            MilestoneSpec("Practitioner learning event", D(2026, 6, 4), D(2026, 6, 4)),
            MilestoneSpec("Conversation with Child G", D(2026, 7, 10), D(2026, 7, 30)),
            MilestoneSpec("Draft to the case review group", D(2026, 9, 11), D(2026, 10, 12)),
        ),
        draft_on=D(2026, 10, 12),
        findings=(
            (
                "Child G's autism was not taken into account when her distress was assessed "
                "in the emergency department.",
                (MENTAL, VOICE),
            ),
            (
                "The college's worries about self-harm were not escalated when the CAMHS "
                "referral was declined.",
                (ESCALATION, MENTAL),
            ),
            (
                "Child G's move from children's to adult mental health services was planned "
                "too late.",
                (MENTAL,),
            ),
        ),
        # The proposed action plan goes to the executive with the draft.
        plan_on=D(2026, 10, 19),
        recommendations=(
            RecommendationSpec(
                "Emergency department staff should make reasonable adjustments for autistic "
                "young people in crisis.",
                (MENTAL,),
                1,
                (
                    _a(
                        HOSPITALS,
                        "Introduce a quiet assessment space and a communication passport in the "
                        "emergency department",
                        "Both in place; staff briefed",
                        D(2027, 3, 31),
                        NOT_STARTED,
                    ),
                    _a(
                        ICB,
                        "Fund autism awareness training for emergency department staff",
                        "Training funded and booked",
                        D(2027, 4, 30),
                        NOT_STARTED,
                    ),
                ),
            ),
            RecommendationSpec(
                "Schools and colleges should escalate when a mental health referral is declined "
                "and their worry continues.",
                (ESCALATION, MENTAL),
                2,
                (
                    _a(
                        COLLEGE,
                        "Add declined referrals to the college's escalation procedure",
                        "Procedure changed; designated leads briefed",
                        D(2027, 2, 26),
                        NOT_STARTED,
                    ),
                    _a(
                        ICB,
                        "Publish why a CAMHS referral can be declined and how to challenge it",
                        "Published on the partnership's website",
                        D(2027, 3, 31),
                        NOT_STARTED,
                    ),
                    _a(
                        HOSPITALS,
                        "Give every declined referral a named contact for follow-up",
                        "Named contact in every decline letter",
                        D(2027, 3, 31),
                        NOT_STARTED,
                    ),
                ),
            ),
            RecommendationSpec(
                "Planning for the move to adult mental health services should start at 16.",
                (MENTAL,),
                3,
                (
                    _a(
                        ICB,
                        "Change the transition protocol so planning starts at 16",
                        "Protocol changed and agreed by both services",
                        D(2027, 5, 28),
                        ON_TRACK,
                    ),
                    _a(
                        COUNCIL,
                        "Include mental health transition in every care leaver's pathway plan",
                        "Pathway plan template changed",
                        D(2027, 5, 28),
                        NOT_STARTED,
                    ),
                ),
            ),
            RecommendationSpec(
                "The partnership should hear from young people with lived experience when it "
                "designs these changes.",
                (VOICE,),
                None,
                (
                    _a(
                        COUNCIL,
                        "Hold two design workshops with young people who have used these services",
                        "Workshops held; young people's views in the changes",
                        D(2027, 6, 30),
                        NOT_STARTED,
                    ),
                ),
                measure_kind="survey",
                measure="Young people's feedback on the changed services",
            ),
        ),
    ),
    ReviewSpec(
        "H",
        Review.Kind.TABLE_TOP,
        incident="H",
        title="Table-top review: Child H, parental substance misuse",
        summary="A 2-year-old who swallowed methadone at home; both parents in treatment.",
        created_on=D(2026, 6, 15),
        terms="One session with the agencies involved: what was known, what was shared, what "
        "to change.",
        family="The parents were told of the review and offered a conversation; they declined.",
        started_on=D(2026, 7, 6),
        target_on=D(2026, 9, 30),
        milestones=(MilestoneSpec("Table-top session", D(2026, 7, 23), D(2026, 7, 23)),),
        draft_on=D(2026, 9, 14),
        signed_off_on=D(2026, 10, 5),
        findings=(
            (
                "The parents' drug use was known to the drug and alcohol service but not to "
                "the health visitor.",
                (SUBSTANCE, SHARING),
            ),
            (
                "Nursery staff noticed Child H was often hungry, but recorded each time as a "
                "one-off.",
                (NEGLECT, CURIOSITY),
            ),
        ),
        plan_on=D(2026, 10, 12),
        recommendations=(
            RecommendationSpec(
                "Drug and alcohol services should ask every parent about the children in "
                "their care, and share worries.",
                (SUBSTANCE, SHARING),
                1,
                (
                    _a(
                        COUNCIL,
                        "Add questions about children to the drug and alcohol service's assessment",
                        "Questions in the assessment; the provider's audit",
                        D(2027, 1, 29),
                        ON_TRACK,
                    ),
                    _a(
                        POLICE,
                        "Tell health visiting about drug-related arrests of parents of "
                        "children under 5",
                        "Notifications sent the next working day",
                        D(2027, 2, 26),
                        NOT_STARTED,
                    ),
                    _a(
                        HOSPITALS,
                        "Tell the health visitor when a parent of a young child is treated for "
                        "an overdose",
                        "Notifications sent for every such attendance",
                        D(2027, 1, 29),
                        ON_TRACK,
                    ),
                    _a(
                        PROBATION,
                        "Ask about children when supervising parents who use drugs",
                        "Supervision template changed",
                        D(2027, 2, 26),
                        ON_TRACK,
                    ),
                ),
                measure_kind="audit_question",
                measure="Audit of the drug and alcohol service's assessments: are the children "
                "recorded?",
            ),
            RecommendationSpec(
                "Early years settings should use the neglect toolkit when they notice a pattern.",
                (NEGLECT, CURIOSITY),
                2,
                (
                    _a(
                        NURSERY,
                        "Train all staff in the neglect toolkit",
                        "Every member of staff trained",
                        D(2027, 3, 31),
                        NOT_STARTED,
                    ),
                    _a(
                        COUNCIL,
                        "Offer the neglect toolkit training to every early years setting",
                        "Training offered; take-up reported",
                        D(2027, 3, 31),
                        ON_TRACK,
                    ),
                    _a(
                        ST_AIDANS,
                        "Use the neglect toolkit for reception children when worries repeat",
                        "Toolkit used; designated lead's record",
                        D(2027, 3, 31),
                        NOT_STARTED,
                    ),
                ),
            ),
            RecommendationSpec(
                "The partnership should share this review's learning with a 7-minute briefing "
                "and a practice workshop.",
                (NEGLECT,),
                None,
                (
                    _a(
                        COUNCIL,
                        "Write and publish a 7-minute briefing",
                        "Briefing published in the learning library",
                        D(2026, 12, 18),
                        NOT_STARTED,
                    ),
                    _a(
                        COUNCIL,
                        "Hold a practice workshop on neglect in the early years",
                        "Workshop held; evaluation collected",
                        D(2027, 2, 26),
                        NOT_STARTED,
                    ),
                    _a(
                        HOSPITALS,
                        "Share the briefing with every health visiting team",
                        "Every team has discussed the briefing",
                        D(2027, 1, 29),
                        NOT_STARTED,
                    ),
                ),
            ),
        ),
    ),
)


# --- Safeguarding Adult Reviews ---------------------------------------------------------


@dataclass(frozen=True)
class SarSpec:
    subject: SubjectSpec
    received_on: D
    referrer: str
    summary: str
    criteria: dict[str, bool]
    decision: str = ""
    decided_on: D | None = None
    rationale: str = ""
    review: str = ""  # the ReviewSpec key it leads to


ALL_MANDATORY = {
    "care_and_support_needs": True,
    "died_or_serious_harm": True,
    "abuse_or_neglect_known_or_suspected": True,
    "concern_agencies_worked_together": True,
    "discretionary_s44_4": False,
}
SARS = (
    SarSpec(
        SubjectSpec(
            "Adult C",
            "65_plus",
            "F",
            "WBRI",
            Subject.Disability.YES,
            other="Lived alone; chronic lung disease",
        ),
        D(2025, 5, 19),
        HOSPITALS,
        "A woman of 78 died at home in conditions of severe self-neglect and hoarding. Several "
        "agencies had tried to help; she declined, and her mental capacity was not assessed.",
        ALL_MANDATORY,
        decision=SarReferral.Decision.MANDATORY,
        decided_on=D(2025, 6, 16),
        rationale="All four conditions in section 44(1) to (3) are met: she had care and "
        "support needs, died, self-neglect is a form of neglect, and the agencies did not "
        "share a plan.",
        review="SAR",
    ),
    SarSpec(
        SubjectSpec("Adult K", "25_64", "M", "WOTH", Subject.Disability.UNKNOWN),
        D(2026, 11, 12),
        PROBATION,
        "A man of 44 on licence was found seriously injured at his flat, which was in a poor "
        "state; he had missed appointments with several services.",
        {
            "care_and_support_needs": False,
            "died_or_serious_harm": True,
            "abuse_or_neglect_known_or_suspected": True,
            "concern_agencies_worked_together": True,
            "discretionary_s44_4": False,
        },
    ),
)
DHR_SUBJECT = SubjectSpec("Adult F", "25_64", "F", "WOTH", other="Two children in the household")


# --- learning: briefings, newsletters, the library ---------------------------------------


@dataclass(frozen=True)
class BriefingSpec:
    title: str
    review: str  # a ReviewSpec key, or ""
    themes: tuple[str, ...]
    background: str
    what_happened: str
    what_we_learned: str
    what_to_do_differently: str
    questions: str
    further_reading: str
    written_on: D
    published_on: D | None  # None: a draft


BRIEFINGS = (
    BriefingSpec(
        "Child B: neglect and missed health appointments",
        "",
        (NEGLECT, VOICE),
        "A rapid review in May 2025 looked at Child B, aged 7, found alone at home, "
        "underweight and with untreated tooth decay.",
        "Over two years Child B missed eight health appointments and a third of school days. "
        "Each agency knew part of the picture; nobody put it together.",
        "Missed appointments are a sign of neglect, not a sign of a busy family.\n"
        "The neglect toolkit was not used, so nobody measured the harm over time.",
        "After two missed health appointments for a child, tell the school nurse or health "
        "visitor.\nUse the neglect toolkit when a worry repeats.\nAsk the child what a "
        "normal day is like.",
        "How would you know a child in your service is going without?\n"
        "When did you last use the neglect toolkit?",
        "The partnership's neglect strategy; the neglect toolkit.",
        D(2025, 7, 21),
        D(2025, 8, 4),
    ),
    BriefingSpec(
        "Child A: bruising in babies who are not yet mobile",
        "A",
        (INFANTS, CURIOSITY, FAMILY),
        "The local child safeguarding practice review of Child A, a baby with a "
        "non-accidental injury, was published in October 2025.",
        "A bruise on Child A at 10 weeks was accepted as accidental. The mother's new partner "
        "was not known to health visiting; the police knew of his violence to a former partner.",
        "Bruising in a baby who is not yet mobile is rare and must always be checked.\n"
        "Ask who lives in and visits the home: men in a baby's life are often invisible to "
        "services.",
        "Follow the bruising protocol every time: a medical opinion and a referral to the "
        "MASH.\nAsk about, and record, every adult in the household.\nShare what you know "
        "about an adult's past violence.",
        "Who lives in the homes of the babies you work with?\nWhat would stop you following "
        "the bruising protocol?",
        "The Panel's national review, 'The myth of invisible men'.",
        D(2025, 11, 10),
        D(2025, 12, 1),
    ),
    BriefingSpec(
        "Exploitation: when a child goes missing",
        "D",
        (EXPLOITATION, SHARING, RACE),
        "While the review of Child D waits for a criminal trial, the partnership is acting on "
        "the early learning from his rapid review.",
        "Child D, aged 16, was reported missing eleven times and found twice in another county "
        "with cash and drugs. Agencies each knew part of this.",
        "Going missing is a warning sign of exploitation.\nExploited children are victims, "
        "whatever they seem to choose; adultification bias affects Black boys most.",
        "Bring every missing episode to the daily exploitation triage meeting.\nTalk about "
        "the child as a child, in records and meetings.",
        "How do you describe the teenagers you work with?\nWho do you tell when a young "
        "person goes missing?",
        "The Panel's national review, 'It was hard to escape'.",
        D(2026, 2, 23),
        D(2026, 3, 9),
    ),
    BriefingSpec(
        "Child E: domestic abuse, interpreting and closing a plan",
        "E",
        (DOMESTIC, RACE, ESCALATION),
        "An alternative review looked at Child E, aged 13, who took an overdose after "
        "domestic abuse at home. The report is not published, at the family's request.",
        "Domestic abuse was treated as a matter between the adults. Child E interpreted for "
        "her mother. Her child in need plan closed while professionals still worried.",
        "Each child in a home with domestic abuse needs their own assessment.\nChildren must "
        "never interpret for their family.\nIf you disagree with a plan closing, escalate.",
        "Ask each child what they have seen and heard.\nBook a professional interpreter every "
        "time.\nUse the escalation policy when you disagree.",
        "When did you last ask a child about their experience of abuse at home?\nHow do you "
        "book an interpreter in your service?",
        "The partnership's escalation policy.",
        D(2026, 4, 13),
        D(2026, 5, 5),
    ),
    BriefingSpec(
        "Child G: autistic young people in crisis",
        "G",
        (MENTAL, VOICE, ESCALATION),
        "The local child safeguarding practice review of Child G is awaiting the executive's "
        "sign-off; this briefing is a draft until the report is final.",
        "Child G, aged 17 and autistic, was assessed in the emergency department in distress "
        "and sent home. Her college's worries were not escalated when a CAMHS referral was "
        "declined.",
        "Autistic young people may show distress differently; assessments need adjustments.\n"
        "A declined referral does not end the worry.",
        "Ask what helps the young person communicate.\nEscalate when a referral is declined "
        "and the worry continues.\nStart planning the move to adult services at 16.",
        "What adjustments does your service make for autistic young people?\nWhat do you do "
        "when a referral you made is declined?",
        "",
        D(2026, 11, 2),
        None,
    ),
)


@dataclass(frozen=True)
class NewsletterSpec:
    title: str
    issue_date: D
    body: str
    themes: tuple[str, ...]


NEWSLETTERS = (
    NewsletterSpec(
        "Learning from reviews: spring 2026",
        D(2026, 4, 1),
        "Welcome to the spring newsletter of the case review group.\n\n"
        "Child A's review was published in October. Nine of its eighteen actions are closed, "
        "with evidence; the bruising protocol has been re-launched in every agency.\n\n"
        "Child D's review is paused until the criminal trial. The daily exploitation triage "
        "meeting started in March, from its early learning.\n\n"
        "New 7-minute briefing: 'Exploitation: when a child goes missing'.",
        (INFANTS, EXPLOITATION),
    ),
    NewsletterSpec(
        "Learning from reviews: autumn 2026",
        D(2026, 10, 1),
        "The autumn newsletter of the case review group.\n\n"
        "The alternative review of Child E is complete; its briefing covers domestic abuse, "
        "interpreting and closing plans. Please read it with your team.\n\n"
        "A table-top review of Child H looked at parental substance misuse. Its actions start "
        "this month.\n\n"
        "Reminder: the action plan shows every agency's actions. Please update yours at least "
        "every six weeks.",
        (DOMESTIC, SUBSTANCE),
    ),
)


@dataclass(frozen=True)
class LibrarySpec:
    kind: str
    title: str
    summary: str
    link: str
    published_on: D
    themes: tuple[str, ...]


LIBRARY = (
    LibrarySpec(
        "national_review",
        "The myth of invisible men: safeguarding children under 1 from non-accidental injury "
        "caused by male carers",
        "The Child Safeguarding Practice Review Panel's national review of babies harmed by "
        "fathers and male carers.",
        "https://www.example.org/national-reviews/the-myth-of-invisible-men",
        D(2021, 9, 15),
        (INFANTS, FAMILY),
    ),
    LibrarySpec(
        "national_review",
        "It was hard to escape: safeguarding children at risk from criminal exploitation",
        "The Panel's national review of adolescents harmed through criminal exploitation.",
        "https://www.example.org/national-reviews/it-was-hard-to-escape",
        D(2020, 3, 5),
        (EXPLOITATION,),
    ),
    LibrarySpec(
        "national_review",
        "Out of routine: a review of sudden unexpected death in infancy in families where the "
        "children are considered at risk of significant harm",
        "The Panel's national review of sudden unexpected deaths of babies.",
        "https://www.example.org/national-reviews/out-of-routine",
        D(2020, 7, 15),
        (INFANTS, SUBSTANCE),
    ),
    LibrarySpec(
        "national_review",
        "Safeguarding children with disabilities and complex health needs in residential settings",
        "The Panel's national review of disabled children in residential settings.",
        "https://www.example.org/national-reviews/disabled-children-residential-settings",
        D(2022, 10, 27),
        (VOICE,),
    ),
    LibrarySpec(
        "national_review",
        "I wanted them all to notice: protecting children and responding to child sexual "
        "abuse within the family environment",
        "The Panel's national review of child sexual abuse in the family.",
        "https://www.example.org/national-reviews/i-wanted-them-all-to-notice",
        D(2024, 11, 12),
        ("Child sexual abuse", CURIOSITY),
    ),
    LibrarySpec(
        "guidance",
        "Working together to safeguard children 2023",
        "The statutory guidance on multi-agency working, rapid reviews and local reviews.",
        "https://www.example.org/guidance/working-together-2023",
        D(2023, 12, 15),
        (SHARING,),
    ),
)


# --- small generated files ---------------------------------------------------------------


def evidence_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A small, valid one-page PDF with a title and lines of text (Helvetica, Latin-1), made
    in memory: demo evidence, and test uploads."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 16 Tf", "72 770 Td", f"({text(title)}) Tj", "/F1 11 Tf", "0 -28 Td"]
    for line in lines:
        ops += [f"({text(line)}) Tj", "0 -16 Td"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _wrapped(texts: Sequence[str], width: int = 85) -> list[str]:
    """Paragraphs as lines short enough for the small demo PDF's page."""
    return [line for text in texts for line in textwrap.wrap(text, width) or [""]]


def _evidence_file(name: str, title: str, lines: Sequence[str]) -> bytes:
    if name.endswith(".pdf"):
        return evidence_pdf(title, lines)
    return ("\n".join([title, "", *lines]) + "\n").encode()


# --- playing it through the services -----------------------------------------------------

ON_TRACK_TEXTS = (
    "Plan agreed with the service leads; the first changes are in hand.",
    "Draft prepared and shared with the subgroup for comment.",
    "Half of the teams briefed; the rest are booked for next month.",
    "Work under way and on course for the due date.",
)
AT_RISK_TEXTS = (
    "Vacancies in the team have slowed this down; a revised plan goes to the subgroup next month.",
    "The change needs the system supplier, who cannot start before the new year.",
    "Waiting for regional guidance before the local version can be finished.",
)


def _at(day: D, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _last_day(spec: ReviewSpec) -> D:
    """The last day something happened to a started review (its last change)."""
    return max(
        day
        for day in (
            spec.started_on,
            spec.draft_on,
            spec.signed_off_on,
            spec.published_on,
            spec.not_published[0] if spec.not_published else None,
            *(delay.started_on for delay in spec.delays),
            *(delay.ended_on for delay in spec.delays if delay.ended_on),
        )
        if day is not None
    )


@dataclass
class _Writer:
    """Plays the story through the services, as the people who would act."""

    partnership: Partnership
    people: dict[str, Person]
    agencies: dict[str, Agency]
    themes: dict[str, Theme]
    indicators: set[str]
    acts: dict[str, Acting] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    today: D = STORY_TODAY  # the story's last day, at the demo's anchor

    def who(self, email: str) -> Person:
        return self.people[email]

    def themed(self, names: Sequence[str]) -> list[Theme]:
        return [self.themes[name] for name in names]

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    # --- subjects, incidents, rapid reviews ---

    def subject(self, spec: SubjectSpec, on: D) -> Subject:
        subject = subjects_services.subject_save(
            acting=self.acting(OFFICER),
            pseudonym=spec.pseudonym,
            is_child=spec.age_band in subjects_services.CHILD_BANDS,
            age_band=spec.age_band,
            sex=spec.sex,
            ethnicity=spec.ethnicity,
            disability=spec.disability,
            other_characteristics=spec.other,
        )
        Subject.objects.filter(pk=subject.pk).update(created_at=_at(on, 9))
        self.subjects[spec.pseudonym] = subject
        self.count("subjects")
        return subject

    def incident(self, spec: IncidentSpec) -> None:
        officer = self.acting(OFFICER)
        incident = incidents_services.incident_notify(
            acting=officer,
            subject=self.subject(spec.subject, spec.aware_on),
            summary=spec.summary,
            aware_on=spec.aware_on,
            looked_after=spec.looked_after,
            themes=self.themed(spec.themes),
            notified_panel_on=spec.notified_on,
            notified_ofsted_on=spec.notified_on if spec.looked_after else None,
            notified_sos_on=spec.notified_on if spec.looked_after else None,
            partners_told_on=spec.notified_on,
        )
        stamp = _at(spec.notified_on, 16)
        Incident.objects.filter(pk=incident.pk).update(created_at=stamp, updated_at=stamp)
        self.incidents[spec.key] = incident
        self.count("incidents")
        self.rapid_review(incident, spec)

    def rapid_review(self, incident: Incident, spec: IncidentSpec) -> None:
        plan = spec.rapid
        officer = self.acting(OFFICER)
        rapid = rapid_reviews_services.rapid_review_open(acting=officer, incident=incident)
        RapidReview.objects.filter(pk=rapid.pk).update(created_at=_at(spec.notified_on, 16))
        self.count("rapid_reviews")
        for item in plan.summaries:
            summary = rapid_reviews_services.agency_summary_request(
                acting=self.acting(OFFICER),
                rapid_review=rapid,
                agency=self.agencies[item.agency],
                requested_on=plan.requested_on,
            )
            self.count("agency_summaries")
            if item.submitted_on is None:
                continue
            involvement, analysis, learning = SUMMARY_TEXTS.get(item.agency, EDUCATION_TEXT)
            child = spec.subject.pseudonym
            rapid_reviews_services.agency_summary_submit(
                acting=self.acting(AGENCY_WRITER.get(item.agency, OFFICER)),
                summary=summary,
                involvement=involvement.format(child=child),
                analysis=analysis.format(child=child),
                immediate_learning=learning,
                submitted_on=item.submitted_on,
            )
        if plan.meeting_on is None:
            return
        officer = self.acting(OFFICER)
        rapid_reviews_services.rapid_review_meeting(
            acting=officer, rapid_review=rapid, meeting_on=plan.meeting_on
        )
        rapid_reviews_services.rapid_review_decide(
            acting=officer,
            rapid_review=rapid,
            decision=plan.decision,
            rationale=plan.rationale,
            learning=plan.learning,
            decided_on=plan.meeting_on,
            review_title=plan.review_title,
        )
        if plan.decision == RapidReview.Decision.LCSPR:
            review = Review.objects.get(incident=incident, kind=Review.Kind.LCSPR)
            stamp = _at(plan.meeting_on, 17)
            Review.objects.filter(pk=review.pk).update(created_at=stamp, updated_at=stamp)
            self.reviews[spec.key] = review
        if plan.sent_on is not None:
            rapid_reviews_services.rapid_review_send_to_panel(
                acting=officer, rapid_review=rapid, sent_on=plan.sent_on
            )
        if plan.response_on is not None:
            rapid_reviews_services.rapid_review_panel_response(
                acting=officer,
                rapid_review=rapid,
                response=plan.response,
                received_on=plan.response_on,
            )

    def pre_discussion(self, spec: PreDiscussionSpec) -> None:
        record = incidents_services.pre_discussion_record(
            acting=self.acting(OFFICER),
            referral_summary=spec.summary,
            held_on=spec.held_on,
            outcome=spec.outcome,
            rationale=spec.rationale,
            attendees=spec.attendees,
            incident=self.incidents[spec.incident] if spec.incident else None,
        )
        PreDiscussion.objects.filter(pk=record.pk).update(recorded_at=_at(spec.held_on, 15))
        self.count("pre_discussions")

    def sar(self, spec: SarSpec) -> None:
        officer = self.acting(OFFICER)
        referral = sar_services.sar_referral_record(
            acting=officer,
            subject=self.subject(spec.subject, spec.received_on),
            received_on=spec.received_on,
            referrer_agency=self.agencies[spec.referrer],
            summary=spec.summary,
            criteria=spec.criteria,
        )
        SarReferral.objects.filter(pk=referral.pk).update(created_at=_at(spec.received_on, 11))
        self.count("sar_referrals")
        if not spec.decision:
            return
        assert spec.decided_on is not None
        sar_services.sar_referral_decide(
            acting=officer,
            referral=referral,
            decision=spec.decision,
            rationale=spec.rationale,
            decided_on=spec.decided_on,
        )
        review = Review.objects.get(sar_referral=referral)
        stamp = _at(spec.decided_on, 17)
        Review.objects.filter(pk=review.pk).update(created_at=stamp, updated_at=stamp)
        self.reviews[spec.review] = review

    # --- reviews ---

    def noted_review(self, spec: ReviewSpec) -> Review:
        """A DHR, alternative or table-top review, noted by the business unit."""
        assert spec.created_on is not None
        incident = self.incidents.get(spec.incident)
        if spec.kind == Review.Kind.DHR:
            subject: Subject | None = self.subject(DHR_SUBJECT, spec.created_on)
        else:
            subject = incident.subject if incident is not None else None
        review = reviews_services.review_create(
            acting=self.acting(OFFICER),
            kind=spec.kind,
            title=spec.title,
            subject=subject,
            incident=incident,
            notified_on=spec.created_on if spec.kind == Review.Kind.DHR else None,
            summary=spec.summary,
            themes=self.themed(spec.themes or self._incident_themes(spec)),
        )
        _redate_reference(review, spec.created_on.year)
        stamp = _at(spec.created_on, 12)
        Review.objects.filter(pk=review.pk).update(created_at=stamp, updated_at=stamp)
        review.refresh_from_db()
        return review

    def _incident_themes(self, spec: ReviewSpec) -> tuple[str, ...]:
        incident = next(i for i in INCIDENTS if i.key == spec.incident)
        return incident.themes

    def review(self, spec: ReviewSpec) -> None:
        decided = spec.key in self.reviews  # made by a rapid review or SAR decision
        review = self.reviews[spec.key] if decided else self.noted_review(spec)
        self.reviews[spec.key] = review
        self.count("reviews")
        officer = self.acting(OFFICER)
        details: dict[str, Any] = {}
        if decided:
            details["summary"] = spec.summary
            if spec.themes:
                details["themes"] = self.themed(spec.themes)
        if spec.family:
            details["family_involvement"] = spec.family
        if spec.terms and not spec.reviewer:
            details["terms_of_reference"] = spec.terms
        if details:
            reviews_services.review_update(acting=officer, review=review, **details)
        if spec.reviewer:
            assert spec.commissioned_on is not None
            reviews_services.review_commission(
                acting=officer,
                review=review,
                reviewer=Reviewer.objects.get(
                    partnership=self.partnership, full_name=spec.reviewer
                ),
                conflict_check=spec.conflict_check,
                conflict_confirmed=True,
                checked_on=spec.commissioned_on,
                terms_of_reference=spec.terms,
            )
        if spec.started_on is None:
            return
        self.run_review(review, spec)
        self.findings_and_plan(review, spec)
        self.finish_review(review, spec)
        Review.objects.filter(pk=review.pk).update(updated_at=_at(_last_day(spec), 17))

    def run_review(self, review: Review, spec: ReviewSpec) -> None:
        """A started review: its start, milestones and delays."""
        assert spec.started_on is not None
        officer = self.acting(OFFICER)
        reviews_services.review_start(
            acting=officer,
            review=review,
            started_on=spec.started_on,
            target_on=None if spec.kind == Review.Kind.LCSPR else spec.target_on,
        )
        for milestone in spec.milestones:
            made = reviews_services.review_milestone_add(
                acting=officer, review=review, name=milestone.name, due_on=milestone.due_on
            )
            if milestone.done_on is not None:
                reviews_services.review_milestone_done(
                    acting=officer, milestone=made, done_on=milestone.done_on
                )
        for delay in spec.delays:
            started = reviews_services.review_delay_start(
                acting=officer,
                review=review,
                reason=delay.reason,
                started_on=delay.started_on,
                detail=delay.detail,
            )
            if delay.ended_on is not None:
                reviews_services.review_delay_end(
                    acting=officer, delay=started, ended_on=delay.ended_on
                )

    def finish_review(self, review: Review, spec: ReviewSpec) -> None:
        """The end of a review: the draft, its documents, sign-off, publication (or the
        decision not to publish) and the copies sent."""
        officer = self.acting(OFFICER)
        if spec.draft_on is not None:
            reviews_services.review_draft_receive(
                acting=officer, review=review, received_on=spec.draft_on
            )
        self.documents(review, spec)
        if spec.signed_off_on is not None:
            reviews_services.review_sign_off(
                acting=self.acting(EXECUTIVE), review=review, signed_off_on=spec.signed_off_on
            )
        if spec.published_on is not None:
            reviews_services.review_publish(
                acting=officer,
                review=review,
                published_on=spec.published_on,
                link=spec.link,
            )
        if spec.not_published is not None:
            reviews_services.review_not_publish(
                acting=officer, review=review, reason=spec.not_published[1]
            )
        for recipient, sent_on, other in spec.copies:
            reviews_services.review_copy_send(
                acting=officer,
                review=review,
                recipient=recipient,
                sent_on=sent_on,
                recipient_other=other,
            )

    def documents(self, review: Review, spec: ReviewSpec) -> None:
        """The review's file: its terms of reference once a reviewer is commissioned, and
        the reviewer's draft report once it arrives (for the executive to read before
        signing off)."""
        kept = []
        if spec.reviewer and spec.terms and spec.commissioned_on is not None:
            kept.append(
                ("terms_of_reference", "Terms of reference", spec.commissioned_on, [spec.terms])
            )
        if spec.draft_on is not None:
            kept.append(
                (
                    "draft_report",
                    "Draft overview report",
                    spec.draft_on,
                    [spec.summary or review.title, "Draft for the executive's sign-off."],
                )
            )
        for kind, title, day, lines in kept:
            name = f"{review.reference} {title}.pdf"
            document = reviews_services.review_document_upload(
                acting=self.acting(OFFICER),
                review=review,
                kind=kind,
                title=title,
                name=name,
                chunks=[evidence_pdf(f"{review.reference}: {title}", _wrapped(lines))],
            )
            ReviewDocument.objects.filter(pk=document.pk).update(uploaded_at=_at(day, 11))
            self.count("review_documents")

    def findings_and_plan(self, review: Review, spec: ReviewSpec) -> None:
        officer = self.acting(OFFICER)
        findings = [
            recommendations_services.finding_add(
                acting=officer, review=review, text=text, themes=self.themed(themes)
            )
            for text, themes in spec.findings
        ]
        self.count("findings", len(findings))
        for number, rec in enumerate(spec.recommendations):
            kind, measure = rec.measure_kind, rec.measure
            if rec.indicator and rec.indicator in self.indicators:
                kind, measure = "indicator", rec.indicator
            recommendation = recommendations_services.recommendation_add(
                acting=self.acting(OFFICER),
                review=review,
                text=rec.text,
                finding=findings[rec.finding - 1] if rec.finding else None,
                themes=self.themed(rec.themes),
                impact_measure_kind=kind,
                impact_measure=measure,
            )
            self.count("recommendations")
            for index, action in enumerate(rec.actions):
                assert spec.plan_on is not None
                self.action(recommendation, action, spec.plan_on, number + index)

    # --- actions ---

    def acting(self, email: str) -> Acting:
        """The person acting in the partnership, for the action services."""
        if email not in self.acts:
            self.acts[email] = acting_in(self.who(email), self.partnership)
        return self.acts[email]

    def action(self, recommendation: Recommendation, spec: ActionSpec, plan_on: D, n: int) -> None:
        writer = AGENCY_WRITER.get(spec.agency)
        owner = self.people[writer] if writer and spec.named else None
        action = action_services.action_add(
            acting=self.acting(OFFICER),
            recommendation=recommendation,
            owner_agency=self.agencies[spec.agency],
            owner=owner,
            what=spec.what,
            measure_of_success=spec.measure,
            due_on=spec.due_on,
        )
        Action.objects.filter(pk=action.pk).update(created_on=plan_on)
        self.count("actions")
        self.play(action, spec, plan_on, n)

    def update(self, action: Action, status: str, text: str, on: D, writer: str) -> ActionUpdate:
        assert on <= self.today, f"an update after the anchor: {action}"
        self.count("action_updates")
        return action_services.action_update(
            acting=self.acting(writer), action=action, status=status, progress=text, at=_at(on, 11)
        )

    def play(self, action: Action, spec: ActionSpec, plan_on: D, n: int) -> None:
        """Move the action through its story, with dates that read as a year of work."""
        story = spec.story
        assert story in STORIES, story
        writer = AGENCY_WRITER.get(spec.agency, OFFICER)
        if story in (NOT_STARTED, OVERDUE_NOT_STARTED):
            return
        first = plan_on + _days(21)
        on_track, at_risk = ON_TRACK_TEXTS[n % 4], AT_RISK_TEXTS[n % 3]
        stale_before = self.today - _days(42)
        if story in (STALE, OVERDUE_STALE):
            assert first < stale_before, f"{spec.what}: too recent to be stale"
            self.update(action, S.ON_TRACK, on_track, first, writer)
            return
        self.update(action, S.ON_TRACK, on_track, min(first, self.today - _days(14)), writer)
        if story in (ON_TRACK, OVERDUE):
            later = self.today - _days(12 + n % 9)
            if later > first:
                self.update(action, S.ON_TRACK, ON_TRACK_TEXTS[(n + 1) % 4], later, writer)
            return
        if story == AT_RISK:
            self.update(action, S.AT_RISK, at_risk, self.today - _days(20 + n % 7), writer)
            return
        manager = self.acting(MANAGER)
        done = min(spec.due_on - _days(10), self.today - _days(24))
        assert done > first, f"{spec.what}: done before it started"
        if story == CLOSED_WITH_REASON:
            action_services.action_close(
                acting=manager, action=action, closed_on=done, reason=spec.reason
            )
            return
        name, shows = spec.evidence
        assert name, f"{spec.what}: evidence needs a file"
        update = self.update(action, S.COMPLETED, f"Completed: {shows}.", done, writer)
        agency = self.agencies[spec.agency].name
        content = _evidence_file(
            name,
            spec.what,
            [
                f"{agency}: evidence for an action from {action.source_info.reference}",
                f"{shows}.",
                f"Date: {done:%-d %B %Y}",
            ],
        )
        evidence = action_services.evidence_upload(
            acting=self.acting(writer), action=action, name=name, chunks=[content], update=update
        )
        Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=_at(done, 12))
        self.count("evidence")
        if story == COMPLETED:
            return
        action_services.evidence_accept(
            acting=self.acting(GROUP), evidence=evidence, accepted_on=done + _days(7)
        )
        if story == CLOSED:
            action_services.action_close(
                acting=self.acting(MANAGER), action=action, closed_on=done + _days(14)
            )

    # --- learning ---

    def briefing(self, spec: BriefingSpec) -> None:
        briefing = learning_services.briefing_save(
            acting=self.acting(OFFICER),
            title=spec.title,
            background=spec.background,
            what_happened=spec.what_happened,
            what_we_learned=spec.what_we_learned,
            what_to_do_differently=spec.what_to_do_differently,
            questions_for_reflection=spec.questions,
            further_reading=spec.further_reading,
            review=self.reviews[spec.review] if spec.review else None,
            themes=self.themed(spec.themes),
        )
        if spec.published_on is not None:
            learning_services.briefing_publish(
                acting=self.acting(OFFICER), briefing=briefing, published_on=spec.published_on
            )
        Briefing.objects.filter(pk=briefing.pk).update(
            created_at=_at(spec.written_on), updated_at=_at(spec.published_on or spec.written_on)
        )
        self.count("briefings")

    def newsletter(self, spec: NewsletterSpec) -> None:
        newsletter = learning_services.newsletter_save(
            acting=self.acting(OFFICER),
            title=spec.title,
            issue_date=spec.issue_date,
            body=spec.body,
            themes=self.themed(spec.themes),
        )
        learning_services.newsletter_publish(
            acting=self.acting(OFFICER), newsletter=newsletter, published_on=spec.issue_date
        )
        Newsletter.objects.filter(pk=newsletter.pk).update(updated_at=_at(spec.issue_date))
        self.count("newsletters")

    def library_item(self, spec: LibrarySpec) -> None:
        learning_services.library_item_save(
            acting=self.acting(OFFICER),
            kind=spec.kind,
            title=spec.title,
            summary=spec.summary,
            link=spec.link,
            published_on=spec.published_on,
            themes=self.themed(spec.themes),
        )
        self.count("library_items")


def _redate_reference(review: Review, year: int) -> None:
    """Give a review noted by `review_create` (which numbers it in the year it is run) the
    reference of the year in the story, keeping the counters consistent."""
    prefix, series, current, number = review.reference.rsplit("-", 3)
    if int(current) == year:
        return
    ReferenceCounter.objects.filter(
        partnership=review.partnership, series=series, year=int(current), last=int(number)
    ).update(last=F("last") - 1)
    counter, _ = ReferenceCounter.objects.get_or_create(
        partnership=review.partnership, series=series, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    review.reference = f"{prefix}-{series}-{year}-{counter.last:03d}"
    Review.objects.filter(pk=review.pk).update(reference=review.reference)


# --- the step --------------------------------------------------------------------------


def loaded(partnership: Partnership) -> bool:
    return AuditEvent.objects.filter(partnership=partnership, verb=LOAD_VERB).exists()


_YEAR = re.compile(r"\b(202[4-9])\b")
Spec = TypeVar("Spec")


def moved(spec: Spec, weeks: int) -> Spec:
    """`spec` (a spec, or a tuple or dict of them) with every date `weeks` weeks later
    and every year from 2024 to 2029 in its words moved on by as many whole years (a
    file called "...-2026.pdf", "spring 2026")."""
    years = round(weeks * 7 / 365.25)

    def move(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value + datetime.timedelta(weeks=weeks)
        if type(value) is str:
            return _YEAR.sub(lambda m: str(int(m.group(1)) + years), value) if years else value
        if isinstance(value, tuple):
            return tuple(move(item) for item in value)
        if isinstance(value, dict):
            return {key: move(item) for key, item in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: move(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return dataclasses.replace(value, **changes)
        return value

    return move(spec)  # type: ignore[no-any-return]


def _writer(partnership: Partnership) -> _Writer:
    emails = {OFFICER, MANAGER, GROUP, EXECUTIVE, MAYA, GRACE, HARRY}
    people = {p.email: p for p in Person.objects.filter(email__in=emails)}
    names = {item.agency for incident in INCIDENTS for item in incident.rapid.summaries}
    names |= {a.agency for r in REVIEWS for rec in r.recommendations for a in rec.actions}
    names |= {sar.referrer for sar in SARS}
    agencies = {a.name: a for a in Agency.objects.filter(name__in=names)}
    themes = {t.name: t for t in Theme.objects.filter(partnership=partnership)}
    return _Writer(
        partnership=partnership,
        people=people,
        agencies=agencies,
        themes=themes,
        indicators=set(selectors.indicator_codes(partnership)),
    )


def write(partnership: Partnership, anchor: datetime.datetime) -> dict[str, int]:
    """Play the whole history through the services, oldest first, moved on to `anchor`;
    returns the counts."""
    writer = _writer(partnership)
    weeks = demo_anchor.weeks_after_story(anchor)
    writer.today = STORY_TODAY + datetime.timedelta(weeks=weeks)
    for spec in REVIEWERS:
        reference_services.reviewer_save(
            acting=writer.acting(OFFICER),
            full_name=spec.full_name,
            email=spec.email,
            organisation=spec.organisation,
            expertise=spec.expertise,
            conflicts=spec.conflicts,
            themes=writer.themed(spec.themes),
        )
        writer.count("reviewers")
    for incident in moved(INCIDENTS, weeks):
        writer.incident(incident)
    for pre in moved(PRE_DISCUSSIONS, weeks):
        writer.pre_discussion(pre)
    for sar in moved(SARS, weeks):
        writer.sar(sar)
    for review in moved(REVIEWS, weeks):
        writer.review(review)
    for briefing in moved(BRIEFINGS, weeks):
        writer.briefing(briefing)
    for newsletter in moved(NEWSLETTERS, weeks):
        writer.newsletter(newsletter)
    for item in LIBRARY:  # published elsewhere, on their own dates
        writer.library_item(item)
    return dict(sorted(writer.counts.items()))


def load(partnership: Partnership, anchor: datetime.datetime) -> dict[str, Any] | None:
    """Write a partnership's case review history, once; None if already there."""
    if loaded(partnership):
        return None
    with transaction.atomic():
        summary: dict[str, Any] = {**write(partnership, anchor), "anchor": anchor.isoformat()}
        audit.record(None, LOAD_VERB, partnership=partnership, changes=summary)
    return summary


def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    """Northbridge's two years of case reviews up to `anchor` (by default the one the demo
    was built with, or today's). Idempotent: a partnership already loaded is left alone."""
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    if not loaded(partnership):
        progress("Case reviews: two years of Northbridge's reviews and actions")
    load(partnership, anchor)
