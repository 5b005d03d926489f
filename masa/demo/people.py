"""The demo partnerships: Northbridge and Southmoor, fictional neighbours that share
a police force, an ICB, probation and a fire service. Every name is invented; no
real person or organisation is meant."""

from __future__ import annotations

from dataclasses import dataclass

from masa.core.models import AgencyKind

# Development mode only (masa/demo/build.py): in production demo people get no password.
DEMO_PASSWORD = "Safeguarding-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAgency:
    name: str
    kind: str
    domain: str
    partnerships: tuple[str, ...]
    statutory: bool = False
    # Answers partner checks and trains with the partnership (not the scrutineer).
    casework: bool = True


AGENCIES = [
    # Shared across both partnerships.
    DemoAgency(
        "Mercia Vale Police",
        AgencyKind.POLICE,
        "merciavale-police.example",
        ("northbridge", "southmoor"),
        statutory=True,
    ),
    DemoAgency(
        "Mercia Vale Integrated Care Board",
        AgencyKind.HEALTH_ICB,
        "merciavale-icb.example",
        ("northbridge", "southmoor"),
        statutory=True,
    ),
    DemoAgency(
        "Mercia Vale Probation Service",
        AgencyKind.PROBATION,
        "merciavale-probation.example",
        ("northbridge", "southmoor"),
    ),
    DemoAgency(
        "Mercia Vale Fire and Rescue Service",
        AgencyKind.FIRE,
        "merciavale-fire.example",
        ("northbridge", "southmoor"),
    ),
    # Northbridge.
    DemoAgency(
        "Northbridge Borough Council",
        AgencyKind.LOCAL_AUTHORITY,
        "northbridge.example",
        ("northbridge",),
        statutory=True,
    ),
    DemoAgency(
        "Northbridge Youth Justice Service",
        AgencyKind.YOUTH_JUSTICE,
        "northbridge-yjs.example",
        ("northbridge",),
    ),
    DemoAgency(
        "Northbridge Hospitals NHS Trust",
        AgencyKind.HEALTH_TRUST,
        "northbridge-hospitals.example",
        ("northbridge",),
    ),
    DemoAgency(
        "Canal Street Medical Practice",
        AgencyKind.HEALTH_GP,
        "canalstreet-gp.example",
        ("northbridge",),
    ),
    DemoAgency(
        "Riverside Family Practice", AgencyKind.HEALTH_GP, "riverside-gp.example", ("northbridge",)
    ),
    DemoAgency(
        "Northbridge Academy", AgencyKind.SCHOOL, "northbridge-academy.example", ("northbridge",)
    ),
    DemoAgency(
        "St Aidan's Primary School", AgencyKind.SCHOOL, "staidans.example", ("northbridge",)
    ),
    DemoAgency(
        "Hollins Park Primary School", AgencyKind.SCHOOL, "hollinspark.example", ("northbridge",)
    ),
    DemoAgency(
        "Northbridge College", AgencyKind.COLLEGE, "northbridge-college.example", ("northbridge",)
    ),
    DemoAgency(
        "Little Acorns Nursery", AgencyKind.EARLY_YEARS, "littleacorns.example", ("northbridge",)
    ),
    DemoAgency(
        "Northbridge Homes Housing Association",
        AgencyKind.HOUSING,
        "northbridge-homes.example",
        ("northbridge",),
    ),
    DemoAgency(
        "Northbridge Women's Aid",
        AgencyKind.VOLUNTARY,
        "northbridge-womensaid.example",
        ("northbridge",),
    ),
    DemoAgency(
        "Northbridge Faith Forum",
        AgencyKind.VOLUNTARY,
        "northbridge-faith.example",
        ("northbridge",),
    ),
    DemoAgency(
        "Independent Scrutiny (Northbridge)",
        AgencyKind.OTHER,
        "scrutiny.example",
        ("northbridge",),
        casework=False,
    ),
    # Southmoor.
    DemoAgency(
        "Southmoor Metropolitan Borough Council",
        AgencyKind.LOCAL_AUTHORITY,
        "southmoor.example",
        ("southmoor",),
        statutory=True,
    ),
    DemoAgency(
        "Southmoor Youth Justice Service",
        AgencyKind.YOUTH_JUSTICE,
        "southmoor-yjs.example",
        ("southmoor",),
    ),
    DemoAgency(
        "Southmoor and District NHS Foundation Trust",
        AgencyKind.HEALTH_TRUST,
        "southmoor-nhs.example",
        ("southmoor",),
    ),
    DemoAgency(
        "Moorside Health Centre", AgencyKind.HEALTH_GP, "moorside-gp.example", ("southmoor",)
    ),
    DemoAgency(
        "Southmoor High School", AgencyKind.SCHOOL, "southmoor-high.example", ("southmoor",)
    ),
    DemoAgency("Brook Lane Primary School", AgencyKind.SCHOOL, "brooklane.example", ("southmoor",)),
    DemoAgency(
        "Southmoor Community Housing",
        AgencyKind.HOUSING,
        "southmoor-housing.example",
        ("southmoor",),
    ),
    DemoAgency(
        "Southmoor Young Carers", AgencyKind.VOLUNTARY, "southmoor-carers.example", ("southmoor",)
    ),
]


