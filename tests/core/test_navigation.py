"""A long menu is grouped into sections (the business manager's 15 items on three
rows was too long); a short one stays as it is. It is all links: no JavaScript."""

from __future__ import annotations

import pytest

from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _menu(email: str, url: str = "/") -> list[dict[str, object]]:
    response = h.signed_in(email).get(url)
    assert response.status_code == 200
    return list(response.context["navigation"])


def test_the_business_managers_menu_is_short_and_grouped() -> None:
    menu = _menu(h.BUSINESS_MANAGER)
    texts = [entry["text"] for entry in menu]
    assert len(menu) <= 7
    assert texts[0] == "Home"
    assert "Administration" in texts
    assert "People" not in texts
    page = h.signed_in(h.BUSINESS_MANAGER).get("/menu/administration/").content.decode()
    for label, href in (
        ("People", "/people/"),
        ("Settings", "/settings/"),
        ("Timescales", "/settings/timescales/"),
        ("Audit log", "/audit/"),
    ):
        assert f'href="{href}">{label}</a>' in page
    # On a page in a section, that section is the current one.
    current = [entry["text"] for entry in _menu(h.BUSINESS_MANAGER, "/audit/") if entry["active"]]
    assert current == ["Administration"]


def test_a_short_menu_is_not_grouped() -> None:
    texts = [entry["text"] for entry in _menu(h.PRACTITIONER)]
    assert texts == [
        "Home",
        "My referrals",
        "Information requests",
        "Training",
        "My training",
        "Learning library",
        "Escalations",
    ]


def test_a_section_with_nothing_for_you_is_not_there() -> None:
    client = h.signed_in(h.PRACTITIONER)
    assert client.get("/menu/administration/").status_code == 404
    assert client.get("/menu/no-such-section/").status_code == 404
