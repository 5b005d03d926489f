"""Learning from reviews: 7-minute briefings, newsletters and the learning library."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.reviews.models import Briefing, LibraryItem, Newsletter, Publishable, Review, Theme
from masa.reviews.services.common import (
    _fresh,
    _happened,
    _manage,
    _require_text,
    _secure_link,
    _theme_names,
    _themes,
    _today,
)

BRIEFING_FIELDS = (
    "title",
    "background",
    "what_happened",
    "what_we_learned",
    "what_to_do_differently",
    "questions_for_reflection",
    "further_reading",
)


@transaction.atomic
def briefing_save(
    *,
    acting: Acting,
    title: str,
    background: str,
    what_happened: str,
    what_we_learned: str,
    what_to_do_differently: str,
    questions_for_reflection: str,
    further_reading: str = "",
    review: Review | None = None,
    themes: Iterable[Theme] = (),
    briefing: Briefing | None = None,
) -> Briefing:
    """Write (or change) a 7-minute briefing. New briefings are drafts."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if review is not None and review.partnership_id != partnership.pk:
        raise ServiceError("Choose a review from this partnership", field="review")
    if briefing is not None and briefing.partnership_id != partnership.pk:
        raise ServiceError("This briefing belongs to another partnership")
    chosen = _themes(partnership, themes)
    created = briefing is None
    briefing = briefing or Briefing(partnership=partnership, author=acting.person)
    before: dict[str, Any] = {}
    if not created:
        before = {
            **audit.snapshot(briefing, BRIEFING_FIELDS),
            "themes": _theme_names(briefing.themes.all()),
        }
    values = {
        "title": (title, "Enter a title"),
        "background": (background, "Give the background"),
        "what_happened": (what_happened, "Say what happened"),
        "what_we_learned": (what_we_learned, "Say what we learned"),
        "what_to_do_differently": (what_to_do_differently, "Say what to do differently"),
        "questions_for_reflection": (questions_for_reflection, "Add questions for reflection"),
    }
    for field, (value, message) in values.items():
        setattr(briefing, field, _require_text(value, field, message))
    briefing.further_reading = further_reading.strip()
    briefing.review = review
    briefing.updated_at = timezone.now()
    briefing.save()
    briefing.themes.set(chosen)
    after = {**audit.snapshot(briefing, BRIEFING_FIELDS), "themes": _theme_names(chosen)}
    audit.record(
        acting,
        "briefing.create" if created else "briefing.update",
        briefing,
        audit.changes_between(before, after),
    )
    return briefing


@transaction.atomic
def briefing_publish(
    *, acting: Acting, briefing: Briefing, published_on: datetime.date | None = None
) -> Briefing:
    """Publish a briefing: every member of the partnership can then read it."""
    _manage(acting, briefing.partnership)
    _fresh(briefing)
    if briefing.status == Publishable.PUBLISHED:
        raise ServiceError("This briefing is already published")
    briefing.status = Publishable.PUBLISHED
    briefing.published_on = published_on or _today()
    _happened(briefing.published_on, "published_on", "The date of publication")
    briefing.save(update_fields=["status", "published_on"])
    audit.record(
        acting,
        "briefing.publish",
        briefing,
        {"status": {"old": "draft", "new": "published"}},
    )
    return briefing


@transaction.atomic
def newsletter_save(
    *,
    acting: Acting,
    title: str,
    issue_date: datetime.date,
    body: str,
    themes: Iterable[Theme] = (),
    newsletter: Newsletter | None = None,
) -> Newsletter:
    """Write (or change) a newsletter. New newsletters are drafts."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if newsletter is not None and newsletter.partnership_id != partnership.pk:
        raise ServiceError("This newsletter belongs to another partnership")
    chosen = _themes(partnership, themes)
    created = newsletter is None
    newsletter = newsletter or Newsletter(partnership=partnership, author=acting.person)
    fields = ("title", "issue_date", "body")
    before: dict[str, Any] = {} if created else audit.snapshot(newsletter, fields)
    newsletter.title = _require_text(title, "title", "Enter a title")
    newsletter.issue_date = issue_date
    newsletter.body = _require_text(body, "body", "Write the newsletter")
    newsletter.updated_at = timezone.now()
    newsletter.save()
    newsletter.themes.set(chosen)
    audit.record(
        acting,
        "newsletter.create" if created else "newsletter.update",
        newsletter,
        audit.changes_between(before, audit.snapshot(newsletter, fields)),
    )
    return newsletter


@transaction.atomic
def newsletter_publish(
    *, acting: Acting, newsletter: Newsletter, published_on: datetime.date | None = None
) -> Newsletter:
    """Publish a newsletter to every member of the partnership."""
    _manage(acting, newsletter.partnership)
    _fresh(newsletter)
    if newsletter.status == Publishable.PUBLISHED:
        raise ServiceError("This newsletter is already published")
    newsletter.status = Publishable.PUBLISHED
    newsletter.published_on = published_on or _today()
    _happened(newsletter.published_on, "published_on", "The date of publication")
    newsletter.save(update_fields=["status", "published_on"])
    audit.record(
        acting, "newsletter.publish", newsletter, {"status": {"old": "draft", "new": "published"}}
    )
    return newsletter


LIBRARY_FIELDS = ("kind", "title", "summary", "link", "published_on")


@transaction.atomic
def library_item_save(
    *,
    acting: Acting,
    kind: str,
    title: str,
    published_on: datetime.date,
    summary: str = "",
    link: str = "",
    themes: Iterable[Theme] = (),
    review: Review | None = None,
    item: LibraryItem | None = None,
) -> LibraryItem:
    """Add (or change) an entry in the learning library: a national review, guidance..."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if kind not in LibraryItem.Kind.values:
        raise ServiceError("Choose the kind of item", field="kind")
    if link:
        _secure_link(link)
    _happened(published_on, "published_on", "The date of publication")
    if review is not None and review.partnership_id != partnership.pk:
        raise ServiceError("Choose a review from this partnership", field="review")
    if item is not None and item.partnership_id != partnership.pk:
        raise ServiceError("This item belongs to another partnership")
    chosen = _themes(partnership, themes)
    created = item is None
    item = item or LibraryItem(partnership=partnership, created_by=acting.person)
    before: dict[str, Any] = {} if created else audit.snapshot(item, LIBRARY_FIELDS)
    item.kind = kind
    item.title = _require_text(title, "title", "Enter a title")
    item.summary = summary.strip()
    item.link = link.strip()
    item.published_on = published_on
    item.review = review
    item.save()
    item.themes.set(chosen)
    audit.record(
        acting,
        "library_item.create" if created else "library_item.update",
        item,
        audit.changes_between(before, audit.snapshot(item, LIBRARY_FIELDS)),
    )
    return item
