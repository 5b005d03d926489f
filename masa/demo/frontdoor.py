"""The demo's front door: two years of Northbridge contacts, and a few in Southmoor.

`generate` is pure: from a seed, a volume and an anchor moment it yields the
referrals in order of arrival, each with its children, household, concerns, DASH
checklist, partner checks and decisions, as plain records. `write` turns them into
rows in batches of plain INSERTs (or COPY on PostgreSQL): the services, one record
at a time, would take minutes for 12,000 contacts, and even `bulk_create` spends
seconds preparing fields. It sets every field the way the services would:
references in the service's format with the counters left consistent, decision
clocks from the partnership's timescales, repeat contacts within 12 months, a
manager's sign-off on every decision, corrections as new versions with a reason.

The data depends on the seed and the anchor only: the same seed gives the same
contacts, dated up to the anchor, which is the afternoon of the working day the demo
is loaded (masa/demo/anchor.py). The newest contacts arrive in the week before the
anchor and some are still open then, so the queue has work in it, some due soon and
a little overdue (viewed days later, more of it is overdue, as in a real MASH).
Every name is invented, phone numbers are in Ofcom's drama range, addresses are in
the fictional NB and SX postcode areas, and NHS numbers come from the 999 range,
which is never issued.
"""

from __future__ import annotations

import bisect
import datetime
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model

from masa.core import audit, clocks, statistics
from masa.core.models import Agency, AuditEvent, Partnership, Person
from masa.core.timescales import DEFAULTS, rule_for
from masa.demo import anchor as demo_anchor
from masa.demo import people
from masa.frontdoor import codes, matching, nhs
from masa.frontdoor.models import (
    EXPLOITATION,
    Child,
    Concern,
    Contact,
    Decision,
    HouseholdMember,
    PartnerCheck,
    ReferenceCounter,
    Referral,
    RiskAssessment,
    RiskChecklist,
)
from masa.frontdoor.services import LONDON, REPEAT_WINDOW, due_at, reference_prefix

SEED = 20261120
PER_YEAR = 6_000
YEARS = 2
SOUTHMOOR_CONTACTS = 200
LOAD_VERB = "demo.frontdoor_load"
REPEAT_FAMILY = 0.33  # how often a referral is about a family the MASH has heard of

T = TypeVar("T")
Progress = Callable[[str], None]


# --- who works where -------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    """Someone who refers, answers partner checks or works in the MASH."""

    email: str
    full_name: str
    job_title: str
    agency: str
    phone: str
    named: bool = False  # a named demo person (people.PEOPLE), who can sign in


@dataclass(frozen=True)
class Area:
    """What differs between the partnerships: agencies, staff, postcodes, places."""

    slug: str
    town: str
    postcode_area: str
    # Agency name -> weight as a source of contacts.
    sources: dict[str, float]
    # Agency name -> weight as the recipient of a partner check.
    check_agencies: dict[str, float]
    practitioners: tuple[str, ...]  # MASH practitioners' emails
    managers: tuple[str, ...]  # MASH managers' emails
    named_referrers: dict[str, tuple[str, float]]  # agency -> (email, share of its referrals)
    named_responders: dict[str, str]  # agency -> email of who answers its checks
    schools: dict[str, tuple[int, int]]  # school or setting -> ages it takes
    # Agencies with a few requests left unanswered in the last days before the anchor,
    # so their demo people see overdue requests.
    slow_to_answer: tuple[str, ...]
    # NHS numbers 999 followed by six digits from this range (then the check digit):
    # 999 is never issued, the ranges keep the partnerships' children apart, and both
    # stay clear of the low numbers the test factories use.
    nhs_block: tuple[int, int]
    drafts_for: str = ""


NORTHBRIDGE = Area(
    slug="northbridge",
    town="Northbridge",
    postcode_area="NB",
    sources={
        "Mercia Vale Police": 27,
        "Northbridge Academy": 10,
        "St Aidan's Primary School": 6.5,
        "Hollins Park Primary School": 6.5,
        "Northbridge College": 2.5,
        "Little Acorns Nursery": 2,
        "Northbridge Hospitals NHS Trust": 9,
        "Canal Street Medical Practice": 5,
        "Riverside Family Practice": 4,
        "Mercia Vale Integrated Care Board": 1,
        "Northbridge Borough Council": 11,
        "Northbridge Homes Housing Association": 4,
        "Mercia Vale Probation Service": 3,
        "Northbridge Youth Justice Service": 3,
        "Northbridge Women's Aid": 4,
        "Northbridge Faith Forum": 1,
        "Mercia Vale Fire and Rescue Service": 1,
    },
    check_agencies={
        "Mercia Vale Police": 40,
        "Canal Street Medical Practice": 10,
        "Riverside Family Practice": 8,
        "Northbridge Hospitals NHS Trust": 12,
        "Mercia Vale Integrated Care Board": 3,
        "Northbridge Academy": 5,
        "St Aidan's Primary School": 3,
        "Hollins Park Primary School": 3,
        "Mercia Vale Probation Service": 6,
        "Northbridge Homes Housing Association": 6,
        "Northbridge Youth Justice Service": 3,
        "Northbridge Women's Aid": 2,
    },
    practitioners=("ben.carter@northbridge.example",),
    managers=("chloe.davies@northbridge.example",),
    named_referrers={
        "Northbridge Academy": ("amira.khan@northbridge-academy.example", 0.4),
        "Canal Street Medical Practice": ("rosa.evans@canalstreet-gp.example", 0.4),
        "Northbridge Women's Aid": ("kate.brennan@northbridge-womensaid.example", 0.4),
    },
    named_responders={
        "Mercia Vale Police": "maya.singh@merciavale-police.example",
        "Canal Street Medical Practice": "rosa.evans@canalstreet-gp.example",
        "Northbridge Academy": "amira.khan@northbridge-academy.example",
        "Northbridge Women's Aid": "kate.brennan@northbridge-womensaid.example",
    },
    schools={
        "Little Acorns Nursery": (1, 4),
        "St Aidan's Primary School": (4, 11),
        "Hollins Park Primary School": (4, 11),
        "Northbridge Academy": (11, 16),
        "Northbridge College": (16, 17),
    },
    slow_to_answer=("Mercia Vale Police", "Canal Street Medical Practice"),
    nhs_block=(100_000, 800_000),
    drafts_for="amira.khan@northbridge-academy.example",
)

SOUTHMOOR = Area(
    slug="southmoor",
    town="Southmoor",
    postcode_area="SX",
    sources={
        "Mercia Vale Police": 28,
        "Southmoor High School": 14,
        "Brook Lane Primary School": 12,
        "Southmoor and District NHS Foundation Trust": 12,
        "Moorside Health Centre": 7,
        "Southmoor Metropolitan Borough Council": 11,
        "Southmoor Community Housing": 5,
        "Mercia Vale Probation Service": 3,
        "Southmoor Youth Justice Service": 3,
        "Southmoor Young Carers": 3,
    },
    check_agencies={
        "Mercia Vale Police": 45,
        "Moorside Health Centre": 15,
        "Southmoor and District NHS Foundation Trust": 15,
        "Southmoor High School": 8,
        "Mercia Vale Probation Service": 8,
        "Southmoor Community Housing": 9,
    },
    practitioners=("hannah.whitaker@southmoor.example",),
    managers=("marcus.doyle@southmoor.example",),
    named_referrers={
        "Southmoor High School": ("owen.price@southmoor-high.example", 0.5),
        "Mercia Vale Police": ("maya.singh@merciavale-police.example", 0.3),
    },
    named_responders={
        "Mercia Vale Police": "maya.singh@merciavale-police.example",
        "Southmoor High School": "owen.price@southmoor-high.example",
    },
    schools={
        "Brook Lane Primary School": (4, 11),
        "Southmoor High School": (11, 16),
    },
    slow_to_answer=("Mercia Vale Police",),
    nhs_block=(800_000, 1_000_000),
)

AREAS = {area.slug: area for area in (NORTHBRIDGE, SOUTHMOOR)}

# Southmoor's MASH has no named demo person; these two make and sign its decisions.
MASH_STAFF = (
    Staff(
        "hannah.whitaker@southmoor.example",
        "Hannah Whitaker",
        "MASH social worker",
        "Southmoor Metropolitan Borough Council",
        "01632 960811",
    ),
    Staff(
        "marcus.doyle@southmoor.example",
        "Marcus Doyle",
        "MASH team manager",
        "Southmoor Metropolitan Borough Council",
        "01632 960812",
    ),
)

JOB_TITLES: dict[str, tuple[str, ...]] = {
    "police": ("Police constable", "Detective constable", "Police sergeant"),
    "school": ("Designated safeguarding lead", "Deputy safeguarding lead", "Head of year"),
    "college": ("Safeguarding officer", "Student support manager"),
    "early_years": ("Nursery manager", "Early years practitioner"),
    "health_trust": ("Safeguarding nurse", "Midwife", "Emergency department nurse"),
    "health_gp": ("GP", "Practice nurse", "Health visitor"),
    "health_icb": ("Designated nurse for safeguarding",),
    "local_authority": ("Housing options officer", "Family support worker", "Youth worker"),
    "housing": ("Tenancy officer", "Neighbourhood officer"),
    "probation": ("Probation officer",),
    "youth_justice": ("Youth justice officer",),
    "voluntary": ("Support worker", "Outreach worker"),
    "fire": ("Home fire safety officer",),
}

