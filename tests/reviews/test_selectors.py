"""The action plan, drift, the overdue dashboard, the subjects' profile and the library."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from masa.core.figures import SUPPRESSED
from masa.reviews import selectors
from masa.reviews.models import Review
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
TODAY = D(2031, 10, 15)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def ids(actions: Any) -> set[int]:
    return {action.pk for action in actions}


def test_the_overdue_dashboard_lists_everything_past_due() -> None:
    late = f.incident(aware_on=D(2031, 1, 5))
    on_time = f.incident(aware_on=D(2031, 1, 5), notified_panel_on=D(2031, 1, 7))
    rapid = rapid_reviews_services.rapid_review_open(acting=f.manager(), incident=on_time)
    summary = f.agency_summary(rapid, requested_on=D(2031, 1, 8))
    running = f.review(
        kind=Review.Kind.SAR, status=Review.Status.IN_PROGRESS, started_on=D(2031, 1, 6)
    )
    action = f.action(due_on=D(2031, 2, 1))
    items = selectors.overdue_items(f.partnership(), today=D(2031, 8, 1))
    assert late in items.incidents
    assert on_time not in items.incidents
    assert rapid in items.rapid_reviews
    assert summary in items.agency_summaries
    assert running in items.reviews
    assert action in items.actions
    assert all(count >= 1 for count in items.counts.values())
    before = selectors.overdue_items(f.partnership(), today=D(2031, 1, 6))
    assert late not in before.incidents
    assert action not in before.actions
    assert selectors.review_target_status(running, today=D(2031, 8, 1)) == "overdue"


def test_the_subject_profile_suppresses_small_numbers_when_published() -> None:
    slug = "southmoor"  # no demo subjects there: the counts are this test's alone
    for _ in range(6):
        f.subject(slug, age_band="under_1", sex="M", ethnicity="WBRI")
    f.subject(slug, age_band="5_9", sex="F", ethnicity="BAFR")
    tables = {t.key: t for t in selectors.subject_profile(f.partnership(slug), publish=True)}
    bands = {row.label: row.cells for row in tables["age_band"].rows}
    # Six of the seven: shown beside the total of 7, it would give the 1 away.
    assert bands["Under 1"][0].text == SUPPRESSED
    assert bands["5 to 9"][0].text == SUPPRESSED
    assert bands["5 to 9"][1].text == SUPPRESSED
    assert "Unborn" not in bands  # no empty rows in published figures
    open_tables = {t.key: t for t in selectors.subject_profile(f.partnership(slug), publish=False)}
    ethnic = {row.label: row.cells for row in open_tables["ethnicity"].rows}
    assert ethnic["Black African"][0].text == "1"
    assert ethnic["White British"][1].text == "85.7%"


def test_the_learning_library_lists_published_learning_only() -> None:
    theme = f.theme(name="Zq library theme")
    published = f.briefing(published=True, themes=[theme], title="Zq bruising briefing")
    draft = f.briefing(title="Zq draft briefing")
    letter = f.newsletter(published=True)
    item = f.library_item(themes=[theme])
    review = f.review(status=Review.Status.PUBLISHED, summary="Zq learning on infants")
    unpublished = f.review(status=Review.Status.SIGNED_OFF)
    nb = f.partnership()

    def records(**filters: Any) -> set[Any]:
        return {entry.record for entry in selectors.learning_library(nb, **filters)}

    everything = records()
    assert {published, letter, item, review} <= everything
    assert draft not in everything
    assert unpublished not in everything
    assert records(theme=theme) == {published, item}
    assert records(kind="published_review") & {review, published} == {review}
    assert records(q='"bruising briefing"') == {published}  # the phrase
    assert published in records(q="briefing bruising")  # every word, in any order
    assert records(kind="newsletter") & {letter, published} == {letter}
    assert not {published, item} & {
        e.record for e in selectors.learning_library(f.partnership("southmoor"))
    }


def test_themes_for_a_partnership() -> None:
    assert selectors.themes_for(f.partnership()).filter(name="Neglect").exists()
    assert (
        not selectors.themes_for(f.partnership("southmoor")).filter(name="Zq plan theme").exists()
    )
