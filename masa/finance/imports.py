"""Imports from the council's finance system: the budget against actual
(`year,section,line,budget,actual`) and partners' contributions (`year,agency,amount`).

Every row is checked before anything is written: each bad row is reported with its
line number (the header is line 1) and, if any row is bad, nothing is imported. A row
sets its line's figures; importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.figures import parse_year_label, year_label
from masa.core.models import Agency, Partnership
from masa.finance import policies
from masa.finance.models import BudgetCategory, BudgetLine, Contribution, Section
from masa.finance.services import categories_ensure_defaults

BUDGET_HEADER = ("year", "section", "line", "budget", "actual")
CONTRIBUTIONS_HEADER = ("year", "agency", "amount")
MOST_POUNDS = Decimal("9999999999.99")
MAX_BYTES = 2 * 1024 * 1024

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BadRow:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


class ImportRefused(ServiceError):
    """The file was refused; `bad_rows` says which rows and why. Nothing was imported."""

    def __init__(self, message: str, bad_rows: list[BadRow] | None = None) -> None:
        super().__init__(message, field="file")
        self.bad_rows = bad_rows or []


@dataclass
class ImportResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    years: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged "
            f"({', '.join(self.years) or 'no years'})"
        )


def plain(text: str) -> str:
    """A name compared without case, punctuation, "&" or "etc"."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split()
    return " ".join(word for word in words if word != "etc")


def decode(data: bytes) -> str:
    if not data.strip():
        raise ImportRefused("The file is empty")
    if len(data) > MAX_BYTES:
        raise ImportRefused("The file must be smaller than 2 MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportRefused("The file is not a CSV file: it could not be read") from None
    if "\x00" in text:
        raise ImportRefused("The file is not a CSV file: save it as CSV and try again")
    return text


def _rows(text: str, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader, None)
        if first is None or tuple(plain(cell) for cell in first) != header:
            raise ImportRefused(f"The first line must be the header {','.join(header)}")
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error:
        raise ImportRefused(
            f"The file is not a valid CSV file (a problem near line {reader.line_num})"
        ) from None


def parse_pounds(text: str) -> Decimal:
    """ "£1,234.50" → Decimal("1234.50"); an empty cell is 0. ValueError if not an amount
    in pounds and pence that is zero or more."""
    cleaned = text.replace("£", "").replace(",", "").strip()
    if not cleaned:
        return Decimal("0")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount in pounds") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{text!r} is not an amount in pounds and pence")
    if amount < 0:
        raise ValueError(f"{text!r} is negative: give every amount, income too, as positive")
    if amount > MOST_POUNDS:
        raise ValueError(f"{text!r} is too large")
    return amount.quantize(Decimal("0.01"))


