"""Who sees what: the case review group, the executive (figures only), action owners by
agency, the requested agency's summary, evidence files, published learning, and
Southmoor refused everything of Northbridge's."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from masa.actions import policies as action_policies
from masa.core.acting import Acting
from masa.core.errors import NotAllowed
from masa.reviews import policies
from masa.reviews.models import Review
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

CASE_REVIEW_GROUP = {h.BUSINESS_UNIT_OFFICER, h.BUSINESS_MANAGER}
# The independent scrutineer reads everything (review.view at partnership scope).
REVIEW_READERS = CASE_REVIEW_GROUP | {h.SCRUTINEER}
NORTHBRIDGE = set(h.EVERYONE) - {h.SOUTHMOOR_MANAGER, h.SOUTHMOOR_PRACTITIONER}


def who(email: str) -> Acting:
    """The person acting in Northbridge where they can, else in their own partnership."""
    slug = (
        "southmoor" if email in (h.SOUTHMOOR_MANAGER, h.SOUTHMOOR_PRACTITIONER) else "northbridge"
    )
    return f.acting(email, slug)


@pytest.fixture
def records() -> dict[str, Any]:
    review = f.review(status=Review.Status.IN_PROGRESS)
    recommendation = f.recommendation(review)
    police = f.action(recommendation)
    hospital = f.action(recommendation, f.HOSPITALS)
    summary = f.agency_summary()
    other_summary = f.agency_summary(summary.rapid_review, f.HOSPITALS)
    return {
        "review": review,
        "incident": summary.rapid_review.incident,
        "subject": summary.rapid_review.incident.subject,
        "police": police,
        "hospital": hospital,
        "summary": summary,
        "other_summary": other_summary,
        "police_evidence": f.evidence(police, by=h.acting(h.POLICE_BOTH)),
        "hospital_evidence": f.evidence(hospital, by=h.acting(h.SUBGROUP_MEMBER)),
        "draft": f.briefing(),
        "published": f.briefing(published=True),
        "southmoor_review": f.review("southmoor"),
    }


def test_only_review_readers_see_reviews_incidents_and_subjects(
    records: dict[str, Any],
) -> None:
    for email in h.EVERYONE:
        person = who(email)
        expected = email in REVIEW_READERS
        assert policies.reviews.can(person, "view", records["review"]) == expected, email
        assert policies.incidents.can(person, "view", records["incident"]) == expected, email
        assert policies.subjects.can(person, "view", records["subject"]) == expected, email
        # In her own partnership Nadia is its case review group.
        in_own = expected or email == h.SOUTHMOOR_MANAGER
        assert policies.sees_subject_details(person) == in_own, email


def test_southmoor_cannot_see_northbridge_reviews_and_northbridge_cannot_see_southmoor(
    records: dict[str, Any],
) -> None:
    nadia = who(h.SOUTHMOOR_MANAGER)
    assert not policies.reviews.can(nadia, "view", records["review"])
    assert not action_policies.actions.can(nadia, "view", records["police"])
    assert not policies.agency_summaries.can(nadia, "view", records["summary"])
    assert not action_policies.evidence.can(nadia, "view", records["police_evidence"])
    assert records["published"] not in policies.briefings.visible(nadia, "view")
    assert policies.reviews.can(nadia, "view", records["southmoor_review"])
    assert not policies.reviews.can(who(h.BUSINESS_MANAGER), "view", records["southmoor_review"])


def test_the_executive_sees_figures_and_only_the_reviews_that_came_for_sign_off(
    records: dict[str, Any],
) -> None:
    james = who(h.EXECUTIVE)
    assert policies.sees_review_figures(james)
    assert not policies.sees_subject_details(james)
    # Whoever signs a review off may open it, once its draft has come to them.
    seen = policies.reviews.visible(james, "view")
    assert seen.exists()
    assert set(seen.values_list("status", flat=True)) <= set(policies.SIGN_OFF_STAGES)
    assert not policies.reviews.can(james, "view", records["review"])
    assert not policies.reviews.visible(james, "manage").exists()
    assert not policies.incidents.visible(james, "view").exists()
    assert action_policies.actions.can(james, "view", records["police"])  # the action plan
    assert policies.may_sign_off(james)
    assert not policies.sees_review_figures(who(h.PRACTITIONER))


@pytest.mark.parametrize(
    ("email", "sees"),
    [
        (h.POLICE_BOTH, {"summary"}),
        (h.SUBGROUP_MEMBER, {"other_summary"}),
        (h.BUSINESS_MANAGER, {"summary", "other_summary"}),
        (h.BUSINESS_UNIT_OFFICER, {"summary", "other_summary"}),
        (h.PRACTITIONER, set()),
        (h.EXECUTIVE, set()),
        (h.SOUTHMOOR_MANAGER, set()),
    ],
)
def test_agency_summaries_are_seen_by_the_requested_agency_only(
    records: dict[str, Any], email: str, sees: set[str]
) -> None:
    person = who(email)
    seen = {
        key
        for key in ("summary", "other_summary")
        if policies.agency_summaries.can(person, "view", records[key])
    }
    assert seen == sees
    writes = {
        key
        for key in ("summary", "other_summary")
        if policies.agency_summaries.can(person, "submit", records[key])
    }
    assert writes == sees


def test_published_learning_is_for_every_member_and_drafts_for_the_group(
    records: dict[str, Any],
) -> None:
    for email in NORTHBRIDGE:
        person = who(email)
        visible = set(policies.briefings.visible(person, "view"))
        assert records["published"] in visible, email
        assert (records["draft"] in visible) == (email in CASE_REVIEW_GROUP), email


def test_aggregate_review_view_reaches_no_records() -> None:
    james = who(h.EXECUTIVE)
    assert not policies.rapid_reviews.visible(james, "view").exists()
    assert not policies.sar_referrals.visible(james, "view").exists()
    assert not policies.reviews.can(james, "manage")


# --- the one policy interface ------------------------------------------------------------


def test_get_or_404_fetches_what_the_person_may_act_on_and_hides_the_rest(
    records: dict[str, Any],
) -> None:
    eleanor, dev = who(h.BUSINESS_MANAGER), who(h.SCRUTINEER)
    review = records["review"]
    assert policies.reviews.get_or_404(eleanor, "manage", review.pk, for_update=True) == review
    assert policies.reviews.get_or_404(dev, "view", review.pk) == review
    with pytest.raises(Http404):
        policies.reviews.get_or_404(dev, "manage", review.pk)  # reads, never runs
    with pytest.raises(Http404):
        policies.reviews.get_or_404(who(h.SOUTHMOOR_MANAGER), "view", review.pk)
    with pytest.raises(NotAllowed):
        policies.incidents.require(who(h.PRACTITIONER), "manage")


@pytest.mark.parametrize(
    ("ability", "people"),
    [
        ("see_figures", REVIEW_READERS | {h.EXECUTIVE}),
        ("see_subjects", REVIEW_READERS),
        ("run_reviews", CASE_REVIEW_GROUP),
        ("sign_off_here", {h.BUSINESS_MANAGER, h.EXECUTIVE}),
        ("open_reviews", REVIEW_READERS | {h.EXECUTIVE}),
    ],
)
def test_the_casework_abilities_name_the_page_rules(ability: str, people: set[str]) -> None:
    allowed = {email for email in NORTHBRIDGE if policies.reviews.can(who(email), ability)}
    assert allowed == people


def test_only_whoever_signs_off_reaches_reviews_to_sign(records: dict[str, Any]) -> None:
    review = records["review"]
    signers = {
        email for email in h.EVERYONE if policies.sign_off.can(who(email), "sign_off", review)
    }
    assert signers == {h.BUSINESS_MANAGER, h.EXECUTIVE}


def test_the_tracker_shows_a_review_to_a_reader_of_one_of_its_recommendations(
    records: dict[str, Any],
) -> None:
    review = records["review"]
    assert policies.tracker.can(who(h.POLICE_BOTH), "view", review)  # owns an action on it
    assert not policies.tracker.can(who(h.PRACTITIONER), "open")
    assert not policies.tracker.can(who(h.SOUTHMOOR_MANAGER), "view", review)
    bare = f.review(status=Review.Status.IN_PROGRESS)
    assert policies.tracker.can(who(h.BUSINESS_MANAGER), "view", bare)


def test_people_with_says_whom_to_tell(records: dict[str, Any]) -> None:
    northbridge = f.partnership()
    runners = {p.email for p in policies.incidents.people_with("manage", partnership=northbridge)}
    assert runners >= CASE_REVIEW_GROUP
    assert not runners & {h.SCRUTINEER, h.EXECUTIVE, h.PRACTITIONER}
    assert all(policies.reviews.can(who(email), "run_reviews") for email in runners)
    # Those who answer for the police are told of the police's summary, not the group.
    writers = {p.email for p in policies.agency_summaries.people_with("submit", records["summary"])}
    assert h.POLICE_BOTH in writers
    assert not writers & {h.SUBGROUP_MEMBER, h.PRACTITIONER}
    assert all(
        policies.agency_summaries.can(who(email), "submit", records["summary"]) for email in writers
    )