# --- names, places and the mixes ---------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIRLS = {
    "british": _words(
        "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya "
        "Florence Emily Ella Poppy Evie Elsie Charlotte Evelyn Sienna Daisy Phoebe Ruby "
        "Millie Harper Matilda Lola Holly Chloe Jessica Amber Megan Lucy Leah Erin Katie "
        "Bethany Courtney Jade Paige Kayla Mollie Maisie Esme Layla Aria Thea Ellie Ada"
    ),
    "south_asian": _words(
        "Aisha Zara Maryam Fatima Hafsa Inaya Amira Safa Anaya Zainab Khadija Aaliyah "
        "Sana Priya Anika Riya Simran Jasmin Noor Hana Iqra Laiba Mahnoor Eshal"
    ),
    "african": _words(
        "Amara Precious Favour Adaeze Chioma Blessing Zion Nia Imani Esther Abigail "
        "Ife Temi Deborah Adwoa"
    ),
    "east_european": _words(
        "Zuzanna Julia Maja Lena Alicja Natalia Oliwia Amelia Antonina Elena Ioana "
        "Andreea Daria Sofia Viktoria"
    ),
    "chinese": _words("Mei Lin Xin Yu Jia Wen Hui Ying"),
}
BOYS = {
    "british": _words(
        "Oliver George Noah Arthur Leo Harry Oscar Archie Henry Theo Freddie Jack Charlie "
        "Thomas Jacob Alfie Finley Teddy Isaac Joshua Ethan Mason Riley Lewis Kai Tyler "
        "Callum Connor Jayden Kyle Liam Dylan Harvey Reggie Tommy Louie Ronnie Albie "
        "Jenson Ollie Max Sam Ben Luke Ryan Jamie Aaron Owen Toby Reuben"
    ),
    "south_asian": _words(
        "Muhammad Yusuf Ibrahim Ayaan Zayn Hamza Ali Aryan Rayyan Musa Idris Bilal "
        "Arjun Rohan Dev Kabir Zain Haris Umar Adam"
    ),
    "african": _words(
        "Tobi David Daniel Emmanuel Samuel Joshua Kwame Tariq Chidi Femi Kofi Malik "
        "Nathaniel Isaiah Elijah"
    ),
    "east_european": _words(
        "Jakub Antoni Szymon Filip Kacper Mateusz Aleksander Andrei Mihai Stefan Luka "
        "Marek Tomas Dawid Nikola"
    ),
    "chinese": _words("Wei Jun Hao Jian Ming Chen Yi"),
}
SURNAMES = {
    "british": _words(
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
        "Evans Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Clark "
        "Turner Hill Cooper Ward Morris Moore King Watson Baker Harrison Morgan Patel "
        "Young Allen Mitchell James Anderson Phillips Lee Bell Parker Davis Bennett "
        "Griffiths Cook Shaw Richardson Marshall Collins Carter Ellis Kelly Bailey "
        "Palmer Webb Chapman Mills Simpson Hunt Holmes Mason Rogers Knight Stevens "
        "Pearson Barnes Gibson Price Murray Fisher Lloyd Butler Russell Dixon Grant "
        "Fletcher Lawrence Hughes Gray Matthews Kennedy Reid Saunders Stewart Hudson "
        "Powell Owen Hart Ross Atkinson Spencer Holland Payne Hayes Hammond Rowe Lowe "
        "Booth Dawson Barker Fox Riley Hewitt Poole Pickering Harding Gardner Marsden "
        "Houghton Kershaw Whittaker Pilling Ashworth Hargreaves Ramsbottom Cropper "
        "Nuttall Sutcliffe Brierley Greenhalgh Haworth Entwistle Crompton Openshaw"
    ),
    "south_asian": _words(
        "Khan Hussain Ahmed Ali Begum Akhtar Iqbal Mahmood Rashid Shah Malik Butt "
        "Chaudhry Mirza Aslam Bibi Miah Uddin Rahman Islam Patel Singh Kaur Sharma "
        "Gill Sandhu Mistry Parmar"
    ),
    "african": _words(
        "Okafor Adeyemi Mensah Owusu Okonkwo Nwosu Boateng Asante Abiola Ogunleye "
        "Mwangi Kamara Diallo Eze Bello"
    ),
    "east_european": _words(
        "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Popescu "
        "Ionescu Novak Horvat Petrov Balog Dvorak Kovacs"
    ),
    "chinese": _words("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou"),
    "caribbean": _words(
        "Campbell Thomas Edwards Francis Gordon Henry Reid Grant Williams Brown "
        "Morgan Bailey Clarke Richards"
    ),
}
HERITAGE = {
    "WBRI": "british",
    "WIRI": "british",
    "WIRT": "british",
    "WROM": "east_european",
    "WOTH": "east_european",
    "MWBC": "caribbean",
    "MWBA": "african",
    "MWAS": "british",
    "MOTH": "british",
    "AIND": "south_asian",
    "APKN": "south_asian",
    "ABAN": "south_asian",
    "AOTH": "south_asian",
    "BCRB": "caribbean",
    "BAFR": "african",
    "BOTH": "african",
    "CHNE": "chinese",
    "OOTH": "british",
    "REFU": "british",
    "NOBT": "british",
}
ETHNICITY_WEIGHTS = {
    "WBRI": 62.0,
    "WIRI": 0.5,
    "WIRT": 0.3,
    "WROM": 0.7,
    "WOTH": 6.0,
    "MWBC": 3.0,
    "MWBA": 1.0,
    "MWAS": 1.2,
    "MOTH": 2.0,
    "AIND": 3.5,
    "APKN": 6.0,
    "ABAN": 1.5,
    "AOTH": 1.5,
    "BCRB": 1.5,
    "BAFR": 3.0,
    "BOTH": 0.7,
    "CHNE": 0.5,
    "OOTH": 1.5,
    "REFU": 0.3,
    "NOBT": 2.3,
}
LANGUAGES = {
    "south_asian": ("Urdu", "Punjabi", "Bengali", "Gujarati"),
    "east_european": ("Polish", "Romanian", "Czech", "Slovak"),
    "african": ("Somali", "Tigrinya", "French", "Arabic"),
    "chinese": ("Mandarin", "Cantonese"),
}
STREETS = (
    "Mill Lane",
    "Canal Street",
    "Victoria Road",
    "Station Road",
    "Church Street",
    "Park Avenue",
    "Chapel Street",
    "Albert Terrace",
    "Wharf Road",
    "Foundry Close",
    "Weavers Row",
    "Spinners Way",
    "Bridge Street",
    "Moor Lane",
    "Greenbank Road",
    "Hollins Road",
    "Cotton Street",
    "Brook Street",
    "Queen's Drive",
    "Kingsway",
    "Elm Grove",
    "Ash Close",
    "Beech Avenue",
    "Larch Court",
    "Rowan Way",
    "Hawthorn Crescent",
    "Linden Road",
    "Sycamore Walk",
    "Meadow View",
    "Orchard Road",
    "Tannery Lane",
    "Railway Terrace",
    "Lock Keepers Way",
    "Viaduct Street",
    "Market Street",
    "Co-operative Street",
    "Union Road",
    "Hope Street",
    "Prospect Hill",
    "Northgate",
)
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Concern categories: how often each is the main concern, by kind of source.
CATEGORY_WEIGHTS: dict[str, dict[str, float]] = {
    "default": {
        "domestic_abuse": 22,
        "neglect": 22,
        "emotional": 12,
        "mental_health": 9,
        "physical": 9,
        "substance": 5,
        "sexual": 4,
        "self_harm": 3,
        "missing": 3,
        "cce": 2,
        "cse": 1.5,
        "other": 3,
        "radicalisation": 0.3,
        "fgm": 0.2,
        "trafficking": 0.3,
    },
    "police": {
        "domestic_abuse": 45,
        "missing": 9,
        "cce": 6,
        "cse": 3,
        "physical": 9,
        "neglect": 10,
        "sexual": 5,
        "emotional": 4,
        "substance": 4,
        "trafficking": 1,
        "radicalisation": 0.5,
        "other": 3,
    },
    "education": {
        "neglect": 28,
        "emotional": 17,
        "physical": 12,
        "mental_health": 12,
        "domestic_abuse": 9,
        "self_harm": 6,
        "sexual": 4,
        "missing": 2,
        "cse": 1.5,
        "cce": 1.5,
        "radicalisation": 0.5,
        "fgm": 0.3,
        "other": 5,
    },
    "health": {
        "neglect": 26,
        "mental_health": 18,
        "self_harm": 9,
        "domestic_abuse": 14,
        "substance": 10,
        "physical": 8,
        "emotional": 6,
        "sexual": 3,
        "fgm": 1,
        "other": 5,
    },
}
# What tends to be raised alongside each main concern.
ALONGSIDE: dict[str, tuple[str, ...]] = {
    "domestic_abuse": ("emotional", "substance", "neglect", "mental_health"),
    "neglect": ("substance", "emotional", "mental_health", "domestic_abuse"),
    "emotional": ("domestic_abuse", "mental_health", "neglect"),
    "mental_health": ("self_harm", "emotional"),
    "self_harm": ("mental_health", "emotional"),
    "physical": ("emotional", "domestic_abuse", "neglect"),
    "substance": ("neglect", "domestic_abuse"),
    "sexual": ("emotional", "cse"),
    "missing": ("cse", "cce"),
    "cse": ("missing", "sexual"),
    "cce": ("missing", "substance"),
    "trafficking": ("cce", "missing"),
}
# Level of need (1-4) by main concern.
LEVEL_WEIGHTS: dict[str, tuple[float, float, float, float]] = {
    "default": (27, 32, 28, 13),
    "sexual": (4, 8, 28, 60),
    "cse": (3, 8, 34, 55),
    "cce": (4, 12, 38, 46),
    "trafficking": (2, 6, 30, 62),
    "fgm": (5, 10, 25, 60),
    "radicalisation": (15, 25, 40, 20),
    "physical": (15, 25, 32, 28),
    "neglect": (19, 31, 35, 15),
    "domestic_abuse": (25, 33, 30, 12),
    "emotional": (29, 35, 26, 10),
    "mental_health": (29, 38, 25, 8),
    "self_harm": (22, 38, 31, 9),
    "substance": (16, 29, 38, 17),
    "missing": (12, 25, 40, 23),
    "other": (42, 30, 19, 9),
}
OUTCOMES: dict[int, dict[str, float]] = {
    1: {"nfa": 55, "signpost": 45},
    2: {"early_help_2": 70, "signpost": 25, "nfa": 5},
    3: {"early_help_3": 84, "early_help_2": 10, "already_open": 6},
    4: {"assessment": 55, "strategy": 20, "already_open": 13, "nfa": 12},
}
RAG_BY_LEVEL: dict[int, dict[str, float]] = {
    1: {"green": 95, "amber": 5},
    2: {"green": 72, "amber": 28},
    3: {"green": 30, "amber": 63, "red": 7},
    4: {"green": 8, "amber": 55, "red": 37},
}
# Age bands of the children (unborn, under 1, 1-4, 5-9, 10-15, 16-17) by kind of source.
AGE_WEIGHTS: dict[str, tuple[float, float, float, float, float, float]] = {
    "default": (2, 8, 19, 24, 35, 12),
    "police": (2, 7, 17, 20, 39, 15),
    "health": (14, 22, 24, 14, 17, 9),
}


def _source_group(kind: str) -> str:
    if kind == "police":
        return "police"
    if kind in ("school", "college", "early_years"):
        return "education"
    if kind.startswith("health"):
        return "health"
    return "default"


# --- texts -------------------------------------------------------------------------

