"""The risk register's services: adding a risk with its first version, scores checked
against the partnership's scale, every review a version, who may review, escalate and
close, the scale, and risk actions through the one action model."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from masa.actions import selectors as action_selectors
from masa.actions.models import Action, SourceKind
from masa.core import clocks
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import AuditEvent
from masa.governance.models_risks import Risk, RiskReview
from masa.governance.services import risks as services
from tests import helpers as h
from tests.governance import risk_factories as f

pytestmark = pytest.mark.usefixtures("demo")


def test_adding_a_risk_records_its_first_version_and_a_review_date_on_the_clock() -> None:
    risk = f.risk()
    today = timezone.localdate()
    assert risk.current_score == 12
    assert risk.inherent_score == 20
    assert risk.target_score == 6
    assert risk.status == Risk.Status.OPEN
    assert risk.review_due_on == clocks.add_months(today, 3)
    (first,) = RiskReview.objects.filter(risk=risk)
    assert first.version == 1
    assert first.reviewed_by == h.person(h.BUSINESS_MANAGER)
    assert first.current_score == 12
    event = AuditEvent.objects.filter(verb="risk.add", target_id=str(risk.pk)).get()
    assert event.changes["current_score"] == {"old": None, "new": 12}


def test_risks_are_numbered_within_their_partnership() -> None:
    first, second = f.risk(), f.risk(title="Zq: a second risk")
    assert second.number == first.number + 1
    elsewhere = f.risk("southmoor", owner=h.SOUTHMOOR_MANAGER)
    assert elsewhere.partnership.slug == "southmoor"


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        (f.scores(inherent=(0, 5)), "inherent_likelihood"),
        (f.scores(inherent=(6, 5)), "inherent_likelihood"),
        (f.scores(current=(3, 9)), "current_impact"),
        (f.scores(current=(2, 2), target=(3, 3)), "target_likelihood"),
    ],
)
def test_scores_off_the_scale_or_a_target_above_the_current_score_are_refused(
    scores: services.Scores, field: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        f.risk(scores=scores)
    assert refused.value.field == field
    assert not Risk.objects.filter(title__startswith="Zq").exists()


def test_a_review_is_a_new_version_with_who_when_the_scores_and_a_note() -> None:
    risk = f.risk()
    owner = h.acting(h.SUBGROUP_CHAIR)
    review = services.risk_review(
        acting=owner,
        risk=risk,
        scores=f.scores(current=(2, 4), target=(2, 3)),
        controls="Deputies named and attending.",
        note="Zq: police attended both meetings this quarter.",
    )
    risk.refresh_from_db()
    assert review.version == 2
    assert review.reviewed_by == owner.person
    assert review.current_score == 8
    assert risk.current_score == 8
    assert risk.controls == "Deputies named and attending."
    assert list(risk.reviews.values_list("version", flat=True)) == [1, 2]
    assert risk.reviews.get(version=1).current_score == 12  # the first version is kept
    event = AuditEvent.objects.filter(verb="risk.review", target_id=str(risk.pk)).get()
    assert event.changes["current_score"] == {"old": 12, "new": 8}
    assert event.changes["version"] == {"old": 1, "new": 2}


def test_a_review_needs_a_note_and_cannot_be_dated_in_the_future() -> None:
    risk = f.risk()
    acting = h.acting(h.BUSINESS_MANAGER)
    with pytest.raises(ServiceError) as empty:
        services.risk_review(acting=acting, risk=risk, scores=f.scores(), controls="x", note=" ")
    assert empty.value.field == "note"
    with pytest.raises(ServiceError) as future:
        services.risk_review(
            acting=acting,
            risk=risk,
            scores=f.scores(),
            controls="x",
            note="y",
            on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert future.value.field == "on"
    assert risk.reviews.count() == 1


def test_an_owner_reviews_their_own_risk_but_not_anothers_and_cannot_close_it() -> None:
    theirs = f.risk(owner=h.SUBGROUP_CHAIR)
    other = f.risk(owner=h.SUBGROUP_MEMBER, title="Zq: another owner's risk")
    chair = h.acting(h.SUBGROUP_CHAIR)
    with pytest.raises(NotAllowed):
        services.risk_review(acting=chair, risk=other, scores=f.scores(), controls="x", note="y")
    with pytest.raises(ServiceError) as refused:
        services.risk_review(
            acting=chair, risk=theirs, scores=f.scores(), controls="x", note="y", status="closed"
        )
    assert refused.value.field == "status"


def test_a_groups_chair_reviews_the_risks_of_the_group_they_chair() -> None:
    group = f.group(chair=h.person(h.SUBGROUP_MEMBER))
    risk = f.risk(owner=h.SUBGROUP_CHAIR, owner_group=group)
    review = services.risk_review(
        acting=h.acting(h.SUBGROUP_MEMBER), risk=risk, scores=f.scores(), controls="x", note="y"
    )
    assert review.version == 2
    elsewhere = f.risk(owner=h.SUBGROUP_CHAIR, title="Zq: not in the group")
    with pytest.raises(NotAllowed):
        services.risk_review(
            acting=h.acting(h.SUBGROUP_MEMBER),
            risk=elsewhere,
            scores=f.scores(),
            controls="x",
            note="y",
        )


def test_the_business_unit_escalates_to_the_executive_and_closes_a_risk() -> None:
    risk = f.risk()
    acting = h.acting(h.BUSINESS_MANAGER)
    services.risk_review(
        acting=acting, risk=risk, scores=f.scores(), controls="x", note="y", status="escalated"
    )
    risk.refresh_from_db()
    assert risk.status == Risk.Status.ESCALATED
    services.risk_review(
        acting=acting, risk=risk, scores=f.scores(), controls="x", note="z", status="closed"
    )
    risk.refresh_from_db()
    assert risk.status == Risk.Status.CLOSED
    assert risk.closed_on == timezone.localdate()
    assert [r.status for r in risk.reviews.all()] == ["open", "escalated", "closed"]


def test_another_partnership_cannot_review_or_change_a_risk() -> None:
    risk = f.risk()
    nadia = h.acting(h.SOUTHMOOR_MANAGER, "southmoor")
    with pytest.raises(NotAllowed):
        services.risk_review(acting=nadia, risk=risk, scores=f.scores(), controls="x", note="y")
    with pytest.raises(NotAllowed):
        services.risk_edit(
            acting=nadia,
            risk=risk,
            title="x",
            description="x",
            cause="x",
            effect="x",
            category="practice",
            owner=h.person(h.SOUTHMOOR_MANAGER),
            owner_group=None,
        )


def test_the_scale_cannot_shrink_below_a_scored_risk() -> None:
    acting = h.acting(h.BUSINESS_MANAGER)
    f.risk(scores=f.scores(inherent=(5, 5), current=(3, 3), target=(2, 2)))
    with pytest.raises(ServiceError):
        services.risk_scale_set(acting=acting, likelihood_levels=4, impact_levels=4)
    scale = services.risk_scale_set(acting=acting, likelihood_levels=6, impact_levels=5)
    assert str(scale) == "6 x 5"
    with pytest.raises(ServiceError):
        services.risk_scale_set(acting=acting, likelihood_levels=2, impact_levels=5)
    with pytest.raises(NotAllowed):
        services.risk_scale_set(
            acting=h.acting(h.SUBGROUP_CHAIR), likelihood_levels=5, impact_levels=5
        )


def test_a_risks_actions_are_actions_of_the_one_action_model() -> None:
    risk = f.risk(owner=h.SUBGROUP_CHAIR)
    action = services.risk_action_add(
        acting=h.acting(h.SUBGROUP_CHAIR),
        risk=risk,
        owner_agency=f.agency(f.POLICE),
        what="Zq: name a deputy for every subgroup",
        measure_of_success="A deputy at every meeting",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert action.source_kind == SourceKind.RISK
    assert action.source == risk
    assert action.source_info.label == f"Risk {risk.reference}, register entry"
    assert action.source_info.url == f"/governance/risks/{risk.pk}/"
    plan = action_selectors.action_plan(
        h.acting(h.EXECUTIVE), source=SourceKind.RISK, today=timezone.localdate()
    )
    assert action in plan
    with pytest.raises(NotAllowed):
        services.risk_action_add(
            acting=h.acting(h.SUBGROUP_MEMBER),
            risk=risk,
            owner_agency=f.agency(f.POLICE),
            what="x",
            measure_of_success="y",
            due_on=timezone.localdate(),
        )
    assert Action.objects.filter(risk=risk).count() == 1
