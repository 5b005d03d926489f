"""Every read of case review records, starting from what the acting person may see
(`masa.reviews.policies`). Counts are done in SQL; lists run in a constant number of
queries (select_related / prefetch_related), so pages do not grow with the data."""

from __future__ import annotations

import datetime
import re
import string
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from masa.actions.models import Action
from masa.actions.selectors import overdue_q
from masa.core import clocks
from masa.core.acting import Acting
from masa.core.codes import ETHNICITY, SEX
from masa.core.figures import Row, Table, count_cell, percent_cell, protect_totals
from masa.core.models import Partnership
from masa.reviews import policies
from masa.reviews.models import (
    AgencySummary,
    Briefing,
    Incident,
    LibraryItem,
    Newsletter,
    PreDiscussion,
    Publishable,
    RapidReview,
    Review,
    ReviewDelay,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _pk(value: Any) -> int | None:
    """A model instance, a primary key or a form's text, as a primary key (None if blank)."""
    if value is None or value == "":
        return None
    if hasattr(value, "pk"):
        return int(value.pk)
    return int(value)


def themes_for(partnership: Partnership, *, active_only: bool = True) -> QuerySet[Theme]:
    """The partnership's review themes (anyone may read the list: it is not sensitive)."""
    themes = Theme.objects.filter(partnership=partnership)
    return themes.filter(is_active=True) if active_only else themes


# --- the overdue dashboard ---------------------------------------------------------------


@dataclass(frozen=True)
class OverdueItems:
    """Everything past its due date in a partnership. Records carry references and dates
    only in what the dashboard shows; subject details are never needed for it."""

    incidents: QuerySet[Incident]  # Panel notification not sent, past due
    rapid_reviews: QuerySet[RapidReview]  # not decided, past due
    agency_summaries: QuerySet[AgencySummary]  # requested, past due
    reviews: QuerySet[Review]  # running (not paused or finished), past target
    actions: QuerySet[Action]  # open, past due

    @property
    def counts(self) -> dict[str, int]:
        return {
            "incidents": self.incidents.count(),
            "rapid_reviews": self.rapid_reviews.count(),
            "agency_summaries": self.agency_summaries.count(),
            "reviews": self.reviews.count(),
            "actions": self.actions.count(),
        }


def overdue_items(partnership: Partnership, *, today: datetime.date | None = None) -> OverdueItems:
    """For the overdue dashboard of the case review group and the executive (review.view
    at any scope: the view checks `policies.sees_review_figures`)."""
    day = _today(today)
    return OverdueItems(
        incidents=Incident.objects.filter(
            partnership=partnership, notified_panel_on__isnull=True, notification_due_on__lt=day
        ).order_by("notification_due_on", "pk"),
        rapid_reviews=RapidReview.objects.filter(
            partnership=partnership,
            status__in=[RapidReview.Status.OPEN, RapidReview.Status.MEETING_HELD],
            due_on__lt=day,
        )
        .select_related("incident")
        .order_by("due_on", "pk"),
        agency_summaries=AgencySummary.objects.filter(
            partnership=partnership, status=AgencySummary.Status.REQUESTED, due_on__lt=day
        )
        .select_related("agency", "rapid_review__incident")
        .order_by("due_on", "pk"),
        reviews=Review.objects.filter(
            partnership=partnership,
            status__in=[
                Review.Status.COMMISSIONED,
                Review.Status.IN_PROGRESS,
                Review.Status.DRAFT_RECEIVED,
            ],
            target_on__lt=day,
        ).order_by("target_on", "pk"),
        actions=Action.objects.filter(overdue_q(day), partnership=partnership)
        .select_related("owner_agency", "recommendation__review")
        .order_by("due_on", "pk"),
    )


def review_target_status(
    review: Review, *, today: datetime.date | None = None
) -> clocks.TimescaleStatus | None:
    """Where the review stands against its target (None without a target). Finished
    reviews are judged by their sign-off date."""
    if review.target_on is None:
        return None
    return clocks.timescale_status(
        due=review.target_on, today=_today(today), completed=review.signed_off_on
    )


# --- lists of case review records --------------------------------------------------------


def review_list(
    acting: Acting,
    *,
    kind: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Review]:
    """The reviews the person may see (case review group), newest first."""
    reviews = policies.reviews.visible(acting, "view").select_related("reviewer", "subject")
    if kind:
        reviews = reviews.filter(kind=kind)
    if status:
        reviews = reviews.filter(status=status)
    if q and q.strip():
        reviews = reviews.filter(Q(reference__icontains=q.strip()) | Q(title__icontains=q.strip()))
    return reviews.prefetch_related("themes")


def incident_list(acting: Acting) -> QuerySet[Incident]:
    """Serious incidents the person may see, newest first, with their rapid review."""
    return (
        policies.incidents.visible(acting, "view")
        .select_related("subject", "rapid_review")
        .prefetch_related("themes")
    )


def agency_summaries_for(acting: Acting) -> QuerySet[AgencySummary]:
    """The agency summaries the person may see: all of them for the case review group,
    else their own agency's requests only."""
    return policies.agency_summaries.visible(acting, "view").select_related(
        "agency", "rapid_review__incident", "author", "requested_by"
    )


# --- equality profile of subjects ------------------------------------------------------------


def _profile_table(
    key: str,
    caption: str,
    heading: str,
    labels: dict[str, str],
    counts: dict[str, int],
    total: int,
    publish: bool,
) -> Table:
    rows = tuple(
        Row(
            label,
            (
                count_cell(counts.get(code, 0), publish),
                percent_cell(counts.get(code, 0), total, publish),
            ),
        )
        for code, label in labels.items()
        if counts.get(code, 0) or not publish
    )
    table = Table(
        key=key,
        caption=caption,
        group_heading=heading,
        columns=("Subjects", "Percentage"),
        rows=rows,
    )
    # The groups add up to every subject: a hidden count must not be worked out from it.
    return protect_totals(table, {0: count_cell(total, publish)}, {0: (1,)})


def subject_profile(
    partnership: Partnership,
    *,
    publish: bool = True,
    since: datetime.date | None = None,
) -> list[Table]:
    """Who the partnership's reviews are about, in aggregate: counts by age band, sex,
    ethnicity and disability. With `publish` (for anyone outside the case review group)
    counts of 1 to 4 and percentages from them show as [c]. `since` keeps subjects
    recorded on or after a date."""
    subjects = Subject.objects.filter(partnership=partnership)
    if since is not None:
        subjects = subjects.filter(created_at__date__gte=since)
    total = subjects.count()

    def counted(field: str) -> dict[str, int]:
        return {
            row[field]: row["n"]
            for row in subjects.values(field).annotate(n=Count("pk")).order_by()
        }

    return [
        _profile_table(
            "age_band",
            "Subjects of reviews by age band",
            "Age band",
            dict(Subject.AgeBand.choices),
            counted("age_band"),
            total,
            publish,
        ),
        _profile_table(
            "sex", "Subjects of reviews by sex", "Sex", SEX, counted("sex"), total, publish
        ),
        _profile_table(
            "ethnicity",
            "Subjects of reviews by ethnicity",
            "Ethnicity",
            ETHNICITY,
            counted("ethnicity"),
            total,
            publish,
        ),
        _profile_table(
            "disability",
            "Subjects of reviews by disability",
            "Disability",
            dict(Subject.Disability.choices),
            counted("disability"),
            total,
            publish,
        ),
    ]


# --- the learning library ----------------------------------------------------------------


@dataclass(frozen=True)
class LibraryEntry:
    """One thing in the learning library, whatever it is stored as."""

    kind: str  # briefing, newsletter, published_review, national_review, guidance
    kind_label: str
    title: str
    summary: str
    published_on: datetime.date
    link: str  # an outside address, or "" for a page in MASA (see `record`)
    record: Briefing | Newsletter | LibraryItem | Review
    themes: tuple[str, ...]


LIBRARY_KINDS: dict[str, str] = {
    "briefing": "7-minute briefing",
    "newsletter": "Newsletter",
    "published_review": "Published review",
    "national_review": "National review",
    "guidance": "Guidance",
}


_TERMS = re.compile(r'"([^"]*)"|(\S+)')
_EDGE = "".join(sorted(set(string.punctuation + "“”‘’") - {"'"}))


def search_terms(query: str) -> list[str]:
    """The phrases (in double quotes) and the words of a search, lower case."""
    terms: list[str] = []
    for phrase, word in _TERMS.findall(query or ""):
        term = " ".join((phrase or word.strip(_EDGE)).split()).lower()
        if term:
            terms.append(term)
    return terms


def _whole(term: str) -> str:
    """A pattern finding `term` as whole words (a plural or possessive "s" allowed), the
    same on SQLite (Python's re) and PostgreSQL (its regular expressions)."""
    body = r"\s+".join(re.escape(word) for word in term.split())
    return rf"(^|[^a-z0-9]){body}('?s)?($|[^a-z0-9])"


def matching(query: str, *fields: str) -> Q:
    """Records where every word and quoted phrase of `query` is found, as whole words,
    in one of `fields`. "Child W" finds Child W, not "the child was"."""
    found = Q()
    for term in search_terms(query):
        pattern = _whole(term)
        one = Q()
        for field in fields:
            one |= Q(**{f"{field}__iregex": pattern})
        found &= one
    return found


class _LibraryQuery:
    """One search of the learning library: the words, the theme and the kind asked for."""

    def __init__(self, partnership: Partnership, q: str | None, theme: Any, kind: str | None):
        self.partnership = partnership
        self.words = (q or "").strip()
        self.theme_id = _pk(theme)
        self.kind = kind

    def wanted(self, entry_kind: str) -> bool:
        return not self.kind or self.kind == entry_kind

    def narrowed(self, records: QuerySet[Any], *fields: str) -> QuerySet[Any]:
        """`records` tagged with the theme and matching the words (in `fields`)."""
        if self.theme_id is not None:
            records = records.filter(themes__id=self.theme_id)
        if self.words:
            records = records.filter(matching(self.words, *fields))
        return records.prefetch_related("themes").distinct()


def _themes_of(record: Any) -> tuple[str, ...]:
    return tuple(theme.name for theme in record.themes.all())


def _briefing_entries(query: _LibraryQuery) -> list[LibraryEntry]:
    if not query.wanted("briefing"):
        return []
    briefings = query.narrowed(
        Briefing.objects.filter(partnership=query.partnership, status=Publishable.PUBLISHED),
        "title",
        "what_we_learned",
        "what_to_do_differently",
        "background",
        "what_happened",
    )
    entries = []
    for briefing in briefings:
        assert briefing.published_on is not None
        entries.append(
            LibraryEntry(
                "briefing",
                LIBRARY_KINDS["briefing"],
                briefing.title,
                briefing.what_we_learned,
                briefing.published_on,
                "",
                briefing,
                _themes_of(briefing),
            )
        )
    return entries


def _newsletter_entries(query: _LibraryQuery) -> list[LibraryEntry]:
    if not query.wanted("newsletter"):
        return []
    newsletters = query.narrowed(
        Newsletter.objects.filter(partnership=query.partnership, status=Publishable.PUBLISHED),
        "title",
        "body",
    )
    entries = []
    for newsletter in newsletters:
        assert newsletter.published_on is not None
        entries.append(
            LibraryEntry(
                "newsletter",
                LIBRARY_KINDS["newsletter"],
                newsletter.title,
                newsletter.body[:300],
                newsletter.published_on,
                "",
                newsletter,
                _themes_of(newsletter),
            )
        )
    return entries


def _item_entries(query: _LibraryQuery) -> list[LibraryEntry]:
    items = LibraryItem.objects.filter(partnership=query.partnership)
    if query.kind:
        items = items.filter(kind=query.kind)
    return [
        LibraryEntry(
            item.kind,
            item.get_kind_display(),
            item.title,
            item.summary,
            item.published_on,
            item.link,
            item,
            _themes_of(item),
        )
        for item in query.narrowed(items, "title", "summary")
    ]


def _review_entries(query: _LibraryQuery) -> list[LibraryEntry]:
    if not query.wanted("published_review"):
        return []
    reviews = Review.objects.filter(
        partnership=query.partnership,
        status=Review.Status.PUBLISHED,
        published_on__isnull=False,
    )
    # A review already listed through a library item is not listed twice.
    reviews = reviews.exclude(library_items__partnership=query.partnership)
    entries = []
    for review in query.narrowed(reviews, "title", "summary", "reference"):
        assert review.published_on is not None
        entries.append(
            LibraryEntry(
                "published_review",
                LIBRARY_KINDS["published_review"],
                review.title,
                review.summary,
                review.published_on,
                review.publication_link,
                review,
                _themes_of(review),
            )
        )
    return entries


def learning_library(
    partnership: Partnership,
    q: str | None = None,
    theme: Any = None,
    kind: str | None = None,
) -> list[LibraryEntry]:
    """Published learning for every member of the partnership: published briefings,
    newsletters, library items and published reviews, newest first, searchable by words,
    theme and kind. Drafts never appear here."""
    query = _LibraryQuery(partnership, q, theme, kind)
    entries = [
        *_briefing_entries(query),
        *_newsletter_entries(query),
        *_item_entries(query),
        *_review_entries(query),
    ]
    entries.sort(key=lambda entry: (entry.published_on, entry.title), reverse=True)
    return entries


# --- R2 (tracker views): the insight catalogue's indicator codes, read only ---------------


def indicator_codes(partnership: Partnership) -> dict[str, str]:
    """The partnership's active indicator codes and names from the insight catalogue, for
    checking a recommendation's impact measure. Reads only: reviews never write there."""
    from masa.insight.models import Indicator

    return dict(
        Indicator.objects.filter(partnership=partnership, is_active=True)
        .order_by("code")
        .values_list("code", "name")
    )


# --- R1 casework pages: what is open, paused or awaiting sign-off; casework lists ---------


@dataclass(frozen=True)
class OpenCasework:
    """The case review group's open work in a partnership. The executive sees only the
    counts; the case review group the records (the views check which)."""

    incidents: QuerySet[Incident]  # the Panel not yet notified
    rapid_reviews: QuerySet[RapidReview]  # not yet answered by the Panel
    agency_summaries: QuerySet[AgencySummary]  # requested, not yet submitted
    reviews: QuerySet[Review]  # neither published nor closed
    sar_referrals: QuerySet[SarReferral]  # not yet decided

    @property
    def counts(self) -> dict[str, int]:
        return {
            "incidents": self.incidents.count(),
            "rapid_reviews": self.rapid_reviews.count(),
            "agency_summaries": self.agency_summaries.count(),
            "reviews": self.reviews.count(),
            "sar_referrals": self.sar_referrals.count(),
        }


def open_casework(partnership: Partnership) -> OpenCasework:
    """Everything still open in the partnership's casework, soonest due first."""
    return OpenCasework(
        incidents=Incident.objects.filter(
            partnership=partnership, notified_panel_on__isnull=True
        ).order_by("notification_due_on", "pk"),
        rapid_reviews=RapidReview.objects.filter(partnership=partnership)
        .exclude(status=RapidReview.Status.PANEL_RESPONDED)
        .select_related("incident")
        .order_by("due_on", "pk"),
        agency_summaries=AgencySummary.objects.filter(
            partnership=partnership, status=AgencySummary.Status.REQUESTED
        )
        .select_related("agency", "rapid_review__incident")
        .order_by("due_on", "pk"),
        reviews=Review.objects.filter(partnership=partnership)
        .exclude(status__in=[Review.Status.PUBLISHED, Review.Status.CLOSED_NOT_PUBLISHED])
        .select_related("reviewer")
        .order_by("target_on", "pk"),
        sar_referrals=SarReferral.objects.filter(partnership=partnership, decision="")
        .select_related("referrer_agency")
        .order_by("received_on", "pk"),
    )


def paused_reviews(partnership: Partnership) -> QuerySet[Review]:
    """Reviews paused by a delay, each with ``open_delays`` (the delay that stops it)."""
    return (
        Review.objects.filter(partnership=partnership, status=Review.Status.PAUSED)
        .prefetch_related(
            Prefetch(
                "delays",
                queryset=ReviewDelay.objects.filter(ended_on__isnull=True),
                to_attr="open_delays",
            )
        )
        .order_by("target_on", "pk")
    )


def sign_off_reviews(acting: Acting) -> QuerySet[Review]:
    """Reviews of the person's partnership they may sign off (recommendation.sign_off):
    for the executive, who sees no other review record, references and titles only."""
    return policies.sign_off.visible(acting, "sign_off")


def pre_discussion_list(acting: Acting) -> QuerySet[PreDiscussion]:
    """Pre-discussion panels the person may see, newest first."""
    return policies.pre_discussions.visible(acting, "view").select_related(
        "incident", "recorded_by"
    )


def sar_referral_list(acting: Acting) -> QuerySet[SarReferral]:
    """SAR referrals the person may see, newest first, with the review they led to."""
    return (
        policies.sar_referrals.visible(acting, "view")
        .select_related("referrer_agency", "subject")
        .prefetch_related("reviews")
    )


def reviewer_pool(acting: Acting) -> QuerySet[Reviewer]:
    """The reviewer pool for those who run reviews, with how many reviews each has had."""
    pool: QuerySet[Reviewer] = policies.reviewers.visible(acting, "manage")
    return (
        pool.prefetch_related("themes")
        .annotate(review_count=Count("reviews"))
        .order_by("-is_active", "full_name")
    )


def theme_list(acting: Acting) -> QuerySet[Theme]:
    """The theme taxonomy for those who edit it, with how often each theme is used."""
    taxonomy: QuerySet[Theme] = policies.themes.visible(acting, "manage")
    return taxonomy.annotate(
        review_count=Count("reviews", distinct=True),
        recommendation_count=Count("recommendations", distinct=True),
    ).order_by("-is_active", "name")