WHAT_HAPPENED: dict[str, tuple[str, ...]] = {
    "domestic_abuse": (
        "Police attended the home after a neighbour reported shouting and a woman "
        "screaming. {child} was in the house at the time and was seen by officers.",
        "{child}'s mother disclosed that her partner pushed her against a wall in front "
        "of the children last weekend. She says this has happened before.",
        "A domestic incident was reported overnight. Mother had a visible injury to "
        "her face; {child} told officers they had hidden upstairs.",
    ),
    "neglect": (
        "{child} has come to school hungry and in the same clothes for most of the last "
        "two weeks, and has missed several days without explanation.",
        "Home visit found the house cold with very little food. {child} had nappy rash "
        "and had missed two health appointments.",
        "{child} has untreated head lice and dental pain; staff have raised this with "
        "the family several times without change.",
    ),
    "emotional": (
        "{child} became very upset when told their father would collect them, and said "
        "they are shouted at and called names at home.",
        "Staff have noticed {child} is withdrawn and flinches when adults raise their "
        "voices. {child} says they are told they are stupid.",
    ),
    "mental_health": (
        "{child}'s parent has been admitted to hospital under the Mental Health Act. "
        "Arrangements for {child}'s care are unclear.",
        "{child} has told staff they feel hopeless and are not sleeping. Parents are "
        "struggling to get support.",
    ),
    "physical": (
        "{child} arrived with bruising to the upper arm in the shape of a grip and gave "
        "different explanations for it.",
        "A mark on {child}'s cheek was noticed this morning. {child} said their "
        "stepfather hit them because they would not go to bed.",
    ),
    "substance": (
        "{child}'s parents were found under the influence of drugs while caring for "
        "{child}; drug paraphernalia was within reach.",
        "Mother attended an appointment smelling strongly of alcohol with {child} in "
        "her care, and drove away.",
    ),
    "sexual": (
        "{child} disclosed to a member of staff that an older relative touched them "
        "inappropriately.",
        "{child} has shown sexualised behaviour that is not in keeping with their age "
        "and has made a partial disclosure.",
    ),
    "self_harm": (
        "{child} showed staff cuts to the forearm and said they had been hurting "
        "themselves for several weeks.",
        "{child} attended A&E after taking an overdose of paracetamol.",
    ),
    "missing": (
        "{child} was reported missing overnight for the third time this month and was "
        "found in another town.",
        "{child} has been missing from home for two nights and returned with new "
        "clothes and a phone the family cannot explain.",
    ),
    "cse": (
        "{child} has been seen getting into cars with older men after school and has "
        "unexplained gifts.",
        "Messages on {child}'s phone suggest an adult is grooming them online and has "
        "asked to meet.",
    ),
    "cce": (
        "{child} was stopped by police in another county carrying cash and several "
        "phones, and is thought to be involved in county lines.",
        "{child} has been seen with known gang members and has unexplained injuries and money.",
    ),
    "trafficking": (
        "{child} arrived recently with an adult who is not a relative and says they "
        "owe money for their journey.",
    ),
    "radicalisation": (
        "Staff overheard {child} expressing support for an extremist group and sharing "
        "its material with other pupils.",
    ),
    "fgm": (
        "{child}'s family have talked about a long visit abroad for a special "
        "ceremony; there is a family history of FGM.",
    ),
    "other": (
        "{child}'s family have been evicted and are staying with friends; {child} has "
        "no settled place to sleep.",
        "{child} is a young carer for a disabled parent and is missing school as a result.",
    ),
}
IMPACT = (
    "{child} is tired, anxious and finding it hard to concentrate.",
    "{child} seems frightened and does not want to go home.",
    "{child}'s attendance has dropped and their behaviour has changed.",
    "{child} is behind with their development and their health needs are not met.",
    "We do not yet know the impact; {child} appears quiet and withdrawn.",
)
CHILD_VOICE = (
    '{child} said: "I don\'t like it when they shout. I hide in my room."',
    "{child} said they want things at home to be calmer.",
    "{child} said they were fine and did not want to talk about it.",
    '{child} said: "Please don\'t tell mum I told you."',
    "{child} is too young to say; they were seen and appeared well cared for physically.",
    "{child} could not be seen before this referral was made.",
)
SUPPORT = (
    "The school's pastoral team meets {child} weekly.",
    "Health visitor involved; no other services known.",
    "None known.",
    "Family previously had early help support, which closed last year.",
    "",
)
RAG_REASONS = {
    "red": "Risk of significant harm now; needs a decision today.",
    "amber": "Concerning; needs partner information before a decision.",
    "green": "Low risk; needs are clear from the referral.",
}
CHECK_QUESTIONS = {
    "police": "Any domestic abuse call-outs, offences or intelligence about the adults "
    "in the household?",
    "health": "Is the child registered and up to date with health checks? Any concerns "
    "about the parents' health?",
    "education": "Attendance this year, and any safeguarding concerns recorded?",
    "default": "What does your agency know about this family?",
}
CHECK_RESPONSES = {
    "police": (
        "Two domestic incidents at the address in the last year, both graded standard "
        "risk. No offences recorded against the mother.",
        "No police information held about the household.",
        "Father has a previous conviction for assault (2019). One call-out this year.",
    ),
    "health": (
        "Registered; immunisations up to date. Mother under the perinatal mental health team.",
        "Registered; two missed appointments this year. No other concerns.",
        "Nothing of concern held.",
    ),
    "education": (
        "Attendance 84% this year. Two safeguarding concerns logged, both about hunger.",
        "Attendance 97%. No concerns recorded.",
    ),
    "default": (
        "Known to us: support offered last year was not taken up.",
        "Nothing held about this family.",
    ),
}
RATIONALE = {
    "nfa": "The concern has been resolved and the parents are acting protectively. "
    "Advice given to the referrer; no further action.",
    "signpost": "Needs can be met by universal services. Family signposted to the "
    "family hub and the school nurse.",
    "early_help_2": "Additional needs that one agency can meet; the school will lead "
    "single-agency early help with the family's consent.",
    "early_help_3": "Several needs that call for agencies to work together; an Early "
    "Help Assessment and a team around the family are needed.",
    "assessment": "The child's needs meet level 4; a children and families assessment "
    "under section 17 is needed.",
    "strategy": "Reasonable cause to suspect significant harm; a strategy discussion "
    "is to be held and a section 47 enquiry is likely.",
    "already_open": "The child is already open to children's social care; passed to "
    "the allocated worker.",
}
FEEDBACK = {
    "nfa": "Thank you for your referral. The MASH will take no further action; please "
    "keep monitoring and refer again if you are worried.",
    "signpost": "Thank you. The family has been given information about local "
    "services that can help.",
    "early_help_2": "Thank you. Your agency is asked to offer single-agency early help; "
    "the early help team can advise.",
    "early_help_3": "Thank you. An Early Help Assessment will be started and a lead "
    "practitioner will contact the family.",
    "assessment": "Thank you. A social worker will carry out an assessment and may "
    "contact you for information.",
    "strategy": "Thank you. A strategy discussion is being held; you may be invited to take part.",
    "already_open": "Thank you. The child has an allocated social worker, who has "
    "been given your referral.",
}
RETURN_NOTES = (
    "Please add the police information to the rationale before I sign this off.",
    "The descriptor does not match the level; please review.",
    "Please check whether the child's voice has been considered.",
)
CORRECTION_REASONS = (
    "New information from the police changes the risk picture.",
    "The outcome was recorded against the wrong sibling; corrected.",
    "On review, the threshold for level 4 is met.",
)
PROFESSIONAL_JUDGEMENT = (
    "Escalating incidents in the last month and the victim is pregnant, although the "
    "score is below 14."
)


# --- the plan: plain records, no database ------------------------------------------


@dataclass(slots=True)
class ChildPlan:
    key: int
    first_names: str
    last_name: str
    sex: str
    ethnicity: str
    date_of_birth: datetime.date | None
    expected_date_of_birth: datetime.date | None
    nhs_number: str
    disabilities: tuple[str, ...]
    language: str
    interpreter_needed: bool
    contacts: list[datetime.datetime] = field(default_factory=list)

    def born_by(self, moment: datetime.datetime) -> bool:
        return self.date_of_birth is not None and self.date_of_birth <= moment.date()

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth or self.expected_date_of_birth
        assert born is not None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(slots=True)
class Family:
    surname: str
    heritage: str
    ethnicity: str
    address: str
    postcode: str
    parents: list[tuple[str, str, datetime.date, bool]]  # name, relation, birth, PR
    concern_adult: str
    children: list[ChildPlan]


@dataclass(slots=True)
class CheckPlan:
    agency: str
    question: str
    requested_by: str
    requested_at: datetime.datetime
    due_at: datetime.datetime
    response: str = ""
    responded_by: str = ""
    responded_at: datetime.datetime | None = None


@dataclass(slots=True)
class DecisionPlan:
    version: int
    level: int
    outcome: str
    descriptor: str
    rationale: str
    referrer_feedback: str
    recorded_by: str
    recorded_at: datetime.datetime
    state: str
    correction_reason: str = ""
    reviewed_by: str = ""
    reviewed_at: datetime.datetime | None = None
    manager_note: str = ""


@dataclass(slots=True)
class ContactPlan:
    number: int
    child: ChildPlan
    # The child as the referrer described them then (an unborn child is born later).
    first_names: str
    sex: str
    date_of_birth: datetime.date | None
    expected_date_of_birth: datetime.date | None
    nhs_number: str  # as the referrer gave it (often not known)
    child_nhs_number: str  # the child's own, once born
    school: str
    linked: bool
    linked_at: datetime.datetime | None
    status: str
    rag: str
    rag_reason: str
    assigned_to: str
    decision_due_at: datetime.datetime
    is_repeat: bool
    level: int | None
    outcome: str
    decided_at: datetime.datetime | None
    updated_at: datetime.datetime
    checks: list[CheckPlan]
    decisions: list[DecisionPlan]


@dataclass(slots=True)
class RiskPlan:
    answers: dict[str, str]
    score: int
    professional_judgement: bool
    judgement_reason: str


@dataclass(slots=True)
class HouseholdPlan:
    relationship: str
    name: str
    relationship_to_child: str
    date_of_birth: datetime.date | None
    parental_responsibility: bool | None
    address: str


@dataclass(slots=True)
class ReferralPlan:
    partnership: str
    year: int
    serial: int  # the n-th referral of its year in the partnership (from 1)
    referrer: Staff
    agency: str
    agency_kind: str
    created_at: datetime.datetime
    submitted_at: datetime.datetime
    immediate_danger: bool
    danger_call_made_to: str
    danger_called_at: datetime.datetime | None
    complete_by: datetime.datetime | None
    what_happened: str
    happened_on: datetime.date
    impact: str
    child_voice: str
    support_in_place: str
    other_concern: str
    level_believed: int
    consent: str
    consent_detail: str
    without_consent_reason: str
    categories: tuple[str, ...]
    address: str
    postcode: str
    household: list[HouseholdPlan]
    risk: RiskPlan | None
    contacts: list[ContactPlan]


@dataclass(frozen=True)
class Rules:
    """The partnership's clocks (national defaults unless it changed them)."""

    decision: clocks.Rule = DEFAULTS["referral_decision"].rule
    red: clocks.Rule = DEFAULTS["red_contact_decision"].rule
    check: clocks.Rule = DEFAULTS["partner_check"].rule
    urgent: clocks.Rule = DEFAULTS["urgent_referral_completion"].rule


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _minutes(rng: random.Random, low: float, high: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=rng.uniform(low, high))


def _local(day: datetime.date, minutes: float) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(), tzinfo=LONDON)
    return (moment + datetime.timedelta(minutes=minutes)).astimezone(LONDON)


MASH_OPENS, MASH_CLOSES = 8 * 60 + 30, 17 * 60 + 30  # minutes after midnight


def _next_working_moment(moment: datetime.datetime) -> datetime.datetime:
    """`moment` if the MASH is open then, else when it next opens."""
    local = moment.astimezone(LONDON)
    day = local.date()
    minute = local.hour * 60 + local.minute
    if clocks.is_working_day(day):
        if MASH_OPENS <= minute < MASH_CLOSES:
            return moment
        if minute < MASH_OPENS:
            return _local(day, MASH_OPENS)
    day += datetime.timedelta(days=1)
    while not clocks.is_working_day(day):
        day += datetime.timedelta(days=1)
    return _local(day, MASH_OPENS)


def staff_for(area: Area, seed: int = SEED) -> dict[str, list[Staff]]:
    """Three invented referrers for each source agency (no sign-in: no password, no role)."""
    rng = random.Random(f"{seed}:{area.slug}:staff")
    by_email = {p.email: p for p in people.PEOPLE}
    taken = set(by_email)
    agencies = {spec.name: spec for spec in people.AGENCIES}
    staff: dict[str, list[Staff]] = {}
    phone = 960100 if area is NORTHBRIDGE else 960500
    for name in sorted(set(area.sources) | set(area.check_agencies)):
        spec = agencies[name]
        titles = JOB_TITLES.get(spec.kind, ("Safeguarding lead",))
        made: list[Staff] = []
        while len(made) < 3:
            pool = GIRLS if rng.random() < 0.6 else BOYS
            heritage = _pick(rng, {"british": 80, "south_asian": 12, "african": 5, "caribbean": 3})
            first = rng.choice(pool.get(heritage, pool["british"]))
            last = rng.choice(SURNAMES[heritage])
            email = f"{first}.{last}@{spec.domain}".lower().replace("'", "")
            if email in taken:
                continue
            taken.add(email)
            phone += 1
            made.append(Staff(email, f"{first} {last}", rng.choice(titles), name, f"01632 {phone}"))
        staff[name] = made

    def named(email: str, agency: str) -> Staff:
        index = [p.email for p in people.PEOPLE].index(email)
        person = by_email[email]
        phone = f"01632 9600{index + 10:02d}"
        return Staff(email, person.full_name, person.job_title, agency, phone, named=True)

    for name, (email, _share) in area.named_referrers.items():
        staff.setdefault(name, []).insert(0, named(email, name))
    for name, email in area.named_responders.items():
        if all(s.email != email for s in staff.get(name, [])):
            staff.setdefault(name, []).append(named(email, name))
    return staff


