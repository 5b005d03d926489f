"""Importing earlier years' grades: each bad row reported with its line and reason,
nothing imported when any row is bad, and the same file twice adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masa.audits.models import Case, Round
from masa.audits.services.grades_import import grades_import
from masa.core.errors import NotAllowed
from masa.core.models import Partnership
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

GOOD = (
    b"year,quarter,theme,case_reference,grade\n"
    b"2015-16,Q1,Zq Neglect,ZQ-1,good\n"
    b"2015-16,Q1,Zq Neglect,ZQ-2,inadequate\n"
    b"2015-16,Q2,Zq Self-harm,ZQ-3,requires_improvement\n"
)


def _sm() -> Partnership:
    return Partnership.objects.get(slug="southmoor")


def test_a_good_file_makes_closed_imported_rounds_and_twice_adds_nothing() -> None:
    first = grades_import(acting=None, partnership=_sm(), data=GOOD, file_name="g.csv")
    assert (first.ok, first.added, first.rounds_added) == (True, 3, 2)
    again = grades_import(acting=None, partnership=_sm(), data=GOOD, file_name="g.csv")
    assert (again.ok, again.added, again.already, again.rounds_added) == (True, 0, 3, 0)
    rounds = Round.objects.filter(partnership=_sm(), year="2015-16")
    assert rounds.count() == 2
    assert all(r.imported and r.status == Round.Status.CLOSED for r in rounds)
    assert Case.objects.filter(round__in=rounds).count() == 3


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported() -> None:
    data = (
        b"year,quarter,theme,case_reference,grade\n"
        b"2016-17,Q1,Zq Ok,ZQ-1,good\n"
        b"2016-18,Q5,Zq Bad,ZQ-2,good\n"
        b"2016-17,Q1,,ZQ-3,brilliant\n"
        b"2016-17,Q1,Zq Ok,ZQ-1,good\n"
        b"2016-17,Q1,Zq Ok\n"
    )
    result = grades_import(acting=None, partnership=_sm(), data=data, file_name="bad.csv")
    assert not result.ok
    assert [b.line for b in result.bad] == [3, 4, 5, 6]
    assert "the year '2016-18' is not like 2019-20" in result.bad[0].reason
    assert "the quarter 'Q5' is not Q1 to Q4" in result.bad[0].reason
    assert "the theme is missing" in result.bad[1].reason
    assert "the grade 'brilliant'" in result.bad[1].reason
    assert "the same case as line 2" in result.bad[2].reason
    assert "Expected 5 values, found 3" in result.bad[3].reason
    assert not Round.objects.filter(partnership=_sm(), year="2016-17").exists()


def test_a_wrong_header_is_refused() -> None:
    result = grades_import(
        acting=None, partnership=_sm(), data=b"year,quarter,theme,ref,grade\n", file_name="x.csv"
    )
    assert [str(b) for b in result.bad] == [
        "Line 1: The header must be year,quarter,theme,case_reference,grade"
    ]


def test_a_case_imported_with_another_grade_is_a_bad_row() -> None:
    grades_import(acting=None, partnership=_sm(), data=GOOD, file_name="g.csv")
    changed = GOOD.replace(b"ZQ-1,good", b"ZQ-1,inadequate")
    result = grades_import(acting=None, partnership=_sm(), data=changed, file_name="g.csv")
    assert [b.line for b in result.bad] == [2]
    assert Case.objects.get(partnership=_sm(), reference="ZQ-1").grade == "good"


def test_only_the_business_unit_imports_and_only_in_its_own_partnership() -> None:
    with pytest.raises(NotAllowed):
        grades_import(acting=h.acting(h.EXECUTIVE), partnership=_sm(), data=GOOD, file_name="g")
    with pytest.raises(NotAllowed):
        grades_import(
            acting=h.acting(h.BUSINESS_MANAGER), partnership=_sm(), data=GOOD, file_name="g"
        )


def test_the_command_imports_and_reports_bad_rows(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    call_command("audit_grades_import", str(good), "--partnership", "southmoor")
    assert Case.objects.filter(partnership=_sm(), round__year="2015-16").count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_bytes(GOOD + b"2015-16,Q9,Zq,ZQ-9,good\n")
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("audit_grades_import", str(bad), "--partnership", "southmoor")


def test_the_upload_page_lists_the_bad_rows_and_imports_a_good_file() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    bad = SimpleUploadedFile("g.csv", GOOD + b"2015-16,Q1,Zq,ZQ-9,awful\n", "text/csv")
    page = nadia.post("/audits/grades/import/", {"file": bad})
    assert page.status_code == 400
    assert "Line 5: the grade" in page.content.decode()
    assert not Round.objects.filter(partnership=_sm(), year="2015-16").exists()
    good = SimpleUploadedFile("g.csv", GOOD, "text/csv")
    page = nadia.post("/audits/grades/import/", {"file": good})
    assert page.status_code == 200
    assert "3 cases added" in page.content.decode()
