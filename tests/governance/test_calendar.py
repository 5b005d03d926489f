"""Calendars: a meeting's .ics, each person's meetings and their secret feed (titles,
times and places only), renewable and revocable."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masa.governance import ical
from masa.governance.services import meetings as services
from tests import helpers as h
from tests.governance import factories as f

pytestmark = pytest.mark.usefixtures("demo")


def test_text_is_escaped_and_long_lines_folded() -> None:
    assert ical.escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    folded = ical.fold("SUMMARY:" + "é" * 60)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 60


def test_the_feed_shows_titles_times_and_places_only_and_a_new_address_revokes_the_old() -> None:
    g = f.group("Zq calendar group")
    f.member(g, h.SUBGROUP_MEMBER)
    meeting = f.meeting(g, days=3)
    services.minutes_save(acting=f.unit(), meeting=meeting, minutes="Zq secret minutes")
    services.item_add(acting=f.unit(), meeting=meeting, title="Zq secret item", purpose="decision")
    grace = h.signed_in(h.SUBGROUP_MEMBER)
    page = grace.post("/governance/my-meetings/feed/new/")
    assert page.status_code == 200
    text = page.content.decode()
    first = re.search(r"/governance/calendar/([\w-]+)\.ics", text)
    assert first is not None
    anyone = Client()
    feed = anyone.get(f"/governance/calendar/{first.group(1)}.ics")
    assert feed.status_code == 200
    body = feed.content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert "SUMMARY:Zq calendar group" in body
    assert "LOCATION:Zq room 1" in body
    assert "secret" not in body
    again = grace.post("/governance/my-meetings/feed/new/").content.decode()
    second = re.search(r"/governance/calendar/([\w-]+)\.ics", again)
    assert second is not None
    assert second.group(1) != first.group(1)
    assert anyone.get(f"/governance/calendar/{first.group(1)}.ics").status_code == 404
    assert anyone.get(f"/governance/calendar/{second.group(1)}.ics").status_code == 200
    grace.post("/governance/my-meetings/feed/stop/")
    assert anyone.get(f"/governance/calendar/{second.group(1)}.ics").status_code == 404
    assert anyone.get("/governance/calendar/guess.ics").status_code == 404


def test_a_meetings_ics_file() -> None:
    meeting = f.meeting(f.group("Zq ics group"), days=3)
    response = h.signed_in(h.EXECUTIVE).get(f"/governance/meetings/{meeting.pk}/meeting.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@" in response.content.decode()