class _Generator:
    """The state of one partnership's generation: families, children, numbers."""

    def __init__(
        self, area: Area, *, seed: int, contacts: int, years: int, anchor: datetime.datetime
    ) -> None:
        self.area = area
        self.rng = random.Random(f"{seed}:{area.slug}")
        self.total = contacts
        self.anchor = anchor
        self.start = anchor - datetime.timedelta(days=round(365.25 * years))
        self.staff = staff_for(area, seed)
        self.kinds = {spec.name: spec.kind for spec in people.AGENCIES}
        self.families: list[Family] = []
        self.referral_times: list[datetime.datetime] = []
        self.referral_families: list[Family] = []
        self.child_key = 0
        self.nhs_taken: set[str] = set()
        self.serials: dict[int, int] = {}
        self.rules = Rules()
        self.mash_practitioners = area.practitioners
        self.managers = area.managers

    # Arrival times -------------------------------------------------------------

    def _day_weight(self, day: datetime.date) -> float:
        month = (1.0, 1.0, 1.1, 0.95, 1.05, 1.05, 0.95, 0.7, 1.05, 1.1, 1.1, 0.85)
        weight = month[day.month - 1]
        if not clocks.is_working_day(day):
            weight *= 0.22
        if (day.month, day.day) >= (12, 23) or (day.month, day.day) <= (1, 2):
            weight *= 0.6
        # Contacts rise a little each year.
        return weight * (1 + 0.03 * (day - self.start.date()).days / 365)

    def arrival_days(self, count: int) -> list[datetime.date]:
        first = self.start.date() + datetime.timedelta(days=1)
        days = [
            first + datetime.timedelta(days=n) for n in range((self.anchor.date() - first).days + 1)
        ]
        weights = [self._day_weight(day) for day in days]
        return sorted(self.rng.choices(days, weights=weights, k=count))

    def _arrival(self, day: datetime.date, kind: str) -> datetime.datetime:
        group = _source_group(kind)
        if not clocks.is_working_day(day) or (group == "police" and self.rng.random() < 0.35):
            minutes = self.rng.uniform(0, 24 * 60)
        elif group == "education":
            minutes = self.rng.uniform(8 * 60 + 15, 16 * 60 + 45)
        else:
            minutes = self.rng.triangular(8 * 60, 18 * 60, 11 * 60)
        moment = _local(day, minutes)
        if moment >= self.anchor:  # nothing arrives after the anchor
            local = self.anchor.astimezone(LONDON)
            latest = local.hour * 60 + local.minute - 1
            moment = _local(day, self.rng.uniform(min(8 * 60, latest / 2), latest))
        return moment

    def arrivals(self) -> list[tuple[datetime.datetime, str, int]]:
        """When each referral arrives, from which agency and about how many children
        (most are about one child, some about brothers and sisters), in order of
        arrival, making exactly the contacts asked for."""
        sizes: list[int] = []
        made = 0
        while made < self.total:
            size = min(self.rng.choices((1, 2, 3), weights=(85, 11, 4))[0], self.total - made)
            sizes.append(size)
            made += size
        moments = []
        for day in self.arrival_days(len(sizes)):
            agency = self._source(day)
            moments.append((self._arrival(day, self.kinds[agency]), agency))
        moments.sort()
        return [
            (moment, agency, size) for (moment, agency), size in zip(moments, sizes, strict=True)
        ]

    # People --------------------------------------------------------------------

    def _source(self, day: datetime.date) -> str:
        sources = self.area.sources
        if not clocks.is_working_day(day) or day.month == 8:
            sources = {
                name: weight * (0.1 if self.kinds[name] in ("school", "college") else 1)
                for name, weight in sources.items()
            }
        return _pick(self.rng, sources)

    def _referrer(self, agency: str) -> Staff:
        staff = self.staff[agency]
        named = self.area.named_referrers.get(agency)
        if named and self.rng.random() < named[1]:
            return staff[0]
        invented = [s for s in staff if not s.named]
        return self.rng.choice(invented)

    def _nhs_number(self) -> str:
        while True:
            low, high = self.area.nhs_block
            number = nhs.with_check_digit(f"999{self.rng.randrange(low, high)}")
            if number is not None and number not in self.nhs_taken:
                self.nhs_taken.add(number)
                return number

    def _postcode(self) -> str:
        letters = "".join(self.rng.choice(POSTCODE_LETTERS) for _ in range(2))
        district, sector = self.rng.randint(1, 9), self.rng.randint(1, 9)
        code = f"{self.area.postcode_area}{district} {sector}{letters}"
        # Keep clear of the postcode the test factories use.
        return code if code != "NB1 2AB" else f"{self.area.postcode_area}{district} 3AB"

    def _child(
        self, family: Family, born: datetime.date | None, expected: datetime.date | None
    ) -> ChildPlan:
        self.child_key += 1
        rng = self.rng
        sex = "U" if born is None else ("F" if rng.random() < 0.505 else "M")
        if born is None:
            first = "Unborn"  # as the eMARF asks referrers to write it
        else:
            names = GIRLS if sex == "F" else BOYS
            first = rng.choice(names.get(family.heritage, names["british"]))
            if rng.random() < 0.3:
                first = f"{first} {rng.choice(names.get(family.heritage, names['british']))}"
        language, interpreter = "English", False
        if family.heritage in LANGUAGES and rng.random() < 0.35:
            language = rng.choice(LANGUAGES[family.heritage])
            interpreter = rng.random() < 0.3
        disabilities: tuple[str, ...] = ()
        roll = rng.random()
        if born is not None and roll < 0.1:
            disabilities = (rng.choice(("AUT", "LD", "BEH", "COMM", "MOB", "HEAR", "VIS")),)
            if rng.random() < 0.2:
                disabilities = tuple(sorted({*disabilities, "LD"}))
        elif born is not None and roll < 0.25:
            disabilities = ("NONE",)
        ethnicity = family.ethnicity if rng.random() < 0.97 else "NOBT"
        return ChildPlan(
            key=self.child_key,
            first_names=first,
            last_name=family.surname,
            sex=sex,
            ethnicity=ethnicity,
            date_of_birth=born,
            expected_date_of_birth=expected,
            nhs_number=self._nhs_number() if born is not None else "",
            disabilities=disabilities,
            language=language,
            interpreter_needed=interpreter,
        )

    def _birth_for_band(self, band: int, day: datetime.date) -> datetime.date:
        low, high = ((0, 0), (0, 0), (1, 4), (5, 9), (10, 15), (16, 17))[band]
        age_days = self.rng.randint(low * 365 + 1, high * 365 + 364)
        return day - datetime.timedelta(days=age_days)

    def _new_family(
        self, day: datetime.date, kind: str, agency: str, size: int
    ) -> tuple[Family, ChildPlan]:
        rng = self.rng
        ethnicity = _pick(rng, ETHNICITY_WEIGHTS)
        heritage = HERITAGE[ethnicity]
        surname = rng.choice(SURNAMES[heritage])
        mother = f"{rng.choice(GIRLS.get(heritage, GIRLS['british']))} {surname}"
        family = Family(
            surname=surname,
            heritage=heritage,
            ethnicity=ethnicity,
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {self.area.town}",
            postcode=self._postcode(),
            parents=[],
            concern_adult="",
            children=[],
        )
        schools = self.area.schools
        if agency in schools:
            low, high = schools[agency]
            born = day - datetime.timedelta(days=rng.randint(low * 365 + 1, high * 365 + 364))
            child = self._child(family, born, None)
        else:
            band_weights = AGE_WEIGHTS.get(_source_group(kind), AGE_WEIGHTS["default"])
            band = rng.choices(range(6), weights=band_weights)[0]
            if band == 0:
                expected = day + datetime.timedelta(days=rng.randint(20, 160))
                child = self._child(family, None, expected)
            else:
                child = self._child(family, self._birth_for_band(band, day), None)
        family.children.append(child)
        eldest = child.date_of_birth or child.expected_date_of_birth
        assert eldest is not None
        siblings = max(size - 1, rng.choices((0, 1, 2, 3), weights=(45, 32, 16, 7))[0])
        for attempt in range(siblings * 4):  # siblings are born, and under 18
            if len(family.children) > siblings:
                break
            gap = datetime.timedelta(days=rng.randint(330, 6 * 365))
            born = eldest - gap if rng.random() < 0.6 else eldest + gap
            if attempt >= siblings * 3:  # no luck near the eldest: anywhere from 0 to 17
                born = day - datetime.timedelta(days=rng.randint(30, 17 * 365 - 1))
            if day - datetime.timedelta(days=17 * 365) < born <= day:
                family.children.append(self._child(family, born, None))
        mother_birth = eldest - datetime.timedelta(days=rng.randint(18 * 365, 38 * 365))
        family.parents.append((mother, "Mother", mother_birth, True))
        if rng.random() < 0.65:
            father_surname = surname if rng.random() < 0.7 else rng.choice(SURNAMES[heritage])
            father = f"{rng.choice(BOYS.get(heritage, BOYS['british']))} {father_surname}"
            father_birth = mother_birth - datetime.timedelta(days=rng.randint(-800, 3000))
            family.parents.append((father, "Father", father_birth, rng.random() < 0.85))
        if rng.random() < 0.3:
            family.concern_adult = (
                f"{rng.choice(BOYS['british'])} {rng.choice(SURNAMES['british'])}"
            )
        self.families.append(family)
        return family, child

    def _eligible(self, family: Family, moment: datetime.datetime) -> list[ChildPlan]:
        """The family's children under 18 at `moment`, unborn ones included."""
        day = moment.date()
        for child in family.children:
            expected = child.expected_date_of_birth
            if child.date_of_birth is None and expected is not None and expected <= day:
                # Born since: the child now has a birth date, a name, a sex and an NHS number.
                child.date_of_birth = expected + datetime.timedelta(days=self.rng.randint(-12, 0))
                child.sex = "F" if self.rng.random() < 0.505 else "M"
                names = GIRLS if child.sex == "F" else BOYS
                child.first_names = self.rng.choice(names.get(family.heritage, names["british"]))
                child.nhs_number = self._nhs_number()
        return [
            child
            for child in family.children
            if child.date_of_birth is None
            or (child.date_of_birth <= day and child.age_on(day) < 18)
        ]

    def _family_for(
        self, moment: datetime.datetime, kind: str, agency: str, size: int
    ) -> tuple[Family, list[ChildPlan]]:
        """A family the MASH has heard of before (a repeat), or a new one; and which
        of its children the referral is about (`size` of them, where it can)."""
        rng = self.rng
        if self.referral_times and rng.random() < REPEAT_FAMILY:
            year_ago = bisect.bisect_left(self.referral_times, moment - REPEAT_WINDOW)
            recent = rng.random() < 0.65 and year_ago < len(self.referral_times)
            index = rng.randrange(year_ago if recent else 0, len(self.referral_times))
            family = self.referral_families[index]
            eligible = self._eligible(family, moment)
            contacted = [c for c in eligible if c.contacts]
            if len(eligible) >= size:
                first = (
                    rng.choice(contacted)
                    if contacted and rng.random() < 0.85
                    else rng.choice(eligible)
                )
                return family, [first, *[c for c in eligible if c is not first][: size - 1]]
        family, child = self._new_family(moment.date(), kind, agency, size)
        others = [c for c in self._eligible(family, moment) if c is not child]
        return family, [child, *others[: size - 1]]

    # A referral ----------------------------------------------------------------

    def _categories(self, kind: str, child: ChildPlan, moment: datetime.datetime) -> list[str]:
        rng = self.rng
        weights = CATEGORY_WEIGHTS.get(_source_group(kind), CATEGORY_WEIGHTS["default"])
        if child.date_of_birth is None or child.age_on(moment.date()) < 8:
            # Exploitation, self-harm and going missing are about older children.
            weights = {
                k: v
                for k, v in weights.items()
                if k not in ("cse", "cce", "missing", "self_harm", "radicalisation", "trafficking")
            }
        main = _pick(rng, weights)
        categories = [main]
        extra = ALONGSIDE.get(main, ())
        if extra and rng.random() < 0.4:
            categories.append(rng.choice(extra))
            if rng.random() < 0.25:
                categories.append(rng.choice(extra))
        return list(dict.fromkeys(categories))

    def _risk(self) -> RiskPlan:
        rng = self.rng
        score = min(24, max(0, round(rng.triangular(0, 24, 7))))
        yes = set(rng.sample(range(1, 25), score))
        answers = {
            str(n): "yes" if n in yes else ("not_known" if rng.random() < 0.08 else "no")
            for n in range(1, 25)
        }
        judgement = score < 14 and rng.random() < 0.04
        return RiskPlan(answers, score, judgement, PROFESSIONAL_JUDGEMENT if judgement else "")

    def _serial(self, year: int) -> int:
        self.serials[year] = self.serials.get(year, 0) + 1
        return self.serials[year]

    def referral(self, moment: datetime.datetime, agency: str, size: int) -> ReferralPlan:
        rng = self.rng
        kind = self.kinds[agency]
        family, children = self._family_for(moment, kind, agency, size)
        self.referral_times.append(moment)
        self.referral_families.append(family)
        referrer = self._referrer(agency)
        first = children[0]
        categories = self._categories(kind, first, moment)
        danger = rng.random() < (0.06 if kind == "police" else 0.015)
        called_at = moment - _minutes(rng, 10, 90) if danger else None
        complete_by = due_at(called_at, self.rules.urgent) if called_at else None
        consent = _pick(rng, {"consented": 68, "not_told": 22, "refused": 10})
        local = moment.astimezone(LONDON)
        name = first.first_names.split(" ")[0]
        risk = (
            self._risk()
            if "domestic_abuse" in categories and rng.random() < (0.7 if kind == "police" else 0.3)
            else None
        )
        household = [
            HouseholdPlan("parent", parent, relation, born, pr, family.address)
            for parent, relation, born, pr in family.parents
        ]
        if family.concern_adult and ("domestic_abuse" in categories or rng.random() < 0.2):
            household.append(
                HouseholdPlan("concern", family.concern_adult, "Mother's partner", None, False, "")
            )
        plan = ReferralPlan(
            partnership=self.area.slug,
            year=local.year,
            serial=self._serial(local.year),
            referrer=referrer,
            agency=agency,
            agency_kind=kind,
            created_at=moment - _minutes(rng, 6, 45),
            submitted_at=moment,
            immediate_danger=danger,
            danger_call_made_to=rng.choice(("999", "mash")) if danger else "",
            danger_called_at=called_at,
            complete_by=complete_by,
            what_happened=rng.choice(WHAT_HAPPENED[categories[0]]).format(child=name),
            happened_on=local.date() - datetime.timedelta(days=rng.choice((0, 0, 1, 1, 2, 5))),
            impact=rng.choice(IMPACT).format(child=name),
            child_voice=rng.choice(CHILD_VOICE).format(child=name),
            support_in_place=rng.choice(SUPPORT).format(child=name),
            other_concern="Homelessness" if "other" in categories else "",
            level_believed=rng.choices((1, 2, 3, 4), weights=(5, 25, 40, 30))[0],
            consent=consent,
            consent_detail="Mother agreed to the referral by phone."
            if consent == "consented"
            else "",
            without_consent_reason=(
                "Telling the parents could put the child at greater risk of harm."
                if consent != "consented"
                else ""
            ),
            categories=tuple(sorted(categories)),
            address=family.address,
            postcode=family.postcode,
            household=household,
            risk=risk,
            contacts=[],
        )
        for number, child in enumerate(children, start=1):
            plan.contacts.append(self._contact(plan, number, child))
        return plan

    # A contact's journey through the MASH ----------------------------------------

    def _level(self, plan: ReferralPlan) -> tuple[int, str]:
        rng = self.rng
        main = plan.categories[0]
        # The main concern leads, but the most serious one raised decides the mix.
        serious = max(plan.categories, key=lambda c: LEVEL_WEIGHTS.get(c, (0, 0, 0, 0))[3])
        weights = LEVEL_WEIGHTS.get(serious, LEVEL_WEIGHTS.get(main, LEVEL_WEIGHTS["default"]))
        level = rng.choices((1, 2, 3, 4), weights=weights)[0]
        if plan.immediate_danger:
            level = 4
        if plan.risk is not None and (plan.risk.score >= 14 or plan.risk.professional_judgement):
            level = max(level, 4 if rng.random() < 0.7 else 3)
        outcome = _pick(rng, OUTCOMES[level])
        if plan.immediate_danger:
            outcome = "strategy" if rng.random() < 0.8 else "assessment"
        return level, outcome

    def _descriptor(self, plan: ReferralPlan, child: ChildPlan, level: int) -> str:
        cats = set(plan.categories)
        if level == 4:
            if plan.risk is not None and plan.risk.score >= 14:
                return "4.2"
            if cats & EXPLOITATION:
                return "4.3"
            if child.date_of_birth is None:
                return "4.5"
            if child.disabilities and child.disabilities != ("NONE",):
                return "4.4"
            return "4.1"
        if level == 3:
            if cats & {"substance", "mental_health", "domestic_abuse"}:
                return "3.2"
            if cats & EXPLOITATION:
                return "3.3"
            if "neglect" in cats:
                return "3.4"
            return "3.1"
        if level == 2:
            if "domestic_abuse" in cats:
                return "2.3"
            return "2.2" if cats & {"emotional", "neglect"} else "2.1"
        return "1.2" if self.rng.random() < 0.5 else "1.1"

    def _check_agencies(self, plan: ReferralPlan, level: int, stuck: bool) -> list[str]:
        rng = self.rng
        if rng.random() >= (0.12, 0.25, 0.45, 0.6)[level - 1]:
            return []
        choices = {k: v for k, v in self.area.check_agencies.items() if k != plan.agency}
        wanted = rng.choices((1, 2, 3), weights=(55, 30, 15))[0]
        picked: list[str] = []
        while len(picked) < wanted and choices:
            agency = _pick(rng, choices)
            picked.append(agency)
            del choices[agency]
        if stuck and rng.random() < 0.5:
            slow = rng.choice(self.area.slow_to_answer)
            if slow not in picked and slow != plan.agency:
                picked.append(slow)
        return picked

    def _responder(self, agency: str) -> str:
        named = self.area.named_responders.get(agency)
        if named and self.rng.random() < 0.7:
            return named
        return self.rng.choice([s for s in self.staff[agency] if not s.named]).email

    def _started(self, received: datetime.datetime, rag: str) -> datetime.datetime:
        """When the MASH first works on a contact received at `received`."""
        if rag == "red":
            return received + _minutes(self.rng, 5, 45)
        # Waiting in the queue: usually a few hours, sometimes until the next day.
        rng = self.rng
        wait = _minutes(rng, 20, 300) if rng.random() < 0.85 else _minutes(rng, 600, 1500)
        return _next_working_moment(received + wait)

    def _checks(
        self,
        plan: ReferralPlan,
        level: int,
        practitioner: str,
        started: datetime.datetime,
        red: bool,
    ) -> list[CheckPlan]:
        """The partner checks asked of agencies, and when the answers come back (none
        for a red contact: it is decided at once)."""
        rng, anchor, received = self.rng, self.anchor, plan.submitted_at
        checks: list[CheckPlan] = []
        asked = started + _minutes(rng, 5, 60)
        stuck_window = (
            anchor - datetime.timedelta(days=4) <= received < anchor - datetime.timedelta(days=1)
        )
        for agency in [] if red else self._check_agencies(plan, level, stuck_window):
            group = _source_group(self.kinds[agency])
            check_due = due_at(asked, self.rules.check)
            late = rng.random() < 0.13
            if stuck_window and agency in self.area.slow_to_answer and rng.random() < 0.6:
                delay = datetime.timedelta(hours=rng.uniform(70, 140))
            elif late:
                delay = (check_due - asked) + datetime.timedelta(hours=rng.uniform(1, 48))
            else:
                delay = (check_due - asked) * rng.uniform(0.05, 0.95)
            checks.append(
                CheckPlan(
                    agency=agency,
                    question=CHECK_QUESTIONS.get(group, CHECK_QUESTIONS["default"]),
                    requested_by=practitioner,
                    requested_at=asked,
                    due_at=check_due,
                    response=rng.choice(CHECK_RESPONSES.get(group, CHECK_RESPONSES["default"])),
                    responded_by=self._responder(agency),
                    responded_at=asked + delay,
                )
            )
        return checks

    def _recorded_and_signed(
        self,
        rag: str,
        started: datetime.datetime,
        answered: datetime.datetime,
        due: datetime.datetime,
    ) -> tuple[datetime.datetime, datetime.datetime]:
        """When the decision is recorded, and when a manager signs it off."""
        rng = self.rng
        if rag == "red":
            recorded = started + _minutes(rng, 30, 150)
            return recorded, recorded + _minutes(rng, 10, 40)
        recorded = max(started + _minutes(rng, 40, 300), answered + _minutes(rng, 20, 180))
        if rng.random() < 0.06:  # a slow one: decided late
            slow = _next_working_moment(due) + datetime.timedelta(
                days=rng.choice((0, 0, 1, 1, 2, 4)), minutes=rng.uniform(30, 360)
            )
            recorded = max(recorded, slow)
        signed = recorded + _minutes(rng, 15, 300)
        if signed > due > recorded + datetime.timedelta(minutes=15):
            signed = recorded + (due - recorded) * rng.uniform(0.2, 0.95)
        return recorded, signed

    def _decisions(
        self,
        plan: ReferralPlan,
        child: ChildPlan,
        decided: tuple[int, str, str, str],
        times: tuple[datetime.datetime, datetime.datetime],
    ) -> list[DecisionPlan]:
        """The decision, its sign-off, and now and then a return or a correction.
        `decided` is (level, outcome, practitioner, manager); `times` when it was
        recorded and signed."""
        rng = self.rng
        level, outcome, practitioner, manager = decided
        recorded, signed = times
        descriptor = self._descriptor(plan, child, level)
        decisions: list[DecisionPlan] = []
        signed_off = signed
        if rng.random() < 0.02:  # returned by the manager, then decided again
            returned_at = signed
            decisions.append(
                DecisionPlan(
                    1,
                    level,
                    outcome,
                    descriptor,
                    RATIONALE[outcome],
                    FEEDBACK[outcome],
                    practitioner,
                    recorded,
                    Decision.State.RETURNED,
                    reviewed_by=manager,
                    reviewed_at=returned_at,
                    manager_note=rng.choice(RETURN_NOTES),
                )
            )
            recorded = returned_at + _minutes(rng, 30, 240)
            signed_off = recorded + _minutes(rng, 15, 180)
        decisions.append(
            DecisionPlan(
                len(decisions) + 1,
                level,
                outcome,
                descriptor,
                RATIONALE[outcome],
                FEEDBACK[outcome],
                practitioner,
                recorded,
                Decision.State.SIGNED_OFF,
                reviewed_by=manager,
                reviewed_at=signed_off,
            )
        )
        if rng.random() < 0.012:  # corrected later: a new version with a reason
            decisions.append(self._correction(plan, child, level, decisions[-1]))
        return decisions

    def _correction(
        self, plan: ReferralPlan, child: ChildPlan, level: int, signed: DecisionPlan
    ) -> DecisionPlan:
        rng = self.rng
        new_level = 4 if level < 4 else 3
        new_outcome = _pick(rng, OUTCOMES[new_level])
        assert signed.reviewed_at is not None
        corrected = signed.reviewed_at + datetime.timedelta(days=rng.uniform(1, 20))
        corrected = _next_working_moment(corrected)
        return DecisionPlan(
            signed.version + 1,
            new_level,
            new_outcome,
            self._descriptor(plan, child, new_level),
            RATIONALE[new_outcome],
            FEEDBACK[new_outcome],
            signed.recorded_by,
            corrected,
            Decision.State.SIGNED_OFF,
            correction_reason=rng.choice(CORRECTION_REASONS),
            reviewed_by=signed.reviewed_by,
            reviewed_at=corrected + _minutes(rng, 30, 240),
        )

    def _at_anchor(
        self, decisions: list[DecisionPlan], checks: list[CheckPlan]
    ) -> tuple[list[DecisionPlan], list[CheckPlan]]:
        """Where the decisions and checks stand at the anchor: later steps not yet taken."""
        anchor = self.anchor
        decisions = [d for d in decisions if d.recorded_at <= anchor]
        for decision in decisions:
            if decision.reviewed_at is not None and decision.reviewed_at > anchor:
                decision.state = Decision.State.PROPOSED
                decision.reviewed_by, decision.reviewed_at, decision.manager_note = "", None, ""
        signed_offs = [d for d in decisions if d.state == Decision.State.SIGNED_OFF]
        for earlier in signed_offs[:-1]:
            earlier.state = Decision.State.SUPERSEDED
        for check in checks:
            if check.requested_at > anchor:
                continue
            if check.responded_at is not None and check.responded_at > anchor:
                check.response, check.responded_by, check.responded_at = "", "", None
        return decisions, [c for c in checks if c.requested_at <= anchor]

    @staticmethod
    def _status(
        decisions: list[DecisionPlan], checks: list[CheckPlan], triaged: bool
    ) -> Contact.Status:
        final = any(d.state == Decision.State.SIGNED_OFF for d in decisions)
        proposed = any(d.state == Decision.State.PROPOSED for d in decisions)
        if final and not proposed:
            return Contact.Status.DECIDED
        if proposed:
            return Contact.Status.AWAITING_MANAGER
        if any(c.responded_at is None for c in checks):
            return Contact.Status.AWAITING_CHECKS
        return Contact.Status.IN_PROGRESS if triaged else Contact.Status.NEW

    def _school(self, plan: ReferralPlan, child: ChildPlan) -> str:
        if child.date_of_birth is None:
            return ""
        age = child.age_on(plan.submitted_at.date())
        for setting, (low, high) in self.area.schools.items():
            if low <= age <= high and (setting == plan.agency or self.rng.random() < 0.5):
                return setting
        return ""

    def _contact(self, plan: ReferralPlan, number: int, child: ChildPlan) -> ContactPlan:
        rng, anchor = self.rng, self.anchor
        received = plan.submitted_at
        previous = child.contacts[-1] if child.contacts else None
        child.contacts.append(received)
        due = due_at(received, self.rules.decision)
        level, outcome = self._level(plan)
        rag = "red" if plan.immediate_danger else _pick(rng, RAG_BY_LEVEL[level])
        if rag == "red":
            due = min(due, due_at(received, self.rules.red))
        started = self._started(received, rag)
        practitioner = rng.choice(self.mash_practitioners)
        manager = rng.choice(self.managers)
        checks = self._checks(plan, level, practitioner, started, rag == "red")
        answered = max((c.responded_at for c in checks if c.responded_at), default=started)
        decisions = self._decisions(
            plan,
            child,
            (level, outcome, practitioner, manager),
            self._recorded_and_signed(rag, started, answered, due),
        )
        decisions, checks = self._at_anchor(decisions, checks)
        linked_at = started + _minutes(rng, 2, 10)
        linked = linked_at <= anchor
        triaged = started <= anchor
        events = [received, *([started] if triaged else [])]
        events += [c.requested_at for c in checks]
        events += [c.responded_at for c in checks if c.responded_at]
        events += [d.recorded_at for d in decisions]
        events += [d.reviewed_at for d in decisions if d.reviewed_at]
        signed_offs = [d for d in decisions if d.state == Decision.State.SIGNED_OFF]
        final = signed_offs[-1] if signed_offs else None
        if not triaged and not plan.immediate_danger:
            rag = ""
        is_repeat = linked and previous is not None and received - previous <= REPEAT_WINDOW
        given_nhs = child.nhs_number if rng.random() < self._nhs_known(plan.agency_kind) else ""
        born = child.born_by(received)
        return ContactPlan(
            number=number,
            child=child,
            first_names=child.first_names,
            sex=child.sex,
            date_of_birth=child.date_of_birth if born else None,
            expected_date_of_birth=None if born else child.expected_date_of_birth,
            nhs_number=given_nhs if born else "",
            child_nhs_number=child.nhs_number if born else "",
            school=self._school(plan, child),
            linked=linked,
            linked_at=linked_at if linked else None,
            status=self._status(decisions, checks, triaged),
            rag=rag,
            rag_reason=(
                "The referrer said the child was in immediate danger"
                if plan.immediate_danger
                else RAG_REASONS.get(rag, "")
            ),
            assigned_to=practitioner if triaged else "",
            decision_due_at=due,
            is_repeat=is_repeat,
            level=final.level if final is not None else None,
            outcome=final.outcome if final is not None else "",
            decided_at=final.reviewed_at if final is not None else None,
            updated_at=max(events),
            checks=checks,
            decisions=decisions,
        )

    @staticmethod
    def _nhs_known(kind: str) -> float:
        group = _source_group(kind)
        return {"health": 0.97, "education": 0.55, "police": 0.4}.get(group, 0.45)

    def referrals(self) -> Iterator[ReferralPlan]:
        for moment, agency, size in self.arrivals():
            yield self.referral(moment, agency, size)