def _year(text: str) -> int:
    try:
        return parse_year_label(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a financial year like 2022-23") from None


@dataclass(frozen=True)
class BudgetRow:
    line: int
    year: int
    category: BudgetCategory
    budget: Decimal
    actual: Decimal


@dataclass(frozen=True)
class ContributionRow:
    line: int
    year: int
    agency: Agency
    amount: Decimal


def _check_cells(cells: list[str], width: int) -> None:
    if len(cells) != width:
        raise ValueError(f"expected {width} values, found {len(cells)}")


def parse_budget(partnership: Partnership, data: bytes) -> list[BudgetRow]:
    """Every row of a budget file, checked; `ImportRefused` listing each bad row."""
    categories = {
        (category.section, plain(category.name)): category
        for category in BudgetCategory.objects.filter(partnership=partnership)
    }
    rows: list[BudgetRow] = []
    bad: list[BadRow] = []
    seen: dict[tuple[int, int], int] = {}
    for number, cells in _rows(decode(data), BUDGET_HEADER):
        try:
            _check_cells(cells, len(BUDGET_HEADER))
            year_text, section, name, budget, actual = cells
            year = _year(year_text)
            if section not in Section.values:
                raise ValueError(
                    f"{section!r} is not a section: use staffing, non_staffing or income"
                )
            category = categories.get((section, plain(name)))
            if category is None:
                known = "; ".join(c.name for (s, _), c in categories.items() if s == section)
                raise ValueError(
                    f"{name!r} is not a {section} line of the budget (the lines are: {known})"
                )
            amounts = parse_pounds(budget), parse_pounds(actual)
            key = (year, category.pk)
            if key in seen:
                raise ValueError(
                    f"{year_label(year)} {category.name} is already on line {seen[key]}"
                )
            seen[key] = number
            rows.append(BudgetRow(number, year, category, *amounts))
        except ValueError as error:
            bad.append(BadRow(number, str(error)))
    _refuse_if_bad(bad, rows)
    return rows


def parse_contributions(partnership: Partnership, data: bytes) -> list[ContributionRow]:
    """Every row of a contributions file, checked; `ImportRefused` listing each bad row."""
    agencies = {
        plain(agency.name): agency
        for agency in Agency.objects.filter(partnershipagency__partnership=partnership)
    }
    rows: list[ContributionRow] = []
    bad: list[BadRow] = []
    seen: dict[tuple[int, int], int] = {}
    for number, cells in _rows(decode(data), CONTRIBUTIONS_HEADER):
        try:
            _check_cells(cells, len(CONTRIBUTIONS_HEADER))
            year_text, name, amount = cells
            year = _year(year_text)
            agency = agencies.get(plain(name))
            if agency is None:
                raise ValueError(f"{name!r} is not an agency of {partnership.name}")
            if not amount.strip():
                raise ValueError("the amount is missing")
            pounds = parse_pounds(amount)
            key = (year, agency.pk)
            if key in seen:
                raise ValueError(f"{year_label(year)} {agency.name} is already on line {seen[key]}")
            seen[key] = number
            rows.append(ContributionRow(number, year, agency, pounds))
        except ValueError as error:
            bad.append(BadRow(number, str(error)))
    _refuse_if_bad(bad, rows)
    return rows


def _refuse_if_bad(bad: list[BadRow], rows: Sequence[object]) -> None:
    if bad:
        raise ImportRefused(
            f"Nothing was imported: {len(bad)} row{'s are' if len(bad) != 1 else ' is'} wrong",
            bad,
        )
    if not rows:
        raise ImportRefused("Nothing was imported: the file has a header but no rows")


def _allowed(acting: Acting | None, partnership: Partnership) -> None:
    """A person importing needs finance.manage across this partnership; a command run
    by the installation (acting None) may import for any partnership."""
    if acting is not None:
        policies.finance.require(acting, "manage_here")
        if not acting.is_in(partnership.pk):
            raise ServiceError("You can only import into the partnership you are working in")


@transaction.atomic
def budget_import(
    *,
    acting: Acting | None,
    partnership: Partnership,
    data: bytes,
    file_name: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Set each line's budget and actual from the file; all rows or none."""
    _allowed(acting, partnership)
    categories_ensure_defaults(partnership)
    rows = parse_budget(partnership, data)
    result = ImportResult()
    existing = {
        (line.year, line.category_id): line
        for line in BudgetLine.objects.select_for_update().filter(
            partnership=partnership, year__in={row.year for row in rows}
        )
    }
    for done, row in enumerate(rows, start=1):
        line = existing.get((row.year, row.category.pk))
        if line is None:
            BudgetLine.objects.create(
                partnership=partnership,
                year=row.year,
                category=row.category,
                budget=row.budget,
                actual=row.actual,
            )
            result.added += 1
        elif (line.budget, line.actual) != (row.budget, row.actual):
            line.budget, line.actual = row.budget, row.actual
            line.save(update_fields=["budget", "actual"])
            result.changed += 1
        else:
            result.unchanged += 1
        if progress is not None:
            progress(done, len(rows))
    result.years = [year_label(year) for year in sorted({row.year for row in rows})]
    _record(acting, "finance.budget_import", partnership, file_name, result)
    return result


@transaction.atomic
def contributions_import(
    *,
    acting: Acting | None,
    partnership: Partnership,
    data: bytes,
    file_name: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Set each agency's cash contribution for each year from the file; all or none."""
    _allowed(acting, partnership)
    rows = parse_contributions(partnership, data)
    result = ImportResult()
    existing = {
        (c.year, c.agency_id): c
        for c in Contribution.objects.select_for_update().filter(
            partnership=partnership, year__in={row.year for row in rows}
        )
    }
    for done, row in enumerate(rows, start=1):
        contribution = existing.get((row.year, row.agency.pk))
        if contribution is None:
            Contribution.objects.create(
                partnership=partnership, year=row.year, agency=row.agency, amount=row.amount
            )
            result.added += 1
        elif contribution.amount != row.amount:
            contribution.amount = row.amount
            contribution.save(update_fields=["amount"])
            result.changed += 1
        else:
            result.unchanged += 1
        if progress is not None:
            progress(done, len(rows))
    result.years = [year_label(year) for year in sorted({row.year for row in rows})]
    _record(acting, "finance.contributions_import", partnership, file_name, result)
    return result


def _record(
    acting: Acting | None, verb: str, partnership: Partnership, file_name: str, result: ImportResult
) -> None:
    if result.added == 0 and result.changed == 0:
        return  # the same file again: nothing changed, nothing to record
    audit.record(
        acting,
        verb,
        partnership,
        {
            "file": {"old": None, "new": file_name[:200]},
            "years": {"old": None, "new": result.years},
            "added": {"old": None, "new": result.added},
            "changed": {"old": None, "new": result.changed},
            "unchanged": {"old": None, "new": result.unchanged},
        },
        partnership=partnership,
    )
