"""Groups and meetings: the rules the services keep."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import AuditEvent, Notification
from masa.governance import policies
from masa.governance.models import AttendanceStatus, Meeting, Purpose
from masa.governance.services import groups as group_services
from masa.governance.services import meetings as services
from tests import helpers as h
from tests.governance import factories as f

pytestmark = pytest.mark.usefixtures("demo")

PRESENT, APOLOGIES, DEPUTY, ABSENT = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.DEPUTY,
    AttendanceStatus.ABSENT,
)


def test_a_chair_manages_their_own_group_only() -> None:
    chaired = f.group(chair=h.person(h.SUBGROUP_CHAIR))
    other = f.group("Zq other subgroup")
    harry = h.acting(h.SUBGROUP_CHAIR)
    assert policies.groups.can(harry, "manage", chaired)
    assert not policies.groups.can(harry, "manage", other)
    f.meeting(chaired)
    with pytest.raises(NotAllowed):
        services.meeting_add(
            acting=harry, group=other, starts_at=f.moment(3), ends_at=f.moment(3, 11), place="x"
        )
    # A member who does not chair runs nothing.
    assert not policies.groups.can(h.acting(h.SUBGROUP_MEMBER), "manage", chaired)


def test_a_chair_cannot_change_who_chairs_or_where_the_group_sits() -> None:
    chaired = f.group(chair=h.person(h.SUBGROUP_CHAIR))
    harry = h.acting(h.SUBGROUP_CHAIR)
    kept: dict[str, Any] = dict(
        name=chaired.name,
        kind=chaired.kind,
        parent=None,
        purpose="Zq purpose",
        frequency=chaired.frequency,
        quorum=3,
        vice_chair=None,
    )
    group_services.group_change(acting=harry, group=chaired, chair=chaired.chair, **kept)
    chaired.refresh_from_db()
    assert chaired.purpose == "Zq purpose"
    with pytest.raises(ServiceError):
        group_services.group_change(
            acting=harry, group=chaired, chair=h.person(h.EXECUTIVE), **kept
        )


def test_a_group_cannot_report_to_a_group_below_it() -> None:
    top = f.group("Zq top", kind="executive")
    middle = f.group("Zq middle", parent=top)
    with pytest.raises(ServiceError) as refused:
        group_services.group_change(
            acting=f.unit(),
            group=top,
            name=top.name,
            kind=top.kind,
            parent=middle,
            purpose="",
            frequency=top.frequency,
            quorum=top.quorum,
            chair=None,
            vice_chair=None,
        )
    assert refused.value.field == "parent"


def test_a_deputy_counts_towards_the_quorum_only_once_their_authority_is_confirmed() -> None:
    g = f.group()
    police = f.member(g, h.POLICE_BOTH)
    hospital = f.member(g, h.SUBGROUP_MEMBER)
    deputy = f.member(g, "ben.carter@northbridge.example")  # not police: refused as deputy below
    meeting = f.meeting(g)
    with pytest.raises(ServiceError):
        f.member(g, h.EXECUTIVE, deputy_of=police)  # another agency
    assert deputy.deputy_of is None
    council = f.member(g, h.BUSINESS_UNIT_OFFICER)
    council_deputy = f.member(g, h.EXECUTIVE, deputy_of=council)
    marks = {
        police.pk: (ABSENT, None),
        hospital.pk: (PRESENT, None),
        deputy.pk: (APOLOGIES, None),
        council.pk: (DEPUTY, council_deputy),
    }
    services.attendance_record(acting=f.unit(), meeting=meeting, marks=marks)
    meeting.refresh_from_db()
    assert meeting.quorate is False  # the deputy has no confirmed authority
    assert meeting.statutory_partner_absent  # the police were absent
    group_services.deputy_confirm(acting=f.unit(), deputy=council_deputy)
    council_deputy.refresh_from_db()
    services.attendance_record(acting=f.unit(), meeting=meeting, marks=marks)
    meeting.refresh_from_db()
    assert meeting.quorate is True
    assert meeting.attendance.count() == 4
    assert meeting.status == Meeting.Status.HELD


def test_attendance_needs_every_member_and_a_named_deputy() -> None:
    g = f.group()
    one = f.member(g, h.POLICE_BOTH)
    two = f.member(g, h.SUBGROUP_MEMBER)
    meeting = f.meeting(g)
    with pytest.raises(ServiceError):
        services.attendance_record(
            acting=f.unit(), meeting=meeting, marks={one.pk: (PRESENT, None)}
        )
    with pytest.raises(ServiceError):
        services.attendance_record(
            acting=f.unit(),
            meeting=meeting,
            marks={one.pk: (DEPUTY, None), two.pk: (PRESENT, None)},
        )
    later = f.meeting(g, days=7)
    with pytest.raises(ServiceError):
        services.attendance_record(
            acting=f.unit(), meeting=later, marks={one.pk: (PRESENT, None), two.pk: (PRESENT, None)}
        )


def test_decisions_are_numbered_within_the_group_and_recorded_once() -> None:
    g = f.group()
    first = f.meeting(g, days=-30)
    second = f.meeting(g)
    one = services.decision_add(
        acting=f.unit(), meeting=first, text_="Zq adopt the neglect strategy"
    )
    two = services.decision_add(acting=f.unit(), meeting=second, text_="Zq commission an audit")
    assert (one.number, two.number) == (1, 2)
    with pytest.raises(ServiceError):
        services.decision_add(acting=f.unit(), meeting=second, text_="Zq commission an audit")
    assert AuditEvent.objects.filter(verb="meeting.decision_add").count() >= 2


def test_minutes_are_approved_at_a_later_meeting_and_then_fixed() -> None:
    g = f.group()
    first = f.meeting(g, days=-30)
    second = f.meeting(g)
    services.minutes_save(acting=f.unit(), meeting=first, minutes="Zq draft minutes")
    with pytest.raises(ServiceError):
        services.minutes_approve(acting=f.unit(), meeting=second, at=first)  # no draft, earlier
    with pytest.raises(ServiceError):
        services.minutes_approve(acting=f.unit(), meeting=first, at=first)
    services.minutes_approve(acting=f.unit(), meeting=first, at=second)
    first.refresh_from_db()
    assert first.minutes_status == Meeting.Minutes.APPROVED
    with pytest.raises(ServiceError):
        services.minutes_save(acting=f.unit(), meeting=first, minutes="Zq changed")


def test_an_agenda_has_at_most_forty_items_and_no_repeats() -> None:
    meeting = f.meeting(f.group())
    for number in range(services.MOST_ITEMS):
        services.item_add(
            acting=f.unit(), meeting=meeting, title=f"Zq item {number}", purpose=Purpose.INFORMATION
        )
    with pytest.raises(ServiceError):
        services.item_add(
            acting=f.unit(), meeting=meeting, title="Zq one more", purpose=Purpose.DECISION
        )
    other = f.meeting(f.group("Zq second"))
    services.item_add(acting=f.unit(), meeting=other, title="Zq item", purpose=Purpose.DECISION)
    with pytest.raises(ServiceError):
        services.item_add(acting=f.unit(), meeting=other, title="zq ITEM", purpose=Purpose.DECISION)


def test_meetings_refuse_bad_times_and_double_booking() -> None:
    g = f.group()
    with pytest.raises(ServiceError):
        services.meeting_add(
            acting=f.unit(), group=g, starts_at=f.moment(3, 12), ends_at=f.moment(3, 11), place="x"
        )
    with pytest.raises(ServiceError):
        services.meeting_add(
            acting=f.unit(), group=g, starts_at=f.moment(3), ends_at=f.moment(3, 11)
        )
    services.meeting_add(
        acting=f.unit(), group=g, starts_at=f.moment(3), ends_at=f.moment(3, 11), place="x"
    )
    with pytest.raises(ServiceError):
        services.meeting_add(
            acting=f.unit(), group=g, starts_at=f.moment(3), ends_at=f.moment(3, 11), place="x"
        )


def test_publishing_papers_emails_the_members_and_refuses_unsafe_files() -> None:
    g = f.group()
    f.member(g, h.POLICE_BOTH)
    f.member(g, h.SUBGROUP_MEMBER)
    meeting = f.meeting(g, days=10)
    with pytest.raises(ServiceError):
        services.papers_publish(acting=f.unit(), meeting=meeting)
    with pytest.raises(ServiceError):
        services.paper_add(
            acting=f.unit(), meeting=meeting, title="Zq", name="run.exe", chunks=[b"MZ\x90\x00"]
        )
    with pytest.raises(ServiceError):
        services.paper_add(
            acting=f.unit(), meeting=meeting, title="Zq", name="fake.pdf", chunks=[b"not a pdf"]
        )
    services.paper_add(
        acting=f.unit(),
        meeting=meeting,
        title="Zq report",
        name="report.pdf",
        chunks=[b"%PDF-1.4 zq"],
    )
    services.papers_publish(acting=f.unit(), meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.papers_sent_on is not None
    told = set(
        Notification.objects.filter(message="governance/papers_published").values_list(
            "address", flat=True
        )
    )
    assert {h.POLICE_BOTH, h.SUBGROUP_MEMBER} <= told


def test_papers_are_due_working_days_before_the_meeting() -> None:
    meeting = f.meeting(f.group(), days=30)
    assert meeting.papers_due_on is not None
    assert meeting.papers_due_on < meeting.starts_at.date()
    assert (meeting.starts_at.date() - meeting.papers_due_on) >= datetime.timedelta(days=5)


def test_an_action_raised_in_a_meeting_is_an_action_of_the_one_model() -> None:
    from masa.actions import policies as action_policies
    from masa.actions import services as action_services
    from masa.actions.models import Action, SourceKind
    from masa.core.models import Agency
    from masa.governance.services import actions as raising

    g = f.group(chair=h.person(h.SUBGROUP_CHAIR))
    first = f.meeting(g, days=-30)
    later = f.meeting(g)
    police = Agency.objects.get(name="Mercia Vale Police")
    action = raising.action_raise(
        acting=h.acting(h.SUBGROUP_CHAIR),
        meeting=first,
        owner_agency=police,
        owner=h.person(h.POLICE_BOTH),
        what="Zq police attend every subgroup meeting",
        measure_of_success="Zq attendance above 75%",
        due_on=datetime.date.today() + datetime.timedelta(days=60),
    )
    assert action.source_kind == SourceKind.MEETING
    assert action.source_label.startswith(f"{g.name}, meeting on ")
    with pytest.raises(ServiceError):  # a double submit makes one action
        raising.action_raise(
            acting=f.unit(),
            meeting=first,
            owner_agency=police,
            what=action.what,
            measure_of_success="x",
            due_on=action.due_on,
        )
    with pytest.raises(NotAllowed):  # a member does not raise actions
        raising.action_raise(
            acting=h.acting(h.SUBGROUP_MEMBER),
            meeting=first,
            owner_agency=police,
            what="Zq another",
            measure_of_success="x",
            due_on=action.due_on,
        )
    # The group reviews it at its later meetings until it is closed.
    assert list(raising.open_actions(g).exclude(meeting=later)) == [action]
    # The owner updates it through the action model; only sign-off closes it.
    maya = h.acting(h.POLICE_BOTH)
    assert action_policies.actions.can(maya, "update", action)
    action_services.action_update(acting=maya, action=action, status="on_track", progress="Zq done")
    with pytest.raises(ServiceError):
        action_services.action_close(acting=maya, action=action, reason="Zq")
    assert Action.objects.get(pk=action.pk).status == "on_track"


def test_the_decision_log_searches_and_exports() -> None:
    g = f.group("Zq logged group")
    meeting = f.meeting(g)
    services.decision_add(acting=f.unit(), meeting=meeting, text_="=Zq adopt the strategy")
    services.decision_add(acting=f.unit(), meeting=meeting, text_="Zq fund the audit")
    client = h.signed_in(h.SCRUTINEER)
    page = client.get("/governance/decisions/", {"q": "fund the audit"}).content.decode()
    assert "Zq fund the audit" in page
    assert "adopt the strategy" not in page
    exported = client.get("/governance/decisions.csv", {"group": g.pk}).content.decode()
    assert "'=Zq adopt the strategy" in exported  # a formula stays text
    assert client.get("/governance/decisions/", {"group": "nope"}).status_code == 400
    other = h.signed_in(h.SOUTHMOOR_MANAGER).get("/governance/decisions/").content.decode()
    assert "Zq fund the audit" not in other


def test_terms_of_reference_are_versions_with_a_yearly_review() -> None:
    from masa.governance.services import terms

    g = f.group("Zq terms group")
    first = terms.terms_add(
        acting=f.unit(), group=g, summary="Zq first", approved_on=datetime.date(2024, 5, 31)
    )
    assert (first.version, first.review_due_on) == (1, datetime.date(2025, 5, 31))
    second = terms.terms_add(
        acting=f.unit(), group=g, summary="Zq second", approved_on=datetime.date(2025, 6, 2)
    )
    assert second.version == 2
    with pytest.raises(ServiceError):  # a double submit makes one version
        terms.terms_add(
            acting=f.unit(), group=g, summary="Zq second", approved_on=datetime.date(2025, 6, 2)
        )
    with pytest.raises(ServiceError):
        terms.terms_add(
            acting=f.unit(),
            group=g,
            summary="Zq future",
            approved_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    with pytest.raises(ServiceError):
        terms.terms_add(
            acting=f.unit(),
            group=g,
            summary="Zq bad file",
            approved_on=datetime.date(2025, 7, 1),
            name="terms.pdf",
            chunks=[b"<script>"],
        )


def test_a_highlight_report_is_drafted_edited_and_sent() -> None:
    from masa.governance.models import HighlightReport
    from masa.governance.services import highlights

    parent = f.group("Zq executive", kind="executive")
    g = f.group("Zq reporting subgroup", parent=parent, chair=h.person(h.SUBGROUP_CHAIR))
    seat = f.member(g, h.POLICE_BOTH)
    meeting = f.meeting(g, days=-10)
    services.attendance_record(
        acting=f.unit(), meeting=meeting, marks={seat.pk: (AttendanceStatus.ABSENT, None)}
    )
    services.decision_add(acting=f.unit(), meeting=meeting, text_="Zq adopt the audit plan")
    start = datetime.date.today() - datetime.timedelta(days=30)
    harry = h.acting(h.SUBGROUP_CHAIR)
    report = highlights.highlight_start(
        acting=harry, group=g, period_start=start, period_end=datetime.date.today()
    )
    assert "Zq adopt the audit plan" in report.progress
    assert "not quorate" in report.exceptions
    assert report.to_group == parent
    with pytest.raises(ServiceError):
        highlights.highlight_start(
            acting=harry, group=g, period_start=start, period_end=datetime.date.today()
        )
    with pytest.raises(ServiceError):  # the executive reports to no group
        highlights.highlight_start(
            acting=f.unit(), group=parent, period_start=start, period_end=datetime.date.today()
        )
    client = h.signed_in(h.SUBGROUP_CHAIR)
    response = client.post(
        f"/governance/highlights/{report.pk}/edit/",
        {"progress": "Zq edited", "exceptions": "", "risks": "Zq risk", "asks": "Zq ask"},
    )
    assert response.status_code == 302
    for email in set(h.EVERYONE) - {h.SUBGROUP_CHAIR, h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}:
        assert (
            h.signed_in(email).post(f"/governance/highlights/{report.pk}/send/").status_code == 404
        )
    assert client.post(f"/governance/highlights/{report.pk}/send/").status_code == 302
    report.refresh_from_db()
    assert (report.status, report.progress) == (HighlightReport.Status.SENT, "Zq edited")
    told = Notification.objects.filter(
        message="governance/highlight_sent", target_id=str(report.pk)
    )
    assert h.BUSINESS_MANAGER in set(told.values_list("address", flat=True))
    word = client.get(f"/governance/highlights/{report.pk}/report.docx")
    assert word.status_code == 200
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_meeting_page_lists_its_actions_and_the_groups_open_ones() -> None:
    from masa.core.models import Agency
    from masa.governance.services import actions as raising

    g = f.group("Zq listed group")
    first = f.meeting(g, days=-30)
    later = f.meeting(g)
    raising.action_raise(
        acting=f.unit(),
        meeting=first,
        owner_agency=Agency.objects.get(name="Mercia Vale Police"),
        what="Zq listed action",
        measure_of_success="Zq done",
        due_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    client = h.signed_in(h.EXECUTIVE)
    assert "Zq listed action" in client.get(f"/governance/meetings/{first.pk}/").content.decode()
    assert "Zq listed action" in client.get(f"/governance/meetings/{later.pk}/").content.decode()