def generate(
    area: Area = NORTHBRIDGE,
    *,
    seed: int = SEED,
    contacts: int = PER_YEAR * YEARS,
    years: int = YEARS,
    anchor: datetime.datetime = demo_anchor.STORY,
    rules: Rules | None = None,
) -> Iterator[ReferralPlan]:
    """The partnership's referrals over `years` up to `anchor`, in order of arrival,
    making `contacts` contacts in all. Pure: the same arguments give the same records.

    Referral `serial`s count from 1 in each year; `write` adds them to whatever the
    partnership's reference counters already held."""
    generator = _Generator(area, seed=seed, contacts=contacts, years=years, anchor=anchor)
    if rules is not None:
        generator.rules = rules
    return generator.referrals()


# --- drafts: referrals a practitioner has started and not sent ---------------------


@dataclass(frozen=True)
class DraftPlan:
    created_at: datetime.datetime
    updated_at: datetime.datetime
    draft: dict[str, Any]


def _date_parts(name: str, day: datetime.date | None) -> dict[str, str]:
    """A date as the eMARF keeps it in a draft: the day, month and year boxes as typed."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def _referrer_answers(referrer: Staff) -> dict[str, str]:
    return {
        "referrer_name": referrer.full_name,
        "referrer_role": referrer.job_title,
        "referrer_agency_name": referrer.agency,
        "referrer_phone": referrer.phone,
        "referrer_email": referrer.email,
    }


def _child_answers(
    first: str,
    last: str,
    born: datetime.date,
    sex: str,
    ethnicity: str,
    address: str,
    postcode: str,
    school: str,
) -> dict[str, Any]:
    return {
        "first_names": first,
        "last_name": last,
        "born": "yes",
        **_date_parts("date_of_birth", born),
        **_date_parts("expected_date_of_birth", None),
        "sex": sex,
        "ethnicity": ethnicity,
        "address": address,
        "postcode": postcode,
        "nhs_number": "",
        "school": school,
        "disabilities": [],
        "language": "English",
        "interpreter_needed": "no",
    }


def complete_draft(referrer: Staff, area: Area, today: datetime.date, n: int) -> dict[str, Any]:
    """A whole referral as a practitioner leaves it on the check-your-answers page, in the
    eMARF's draft format: every section answered (the benchmark sends these)."""
    rng = random.Random(f"draft:{n}")
    surname = rng.choice(SURNAMES["british"])
    born = today - datetime.timedelta(days=rng.randint(5 * 365, 15 * 365))
    first = rng.choice(GIRLS["british"])
    return {
        "urgency": {
            "immediate_danger": "no",
            "danger_call_made_to": "",
            **_date_parts("danger_called_on", None),
            "danger_called_time": "",
        },
        "children": [
            _child_answers(
                first,
                surname,
                born,
                "F",
                "WBRI",
                f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {area.town}",
                f"{area.postcode_area}{rng.randint(1, 9)} {rng.randint(3, 9)}"
                f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}",
                referrer.agency,
            )
        ],
        "household": [
            {
                "relationship": "parent",
                "name": f"{rng.choice(GIRLS['british'])} {surname}",
                "relationship_to_child": "Mother",
                **_date_parts("date_of_birth", None),
                "parental_responsibility": "yes",
                "address": "",
                "notes": "",
            }
        ],
        "referrer": _referrer_answers(referrer),
        "concern": {
            "categories": ["neglect"],
            "other_concern": "",
            "what_happened": WHAT_HAPPENED["neglect"][n % 3].format(child=first),
            **_date_parts("happened_on", today - datetime.timedelta(days=1)),
            "impact": IMPACT[n % len(IMPACT)].format(child=first),
            "child_voice": CHILD_VOICE[n % 4].format(child=first),
            "support_in_place": "",
            "level_believed": "3",
        },
        "consent": {"consent": "consented", "consent_detail": "", "without_consent_reason": ""},
    }


