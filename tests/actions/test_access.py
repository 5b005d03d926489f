"""Action pages (and the recommendations tracker's) against every demo person: who may
see each, and that everyone else (no role, another agency, another partnership) is
refused with 404."""

from __future__ import annotations

from typing import Any

import pytest

from masa.reviews.models import Review
from masa.reviews.services import recommendations as recommendations_services
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER}
# review.view and review.manage at partnership scope.
MANAGE = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}
# recommendation.view: the action plan and the recommendations (never the review's own
# documents unless also in the case review group).
PLAN = MANAGE | {
    h.SCRUTINEER,
    h.EXECUTIVE,
    h.SUBGROUP_MEMBER,
    h.SUBGROUP_CHAIR,
    h.POLICE_BOTH,
}
SIGN_OFF = {h.BUSINESS_MANAGER, h.EXECUTIVE}


@pytest.fixture
def records() -> dict[str, Any]:
    review = f.review(status=Review.Status.IN_PROGRESS, subject=f.subject(pseudonym="Child Zqx"))
    finding = f.finding(review, text="Zq finding: agencies did not share what they knew")
    recommendation = f.recommendation(review, finding=finding)
    police = f.action(recommendation, f.POLICE)
    hospital = f.action(recommendation, f.HOSPITALS)
    evidence = f.evidence(police)
    southmoor_review = f.review("southmoor", status=Review.Status.IN_PROGRESS)
    southmoor_action = f.action(f.recommendation(southmoor_review), "Mercia Vale Police")
    southmoor_evidence = f.evidence(southmoor_action)
    return {
        "review": review.pk,
        "recommendation": recommendation.pk,
        "police": police.pk,
        "hospital": hospital.pk,
        "evidence": evidence.pk,
        "sm_review": southmoor_review.pk,
        "sm_action": southmoor_action.pk,
        "sm_evidence": southmoor_evidence.pk,
    }


MATRIX: list[tuple[str, set[str]]] = [
    ("/reviews/{review}/recommendations/", PLAN),
    ("/reviews/{review}/findings/new/", MANAGE),
    ("/reviews/{review}/recommendations/new/", MANAGE),
    ("/recommendations/{recommendation}/impact/", MANAGE),
    ("/recommendations/{recommendation}/actions/new/", MANAGE),
    ("/action-plan/", PLAN | SOUTHMOOR),
    ("/action-plan/reviews/", PLAN | SOUTHMOOR),
    ("/action-plan.xlsx", PLAN | SOUTHMOOR),
    ("/action-plan.docx", PLAN | SOUTHMOOR),
    ("/actions/{police}/", PLAN),
    # recommendation.update: partnership scope, or agency scope for the owning agency.
    ("/actions/{police}/update/", MANAGE | {h.SUBGROUP_CHAIR, h.POLICE_BOTH}),
    ("/actions/{hospital}/update/", MANAGE | {h.SUBGROUP_CHAIR, h.SUBGROUP_MEMBER}),
    ("/actions/{police}/close/", SIGN_OFF),
    # Evidence: the owning agency, sign-off or review.manage; never another agency.
    ("/evidence/{evidence}/", MANAGE | {h.EXECUTIVE, h.POLICE_BOTH}),
    ("/reviews/{sm_review}/recommendations/", SOUTHMOOR),
    ("/actions/{sm_action}/", SOUTHMOOR),
    ("/actions/{sm_action}/update/", SOUTHMOOR),
    ("/evidence/{sm_evidence}/", SOUTHMOOR),
]


# Pages that only take a POST, with the test that covers who may send it.
POST_ONLY = {"actions:evidence-accept": "test_only_sign_off_may_accept_evidence_others_get_404"}


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


def test_only_sign_off_may_accept_evidence_others_get_404(
    records: dict[str, Any],
) -> None:
    url = f"/evidence/{records['evidence']}/accept/"
    for email in set(h.EVERYONE) - SIGN_OFF:
        assert h.signed_in(email).post(url).status_code == 404, email
    response = h.signed_in(h.EXECUTIVE).post(url)
    assert response.status_code == 302


def test_southmoor_cannot_accept_or_close_northbridge_records(records: dict[str, Any]) -> None:
    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    assert nadia.post(f"/evidence/{records['evidence']}/accept/").status_code == 404
    assert nadia.post(f"/actions/{records['police']}/close/", {"reason": "x"}).status_code == 404
    assert nadia.post(f"/reviews/{records['review']}/findings/new/", {"text": "x"}).status_code == (
        404
    )


def test_the_police_action_owner_updates_her_agencys_action_but_not_another_agencys(
    records: dict[str, Any],
) -> None:
    maya = h.signed_in(h.POLICE_BOTH)
    ours = maya.post(
        f"/actions/{records['police']}/update/",
        {"status": "on_track", "progress": "Zq: half the response officers briefed"},
    )
    assert ours.status_code == 302
    theirs = maya.post(
        f"/actions/{records['hospital']}/update/",
        {"status": "on_track", "progress": "Zq: should not be allowed"},
    )
    assert theirs.status_code == 404
    history = h.signed_in(h.BUSINESS_MANAGER).get(f"/actions/{records['hospital']}/")
    assert "should not be allowed" not in history.content.decode()


def test_the_police_action_owner_does_not_see_the_review_documents(
    records: dict[str, Any],
) -> None:
    page = h.signed_in(h.POLICE_BOTH).get(f"/reviews/{records['review']}/recommendations/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Recommendation 1" in text
    # Findings, the subject and the review's own documents are the case review group's.
    assert "agencies did not share what they knew" not in text
    assert "Child Zqx" not in text
    group = h.signed_in(h.BUSINESS_MANAGER).get(f"/reviews/{records['review']}/recommendations/")
    assert "agencies did not share what they knew" in group.content.decode()
    assert "Child Zqx" not in group.content.decode()


def test_the_executive_sees_recommendations_but_never_the_subject(
    records: dict[str, Any],
) -> None:
    for url in (
        f"/reviews/{records['review']}/recommendations/",
        f"/actions/{records['police']}/",
        "/action-plan/",
    ):
        text = h.signed_in(h.EXECUTIVE).get(url).content.decode()
        assert "Child Zqx" not in text


def test_a_plan_reader_sees_a_review_only_once_it_has_recommendations(
    records: dict[str, Any],
) -> None:
    # A review with no recommendations yet is the case review group's alone.
    bare = f.review(status=Review.Status.IN_PROGRESS)
    url = f"/reviews/{bare.pk}/recommendations/"
    assert h.signed_in(h.POLICE_BOTH).get(url).status_code == 404
    assert h.signed_in(h.BUSINESS_MANAGER).get(url).status_code == 200
    recommendations_services.recommendation_add(
        acting=f.manager(), review=bare, text="Zq: a first one"
    )
    assert h.signed_in(h.POLICE_BOTH).get(url).status_code == 200
