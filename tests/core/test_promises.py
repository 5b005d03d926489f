"""What the service says about itself is true: the home page promises no page that does
not exist, the README describes every part of MASA, and the business unit guide lists
every page the business unit can open today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from masa.core.models import Role
from masa.core.navigation import ITEMS
from tests import helpers as h

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("demo")


def test_no_role_promises_the_yearly_report_which_does_not_exist() -> None:
    # There is no yearly report page (see the business unit guide's "Coming next").
    for role in Role.objects.all():
        assert "yearly report" not in role.description.lower(), role.slug
    page = h.signed_in(h.BUSINESS_MANAGER).get("/").content.decode()
    assert "Business manager:" in page
    assert "yearly report" not in page.lower()
    executive = h.signed_in(h.EXECUTIVE).get("/").content.decode()
    assert "yearly report" not in executive.lower()


def test_the_readme_describes_every_part_of_masa() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "planned" not in readme.lower()
    apps = sorted(p.parent.name for p in (ROOT / "masa").glob("*/apps.py"))
    layout = readme.split("## Layout of the repository", 1)[1].split("##", 1)[0]
    for app in apps:
        assert re.search(rf"^\s+{app}/ ", layout, re.M), f"masa/{app} is not in the layout"
    parts = readme.split("## Set up and run", 1)[0]
    for words in (
        "indicator",
        "returns",
        "Children in Need census",
        "dashboards",
        "serious incidents",
        "rapid reviews",
        "LCSPR",
        "SAR",
        "DHR",
        "action plan",
        "7-minute briefings",
        "library",
    ):
        assert words.lower() in parts.lower(), words


def _what_you_can_do_today() -> str:
    guide = (ROOT / "docs" / "guides" / "business-unit.md").read_text()
    return guide.split("## What you can do today", 1)[1].split("\n### ", 1)[0]


@pytest.mark.parametrize("email", [h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER])
def test_the_business_unit_guide_lists_every_page_in_their_menu(email: str) -> None:
    table = _what_you_can_do_today()
    rows = {line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ")}
    acting = h.acting(email)
    for item in ITEMS:
        if item.permission is None or acting.has(item.permission):
            assert item.label in rows, f"{item.label} is missing from the guide's table"