def drafts(
    area: Area, referrer: Staff, anchor: datetime.datetime = demo_anchor.STORY
) -> list[DraftPlan]:
    """A few unfinished referrals, at different stages, for the named demo referrer."""
    details = _referrer_answers(referrer)
    no_danger = {
        "immediate_danger": "no",
        "danger_call_made_to": "",
        **_date_parts("danger_called_on", None),
        "danger_called_time": "",
    }
    return [
        DraftPlan(
            anchor - datetime.timedelta(days=9, hours=3),
            anchor - datetime.timedelta(days=9, hours=2, minutes=40),
            {"referrer": details},
        ),
        DraftPlan(
            anchor - datetime.timedelta(days=3, hours=6),
            anchor - datetime.timedelta(days=3, hours=5),
            {
                "referrer": details,
                "urgency": no_danger,
                "children": [
                    _child_answers(
                        "Lacey",
                        "Whitworth",
                        datetime.date(2013, 6, 14),
                        "F",
                        "WBRI",
                        f"27 Weavers Row, {area.town}",
                        f"{area.postcode_area}4 6PD",
                        "Northbridge Academy",
                    )
                ],
            },
        ),
        DraftPlan(
            anchor - datetime.timedelta(hours=7),
            anchor - datetime.timedelta(hours=6, minutes=15),
            {
                "referrer": details,
                "urgency": no_danger,
                "children": [
                    _child_answers(
                        "Kian",
                        "Pilling",
                        datetime.date(2014, 11, 2),
                        "M",
                        "MWBC",
                        f"3 Foundry Close, {area.town}",
                        f"{area.postcode_area}2 8TW",
                        "Northbridge Academy",
                    )
                ],
                "household": [
                    {
                        "relationship": "parent",
                        "name": "Shannon Pilling",
                        "relationship_to_child": "Mother",
                        **_date_parts("date_of_birth", None),
                        "parental_responsibility": "yes",
                        "address": "",
                        "notes": "",
                    },
                    {
                        "relationship": "adult",
                        "name": "Dean Marsh",
                        "relationship_to_child": "Mother's partner",
                        **_date_parts("date_of_birth", None),
                        "parental_responsibility": "no",
                        "address": "",
                        "notes": "Moved in over the summer.",
                    },
                ],
                "concern": {
                    "categories": ["neglect", "domestic_abuse"],
                    "other_concern": "",
                    "what_happened": "Kian has come to school without a coat or lunch most "
                    "days this month and says there is no food at home. He told his teacher "
                    "that his mum's partner shouts at her and pushed her into a door last week.",
                    **_date_parts("happened_on", None),
                    "impact": "",
                    "child_voice": "",
                    "support_in_place": "",
                    "level_believed": "",
                },
            },
        ),
    ]


