"""The yearly report's tables of case audit grades, as seed 001 lays them out.

* Table 1: for a year, a row per round (quarter, theme) with the count of cases at
  each grade and the total, then a total row.
* Table 2: for each year, the share of cases at each grade in whole per cent, halves
  rounded up (`rules.whole_per_cent`).
* The practice-area themes: good practice and areas for development per practice
  area across a year's rounds.

Only graded cases count. These are aggregate figures: anyone with case_audit.view at
any scope (aggregate roles included) may read them; they name no case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from masa.audits import rules
from masa.audits.models import AreaGrade, PracticeArea, Round
from masa.core.models import Partnership


@dataclass
class Table1Row:
    year: str
    quarter: str
    theme: str
    counts: dict[str, int]
    round_id: int | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "quarter": self.quarter,
            "theme": self.theme,
            **{code: self.counts[code] for code in rules.GRADE_CODES},
            "total": self.total,
        }

    def figures(self) -> list[int]:
        return [*(self.counts[code] for code in rules.GRADE_CODES), self.total]


@dataclass
class Table2Row:
    year: str
    counts: dict[str, int]

    @property
    def cases(self) -> int:
        return sum(self.counts.values())

    @property
    def shares(self) -> dict[str, int]:
        return rules.shares(self.counts)

    @property
    def good_or_better(self) -> int:
        return rules.whole_per_cent(sum(self.counts[c] for c in rules.GOOD_OR_BETTER), self.cases)

    def as_json(self) -> dict[str, Any]:
        shares = self.shares
        return {
            "year": self.year,
            "cases": self.cases,
            **{f"{code}_pct": shares[code] for code in rules.GRADE_CODES},
        }

    def figures(self) -> list[int]:
        shares = self.shares
        return [shares[code] for code in rules.GRADE_CODES]


def _counted(rounds: Any) -> Any:
    return rounds.annotate(
        **{f"n_{code}": Count("cases", filter=Q(cases__grade=code)) for code in rules.GRADE_CODES}
    )


def table1(partnership: Partnership, year: str | None = None) -> list[Table1Row]:
    """A row per round (of `year`, or of every year oldest first), in quarter order."""
    rounds = Round.objects.filter(partnership=partnership)
    if year is not None:
        rounds = rounds.filter(year=year)
    rows = _counted(rounds.order_by("year", "quarter", "pk")).values(
        "pk", "year", "quarter", "theme", *(f"n_{code}" for code in rules.GRADE_CODES)
    )
    return [
        Table1Row(
            row["year"],
            row["quarter"],
            row["theme"],
            {code: row[f"n_{code}"] for code in rules.GRADE_CODES},
            row["pk"],
        )
        for row in rows
    ]


def total_row(rows: list[Table1Row], year: str) -> Table1Row:
    return Table1Row(
        year, "Total", "", {code: sum(r.counts[code] for r in rows) for code in rules.GRADE_CODES}
    )


def table2(partnership: Partnership) -> list[Table2Row]:
    """Each year with graded cases, oldest first."""
    counts: dict[str, dict[str, int]] = {}
    for row in table1(partnership):
        year = counts.setdefault(row.year, dict.fromkeys(rules.GRADE_CODES, 0))
        for code in rules.GRADE_CODES:
            year[code] += row.counts[code]
    return [Table2Row(year, c) for year, c in sorted(counts.items()) if sum(c.values())]


def years(partnership: Partnership) -> list[str]:
    return sorted(set(Round.objects.filter(partnership=partnership).values_list("year", flat=True)))


def grades_json(partnership: Partnership) -> dict[str, list[dict[str, Any]]]:
    """Table 1 (every year's rounds) and Table 2, years oldest first."""
    return {
        "table1": [row.as_json() for row in table1(partnership)],
        "table2": [row.as_json() for row in table2(partnership)],
    }


@dataclass
class AreaThemes:
    area: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.GRADE_CODES, 0))
    good_practice: list[tuple[str, str]] = field(default_factory=list)  # (round, text)
    improvement: list[tuple[str, str]] = field(default_factory=list)

    @property
    def graded(self) -> list[tuple[str, int]]:
        """The grades given in this area, by label, leaving out those never given."""
        return [(label, self.counts[code]) for code, label in rules.GRADES if self.counts[code]]


def practice_area_themes(partnership: Partnership, year: str) -> list[AreaThemes]:
    """Per practice area, the year's grades and the good practice and areas for
    development the panels wrote, by round."""
    themes = {area.value: AreaThemes(area.value, area.label) for area in PracticeArea}
    grades = (
        AreaGrade.objects.filter(case__partnership=partnership, case__round__year=year)
        .select_related("case__round")
        .order_by("case__round__quarter", "case__round__pk", "case__reference")
    )
    for grade in grades:
        row = themes[grade.practice_area]
        row.counts[grade.grade] += 1
        where = f"{grade.case.round.quarter} {grade.case.round.theme}"
        if grade.good_practice:
            row.good_practice.append((where, grade.good_practice))
        if grade.improvement:
            row.improvement.append((where, grade.improvement))
    return list(themes.values())
