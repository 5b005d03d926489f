"""Earlier years' audit grades, which partnerships hold in spreadsheets, imported from
CSV with the header `year,quarter,theme,case_reference,grade`.

Every row is checked first; if any is bad, each bad row is reported with its line and
reason and nothing is imported. A case already imported with the same grade is left
alone, so importing the same file twice adds nothing. Each (year, quarter, theme)
becomes a closed round marked `imported`, its cases graded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from masa.audits import policies, rules
from masa.audits.models import Case, Round
from masa.audits.services.common import today
from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Partnership

HEADER = ["year", "quarter", "theme", "case_reference", "grade"]
MOST_ROWS = 20_000


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    rows: int = 0
    added: int = 0
    already: int = 0
    rounds_added: int = 0
    bad: list[BadRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.bad


@dataclass(frozen=True)
class GradeRow:
    line: int
    year: str
    quarter: str
    theme: str
    reference: str
    grade: str


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ServiceError("The file must be a CSV saved as UTF-8", field="file") from error


def parse(text: str) -> tuple[list[GradeRow], list[BadRow]]:
    """The file's rows, and its bad rows with their line and reason."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != HEADER:
        return [], [BadRow(1, f"The header must be {','.join(HEADER)}")]
    rows: list[GradeRow] = []
    bad: list[BadRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(bad) >= MOST_ROWS:
            bad.append(BadRow(line, f"The file has more than {MOST_ROWS:,} rows"))
            break
        if len(cells) != len(HEADER):
            bad.append(BadRow(line, f"Expected {len(HEADER)} values, found {len(cells)}"))
            continue
        year, quarter, theme, reference, grade = (cell.strip() for cell in cells)
        reasons = []
        if not rules.is_year(year):
            reasons.append(f"the year {year!r} is not like 2019-20")
        if quarter.upper() not in rules.QUARTERS:
            reasons.append(f"the quarter {quarter!r} is not Q1 to Q4")
        if not theme:
            reasons.append("the theme is missing")
        elif len(theme) > 200:
            reasons.append("the theme is longer than 200 characters")
        if not reference:
            reasons.append("the case reference is missing")
        elif len(reference) > 40:
            reasons.append("the case reference is longer than 40 characters")
        if grade.lower() not in rules.GRADE_CODES:
            reasons.append(f"the grade {grade!r} is not one of {', '.join(rules.GRADE_CODES)}")
        if reasons:
            bad.append(BadRow(line, "; ".join(reasons)))
            continue
        key = (year, quarter.upper(), theme.lower(), reference.lower())
        if key in seen:
            bad.append(BadRow(line, f"the same case as line {seen[key]}"))
            continue
        seen[key] = line
        rows.append(GradeRow(line, year, quarter.upper(), theme, reference, grade.lower()))
    return rows, bad


Progress = Callable[[int, int], None]


@transaction.atomic
def grades_import(
    *,
    acting: Acting | None,
    partnership: Partnership,
    data: bytes,
    file_name: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Import earlier years' grades into `partnership` (a person needs case_audit.manage
    there; `acting=None` is the command line). All or nothing."""
    if acting is not None:
        policies.rounds.require(acting, "manage")
        if acting.partnership_id != partnership.pk:
            raise NotAllowed("You do not have permission to do that.")
    rows, bad = parse(_decode(data))
    result = ImportResult(rows=len(rows) + len(bad), bad=bad)
    rounds = {
        (r.year, r.quarter, r.theme.lower()): r
        for r in Round.objects.filter(partnership=partnership)
    }
    existing = {
        (c.round_id, c.reference.lower()): c
        for c in Case.objects.filter(partnership=partnership).only(
            "pk", "round_id", "reference", "grade"
        )
    }
    for row in rows:
        found = rounds.get((row.year, row.quarter, row.theme.lower()))
        if found is None:
            continue
        if not found.imported:
            result.bad.append(
                BadRow(row.line, f"{found} is a round run in MASA: its grades come from its panel")
            )
            continue
        case = existing.get((found.pk, row.reference.lower()))
        if case is not None and case.grade != row.grade:
            result.bad.append(
                BadRow(row.line, f"case {row.reference} was imported before as {case.grade}")
            )
    if result.bad:
        result.bad.sort(key=lambda b: b.line)
        return result
    day = today()
    for number, row in enumerate(rows, start=1):
        key = (row.year, row.quarter, row.theme.lower())
        round_ = rounds.get(key)
        if round_ is None:
            round_ = Round.objects.create(
                partnership=partnership,
                year=row.year,
                quarter=row.quarter,
                theme=row.theme,
                why_chosen="Imported from an earlier year's records.",
                case_count=0,
                status=Round.Status.CLOSED,
                closed_on=day,
                imported=True,
            )
            rounds[key] = round_
            result.rounds_added += 1
        if (round_.pk, row.reference.lower()) in existing:
            result.already += 1
        else:
            case = Case.objects.create(
                partnership=partnership, round=round_, reference=row.reference, grade=row.grade
            )
            existing[(round_.pk, row.reference.lower())] = case
            result.added += 1
        if progress is not None:
            progress(number, len(rows))
    for round_ in rounds.values():
        if round_.imported:
            count = round_.cases.count()
            if round_.case_count != count:
                Round.objects.filter(pk=round_.pk).update(case_count=count)
    audit.record(
        acting,
        "audit_grades.import",
        partnership,
        audit.values(rows=len(rows), added=result.added, file=file_name[:200]),
        partnership=partnership,
        target_label="Audit grades",
    )
    return result
