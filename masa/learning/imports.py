"""Reading CSV exports: virtual-meeting attendance reports (Teams, Zoom and the like)
and e-learning completions from a learning management system.

Pure functions: bytes in, rows and per-row problems out. Matching rows to bookings,
courses and people is done by the services. A file that cannot be read as CSV, or
whose headers are not recognised, is refused whole (`ImportRefused`).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils import timezone

MAX_BYTES = 2 * 1024 * 1024  # 2 MB: a report for a very large event is well under this
MAX_BYTES_LABEL = "2 MB"
HEADER_SEARCH_ROWS = 30  # Teams puts a summary above the list of participants
DELIMITERS = (",", "\t", ";")

# The column headings accepted, as shown on the upload pages. Matching ignores case,
# punctuation and spacing, so "Duration (Minutes)" and "duration minutes" are the same.
ATTENDANCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Name", "Full Name", "Name (Original Name)", "Display Name", "Participant"),
    "email": ("Email", "Email Address", "User Email", "Participant Email", "Attendee Email"),
    "join": ("Join Time", "First Join", "Joined At", "Join"),
    "leave": ("Leave Time", "Last Leave", "Left At", "Leave"),
    "duration": (
        "Duration (Minutes)",
        "Duration",
        "Minutes",
        "In-Meeting Duration",
        "Attendance Duration",
        "Time in Session (minutes)",
    ),
}
COMPLETION_COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("Email", "Email Address", "User Email", "Learner Email"),
    "course_id": ("Course ID", "Course Id", "Course Number"),
    "course_title": ("Course Title", "Course", "Course Name", "Module Title"),
    "completed": (
        "Completed",
        "Completed At",
        "Completed On",
        "Completion Date",
        "Date Completed",
        "Completion Time",
    ),
}
# What each column is for, as the upload pages explain it.
COLUMN_PURPOSES: dict[str, str] = {
    "name": "Name (optional)",
    "email": "Email address (needed)",
    "join": "Join time (needed unless there is a duration)",
    "leave": "Leave time (needed unless there is a duration)",
    "duration": "Minutes attended (or give join and leave times)",
    "course_id": "Course number in MASA (this or the course title)",
    "course_title": "Course title, exactly as in MASA (this or the course number)",
    "completed": "Date and time completed (needed)",
}


def column_guide(columns: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(what the column is for, the headings accepted) for the upload pages."""
    return [(COLUMN_PURPOSES[key], ", ".join(spellings)) for key, spellings in columns.items()]


DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%Y, %H:%M",
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %I:%M %p",
    "%d/%m/%Y, %I:%M:%S %p",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HOURS_MINUTES_SECONDS = re.compile(
    r"^(?:(?P<h>\d+)\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>\d+)\s*m(?:in(?:ute)?s?)?)?\s*"
    r"(?:(?P<s>\d+)\s*s(?:ec(?:ond)?s?)?)?$"
)
T = TypeVar("T")
CLOCK = re.compile(r"^(?P<h>\d+):(?P<m>\d{1,2})(?::(?P<s>\d{1,2}))?$")


class ImportRefused(Exception):
    """The whole file is refused: not CSV, too large, or without the expected columns."""


@dataclass(frozen=True)
class RowProblem:
    """A row not imported, and why. `line` is the line number in the file (header = 1)."""

    line: int
    reason: str
    email: str = ""


@dataclass(frozen=True)
class AttendanceRow:
    line: int
    name: str
    email: str
    minutes: int


@dataclass(frozen=True)
class CompletionRow:
    line: int
    email: str
    course_id: int | None
    course_title: str
    completed_at: datetime.datetime


