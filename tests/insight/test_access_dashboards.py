"""Dashboard pages against every demo person: who may see each (the aggregate
`dashboard.view`), and that everyone else, and anyone looking for another partnership's
indicator, is answered 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from masa.insight import periods
from masa.insight.models import Function
from tests import helpers as h
from tests.insight import factories as f
from tests.plan import factories as plan_f

pytestmark = pytest.mark.usefixtures("demo")

NO_DASHBOARDS = {h.PRACTITIONER, h.GP_PRACTITIONER, h.SYSADMIN, h.SOUTHMOOR_PRACTITIONER}
NORTHBRIDGE_VIEWERS = set(h.EVERYONE) - NO_DASHBOARDS - {h.SOUTHMOOR_MANAGER}
EVERY_VIEWER = NORTHBRIDGE_VIEWERS | {h.SOUTHMOOR_MANAGER}
LAST = periods.quarter(2090, 4)


@pytest.fixture
def records() -> dict[str, Any]:
    northbridge_only = f.indicator(name="Zq Northbridge only")
    f.measurement(northbridge_only, LAST, 17)
    plan_f.priority(name="Zq NB", slug="zq-nb")
    return {"code": northbridge_only.code}


MATRIX: list[tuple[str, set[str]]] = [
    (reverse("insight:dashboards"), EVERY_VIEWER),
    (reverse("insight:scorecard"), EVERY_VIEWER),
    (reverse("insight:scorecard") + "?format=csv", EVERY_VIEWER),
    (reverse("insight:function", args=[Function.FRONT_DOOR]), EVERY_VIEWER),
    (reverse("insight:exceptions"), EVERY_VIEWER),
    (reverse("insight:exceptions") + "?format=xlsx", EVERY_VIEWER),
    ("/insight/priorities/zq-nb/", NORTHBRIDGE_VIEWERS),
    ("/insight/indicators/{code}/", NORTHBRIDGE_VIEWERS),
    ("/insight/indicators/{code}/?format=csv", NORTHBRIDGE_VIEWERS),
    ("/insight/indicators/{code}/chart.svg", NORTHBRIDGE_VIEWERS),
]


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


@pytest.mark.parametrize("email", sorted(NO_DASHBOARDS))
def test_practitioner_cannot_see_any_dashboard(email: str, records: dict[str, Any]) -> None:
    client = h.signed_in(email)
    for url in (
        reverse("insight:dashboards"),
        reverse("insight:scorecard"),
        reverse("insight:function", args=[Function.FRONT_DOOR]),
        reverse("insight:priority", args=["zq-nb"]),
        reverse("insight:indicator", args=[records["code"]]),
        reverse("insight:chart", args=[records["code"]]),
        reverse("insight:exceptions"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("insight:dashboards")).status_code == 404


def test_data_lead_and_business_manager_can_see_dashboards(records: dict[str, Any]) -> None:
    for email in (h.DATA_LEAD, h.BUSINESS_MANAGER):
        html = h.signed_in(email).get(reverse("insight:scorecard")).content.decode()
        assert "Zq Northbridge only" in html


def test_only_the_business_manager_refreshes_platform_figures() -> None:
    allowed = {h.BUSINESS_MANAGER, h.SOUTHMOOR_MANAGER}
    for email in h.EVERYONE:
        status = h.signed_in(email).post(reverse("insight:dashboards")).status_code
        assert status == (302 if email in allowed else 404), email


def test_southmoor_manager_sees_only_southmoor_figures() -> None:
    shared = "zq.shared_code"
    northbridge = f.indicator(code=shared, name="Zq shared in Northbridge")
    southmoor = f.indicator("southmoor", code=shared, name="Zq shared in Southmoor")
    f.measurement(northbridge, LAST, 1234)
    f.measurement(southmoor, LAST, 5678)
    client = h.signed_in(h.SOUTHMOOR_MANAGER)
    scorecard = client.get(reverse("insight:scorecard")).content.decode()
    assert "Zq shared in Southmoor" in scorecard
    assert "Zq shared in Northbridge" not in scorecard
    page = client.get(reverse("insight:indicator", args=[shared])).content.decode()
    assert "5,678" in page
    assert "1,234" not in page
    csv = client.get(reverse("insight:indicator", args=[shared]), {"format": "csv"})
    assert "5678" in csv.content.decode()
    assert "1234" not in csv.content.decode()
    exceptions = client.get(reverse("insight:exceptions"), {"quarter": LAST.code})
    assert exceptions.status_code == 200
    # And the other way round.
    northbridge_page = h.signed_in(h.DATA_LEAD).get(reverse("insight:indicator", args=[shared]))
    assert "1,234" in northbridge_page.content.decode()


def test_police_officer_sees_southmoor_nothing_after_switching() -> None:
    """Maya sees Northbridge's dashboards; in Southmoor she is a practitioner: none there."""
    client = h.signed_in(h.POLICE_BOTH)
    assert client.get(reverse("insight:scorecard")).status_code == 200
    in_southmoor = h.acting(h.POLICE_BOTH, "southmoor")
    session = client.session
    session["partnership_id"] = in_southmoor.partnership_id
    session.save()
    assert client.get(reverse("insight:scorecard")).status_code == 404
