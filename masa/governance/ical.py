"""iCalendar (RFC 5545) for meetings: titles, times and places only, never papers,
minutes or anything about a child, so Outlook and phones can show them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings

from masa.governance.models import Meeting


def escape(value: str) -> str:
    """Text escaped as RFC 5545 §3.3.11 says."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets folded with CRLF and a space (§3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    while data:
        size = 75 if not parts else 74
        cut = min(size, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1  # never split a UTF-8 character
        parts.append(data[:cut].decode())
        data = data[cut:]
    return "\r\n ".join(parts)


def stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event(meeting: Meeting, now: datetime.datetime) -> list[str]:
    status = "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"
    host = settings.BASE_URL.split("//")[-1].split("/")[0] or "masa"
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{stamp(now)}",
        f"DTSTART:{stamp(meeting.starts_at)}",
        f"DTEND:{stamp(meeting.ends_at)}",
        f"SUMMARY:{escape(meeting.group.name)}",
        f"STATUS:{status}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape(meeting.place)}")
    if meeting.link:
        lines.append(f"URL:{meeting.link}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[Meeting], now: datetime.datetime, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//MASA//Groups and meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for meeting in meetings:
        lines.extend(event(meeting, now))
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
