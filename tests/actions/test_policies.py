"""Who sees what: the case review group, the executive (figures only), action owners by
agency, the requested agency's summary, evidence files, published learning, and
Southmoor refused everything of Northbridge's."""

from __future__ import annotations

from typing import Any

import pytest

from masa.actions import policies
from masa.reviews import policies as review_policies
from masa.reviews.models import Review
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

CASE_REVIEW_GROUP = {h.BUSINESS_UNIT_OFFICER, h.BUSINESS_MANAGER}
# The independent scrutineer reads everything (review.view at partnership scope).
REVIEW_READERS = CASE_REVIEW_GROUP | {h.SCRUTINEER}
NORTHBRIDGE = set(h.EVERYONE) - {h.SOUTHMOOR_MANAGER, h.SOUTHMOOR_PRACTITIONER}


def who(email: str) -> Any:
    """The person acting in Northbridge where they can, else in their own partnership."""
    slug = (
        "southmoor" if email in (h.SOUTHMOOR_MANAGER, h.SOUTHMOOR_PRACTITIONER) else "northbridge"
    )
    return h.acting(email, slug)


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


def test_a_police_action_owner_updates_only_police_actions(records: dict[str, Any]) -> None:
    maya = who(h.POLICE_BOTH)
    assert policies.actions.can(maya, "update", records["police"])
    assert not policies.actions.can(maya, "update", records["hospital"])
    assert policies.actions.can(maya, "view", records["hospital"])  # the whole plan to read
    assert not review_policies.reviews.can(maya, "view", records["review"])  # not the review itself
    assert not review_policies.sees_subject_details(maya)


@pytest.mark.parametrize(
    ("email", "sees"),
    [
        (h.POLICE_BOTH, {"police_evidence"}),  # own agency's only
        (h.SUBGROUP_MEMBER, {"hospital_evidence"}),
        (h.SUBGROUP_CHAIR, set()),  # probation: sees the plan, not other agencies' files
        (h.EXECUTIVE, {"police_evidence", "hospital_evidence"}),  # sign-off
        (h.BUSINESS_UNIT_OFFICER, {"police_evidence", "hospital_evidence"}),  # review.manage
        (h.PRACTITIONER, set()),
        (h.SOUTHMOOR_MANAGER, set()),
    ],
)
def test_evidence_files_are_served_only_to_permitted_people(
    records: dict[str, Any], email: str, sees: set[str]
) -> None:
    person = who(email)
    seen = {
        key
        for key in ("police_evidence", "hospital_evidence")
        if policies.evidence.can(person, "view", records[key])
    }
    assert seen == sees