@dataclass(frozen=True)
class DemoPartnership:
    slug: str
    name: str
    area: str
    code: str  # starts the partnership's referral references
    # Children aged 0-17, mid-year estimates by year.
    children: dict[int, int]


PARTNERSHIPS = [
    DemoPartnership(
        "northbridge",
        "Northbridge Safeguarding Partnership",
        "Northbridge Borough Council",
        "NB",
        {2022: 64_210, 2023: 64_480, 2024: 64_905, 2025: 65_120, 2026: 65_340},
    ),
    DemoPartnership(
        "southmoor",
        "Southmoor Safeguarding Children Partnership",
        "Southmoor Metropolitan Borough Council",
        "SM",
        {2022: 81_730, 2023: 82_010, 2024: 82_455, 2025: 82_940, 2026: 83_310},
    ),
]


@dataclass(frozen=True)
class DemoMember:
    partnership: str
    agency: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    email: str
    job_title: str
    memberships: tuple[DemoMember, ...]


def _one(partnership: str, agency: str, *roles: str) -> tuple[DemoMember, ...]:
    return (DemoMember(partnership, agency, roles),)


PEOPLE = [
    DemoPerson(
        "Amira Khan",
        "amira.khan@northbridge-academy.example",
        "Designated safeguarding lead",
        _one("northbridge", "Northbridge Academy", "practitioner"),
    ),
    # Her school's agency lead: manages the school's people (masa.people).
    DemoPerson(
        "Sana Mirza",
        "sana.mirza@northbridge-academy.example",
        "Headteacher",
        _one("northbridge", "Northbridge Academy", "agency-lead"),
    ),
    # Sits on the multi-agency audit group: grades the rounds' cases (masa.audits).
    DemoPerson(
        "Olivia Grant",
        "olivia.grant@merciavale-icb.example",
        "Designated nurse for safeguarding children",
        _one("northbridge", "Mercia Vale Integrated Care Board", "audit-group-member"),
    ),
    DemoPerson(
        "Ben Carter",
        "ben.carter@northbridge.example",
        "MASH social worker",
        _one("northbridge", "Northbridge Borough Council", "mash-practitioner"),
    ),
    DemoPerson(
        "Chloe Davies",
        "chloe.davies@northbridge.example",
        "MASH team manager",
        _one("northbridge", "Northbridge Borough Council", "mash-manager"),
    ),
    DemoPerson(
        "Dev Patel",
        "dev.patel@northbridge.example",
        "Partnership officer",
        _one("northbridge", "Northbridge Borough Council", "business-unit-officer"),
    ),
    DemoPerson(
        "Eleanor Hughes",
        "eleanor.hughes@northbridge.example",
        "Partnership business manager",
        _one("northbridge", "Northbridge Borough Council", "business-manager"),
    ),
    DemoPerson(
        "Farid Ahmed",
        "farid.ahmed@merciavale-icb.example",
        "Performance lead, safeguarding",
        _one("northbridge", "Mercia Vale Integrated Care Board", "agency-data-lead"),
    ),
    DemoPerson(
        "Grace Okafor",
        "grace.okafor@northbridge-hospitals.example",
        "Named nurse for safeguarding",
        _one("northbridge", "Northbridge Hospitals NHS Trust", "subgroup-member"),
    ),
    DemoPerson(
        "Harry Whitfield",
        "harry.whitfield@merciavale-probation.example",
        "Head of public protection",
        _one("northbridge", "Mercia Vale Probation Service", "subgroup-chair"),
    ),
    DemoPerson(
        "Imogen Lloyd",
        "imogen.lloyd@scrutiny.example",
        "Independent scrutineer",
        _one("northbridge", "Independent Scrutiny (Northbridge)", "independent-scrutineer"),
    ),
    DemoPerson(
        "James Morgan",
        "james.morgan@northbridge.example",
        "Director of children's services",
        _one("northbridge", "Northbridge Borough Council", "executive-member"),
    ),
    DemoPerson(
        "Kate Brennan",
        "kate.brennan@northbridge-womensaid.example",
        "Training lead",
        _one("northbridge", "Northbridge Women's Aid", "trainer", "practitioner"),
    ),
    DemoPerson(
        "Liam Foster",
        "liam.foster@northbridge.example",
        "Systems administrator",
        _one("northbridge", "Northbridge Borough Council", "system-administrator"),
    ),
    DemoPerson(
        "Rosa Evans",
        "rosa.evans@canalstreet-gp.example",
        "GP safeguarding lead",
        _one("northbridge", "Canal Street Medical Practice", "practitioner"),
    ),
    DemoPerson(
        "Maya Singh",
        "maya.singh@merciavale-police.example",
        "Detective sergeant, public protection unit",
        (
            # Also on a subgroup: she updates the police's actions from case reviews.
            DemoMember(
                "northbridge", "Mercia Vale Police", ("mash-practitioner", "subgroup-member")
            ),
            DemoMember("southmoor", "Mercia Vale Police", ("practitioner",)),
        ),
    ),
    DemoPerson(
        "Nadia Ross",
        "nadia.ross@southmoor.example",
        "Partnership business manager",
        _one("southmoor", "Southmoor Metropolitan Borough Council", "business-manager"),
    ),
    DemoPerson(
        "Owen Price",
        "owen.price@southmoor-high.example",
        "Designated safeguarding lead",
        _one("southmoor", "Southmoor High School", "practitioner"),
    ),
    # Agencies' data leads, who send the quarterly returns (masa/demo/insight.py).
    DemoPerson(
        "Tamsin Penhaligon",
        "tamsin.penhaligon@northbridge.example",
        "Children's services performance manager",
        _one("northbridge", "Northbridge Borough Council", "agency-data-lead"),
    ),
    DemoPerson(
        "Gwen Trevithick",
        "gwen.trevithick@merciavale-police.example",
        "Performance analyst, public protection",
        (
            DemoMember("northbridge", "Mercia Vale Police", ("agency-data-lead",)),
            DemoMember("southmoor", "Mercia Vale Police", ("agency-data-lead",)),
        ),
    ),
    DemoPerson(
        "Declan Fairweather",
        "declan.fairweather@northbridge-hospitals.example",
        "Safeguarding data analyst",
        _one("northbridge", "Northbridge Hospitals NHS Trust", "agency-data-lead"),
    ),
    DemoPerson(
        "Morwenna Trist",
        "morwenna.trist@merciavale-fire.example",
        "Prevention data officer",
        (
            DemoMember("northbridge", "Mercia Vale Fire and Rescue Service", ("agency-data-lead",)),
            DemoMember("southmoor", "Mercia Vale Fire and Rescue Service", ("agency-data-lead",)),
        ),
    ),
    DemoPerson(
        "Fenella Ashdown",
        "fenella.ashdown@southmoor.example",
        "Performance and intelligence lead",
        _one("southmoor", "Southmoor Metropolitan Borough Council", "agency-data-lead"),
    ),
    # A member of the case review group from a statutory partner (masa/demo/reviews.py).
    DemoPerson(
        "Priya Raman",
        "priya.raman@merciavale-icb.example",
        "Designated doctor for safeguarding children",
        _one("northbridge", "Mercia Vale Integrated Care Board", "case-review-group"),
    ),
]
