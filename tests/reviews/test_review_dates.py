"""The dates recorded on a review itself (notified, checked, started, draft received,
signed off, published) are corrected as an incident's are: with a reason, as a new
version kept in the history, in the order events happen, and the clocks follow."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from masa.core.errors import ServiceError
from masa.core.models import AuditEvent
from masa.reviews import validators
from masa.reviews.models import DateCorrection, Review
from masa.reviews.services import dates as dates_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.timescales import due_date
from tests import helpers as h
from tests.reviews import factories as f
from tests.reviews.test_views_casework import on, text

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
# After the factory's review dates: started 1 April, draft 1 May, signed off 31 May,
# published 30 June 2031.
TODAY = D(2031, 8, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    monkeypatch.setattr(validators, "today", lambda: TODAY)
    return TODAY


def correct(review: Review, field: str, day: datetime.date, reason: str = "Zq") -> DateCorrection:
    return dates_services.review_date_correct(
        acting=f.manager(), review=review, field=field, new_on=day, reason=reason
    )


def test_the_review_page_links_to_the_correction_for_managers_only() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS)
    url = reverse("reviews:review-date-correct", args=[review.pk])
    page = text(h.signed_in(h.BUSINESS_MANAGER).get(reverse("reviews:review", args=[review.pk])))
    assert "Correct a recorded date" in page
    assert url in page


def test_correcting_the_start_keeps_the_old_date_and_moves_the_target() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS)  # an LCSPR started 1 April 2031
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:review-date-correct", args=[review.pk])
    form = eleanor.get(url)
    assert form.status_code == 200
    assert "Start of the review: 1 April 2031" in text(form)

    sent = eleanor.post(
        url,
        {"field": "review.started_on", **on("new_on", D(2031, 4, 3)), "reason": "Zq: met late"},
    )
    assert sent.status_code == 302
    review.refresh_from_db()
    target = due_date(review.partnership, "lcspr_completion", D(2031, 4, 3))
    assert (review.started_on, review.planned_target_on, review.target_on) == (
        D(2031, 4, 3),
        target,
        target,
    )
    correction = DateCorrection.objects.get(review=review)
    assert (correction.version, correction.old_on, correction.new_on, correction.incident) == (
        2,
        D(2031, 4, 1),
        D(2031, 4, 3),
        None,
    )
    event = AuditEvent.objects.get(verb="review.date_correct", target_id=str(review.pk))
    assert event.changes["review.started_on"] == {"old": "2031-04-01", "new": "2031-04-03"}
    assert event.changes["reason"]["new"] == "Zq: met late"
    assert event.changes["target_on"]["new"] == str(target)

    page = text(eleanor.get(reverse("reviews:review", args=[review.pk])))
    assert "Corrected dates" in page
    assert "Zq: met late" in page
    assert "1 April 2031" in page


def test_a_second_correction_is_version_3() -> None:
    review = f.review(status=Review.Status.PUBLISHED)
    correct(review, "review.published_on", D(2031, 7, 1))
    correct(review, "review.published_on", D(2031, 7, 2))
    versions = list(
        DateCorrection.objects.filter(review=review).values_list("version", "old_on", "new_on")
    )
    assert versions == [(2, D(2031, 6, 30), D(2031, 7, 1)), (3, D(2031, 7, 1), D(2031, 7, 2))]
    review.refresh_from_db()
    assert review.published_on == D(2031, 7, 2)


def test_the_target_keeps_the_days_paused_when_the_start_is_corrected() -> None:
    review = f.review(status=Review.Status.PAUSED)  # delay from 11 April 2031
    reviews_services.review_delay_end(
        acting=f.manager(), delay=review.delays.get(), ended_on=D(2031, 4, 21)
    )
    correct(review, "review.started_on", D(2031, 4, 2))
    review.refresh_from_db()
    planned = due_date(review.partnership, "lcspr_completion", D(2031, 4, 2))
    assert review.planned_target_on == planned
    assert review.target_on == planned + datetime.timedelta(days=10)


def test_a_dhr_notification_correction_moves_the_decision_due_date() -> None:
    review = f.review(kind=Review.Kind.DHR, started_on=D(2031, 4, 1))
    correct(review, "review.notified_on", D(2031, 3, 20))
    review.refresh_from_db()
    assert reviews_services.dhr_decision_due(review) == due_date(
        review.partnership, "dhr_decision", D(2031, 3, 20)
    )


@pytest.mark.parametrize(
    ("field", "day", "message"),
    [
        ("review.draft_received_on", D(2031, 3, 31), "cannot be before the start of the review"),
        ("review.signed_off_on", D(2031, 4, 30), "cannot be before the draft report received"),
        ("review.published_on", D(2031, 5, 30), "cannot be before the executive sign-off"),
        ("review.signed_off_on", D(2031, 7, 1), "cannot be after the publication"),
        ("review.started_on", D(2031, 5, 2), "cannot be after the draft report received"),
        ("review.published_on", D(2031, 8, 2), "must be today or in the past"),
    ],
)
def test_a_correction_keeps_the_order_of_events(
    field: str, day: datetime.date, message: str
) -> None:
    review = f.review(status=Review.Status.PUBLISHED)
    with pytest.raises(ServiceError, match=message):
        correct(review, field, day)
    assert not DateCorrection.objects.filter(review=review).exists()


def test_the_start_cannot_move_after_a_delay_began() -> None:
    review = f.review(status=Review.Status.PAUSED)  # delay from 11 April 2031
    with pytest.raises(ServiceError, match="cannot be after the start of the first delay"):
        correct(review, "review.started_on", D(2031, 4, 12))


def test_sign_off_cannot_move_after_a_copy_was_sent() -> None:
    review = f.review(status=Review.Status.SIGNED_OFF)  # signed off 31 May 2031
    reviews_services.review_copy_send(
        acting=f.manager(), review=review, recipient="panel", sent_on=D(2031, 6, 2)
    )
    with pytest.raises(ServiceError, match="cannot be after the first copy sent"):
        correct(review, "review.signed_off_on", D(2031, 6, 3))


def test_the_form_shows_gov_uk_errors() -> None:
    review = f.review(status=Review.Status.DRAFT_RECEIVED)  # draft 1 May 2031
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:review-date-correct", args=[review.pk])
    early = eleanor.post(
        url, {"field": "review.draft_received_on", **on("new_on", D(2031, 3, 1)), "reason": "Zq"}
    )
    assert early.status_code == 400
    body = text(early)
    assert "govuk-error-summary" in body
    assert "The date cannot be before the start of the review date" in body
    no_reason = eleanor.post(url, {"field": "review.draft_received_on", **on("new_on", TODAY)})
    assert no_reason.status_code == 400
    assert "Enter the reason for the correction" in text(no_reason)
    # A date not yet recorded is not offered.
    assert "review.signed_off_on" not in text(eleanor.get(url))
    review.refresh_from_db()
    assert review.draft_received_on == D(2031, 5, 1)


def test_another_partnership_or_a_reader_gets_404() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS)
    url = reverse("reviews:review-date-correct", args=[review.pk])
    assert h.signed_in(h.SOUTHMOOR_MANAGER).get(url).status_code == 404
    assert h.signed_in(h.SCRUTINEER).get(url).status_code == 404
    with pytest.raises(ServiceError, match="permission"):
        dates_services.review_date_correct(
            acting=f.manager("southmoor"),
            review=review,
            field="review.started_on",
            new_on=D(2031, 4, 2),
            reason="Zq",
        )
