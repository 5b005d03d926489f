"""The reference data of case reviews: the theme taxonomy and the independent reviewer
pool."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Partnership, Person
from masa.reviews.models import Reviewer, Theme
from masa.reviews.services.common import _manage, _require_text, _theme_names, _themes
from masa.reviews.themes import STARTER_THEMES


@transaction.atomic
def themes_ensure_defaults(*, actor: Person | None, partnership: Partnership) -> int:
    """Give a partnership the starter review themes it lacks; returns how many were added.
    Run for every new partnership (the demo build does); a no-op when all are there."""
    have = set(Theme.objects.filter(partnership=partnership).values_list("name", flat=True))
    missing = [(name, text) for name, text in STARTER_THEMES if name not in have]
    if not missing:
        return 0
    Theme.objects.bulk_create(
        [Theme(partnership=partnership, name=name, description=text) for name, text in missing]
    )
    audit.record(
        actor,
        "review_theme.defaults",
        partnership,
        {"themes": {"old": None, "new": [name for name, _ in missing]}},
        partnership=partnership,
        target_label="Review themes",
    )
    return len(missing)


THEME_FIELDS = ("name", "description", "is_active")


@transaction.atomic
def theme_save(
    *,
    acting: Acting,
    name: str,
    description: str = "",
    is_active: bool = True,
    theme: Theme | None = None,
) -> Theme:
    """Add a theme to the partnership's taxonomy, or change one."""
    partnership = acting.partnership
    _manage(acting, partnership)
    name = _require_text(name, "name", "Enter the theme's name")
    clash = Theme.objects.filter(partnership=partnership, name__iexact=name)
    if theme is not None:
        if theme.partnership_id != partnership.pk:
            raise ServiceError("This theme belongs to another partnership")
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise ServiceError("There is already a theme with this name", field="name")
    created = theme is None
    theme = theme or Theme(partnership=partnership)
    before = {} if created else audit.snapshot(theme, THEME_FIELDS)
    theme.name, theme.description, theme.is_active = name, description.strip(), is_active
    theme.save()
    audit.record(
        acting,
        "review_theme.create" if created else "review_theme.update",
        theme,
        audit.changes_between(before, audit.snapshot(theme, THEME_FIELDS)),
    )
    return theme


REVIEWER_FIELDS = (
    "full_name",
    "email",
    "organisation",
    "expertise",
    "conflicts",
    "is_active",
)


@transaction.atomic
def reviewer_save(
    *,
    acting: Acting,
    full_name: str,
    email: str = "",
    organisation: str = "",
    expertise: str = "",
    conflicts: str = "",
    themes: Iterable[Theme] = (),
    is_active: bool = True,
    reviewer: Reviewer | None = None,
) -> Reviewer:
    """Add an independent reviewer to the pool, or change one."""
    partnership = acting.partnership
    _manage(acting, partnership)
    chosen = _themes(partnership, themes)
    created = reviewer is None
    if reviewer is not None and reviewer.partnership_id != partnership.pk:
        raise ServiceError("This reviewer belongs to another partnership")
    reviewer = reviewer or Reviewer(partnership=partnership)
    before: dict[str, Any] = {}
    if not created:
        before = {
            **audit.snapshot(reviewer, REVIEWER_FIELDS),
            "themes": _theme_names(reviewer.themes.all()),
        }
    reviewer.full_name = _require_text(full_name, "full_name", "Enter the reviewer's name")
    reviewer.email = email.strip().lower()
    reviewer.organisation = organisation.strip()
    reviewer.expertise = expertise.strip()
    reviewer.conflicts = conflicts.strip()
    reviewer.is_active = is_active
    reviewer.save()
    reviewer.themes.set(chosen)
    after = {**audit.snapshot(reviewer, REVIEWER_FIELDS), "themes": _theme_names(chosen)}
    audit.record(
        acting,
        "reviewer.create" if created else "reviewer.update",
        reviewer,
        audit.changes_between(before, after),
    )
    return reviewer
