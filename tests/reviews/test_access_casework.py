"""Casework pages against every demo person: the case review group sees and runs them,
the scrutineer reads them, the executive sees figures and signs off, an agency asked for
a summary sees that request alone, and everyone else (practitioners, another
partnership) is refused with 404."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import URLPattern, resolve, reverse

from masa.core import navigation
from masa.core.models import AuditEvent
from masa.reviews.models import RapidReview, Review, ReviewDocument
from masa.reviews.services import reviews as reviews_services
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

MANAGERS = {h.BUSINESS_UNIT_OFFICER, h.BUSINESS_MANAGER}
# The independent scrutineer reads everything (review.view at partnership scope).
GROUP = MANAGERS | {h.SCRUTINEER}
FIGURES = GROUP | {h.EXECUTIVE}
# Nadia runs Southmoor's reviews: pages that are not a Northbridge record work for her,
# showing Southmoor's casework.
NADIA = {h.SOUTHMOOR_MANAGER}
# People whose agency may be asked for a summary (recommendation.update).
SUMMARY_WRITERS = {h.POLICE_BOTH, h.SUBGROUP_MEMBER, h.SUBGROUP_CHAIR}


@pytest.fixture
def records() -> dict[str, Any]:
    rapid = f.rapid_review()
    police = f.agency_summary(rapid)
    hospital = f.agency_summary(rapid, f.HOSPITALS)
    running = f.review(status=Review.Status.IN_PROGRESS)
    milestone = f.milestone(running)
    paused = f.review(status=Review.Status.PAUSED)
    draft = f.review(status=Review.Status.DRAFT_RECEIVED)
    sm_rapid = f.rapid_review("southmoor")
    return {
        "incident": rapid.incident.pk,
        "rapid": rapid.pk,
        "police_summary": police.pk,
        "hospital_summary": hospital.pk,
        "review": running.pk,
        "milestone": milestone.pk,
        "paused": paused.pk,
        "delay": paused.delays.get().pk,
        "draft": draft.pk,
        "signed": f.review(status=Review.Status.SIGNED_OFF).pk,
        "sar": f.sar_referral().pk,
        "reviewer": f.reviewer().pk,
        "theme": f.theme().pk,
        "sm_incident": sm_rapid.incident.pk,
        "sm_rapid": sm_rapid.pk,
        "sm_summary": f.agency_summary(sm_rapid).pk,
        "sm_review": f.review("southmoor").pk,
        "sm_sar": f.sar_referral("southmoor").pk,
        "sm_reviewer": f.reviewer("southmoor").pk,
        "document": _document(draft).pk,
        "running_document": _document(running).pk,
        "sm_document": _document(f.review("southmoor")).pk,
    }


def _document(review: Review) -> ReviewDocument:
    return reviews_services.review_document_upload(
        acting=f.manager(review.partnership.slug),
        review=review,
        kind="chronology",
        title="Zq chronology",
        name="chronology.txt",
        chunks=[b"Zq: a chronology"],
    )


MATRIX: list[tuple[str, set[str]]] = [
    # Figures: the executive as well as the group.
    ("/reviews/", FIGURES | NADIA),
    ("/reviews/overdue/", FIGURES | NADIA),
    ("/reviews/profile/", FIGURES | NADIA),
    # Serious incidents and pre-discussions.
    ("/reviews/incidents/", GROUP | NADIA),
    ("/reviews/incidents/new/", MANAGERS | NADIA),
    ("/reviews/incidents/{incident}/", GROUP),
    ("/reviews/incidents/{incident}/notifications/", MANAGERS),
    ("/reviews/incidents/{incident}/dates/correct/", MANAGERS),
    ("/reviews/incidents/{sm_incident}/", NADIA),
    ("/reviews/pre-discussions/", GROUP | NADIA),
    ("/reviews/pre-discussions/new/", MANAGERS | NADIA),
    # Rapid reviews.
    ("/reviews/rapid-reviews/{rapid}/", GROUP),
    ("/reviews/rapid-reviews/{rapid}/summaries/new/", MANAGERS),
    ("/reviews/rapid-reviews/{rapid}/meeting/", MANAGERS),
    ("/reviews/rapid-reviews/{rapid}/decision/", MANAGERS),
    ("/reviews/rapid-reviews/{rapid}/sent/", MANAGERS),
    ("/reviews/rapid-reviews/{rapid}/response/", MANAGERS),
    ("/reviews/rapid-reviews/{sm_rapid}/", NADIA),
    # Agency summaries: the requested agency sees its own request only.
    ("/reviews/agency-summaries/", GROUP | SUMMARY_WRITERS | NADIA),
    ("/reviews/agency-summaries/{police_summary}/", GROUP | {h.POLICE_BOTH}),
    ("/reviews/agency-summaries/{hospital_summary}/", GROUP | {h.SUBGROUP_MEMBER}),
    ("/reviews/agency-summaries/{sm_summary}/", NADIA),
    # Reviews and their steps.
    ("/reviews/all/", GROUP | NADIA),
    ("/reviews/new/", MANAGERS | NADIA),
    ("/reviews/{review}/", GROUP),
    ("/reviews/{review}/details/", MANAGERS),
    ("/reviews/{review}/dates/correct/", MANAGERS),
    ("/reviews/{signed}/dates/correct/", MANAGERS),
    ("/reviews/{sm_review}/dates/correct/", NADIA),
    ("/reviews/{review}/commission/", MANAGERS),
    ("/reviews/{review}/start/", MANAGERS),
    ("/reviews/{review}/delays/new/", MANAGERS),
    ("/reviews/{paused}/delays/{delay}/end/", MANAGERS),
    ("/reviews/{review}/milestones/new/", MANAGERS),
    ("/reviews/{review}/milestones/{milestone}/done/", MANAGERS),
    ("/reviews/{review}/draft/", MANAGERS),
    # Whoever signs a review off may open it once its draft has come to them.
    ("/reviews/{draft}/", GROUP | {h.EXECUTIVE}),
    # Documents: added by managers, read by the group and the signing executive.
    ("/reviews/{review}/documents/new/", MANAGERS),
    ("/reviews/documents/{document}/", GROUP | {h.EXECUTIVE}),
    ("/reviews/documents/{running_document}/", GROUP),
    ("/reviews/documents/{sm_document}/", NADIA),
    # Executive sign-off: recommendation.sign_off (Eleanor and James), not the officer.
    ("/reviews/{draft}/sign-off/", {h.BUSINESS_MANAGER, h.EXECUTIVE}),
    ("/reviews/{signed}/publish/", MANAGERS),
    ("/reviews/{signed}/not-published/", MANAGERS),
    ("/reviews/{signed}/copies/new/", MANAGERS),
    ("/reviews/{sm_review}/", NADIA),
    # SAR referrals.
    ("/reviews/sar-referrals/", GROUP | NADIA),
    ("/reviews/sar-referrals/new/", MANAGERS | NADIA),
    ("/reviews/sar-referrals/{sar}/", GROUP),
    ("/reviews/sar-referrals/{sar}/decision/", MANAGERS),
    ("/reviews/sar-referrals/{sm_sar}/", NADIA),
    # The reviewer pool and the themes (review.manage).
    ("/reviews/reviewers/", MANAGERS | NADIA),
    ("/reviews/reviewers/new/", MANAGERS | NADIA),
    ("/reviews/reviewers/{reviewer}/", MANAGERS),
    ("/reviews/reviewers/{sm_reviewer}/", NADIA),
    ("/reviews/themes/", MANAGERS | NADIA),
    ("/reviews/themes/new/", MANAGERS | NADIA),
    ("/reviews/themes/{theme}/", MANAGERS),
]
# Pages that only take a POST, and the test here that covers each.
POST_ONLY = {
    "reviews:rapid-review-open": "test_opening_a_rapid_review_is_for_the_case_review_group_only",
}


@pytest.mark.parametrize("email", h.EVERYONE)
def test_each_casework_page_answers_each_person_as_expected(
    email: str, records: dict[str, Any]
) -> None:
    client = h.signed_in(email)
    answers = {
        template: client.get(template.format(**records)).status_code for template, _ in MATRIX
    }
    expected = {template: (200 if email in allowed else 404) for template, allowed in MATRIX}
    assert answers == expected


class _Ones(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 1


def test_every_casework_page_is_in_the_matrix() -> None:
    from masa.reviews.urls import urlpatterns
    from masa.reviews.views import casework, incidents, pool, rapid_reviews, reviews, sar

    casework_modules = {
        m.__name__ for m in (casework, incidents, pool, rapid_reviews, reviews, sar)
    }
    covered = {resolve(template.format_map(_Ones())).url_name for template, _ in MATRIX}
    pages = {
        p.name
        for p in urlpatterns
        if isinstance(p, URLPattern) and p.callback.__module__ in casework_modules
    }
    # Opening a rapid review is a POST only: tested below.
    assert {f"reviews:{name}" for name in pages - covered} == set(POST_ONLY)


# --- an agency asked for a summary ----------------------------------------------------------


def test_police_summary_writer_sees_her_request_but_not_the_review() -> None:
    rapid = f.rapid_review()
    police = f.agency_summary(rapid)
    hospital = f.agency_summary(rapid, f.HOSPITALS)
    pseudonym = rapid.incident.subject.pseudonym
    maya = h.signed_in(h.POLICE_BOTH)

    listed = maya.get(reverse("reviews:summaries"))
    assert listed.status_code == 200
    body = listed.content.decode()
    assert reverse("reviews:summary", args=[police.pk]) in body
    assert reverse("reviews:summary", args=[hospital.pk]) not in body

    page = maya.get(reverse("reviews:summary", args=[police.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert rapid.incident.reference in body
    # Nothing of the review itself: not the child, not what happened, not other agencies.
    assert pseudonym not in body
    assert rapid.incident.summary not in body
    assert f.HOSPITALS not in body
    assert reverse("reviews:rapid-review", args=[rapid.pk]) not in body

    for url in (
        reverse("reviews:summary", args=[hospital.pk]),
        reverse("reviews:rapid-review", args=[rapid.pk]),
        reverse("reviews:incident", args=[rapid.incident.pk]),
        reverse("reviews:reviews"),
    ):
        assert maya.get(url).status_code == 404, url


def test_police_summary_writer_can_submit_her_agencys_summary_but_not_another() -> None:
    # In the past, so that submitting today is after the request.
    rapid = f.rapid_review(
        aware_on=datetime.date(2025, 3, 3), notified_panel_on=datetime.date(2025, 3, 5)
    )
    police = f.agency_summary(rapid, requested_on=datetime.date(2025, 3, 6))
    hospital = f.agency_summary(rapid, f.HOSPITALS, requested_on=datetime.date(2025, 3, 6))
    maya = h.signed_in(h.POLICE_BOTH)
    answer = {"involvement": "Zq: two call-outs", "analysis": "Zq: no referral made"}

    refused = maya.post(reverse("reviews:summary", args=[hospital.pk]), answer)
    assert refused.status_code == 404
    hospital.refresh_from_db()
    assert hospital.status == "requested"

    sent = maya.post(reverse("reviews:summary", args=[police.pk]), answer)
    assert sent.status_code == 302
    police.refresh_from_db()
    assert police.status == "submitted"
    assert police.author == h.person(h.POLICE_BOTH)
    # Submitted once: the form is gone and a second send is refused.
    again = maya.post(reverse("reviews:summary", args=[police.pk]), answer)
    assert again.status_code == 404


def test_subgroup_chair_of_another_agency_cannot_see_police_summary() -> None:
    police = f.agency_summary()
    harry = h.signed_in(h.SUBGROUP_CHAIR)
    assert harry.get(reverse("reviews:summaries")).status_code == 200
    assert harry.get(reverse("reviews:summary", args=[police.pk])).status_code == 404


# --- the executive: figures, never subject details ----------------------------------------------


def test_executive_sees_figures_and_references_but_no_subject_details() -> None:
    late = f.incident(aware_on=datetime.date(2025, 1, 6))
    paused = f.review(status=Review.Status.PAUSED)
    james = h.signed_in(h.EXECUTIVE)
    before = AuditEvent.objects.filter(verb="view").count()
    for name in ("reviews:home", "reviews:overdue", "reviews:profile"):
        page = james.get(reverse(name))
        body = page.content.decode()
        assert page.status_code == 200, name
        assert late.subject.pseudonym not in body, name
        assert late.summary not in body, name
        assert reverse("reviews:incident", args=[late.pk]) not in body, name
    overdue = james.get(reverse("reviews:overdue")).content.decode()
    assert late.reference in overdue
    assert paused.reference in overdue
    assert reverse("reviews:review", args=[paused.pk]) not in overdue
    assert AuditEvent.objects.filter(verb="view").count() == before
    for url in (
        reverse("reviews:incidents"),
        reverse("reviews:incident", args=[late.pk]),
        reverse("reviews:review", args=[paused.pk]),
        reverse("reviews:summaries"),
    ):
        assert james.get(url).status_code == 404, url


def test_executive_signing_off_never_sees_the_childs_pseudonym() -> None:
    # An LCSPR's title is made from the child's pseudonym.
    review = f.decided_rapid_review().incident.reviews.get()
    assert review.subject is not None
    assert review.subject.pseudonym in review.title
    manager = f.manager()
    reviews_services.review_commission(
        acting=manager,
        review=review,
        reviewer=f.reviewer(),
        conflict_check="Zq: none",
        conflict_confirmed=True,
    )
    reviews_services.review_start(
        acting=manager, review=review, started_on=datetime.date(2031, 4, 1)
    )
    reviews_services.review_draft_receive(
        acting=manager, review=review, received_on=datetime.date(2031, 9, 1)
    )
    james = h.signed_in(h.EXECUTIVE)
    home = james.get(reverse("reviews:home")).content.decode()
    sign_off = james.get(reverse("reviews:review-sign-off", args=[review.pk])).content.decode()
    for body in (home, sign_off):
        assert review.reference in body
        assert review.subject.pseudonym not in body


def test_executive_signs_off_from_the_case_reviews_page() -> None:
    draft = f.review(status=Review.Status.DRAFT_RECEIVED)
    james = h.signed_in(h.EXECUTIVE)
    home = james.get(reverse("reviews:home")).content.decode()
    sign_off = reverse("reviews:review-sign-off", args=[draft.pk])
    assert sign_off in home
    assert draft.draft_received_on is not None
    day = draft.draft_received_on + datetime.timedelta(days=7)
    done = james.post(
        sign_off,
        {
            "signed_off_on_day": day.day,
            "signed_off_on_month": day.month,
            "signed_off_on_year": day.year,
        },
    )
    assert done.status_code == 302
    # Back to the review they signed off, which they may open.
    assert done["Location"] == reverse("reviews:review", args=[draft.pk])
    assert james.get(done["Location"]).status_code == 200
    draft.refresh_from_db()
    assert draft.status == Review.Status.SIGNED_OFF
    assert draft.signed_off_by == h.person(h.EXECUTIVE)


# --- practitioners and another partnership -------------------------------------------------------


def test_practitioner_cannot_change_casework() -> None:
    amira = h.signed_in(h.PRACTITIONER)
    assert amira.post(reverse("reviews:incident-new"), {}).status_code == 404
    assert amira.post(reverse("reviews:theme-new"), {"name": "Zq"}).status_code == 404


def test_southmoor_manager_cannot_change_northbridge_casework() -> None:
    rapid = f.rapid_review()
    review = f.review(status=Review.Status.IN_PROGRESS)
    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    posts = {
        reverse("reviews:rapid-review-open", args=[rapid.incident.pk]): {},
        reverse("reviews:rapid-review-meeting", args=[rapid.pk]): {
            "meeting_on_day": "20",
            "meeting_on_month": "3",
            "meeting_on_year": "2031",
        },
        reverse("reviews:review-draft", args=[review.pk]): {
            "received_on_day": "1",
            "received_on_month": "6",
            "received_on_year": "2031",
        },
    }
    for url, data in posts.items():
        assert nadia.post(url, data).status_code == 404, url
    rapid.refresh_from_db()
    review.refresh_from_db()
    assert rapid.status == "open"
    assert review.status == Review.Status.IN_PROGRESS


def test_case_reviews_menu_item_follows_review_view() -> None:
    for email, shown in (
        (h.BUSINESS_MANAGER, True),
        (h.EXECUTIVE, True),
        (h.PRACTITIONER, False),
        (h.POLICE_BOTH, False),
    ):
        # A long menu is grouped (core.navigation): the item may sit on its section's page.
        client = h.signed_in(email)
        page = client.get(reverse("core:home")).content.decode()
        section = reverse("core:menu", kwargs={"section": navigation.SECTIONS["reviews"].slug})
        grouped = client.get(section)
        if grouped.status_code == 200:
            page += grouped.content.decode()
        assert (f'href="{reverse("reviews:home")}"' in page) is shown, email
    maya = h.signed_in(h.POLICE_BOTH)
    section = reverse("core:menu", kwargs={"section": navigation.SECTIONS["reviews"].slug})
    page = maya.get(reverse("core:home")).content.decode() + maya.get(section).content.decode()
    assert f'href="{reverse("reviews:summaries")}"' in page


def test_opening_a_rapid_review_is_for_the_case_review_group_only() -> None:
    notified = f.incident(notified_panel_on=datetime.date(2031, 3, 5))
    url = reverse("reviews:rapid-review-open", args=[notified.pk])
    for email in (h.SCRUTINEER, h.EXECUTIVE, h.POLICE_BOTH, h.SOUTHMOOR_MANAGER):
        assert h.signed_in(email).post(url).status_code == 404, email
    opened = h.signed_in(h.BUSINESS_UNIT_OFFICER).post(url)
    assert opened.status_code == 302
    assert RapidReview.objects.filter(incident=notified).exists()