# --- writing ------------------------------------------------------------------------


def _people(staff: Sequence[Staff]) -> dict[str, Person]:
    """The Person for every email, creating the invented ones (no password, no role)."""
    emails = sorted({s.email for s in staff})
    found = {p.email: p for p in Person.objects.filter(email__in=emails)}
    unusable = make_password(None)
    missing: list[Person] = []
    for spec in staff:
        if spec.email in found or any(p.email == spec.email for p in missing):
            continue
        person = Person(
            email=spec.email, full_name=spec.full_name, job_title=spec.job_title, phone=spec.phone
        )
        person.password = unusable
        missing.append(person)
    for person in Person.objects.bulk_create(missing):
        found[person.email] = person
    return found


def loaded(partnership: Partnership) -> bool:
    return AuditEvent.objects.filter(partnership=partnership, verb=LOAD_VERB).exists()


class _Rows:
    """Rows for one table, inserted in batches with plain SQL.

    `bulk_create` spends most of its time preparing each field of each instance;
    for the demo's hundreds of thousands of values that is most of the build. Here
    each column's value is adapted once with the backend's own adapters (dates,
    times, JSON), primary keys are given in order from the table's current
    maximum, and the rows go in with `executemany` (SQLite) or `COPY`
    (PostgreSQL). Foreign keys are deferred to the end of the transaction on both,
    so the tables can be written in any order within it.
    """

    def __init__(self, model: type[Model], batch: int = 5_000) -> None:
        self.model = model
        self.batch = batch
        self.fields = list(model._meta.concrete_fields)
        assert model._meta.pk is not None
        self.pk_name = model._meta.pk.attname
        ops = connection.ops
        self.adapters: list[Callable[[Any], Any] | None] = []
        for model_field in self.fields:
            kind = model_field.get_internal_type()
            if kind == "DateTimeField":
                self.adapters.append(ops.adapt_datetimefield_value)
            elif kind == "DateField":
                self.adapters.append(ops.adapt_datefield_value)
            elif kind == "JSONField":
                self.adapters.append(partial(model_field.get_db_prep_save, connection=connection))
            else:
                self.adapters.append(None)
        self.defaults = {
            f.attname: f.get_default() for f in self.fields if f.has_default() and not f.primary_key
        }
        columns = ", ".join(ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = ops.quote_name(model._meta.db_table)
        # Names from the model's own metadata, values as parameters.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        top = model._default_manager.aggregate(top=Max("pk"))["top"]
        self.next_pk = (top or 0) + 1
        self.pending: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, **values: Any) -> int:
        """Queue a row (values by attribute name, `referral_id` for a foreign key);
        returns its primary key."""
        pk = self.next_pk
        self.next_pk += 1
        values[self.pk_name] = pk
        row = []
        for model_field, adapt in zip(self.fields, self.adapters, strict=True):
            value = values.get(model_field.attname, self.defaults.get(model_field.attname))
            row.append(value if adapt is None or value is None else adapt(value))
        self.pending.append(tuple(row))
        if len(self.pending) >= self.batch:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.pending:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is several times faster than INSERT for many rows.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in self.pending:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, self.pending)
        self.written += len(self.pending)
        self.pending = []


TABLES = (
    Referral,
    Concern,
    HouseholdMember,
    RiskAssessment,
    Child,
    Contact,
    PartnerCheck,
    Decision,
)


@dataclass
class _Writer:
    """Writes one partnership's planned referrals, table by table (`_Rows`)."""

    partnership: Partnership
    person: dict[str, int]  # email -> Person.pk
    agencies: dict[str, Agency]
    checklist: RiskChecklist
    tables: dict[type[Model], _Rows]
    child_pks: dict[int, int] = field(default_factory=dict)  # ChildPlan.key -> Child.pk

    def referral(self, plan: ReferralPlan, reference: str, agency: Agency) -> int:
        return self.tables[Referral].add(
            partnership_id=self.partnership.pk,
            referrer_id=self.person[plan.referrer.email],
            referrer_agency_id=agency.pk,
            status=Referral.Status.SUBMITTED.value,
            reference=reference,
            draft={},
            created_at=plan.created_at,
            updated_at=plan.submitted_at,
            submitted_at=plan.submitted_at,
            immediate_danger=plan.immediate_danger,
            danger_call_made_to=plan.danger_call_made_to,
            danger_called_at=plan.danger_called_at,
            complete_by=plan.complete_by,
            referrer_name=plan.referrer.full_name,
            referrer_role=plan.referrer.job_title,
            referrer_agency_name=plan.agency,
            referrer_phone=plan.referrer.phone,
            referrer_email=plan.referrer.email,
            what_happened=plan.what_happened,
            happened_on=plan.happened_on,
            impact=plan.impact,
            child_voice=plan.child_voice,
            support_in_place=plan.support_in_place,
            other_concern=plan.other_concern,
            level_believed=plan.level_believed,
            consent=plan.consent,
            consent_detail=plan.consent_detail,
            without_consent_reason=plan.without_consent_reason,
        )

    def details(self, plan: ReferralPlan, referral: int) -> None:
        """The referral's concerns, household and DASH."""
        for category in plan.categories:
            self.tables[Concern].add(referral_id=referral, category=category)
        for number, member in enumerate(plan.household, start=1):
            self.tables[HouseholdMember].add(
                referral_id=referral,
                number=number,
                relationship=member.relationship,
                name=member.name,
                relationship_to_child=member.relationship_to_child,
                date_of_birth=member.date_of_birth,
                parental_responsibility=member.parental_responsibility,
                address=member.address,
                notes="",
            )
        if plan.risk is not None:
            bands = self.checklist.bands.all()
            band = next((b for b in bands if b.holds(plan.risk.score)), None)
            self.tables[RiskAssessment].add(
                referral_id=referral,
                checklist_id=self.checklist.pk,
                answers=plan.risk.answers,
                score=plan.risk.score,
                band=band.name if band else "",
                marac_referral=bool(band and band.refer_to_marac)
                or plan.risk.professional_judgement,
                professional_judgement=plan.risk.professional_judgement,
                judgement_reason=plan.risk.judgement_reason,
            )

    def child(self, plan: ReferralPlan, contact: ContactPlan) -> int | None:
        """The child's record, made when a contact about them is first linked."""
        if not contact.linked:
            return None
        child = contact.child
        if child.key not in self.child_pks:
            self.child_pks[child.key] = self.tables[Child].add(
                partnership_id=self.partnership.pk,
                first_names=contact.first_names,
                last_name=child.last_name,
                sound_key=matching.sound_key(child.last_name),
                date_of_birth=contact.date_of_birth,
                expected_date_of_birth=contact.expected_date_of_birth,
                sex=contact.sex,
                ethnicity=child.ethnicity,
                nhs_number=contact.child_nhs_number,
                address=plan.address,
                postcode=matching.postcode_normal(plan.postcode),
                created_at=contact.linked_at,
            )
        return self.child_pks[child.key]

    def contact(
        self, plan: ReferralPlan, contact: ContactPlan, referral: tuple[int, str], agency: Agency
    ) -> int:
        """The contact (`referral` is the referral's id and reference)."""
        child = contact.child
        return self.tables[Contact].add(
            partnership_id=self.partnership.pk,
            referral_id=referral[0],
            number=contact.number,
            reference=f"{referral[1]}-{contact.number}",
            child_id=self.child(plan, contact),
            first_names=contact.first_names,
            last_name=child.last_name,
            date_of_birth=contact.date_of_birth,
            expected_date_of_birth=contact.expected_date_of_birth,
            sex=contact.sex,
            ethnicity=child.ethnicity,
            nhs_number=contact.nhs_number,
            address=plan.address,
            postcode=matching.postcode_normal(plan.postcode),
            school=contact.school,
            disabilities=list(child.disabilities),
            language=child.language,
            interpreter_needed=child.interpreter_needed,
            received_at=plan.submitted_at,
            source_agency_id=agency.pk,
            source_kind=agency.kind,
            referral_source=codes.referral_source(agency.kind),
            exploitation=bool(EXPLOITATION & set(plan.categories)),
            status=str(contact.status),
            rag=contact.rag,
            rag_reason=contact.rag_reason if contact.rag else "",
            assigned_to_id=self.person[contact.assigned_to] if contact.assigned_to else None,
            decision_due_at=contact.decision_due_at,
            is_repeat=contact.is_repeat,
            level=contact.level,
            outcome=contact.outcome,
            decided_at=contact.decided_at,
            updated_at=contact.updated_at,
        )

    def checks(self, contact: ContactPlan, row: int) -> None:
        for check in contact.checks:
            answered = check.responded_at is not None
            status = PartnerCheck.Status.ANSWERED if answered else PartnerCheck.Status.REQUESTED
            self.tables[PartnerCheck].add(
                partnership_id=self.partnership.pk,
                contact_id=row,
                agency_id=self.agencies[check.agency].pk,
                question=check.question,
                requested_by_id=self.person[check.requested_by],
                requested_at=check.requested_at,
                due_at=check.due_at,
                status=status.value,
                response=check.response,
                responded_by_id=self.person[check.responded_by] if check.responded_by else None,
                responded_at=check.responded_at,
            )

    def decisions(self, contact: ContactPlan, row: int) -> None:
        for decision in contact.decisions:
            reviewer = self.person[decision.reviewed_by] if decision.reviewed_by else None
            self.tables[Decision].add(
                contact_id=row,
                version=decision.version,
                level=decision.level,
                outcome=decision.outcome,
                descriptor=decision.descriptor,
                rationale=decision.rationale,
                referrer_feedback=decision.referrer_feedback,
                correction_reason=decision.correction_reason,
                recorded_by_id=self.person[decision.recorded_by],
                recorded_at=decision.recorded_at,
                state=str(decision.state),
                reviewed_by_id=reviewer,
                reviewed_at=decision.reviewed_at,
                manager_note=decision.manager_note,
            )

    def finish(self, last_serial: dict[int, int]) -> dict[str, Any]:
        """Flush every table, move PostgreSQL's id sequences past the ids given, and keep
        each year's last reference number; returns how many rows of each were written."""
        for table in self.tables.values():
            table.flush()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(sql)
        for year, last in sorted(last_serial.items()):
            ReferenceCounter.objects.update_or_create(
                partnership=self.partnership, year=year, defaults={"last": last}
            )
        written = {model: table.written for model, table in self.tables.items()}
        return {
            "referrals": written[Referral],
            "contacts": written[Contact],
            "children": written[Child],
            "partner_checks": written[PartnerCheck],
            "decisions": written[Decision],
            "risk_assessments": written[RiskAssessment],
            "household_members": written[HouseholdMember],
            "concerns": written[Concern],
        }


