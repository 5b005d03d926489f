"""Meetings: arranging one, its agenda and papers, publishing the papers to members,
recording attendance (which works out the quorum and flags an absent statutory
partner), decisions numbered within the group, and minutes (a draft, approved at a
later meeting of the group)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from masa.core import audit, clocks, files, notify
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import PartnershipAgency, Person
from masa.core.timescales import rule_for
from masa.governance import policies, rules
from masa.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Group,
    GroupMember,
    Meeting,
    Paper,
    Purpose,
    governance_file_path,
)
from masa.governance.services.common import change, in_partnership, label, text, today

MOST_ITEMS = 40  # agenda items on one meeting


def papers_due(partnership_id: int, day: datetime.date) -> datetime.date:
    """When a meeting's papers should go out: the `governance_papers_before` working
    days before it meets."""
    from masa.core.models import Partnership

    rule = rule_for(Partnership.objects.get(pk=partnership_id), "governance_papers_before")
    return clocks.add_working_days(day, -(rule.working_days or 0))


@transaction.atomic
def meeting_add(
    *,
    acting: Acting,
    group: Group,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    link: str = "",
) -> Meeting:
    """Arrange a meeting of a group (its chair or the business unit)."""
    policies.groups.require(acting, "manage", group)
    if ends_at <= starts_at:
        raise ServiceError("The meeting must end after it starts", field="ends_at")
    if ends_at - starts_at > datetime.timedelta(hours=12):
        raise ServiceError("A meeting cannot last more than 12 hours", field="ends_at")
    if not place.strip() and not link.strip():
        raise ServiceError("Enter a place or a link to join", field="place")
    if Meeting.objects.filter(group=group, starts_at=starts_at).exists():
        raise ServiceError("The group already meets at that time", field="starts_at")
    meeting = Meeting.objects.create(
        partnership_id=group.partnership_id,
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip()[:200],
        link=link.strip()[:500],
        papers_due_on=papers_due(group.partnership_id, timezone.localtime(starts_at).date()),
        created_by=acting.person,
    )
    audit.record(
        acting,
        "meeting.add",
        meeting,
        {"starts_at": change(None, timezone.localtime(starts_at).isoformat(timespec="minutes"))},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, acting: Acting, meeting: Meeting) -> Meeting:
    policies.meetings.require(acting, "manage", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ServiceError("Only a meeting still to be held can be cancelled")
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    audit.record(acting, "meeting.cancel", meeting, {"status": change("scheduled", "cancelled")})
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)


@transaction.atomic
def item_add(
    *,
    acting: Acting,
    meeting: Meeting,
    title: str,
    purpose: str,
    owner: Person | None = None,
    minutes_allowed: int = 15,
) -> AgendaItem:
    """Add an item to the end of a meeting's agenda."""
    policies.meetings.require(acting, "manage", meeting)
    meeting = _locked(meeting)
    title = text(title, "title", "Enter the item's title", limit=200)
    if purpose not in Purpose.values:
        raise ServiceError("Choose the item's purpose", field="purpose")
    if not 1 <= minutes_allowed <= 480:
        raise ServiceError("Allow between 1 and 480 minutes", field="minutes_allowed")
    in_partnership(owner, acting.partnership, "owner")
    items = meeting.items.all()
    if items.count() >= MOST_ITEMS:
        raise ServiceError(f"An agenda can have at most {MOST_ITEMS} items", field="title")
    if items.filter(title__iexact=title).exists():
        raise ServiceError("The agenda already has an item with this title", field="title")
    number = (items.aggregate(top=Max("number"))["top"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title,
        purpose=purpose,
        owner=owner,
        minutes_allowed=minutes_allowed,
    )
    audit.record(
        acting,
        "meeting.item_add",
        meeting,
        {"item": change(None, f"{number}. {title}"), "purpose": change(None, purpose)},
    )
    return item


@transaction.atomic
def paper_add(
    *,
    acting: Acting,
    meeting: Meeting,
    title: str,
    name: str,
    chunks: Iterable[bytes],
    item: AgendaItem | None = None,
) -> Paper:
    """Keep a paper for a meeting: type checked by name and content, size limited,
    stored under a random name and served only to those who may see the meeting."""
    policies.meetings.require(acting, "manage", meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise ServiceError("Choose an item of this meeting", field="item")
    title = text(title, "title", "Enter the paper's title", limit=200)
    checked = files.checked_upload(name, chunks)
    paper = Paper(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        item=item,
        title=title,
        **files.file_fields(acting.person, name, checked),
    )
    files.keep_file(
        paper,
        governance_file_path(paper, checked.stored_name),
        checked,
        lambda changes: audit.record(
            acting,
            "meeting.paper_add",
            paper,
            changes,
            target_label=f"Paper for meeting {meeting.pk}",
        ),
    )
    return paper


def people_of(group: Group) -> list[Person]:
    """The group's current members and deputies (active people)."""
    seats = GroupMember.objects.filter(
        group=group, left_on__isnull=True, person__is_active=True
    ).select_related("person")
    return list({seat.person_id: seat.person for seat in seats}.values())


@transaction.atomic
def papers_publish(*, acting: Acting, meeting: Meeting) -> Meeting:
    """Send the papers to the group's members and deputies: each is emailed a link to
    the meeting; the date they went out is kept."""
    policies.meetings.require(acting, "manage", meeting)
    meeting = _locked(meeting)
    if not meeting.papers.exists():
        raise ServiceError("Add at least one paper before publishing the papers")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ServiceError("The meeting is cancelled")
    first = meeting.papers_sent_on is None
    meeting.papers_sent_on = today()
    meeting.save(update_fields=["papers_sent_on"])
    audit.record(
        acting,
        "meeting.papers_publish",
        meeting,
        {"papers_sent_on": change(None, str(meeting.papers_sent_on))},
    )
    notify.send(
        "governance/papers_published",
        people_of(meeting.group),
        {
            "group": meeting.group.name,
            "when": timezone.localtime(meeting.starts_at),
            "again": not first,
            "link": notify.link("governance:meeting", meeting.pk),
        },
        partnership=meeting.group.partnership,
        about=meeting,
    )
    return meeting


def _statutory_agencies(partnership_id: int) -> set[int]:
    return set(
        PartnershipAgency.objects.filter(
            partnership_id=partnership_id, statutory_partner=True
        ).values_list("agency_id", flat=True)
    )


@transaction.atomic
def attendance_record(
    *,
    acting: Acting,
    meeting: Meeting,
    marks: Mapping[int, tuple[str, GroupMember | None]],
) -> Meeting:
    """Record each member's attendance (`marks`: seat pk -> status and the deputy sent),
    then whether the meeting was quorate and whether a statutory partner was absent.
    A deputy must be one of the member's own deputies; they count towards the quorum
    only with confirmed delegated authority."""
    policies.meetings.require(acting, "manage", meeting)
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ServiceError("The meeting was cancelled")
    held_on = timezone.localtime(meeting.starts_at).date()
    if held_on > today():
        raise ServiceError("Attendance is recorded once the meeting has met")
    seats = {
        seat.pk: seat
        for seat in GroupMember.objects.filter(group=meeting.group, deputy_of__isnull=True)
        .filter(joined_on__lte=held_on)
        .exclude(left_on__lte=held_on)
        .select_related("agency")
    }
    if set(marks) - set(seats):
        raise ServiceError("Record attendance only for the group's members")
    if set(seats) - set(marks):
        raise ServiceError("Record the attendance of every member")
    rows: list[Attendance] = []
    quorum_seats: list[rules.Seat] = []
    for pk, (status, deputy) in marks.items():
        seat = seats[pk]
        if status not in AttendanceStatus.values:
            raise ServiceError("Choose an attendance for every member", field=f"seat_{pk}")
        if status == AttendanceStatus.DEPUTY:
            if deputy is None or deputy.deputy_of_id != seat.pk:
                raise ServiceError(
                    f"Name which of {label(seat.person)}'s deputies attended", field=f"seat_{pk}"
                )
        else:
            deputy = None
        rows.append(
            Attendance(
                partnership_id=meeting.partnership_id,
                meeting=meeting,
                member=seat,
                group_id=meeting.group_id,
                agency_id=seat.agency_id,
                held_on=held_on,
                status=status,
                deputy=deputy,
            )
        )
        quorum_seats.append(
            rules.Seat(
                voting=seat.voting,
                status=status,
                deputy_authorised=deputy is not None and deputy.authority_confirmed_on is not None,
            )
        )
    statutory = _statutory_agencies(meeting.partnership_id)
    there = {row.agency_id for row in rows if rules.attended(row.status)}
    expected = {row.agency_id for row in rows if row.agency_id in statutory}
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(rows)
    old = meeting.quorate
    meeting.quorate = rules.is_quorate(quorum_seats, meeting.group.quorum)
    meeting.statutory_partner_absent = bool(expected - there)
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["quorate", "statutory_partner_absent", "status"])
    audit.record(
        acting,
        "meeting.attendance",
        meeting,
        {
            "quorate": change(old, meeting.quorate),
            "present": change(None, sum(1 for row in rows if rules.attended(row.status))),
            "statutory_partner_absent": change(None, meeting.statutory_partner_absent),
        },
    )
    return meeting


@transaction.atomic
def decision_add(
    *,
    acting: Acting,
    meeting: Meeting,
    text_: str,
    item: AgendaItem | None = None,
    owner: Person | None = None,
) -> Decision:
    """Record a decision, numbered next in the group's decision log."""
    policies.meetings.require(acting, "manage", meeting)
    meeting = _locked(meeting)
    group = Group.objects.select_for_update().get(pk=meeting.group_id)
    words = text(text_, "text", "Enter the decision")
    if item is not None and item.meeting_id != meeting.pk:
        raise ServiceError("Choose an item of this meeting", field="item")
    in_partnership(owner, acting.partnership, "owner")
    if meeting.decisions.filter(text=words).exists():
        raise ServiceError("This decision is already recorded", field="text")
    number = (group.decisions.aggregate(top=Max("number"))["top"] or 0) + 1
    decision = Decision.objects.create(
        partnership_id=meeting.partnership_id,
        group=group,
        meeting=meeting,
        item=item,
        number=number,
        text=words,
        owner=owner,
        decided_on=timezone.localtime(meeting.starts_at).date(),
        recorded_by=acting.person,
    )
    audit.record(
        acting,
        "meeting.decision_add",
        decision,
        {"number": change(None, number), "owner": change(None, label(owner))},
        target_label=f"Decision {number} of group {group.pk}",
    )
    return decision


@transaction.atomic
def minutes_save(*, acting: Acting, meeting: Meeting, minutes: str) -> Meeting:
    """Write or change the draft minutes (approved minutes are not changed)."""
    policies.meetings.require(acting, "manage", meeting)
    meeting = _locked(meeting)
    if meeting.minutes_status == Meeting.Minutes.APPROVED:
        raise ServiceError("The minutes are approved and cannot be changed", field="minutes")
    meeting.minutes = text(minutes, "minutes", "Enter the minutes", limit=50000)
    old = meeting.minutes_status
    meeting.minutes_status = Meeting.Minutes.DRAFT
    meeting.save(update_fields=["minutes", "minutes_status"])
    audit.record(acting, "meeting.minutes_save", meeting, {"minutes_status": change(old, "draft")})
    return meeting


@transaction.atomic
def minutes_approve(*, acting: Acting, meeting: Meeting, at: Meeting) -> Meeting:
    """Approve a meeting's draft minutes at a later meeting of the same group."""
    policies.meetings.require(acting, "manage", meeting)
    meeting = _locked(meeting)
    if meeting.minutes_status != Meeting.Minutes.DRAFT:
        raise ServiceError("Only draft minutes can be approved", field="at")
    if at.group_id != meeting.group_id or at.starts_at <= meeting.starts_at:
        raise ServiceError("Minutes are approved at a later meeting of the same group", field="at")
    if at.status == Meeting.Status.CANCELLED:
        raise ServiceError("That meeting was cancelled", field="at")
    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.minutes_approved_at = at
    meeting.save(update_fields=["minutes_status", "minutes_approved_at"])
    audit.record(
        acting,
        "meeting.minutes_approve",
        meeting,
        {"minutes_status": change("draft", "approved"), "approved_at": change(None, str(at))},
    )
    return meeting
