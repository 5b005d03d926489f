"""The action plan, drift, the overdue dashboard, the subjects' profile and the library."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.paginator import Paginator

from masa.core.figures import SUPPRESSED
from masa.reviews import selectors, services
from masa.reviews.models import Action, Review
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
TODAY = D(2031, 10, 15)


@pytest.fixture
def plan() -> dict[str, Any]:
    theme = f.theme(name="Zq plan theme")
    other = f.theme(name="Zq other theme")
    tagged_review = f.review(status=Review.Status.IN_PROGRESS, themes=[other])
    by_recommendation = f.recommendation(themes=[theme])
    by_review = f.recommendation(tagged_review)
    maya = f.acting(h.POLICE_BOTH)
    overdue = f.action(by_recommendation, due_on=D(2031, 9, 1), what="Zq overdue police briefing")
    services.action_update(
        actor=maya, action=overdue, status="on_track", progress="x", at=_at(D(2031, 8, 1))
    )
    at_risk = f.action(by_recommendation, f.HOSPITALS, due_on=D(2031, 12, 1))
    services.action_update(
        actor=f.acting(h.SUBGROUP_MEMBER),
        action=at_risk,
        status="at_risk",
        progress="x",
        at=_at(D(2031, 10, 10)),
    )
    done = f.action(by_review, due_on=D(2031, 9, 1))
    services.action_close(actor=f.executive(), action=done, reason="Zq superseded")
    return {
        "theme": theme,
        "other": other,
        "overdue": overdue,
        "at_risk": at_risk,
        "done": done,
        "review": tagged_review,
    }


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def ids(actions: Any) -> set[int]:
    return {action.pk for action in actions}


def test_the_action_plan_filters_by_theme_agency_status_review_and_words(
    plan: dict[str, Any],
) -> None:
    eleanor = f.manager()
    mine = {plan["overdue"].pk, plan["at_risk"].pk, plan["done"].pk}

    def run(**filters: Any) -> set[int]:
        return ids(selectors.action_plan(eleanor, today=TODAY, **filters)) & mine

    assert run() == mine
    assert run(theme=plan["theme"]) == {plan["overdue"].pk, plan["at_risk"].pk}
    assert run(theme=plan["other"].pk) == {plan["done"].pk}  # through the review's theme
    assert run(agency=f.agency(f.POLICE)) == {plan["overdue"].pk, plan["done"].pk}
    assert run(theme=plan["theme"], agency=str(f.agency(f.HOSPITALS).pk)) == {plan["at_risk"].pk}
    assert run(status="overdue") == {plan["overdue"].pk}
    assert run(status="on_track") == set()  # the on-track one is past due: it shows overdue
    assert run(status="at_risk") == {plan["at_risk"].pk}
    assert run(status="closed") == {plan["done"].pk}
    assert run(review=plan["review"]) == {plan["done"].pk}
    assert run(q="overdue police") == {plan["overdue"].pk}
    rows = {a.pk: a for a in selectors.action_plan(eleanor, today=TODAY)}
    assert rows[plan["overdue"].pk].overdue is True  # type: ignore[attr-defined]
    assert rows[plan["done"].pk].overdue is False  # type: ignore[attr-defined]
    assert plan["overdue"].shown_status(TODAY) == "overdue"


def test_the_action_plan_is_what_the_person_may_see(plan: dict[str, Any]) -> None:
    assert ids(selectors.action_plan(f.acting(h.PRACTITIONER))) == set()
    assert (
        ids(selectors.action_plan(f.acting(h.SOUTHMOOR_MANAGER, "southmoor")))
        & {plan["overdue"].pk}
        == set()
    )
    # A police action owner reads the whole plan (recommendation.view P).
    assert plan["at_risk"].pk in ids(selectors.action_plan(f.acting(h.POLICE_BOTH)))


def test_a_page_of_the_action_plan_takes_a_constant_number_of_queries(
    plan: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    recommendation = f.recommendation()
    for _ in range(12):
        f.action(recommendation)
    eleanor = f.manager()
    selectors.action_plan(eleanor).count()  # warm the membership's permission cache
    police = f.agency(f.POLICE).pk
    for theme in (None, plan["theme"]):
        with django_assert_max_num_queries(2):  # the count and the page
            page = Paginator(
                selectors.action_plan(eleanor, theme=theme, agency=police),
                selectors.ACTION_PLAN_PAGE_SIZE,
            ).page(1)
            rows = [
                (action.owner_agency.name, action.recommendation.review.reference, action.owner)
                for action in page
            ]
        assert len(rows) >= (13 if theme is None else 1)


def test_drift_is_counted_per_agency_and_per_review(plan: dict[str, Any]) -> None:
    eleanor = f.manager()
    by_agency = {row.label: row for row in selectors.drift_by_agency(eleanor, today=TODAY)}
    police = by_agency[f.POLICE]
    # The overdue police action was last updated 1 Aug: over 6 weeks before 15 Oct.
    assert police.overdue >= 1
    assert police.stale >= 1
    hospital = by_agency[f.HOSPITALS]
    assert hospital.at_risk >= 1
    review_ref = plan["overdue"].recommendation.review.reference
    by_review = {row.label: row for row in selectors.drift_by_review(eleanor, today=TODAY)}
    row = by_review[review_ref]
    assert (row.open, row.overdue, row.stale, row.at_risk) == (2, 1, 1, 1)
    assert selectors.drift_by_agency(f.acting(h.PRACTITIONER)) == []


def test_a_review_whose_actions_are_all_closed_stays_in_the_drift_tables() -> None:
    """Nothing open is news too: the row shows noughts rather than vanishing."""
    done = f.action(due_on=D(2031, 2, 1))
    Action.objects.filter(pk=done.pk).update(status=Action.Status.CLOSED, closed_on=D(2031, 3, 1))
    eleanor = f.manager()
    by_review = {row.key: row for row in selectors.drift_by_review(eleanor, today=TODAY)}
    row = by_review[done.recommendation.review_id]
    assert (row.open, row.overdue, row.stale, row.at_risk) == (0, 0, 0, 0)


def test_the_overdue_dashboard_lists_everything_past_due() -> None:
    late = f.incident(aware_on=D(2031, 1, 5))
    on_time = f.incident(aware_on=D(2031, 1, 5), notified_panel_on=D(2031, 1, 7))
    rapid = services.rapid_review_open(actor=f.manager(), incident=on_time)
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
