"""Navigation by role: each item shows only to people whose roles grant its permission.

Apps add their own items with `register` in their AppConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from masa.core.policies import has_permission


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: everyone signed in
    order: int = 100


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


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    """GOV.UK service navigation items for this person, with the current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "membership", None) is None:
        return []
    items: list[dict[str, Any]] = []
    for item in ITEMS:
        if item.permission is not None and not has_permission(user, item.permission):
            continue
        items.append({"text": item.label, "href": reverse(item.url_name), "active": False})
    # The current section is the item whose address is the longest start of this page's.
    matches = [
        entry
        for entry in items
        if request.path == entry["href"]
        or (entry["href"] != "/" and request.path.startswith(entry["href"]))
    ]
    if matches:
        max(matches, key=lambda entry: len(entry["href"]))["active"] = True
    return items
