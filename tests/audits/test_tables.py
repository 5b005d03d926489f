"""Table 1 and Table 2 of the yearly report, computed from seed 001's own published
figures: Walsall's children's multi-agency audits, 2019-20 to 2022-23."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from masa.audits import rules, tables
from masa.audits.services.grades_import import grades_import
from masa.core.models import Partnership

pytestmark = pytest.mark.usefixtures("demo")

# Table 1, 2022-23: (quarter, theme, good, requires improvement, inadequate).
TABLE1_2022 = [
    ("Q1", "JTAI-Exploitation", 2, 2, 1),
    ("Q2", "Self-Harm", 2, 3, 0),
    ("Q3", "JTAI -Exploitation", 1, 3, 1),
    ("Q4", "Neglect", 2, 2, 1),
]
# Earlier years, as counts that give Table 2's published shares.
EARLIER = {
    "2021-22": {"good": 12, "requires_improvement": 8},
    "2020-21": {"outstanding": 1, "good": 14, "requires_improvement": 7, "inadequate": 1},
    "2019-20": {"good": 9, "requires_improvement": 25, "inadequate": 6},
}


def seed_csv() -> bytes:
    lines = ["year,quarter,theme,case_reference,grade"]
    for quarter, theme, *counts in TABLE1_2022:
        n = 0
        for grade, count in zip(
            ("good", "requires_improvement", "inadequate"), counts, strict=True
        ):
            for _ in range(count):
                n += 1
                lines.append(f"2022-23,{quarter},{theme},W22-{quarter}-{n},{grade}")
    for year, by_grade in EARLIER.items():
        n = 0
        for grade, count in by_grade.items():
            for _ in range(count):
                n += 1
                lines.append(f"{year},Q1,All themes,W{year}-{n},{grade}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def walsall() -> Partnership:
    partnership = Partnership.objects.create(name="Zq Walsall", slug="zq-walsall", area="Zq")
    result = grades_import(
        acting=None, partnership=partnership, data=seed_csv(), file_name="seed.csv"
    )
    assert result.ok, result.bad
    return partnership


def test_halves_go_up_as_the_published_table_rounds_them() -> None:
    assert rules.whole_per_cent(9, 40) == 23  # 22.5
    assert rules.whole_per_cent(25, 40) == 63  # 62.5
    assert rules.whole_per_cent(1, 23) == 4
    assert rules.whole_per_cent(0, 0) == 0


def test_table1_for_2022_23_is_the_seeds(walsall: Partnership) -> None:
    rows = tables.table1(walsall, "2022-23")
    assert [(r.quarter, r.theme, *r.figures()) for r in rows] == [
        ("Q1", "JTAI-Exploitation", 0, 2, 2, 1, 5),
        ("Q2", "Self-Harm", 0, 2, 3, 0, 5),
        ("Q3", "JTAI -Exploitation", 0, 1, 3, 1, 5),
        ("Q4", "Neglect", 0, 2, 2, 1, 5),
    ]
    assert tables.total_row(rows, "2022-23").figures() == [0, 7, 10, 3, 20]


def test_table2_gives_the_seeds_published_shares(walsall: Partnership) -> None:
    assert [(r.year, r.cases, *r.figures()) for r in tables.table2(walsall)] == [
        ("2019-20", 40, 0, 23, 63, 15),
        ("2020-21", 23, 4, 61, 30, 4),
        ("2021-22", 20, 0, 60, 40, 0),
        ("2022-23", 20, 0, 35, 50, 15),
    ]


def test_the_command_prints_the_json_the_issue_names(walsall: Partnership) -> None:
    out = StringIO()
    call_command("audit_grades", "--partnership", "zq-walsall", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["table1", "table2"]
    assert data["table1"][0] == {
        "year": "2019-20",
        "quarter": "Q1",
        "theme": "All themes",
        "outstanding": 0,
        "good": 9,
        "requires_improvement": 25,
        "inadequate": 6,
        "total": 40,
    }
    assert {
        "year": "2022-23",
        "quarter": "Q1",
        "theme": "JTAI-Exploitation",
        "outstanding": 0,
        "good": 2,
        "requires_improvement": 2,
        "inadequate": 1,
        "total": 5,
    } in data["table1"]
    assert data["table2"][-1] == {
        "year": "2022-23",
        "cases": 20,
        "outstanding_pct": 0,
        "good_pct": 35,
        "requires_improvement_pct": 50,
        "inadequate_pct": 15,
    }
    assert [row["year"] for row in data["table2"]] == ["2019-20", "2020-21", "2021-22", "2022-23"]


def test_the_csv_holds_both_tables(walsall: Partnership) -> None:
    out = StringIO()
    call_command("audit_grades", "--partnership", "zq-walsall", "--format", "csv", stdout=out)
    text = out.getvalue()
    assert "Table 1,2022-23,Total,,0,7,10,3,20" in text
    assert "Table 2,2022-23,20,0,35,50,15" in text
