"""Imports from the finance system and the financial summary, against seed 001
appendix 2's published figures: net position 223,050 budgeted and 223,216 actual."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masa.core.errors import NotAllowed
from masa.core.models import AuditEvent, Partnership
from masa.finance import imports, selectors
from masa.finance.models import BudgetLine, Contribution
from tests import helpers as h
from tests.finance import seed

pytestmark = pytest.mark.usefixtures("demo")


def _northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import_seed(tmp_path: Path) -> None:
    call_command(
        "finance_import",
        str(_write(tmp_path, "budget.csv", seed.BUDGET)),
        partnership="northbridge",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    call_command(
        "finance_import",
        str(_write(tmp_path, "contributions.csv", seed.CONTRIBUTIONS)),
        "--contributions",
        partnership="northbridge",
        stdout=StringIO(),
        stderr=StringIO(),
    )


def test_seed_001_figures_give_its_published_totals_and_net_position(tmp_path: Path) -> None:
    _import_seed(tmp_path)
    out = StringIO()
    call_command("finance_summary", partnership="northbridge", year=seed.YEAR, stdout=out)
    data = json.loads(out.getvalue())
    assert data["total_staffing"] == {"budget": "213123.00", "actual": "268966.00"}
    assert data["total_non_staffing"] == {"budget": "132021.00", "actual": "107301.00"}
    assert data["total_income"] == {"budget": "122094.00", "actual": "153051.00"}
    assert data["net_position"] == {"budget": "223050.00", "actual": "223216.00"}
    assert data["contributions_total"] == "372097.00"
    assert [line["line"] for line in data["staffing"]] == [
        "Employees (permanent)",
        "Agency and consultants",
    ]


def test_the_same_files_twice_change_nothing(tmp_path: Path) -> None:
    _import_seed(tmp_path)
    events = AuditEvent.objects.filter(verb__startswith="finance.").count()
    lines = list(BudgetLine.objects.filter(partnership=_northbridge()).values())
    _import_seed(tmp_path)
    assert list(BudgetLine.objects.filter(partnership=_northbridge()).values()) == lines
    assert Contribution.objects.filter(partnership=_northbridge(), year=2019).count() == 4
    assert AuditEvent.objects.filter(verb__startswith="finance.").count() == events


def test_a_changed_figure_changes_only_its_line() -> None:
    manager = h.acting(h.BUSINESS_MANAGER)
    imports.budget_import(
        acting=manager, partnership=_northbridge(), data=seed.BUDGET.encode(), file_name="a.csv"
    )
    changed = seed.BUDGET.replace(
        'Development activities,"10,000","5,794"', "Development activities,10000,6000"
    )
    result = imports.budget_import(
        acting=manager, partnership=_northbridge(), data=changed.encode(), file_name="b.csv"
    )
    assert (result.added, result.changed, result.unchanged) == (0, 1, 7)
    summary = selectors.summary(acting=manager, year=2019)
    assert summary.net_position.actual == Decimal("223422.00")


def test_each_bad_row_is_reported_with_its_line_and_nothing_is_imported(tmp_path: Path) -> None:
    bad = (
        "year,section,line,budget,actual\n"
        "2019-20,staffing,Employees (permanent),100,100\n"
        "2019-21,staffing,Agency and consultants,1,1\n"
        "2019-20,catering,Sandwiches,1,1\n"
        "2019-20,income,Other income,-5,1\n"
        "2019-20,staffing,Employees (permanent),1,1\n"
        "2019-20,staffing,Biscuits,1,1\n"
        "2019-20,income,Other income,ten,1\n"
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.budget_import(
            acting=None, partnership=_northbridge(), data=bad.encode(), file_name="bad.csv"
        )
    assert [row.line for row in refused.value.bad_rows] == [3, 4, 5, 6, 7, 8]
    messages = [row.message for row in refused.value.bad_rows]
    assert "not a financial year" in messages[0]
    assert "not a section" in messages[1]
    assert "negative" in messages[2]
    assert "already on line 2" in messages[3]
    assert "not a staffing line" in messages[4]
    assert "not an amount" in messages[5]
    assert not BudgetLine.objects.filter(partnership=_northbridge(), year=2019).exists()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "finance_import",
            str(_write(tmp_path, "bad.csv", bad)),
            partnership="northbridge",
            stdout=StringIO(),
            stderr=err,
        )
    assert "Line 4: 'catering' is not a section" in err.getvalue()


def test_bad_contribution_rows_and_bad_files_are_refused() -> None:
    bad = "year,agency,amount\n2019-20,Nobody at all,5\n2019-20,Mercia Vale Police,\n"
    with pytest.raises(imports.ImportRefused) as refused:
        imports.contributions_import(
            acting=None, partnership=_northbridge(), data=bad.encode(), file_name="c.csv"
        )
    assert [row.line for row in refused.value.bad_rows] == [2, 3]
    for data in (b"", b"year,agency\n2019-20,x\n", b"\xff\xfe\x00\x00", b"year,agency,amount\n"):
        with pytest.raises(imports.ImportRefused):
            imports.contributions_import(
                acting=None, partnership=_northbridge(), data=data, file_name="c.csv"
            )


def test_only_the_business_unit_imports() -> None:
    for who in (h.EXECUTIVE, h.SCRUTINEER, h.PRACTITIONER):
        with pytest.raises(NotAllowed):
            imports.budget_import(
                acting=h.acting(who),
                partnership=_northbridge(),
                data=seed.BUDGET.encode(),
                file_name="a.csv",
            )
    result = imports.budget_import(
        acting=h.acting(h.BUSINESS_UNIT_OFFICER),
        partnership=_northbridge(),
        data=seed.BUDGET.encode(),
        file_name="a.csv",
    )
    assert result.added == 8
    assert AuditEvent.objects.filter(verb="finance.budget_import").exists()


def test_figures_only_roles_see_the_totals_and_not_the_lines(tmp_path: Path) -> None:
    _import_seed(tmp_path)
    full = selectors.summary(acting=h.acting(h.EXECUTIVE), year=2019)
    totals = selectors.summary(acting=h.acting(h.SCRUTINEER), year=2019)
    assert full.detail
    assert len(full.contributions) == 4
    assert full.staffing.lines
    assert not totals.detail
    assert totals.contributions == ()
    assert totals.staffing.lines == ()
    assert totals.net_position == full.net_position
    assert totals.contributions_total == full.contributions_total
    with pytest.raises(NotAllowed):
        selectors.summary(acting=h.acting(h.PRACTITIONER), year=2019)
