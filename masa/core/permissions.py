"""The catalogue of permissions: every `resource.action` a role may grant.

Resources are declared here, once, so that roles (data) can be checked against
them and so that the sign-in knows which roles see identifiable records and must
use two-factor authentication. Apps implement the resources; policies
(`masa.core.policies`) decide access to records.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Resource:
    name: str
    label: str
    actions: dict[str, str] = field(default_factory=dict)
    # Identifiable resources hold personal data about children, families or staff:
    # any role granting them beyond aggregate figures needs two-factor sign-in.
    identifiable: bool = False


RESOURCES: dict[str, Resource] = {}


def register(resource: Resource) -> Resource:
    RESOURCES[resource.name] = resource
    return resource


def is_known(permission: str) -> bool:
    resource, _, action = permission.partition(".")
    return resource in RESOURCES and action in RESOURCES[resource].actions


def is_identifiable(permission: str) -> bool:
    resource = RESOURCES.get(permission.partition(".")[0])
    return bool(resource and resource.identifiable)


# Identifiable resources about staff, not children: people and the audit log.
STAFF_RESOURCES = frozenset({"person", "audit"})


# Making a referral and answering a request sent to one's own agency (what every
# practitioner does) show a person only what they write; these read others' records.
WRITE_ONLY_ACTIONS = frozenset({"create", "respond"})


def sees_childrens_records(permission: str) -> bool:
    """Whether `permission` reads records about children or families (an identifiable
    resource that is not about staff, beyond making a referral or answering a request):
    a role granting it beyond the person's own records is the business unit's to give."""
    resource, _, action = permission.partition(".")
    return (
        is_identifiable(permission)
        and resource not in STAFF_RESOURCES
        and action not in WRITE_ONLY_ACTIONS
    )


def all_permissions() -> list[tuple[str, str]]:
    """(permission, description) pairs, for forms and documentation."""
    return [
        (f"{resource.name}.{action}", f"{resource.label}: {description}")
        for resource in RESOURCES.values()
        for action, description in resource.actions.items()
    ]


# --- the platform's resources ---------------------------------------------------

register(
    Resource(
        "partnership",
        "Partnership settings",
        {"change": "change the partnership's settings and child population"},
    )
)
register(
    Resource(
        "person",
        "People",
        {"view": "see the people in the partnership", "manage": "change people's roles and access"},
        identifiable=True,
    )
)
register(
    Resource(
        "audit",
        "Audit log",
        {"view": "read the audit log", "export": "export the audit log"},
        identifiable=True,
    )
)
register(
    Resource(
        "timescale",
        "Local timescales",
        {"view": "see the local timescales", "change": "change the local timescales"},
    )
)
register(
    Resource(
        "agency",
        "Agencies",
        {
            "view": "see the partnership's agencies, their email domains and leads",
            "manage": "add and change agencies and their email domains",
        },
    )
)
register(Resource("admin", "Reference data", {"access": "manage agencies and roles in the admin"}))
register(Resource("dashboard", "Dashboards", {"view": "see the partnership's figures"}))
# Front door (eMARF and MASH).
register(
    Resource(
        "referral",
        "Referrals",
        {"create": "make a referral", "view": "see referrals"},
        identifiable=True,
    )
)
register(
    Resource(
        "contact",
        "MASH contacts",
        {
            "view": "see contacts",
            "triage": "triage contacts",
            "decide": "decide and authorise contacts",
        },
        identifiable=True,
    )
)
register(
    Resource("child", "Children's records", {"view": "see children's records"}, identifiable=True)
)
register(
    Resource(
        "partner_check",
        "Partner checks",
        {"request": "ask agencies for information", "respond": "answer requests for information"},
        identifiable=True,
    )
)
# Insight.
register(
    Resource(
        "data_return",
        "Data returns",
        {
            "view": "see quarterly returns",
            "submit": "submit the agency's quarterly figures",
            "manage": "manage indicators and deadlines",
        },
    )
)
# Reviews and learning from them.
register(
    Resource(
        "review",
        "Case reviews",
        {"view": "see case reviews", "manage": "run case reviews"},
        identifiable=True,
    )
)
register(
    Resource(
        "recommendation",
        "Recommendations",
        {
            "view": "see recommendations and actions",
            "update": "update actions and upload evidence",
            "sign_off": "accept evidence and close actions",
        },
    )
)
# Learning and development.
register(
    Resource(
        "course",
        "Training",
        {
            "view": "see the training programme",
            "book": "book training",
            "deliver": "deliver training and keep registers",
            "manage": "run the training programme",
        },
    )
)
# Assurance and the yearly report.
register(
    Resource(
        "report",
        "Yearly report",
        {
            "view": "read the yearly report",
            "manage": "build the yearly report",
            "sign_off": "sign off the yearly report",
        },
    )
)
# Governance: groups, their members and meetings.
register(
    Resource(
        "governance",
        "Groups and meetings",
        {
            "view": "see groups, members, meetings, papers, decisions and attendance",
            "manage": "set up and run groups and their meetings (a chair: their own groups)",
        },
    )
)
# Governance: the risk register, professional escalation, independent scrutiny.
register(
    Resource(
        "risk",
        "Risk register",
        {
            "view": "see the risk register",
            "review": "review risks and record their scores",
            "manage": "add, close and escalate risks and set the scale",
        },
    )
)
register(
    Resource(
        "escalation",
        "Professional escalation",
        {
            "view": "see escalations",
            "raise": "raise an escalation",
            "respond": "record responses and move escalations on or resolve them",
            "manage": "set the escalation stages and their timescales",
        },
        # An escalation names a child only by pseudonym or case reference (the service
        # refuses a name), so it is not identifiable: raising one needs no authenticator.
    )
)
register(
    Resource(
        "scrutiny",
        "Independent scrutiny",
        {
            "view": "see the scrutiny plan and recommendations",
            "record": "write the scrutiny plan, findings and recommendations",
            "decide": "record the executive's decision on scrutiny recommendations",
        },
    )
)
# The partnership's money (contributions, budget against actual, reserves).
register(
    Resource(
        "finance",
        "Money",
        {
            "view": "see the partnership's money (aggregate scope: the totals only)",
            "manage": "import and change contributions, budgets and reserves",
        },
    )
)
# The strategic plan and the one list of priorities.
register(
    Resource(
        "plan",
        "Strategic plan",
        {
            "view": "see the strategic plan and the partnership's priorities",
            "update": "write the quarterly progress of the priorities they lead",
            "manage": "edit the strategic plan and the list of priorities",
        },
    )
)
# The voice of children, families and practitioners (the engagement log).
register(
    Resource(
        "engagement",
        "Engagement log",
        {
            "view": 'see the engagement log and "you said, we did"',
            "manage": "add to the engagement log",
        },
    )
)
# Assurance: multi-agency case audits.
register(
    Resource(
        "case_audit",
        "Multi-agency case audits",
        {
            "view": "see audit rounds, their cases and grades",
            "grade": "grade cases on an audit panel and raise urgent concerns",
            "manage": "run the audit programme and its audit tool",
        },
        identifiable=True,
    )
)
register(
    Resource(
        "audit_response",
        "Agencies' audits of their own files",
        {"answer": "answer the agency's part of a case audit and its urgent concerns"},
    )
)
