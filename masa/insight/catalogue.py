"""The starter indicator catalogue, as data: every partnership starts with it and then
changes it (tolerances, owners, what may be published) on the catalogue page.

Four sources feed it (`Source`):

* the Children in Need census (`cin.*`), computed from the imported census;
* the front door (`frontdoor.*`) and training (`learning.*`), computed from the
  platform's own records;
* agencies' quarterly returns (everything else), designed from the measures the
  partnerships report (seed 001 section 9, seed 000): early help, children in care
  and care leavers, police, health, education, and adults' safeguarding (Section 42
  enquiries by type of abuse, the fire service's hoarding referrals).

`frequency` is the finest period the figure is measured for: a quarterly figure is
also measured for whole financial years; a snapshot at 31 March is yearly only.
Tolerances (`green_from`, `red_from`) are set only where a common local standard
exists; the partnership sets the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from masa.core.models import AgencyKind
from masa.insight.models import Frequency, Function, Polarity, Source, Unit
from masa.learning.reports import INDICATORS as LEARNING_INDICATORS


@dataclass(frozen=True)
class PrioritySpec:
    slug: str
    name: str
    description: str


PRIORITIES: list[PrioritySpec] = [
    PrioritySpec(
        "neglect",
        "Neglect",
        "Children's needs for food, warmth, care, safety and love are met early, before "
        "neglect becomes entrenched.",
    ),
    PrioritySpec(
        "exploitation",
        "Exploitation",
        "Children and adults at risk of sexual or criminal exploitation, and children who "
        "go missing, are identified and protected.",
    ),
    PrioritySpec(
        "child-sexual-abuse",
        "Child sexual abuse",
        "Child sexual abuse, in and outside the family, is recognised and responded to.",
    ),
    PrioritySpec(
        "early-help",
        "Early help",
        "Families get the right help at the right time, below the threshold for social care.",
    ),
    PrioritySpec(
        "domestic-abuse",
        "Domestic abuse",
        "Children living with domestic abuse are seen, heard and kept safe.",
    ),
    PrioritySpec(
        "self-neglect-and-hoarding",
        "Self-neglect and hoarding",
        "Adults who self-neglect or hoard, and the children living with them, get a "
        "multi-agency response.",
    ),
]


@dataclass(frozen=True)
class Spec:
    """One indicator of the starter catalogue."""

    code: str
    name: str
    definition: str
    source: str
    function: str
    unit: str
    polarity: str
    frequency: str = Frequency.QUARTERLY
    agency_kind: str = ""
    numerator_label: str = ""
    denominator_label: str = ""
    green_from: Decimal | None = None
    red_from: Decimal | None = None
    priorities: tuple[str, ...] = ()
    publishable: bool = True
    minimum: Decimal | None = field(default=None)
    maximum: Decimal | None = field(default=None)

    def __post_init__(self) -> None:
        # Every figure here is a count, a rate, a percentage or a mean: never negative,
        # and a percentage never above 100.
        if self.minimum is None and self.unit != Unit.NUMBER:
            object.__setattr__(self, "minimum", Decimal(0))
        if self.maximum is None and self.unit == Unit.PERCENT:
            object.__setattr__(self, "maximum", Decimal(100))


def _d(value: int | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


C, Q, Y = Unit.COUNT, Frequency.QUARTERLY, Frequency.YEARLY
HIGHER, LOWER, NEITHER = Polarity.HIGHER, Polarity.LOWER, Polarity.NEITHER

# --- the Children in Need census -----------------------------------------------------

ABUSE_CATEGORIES: dict[str, str] = {
    "NEG": "neglect",
    "PHY": "physical abuse",
    "EMO": "emotional abuse",
    "SAB": "sexual abuse",
    "MUL": "multiple categories",
}
CATEGORY_PRIORITIES: dict[str, tuple[str, ...]] = {
    "NEG": ("neglect",),
    "SAB": ("child-sexual-abuse",),
}

# Factors identified at assessment (REFERENCE.md section 3).
_SUBJECT = {"A": "the child", "B": "a parent or carer", "C": "another person in the household"}
_BY_SUBJECT = {
    "1": "Alcohol misuse",
    "2": "Drug misuse",
    "3": "Domestic abuse",
    "4": "Mental health",
    "5": "Learning disability",
    "6": "Physical disability or illness",
}
ASSESSMENT_FACTORS: dict[str, str] = {
    f"{number}{letter}": f"{label}: {who}"
    for number, label in _BY_SUBJECT.items()
    for letter, who in _SUBJECT.items()
}
ASSESSMENT_FACTORS.update(
    {
        "7A": "Young carer",
        "8B": "Privately fostered: overseas child intending to return",
        "8C": "Privately fostered: overseas child intending to stay",
        "8D": "Privately fostered: UK child in education or training",
        "8E": "Privately fostered: UK child, family relationship breakdown",
        "8F": "Privately fostered: other",
        "9A": "Unaccompanied asylum-seeking child",
        "10A": "Going or being missing",
        "11A": "Child sexual exploitation",
        "12A": "Trafficking",
        "13A": "Gangs",
        "14A": "Socially unacceptable behaviour",
        "15A": "Self-harm",
        "16A": "Neglect",
        "17A": "Emotional abuse",
        "18B": "Physical abuse: child on child",
        "18C": "Physical abuse: adult on child",
        "19B": "Sexual abuse: child on child",
        "19C": "Sexual abuse: adult on child",
        "20": "Other",
        "21": "No factors identified",
        "22A": "Female genital mutilation",
        "23A": "Abuse linked to faith or belief",
        "24A": "Child criminal exploitation",
    }
)
FACTOR_PRIORITIES: dict[str, tuple[str, ...]] = {
    "3A": ("domestic-abuse",),
    "3B": ("domestic-abuse",),
    "3C": ("domestic-abuse",),
    "10A": ("exploitation",),
    "11A": ("exploitation", "child-sexual-abuse"),
    "12A": ("exploitation",),
    "13A": ("exploitation",),
    "16A": ("neglect",),
    "19B": ("child-sexual-abuse",),
    "19C": ("child-sexual-abuse",),
    "24A": ("exploitation",),
}

_CIN, _CP = Function.CHILDREN_IN_NEED, Function.CHILD_PROTECTION
_POPULATION = "Children aged 0 to 17 in the area (mid-year estimate), per 10,000"


def _cin(code: str, name: str, definition: str, function: str, unit: str, **more: Any) -> Spec:
    return Spec(
        code=f"cin.{code}",
        name=name,
        definition=definition,
        source=Source.CIN,
        function=function,
        unit=unit,
        **more,
    )


CIN: list[Spec] = [
    _cin(
        "referrals",
        "Referrals to children's social care",
        "Referrals (CIN episodes) with a referral date in the period.",
        _CIN,
        C,
        polarity=NEITHER,
    ),
    _cin(
        "referrals_per_10k",
        "Referrals per 10,000 children",
        "Referrals in the period per 10,000 children aged 0 to 17 in the area.",
        _CIN,
        Unit.RATE,
        polarity=NEITHER,
        numerator_label="Referrals",
        denominator_label=_POPULATION,
    ),
    _cin(
        "rereferrals_12m_pct",
        "Re-referrals within 12 months",
        "Percentage of referrals in the period whose child had another referral in the 12 "
        "months before.",
        _CIN,
        Unit.PERCENT,
        polarity=LOWER,
        green_from=_d(20),
        red_from=_d(25),
        numerator_label="Referrals with an earlier referral within 12 months",
        denominator_label="Referrals",
    ),
    _cin(
        "referrals_nfa_pct",
        "Referrals ending in no further action",
        "Percentage of referrals in the period marked no further action.",
        _CIN,
        Unit.PERCENT,
        polarity=LOWER,
        numerator_label="Referrals with no further action",
        denominator_label="Referrals",
    ),
    _cin(
        "assessments_completed",
        "Assessments completed",
        "Children and families assessments authorised in the period.",
        _CIN,
        C,
        polarity=NEITHER,
    ),
    _cin(
        "assessments_within_45wd_pct",
        "Assessments completed within 45 working days",
        "Percentage of assessments authorised in the period within 45 working days of the "
        "referral.",
        _CIN,
        Unit.PERCENT,
        polarity=HIGHER,
        green_from=_d(85),
        red_from=_d(75),
        numerator_label="Assessments authorised within 45 working days",
        denominator_label="Assessments authorised",
    ),
    _cin(
        "s47_started",
        "Section 47 enquiries started",
        "Section 47 enquiries that started in the period.",
        _CP,
        C,
        polarity=NEITHER,
    ),
    _cin(
        "s47_per_10k",
        "Section 47 enquiries per 10,000 children",
        "Section 47 enquiries started in the period per 10,000 children in the area.",
        _CP,
        Unit.RATE,
        polarity=NEITHER,
        numerator_label="Section 47 enquiries started",
        denominator_label=_POPULATION,
    ),
    _cin(
        "icpc_held",
        "Initial child protection conferences held",
        "Initial child protection conferences held in the period.",
        _CP,
        C,
        polarity=NEITHER,
    ),
    _cin(
        "icpc_within_15wd_pct",
        "Initial conferences within 15 working days",
        "Percentage of initial child protection conferences in the period held within 15 "
        "working days of the start of the section 47 enquiry.",
        _CP,
        Unit.PERCENT,
        polarity=HIGHER,
        green_from=_d(80),
        red_from=_d(70),
        numerator_label="Initial conferences within 15 working days",
        denominator_label="Initial conferences held",
    ),
    _cin(
        "cpp_started",
        "Child protection plans started",
        "Child protection plans that started in the period.",
        _CP,
        C,
        polarity=NEITHER,
    ),
    _cin(
        "cpp_started_per_10k",
        "Child protection plans started per 10,000 children",
        "Child protection plans started in the period per 10,000 children in the area.",
        _CP,
        Unit.RATE,
        polarity=NEITHER,
        numerator_label="Child protection plans started",
        denominator_label=_POPULATION,
    ),
    _cin(
        "cpp_second_or_subsequent_pct",
        "Second or subsequent child protection plans",
        "Percentage of plans started in the period for a child who had a plan before.",
        _CP,
        Unit.PERCENT,
        polarity=LOWER,
        green_from=_d(20),
        red_from=_d(25),
        numerator_label="Plans started for a child with an earlier plan",
        denominator_label="Plans started",
        priorities=("neglect",),
    ),
    _cin(
        "cpp_open_31mar",
        "Children on a child protection plan at 31 March",
        "Plans started on or before 31 March and not ended by then.",
        _CP,
        C,
        polarity=NEITHER,
        frequency=Y,
    ),
    _cin(
        "cpp_open_31mar_per_10k",
        "Children on a child protection plan per 10,000 children at 31 March",
        "Plans open at 31 March per 10,000 children in the area.",
        _CP,
        Unit.RATE,
        polarity=NEITHER,
        frequency=Y,
        numerator_label="Plans open at 31 March",
        denominator_label=_POPULATION,
    ),
    _cin(
        "cpp_ended",
        "Child protection plans ended",
        "Child protection plans that ended in the period.",
        _CP,
        C,
        polarity=NEITHER,
    ),
    *[
        _cin(
            f"cpp_initial_category_pct.{code}",
            f"Plans started under {label}",
            f"Percentage of plans started in the period whose initial category of abuse was "
            f"{label} ({code}).",
            _CP,
            Unit.PERCENT,
            polarity=NEITHER,
            numerator_label=f"Plans started under {label}",
            denominator_label="Plans started",
            priorities=CATEGORY_PRIORITIES.get(code, ()),
        )
        for code, label in ABUSE_CATEGORIES.items()
    ],
    *[
        _cin(
            f"cpp_latest_category_pct.{code}",
            f"Plans open at 31 March under {label}",
            f"Percentage of plans open at 31 March whose latest category of abuse was {label} "
            f"({code}).",
            _CP,
            Unit.PERCENT,
            polarity=NEITHER,
            frequency=Y,
            numerator_label=f"Plans open at 31 March under {label}",
            denominator_label="Plans open at 31 March",
            priorities=CATEGORY_PRIORITIES.get(code, ()),
        )
        for code, label in ABUSE_CATEGORIES.items()
    ],
    *[
        _cin(
            f"assessment_factor_pct.{code}",
            f"Factor at assessment: {label}",
            f"Percentage of assessments completed in the period that identified factor {code} "
            f"({label}).",
            _CIN,
            Unit.PERCENT,
            polarity=NEITHER,
            numerator_label=f"Assessments identifying {code}",
            denominator_label="Assessments completed",
            priorities=FACTOR_PRIORITIES.get(code, ()),
        )
        for code, label in ASSESSMENT_FACTORS.items()
    ],
    _cin(
        "cin_31mar",
        "Children in need at 31 March",
        "Children with a CIN episode open at 31 March (referred on or before it, not closed "
        "by then, not no further action).",
        _CIN,
        C,
        polarity=NEITHER,
        frequency=Y,
    ),
    _cin(
        "cin_31mar_per_10k",
        "Children in need per 10,000 children at 31 March",
        "Children in need at 31 March per 10,000 children in the area.",
        _CIN,
        Unit.RATE,
        polarity=NEITHER,
        frequency=Y,
        numerator_label="Children in need at 31 March",
        denominator_label=_POPULATION,
    ),
]

# --- the front door (the platform's own records) ---------------------------------------


def _fd(code: str, name: str, definition: str, unit: str, **more: Any) -> Spec:
    return Spec(
        code=f"frontdoor.{code}",
        name=name,
        definition=definition,
        source=Source.FRONT_DOOR,
        function=Function.FRONT_DOOR,
        unit=unit,
        **more,
    )


FRONT_DOOR: list[Spec] = [
    _fd(
        "contacts",
        "Contacts to the MASH",
        "Contacts received by the front door in the period.",
        C,
        polarity=NEITHER,
    ),
    _fd(
        "contacts_per_10k",
        "Contacts per 10,000 children",
        "Contacts received in the period per 10,000 children in the area.",
        Unit.RATE,
        polarity=NEITHER,
        numerator_label="Contacts",
        denominator_label=_POPULATION,
    ),
    _fd(
        "referrals",
        "Contacts decided at level 4",
        "Contacts received in the period and decided at level 4 (statutory social care).",
        C,
        polarity=NEITHER,
    ),
    _fd(
        "conversion_pct",
        "Contacts that became referrals",
        "Percentage of contacts decided in the period that were decided at level 4.",
        Unit.PERCENT,
        polarity=NEITHER,
        numerator_label="Contacts decided at level 4",
        denominator_label="Contacts decided",
    ),
    _fd(
        "repeat_contacts_pct",
        "Repeat contacts",
        "Percentage of contacts about a child with another contact in the 12 months before.",
        Unit.PERCENT,
        polarity=LOWER,
        green_from=_d(20),
        red_from=_d(25),
        numerator_label="Repeat contacts",
        denominator_label="Contacts",
    ),
    _fd(
        "level4_nfa_pct",
        "Level 4 contacts ending in no further action",
        "Percentage of contacts decided at level 4 whose outcome was no further action.",
        Unit.PERCENT,
        polarity=LOWER,
        numerator_label="Level 4 contacts with no further action",
        denominator_label="Contacts decided at level 4",
    ),
    _fd(
        "decisions_on_time_pct",
        "MASH decisions within the timescale",
        "Percentage of contacts decided within the local timescale (commonly 1 working day).",
        Unit.PERCENT,
        polarity=HIGHER,
        green_from=_d(90),
        red_from=_d(80),
        numerator_label="Contacts decided within the timescale",
        denominator_label="Contacts decided",
    ),
    _fd(
        "partner_checks_on_time_pct",
        "Partner checks answered in time",
        "Percentage of partner agencies' answers to MASH information requests given by the "
        "time asked.",
        Unit.PERCENT,
        polarity=HIGHER,
        green_from=_d(90),
        red_from=_d(75),
        numerator_label="Partner checks answered by the time asked",
        denominator_label="Partner checks answered",
    ),
]

# --- training (the platform's own records) ---------------------------------------------

_LEARNING_UNITS = {"count": Unit.COUNT, "percent": Unit.PERCENT, "mean": Unit.NUMBER}
# Polarity and a local tolerance (green from, red from) for each training figure.
_LEARNING_BANDS: dict[str, tuple[str, int | None, int | None]] = {
    "learning.places_offered": (HIGHER, None, None),
    "learning.utilisation": (HIGHER, 80, 65),
    "learning.cancellation_rate": (LOWER, 15, 25),
    "learning.late_cancellation_rate": (LOWER, 5, 10),
    "learning.no_show_rate": (LOWER, 5, 10),
    "learning.after_response_rate": (HIGHER, 80, 60),
    "learning.impact_response_rate": (HIGHER, 40, 20),
    "learning.knowledge_change": (HIGHER, None, None),
    "learning.confidence_change": (HIGHER, None, None),
}

LEARNING: list[Spec] = [
    Spec(
        code=item.code,
        name=item.name,
        definition=(
            f"{item.numerator} as a percentage of {item.denominator[:1].lower()}"
            f"{item.denominator[1:]}."
            if item.unit == "percent"
            else f"{item.numerator}, divided by {item.denominator[:1].lower()}"
            f"{item.denominator[1:]}."
            if item.unit == "mean"
            else f"{item.numerator}, in the quarter or financial year."
        ),
        source=Source.LEARNING,
        function=Function.LEARNING,
        unit=_LEARNING_UNITS[item.unit],
        polarity=_LEARNING_BANDS[item.code][0],
        frequency=Q,
        numerator_label=item.numerator if item.unit != "count" else "",
        denominator_label=item.denominator if item.unit != "count" else "",
        green_from=_d(_LEARNING_BANDS[item.code][1]),
        red_from=_d(_LEARNING_BANDS[item.code][2]),
        minimum=Decimal(-4) if item.unit == "mean" else None,
        maximum=Decimal(4) if item.unit == "mean" else None,
    )
    for item in LEARNING_INDICATORS
]

# --- agencies' quarterly returns -------------------------------------------------------

LA, POLICE, ICB, TRUST, FIRE = (
    AgencyKind.LOCAL_AUTHORITY,
    AgencyKind.POLICE,
    AgencyKind.HEALTH_ICB,
    AgencyKind.HEALTH_TRUST,
    AgencyKind.FIRE,
)


def _count(
    code: str,
    name: str,
    definition: str,
    function: str,
    kind: str,
    polarity: str = NEITHER,
    **more: Any,
) -> Spec:
    return Spec(
        code=code,
        name=name,
        definition=definition,
        source=Source.RETURN,
        function=function,
        unit=C,
        polarity=polarity,
        agency_kind=kind,
        **more,
    )


def _pct(
    code: str,
    name: str,
    definition: str,
    function: str,
    kind: str,
    polarity: str,
    numerator: str,
    denominator: str,
    green: int | None = None,
    red: int | None = None,
    **more: Any,
) -> Spec:
    """A percentage an agency returns as two counts: what is counted, out of what."""
    return Spec(
        code=code,
        name=name,
        definition=definition,
        source=Source.RETURN,
        function=function,
        unit=Unit.PERCENT,
        polarity=polarity,
        agency_kind=kind,
        numerator_label=numerator,
        denominator_label=denominator,
        green_from=_d(green),
        red_from=_d(red),
        **more,
    )


_EH, _CIC = Function.EARLY_HELP, Function.CHILDREN_IN_CARE
_POL, _HEALTH, _EDU, _ADULTS = (
    Function.POLICING,
    Function.HEALTH,
    Function.EDUCATION,
    Function.ADULTS,
)

# Section 42 enquiries concluded, by the type of abuse (Care Act 2014 statutory guidance).
ABUSE_TYPES: dict[str, str] = {
    "physical": "physical abuse",
    "domestic": "domestic abuse",
    "sexual": "sexual abuse",
    "sexual_exploitation": "sexual exploitation",
    "psychological": "psychological abuse",
    "financial": "financial or material abuse",
    "modern_slavery": "modern slavery",
    "discriminatory": "discriminatory abuse",
    "organisational": "organisational abuse",
    "neglect": "neglect and acts of omission",
    "self_neglect": "self-neglect",
}
ABUSE_TYPE_PRIORITIES: dict[str, tuple[str, ...]] = {
    "domestic": ("domestic-abuse",),
    "sexual_exploitation": ("exploitation",),
    "modern_slavery": ("exploitation",),
    "self_neglect": ("self-neglect-and-hoarding",),
}

RETURNS: list[Spec] = [
    # Early help (the local authority).
    _count(
        "earlyhelp.contacts",
        "Contacts to early help",
        "Contacts received by the early help service in the quarter, including those passed "
        "from the MASH.",
        _EH,
        LA,
        priorities=("early-help",),
    ),
    _count(
        "earlyhelp.eha_requests",
        "Requests for an Early Help Assessment",
        "Requests in the quarter for a level 3 (targeted multi-agency) Early Help Assessment.",
        _EH,
        LA,
        priorities=("early-help",),
    ),
    _pct(
        "earlyhelp.contacts_timely_pct",
        "Early help contacts decided in time",
        "Percentage of early help contacts decided in the quarter within the local timescale.",
        _EH,
        LA,
        HIGHER,
        "Early help contacts decided within the local timescale",
        "Early help contacts decided",
        green=90,
        red=80,
        priorities=("early-help",),
    ),
    _count(
        "earlyhelp.children_open",
        "Children open to early help",
        "Children with an open early help episode on the last day of the quarter.",
        _EH,
        LA,
        priorities=("early-help",),
    ),
    _pct(
        "earlyhelp.step_up_pct",
        "Early help episodes stepped up to social care",
        "Percentage of early help episodes closed in the quarter because the child was "
        "referred to children's social care.",
        _EH,
        LA,
        LOWER,
        "Episodes closed with a step up to social care",
        "Early help episodes closed",
        priorities=("early-help", "neglect"),
    ),
    # Children in care and care leavers (the local authority).
    _count(
        "cic.children_in_care",
        "Children in care",
        "Children looked after by the local authority on the last day of the quarter.",
        _CIC,
        LA,
    ),
    _pct(
        "cic.placed_20_miles_pct",
        "Children in care placed more than 20 miles from home",
        "Percentage of children in care at the end of the quarter placed more than 20 miles "
        "from the home they were taken from.",
        _CIC,
        LA,
        LOWER,
        "Children placed more than 20 miles from home",
        "Children in care",
        green=12,
        red=16,
    ),
    _pct(
        "cic.three_placements_pct",
        "Children in care with 3 or more placements in 12 months",
        "Percentage of children in care at the end of the quarter who had 3 or more "
        "placements in the last 12 months.",
        _CIC,
        LA,
        LOWER,
        "Children with 3 or more placements in 12 months",
        "Children in care",
        green=10,
        red=12,
    ),
    _pct(
        "cic.long_term_stability_pct",
        "Long-term placement stability",
        "Percentage of children in care for 2.5 years or more who have lived in the same "
        "placement for at least 2 years.",
        _CIC,
        LA,
        HIGHER,
        "Children in the same placement for 2 years or more",
        "Children under 16 in care for 2.5 years or more",
        green=70,
        red=65,
    ),
    _pct(
        "cic.health_assessment_pct",
        "Children in care with an up-to-date health assessment",
        "Percentage of children in care for 12 months or more whose health assessment is up "
        "to date at the end of the quarter.",
        _CIC,
        LA,
        HIGHER,
        "Children with an up-to-date health assessment",
        "Children in care for 12 months or more",
        green=90,
        red=80,
        priorities=("neglect",),
    ),
    _pct(
        "cic.seen_alone_pct",
        "Statutory visits where the child was seen alone",
        "Percentage of statutory visits to children in care in the quarter at which the child "
        "was seen alone.",
        _CIC,
        LA,
        HIGHER,
        "Visits at which the child was seen alone",
        "Statutory visits",
        green=90,
        red=80,
    ),
    _pct(
        "careleavers.eet_pct",
        "Care leavers aged 19 to 21 in education, employment or training",
        "Percentage of care leavers aged 19 to 21 in education, employment or training at "
        "the end of the quarter.",
        _CIC,
        LA,
        HIGHER,
        "Care leavers aged 19 to 21 in education, employment or training",
        "Care leavers aged 19 to 21",
        green=55,
        red=45,
    ),
    _pct(
        "careleavers.suitable_accommodation_pct",
        "Care leavers aged 19 to 21 in suitable accommodation",
        "Percentage of care leavers aged 19 to 21 in suitable accommodation at the end of the "
        "quarter.",
        _CIC,
        LA,
        HIGHER,
        "Care leavers aged 19 to 21 in suitable accommodation",
        "Care leavers aged 19 to 21",
        green=90,
        red=85,
    ),
    # Police.
    _count(
        "police.missing_episodes",
        "Missing episodes of children",
        "Episodes of children reported missing to the police in the quarter.",
        _POL,
        POLICE,
        LOWER,
        priorities=("exploitation",),
    ),
    _count(
        "police.da_incidents_children_present",
        "Domestic abuse incidents with children present",
        "Domestic abuse incidents recorded in the quarter at which a child was present.",
        _POL,
        POLICE,
        priorities=("domestic-abuse",),
    ),
    _pct(
        "police.encompass_on_time_pct",
        "Schools told of domestic abuse before the next school day",
        "Percentage of Operation Encompass notifications in the quarter sent to the child's "
        "school before the start of the next school day.",
        _POL,
        POLICE,
        HIGHER,
        "Notifications sent before the next school day",
        "Operation Encompass notifications",
        green=95,
        red=85,
        priorities=("domestic-abuse",),
    ),
    _count(
        "police.cse_crimes",
        "Child sexual exploitation crimes",
        "Crimes recorded in the quarter flagged as child sexual exploitation.",
        _POL,
        POLICE,
        priorities=("exploitation", "child-sexual-abuse"),
    ),
    _count(
        "police.cce_crimes",
        "Child criminal exploitation crimes",
        "Crimes recorded in the quarter flagged as child criminal exploitation (including "
        "county lines).",
        _POL,
        POLICE,
        priorities=("exploitation",),
    ),
    _count(
        "police.csa_crimes",
        "Sexual offences against children",
        "Sexual offences recorded in the quarter where the victim was under 18.",
        _POL,
        POLICE,
        priorities=("child-sexual-abuse",),
    ),
    _pct(
        "police.strategy_attendance_pct",
        "Police attendance at strategy discussions",
        "Percentage of strategy discussions in the quarter that a police officer took part in.",
        _POL,
        POLICE,
        HIGHER,
        "Strategy discussions the police took part in",
        "Strategy discussions held",
        green=95,
        red=85,
    ),
    # Health (the integrated care board and the hospital trust).
    _pct(
        "health.iha_within_20wd_pct",
        "Initial health assessments within 20 working days",
        "Percentage of children entering care in the quarter whose initial health assessment "
        "was done within 20 working days.",
        _HEALTH,
        ICB,
        HIGHER,
        "Initial health assessments done within 20 working days",
        "Children entering care who needed one",
        green=90,
        red=75,
        priorities=("neglect",),
    ),
    _pct(
        "health.rha_on_time_pct",
        "Review health assessments on time",
        "Percentage of review health assessments of children in care due in the quarter that "
        "were done on time.",
        _HEALTH,
        ICB,
        HIGHER,
        "Review health assessments done on time",
        "Review health assessments due",
        green=90,
        red=80,
    ),
    _pct(
        "health.conference_attendance_pct",
        "Health attendance at child protection conferences",
        "Percentage of initial and review child protection conferences in the quarter that a "
        "health practitioner attended or sent a report to.",
        _HEALTH,
        ICB,
        HIGHER,
        "Conferences attended by health, or a health report sent",
        "Conferences held",
        green=90,
        red=75,
    ),
    _pct(
        "health.gp_conference_reports_pct",
        "GP reports to child protection conferences",
        "Percentage of GP reports requested for child protection conferences in the quarter "
        "that were sent in time.",
        _HEALTH,
        ICB,
        HIGHER,
        "GP reports sent in time",
        "GP reports requested",
        green=80,
        red=60,
    ),
    _pct(
        "health.da_routine_enquiry_pct",
        "Routine enquiry about domestic abuse at antenatal booking",
        "Percentage of antenatal booking appointments in the quarter at which the woman was "
        "asked about domestic abuse.",
        _HEALTH,
        TRUST,
        HIGHER,
        "Booking appointments with a routine enquiry",
        "Antenatal booking appointments",
        green=90,
        red=80,
        priorities=("domestic-abuse",),
    ),
    _pct(
        "health.level3_training_pct",
        "Staff with level 3 safeguarding children training",
        "Percentage of staff who need level 3 safeguarding children training whose training "
        "is up to date at the end of the quarter.",
        _HEALTH,
        TRUST,
        HIGHER,
        "Staff with level 3 training up to date",
        "Staff who need level 3 training",
        green=90,
        red=80,
        publishable=False,
    ),
    # Education (the local authority's education service).
    _pct(
        "education.attendance_pct",
        "School attendance",
        "Percentage of possible sessions attended in the area's state-funded schools in the "
        "quarter.",
        _EDU,
        LA,
        HIGHER,
        "Sessions attended",
        "Possible sessions",
        green=95,
        red=92,
        priorities=("neglect",),
    ),
    _pct(
        "education.persistent_absence_pct",
        "Pupils persistently absent",
        "Percentage of pupils who missed 10% or more of their possible sessions in the quarter.",
        _EDU,
        LA,
        LOWER,
        "Pupils missing 10% or more of sessions",
        "Pupils on roll",
        green=15,
        red=20,
        priorities=("neglect",),
    ),
    _pct(
        "education.cp_attendance_pct",
        "Attendance of children on a child protection plan",
        "Percentage of possible sessions attended in the quarter by pupils on a child "
        "protection plan.",
        _EDU,
        LA,
        HIGHER,
        "Sessions attended by pupils on a plan",
        "Possible sessions of pupils on a plan",
        green=90,
        red=85,
        priorities=("neglect",),
    ),
    _count(
        "education.suspensions",
        "Suspensions",
        "Suspensions (fixed-period exclusions) from the area's schools in the quarter.",
        _EDU,
        LA,
        LOWER,
    ),
    _count(
        "education.permanent_exclusions",
        "Permanent exclusions",
        "Permanent exclusions from the area's schools in the quarter.",
        _EDU,
        LA,
        LOWER,
        priorities=("exploitation",),
    ),
    _count(
        "education.elective_home_education",
        "Children electively home educated",
        "Children known to be electively home educated on the last day of the quarter.",
        _EDU,
        LA,
    ),
    _count(
        "education.missing_education",
        "Children missing education",
        "Children of compulsory school age known to be missing education on the last day of "
        "the quarter.",
        _EDU,
        LA,
        LOWER,
        priorities=("exploitation", "neglect"),
    ),
    # Adults (the local authority's adult social care, and the fire service).
    _count(
        "adults.safeguarding_concerns",
        "Adult safeguarding concerns",
        "Safeguarding concerns about adults received in the quarter.",
        _ADULTS,
        LA,
    ),
    _count(
        "adults.s42_concluded",
        "Section 42 enquiries concluded",
        "Section 42 (Care Act 2014) enquiries concluded in the quarter.",
        _ADULTS,
        LA,
    ),
    *[
        _count(
            f"adults.s42.{key}",
            f"Section 42 enquiries concluded: {label}",
            f"Section 42 enquiries concluded in the quarter that found {label} as a type of "
            f"abuse (an enquiry may find more than one).",
            _ADULTS,
            LA,
            priorities=ABUSE_TYPE_PRIORITIES.get(key, ()),
        )
        for key, label in ABUSE_TYPES.items()
    ],
    _pct(
        "adults.msp_outcomes_pct",
        "Adults' desired outcomes achieved (Making Safeguarding Personal)",
        "Percentage of concluded Section 42 enquiries in the quarter where the adult said the "
        "outcomes they wanted were fully or partly achieved.",
        _ADULTS,
        LA,
        HIGHER,
        "Enquiries with outcomes fully or partly achieved",
        "Concluded enquiries where the adult was asked",
        green=90,
        red=80,
    ),
    _count(
        "adults.self_neglect_panel_referrals",
        "Referrals to the self-neglect and hoarding panel",
        "Cases referred to the partnership's self-neglect and hoarding panel in the quarter.",
        _ADULTS,
        LA,
        HIGHER,
        priorities=("self-neglect-and-hoarding",),
    ),
    _count(
        "fire.hoarding_referrals",
        "Hoarding cases found by the fire service",
        "Homes where the fire and rescue service found hoarding in the quarter (safe and "
        "well visits and incidents).",
        _ADULTS,
        FIRE,
        priorities=("self-neglect-and-hoarding",),
    ),
    _pct(
        "fire.hoarding_severe_pct",
        "Hoarding cases at a severe level",
        "Percentage of the quarter's hoarding cases rated 7 to 9 on the clutter image rating.",
        _ADULTS,
        FIRE,
        LOWER,
        "Hoarding cases rated 7 to 9",
        "Hoarding cases found",
        priorities=("self-neglect-and-hoarding",),
    ),
]

STARTER: list[Spec] = [*CIN, *FRONT_DOOR, *LEARNING, *RETURNS]
"""The whole starter catalogue, in display order within each function."""
