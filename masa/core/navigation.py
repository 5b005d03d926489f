"""Navigation by role: each item shows only to people whose roles grant its permission.

Apps add their own items with `register` in their AppConfig.ready(). Each item sits
in the section of its app. A person whose menu would be long (the business manager's
would hold 15 items on three rows) sees one link per section instead, each to a page
listing what is in it; a section with one item for them shows that item. It is all
links, so it works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from masa.core.acting import Acting


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: everyone signed in
    order: int = 100


@dataclass(frozen=True)
class NavSection:
    slug: str
    label: str


# By the app (URL namespace) an item belongs to.
SECTIONS: dict[str, NavSection] = {
    "frontdoor": NavSection("front-door", "Front door"),
    "insight": NavSection("figures", "Figures and returns"),
    "learning": NavSection("training", "Learning and development"),
    # Learning and improvement (seed 001): case reviews, the actions they and others ask
    # for, and the multi-agency audits and self-assessments.
    "reviews": NavSection("reviews", "Reviews and assurance"),
    "actions": NavSection("reviews", "Reviews and assurance"),
    "audits": NavSection("reviews", "Reviews and assurance"),
    # How the partnership is run: its groups, plan, money and the voices it hears.
    "governance": NavSection("partnership", "Partnership"),
    "plan": NavSection("partnership", "Partnership"),
    "finance": NavSection("partnership", "Partnership"),
    "engagement": NavSection("partnership", "Partnership"),
    "core": NavSection("administration", "Administration"),
    "people": NavSection("administration", "Administration"),
}
# More items than this and the menu is grouped into sections.
MOST_ITEMS = 12

ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in ITEMS:
        ITEMS.append(item)
        ITEMS.sort(key=lambda i: i.order)


register(NavItem("Home", "core:home", None, order=0))
register(NavItem("People", "core:people", "person.view", order=80))
register(NavItem("Settings", "core:settings", "partnership.change", order=90))
register(NavItem("Timescales", "core:timescales", "timescale.view", order=91))
register(NavItem("Audit log", "core:audit", "audit.view", order=95))


def section_of(item: NavItem) -> NavSection | None:
    """The section an item sits in (None for the home page, always on its own)."""
    if item.url_name == "core:home":
        return None
    return SECTIONS.get(item.url_name.partition(":")[0])


# The account bar's links (beside "Sign out"): about the person, not a partnership.
ACCOUNT_ITEMS: list[NavItem] = [NavItem("Emails sent to you", "core:notifications", None)]


def items_for(acting: Acting) -> list[NavItem]:
    """The menu items the roles of the person acting grant, in menu order."""
    return [item for item in ITEMS if item.permission is None or acting.has(item.permission)]


def section_items(acting: Acting, slug: str) -> tuple[NavSection, list[NavItem]] | None:
    """A section and the items in it the person acting may open; None if there are none."""
    section = next((s for s in SECTIONS.values() if s.slug == slug), None)
    if section is None:
        return None
    items = [item for item in items_for(acting) if section_of(item) == section]
    return (section, items) if items else None


def account_links(path: str) -> list[dict[str, Any]]:
    """The account bar's links for a signed-in person, the current one marked."""
    links = []
    for item in ACCOUNT_ITEMS:
        href = reverse(item.url_name)
        links.append({"text": item.label, "href": href, "active": path.startswith(href)})
    return links


def navigation_for(acting: Acting | None, path: str) -> list[dict[str, Any]]:
    """GOV.UK service navigation items for the person acting (none for a person in no
    partnership), with the one holding the page at `path` marked."""
    if acting is None:
        return []
    granted = items_for(acting)
    entries: list[dict[str, Any]] = []
    if len(granted) <= MOST_ITEMS:
        for item in granted:
            entries.append({"text": item.label, "href": reverse(item.url_name), "within": []})
    else:
        by_section: dict[NavSection | None, list[NavItem]] = {}
        for item in granted:
            by_section.setdefault(section_of(item), []).append(item)
        for section, items in by_section.items():
            if section is None or len(items) == 1:
                entries.extend(
                    {"text": item.label, "href": reverse(item.url_name), "within": []}
                    for item in items
                )
            else:
                entries.append(
                    {
                        "text": section.label,
                        "href": reverse("core:menu", kwargs={"section": section.slug}),
                        "within": [reverse(item.url_name) for item in items],
                    }
                )
    for entry in entries:
        entry["active"] = False
    # The current entry is the one with the longest address that starts this page's
    # (a section counts the addresses of the items in it).
    best: tuple[int, dict[str, Any]] | None = None
    for entry in entries:
        for href in [entry["href"], *entry["within"]]:
            here = path == href or (href != "/" and path.startswith(href))
            if here and (best is None or len(href) > best[0]):
                best = (len(href), entry)
    if best is not None:
        best[1]["active"] = True
    return entries
