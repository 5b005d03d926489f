"""The case review services: the journey from notification to closed actions, one audit
event per action, and every refusal the rules call for."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import pytest

from masa.actions import services as action_services
from masa.core.errors import ServiceError
from masa.core.models import AuditEvent, Role
from masa.reviews.models import (
    AgencySummary,
    RapidReview,
    Review,
    SarReferral,
    Theme,
)
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services import learning as learning_services
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from masa.reviews.services import recommendations as recommendations_services
from masa.reviews.services import reference as reference_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.services import sar as sar_services
from masa.reviews.services import subjects as subjects_services
from masa.reviews.themes import STARTER_THEMES
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
T = TypeVar("T")


@contextmanager
def one_event(verb: str) -> Iterator[None]:
    """The block writes exactly one audit event, with this verb."""
    before = AuditEvent.objects.count()
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    new = list(AuditEvent.objects.filter(pk__gt=latest).values_list("verb", flat=True))
    assert AuditEvent.objects.count() == before + 1, new
    assert new == [verb]


def once(verb: str, call: Callable[[], T]) -> T:
    with one_event(verb):
        return call()


def test_starter_themes_and_the_case_review_group_role_are_shipped() -> None:
    names = set(Theme.objects.filter(partnership=f.partnership()).values_list("name", flat=True))
    assert {"Neglect", "Voice of the child", "Safeguarding infants"} <= names
    assert len(names & {name for name, _ in STARTER_THEMES}) == 14
    southmoor = Theme.objects.filter(partnership=f.partnership("southmoor")).count()
    assert southmoor >= 14
    role = Role.objects.get(slug="case-review-group")
    grants = dict(role.permissions.values_list("permission", "scope"))
    assert grants == {
        "review.view": "partnership",
        "review.manage": "partnership",
        "recommendation.view": "partnership",
        "recommendation.update": "partnership",
        "recommendation.sign_off": "partnership",
        "dashboard.view": "aggregate",
        # Governance 0002: the group sees groups and meetings, as every group does.
        "governance.view": "partnership",
    }
    assert reference_services.themes_ensure_defaults(actor=None, partnership=f.partnership()) == 0


def test_the_journey_from_notification_to_closed_action_writes_one_event_each() -> None:
    eleanor = f.manager()
    neglect = Theme.objects.get(partnership=eleanor.partnership, name="Neglect")
    child = once(
        "review_subject.create",
        lambda: subjects_services.subject_save(
            acting=eleanor,
            pseudonym="Child Zq",
            is_child=True,
            age_band="under_1",
            sex="M",
            ethnicity="MWBC",
        ),
    )
    incident = once(
        "incident.notify",
        lambda: incidents_services.incident_notify(
            acting=eleanor,
            subject=child,
            summary="Zq: head injury",
            aware_on=D(2031, 3, 3),
            themes=[neglect],
        ),
    )
    assert incident.reference == f"NB-SI-2031-{incident.reference[-3:]}"
    with pytest.raises(ServiceError, match="notification to the Panel before"):
        rapid_reviews_services.rapid_review_open(acting=eleanor, incident=incident)
    once(
        "incident.notifications",
        lambda: incidents_services.incident_update_notifications(
            acting=eleanor,
            incident=incident,
            notified_panel_on=D(2031, 3, 6),
            partners_told_on=D(2031, 3, 6),
        ),
    )
    rapid = once(
        "rapid_review.open",
        lambda: rapid_reviews_services.rapid_review_open(acting=eleanor, incident=incident),
    )
    police = once(
        "agency_summary.request",
        lambda: rapid_reviews_services.agency_summary_request(
            acting=eleanor,
            rapid_review=rapid,
            agency=f.agency(f.POLICE),
            requested_on=D(2031, 3, 6),
        ),
    )
    maya = f.acting(h.POLICE_BOTH)
    once(
        "agency_summary.submit",
        lambda: rapid_reviews_services.agency_summary_submit(
            acting=maya,
            summary=police,
            involvement="Two call-outs",
            analysis="No referral made",
            submitted_on=D(2031, 3, 10),
        ),
    )
    once(
        "rapid_review.meeting",
        lambda: rapid_reviews_services.rapid_review_meeting(
            acting=eleanor, rapid_review=rapid, meeting_on=D(2031, 3, 20)
        ),
    )
    once(
        "rapid_review.decide",
        lambda: rapid_reviews_services.rapid_review_decide(
            acting=eleanor,
            rapid_review=rapid,
            decision="lcspr",
            rationale="Criteria met",
            decided_on=D(2031, 3, 20),
        ),
    )
    review = Review.objects.get(incident=incident)
    assert (review.kind, review.status, review.subject) == ("lcspr", "commissioned", child)
    assert list(review.themes.all()) == [neglect]
    assert review.reference.startswith("NB-LCSPR-2031-")
    once(
        "rapid_review.send_to_panel",
        lambda: rapid_reviews_services.rapid_review_send_to_panel(
            acting=eleanor, rapid_review=rapid, sent_on=D(2031, 3, 24)
        ),
    )
    once(
        "rapid_review.panel_response",
        lambda: rapid_reviews_services.rapid_review_panel_response(
            acting=eleanor, rapid_review=rapid, response="Agrees", received_on=D(2031, 4, 20)
        ),
    )
    pool = f.reviewer()
    once(
        "review.commission",
        lambda: reviews_services.review_commission(
            acting=eleanor,
            review=review,
            reviewer=pool,
            conflict_check="No links",
            conflict_confirmed=True,
        ),
    )
    once(
        "review.start",
        lambda: reviews_services.review_start(
            acting=eleanor, review=review, started_on=D(2031, 5, 1)
        ),
    )
    stone = once(
        "review.milestone_add",
        lambda: reviews_services.review_milestone_add(
            acting=eleanor, review=review, name="Practitioner event", due_on=D(2031, 6, 1)
        ),
    )
    once(
        "review.milestone_done",
        lambda: reviews_services.review_milestone_done(
            acting=eleanor, milestone=stone, done_on=D(2031, 6, 2)
        ),
    )
    delay = once(
        "review.delay_start",
        lambda: reviews_services.review_delay_start(
            acting=eleanor, review=review, reason="inquest", started_on=D(2031, 6, 10)
        ),
    )
    once(
        "review.delay_end",
        lambda: reviews_services.review_delay_end(
            acting=eleanor, delay=delay, ended_on=D(2031, 6, 20)
        ),
    )
    once(
        "review.draft_receive",
        lambda: reviews_services.review_draft_receive(
            acting=eleanor, review=review, received_on=D(2031, 9, 1)
        ),
    )
    finding = once(
        "finding.add",
        lambda: recommendations_services.finding_add(
            acting=eleanor, review=review, text="Bruising not escalated"
        ),
    )
    recommendation = once(
        "recommendation.add",
        lambda: recommendations_services.recommendation_add(
            acting=eleanor,
            review=review,
            finding=finding,
            text="Adopt a bruising protocol",
            impact_measure_kind="indicator",
            impact_measure="BRUISING_REFERRALS",
        ),
    )
    action = once(
        "action.add",
        lambda: action_services.action_add(
            acting=eleanor,
            recommendation=recommendation,
            owner_agency=f.agency(f.POLICE),
            owner=maya.person,
            what="Brief officers",
            measure_of_success="All briefed",
            due_on=D(2031, 12, 1),
        ),
    )
    once(
        "action.update",
        lambda: action_services.action_update(
            acting=maya, action=action, status="on_track", progress="Half briefed"
        ),
    )
    once(
        "action.update",
        lambda: action_services.action_update(
            acting=maya, action=action, status="completed", progress="All briefed"
        ),
    )
    proof = once(
        "evidence.upload",
        lambda: action_services.evidence_upload(
            acting=maya, action=action, name="register.pdf", chunks=[f.PDF]
        ),
    )
    james = f.executive()
    once(
        "review.sign_off",
        lambda: reviews_services.review_sign_off(
            acting=james, review=review, signed_off_on=D(2031, 10, 1)
        ),
    )
    once(
        "review.publish",
        lambda: reviews_services.review_publish(
            acting=eleanor,
            review=review,
            published_on=D(2031, 11, 1),
            link="https://example.invalid/lcspr.pdf",
        ),
    )
    once(
        "review.copy_send",
        lambda: reviews_services.review_copy_send(
            acting=eleanor, review=review, recipient="panel", sent_on=D(2031, 11, 1)
        ),
    )
    once(
        "evidence.accept",
        lambda: action_services.evidence_accept(acting=james, evidence=proof),
    )
    action.refresh_from_db()
    assert action.status == "evidenced"
    once("action.close", lambda: action_services.action_close(acting=james, action=action))
    once(
        "recommendation.impact",
        lambda: recommendations_services.recommendation_impact_save(
            acting=eleanor,
            recommendation=recommendation,
            impact_measure_kind="indicator",
            impact_measure="BRUISING_REFERRALS",
            impact_result="Referrals up 30%",
            impact_result_on=D(2032, 3, 1),
        ),
    )
    action.refresh_from_db()
    review.refresh_from_db()
    assert (action.status, action.closed_by) == ("closed", james.person)
    assert review.status == "published"
    assert review.target_on == D(2031, 11, 11)  # 1 Nov + 10 days paused
    assert [u.version for u in action.updates.all()] == [1, 2]


def test_learning_and_reference_data_services_write_one_event_each() -> None:
    eleanor = f.manager()
    theme = once(
        "review_theme.create",
        lambda: reference_services.theme_save(acting=eleanor, name="Zq Fabricated illness"),
    )
    once(
        "review_theme.update",
        lambda: reference_services.theme_save(
            acting=eleanor, theme=theme, name="Zq Fabricated or induced illness"
        ),
    )
    with pytest.raises(ServiceError, match="already a theme"):
        reference_services.theme_save(acting=eleanor, name="neglect")
    once(
        "reviewer.create",
        lambda: reference_services.reviewer_save(
            acting=eleanor, full_name="Zq Pool", themes=[theme]
        ),
    )
    briefing = once("briefing.create", lambda: f.briefing())
    once(
        "briefing.publish",
        lambda: learning_services.briefing_publish(acting=eleanor, briefing=briefing),
    )
    with pytest.raises(ServiceError, match="already published"):
        learning_services.briefing_publish(acting=eleanor, briefing=briefing)
    letter = once("newsletter.create", lambda: f.newsletter())
    once(
        "newsletter.publish",
        lambda: learning_services.newsletter_publish(acting=eleanor, newsletter=letter),
    )
    once("library_item.create", lambda: f.library_item())
    once("pre_discussion.record", lambda: f.pre_discussion())


def test_southmoor_cannot_act_on_northbridge_records() -> None:
    rapid = f.rapid_review()
    nadia = f.manager("southmoor")
    with pytest.raises(ServiceError, match="permission"):
        rapid_reviews_services.rapid_review_meeting(
            acting=nadia, rapid_review=rapid, meeting_on=D(2031, 3, 20)
        )
    # Acting in Southmoor, records are made in Southmoor: a Northbridge subject is refused.
    with pytest.raises(ServiceError, match="this partnership"):
        incidents_services.incident_notify(
            acting=nadia,
            subject=f.subject(),
            summary="x",
            aware_on=D(2031, 1, 1),
        )


@pytest.mark.parametrize("email", [h.PRACTITIONER, h.EXECUTIVE, h.SUBGROUP_MEMBER, h.SCRUTINEER])
def test_people_without_review_manage_cannot_run_reviews(email: str) -> None:
    with pytest.raises(ServiceError, match="permission"):
        subjects_services.subject_save(
            acting=f.acting(email),
            pseudonym="Child Zq",
            is_child=True,
            age_band="5_9",
            sex="F",
            ethnicity="WBRI",
        )


def test_rapid_review_steps_cannot_be_skipped_or_repeated() -> None:
    eleanor = f.manager()
    rapid = f.rapid_review()
    with pytest.raises(ServiceError, match="meeting before the decision"):
        rapid_reviews_services.rapid_review_decide(
            acting=eleanor, rapid_review=rapid, decision="lcspr", rationale="x"
        )
    with pytest.raises(ServiceError, match="decided rapid review"):
        rapid_reviews_services.rapid_review_send_to_panel(
            acting=eleanor, rapid_review=rapid, sent_on=D(2031, 4, 1)
        )
    with pytest.raises(ServiceError, match="cannot be before"):
        rapid_reviews_services.rapid_review_meeting(
            acting=eleanor, rapid_review=rapid, meeting_on=D(2031, 3, 1)
        )
    rapid_reviews_services.rapid_review_meeting(
        acting=eleanor, rapid_review=rapid, meeting_on=D(2031, 3, 20)
    )
    with pytest.raises(ServiceError, match="learning"):
        rapid_reviews_services.rapid_review_decide(
            acting=eleanor, rapid_review=rapid, decision="no_lcspr", rationale="x"
        )
    rapid_reviews_services.rapid_review_decide(
        acting=eleanor,
        rapid_review=rapid,
        decision="no_lcspr",
        rationale="x",
        learning="Zq learning",
        decided_on=D(2031, 3, 20),
    )
    assert not Review.objects.filter(incident=rapid.incident).exists()
    with pytest.raises(ServiceError, match="already has a rapid review"):
        rapid_reviews_services.rapid_review_open(acting=eleanor, incident=rapid.incident)
    with pytest.raises(ServiceError, match="before the rapid review decides"):
        rapid_reviews_services.agency_summary_request(
            acting=eleanor, rapid_review=rapid, agency=f.agency(f.POLICE)
        )
    with pytest.raises(ServiceError, match="cannot change now"):
        incidents_services.incident_update_notifications(
            acting=eleanor, incident=rapid.incident, notified_panel_on=D(2031, 3, 4)
        )


def test_incident_refusals() -> None:
    eleanor = f.manager()
    with pytest.raises(ServiceError, match="about a child"):
        f.incident(subject=f.subject(child=False))
    with pytest.raises(ServiceError, match="cannot be before"):
        f.incident(aware_on=D(2031, 3, 3), notified_panel_on=D(2031, 3, 1))
    with pytest.raises(ServiceError, match="looked after"):
        f.incident(notified_ofsted_on=D(2031, 3, 4))
    looked_after = f.incident(
        looked_after=True, notified_ofsted_on=D(2031, 3, 4), notified_sos_on=D(2031, 3, 4)
    )
    assert looked_after.notified_sos_on == D(2031, 3, 4)
    with pytest.raises(ServiceError, match="at least one new date"):
        incidents_services.incident_update_notifications(acting=eleanor, incident=looked_after)
    with pytest.raises(ServiceError, match="age band"):
        f.subject(age_band="25_64")


def test_agency_summaries_are_asked_once_and_submitted_once_by_the_agency() -> None:
    summary = f.agency_summary()
    with pytest.raises(ServiceError, match="already been asked"):
        f.agency_summary(summary.rapid_review)
    grace = f.acting(h.SUBGROUP_MEMBER)  # the hospital trust, not the police
    with pytest.raises(ServiceError, match="permission"):
        rapid_reviews_services.agency_summary_submit(
            acting=grace, summary=summary, involvement="x", analysis="y"
        )
    maya = f.acting(h.POLICE_BOTH)
    with pytest.raises(ServiceError, match="involvement"):
        rapid_reviews_services.agency_summary_submit(
            acting=maya, summary=summary, involvement=" ", analysis="y"
        )
    rapid_reviews_services.agency_summary_submit(
        acting=maya, summary=summary, involvement="x", analysis="y", submitted_on=D(2031, 3, 9)
    )
    summary.refresh_from_db()
    assert (summary.status, summary.author) == (AgencySummary.Status.SUBMITTED, maya.person)
    with pytest.raises(ServiceError, match="already been submitted"):
        rapid_reviews_services.agency_summary_submit(
            acting=maya, summary=summary, involvement="x", analysis="y"
        )
    with pytest.raises(ServiceError, match="does not take part"):
        f.agency_summary(summary.rapid_review, "Southmoor High School")


def test_review_statuses_cannot_be_skipped() -> None:
    eleanor = f.manager()
    commissioned = f.review()
    with pytest.raises(ServiceError, match="Commission a reviewer"):
        reviews_services.review_start(acting=eleanor, review=commissioned, started_on=D(2031, 4, 1))
    with pytest.raises(ServiceError, match="cannot move to published"):
        reviews_services.review_publish(
            acting=eleanor,
            review=commissioned,
            published_on=D(2031, 4, 1),
            link="https://x.invalid",
        )
    running = f.review(status=Review.Status.IN_PROGRESS)
    james = f.executive()
    with pytest.raises(ServiceError, match="cannot move to signed off"):
        reviews_services.review_sign_off(acting=james, review=running, signed_off_on=D(2031, 5, 1))
    with pytest.raises(ServiceError, match="cannot move to published"):
        reviews_services.review_publish(
            acting=eleanor, review=running, published_on=D(2031, 5, 1), link="https://x.invalid"
        )
    with pytest.raises(ServiceError, match="cannot move to closed"):
        reviews_services.review_not_publish(acting=eleanor, review=running, reason="x")
    with pytest.raises(ServiceError, match="after sign-off"):
        reviews_services.review_copy_send(
            acting=eleanor, review=running, recipient="panel", sent_on=D(2031, 5, 1)
        )
    with pytest.raises(ServiceError, match="before the review starts"):
        reviews_services.review_commission(
            acting=eleanor,
            review=running,
            reviewer=f.reviewer(),
            conflict_check="x",
            conflict_confirmed=True,
        )
    drafted = f.review(status=Review.Status.DRAFT_RECEIVED)
    dev = f.acting(h.BUSINESS_UNIT_OFFICER)  # runs reviews but cannot sign them off
    with pytest.raises(ServiceError, match="permission"):
        reviews_services.review_sign_off(acting=dev, review=drafted, signed_off_on=D(2031, 6, 1))
    reviews_services.review_sign_off(acting=james, review=drafted, signed_off_on=D(2031, 6, 1))
    with pytest.raises(ServiceError, match="link"):
        reviews_services.review_publish(
            acting=eleanor, review=drafted, published_on=D(2031, 6, 2), link=""
        )
    with pytest.raises(ServiceError, match="cannot be before"):
        reviews_services.review_publish(
            acting=eleanor, review=drafted, published_on=D(2031, 5, 2), link="https://x.invalid"
        )
    with pytest.raises(ServiceError, match="reason"):
        reviews_services.review_not_publish(acting=eleanor, review=drafted, reason=" ")
    closed = f.review(status=Review.Status.CLOSED_NOT_PUBLISHED)
    assert closed.not_published_reason


def test_commissioning_needs_a_written_and_confirmed_conflict_check() -> None:
    eleanor = f.manager()
    review = f.review()
    pool = f.reviewer()
    with pytest.raises(ServiceError, match="conflict of interest check"):
        reviews_services.review_commission(
            acting=eleanor,
            review=review,
            reviewer=pool,
            conflict_check=" ",
            conflict_confirmed=True,
        )
    with pytest.raises(ServiceError, match="Confirm"):
        reviews_services.review_commission(
            acting=eleanor,
            review=review,
            reviewer=pool,
            conflict_check="ok",
            conflict_confirmed=False,
        )
    with pytest.raises(ServiceError, match="active reviewer"):
        reviews_services.review_commission(
            acting=eleanor,
            review=review,
            reviewer=f.reviewer("southmoor"),
            conflict_check="ok",
            conflict_confirmed=True,
        )


def test_delays_need_a_running_review_and_end_once() -> None:
    eleanor = f.manager()
    with pytest.raises(ServiceError, match="Only a review that has started"):
        f.delay(f.review())
    review = f.review(status=Review.Status.IN_PROGRESS)
    with pytest.raises(ServiceError, match="Say what is delaying"):
        f.delay(review, reason="other", detail="")
    delay = f.delay(review)
    with pytest.raises(ServiceError, match="Only a review that has started"):
        f.delay(review)  # already paused
    with pytest.raises(ServiceError, match="paused: end the delay first"):
        reviews_services.review_draft_receive(
            acting=eleanor, review=review, received_on=D(2031, 6, 1)
        )
    with pytest.raises(ServiceError, match="cannot be before"):
        reviews_services.review_delay_end(acting=eleanor, delay=delay, ended_on=D(2031, 4, 1))
    reviews_services.review_delay_end(acting=eleanor, delay=delay, ended_on=D(2031, 5, 1))
    with pytest.raises(ServiceError, match="already ended"):
        reviews_services.review_delay_end(acting=eleanor, delay=delay, ended_on=D(2031, 5, 2))


def test_a_delay_after_sign_off_returns_to_signed_off() -> None:
    eleanor = f.manager()
    review = f.review(status=Review.Status.SIGNED_OFF)
    delay = f.delay(review, started_on=D(2031, 7, 1))
    review.refresh_from_db()
    assert (review.status, review.resume_status) == ("paused", "signed_off")
    reviews_services.review_delay_end(acting=eleanor, delay=delay, ended_on=D(2031, 8, 1))
    review.refresh_from_db()
    assert (review.status, review.resume_status) == ("signed_off", "")


def test_sar_referral_decisions_follow_section_44() -> None:
    eleanor = f.manager()
    with pytest.raises(ServiceError, match="about an adult"):
        f.sar_referral(subject=f.subject())
    with pytest.raises(ServiceError, match="unknown"):
        f.sar_referral(criteria={"made_up": True})
    weak = f.sar_referral(criteria={"care_and_support_needs": True})
    with pytest.raises(ServiceError, match="all four conditions"):
        sar_services.sar_referral_decide(
            acting=eleanor, referral=weak, decision="mandatory", rationale="x"
        )
    sar_services.sar_referral_decide(
        acting=eleanor,
        referral=weak,
        decision="no_sar",
        rationale="Single-agency learning",
        decided_on=D(2031, 2, 20),
    )
    assert not Review.objects.filter(sar_referral=weak).exists()
    with pytest.raises(ServiceError, match="already been decided"):
        sar_services.sar_referral_decide(
            acting=eleanor, referral=weak, decision="no_sar", rationale="x"
        )
    strong = f.sar_referral()
    with pytest.raises(ServiceError, match="must arrange"):
        sar_services.sar_referral_decide(
            acting=eleanor, referral=strong, decision="no_sar", rationale="x"
        )
    sar_services.sar_referral_decide(
        acting=eleanor,
        referral=strong,
        decision="mandatory",
        rationale="All met",
        decided_on=D(2031, 2, 20),
    )
    sar = Review.objects.get(sar_referral=strong)
    assert (sar.kind, sar.status, sar.subject) == ("sar", "commissioned", strong.subject)
    assert sar.reference.startswith("NB-SAR-2031-")
    assert SarReferral.objects.get(pk=strong.pk).decided_by == eleanor.person


def test_references_count_up_per_series_and_year() -> None:
    first, second = f.incident(aware_on=D(2033, 1, 5)), f.incident(aware_on=D(2033, 2, 5))
    number = int(first.reference.rsplit("-", 1)[1])
    assert second.reference == f"NB-SI-2033-{number + 1:03d}"
    southmoor = f.incident("southmoor", aware_on=D(2033, 1, 5))
    assert southmoor.reference.startswith("SM-SI-2033-")


def test_decided_rapid_review_factory_commissions_an_lcspr() -> None:
    rapid = f.decided_rapid_review()
    assert rapid.status == RapidReview.Status.DECIDED
    assert Review.objects.filter(incident=rapid.incident, kind="lcspr").count() == 1
