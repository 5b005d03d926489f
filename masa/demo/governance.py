"""Northbridge's groups and two years of their meetings, made through the governance
services: the Safeguarding Executive Group (its chair rotating between the three
statutory partners every six months), the Operations and Scrutiny Group and six
subgroups, with members and deputies (some without confirmed delegated authority),
agendas, papers for the next meetings, attendance in which the police miss about a
third of subgroup meetings, numbered decisions, minutes approved at the next meeting,
and actions raised in meetings (some completed, some drifting past their due date).

Deterministic (no randomness: patterns by meeting number) and idempotent: a
partnership that already has groups is left alone."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from masa.actions import services as action_services
from masa.actions.models import Action
from masa.core.acting import Acting, acting_in
from masa.core.models import Agency, Membership, Partnership, Person
from masa.demo import anchor as demo_anchor
from masa.frontdoor.services import LONDON
from masa.governance import rules, selectors
from masa.governance.models import AttendanceStatus, Group, GroupKind, GroupMember, Meeting, Purpose
from masa.governance.services import actions as raising
from masa.governance.services import groups as group_services
from masa.governance.services import highlights as highlight_services
from masa.governance.services import meetings as meeting_services
from masa.governance.services import terms as terms_services

Progress = Callable[[str], None]

POLICE = "Mercia Vale Police"
ICB = "Mercia Vale Integrated Care Board"
COUNCIL = "Northbridge Borough Council"
HOSPITALS = "Northbridge Hospitals NHS Trust"
PROBATION = "Mercia Vale Probation Service"


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    purpose: str
    every_months: int  # how often it met over the two years
    chair: str  # email, "" for a rotating chair
    seats: tuple[tuple[str, str, bool], ...]  # (email, role, voting)
    topic: str  # the group's standing agenda item


EXECUTIVE = "eleanor.hughes@northbridge.example"
SUBGROUP_SEATS: tuple[tuple[str, str, bool], ...] = (
    ("james.morgan@northbridge.example", "Head of service, children's social care", True),
    ("maya.singh@merciavale-police.example", "Detective inspector, safeguarding", True),
    ("farid.ahmed@merciavale-icb.example", "Designated nurse", True),
    ("grace.okafor@northbridge-hospitals.example", "Named nurse", True),
    ("harry.whitfield@merciavale-probation.example", "Senior probation officer", True),
)
GROUPS = [
    GroupSpec(
        "Safeguarding Executive Group",
        GroupKind.EXECUTIVE,
        "The lead safeguarding partners: sets the partnership's priorities, holds the "
        "subgroups to account and signs off the yearly report.",
        3,
        "",
        (
            ("james.morgan@northbridge.example", "Lead safeguarding partner", True),
            ("maya.singh@merciavale-police.example", "Lead safeguarding partner's delegate", True),
            ("farid.ahmed@merciavale-icb.example", "Lead safeguarding partner's delegate", True),
            ("imogen.lloyd@scrutiny.example", "Independent scrutineer", False),
        ),
        "Subgroup highlight reports",
    ),
    GroupSpec(
        "Operations and Scrutiny Group",
        GroupKind.OPERATIONS,
        "Runs the partnership's work between executive meetings and scrutinises the "
        "subgroups' delivery.",
        2,
        "james.morgan@northbridge.example",
        SUBGROUP_SEATS,
        "Performance dashboard",
    ),
    GroupSpec(
        "Performance and Quality Assurance Subgroup",
        GroupKind.SUBGROUP,
        "Multi-agency audits, the performance dashboard and quality assurance.",
        3,
        "farid.ahmed@merciavale-icb.example",
        SUBGROUP_SEATS,
        "Multi-agency audit findings",
    ),
    GroupSpec(
        "Case Review Group",
        GroupKind.SUBGROUP,
        "Rapid reviews, local child safeguarding practice reviews and their actions.",
        3,
        "eleanor.hughes@northbridge.example",
        SUBGROUP_SEATS,
        "Rapid reviews and review actions",
    ),
    GroupSpec(
        "Practice Learning Subgroup",
        GroupKind.SUBGROUP,
        "The training programme and learning from reviews into practice.",
        3,
        "harry.whitfield@merciavale-probation.example",
        SUBGROUP_SEATS,
        "Training evaluation",
    ),
    GroupSpec(
        "Neglect Subgroup",
        GroupKind.SUBGROUP,
        "The neglect strategy and the graded care profile.",
        3,
        "grace.okafor@northbridge-hospitals.example",
        SUBGROUP_SEATS,
        "Neglect strategy delivery",
    ),
    GroupSpec(
        "Exploitation Subgroup",
        GroupKind.SUBGROUP,
        "Child criminal and sexual exploitation, missing children and contextual safeguarding.",
        3,
        "maya.singh@merciavale-police.example",
        SUBGROUP_SEATS,
        "Missing and exploitation panel data",
    ),
    GroupSpec(
        "Safeguarding in Education Subgroup",
        GroupKind.SUBGROUP,
        "Schools' and colleges' safeguarding, the section 175 audit and attendance.",
        3,
        "james.morgan@northbridge.example",
        (
            *SUBGROUP_SEATS,
            ("amira.khan@northbridge-academy.example", "Schools' representative", False),
        ),
        "Section 175 audit returns",
    ),
]
# Deputies on every group the member sits on: (member, deputy, authority confirmed).
DEPUTIES = [
    ("maya.singh@merciavale-police.example", "gwen.trevithick@merciavale-police.example", True),
    (
        "grace.okafor@northbridge-hospitals.example",
        "declan.fairweather@northbridge-hospitals.example",
        False,
    ),
]


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), LONDON)


def _meeting_days(anchor: datetime.date, every_months: int, offset: int) -> list[datetime.date]:
    """Two years of meeting days up to the anchor and the next one after it: the second
    Tuesday (plus `offset` days) of every `every_months`-th month."""
    days = []
    start = rules.add_months(anchor.replace(day=1), -24)
    for step in range(0, 27, every_months):
        first = rules.add_months(start, step)
        tuesday = first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7 + offset)
        days.append(tuesday)
    past = [day for day in days if day < anchor]
    future = [day for day in days if day >= anchor][:1]
    if not future:
        future = [rules.add_months(past[-1], every_months)]
    return past + future


def _status(group_index: int, meeting_index: int, seat_index: int, email: str) -> str:
    """The attendance pattern: the police miss a third of subgroup meetings (apologies
    or absent); others are mostly there, with an occasional apology."""
    police = email.endswith("merciavale-police.example")
    if police and group_index >= 2:
        if meeting_index % 3 != 1:
            return AttendanceStatus.PRESENT
        return AttendanceStatus.APOLOGIES if meeting_index % 2 else AttendanceStatus.ABSENT
    if (meeting_index + seat_index + group_index) % 7 == 0:
        return AttendanceStatus.APOLOGIES
    return AttendanceStatus.PRESENT


def _people(partnership: Partnership) -> dict[str, Person]:
    return {
        m.person.email: m.person
        for m in Membership.objects.filter(partnership=partnership, is_active=True).select_related(
            "person"
        )
    }


def _set_up(acting: Acting, people: dict[str, Person], anchor: datetime.date) -> list[Group]:
    groups: list[Group] = []
    for index, spec in enumerate(GROUPS):
        parent = groups[0] if index == 1 else groups[1] if index > 1 else None
        group = group_services.group_add(
            acting=acting,
            name=spec.name,
            kind=spec.kind,
            parent=parent,
            purpose=spec.purpose,
            frequency={2: "bi_monthly", 3: "quarterly"}[spec.every_months],
            quorum=3,
            chair=people.get(spec.chair),
            vice_chair=people.get(EXECUTIVE) if spec.chair != EXECUTIVE else None,
        )
        seats: dict[str, GroupMember] = {}
        for email, role, voting in spec.seats:
            if email in people:
                seats[email] = group_services.member_add(
                    acting=acting,
                    group=group,
                    person=people[email],
                    role=role,
                    voting=voting,
                    joined_on=anchor - datetime.timedelta(days=800),
                )
        for member, deputy, confirmed in DEPUTIES:
            if member in seats and deputy in people:
                made = group_services.member_add(
                    acting=acting,
                    group=group,
                    person=people[deputy],
                    role="Deputy",
                    deputy_of=seats[member],
                    joined_on=anchor - datetime.timedelta(days=800),
                )
                if confirmed:
                    group_services.deputy_confirm(
                        acting=acting, deputy=made, on=anchor - datetime.timedelta(days=790)
                    )
        # Terms of reference approved at the start and reviewed a year later; the
        # subgroups' second review falls due around the demo's anchor.
        for years_ago in (2, 1):
            terms_services.terms_add(
                acting=acting,
                group=group,
                summary=f"{spec.purpose} Quorum: three voting members, one of them a "
                "statutory partner. Deputies attend with delegated authority.",
                approved_on=anchor - datetime.timedelta(days=365 * years_ago - 20 * index),
            )
        groups.append(group)
    # The executive's chair rotates between the three statutory partners (as Sandwell's
    # does between its four, seed 002 §4.2); the change comes within the demo's window.
    executive = groups[0]
    agencies = {a.name: a for a in Agency.objects.filter(name__in=[COUNCIL, POLICE, ICB])}
    group_services.rotation_set(
        acting=acting,
        group=executive,
        every_months=6,
        starts_on=rules.add_months(anchor, -30) + datetime.timedelta(days=14),
        turns=[
            (agencies[COUNCIL], people.get("james.morgan@northbridge.example")),
            (agencies[POLICE], people.get("maya.singh@merciavale-police.example")),
            (agencies[ICB], people.get("farid.ahmed@merciavale-icb.example")),
        ],
    )
    return groups


def _hold(
    acting: Acting,
    group_index: int,
    group: Group,
    meetings: list[Meeting],
    anchor: datetime.date,
    people: dict[str, Person],
) -> None:
    spec = GROUPS[group_index]
    previous: Meeting | None = None
    police = Agency.objects.get(name=POLICE)
    council = Agency.objects.get(name=COUNCIL)
    for index, meeting in enumerate(meetings):
        held = meeting.starts_at.astimezone(LONDON).date()
        items = [
            ("Minutes and actions of the last meeting", Purpose.DECISION, spec.chair or EXECUTIVE),
            (spec.topic, Purpose.ASSURANCE, spec.chair or EXECUTIVE),
            ("Risks and escalations", Purpose.DISCUSSION, EXECUTIVE),
        ]
        made = [
            meeting_services.item_add(
                acting=acting,
                meeting=meeting,
                title=title,
                purpose=purpose,
                owner=people.get(owner),
                minutes_allowed=20,
            )
            for title, purpose, owner in items
        ]
        if held >= anchor:
            meeting_services.paper_add(
                acting=acting,
                meeting=meeting,
                item=made[1],
                title=f"{spec.topic}: report for {held:%B %Y}",
                name="report.pdf",
                chunks=[b"%PDF-1.4\n% MASA demo paper: no personal data\n"],
            )
            if group_index % 2 == 0:
                meeting_services.papers_publish(acting=acting, meeting=meeting)
            continue
        seats, deputies = selectors.seats_at(meeting)
        marks: dict[int, tuple[str, GroupMember | None]] = {}
        for seat_index, seat in enumerate(seats):
            status = _status(group_index, index, seat_index, seat.person.email)
            own = deputies.get(seat.pk, [])
            sends_deputy = not seat.person.email.endswith("merciavale-police.example")
            if status == AttendanceStatus.APOLOGIES and own and sends_deputy:
                marks[seat.pk] = (AttendanceStatus.DEPUTY, own[0])
            else:
                marks[seat.pk] = (status, None)
        meeting_services.attendance_record(acting=acting, meeting=meeting, marks=marks)
        meeting_services.decision_add(
            acting=acting,
            meeting=meeting,
            item=made[1],
            text_=f"{spec.topic}: the report for {held:%B %Y} was accepted"
            + (", with an exception report to the next meeting." if index % 3 == 2 else "."),
            owner=people.get(spec.chair or EXECUTIVE),
        )
        if index % 2 == 0:
            owner_agency = police if index % 4 == 0 else council
            owner = people.get(
                "maya.singh@merciavale-police.example"
                if owner_agency == police
                else "james.morgan@northbridge.example"
            )
            action = raising.action_raise(
                acting=acting,
                meeting=meeting,
                owner_agency=owner_agency,
                owner=owner,
                what=f"Bring an update on {spec.topic.lower()} to the {spec.name}",
                measure_of_success="The update is presented and the group is assured",
                due_on=held + datetime.timedelta(days=75),
            )
            Action.objects.filter(pk=action.pk).update(created_on=held)
            # Actions older than six months are done; the police's recent ones drift.
            if held < anchor - datetime.timedelta(days=180):
                action_services.action_update(
                    acting=acting,
                    action=action,
                    status="on_track",
                    progress="The update is on the agenda of the next meeting.",
                    at=_moment(held + datetime.timedelta(days=30), 10),
                )
                action_services.action_update(
                    acting=acting,
                    action=action,
                    status="completed",
                    progress="The update was presented and accepted.",
                    at=_moment(held + datetime.timedelta(days=60), 10),
                )
        meeting_services.minutes_save(
            acting=acting,
            meeting=meeting,
            minutes=f"The {spec.name} met on {held:%-d %B %Y}. Members discussed "
            f"{spec.topic.lower()} and the group's open actions. Decisions and actions "
            "are recorded on this page.",
        )
        if previous is not None:
            meeting_services.minutes_approve(acting=acting, meeting=previous, at=meeting)
        previous = meeting


@transaction.atomic
def load(partnership: Partnership, anchor: datetime.datetime) -> None:
    acting = acting_in(Person.objects.get(email=EXECUTIVE), partnership)
    people = _people(partnership)
    day = anchor.astimezone(LONDON).date()
    groups = _set_up(acting, people, day)
    for index, (spec, group) in enumerate(zip(GROUPS, groups, strict=True)):
        meetings = [
            meeting_services.meeting_add(
                acting=acting,
                group=group,
                starts_at=_moment(held, 10 if index % 2 else 14),
                ends_at=_moment(held, 12 if index % 2 else 16),
                place="Northbridge Civic Centre, Committee Room 2",
                link="https://meet.example/northbridge-partnership",
            )
            for held in _meeting_days(day, spec.every_months, index % 3)
        ]
        _hold(acting, index, group, meetings, day, people)
        if group.parent is not None:
            # The last two quarters' highlight reports: the older one sent.
            for quarters_back in (2, 1):
                end = rules.add_months(day, -3 * (quarters_back - 1)) - datetime.timedelta(days=1)
                report = highlight_services.highlight_start(
                    acting=acting,
                    group=group,
                    period_start=rules.add_months(end, -3) + datetime.timedelta(days=1),
                    period_end=end,
                )
                if quarters_back == 2:
                    highlight_services.highlight_send(acting=acting, report=report)


def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    """Northbridge's groups and their meetings up to `anchor`. Idempotent."""
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    if Group.objects.filter(partnership=partnership).exists():
        return
    progress("Governance: Northbridge's groups and two years of meetings")
    load(partnership, anchor)