def write(
    partnership: Partnership,
    plans: Iterable[ReferralPlan],
    *,
    people_by_email: dict[str, Person],
    progress: Callable[[int], None] = lambda _: None,
    every: int = 2_000,
) -> dict[str, Any]:
    """Write the planned referrals as rows; returns what was made, for the audit event."""
    writer = _Writer(
        partnership,
        {email: p.pk for email, p in people_by_email.items()},
        {agency.name: agency for agency in Agency.objects.all()},
        RiskChecklist.objects.prefetch_related("bands").get(code="dash"),
        {model: _Rows(model) for model in TABLES},
    )
    prefix = reference_prefix(partnership)
    offsets = dict(
        ReferenceCounter.objects.filter(partnership=partnership).values_list("year", "last")
    )
    last_serial: dict[int, int] = {}
    made = 0
    for plan in plans:
        serial = offsets.get(plan.year, 0) + plan.serial
        last_serial[plan.year] = max(last_serial.get(plan.year, 0), serial)
        agency = writer.agencies[plan.agency]
        reference = f"{prefix}-{plan.year}-{serial:06d}"
        referral = writer.referral(plan, reference, agency)
        writer.details(plan, referral)
        for contact in plan.contacts:
            row = writer.contact(plan, contact, (referral, reference), agency)
            writer.checks(contact, row)
            writer.decisions(contact, row)
            made += 1
            if made % every == 0:
                progress(made)
    summary = writer.finish(last_serial)
    statistics.refresh(TABLES)  # many rows at once: let the planner know
    progress(made)
    return summary


def _write_drafts(
    partnership: Partnership,
    area: Area,
    staff: dict[str, list[Staff]],
    anchor: datetime.datetime,
) -> int:
    if not area.drafts_for:
        return 0
    referrer = next(s for group in staff.values() for s in group if s.email == area.drafts_for)
    person = Person.objects.get(email=referrer.email)
    agency = Agency.objects.get(name=referrer.agency)
    plans = drafts(area, referrer, anchor)
    Referral.objects.bulk_create(
        Referral(
            partnership=partnership,
            referrer=person,
            referrer_agency=agency,
            draft=plan.draft,
            created_at=plan.created_at,
            updated_at=plan.updated_at,
        )
        for plan in plans
    )
    return len(plans)


WITHDRAWN_REASON = (
    "Officers attended the home last night and their account is now on the referral, "
    "so the MASH no longer needs this check."
)
OPEN_CHECK_REASON = (
    "Red contact: the decision could not wait for the answer, which was due after the "
    "decision. The child's safety tonight was settled with the police."
)


def showcase_checks(
    partnership: Partnership, area: Area, *, anchor: datetime.datetime
) -> dict[str, int]:
    """Two partner checks the generated year does not make: on a red contact decided
    with a check still open (its answer came after the decision), and one the MASH
    withdrew, with the reason the agency sees. Times follow the records' own, before
    `anchor`."""
    made = {"decided_with_open_check": 0, "withdrawn_checks": 0}
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    red_rule = rule_for(partnership, "red_partner_check")
    late_agency = agencies[area.slow_to_answer[-1]]
    red = (
        Contact.objects.filter(
            partnership=partnership,
            rag=Contact.Rag.RED,
            status=Contact.Status.DECIDED,
            decided_at__lte=anchor - datetime.timedelta(days=1),
        )
        .exclude(checks__agency=late_agency)
        .order_by("-received_at", "pk")
        .first()
    )
    first = red.decisions.order_by("version").first() if red else None
    if red is not None and first is not None:
        asked = min(
            red.received_at + datetime.timedelta(minutes=20),
            first.recorded_at - datetime.timedelta(minutes=10),
        )
        responder = Person.objects.filter(
            email=area.named_responders.get(late_agency.name, "")
        ).first()
        answered = max(first.recorded_at, red.decided_at or first.recorded_at)
        answered += datetime.timedelta(hours=2)
        PartnerCheck.objects.create(
            partnership=partnership,
            contact=red,
            agency=late_agency,
            question="Is the child known to you? Has anyone seen injuries before?",
            requested_by=first.recorded_by,
            requested_at=asked,
            due_at=due_at(asked, red_rule),
            status=PartnerCheck.Status.ANSWERED if responder else PartnerCheck.Status.REQUESTED,
            response="Seen at the last appointment; no injuries were recorded."
            if responder
            else "",
            responded_by=responder,
            responded_at=answered if responder else None,
        )
        first.open_checks_reason = OPEN_CHECK_REASON
        first.save(update_fields=["open_checks_reason"])
        made["decided_with_open_check"] = 1
    waiting = (
        Contact.objects.filter(
            partnership=partnership,
            status=Contact.Status.AWAITING_CHECKS,
            checks__status=PartnerCheck.Status.REQUESTED,
        )
        .exclude(checks__agency__name="Mercia Vale Police")
        .order_by("-received_at", "pk")
        .first()
    )
    if waiting is not None:
        open_check = waiting.checks.filter(status=PartnerCheck.Status.REQUESTED).first()
        assert open_check is not None
        asked = open_check.requested_at
        PartnerCheck.objects.create(
            partnership=partnership,
            contact=waiting,
            agency=agencies["Mercia Vale Police"],
            question="Any police call-outs to the home in the last year?",
            requested_by=open_check.requested_by,
            requested_at=asked,
            due_at=open_check.due_at,
            status=PartnerCheck.Status.WITHDRAWN,
            withdrawn_reason=WITHDRAWN_REASON,
            withdrawn_by=open_check.requested_by,
            withdrawn_at=min(asked + datetime.timedelta(hours=1), anchor),
        )
        made["withdrawn_checks"] = 1
    made["overdue_checks"] = _overdue_for_the_slow(partnership, area, agencies, anchor=anchor)
    return made


def _overdue_for_the_slow(
    partnership: Partnership, area: Area, agencies: dict[str, Agency], *, anchor: datetime.datetime
) -> int:
    """Each agency slow to answer has a request past its due time, whatever the day the
    demo is loaded on: where the generated days left it none, ask it about the oldest
    contact still waiting for checks, as the MASH would have."""
    rule = rule_for(partnership, "partner_check")
    waiting = Contact.objects.filter(
        partnership=partnership, status=Contact.Status.AWAITING_CHECKS
    ).order_by("received_at", "pk")
    made = 0
    for name in area.slow_to_answer:
        agency = agencies[name]
        overdue = PartnerCheck.objects.filter(
            partnership=partnership,
            agency=agency,
            status=PartnerCheck.Status.REQUESTED,
            due_at__lt=anchor,
        )
        if overdue.exists():
            continue
        for contact in waiting.exclude(checks__agency=agency):
            asked = contact.received_at + datetime.timedelta(hours=1)
            due = due_at(asked, rule)
            if due >= anchor:
                break  # later contacts are younger still
            other = contact.checks.filter(status=PartnerCheck.Status.REQUESTED).first()
            if other is None:
                continue
            PartnerCheck.objects.create(
                partnership=partnership,
                contact=contact,
                agency=agency,
                question=CHECK_QUESTIONS["default"],
                requested_by=other.requested_by,
                requested_at=asked,
                due_at=due,
                status=PartnerCheck.Status.REQUESTED,
            )
            made += 1
            break
    return made


def load(
    partnership: Partnership,
    area: Area,
    *,
    contacts: int,
    years: int = YEARS,
    seed: int = SEED,
    anchor: datetime.datetime,
    progress: Progress = lambda _: None,
) -> dict[str, Any] | None:
    """Generate and write one partnership's front door, once; None if already there."""
    if loaded(partnership):
        return None
    staff = staff_for(area, seed)
    everyone = [s for group in staff.values() for s in group]
    everyone += [s for s in MASH_STAFF if s.email in (*area.practitioners, *area.managers)]
    for email in (*area.practitioners, *area.managers):
        if all(s.email != email for s in everyone):
            named = next(p for p in people.PEOPLE if p.email == email)
            everyone.append(Staff(email, named.full_name, named.job_title, "", "", named=True))
    rules = Rules(
        decision=rule_for(partnership, "referral_decision"),
        red=rule_for(partnership, "red_contact_decision"),
        check=rule_for(partnership, "partner_check"),
        urgent=rule_for(partnership, "urgent_referral_completion"),
    )
    with transaction.atomic():
        by_email = _people(everyone)
        counts = write(
            partnership,
            generate(area, seed=seed, contacts=contacts, years=years, anchor=anchor, rules=rules),
            people_by_email=by_email,
            progress=lambda made: progress(
                f"Front door: {partnership.name}, {made:,} of {contacts:,} contacts"
            ),
        )
        counts["drafts"] = _write_drafts(partnership, area, staff, anchor)
        counts.update(showcase_checks(partnership, area, anchor=anchor))
        summary = {
            **counts,
            "seed": seed,
            "anchor": anchor.isoformat(),
            "years": years,
            "open_contacts": Contact.objects.filter(
                partnership=partnership, status__in=Contact.OPEN
            ).count(),
            "last_reference_numbers": [
                f"{year}: {last}"
                for year, last in ReferenceCounter.objects.filter(partnership=partnership)
                .order_by("year")
                .values_list("year", "last")
            ],
        }
        audit.record(None, LOAD_VERB, partnership=partnership, changes=summary)
    return summary


def build(
    progress: Progress = lambda _: None,
    *,
    per_year: int = PER_YEAR,
    years: int = YEARS,
    southmoor: int = SOUTHMOOR_CONTACTS,
    seed: int = SEED,
    anchor: datetime.datetime | None = None,
) -> None:
    """The demo front door: `per_year` Northbridge contacts a year for `years` years up
    to `anchor` (by default the one the demo was built with, or today's), and
    `southmoor` Southmoor contacts. Idempotent: a partnership already loaded is left
    alone."""
    anchor = demo_anchor.resolve(anchor)
    for slug, contacts in (("northbridge", per_year * years), ("southmoor", southmoor)):
        partnership = Partnership.objects.get(slug=slug)
        if contacts > 0:
            load(
                partnership,
                AREAS[slug],
                contacts=contacts,
                years=years,
                seed=seed,
                anchor=anchor,
                progress=progress,
            )