@dataclass
class Parsed(Generic[T]):
    rows: list[T] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def normalise(heading: str) -> str:
    """A heading compared without case, punctuation or extra spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", heading.lower()).split())


def _lookup(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {
        normalise(spelling): key for key, spellings in columns.items() for spelling in spellings
    }


def decode(data: bytes) -> str:
    """The text of an uploaded file (UTF-8, UTF-16 as Teams writes, or Windows-1252)."""
    if not data.strip():
        raise ImportRefused("The file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRefused("The file is not a CSV file: it could not be read") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportRefused("The file is not a CSV file: it could not be read") from None
    if "\x00" in text:
        raise ImportRefused("The file is not a CSV file: save it as CSV and upload it again")
    return text


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error:
        raise ImportRefused(
            f"The file is not a valid CSV file (a problem near line {reader.line_num})"
        ) from None


def _find_header(
    text: str, columns: dict[str, tuple[str, ...]], needed: Iterable[set[str]]
) -> tuple[list[tuple[int, list[str]]], dict[str, int]]:
    """The rows after the header, and the position of each recognised column. `needed`
    lists alternatives: each set must have at least one of its columns present."""
    lookup = _lookup(columns)
    needed = list(needed)
    for delimiter in DELIMITERS:
        rows = list(_rows(text, delimiter))
        for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
            positions: dict[str, int] = {}
            for position, cell in enumerate(cells):
                key = lookup.get(normalise(cell))
                if key is not None and key not in positions:
                    positions[key] = position
            if all(alternatives & positions.keys() for alternatives in needed):
                return rows[index + 1 :], positions
    raise ImportRefused(
        "The file does not have the columns needed: check the column headings "
        "against the list on this page"
    )


def _cell(cells: list[str], positions: dict[str, int], key: str) -> str:
    position = positions.get(key)
    if position is None or position >= len(cells):
        return ""
    return cells[position]


def parse_datetime(value: str) -> datetime.datetime | None:
    """A date and time as exports write them (UK day/month/year or ISO); local time
    unless the value says otherwise. A date alone means midnight."""
    value = " ".join(value.split())
    if not value:
        return None
    parsed: datetime.datetime | None = None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for pattern in (*DATETIME_FORMATS, *DATE_FORMATS):
            try:
                parsed = datetime.datetime.strptime(value.upper(), pattern)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


def parse_minutes(value: str) -> int | None:
    """Minutes from "95", "95.5", "1h 35m 10s" (Teams), "1:35:10" or "1:35"; None if not
    a duration."""
    value = value.strip().lower()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        return round(number) if math.isfinite(number) and number >= 0 else None
    match = CLOCK.match(value) or HOURS_MINUTES_SECONDS.match(value)
    if match is None or not any(match.groupdict().values()):
        return None
    parts = {key: int(part or 0) for key, part in match.groupdict().items()}
    return round((parts["h"] * 3600 + parts["m"] * 60 + parts["s"]) / 60)


def parse_attendance(data: bytes) -> Parsed[AttendanceRow]:
    """Rows of a virtual-meeting attendance report: an email and the minutes attended
    (the duration column, or the time between joining and leaving)."""
    text = decode(data)
    rows, positions = _find_header(
        text, ATTENDANCE_COLUMNS, [{"email"}, {"duration", "join"}, {"duration", "leave"}]
    )
    result: Parsed[AttendanceRow] = Parsed()
    first_seen: dict[str, int] = {}
    for line, cells in rows:
        if not any(cells):
            continue
        email = _cell(cells, positions, "email").lower()
        if not email:
            result.problems.append(RowProblem(line, "No email address"))
            continue
        if len(email) > 254 or not EMAIL.match(email):
            result.problems.append(RowProblem(line, "Not an email address", email))
            continue
        if email in first_seen:
            result.problems.append(
                RowProblem(
                    line, f"Duplicate: this email is already on line {first_seen[email]}", email
                )
            )
            continue
        first_seen[email] = line
        minutes = _attended_minutes(cells, positions)
        if isinstance(minutes, str):
            result.problems.append(RowProblem(line, minutes, email))
            continue
        result.rows.append(AttendanceRow(line, _cell(cells, positions, "name"), email, minutes))
    return result


def _attended_minutes(cells: list[str], positions: dict[str, int]) -> int | str:
    """The minutes attended, or why the row's duration is bad."""
    if "duration" in positions:
        raw = _cell(cells, positions, "duration")
        minutes = parse_minutes(raw)
        if minutes is None:
            return (
                f"Bad duration: {raw!r} is not a number of minutes"
                if raw
                else "Bad duration: empty"
            )
    else:
        joined = parse_datetime(_cell(cells, positions, "join"))
        left = parse_datetime(_cell(cells, positions, "leave"))
        if joined is None or left is None:
            return "Bad duration: the join or leave time is missing or not a date and time"
        if left < joined:
            return "Bad duration: the leave time is before the join time"
        minutes = round((left - joined).total_seconds() / 60)
    if minutes <= 0:
        return "Bad duration: no time attended"
    if minutes > 24 * 60:
        return "Bad duration: more than 24 hours"
    return minutes


def parse_completions(data: bytes) -> Parsed[CompletionRow]:
    """Rows of an LMS export of e-learning completions: email, the course (by its MASA
    number or its title) and when it was completed."""
    text = decode(data)
    rows, positions = _find_header(
        text, COMPLETION_COLUMNS, [{"email"}, {"course_id", "course_title"}, {"completed"}]
    )
    result: Parsed[CompletionRow] = Parsed()
    for line, cells in rows:
        if not any(cells):
            continue
        email = _cell(cells, positions, "email").lower()
        if not email:
            result.problems.append(RowProblem(line, "No email address"))
            continue
        if len(email) > 254 or not EMAIL.match(email):
            result.problems.append(RowProblem(line, "Not an email address", email))
            continue
        raw_id = _cell(cells, positions, "course_id")
        title = _cell(cells, positions, "course_title")
        course_id: int | None = None
        if raw_id:
            if not raw_id.isdigit():
                result.problems.append(
                    RowProblem(line, f"Bad course ID: {raw_id!r} is not a number", email)
                )
                continue
            course_id = int(raw_id)
        elif not title:
            result.problems.append(RowProblem(line, "No course ID or course title", email))
            continue
        raw_when = _cell(cells, positions, "completed")
        completed_at = parse_datetime(raw_when)
        if completed_at is None:
            reason = (
                f"Bad completion date: {raw_when!r} is not a date"
                if raw_when
                else "No completion date"
            )
            result.problems.append(RowProblem(line, reason, email))
            continue
        result.rows.append(CompletionRow(line, email, course_id, title, completed_at))
    return result
