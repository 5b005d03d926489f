"""The attendance report: rates by agency, group and quarter, the threshold, and its
CSV and Excel files."""

from __future__ import annotations

import io

import openpyxl  # type: ignore[import-untyped]
import pytest

from masa.core import figures
from masa.core.errors import ServiceError
from masa.governance import reports
from masa.governance.models import AttendanceStatus
from masa.governance.services import meetings as services
from masa.governance.services import settings as settings_services
from tests import helpers as h
from tests.governance import factories as f

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def held() -> dict[str, int]:
    g = f.group("Zq attendance group")
    police = f.member(g, h.POLICE_BOTH)
    hospital = f.member(g, h.SUBGROUP_MEMBER)
    statuses = (AttendanceStatus.ABSENT, AttendanceStatus.APOLOGIES, AttendanceStatus.PRESENT)
    for hour, police_status in zip((8, 12, 16), statuses, strict=True):
        meeting = services.meeting_add(
            acting=f.unit(),
            group=g,
            starts_at=f.moment(-1, hour),
            ends_at=f.moment(-1, hour + 2),
            place="Zq room",
        )
        marks = {
            police.pk: (police_status, None),
            hospital.pk: (AttendanceStatus.PRESENT, None),
        }
        services.attendance_record(acting=f.unit(), meeting=meeting, marks=marks)
    return {"group": g.pk}


def _row(table: figures.Table, label: str) -> figures.Row:
    return next(row for row in table.rows if row.label == label)


def test_rates_by_agency_and_the_threshold(held: dict[str, int]) -> None:
    year = figures.financial_year_of(f.moment(-1).date())
    report = reports.attendance_report(f.unit(), year=year, group_id=held["group"])
    police = _row(report.by_agency, "Mercia Vale Police")
    assert [cell.value for cell in police.cells[:5]] == [3, 1, 0, 1, 1]
    assert police.cells[reports.RATE].text == "33.3%"
    hospital = _row(report.by_agency, "Northbridge Hospitals NHS Trust")
    assert hospital.cells[reports.RATE].text == "100.0%"
    assert report.below == {"Mercia Vale Police"}
    settings_services.threshold_set(acting=f.unit(), threshold=30)
    again = reports.attendance_report(f.unit(), year=year, group_id=held["group"])
    assert again.below == frozenset()
    with pytest.raises(ServiceError):
        settings_services.threshold_set(acting=f.unit(), threshold=101)
    assert report.by_agency.chart is not None
    assert _row(report.by_group, "Zq attendance group").cells[0].value == 6


def test_the_page_and_its_files_show_the_same_figures(held: dict[str, int]) -> None:
    client = h.signed_in(h.EXECUTIVE)
    query = f"?group={held['group']}"
    page = client.get("/governance/attendance/" + query)
    assert page.status_code == 200
    text = page.content.decode()
    assert "33.3%" in text
    assert "Below 75%" in text
    csv_text = client.get("/governance/attendance.csv" + query).content.decode()
    assert "by-agency,Mercia Vale Police,Attendance rate,33.3" in csv_text
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/governance/attendance.xlsx" + query).content)
    )
    first = book.worksheets[0]
    assert [c.value for c in first[2]][:6] == ["Mercia Vale Police", 3, 1, 0, 1, 1]


def test_bad_filters_are_refused_without_an_error_page(held: dict[str, int]) -> None:
    client = h.signed_in(h.EXECUTIVE)
    assert client.get("/governance/attendance/?year=1066&quarter=9&group=x").status_code == 400
    assert client.get("/governance/attendance.csv?year=x").status_code == 200


def test_a_member_of_another_partnership_sees_none_of_these_figures(held: dict[str, int]) -> None:
    page = h.signed_in(h.SOUTHMOOR_MANAGER).get("/governance/attendance/")
    assert "Zq attendance group" not in page.content.decode()
