"""Governance pages against every demo person: who may see each, and that everyone
else (no role, another partnership) is refused with 404."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from masa.governance.models import GroupMember, Meeting
from masa.governance.services import groups as group_services
from masa.governance.services import highlights as highlight_services
from masa.governance.services import meetings as services
from masa.governance.services import terms as terms_services
from tests import helpers as h
from tests.governance import factories as f

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER}
# governance.manage across the partnership: the business unit.
UNIT = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
# governance.view across the partnership.
VIEW = UNIT | {
    h.EXECUTIVE,
    h.SUBGROUP_CHAIR,
    h.SUBGROUP_MEMBER,
    h.SCRUTINEER,
    h.DATA_LEAD,
    h.POLICE_BOTH,
}


CHAIR = {h.SUBGROUP_CHAIR}


@pytest.fixture
def records() -> dict[str, Any]:
    chaired = f.group(chair=h.person(h.SUBGROUP_CHAIR))
    other = f.group("Zq other subgroup")
    seat = f.member(chaired, h.BUSINESS_UNIT_OFFICER)
    deputy = f.member(chaired, h.EXECUTIVE, deputy_of=seat)
    meeting = f.meeting(chaired)
    services.paper_add(
        acting=f.unit(), meeting=meeting, title="Zq paper", name="p.pdf", chunks=[b"%PDF-1.4 zq"]
    )
    paper = services.paper_add(
        acting=f.unit(), meeting=meeting, title="Zq paper 2", name="q.pdf", chunks=[b"%PDF-1.4 zq"]
    )
    services.papers_publish(acting=f.unit(), meeting=meeting)
    terms = terms_services.terms_add(
        acting=f.unit(),
        group=chaired,
        summary="Zq terms",
        approved_on=datetime.date(2025, 1, 1),
        name="terms.pdf",
        chunks=[b"%PDF-1.4 zq"],
    )
    parent = f.group("Zq parent group", kind="executive")
    group_services.group_change(
        acting=f.unit(),
        group=chaired,
        name=chaired.name,
        kind=chaired.kind,
        parent=parent,
        purpose="",
        frequency=chaired.frequency,
        quorum=chaired.quorum,
        chair=chaired.chair,
        vice_chair=None,
    )
    chaired.refresh_from_db()
    highlight = highlight_services.highlight_start(
        acting=f.unit(),
        group=chaired,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 6, 30),
    )
    southmoor = f.group("Zq southmoor group", partnership="southmoor")
    return {
        "group": chaired.pk,
        "other": other.pk,
        "seat": seat.pk,
        "deputy": deputy.pk,
        "meeting": meeting.pk,
        "paper": paper.pk,
        "terms": terms.pk,
        "highlight": highlight.pk,
        "other_meeting": f.meeting(other).pk,
        "sm_group": southmoor.pk,
        "sm_meeting": f.meeting(southmoor, partnership="southmoor").pk,
    }


MEETING_FORMS = [
    "items/new/",
    "papers/new/",
    "attendance/",
    "decisions/new/",
    "minutes/",
    "actions/new/",
]

MATRIX: list[tuple[str, set[str]]] = [
    ("/governance/", VIEW | SOUTHMOOR),
    ("/governance/groups/new/", UNIT | SOUTHMOOR),
    ("/governance/groups/{group}/", VIEW),
    ("/governance/groups/{group}/edit/", UNIT | CHAIR),
    ("/governance/groups/{other}/edit/", UNIT),
    ("/governance/groups/{group}/members/new/", UNIT | CHAIR),
    ("/governance/groups/{other}/members/new/", UNIT),
    ("/governance/groups/{group}/meetings/new/", UNIT | CHAIR),
    ("/governance/groups/{group}/terms/new/", UNIT | CHAIR),
    ("/governance/groups/{other}/terms/new/", UNIT),
    ("/governance/terms/{terms}/", VIEW),
    ("/governance/groups/{group}/highlights/new/", UNIT | CHAIR),
    ("/governance/groups/{other}/highlights/new/", UNIT),
    ("/governance/highlights/{highlight}/", VIEW),
    ("/governance/highlights/{highlight}/edit/", UNIT | CHAIR),
    ("/governance/highlights/{highlight}/report.docx", VIEW),
    ("/governance/groups/{other}/meetings/new/", UNIT),
    ("/governance/meetings/{meeting}/", VIEW),
    ("/governance/meetings/{meeting}/meeting.ics", VIEW),
    ("/governance/papers/{paper}/", VIEW),
    *((f"/governance/meetings/{{meeting}}/{page}", UNIT | CHAIR) for page in MEETING_FORMS),
    *((f"/governance/meetings/{{other_meeting}}/{page}", UNIT) for page in MEETING_FORMS),
    ("/governance/meetings/{meeting}/minutes/approve/", UNIT | CHAIR),
    ("/governance/my-meetings/", set(h.EVERYONE)),
    ("/governance/decisions/", VIEW | SOUTHMOOR),
    ("/governance/decisions.csv", VIEW | SOUTHMOOR),
    ("/governance/decisions.xlsx", VIEW | SOUTHMOOR),
    ("/governance/attendance/", VIEW | SOUTHMOOR),
    ("/governance/attendance.csv", VIEW | SOUTHMOOR),
    ("/governance/attendance.xlsx", VIEW | SOUTHMOOR),
    ("/governance/attendance/threshold/", UNIT | SOUTHMOOR),
    ("/governance/groups/{sm_group}/", SOUTHMOOR),
    ("/governance/groups/{sm_group}/edit/", SOUTHMOOR),
    ("/governance/meetings/{sm_meeting}/", SOUTHMOOR),
    ("/governance/meetings/{sm_meeting}/attendance/", SOUTHMOOR),
]

POST_ONLY: dict[str, str] = {
    "governance:member-confirm": "test_only_those_who_run_the_group_confirm_or_remove_members",
    "governance:member-leave": "test_only_those_who_run_the_group_confirm_or_remove_members",
    "governance:papers-publish": "test_only_those_who_run_the_group_publish_papers",
    "governance:highlight-send": "test_services.py::test_a_highlight_report_is_drafted_edited_and_sent",  # noqa: E501
    "governance:feed-renew": "test_calendar.py::test_the_feed_shows_titles_times_and_places_only",
    "governance:feed-stop": "test_calendar.py::test_the_feed_shows_titles_times_and_places_only",
    # The secret feed: public by design, its secret is the key (test_calendar.py).
    "governance:feed": "test_calendar.py::test_the_feed_shows_titles_times_and_places_only",
}


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_only_those_who_run_the_group_confirm_or_remove_members(records: dict[str, Any]) -> None:
    confirm = f"/governance/members/{records['deputy']}/confirm/"
    leave = f"/governance/members/{records['seat']}/leave/"
    for email in set(h.EVERYONE) - UNIT - CHAIR:
        assert h.signed_in(email).post(confirm).status_code == 404, email
        assert h.signed_in(email).post(leave).status_code == 404, email
    assert h.signed_in(h.SUBGROUP_CHAIR).post(confirm).status_code == 302
    assert GroupMember.objects.get(pk=records["deputy"]).authority_confirmed
    assert h.signed_in(h.BUSINESS_UNIT_OFFICER).post(leave).status_code == 302
    assert GroupMember.objects.get(pk=records["seat"]).left_on is not None
    # The chair of one group cannot touch another's members.
    other_seat = f.member(Meeting.objects.get(pk=records["other_meeting"]).group, h.DATA_LEAD)
    url = f"/governance/members/{other_seat.pk}/leave/"
    assert h.signed_in(h.SUBGROUP_CHAIR).post(url).status_code == 404


def test_only_those_who_run_the_group_publish_papers(records: dict[str, Any]) -> None:
    url = f"/governance/meetings/{records['meeting']}/papers/publish/"
    for email in set(h.EVERYONE) - UNIT - CHAIR:
        assert h.signed_in(email).post(url).status_code == 404, email
    assert h.signed_in(h.SUBGROUP_CHAIR).post(url).status_code == 302
    other = f"/governance/meetings/{records['other_meeting']}/papers/publish/"
    assert h.signed_in(h.SUBGROUP_CHAIR).post(other).status_code == 404


def test_unpublished_papers_are_for_those_who_run_the_group(records: dict[str, Any]) -> None:
    meeting = Meeting.objects.get(pk=records["other_meeting"])
    paper = services.paper_add(
        acting=f.unit(), meeting=meeting, title="Zq draft", name="d.pdf", chunks=[b"%PDF-1.4 zq"]
    )
    url = f"/governance/papers/{paper.pk}/"
    assert h.signed_in(h.SUBGROUP_MEMBER).get(url).status_code == 404
    assert h.signed_in(h.BUSINESS_UNIT_OFFICER).get(url).status_code == 200
