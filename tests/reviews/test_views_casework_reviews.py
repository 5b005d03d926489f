"""Casework pages, part 2: reviews from commissioning to publication (with delays that
stop the clock), DHRs and other reviews, SAR referrals against Care Act s44, the
reviewer pool and the theme taxonomy. Through the real forms."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from masa.core.models import AuditEvent
from masa.reviews.models import CopySent, RapidReview, Review, Reviewer, SarReferral, Theme
from masa.reviews.services.reviews import DHR_OWNER
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")


def on(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def text(response: Any) -> str:
    return str(response.content.decode())


def step(client: Client, name: str, review: Review, data: dict[str, Any], *extra: int) -> Any:
    return client.post(reverse(f"reviews:{name}", args=[review.pk, *extra]), data)


# --- a review from commissioning to publication ----------------------------------------------


def test_lcspr_from_commissioning_through_a_delay_to_publication() -> None:
    review = f.decided_rapid_review().incident.reviews.get()
    reviewer = f.reviewer(full_name="Zq Dr Ada Reviewer", expertise="Zq: infant injuries")
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page_url = reverse("reviews:review", args=[review.pk])
    page = text(eleanor.get(page_url))
    assert reverse("reviews:review-commission", args=[review.pk]) in page
    # An LCSPR starts only once its reviewer is commissioned.
    assert reverse("reviews:review-start", args=[review.pk]) not in page
    assert reverse("reviews:review-draft", args=[review.pk]) not in page

    form = text(eleanor.get(reverse("reviews:review-commission", args=[review.pk])))
    assert "Zq: infant injuries" in form
    unconfirmed = step(
        eleanor,
        "review-commission",
        review,
        {"reviewer": str(reviewer.pk), "conflict_check": "Zq: checked against all agencies"},
    )
    assert unconfirmed.status_code == 400
    assert "Confirm the reviewer has no conflict of interest" in text(unconfirmed)
    commissioned = step(
        eleanor,
        "review-commission",
        review,
        {
            "reviewer": str(reviewer.pk),
            "conflict_check": "Zq: checked against all agencies",
            "conflict_confirmed": "on",
            "terms_of_reference": "Zq: the period from birth to the injury",
        },
    )
    assert commissioned.status_code == 302
    page = text(eleanor.get(page_url))
    assert "Zq Dr Ada Reviewer" in page
    assert "Zq: the period from birth to the injury" in page

    started = step(eleanor, "review-start", review, on("started_on", datetime.date(2031, 4, 1)))
    assert started.status_code == 302
    review.refresh_from_db()
    assert review.target_on == datetime.date(2031, 10, 1)  # 6 months

    assert (
        step(
            eleanor,
            "review-milestone",
            review,
            {"name": "Zq practitioner event"} | on("due_on", datetime.date(2031, 5, 15)),
        ).status_code
        == 302
    )
    milestone = review.milestones.get()
    done = step(
        eleanor,
        "review-milestone-done",
        review,
        on("done_on", datetime.date(2031, 5, 14)),
        milestone.pk,
    )
    assert done.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2031, 5, 14)

    no_detail = step(
        eleanor,
        "review-delay",
        review,
        {"reason": "other"} | on("started_on", datetime.date(2031, 5, 1)),
    )
    assert no_detail.status_code == 400
    assert "Say what is delaying the review" in text(no_detail)
    paused = step(
        eleanor,
        "review-delay",
        review,
        {"reason": "criminal_proceedings", "detail": "Zq: trial listed"}
        | on("started_on", datetime.date(2031, 5, 1)),
    )
    assert paused.status_code == 302
    page = text(eleanor.get(page_url))
    assert "Paused" in page
    delay = review.delays.get()
    end_url = reverse("reviews:review-delay-end", args=[review.pk, delay.pk])
    assert end_url in page
    # While paused, nothing moves the review on but ending the delay.
    for name in ("review-draft", "review-delay", "review-sign-off", "review-publish"):
        assert reverse(f"reviews:{name}", args=[review.pk]) not in page, name
    refused = step(eleanor, "review-draft", review, on("received_on", datetime.date(2031, 6, 1)))
    assert refused.status_code == 400
    assert "The review is paused: end the delay first" in text(refused)

    ended = eleanor.post(end_url, on("ended_on", datetime.date(2031, 5, 31)))
    assert ended.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS
    assert review.target_on == datetime.date(2031, 10, 31)  # moved on by 30 days
    page = text(eleanor.get(page_url))
    assert "31 October 2031" in page or "31 Oct 2031" in page
    assert "Criminal proceedings" in page

    drafted = step(eleanor, "review-draft", review, on("received_on", datetime.date(2031, 9, 1)))
    assert drafted.status_code == 302
    page = text(eleanor.get(page_url))
    sign_off_url = reverse("reviews:review-sign-off", args=[review.pk])
    assert sign_off_url in page  # Eleanor holds recommendation.sign_off
    officer = text(h.signed_in(h.BUSINESS_UNIT_OFFICER).get(page_url))
    assert sign_off_url not in officer  # Dev does not

    signed = eleanor.post(sign_off_url, on("signed_off_on", datetime.date(2031, 9, 10)))
    assert signed.status_code == 302
    page = text(eleanor.get(page_url))
    publish_url = reverse("reviews:review-publish", args=[review.pk])
    assert publish_url in page
    assert reverse("reviews:review-not-publish", args=[review.pk]) in page

    bad_link = step(
        eleanor,
        "review-publish",
        review,
        {"link": "not a web address"} | on("published_on", datetime.date(2031, 10, 1)),
    )
    assert bad_link.status_code == 400
    assert "Enter a web address" in text(bad_link)
    published = step(
        eleanor,
        "review-publish",
        review,
        {"link": "https://example.invalid/zq-lcspr.pdf"}
        | on("published_on", datetime.date(2031, 10, 1)),
    )
    assert published.status_code == 302
    copied = step(
        eleanor,
        "review-copy",
        review,
        {"recipient": "panel"} | on("sent_on", datetime.date(2031, 10, 2)),
    )
    assert copied.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert review.copies.get().recipient == CopySent.Recipient.PANEL
    page = text(eleanor.get(page_url))
    assert "https://example.invalid/zq-lcspr.pdf" in page
    assert "Child Safeguarding Practice Review Panel" in page
    assert publish_url not in page
    verbs = set(
        AuditEvent.objects.filter(target_type="reviews.review", target_id=str(review.pk))
        .values_list("verb", flat=True)
        .distinct()
    )
    assert {
        "review.commission",
        "review.start",
        "review.delay_start",
        "review.delay_end",
        "review.draft_receive",
        "review.sign_off",
        "review.publish",
    } <= verbs


def test_a_review_closed_without_publication_keeps_the_reason() -> None:
    review = f.review(status=Review.Status.SIGNED_OFF)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    blank = step(eleanor, "review-not-publish", review, {"reason": ""})
    assert blank.status_code == 400
    assert "Enter the reason the review is not published" in text(blank)
    closed = step(
        eleanor,
        "review-not-publish",
        review,
        {"reason": "Zq: publication would identify a surviving sibling"},
    )
    assert closed.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.CLOSED_NOT_PUBLISHED
    page = text(eleanor.get(reverse("reviews:review", args=[review.pk])))
    assert "Not published: Zq: publication would identify a surviving sibling" in page
    assert "Closed, not published" in page


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Review.Status.COMMISSIONED, {"review-commission", "review-edit"}),
        (Review.Status.IN_PROGRESS, {"review-draft", "review-delay", "review-edit"}),
        (Review.Status.PAUSED, {"review-edit"}),
        (Review.Status.DRAFT_RECEIVED, {"review-sign-off", "review-delay", "review-edit"}),
        (
            Review.Status.SIGNED_OFF,
            {
                "review-publish",
                "review-not-publish",
                "review-delay",
                "review-copy",
                "review-edit",
            },
        ),
        (Review.Status.PUBLISHED, {"review-copy"}),
        (Review.Status.CLOSED_NOT_PUBLISHED, {"review-copy"}),
    ],
)
def test_status_changes_are_offered_only_where_the_move_is_allowed(
    status: str, shown: set[str]
) -> None:
    review = f.review(status=status)
    page = text(h.signed_in(h.BUSINESS_MANAGER).get(reverse("reviews:review", args=[review.pk])))
    steps = {
        "review-commission",
        "review-start",
        "review-draft",
        "review-delay",
        "review-sign-off",
        "review-publish",
        "review-not-publish",
        "review-copy",
        "review-edit",
    }
    offered = {name for name in steps if reverse(f"reviews:{name}", args=[review.pk]) in page}
    assert offered == shown


def test_scrutineer_reads_a_review_and_the_reading_is_recorded() -> None:
    review = f.decided_rapid_review().incident.reviews.get()
    page = text(h.signed_in(h.SCRUTINEER).get(reverse("reviews:review", args=[review.pk])))
    assert review.reference in page
    assert review.subject is not None
    assert review.subject.pseudonym in page
    assert reverse("reviews:review-commission", args=[review.pk]) not in page
    assert reverse("reviews:review-edit", args=[review.pk]) not in page
    assert AuditEvent.objects.filter(
        verb="view",
        actor__email=h.SCRUTINEER,
        target_type="reviews.subject",
        target_id=str(review.subject.pk),
    ).exists()


def test_the_review_links_to_its_findings_and_recommendations() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS)
    page = text(h.signed_in(h.BUSINESS_MANAGER).get(reverse("reviews:review", args=[review.pk])))
    assert reverse("reviews:review-recommendations", args=[review.pk]) in page


def test_changing_the_terms_of_reference_and_family_involvement() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS)
    theme = f.theme()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    saved = step(
        eleanor,
        "review-edit",
        review,
        {
            "title": "Zq renamed review",
            "terms_of_reference": "Zq: from the pregnancy to the death",
            "family_involvement": "Zq: the father met the reviewer",
            "themes": [str(theme.pk)],
        },
    )
    assert saved.status_code == 302
    review.refresh_from_db()
    assert review.title == "Zq renamed review"
    assert review.family_involvement == "Zq: the father met the reviewer"
    assert list(review.themes.all()) == [theme]
    blank = step(eleanor, "review-edit", review, {"title": ""})
    assert blank.status_code == 400
    assert "Enter a title" in text(blank)


# --- DHRs and other reviews -----------------------------------------------------------------


def test_a_dhr_is_noted_with_the_community_safety_partnership_as_owner() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:review-new")
    missing = eleanor.post(url, {"kind": "dhr", "title": "Zq DHR: Adult R"})
    assert missing.status_code == 400
    assert "Enter when the community safety partnership was notified" in text(missing)
    noted = eleanor.post(
        url,
        {
            "kind": "dhr",
            "title": "Zq DHR: Adult R",
            "pseudonym": "Adult Zq-R",
            "age_band": "25_64",
            "sex": "F",
            "ethnicity": "BCRB",
            "disability": "unknown",
        }
        | on("notified_on", datetime.date(2031, 2, 3)),
    )
    assert noted.status_code == 302
    review = Review.objects.get(title="Zq DHR: Adult R")
    assert review.owner == DHR_OWNER
    assert review.subject is not None
    assert review.subject.pseudonym == "Adult Zq-R"
    assert not review.subject.is_child
    page = text(eleanor.get(noted["Location"]))
    assert DHR_OWNER in page
    assert "its decision is due by 3 March 2031" in page


def test_a_subject_needs_its_equality_data_when_a_pseudonym_is_given() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    half = eleanor.post(
        reverse("reviews:review-new"),
        {"kind": "table_top", "title": "Zq table-top", "pseudonym": "Child Zq-half"},
    )
    assert half.status_code == 400
    body = text(half)
    assert "Select the age band" in body
    assert "Select the ethnicity" in body
    assert not Review.objects.filter(title="Zq table-top").exists()


def test_another_kind_of_review_decided_by_a_rapid_review_is_about_its_child() -> None:
    rapid = f.decided_rapid_review(decision=RapidReview.Decision.OTHER_REVIEW)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = text(eleanor.get(reverse("reviews:rapid-review", args=[rapid.pk])))
    link = f"{reverse('reviews:review-new')}?incident={rapid.incident.pk}"
    assert link in page
    form = text(eleanor.get(link))
    assert f'<option value="{rapid.incident.pk}" selected>' in form
    both = eleanor.post(
        reverse("reviews:review-new"),
        {
            "kind": "alternative",
            "title": "Zq alternative review",
            "incident": str(rapid.incident.pk),
            "pseudonym": "Child Zq-other",
            "age_band": "5_9",
            "sex": "F",
            "ethnicity": "WBRI",
        },
    )
    assert both.status_code == 400
    assert "not both" in text(both)
    noted = eleanor.post(
        reverse("reviews:review-new"),
        {"kind": "alternative", "title": "Zq alternative review", "incident": rapid.incident.pk},
    )
    assert noted.status_code == 302
    review = Review.objects.get(title="Zq alternative review")
    assert review.subject == rapid.incident.subject
    assert review.incident == rapid.incident
    assert link not in text(eleanor.get(reverse("reviews:rapid-review", args=[rapid.pk])))


def test_the_review_list_filters_by_kind_and_status() -> None:
    sar = f.review(kind=Review.Kind.SAR, title="Zq filter SAR")
    lcspr = f.review(status=Review.Status.IN_PROGRESS, title="Zq filter LCSPR")
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:reviews")
    page = text(eleanor.get(url, {"kind": "sar", "q": "Zq filter"}))
    assert sar.reference in page
    assert lcspr.reference not in page
    page = text(eleanor.get(url, {"status": "in_progress", "q": "Zq filter"}))
    assert lcspr.reference in page
    assert sar.reference not in page
    junk = eleanor.get(url, {"kind": "nonsense"})
    assert junk.status_code == 400
    assert "Select one of the options" in text(junk)


# --- SAR referrals -------------------------------------------------------------------------------

ADULT = {
    "pseudonym": "Adult Zq-S",
    "age_band": "65_plus",
    "sex": "M",
    "ethnicity": "WBRI",
    "disability": "yes",
    "summary": "Zq: an older man died after self-neglect",
}


def test_a_mandatory_sar_needs_all_four_section_44_conditions() -> None:
    icb = f.agency("Mercia Vale Integrated Care Board")
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    child = eleanor.post(
        reverse("reviews:sar-referral-new"),
        {**ADULT, "age_band": "10_15", "referrer_agency": str(icb.pk)}
        | on("received_on", datetime.date(2031, 2, 2)),
    )
    assert child.status_code == 400
    recorded = eleanor.post(
        reverse("reviews:sar-referral-new"),
        {
            **ADULT,
            "referrer_agency": str(icb.pk),
            "criteria": ["care_and_support_needs", "died_or_serious_harm"],
        }
        | on("received_on", datetime.date(2031, 2, 2)),
    )
    assert recorded.status_code == 302
    referral = SarReferral.objects.get(subject__pseudonym="Adult Zq-S")
    page = text(eleanor.get(recorded["Location"]))
    assert "Adult Zq-S" in page
    assert AuditEvent.objects.filter(
        verb="view", target_type="reviews.subject", target_id=str(referral.subject_id)
    ).exists()
    assert "The adult has needs for care and support" in page
    assert "may arrange a discretionary review" in page

    decide = reverse("reviews:sar-referral-decide", args=[referral.pk])
    form = text(eleanor.get(decide))
    # The referrer's answers are where the board starts from.
    ticked = re.findall(r'<input type="checkbox" name="criteria" value="(\w+)"[^>]* checked>', form)
    assert ticked == ["care_and_support_needs", "died_or_serious_harm"]
    mandatory = eleanor.post(
        decide,
        {
            "decision": "mandatory",
            "rationale": "Zq",
            "criteria": ["care_and_support_needs", "died_or_serious_harm"],
        },
    )
    assert mandatory.status_code == 400
    assert "A mandatory SAR needs all four conditions" in text(mandatory)
    no_reason = eleanor.post(
        decide,
        {
            "decision": "discretionary",
            "rationale": "Zq",
            "criteria": ["care_and_support_needs", "died_or_serious_harm"],
        },
    )
    assert no_reason.status_code == 400
    assert "section 44(4)" in text(no_reason)
    decided = eleanor.post(
        decide,
        {
            "decision": "discretionary",
            "rationale": "Zq: learning about self-neglect across agencies",
            "criteria": ["care_and_support_needs", "died_or_serious_harm", "discretionary_s44_4"],
        }
        | on("decided_on", datetime.date(2031, 3, 1)),
    )
    assert decided.status_code == 302
    referral.refresh_from_db()
    assert referral.decision == SarReferral.Decision.DISCRETIONARY
    review = referral.reviews.get()
    assert review.kind == Review.Kind.SAR
    page = text(eleanor.get(reverse("reviews:sar-referral", args=[referral.pk])))
    assert reverse("reviews:review", args=[review.pk]) in page
    assert decide not in page


def test_no_sar_is_refused_when_all_four_conditions_are_met() -> None:
    referral = f.sar_referral()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    refused = eleanor.post(
        reverse("reviews:sar-referral-decide", args=[referral.pk]),
        {"decision": "no_sar", "rationale": "Zq", "criteria": list(f.MANDATORY)},
    )
    assert refused.status_code == 400
    assert "the board must arrange a review" in text(refused)
    referral.refresh_from_db()
    assert referral.decision == ""


# --- the reviewer pool and the themes ------------------------------------------------------------


def test_reviewer_pool_add_change_and_take_out_of_the_pool() -> None:
    theme = f.theme()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    added = eleanor.post(
        reverse("reviews:reviewer-new"),
        {
            "full_name": "Zq Pat Reviewer",
            "email": "PAT@example.invalid",
            "organisation": "Zq Reviews Ltd",
            "expertise": "Zq: adolescent exploitation",
            "conflicts": "Zq: worked for Northbridge council until 2020",
            "themes": [str(theme.pk)],
            "is_active": "yes",
        },
    )
    assert added.status_code == 302
    reviewer = Reviewer.objects.get(full_name="Zq Pat Reviewer")
    assert reviewer.email == "pat@example.invalid"
    pool = text(eleanor.get(reverse("reviews:reviewers")))
    assert "Zq: adolescent exploitation" in pool
    assert theme.name in pool
    unnamed = eleanor.post(reverse("reviews:reviewer-new"), {"is_active": "yes"})
    assert unnamed.status_code == 400
    assert "Enter the reviewer&#x27;s name" in text(unnamed)

    changed = eleanor.post(
        reverse("reviews:reviewer-edit", args=[reviewer.pk]),
        {"full_name": "Zq Pat Reviewer", "is_active": "no"},
        follow=True,
    )
    assert changed.redirect_chain == [(reverse("reviews:reviewers"), 302)]
    assert "Not available" in text(changed)
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    review = f.review()
    form = text(eleanor.get(reverse("reviews:review-commission", args=[review.pk])))
    assert "Zq Pat Reviewer" not in form


def test_themes_add_rename_and_stop_using() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    added = eleanor.post(
        reverse("reviews:theme-new"),
        {"name": "Zq Fathers and partners", "description": "Zq", "is_active": "yes"},
    )
    assert added.status_code == 302
    theme = Theme.objects.get(name="Zq Fathers and partners")
    twice = eleanor.post(
        reverse("reviews:theme-new"), {"name": "zq fathers and partners", "is_active": "yes"}
    )
    assert twice.status_code == 400
    assert "There is already a theme with this name" in text(twice)

    renamed = eleanor.post(
        reverse("reviews:theme-edit", args=[theme.pk]),
        {"name": "Zq Fathers and male carers", "is_active": "no"},
    )
    assert renamed.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Zq Fathers and male carers"
    assert not theme.is_active
    listing = text(eleanor.get(reverse("reviews:themes")))
    assert "Zq Fathers and male carers" in listing
    assert "No longer in use" in listing
    notify_form = text(eleanor.get(reverse("reviews:incident-new")))
    assert "Zq Fathers and male carers" not in notify_form
