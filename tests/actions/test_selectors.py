"""The action plan, drift, the overdue dashboard, the subjects' profile and the library."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.paginator import Paginator

from masa.actions import selectors, services
from masa.actions.models import Action
from masa.reviews.models import Review
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
TODAY = D(2031, 10, 15)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def ids(actions: Any) -> set[int]:
    return {action.pk for action in actions}


@pytest.fixture
def plan() -> dict[str, Any]:
    theme = f.theme(name="Zq plan theme")
    other = f.theme(name="Zq other theme")
    tagged_review = f.review(status=Review.Status.IN_PROGRESS, themes=[other])
    by_recommendation = f.recommendation(themes=[theme])
    by_review = f.recommendation(tagged_review)
    maya = h.acting(h.POLICE_BOTH)
    overdue = f.action(by_recommendation, due_on=D(2031, 9, 1), what="Zq overdue police briefing")
    services.action_update(
        acting=maya, action=overdue, status="on_track", progress="x", at=_at(D(2031, 8, 1))
    )
    at_risk = f.action(by_recommendation, f.HOSPITALS, due_on=D(2031, 12, 1))
    services.action_update(
        acting=h.acting(h.SUBGROUP_MEMBER),
        action=at_risk,
        status="at_risk",
        progress="x",
        at=_at(D(2031, 10, 10)),
    )
    done = f.action(by_review, due_on=D(2031, 9, 1))
    services.action_close(acting=h.acting(h.EXECUTIVE), action=done, reason="Zq superseded")
    return {
        "theme": theme,
        "other": other,
        "overdue": overdue,
        "at_risk": at_risk,
        "done": done,
        "review": tagged_review,
    }


def test_the_action_plan_filters_by_theme_agency_status_review_and_words(
    plan: dict[str, Any],
) -> None:
    eleanor = h.acting(h.BUSINESS_MANAGER)
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
    assert ids(selectors.action_plan(h.acting(h.PRACTITIONER))) == set()
    assert (
        ids(selectors.action_plan(h.acting(h.SOUTHMOOR_MANAGER, "southmoor")))
        & {plan["overdue"].pk}
        == set()
    )
    # A police action owner reads the whole plan (recommendation.view P).
    assert plan["at_risk"].pk in ids(selectors.action_plan(h.acting(h.POLICE_BOTH)))


def test_a_page_of_the_action_plan_takes_a_constant_number_of_queries(
    plan: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    recommendation = f.recommendation()
    for _ in range(12):
        f.action(recommendation)
    eleanor = h.acting(h.BUSINESS_MANAGER)
    selectors.action_plan(eleanor).count()  # warm the membership's permission cache
    police = f.agency(f.POLICE).pk
    for theme in (None, plan["theme"]):
        with django_assert_max_num_queries(2):  # the count and the page
            page = Paginator(
                selectors.action_plan(eleanor, theme=theme, agency=police),
                selectors.ACTION_PLAN_PAGE_SIZE,
            ).page(1)
            rows = [
                (action.owner_agency.name, action.source_info.reference, action.owner)
                for action in page
            ]
        assert len(rows) >= (13 if theme is None else 1)


def test_drift_is_counted_per_agency_and_per_review(plan: dict[str, Any]) -> None:
    eleanor = h.acting(h.BUSINESS_MANAGER)
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
    assert selectors.drift_by_agency(h.acting(h.PRACTITIONER)) == []


def test_a_review_whose_actions_are_all_closed_stays_in_the_drift_tables() -> None:
    """Nothing open is news too: the row shows noughts rather than vanishing."""
    done = f.action(due_on=D(2031, 2, 1))
    Action.objects.filter(pk=done.pk).update(status=Action.Status.CLOSED, closed_on=D(2031, 3, 1))
    eleanor = h.acting(h.BUSINESS_MANAGER)
    by_review = {row.key: row for row in selectors.drift_by_review(eleanor, today=TODAY)}
    review_id = done.source_info.review_id
    assert review_id is not None
    row = by_review[review_id]
    assert (row.open, row.overdue, row.stale, row.at_risk) == (0, 0, 0, 0)
