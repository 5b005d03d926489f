"""Learning pages against every demo person: published learning for every member of the
partnership, drafts and writing for those who run reviews, 404 for everyone else and for
another partnership."""

from __future__ import annotations

from typing import Any

import pytest

from masa.reviews.models import Review
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

SOUTHMOOR = {h.SOUTHMOOR_MANAGER, h.SOUTHMOOR_PRACTITIONER}
NORTHBRIDGE = set(h.EVERYONE) - SOUTHMOOR
MANAGE = {h.BUSINESS_MANAGER, h.BUSINESS_UNIT_OFFICER}


@pytest.fixture
def records() -> dict[str, Any]:
    return {
        "published": f.briefing(published=True).pk,
        "draft": f.briefing().pk,
        "newsletter": f.newsletter(published=True).pk,
        "draft_newsletter": f.newsletter().pk,
        "item": f.library_item().pk,
        "sm_briefing": f.briefing("southmoor", published=True).pk,
        "sm_item": f.library_item("southmoor").pk,
    }


MATRIX: list[tuple[str, set[str]]] = [
    ("/learning/", set(h.EVERYONE)),
    ("/learning/briefings/{published}/", NORTHBRIDGE),
    ("/learning/briefings/{published}/briefing.pdf", NORTHBRIDGE),
    ("/learning/briefings/{draft}/", MANAGE),
    ("/learning/briefings/{draft}/briefing.pdf", MANAGE),
    ("/learning/briefings/new/", MANAGE | {h.SOUTHMOOR_MANAGER}),
    ("/learning/briefings/{published}/edit/", MANAGE),
    ("/learning/newsletters/{newsletter}/", NORTHBRIDGE),
    ("/learning/newsletters/{draft_newsletter}/", MANAGE),
    ("/learning/newsletters/new/", MANAGE | {h.SOUTHMOOR_MANAGER}),
    ("/learning/newsletters/{newsletter}/edit/", MANAGE),
    ("/learning/library/new/", MANAGE | {h.SOUTHMOOR_MANAGER}),
    ("/learning/library/{item}/edit/", MANAGE),
    ("/learning/briefings/{sm_briefing}/", SOUTHMOOR),
    ("/learning/library/{sm_item}/edit/", {h.SOUTHMOOR_MANAGER}),
]
# Pages that only take a POST, and the test here that covers each.
POST_ONLY = {
    "reviews:briefing-publish": "test_only_those_who_run_reviews_can_publish",
    "reviews:newsletter-publish": "test_only_those_who_run_reviews_can_publish",
}


@pytest.mark.parametrize(("template", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_person_gets_the_expected_answer(
    template: str, allowed: set[str], records: dict[str, Any]
) -> None:
    url = template.format(**records)
    answers = {email: h.signed_in(email).get(url).status_code for email in h.EVERYONE}
    expected = {email: (200 if email in allowed else 404) for email in h.EVERYONE}
    assert answers == expected


@pytest.mark.parametrize(
    "template",
    ["/learning/briefings/{draft}/publish/", "/learning/newsletters/{draft_newsletter}/publish/"],
)
def test_only_those_who_run_reviews_can_publish(template: str, records: dict[str, Any]) -> None:
    url = template.format(**records)
    for email in set(h.EVERYONE) - MANAGE:
        assert h.signed_in(email).post(url).status_code == 404, email
    assert h.signed_in(h.BUSINESS_MANAGER).post(url).status_code == 302


def test_the_practitioner_sees_only_published_learning(records: dict[str, Any]) -> None:
    published = f.briefing(published=True, title="Zq Published infant bruising")
    f.briefing(title="Zq Draft infant bruising")
    f.newsletter(title="Zq Draft newsletter on bruising")
    amira = h.signed_in(h.PRACTITIONER)
    text = amira.get("/learning/", {"q": "bruising"}).content.decode()
    assert "Zq Published infant bruising" in text
    assert "Zq Draft infant bruising" not in text
    assert "Zq Draft newsletter on bruising" not in text
    assert "Drafts" not in text
    assert f"/learning/briefings/{published.pk}/edit/" not in text
    # The people who run reviews see the drafts, listed apart.
    eleanor = h.signed_in(h.BUSINESS_MANAGER).get("/learning/").content.decode()
    assert "Zq Draft infant bruising" in eleanor
    assert "Zq Draft newsletter on bruising" in eleanor


def test_the_practitioner_never_reaches_case_review_pages(records: dict[str, Any]) -> None:
    review = f.review(status=Review.Status.PUBLISHED)
    amira = h.signed_in(h.PRACTITIONER)
    assert amira.get(f"/reviews/{review.pk}/recommendations/").status_code == 404
    assert amira.get("/action-plan/").status_code == 404


def test_a_published_review_shows_in_the_library_without_its_subject(
    records: dict[str, Any],
) -> None:
    subject = f.subject(pseudonym="Child Zqlibrary", ethnicity="WIRI")
    review = f.review(
        status=Review.Status.PUBLISHED,
        title="Zq Learning from Child L",
        summary="Zq: what agencies learned about information sharing",
        subject=subject,
    )
    for email in (h.PRACTITIONER, h.BUSINESS_MANAGER):
        text = h.signed_in(email).get("/learning/", {"kind": "published_review"}).content.decode()
        assert "Zq Learning from Child L" in text
        assert review.publication_link in text
        assert "Child Zqlibrary" not in text
        assert "Irish" not in text


def test_southmoor_sees_only_its_own_library(records: dict[str, Any]) -> None:
    northbridge_only = f.briefing(published=True, title="Zq Northbridge-only briefing")
    text = h.signed_in(h.SOUTHMOOR_PRACTITIONER).get("/learning/").content.decode()
    assert "Zq Northbridge-only briefing" not in text
    assert f"/learning/briefings/{northbridge_only.pk}/" not in text
