"""Checking what agencies return, and the comparators file: pure functions, no database.

A draft keeps whatever was typed; these functions decide whether it can be submitted.
Every message names the indicator, so it makes sense in an error summary, and can be
prefixed with where the value came from ("Sheet Return, cell C9: ...").

Numbers are read the way people type them: "1,234", "12.5", "85%" and " 7 " are
numbers; "12 children", "1.2.3" and "7e3" are not.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from masa.insight import periods
from masa.insight.periods import Period

NOT_AVAILABLE_WORDS = frozenset({"n/a", "na", "not available", "n.a.", "unavailable"})
PLACES = Decimal("0.0001")
LARGEST = Decimal("9999999999")  # 14 digits with 4 after the point
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")


@dataclass(frozen=True)
class Rules:
    """What a valid figure for one indicator looks like."""

    code: str
    name: str
    unit: str  # Unit values: count, percent, rate, days, number
    fraction: bool = False  # entered as a numerator and a denominator
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    numerator_label: str = ""
    denominator_label: str = ""

    @property
    def whole(self) -> bool:
        return self.unit == "count"


@dataclass(frozen=True)
class Entry:
    """One indicator's entry as typed."""

    value: str = ""
    numerator: str = ""
    denominator: str = ""
    narrative: str = ""
    not_available: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.value.strip()
            or self.numerator.strip()
            or self.denominator.strip()
            or self.narrative.strip()
            or self.not_available
        )


@dataclass(frozen=True)
class Problem:
    code: str
    field: str  # value, numerator, denominator or narrative
    message: str


@dataclass(frozen=True)
class Checked:
    """A valid figure, ready to submit."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    narrative: str = ""
    not_available: bool = False


def parse_number(text: str) -> Decimal | None:
    """The number typed in `text` (commas between thousands allowed), or None."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def decimal_places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _whole_number(text: str, name: str, what: str, code: str, field_name: str) -> int | Problem:
    cleaned = text.strip()
    if not cleaned:
        return Problem(code, field_name, f"{name}: enter the {what}")
    number = parse_number(cleaned)
    if number is None or number != number.to_integral_value():
        return Problem(code, field_name, f"{name}: the {what} must be a whole number, like 12")
    if number < 0:
        return Problem(code, field_name, f"{name}: the {what} must be 0 or more")
    if number > 2_000_000_000:
        return Problem(code, field_name, f"{name}: the {what} is too large")
    return int(number)


def check(
    rules: Rules, entry: Entry, *, complete: bool = True
) -> tuple[Checked | None, list[Problem]]:
    """Check one entry. With `complete`, an empty figure is a problem (submitting); without,
    only what was typed is checked (an upload into a draft). Returns the figure when it
    is valid, and the problems."""
    name, code = rules.name, rules.code
    narrative = entry.narrative.strip()
    typed = any(part.strip() for part in (entry.value, entry.numerator, entry.denominator))
    if entry.not_available:
        problems: list[Problem] = []
        if typed:
            problems.append(
                Problem(
                    code,
                    "numerator" if rules.fraction else "value",
                    f"{name}: either give the figure or mark it not available, not both",
                )
            )
        if not narrative:
            problems.append(
                Problem(
                    code,
                    "narrative",
                    f"{name}: say in the narrative why the figure is not available",
                )
            )
        if problems:
            return None, problems
        return Checked(None, narrative=narrative, not_available=True), []
    if rules.fraction:
        return _check_fraction(rules, entry, narrative, complete=complete)
    text = entry.value.strip()
    if not text:
        if complete:
            return None, [
                Problem(
                    code,
                    "value",
                    f"{name}: enter the figure, or mark it not available and say why",
                )
            ]
        return None, []
    if rules.unit == "percent" and text.endswith("%"):
        text = text[:-1].strip()
    number = parse_number(text)
    if number is None:
        example = "like 12" if rules.whole else "like 12 or 12.5"
        return None, [Problem(code, "value", f"{name}: the figure must be a number, {example}")]
    problem = _range_problem(rules, number)
    if problem is not None:
        return None, [problem]
    if rules.whole and number != number.to_integral_value():
        return None, [Problem(code, "value", f"{name}: the figure must be a whole number, like 12")]
    if decimal_places(number) > 4:
        return None, [
            Problem(code, "value", f"{name}: the figure must have 4 decimal places or fewer")
        ]
    return Checked(number, narrative=narrative), []


def _range_problem(rules: Rules, number: Decimal) -> Problem | None:
    name, code = rules.name, rules.code
    low = rules.minimum
    high = rules.maximum
    if rules.unit == "percent":
        low = max(low, Decimal(0)) if low is not None else Decimal(0)
        high = min(high, Decimal(100)) if high is not None else Decimal(100)
    if low is not None and number < low:
        return Problem(code, "value", f"{name}: the figure must be {_plain(low)} or more")
    if high is not None and number > high:
        return Problem(code, "value", f"{name}: the figure must be {_plain(high)} or less")
    if abs(number) > LARGEST:
        return Problem(code, "value", f"{name}: the figure is too large")
    return None


