"""Dates of events that have happened cannot be in the future (forms and services), and
a recorded date is corrected with a reason, as a new version kept in the history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from masa.core.errors import ServiceError
from masa.core.models import AuditEvent
from masa.reviews import validators
from masa.reviews.models import DateCorrection, Incident, RapidReview, Review
from masa.reviews.services import dates as dates_services
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.timescales import due_date
from tests import helpers as h
from tests.reviews import factories as f
from tests.reviews.test_views_casework import NOTIFY, on, text

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
# "Today" for these tests: Monday 24 March 2031, after the factories' March dates.
TODAY = D(2031, 3, 24)
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    monkeypatch.setattr(validators, "today", lambda: TODAY)
    return TODAY


def decided() -> RapidReview:
    rapid = f.decided_rapid_review()
    rapid.incident.refresh_from_db()
    return rapid


# --- the future is refused ------------------------------------------------------------------


def test_an_awareness_date_in_the_future_is_refused_with_the_error_summary() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = eleanor.post(
        reverse("reviews:incident-new"),
        {**NOTIFY, "pseudonym": "Child Zq-future", **on("aware_on", TOMORROW)},
    )
    assert page.status_code == 400
    body = text(page)
    assert "govuk-error-summary" in body
    message = "Date the local authority became aware must be today or in the past"
    assert body.count(message) == 2  # in the summary and by the field
    assert not Incident.objects.filter(subject__pseudonym="Child Zq-future").exists()


def test_today_is_accepted() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    sent = eleanor.post(
        reverse("reviews:incident-new"),
        {**NOTIFY, "pseudonym": "Child Zq-today", **on("aware_on", TODAY)},
    )
    assert sent.status_code == 302


def test_a_panel_notification_not_yet_reached_is_refused_on_the_form() -> None:
    incident = f.incident()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = eleanor.post(
        reverse("reviews:incident-notifications", args=[incident.pk]),
        on("notified_panel_on", TOMORROW),
    )
    assert page.status_code == 400
    assert "Panel date must be today or in the past" in text(page)
    incident.refresh_from_db()
    assert incident.notified_panel_on is None


def test_sent_to_the_panel_on_a_future_date_is_refused_on_the_form() -> None:
    rapid = decided()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = eleanor.post(
        reverse("reviews:rapid-review-sent", args=[rapid.pk]), on("sent_on", TOMORROW)
    )
    assert page.status_code == 400
    assert "Date sent to the Panel must be today or in the past" in text(page)
    rapid.refresh_from_db()
    assert rapid.sent_to_panel_on is None


@pytest.mark.parametrize(
    "call",
    [
        lambda who, rapid: incidents_services.incident_notify(
            acting=who,
            subject=f.subject(),
            summary="Zq",
            aware_on=TOMORROW,
        ),
        lambda who, rapid: incidents_services.incident_update_notifications(
            acting=who, incident=f.incident(), notified_panel_on=TOMORROW
        ),
        lambda who, rapid: rapid_reviews_services.rapid_review_send_to_panel(
            acting=who, rapid_review=rapid, sent_on=TOMORROW
        ),
        lambda who, rapid: reviews_services.review_sign_off(
            acting=h.acting(h.EXECUTIVE),
            review=f.review(status=Review.Status.DRAFT_RECEIVED),
            signed_off_on=TOMORROW,
        ),
        lambda who, rapid: incidents_services.pre_discussion_record(
            acting=who,
            referral_summary="Zq",
            held_on=TOMORROW,
            outcome="no_notification",
            rationale="Zq",
        ),
    ],
    ids=["aware", "panel notified", "sent to panel", "sign-off", "pre-discussion"],
)
def test_the_services_refuse_a_future_date_as_a_rule(call: Any) -> None:
    rapid = decided()
    with pytest.raises(ServiceError, match="must be today or in the past"):
        call(f.manager(), rapid)


# --- a recorded date is corrected with a reason ----------------------------------------------


def test_correcting_the_awareness_date_keeps_the_old_one_and_moves_the_clock() -> None:
    incident = f.incident(aware_on=D(2031, 3, 3))
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:incident-date-correct", args=[incident.pk])
    form = eleanor.get(url)
    assert form.status_code == 200
    assert "Local authority aware: 3 March 2031" in text(form)

    sent = eleanor.post(
        url,
        {"field": "aware_on", **on("new_on", D(2031, 3, 4)), "reason": "Zq: typed a day early"},
    )
    assert sent.status_code == 302
    incident.refresh_from_db()
    assert incident.aware_on == D(2031, 3, 4)
    assert incident.notification_due_on == due_date(
        incident.partnership, "incident_notification", D(2031, 3, 4)
    )
    correction = DateCorrection.objects.get(incident=incident)
    assert (correction.version, correction.old_on, correction.new_on) == (
        2,
        D(2031, 3, 3),
        D(2031, 3, 4),
    )
    event = AuditEvent.objects.get(verb="incident.date_correct", target_id=str(incident.pk))
    assert event.changes["aware_on"] == {"old": "2031-03-03", "new": "2031-03-04"}
    assert event.changes["reason"]["new"] == "Zq: typed a day early"

    page = text(eleanor.get(reverse("reviews:incident", args=[incident.pk])))
    assert "Corrected dates" in page
    assert "Zq: typed a day early" in page
    assert "3 March 2031" in page
    assert "4 March 2031" in page


def test_a_second_correction_is_version_3_and_a_correction_cannot_be_changed() -> None:
    incident = f.incident(aware_on=D(2031, 3, 3))
    for day in (D(2031, 3, 4), D(2031, 3, 5)):
        dates_services.incident_date_correct(
            acting=f.manager(), incident=incident, field="aware_on", new_on=day, reason="Zq"
        )
    versions = list(
        DateCorrection.objects.filter(incident=incident).values_list("version", "old_on")
    )
    assert versions == [(2, D(2031, 3, 3)), (3, D(2031, 3, 4))]
    with pytest.raises(PermissionError):
        DateCorrection.objects.filter(incident=incident).first().save()  # type: ignore[union-attr]


def test_a_future_sent_to_panel_date_recorded_before_the_rule_can_be_corrected() -> None:
    rapid = decided()
    # As it was before the rule: "met in time" on a day not yet reached.
    RapidReview.objects.filter(pk=rapid.pk).update(
        sent_to_panel_on=D(2031, 4, 30), status=RapidReview.Status.SENT_TO_PANEL
    )
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:incident-date-correct", args=[rapid.incident.pk])
    refused = eleanor.post(
        url, {"field": "rapid.sent_to_panel_on", **on("new_on", TOMORROW), "reason": "Zq"}
    )
    assert refused.status_code == 400
    assert "The correct date must be today or in the past" in text(refused)
    no_reason = eleanor.post(url, {"field": "rapid.sent_to_panel_on", **on("new_on", TODAY)})
    assert no_reason.status_code == 400
    assert "Enter the reason for the correction" in text(no_reason)

    done = eleanor.post(
        url, {"field": "rapid.sent_to_panel_on", **on("new_on", TODAY), "reason": "Zq: sent today"}
    )
    assert done.status_code == 302
    rapid.refresh_from_db()
    assert rapid.sent_to_panel_on == TODAY
    history = text(eleanor.get(reverse("reviews:incident", args=[rapid.incident.pk])))
    assert "Rapid review sent to the Panel" in history
    assert "30 April 2031" in history


def test_correcting_the_panel_notification_moves_the_rapid_reviews_due_date() -> None:
    rapid = decided()
    dates_services.incident_date_correct(
        acting=f.manager(),
        incident=rapid.incident,
        field="notified_panel_on",
        new_on=D(2031, 3, 4),
        reason="Zq: the email went a day earlier",
    )
    rapid.refresh_from_db()
    assert rapid.due_on == due_date(rapid.partnership, "rapid_review", D(2031, 3, 4))


def test_a_correction_keeps_the_order_of_events() -> None:
    rapid = decided()  # aware 3 March, Panel 5 March, met and decided 20 March
    with pytest.raises(ServiceError, match="cannot be before the rapid review meeting"):
        dates_services.incident_date_correct(
            acting=f.manager(),
            incident=rapid.incident,
            field="rapid.decided_on",
            new_on=D(2031, 3, 19),
            reason="Zq",
        )
    with pytest.raises(ServiceError, match="cannot be after the Panel notified"):
        dates_services.incident_date_correct(
            acting=f.manager(),
            incident=rapid.incident,
            field="aware_on",
            new_on=D(2031, 3, 6),
            reason="Zq",
        )
    with pytest.raises(ServiceError, match="has not been recorded yet"):
        dates_services.incident_date_correct(
            acting=f.manager(),
            incident=rapid.incident,
            field="rapid.sent_to_panel_on",
            new_on=D(2031, 3, 21),
            reason="Zq",
        )


def test_another_partnership_cannot_correct_a_date() -> None:
    incident = f.incident()
    nadia = h.signed_in(h.SOUTHMOOR_MANAGER)
    url = reverse("reviews:incident-date-correct", args=[incident.pk])
    assert nadia.get(url).status_code == 404
    scrutineer = h.signed_in(h.SCRUTINEER)
    assert scrutineer.get(url).status_code == 404
