"""The recommendations tracker through its pages: findings, recommendations with impact
measures, and each review's page of recommendations with their actions (the action
pages are tested in tests/actions/test_views.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from masa.core.models import AuditEvent
from masa.reviews.models import (
    Finding,
    Recommendation,
    Review,
)
from tests import helpers as h
from tests.insight.factories import indicator
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")
D = datetime.date


def url(name: str, *args: Any) -> str:
    namespace = "actions" if name.startswith("action") else "reviews"
    return reverse(f"{namespace}:{name}", args=args)


def date_parts(name: str, day: D) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def assert_form_error(response: Any, message: str) -> None:
    text = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in text
    assert "There is a problem" in text
    assert message in text


@pytest.fixture
def review() -> Review:
    return f.review(status=Review.Status.IN_PROGRESS)


def test_the_group_adds_a_finding_with_themes(review: Review) -> None:
    theme = f.theme()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    assert eleanor.get(url("finding-new", review.pk)).status_code == 200
    assert_form_error(
        eleanor.post(url("finding-new", review.pk), {"text": " "}), "Enter the finding"
    )
    response = eleanor.post(
        url("finding-new", review.pk),
        {"text": "Zq: no one asked the child", "themes": [theme.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == url("review-recommendations", review.pk)
    finding = Finding.objects.get(review=review)
    assert (finding.number, list(finding.themes.all())) == (1, [theme])
    page = eleanor.get(url("review-recommendations", review.pk)).content.decode()
    assert "Zq: no one asked the child" in page


def test_a_recommendation_measured_by_an_indicator_needs_a_real_indicator_code(
    review: Review,
) -> None:
    code = indicator(code="zq.impact_measure").code
    finding = f.finding(review)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    base = {"text": "Zq: make information sharing routine", "finding": finding.pk}
    unknown = eleanor.post(
        url("recommendation-new", review.pk),
        {**base, "impact_measure_kind": "indicator", "impact_measure": "zq.no_such_code"},
    )
    assert_form_error(unknown, "Enter the code of an indicator in the partnership")
    no_kind = eleanor.post(
        url("recommendation-new", review.pk), {**base, "impact_measure": "an audit"}
    )
    assert_form_error(no_kind, "Select how the partnership will know it worked")
    no_measure = eleanor.post(
        url("recommendation-new", review.pk), {**base, "impact_measure_kind": "survey"}
    )
    assert_form_error(no_measure, "Say which indicator, audit question or survey")
    assert not Recommendation.objects.filter(review=review).exists()
    saved = eleanor.post(
        url("recommendation-new", review.pk),
        {**base, "impact_measure_kind": "indicator", "impact_measure": code},
    )
    assert saved.status_code == 302
    recommendation = Recommendation.objects.get(review=review)
    assert (recommendation.finding, recommendation.impact_measure) == (finding, code)


def test_the_indicator_codes_come_from_this_partnership_only(review: Review) -> None:
    theirs = indicator("southmoor", code="zq.southmoor_only").code
    response = h.signed_in(h.BUSINESS_MANAGER).post(
        url("recommendation-new", review.pk),
        {"text": "Zq", "impact_measure_kind": "indicator", "impact_measure": theirs},
    )
    assert_form_error(response, "Enter the code of an indicator")


def test_a_finding_of_another_review_cannot_be_chosen(review: Review) -> None:
    other = f.finding(f.review())
    response = h.signed_in(h.BUSINESS_MANAGER).post(
        url("recommendation-new", review.pk), {"text": "Zq", "finding": other.pk}
    )
    assert_form_error(response, "Select a finding of this review")


def test_the_impact_result_is_recorded_with_its_date(review: Review) -> None:
    recommendation = f.recommendation(review)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    values = {
        "impact_measure_kind": "audit_question",
        "impact_measure": "Zq: was the child seen alone?",
        "impact_result": "Zq: seen alone in 9 of 10 audited cases",
    }
    assert_form_error(
        eleanor.post(url("recommendation-impact", recommendation.pk), values),
        "Enter when the result was known",
    )
    response = eleanor.post(
        url("recommendation-impact", recommendation.pk),
        {**values, **date_parts("impact_result_on", D(2031, 11, 2))},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.impact_result_on == D(2031, 11, 2)
    assert AuditEvent.objects.filter(
        verb="recommendation.impact", target_id=str(recommendation.pk)
    ).exists()
    page = eleanor.get(url("review-recommendations", review.pk)).content.decode()
    assert "seen alone in 9 of 10 audited cases" in page


def test_the_tracker_page_shows_each_recommendation_with_its_actions_and_status(
    review: Review,
) -> None:
    recommendation = f.recommendation(review, text="Zq: share information routinely")
    late = f.action(recommendation, due_on=D(2020, 1, 1), what="Zq: a late action")
    f.action(recommendation, f.HOSPITALS, what="Zq: a hospital action")
    page = h.signed_in(h.SUBGROUP_MEMBER).get(url("review-recommendations", review.pk))
    text = page.content.decode()
    assert "Zq: share information routinely" in text
    assert "Zq: a late action" in text
    assert "Zq: a hospital action" in text
    assert 'govuk-tag--red">Overdue' in text
    assert url("action", late.pk) in text
    # Only the case review group changes the review.
    assert url("action-new", recommendation.pk) not in text
    group = h.signed_in(h.BUSINESS_MANAGER).get(url("review-recommendations", review.pk))
    assert url("action-new", recommendation.pk) in group.content.decode()
    assert url("review", review.pk) in group.content.decode()


def test_an_impact_measure_naming_an_indicator_shows_its_name_and_links_to_it() -> None:
    from masa.insight.models import Indicator
    from masa.reviews.models import Recommendation as Rec

    # The demo's recommendation measured by Operation Encompass notifications.
    recommendation = Rec.objects.filter(
        review__partnership__slug="northbridge",
        impact_measure_kind="indicator",
        impact_measure="police.encompass_on_time_pct",
    ).first()
    assert recommendation is not None
    named = Indicator.objects.get(
        partnership=recommendation.review.partnership, code="police.encompass_on_time_pct"
    )
    page = h.signed_in(h.BUSINESS_MANAGER).get(
        reverse("reviews:review-recommendations", args=[recommendation.review_id])
    )
    body = page.content.decode()
    link = reverse("insight:indicator", args=["police.encompass_on_time_pct"])
    assert f'<a class="govuk-link" href="{link}">{named.name}</a>' in body
    assert "An indicator from the insight catalogue: police.encompass_on_time_pct" not in body