def _check_fraction(
    rules: Rules, entry: Entry, narrative: str, *, complete: bool
) -> tuple[Checked | None, list[Problem]]:
    name, code = rules.name, rules.code
    counted = (rules.numerator_label or "number counted").lower()
    out_of = (rules.denominator_label or "number it is out of").lower()
    top_text, bottom_text = entry.numerator.strip(), entry.denominator.strip()
    if not complete and not top_text and not bottom_text:
        return None, []
    if not top_text and not bottom_text:
        return None, [
            Problem(
                code,
                "numerator",
                f"{name}: enter the figures, or mark them not available and say why",
            )
        ]
    problems: list[Problem] = []
    top = bottom = None
    if top_text or complete:
        result = _whole_number(top_text, name, f"number of {counted}", code, "numerator")
        if isinstance(result, Problem):
            problems.append(result)
        else:
            top = result
    if bottom_text or complete:
        result = _whole_number(bottom_text, name, f"number of {out_of}", code, "denominator")
        if isinstance(result, Problem):
            problems.append(result)
        else:
            bottom = result
    if problems:
        return None, problems
    if top is None or bottom is None:
        # A draft with half a fraction: nothing wrong with what was typed so far.
        return None, []
    if bottom == 0:
        return None, [
            Problem(
                code,
                "denominator",
                f"{name}: the number of {out_of} must be more than 0 (if there were none, mark "
                "the figure not available and say why)",
            )
        ]
    if top > bottom:
        return None, [
            Problem(
                code,
                "numerator",
                f"{name}: the number of {counted} ({top:,}) must not be more than the number "
                f"of {out_of} ({bottom:,})",
            )
        ]
    value = (Decimal(top) * 100 / Decimal(bottom)).quantize(PLACES)
    problem = _range_problem(rules, value)
    if problem is not None:
        return None, [Problem(code, "numerator", problem.message)]
    return Checked(value, top, bottom, narrative=narrative), []


def is_not_available(text: str) -> bool:
    """Whether a cell says the figure is not available ("N/A", "not available")."""
    return text.strip().lower() in NOT_AVAILABLE_WORDS


# --- comparators ------------------------------------------------------------------------

COMPARATOR_KINDS: dict[str, str] = {
    "england": "england",
    "national": "england",
    "region": "region",
    "regional": "region",
    "statistical neighbours": "neighbours",
    "statistical neighbour": "neighbours",
    "stat neighbours": "neighbours",
    "neighbours": "neighbours",
}
COMPARATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("Indicator code", "Indicator", "Code"),
    "comparator": ("Comparator", "Comparison", "Benchmark"),
    "period": ("Period", "Year", "Quarter"),
    "value": ("Value", "Figure"),
}
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_LABEL = "2 MB"


class FileRefused(Exception):
    """The whole file is refused: not CSV, or without the columns needed."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ComparatorRow:
    line: int
    code: str
    kind: str  # Comparator.Kind value
    period: Period
    value: Decimal


@dataclass
class ComparatorFile:
    rows: list[ComparatorRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _normalise(heading: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", heading.lower()).split())


def _decode(data: bytes) -> str:
    if not data.strip():
        raise FileRefused("The file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRefused("The file is not a CSV file: it could not be read") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise FileRefused("The file is not a CSV file: save it as CSV and upload it again")
    return text


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error:
        raise FileRefused(
            f"The file is not a valid CSV file (a problem near line {reader.line_num})"
        ) from None


def parse_comparators(data: bytes) -> ComparatorFile:
    """Rows of a comparators CSV: indicator code, comparator (England, Region or
    Statistical neighbours), period ("2025-26" or "2025-26 Q3") and value. Each bad row
    is a problem with its line number; the header must be on the first line."""
    rows = _rows(_decode(data))
    try:
        _, header = next(rows)
    except StopIteration:
        raise FileRefused("The file is empty") from None
    lookup = {
        _normalise(spelling): key
        for key, spellings in COMPARATOR_COLUMNS.items()
        for spelling in spellings
    }
    positions: dict[str, int] = {}
    for position, heading in enumerate(header):
        key = lookup.get(_normalise(heading))
        if key is not None and key not in positions:
            positions[key] = position
    missing = [key for key in COMPARATOR_COLUMNS if key not in positions]
    if missing:
        names = ", ".join(COMPARATOR_COLUMNS[key][0].lower() for key in missing)
        raise FileRefused(
            f"The first line must name the columns: indicator code, comparator, period and "
            f"value (missing: {names})"
        )
    result = ComparatorFile()
    seen: dict[tuple[str, str, Period], int] = {}
    for line, cells in rows:
        if not any(cells):
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            position = positions[key]
            return cells[position] if position < len(cells) else ""

        code, kind_text, period_text, value_text = (
            cell("code"),
            cell("comparator"),
            cell("period"),
            cell("value"),
        )
        if not code:
            result.problems.append(RowProblem(line, "No indicator code"))
            continue
        kind = COMPARATOR_KINDS.get(_normalise(kind_text))
        if kind is None:
            result.problems.append(
                RowProblem(
                    line,
                    f"Comparator {kind_text!r} is not England, Region or Statistical neighbours"
                    if kind_text
                    else "No comparator: write England, Region or Statistical neighbours",
                )
            )
            continue
        try:
            period = periods.parse(period_text)
        except ValueError:
            result.problems.append(
                RowProblem(
                    line,
                    f"Period {period_text!r} is not a financial year or quarter: write 2025-26 "
                    "or 2025-26 Q3"
                    if period_text
                    else "No period: write 2025-26 or 2025-26 Q3",
                )
            )
            continue
        text = value_text[:-1] if value_text.endswith("%") else value_text
        value = parse_number(text)
        if value is None:
            result.problems.append(
                RowProblem(
                    line,
                    f"Value {value_text!r} is not a number" if value_text else "No value",
                )
            )
            continue
        if abs(value) > LARGEST or decimal_places(value) > 4:
            result.problems.append(
                RowProblem(
                    line, f"Value {value_text!r} has too many digits (4 decimal places at most)"
                )
            )
            continue
        seen_key = (code, kind, period)
        if seen_key in seen:
            result.problems.append(
                RowProblem(
                    line, f"Duplicate: line {seen[seen_key]} gives the same comparator and period"
                )
            )
            continue
        seen[seen_key] = line
        result.rows.append(ComparatorRow(line, code, kind, period, value))
    return result
