"""The engagement log: who may see and add to it, evidence files checked as every
upload is, counts by group and method, and "you said, we did" by priority."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import AuditEvent
from masa.engagement import selectors, services
from masa.engagement.models import Entry, Group, Method
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER}
MANAGE = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
VIEW = MANAGE | {h.EXECUTIVE, h.SCRUTINEER, h.SUBGROUP_CHAIR, h.SUBGROUP_MEMBER, h.POLICE_BOTH}
DAY = datetime.date(2024, 6, 12)


@pytest.fixture
def records() -> dict[str, Any]:
    entry = services.entry_add(
        acting=h.acting(h.BUSINESS_MANAGER),
        happened_on=DAY,
        group=Group.PRACTITIONERS,
        method=Method.SURVEY,
        title="Zq practitioner poll on escalation",
        said="Zq: they did not know the escalation policy",
        changed="Zq: a seven-minute briefing on escalation",
        file_name="results.csv",
        chunks=[b"question,yes,no\nknew the policy,12,30\n"],
    )
    southmoor = services.entry_add(
        acting=h.acting(h.SOUTHMOOR_MANAGER, "southmoor"),
        happened_on=DAY,
        group=Group.PARENTS_AND_CARERS,
        method=Method.FOCUS_GROUP,
        title="Zq Southmoor parents",
        said="Zq: Southmoor",
    )
    return {
        "entry": entry.pk,
        "file": entry.files.get().pk,
        "sm_entry": southmoor.pk,
        "sm_file": services.file_add(
            acting=h.acting(h.SOUTHMOOR_MANAGER, "southmoor"),
            entry=southmoor,
            name="notes.txt",
            chunks=[b"notes"],
        ).pk,
    }


MATRIX: list[tuple[str, set[str]]] = [
    ("/engagement/?year=2024-25", VIEW | SOUTHMOOR),
    ("/engagement/you-said-we-did/?year=2024-25", VIEW | SOUTHMOOR),
    ("/engagement/new/", MANAGE | SOUTHMOOR),
    ("/engagement/counts.csv?year=2024-25", VIEW | SOUTHMOOR),
    ("/engagement/{entry}/", VIEW),
    ("/engagement/{entry}/outcome/", MANAGE),
    ("/engagement/{sm_entry}/outcome/", SOUTHMOOR),
    ("/engagement/files/{file}/", VIEW),
    ("/engagement/{sm_entry}/", SOUTHMOOR),
    ("/engagement/files/{sm_file}/", SOUTHMOOR),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_only_the_business_unit_adds_and_files_are_checked(records: dict[str, Any]) -> None:
    with pytest.raises(NotAllowed):
        services.entry_add(
            acting=h.acting(h.EXECUTIVE),
            happened_on=DAY,
            group=Group.FATHERS,
            method=Method.FOCUS_GROUP,
            title="x",
            said="y",
        )
    before = Entry.objects.count()
    with pytest.raises(ServiceError) as refused:
        services.entry_add(
            acting=h.acting(h.BUSINESS_UNIT_OFFICER),
            happened_on=DAY,
            group=Group.FATHERS,
            method=Method.FOCUS_GROUP,
            title="Zq fathers",
            said="Zq",
            file_name="results.pdf",
            chunks=[b"not a pdf at all"],
        )
    assert refused.value.field == "file"
    assert Entry.objects.count() == before  # the entry and its file, or neither
    assert AuditEvent.objects.filter(verb="engagement.add").exists()
    assert AuditEvent.objects.filter(verb="engagement.file_add").exists()


def test_counts_by_group_and_method_and_you_said_we_did(records: dict[str, Any]) -> None:
    acting = h.acting(h.EXECUTIVE)
    table = selectors.counts(acting=acting, year=2024)
    practitioners = next(row for row in table.rows if row.label == "Practitioners")
    assert practitioners.cells[0].value == table.rows[-1].cells[0].value  # surveys
    assert table.chart is not None
    headings = selectors.you_said_we_did(acting=acting, year=2024)
    titles = [e.title for heading in headings for e in heading.entries]
    assert "Zq practitioner poll on escalation" in titles
    assert "Zq Southmoor parents" not in titles
    page = h.signed_in(h.EXECUTIVE).get("/engagement/you-said-we-did/?year=2024-25")
    assert "a seven-minute briefing on escalation" in page.content.decode()


def test_the_form_adds_one_entry_and_refuses_bad_input() -> None:
    client = h.signed_in(h.BUSINESS_UNIT_OFFICER)
    form = {
        "happened_on_day": "3",
        "happened_on_month": "2",
        "happened_on_year": "2025",
        "group": "young_inspectors",
        "method": "co_production",
        "title": "Zq young inspectors on the website",
        "said": "Zq: the website is hard to find",
        "changed": "",
        "file": SimpleUploadedFile("notes.txt", b"notes of the session", "text/plain"),
    }
    answer = client.post("/engagement/new/", form)
    assert answer.status_code == 302
    assert Entry.objects.filter(title="Zq young inspectors on the website").count() == 1
    bad = client.post("/engagement/new/", {"group": "nobody", "happened_on_day": "40"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()


def test_the_counts_download_as_csv(records: dict[str, Any]) -> None:
    answer = h.signed_in(h.SCRUTINEER).get("/engagement/counts.csv?year=2024-25")
    lines = answer.content.decode().splitlines()
    assert lines[0].startswith("Who was heard,Survey or poll,")
    practitioners = next(line for line in lines if line.startswith("Practitioners,"))
    assert practitioners.split(",")[1] == practitioners.split(",")[-1]  # all by survey


def test_what_changed_is_recorded_later_with_the_results(records: dict[str, Any]) -> None:
    client = h.signed_in(h.BUSINESS_UNIT_OFFICER)
    url = f"/engagement/{records['sm_entry']}/outcome/"
    assert client.post(url, {"changed": "x"}).status_code == 404
    url = f"/engagement/{records['entry']}/outcome/"
    assert client.post(url, {"changed": ""}).status_code == 400
    answer = client.post(
        url,
        {
            "changed": "Zq: escalation added to the induction for new staff",
            "file": SimpleUploadedFile("report.txt", b"Zq consultation report", "text/plain"),
        },
    )
    assert answer.status_code == 302
    entry = Entry.objects.get(pk=records["entry"])
    assert entry.changed == "Zq: escalation added to the induction for new staff"
    assert entry.files.count() == 2
    assert AuditEvent.objects.filter(verb="engagement.outcome", target_id=str(entry.pk)).exists()
