"""Casework pages, part 1: serious incident notifications, rapid reviews and agency
summaries, the case reviews home, the overdue dashboard and the subjects' profile.
Through the real forms, as the people who use them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masa.core import clocks
from masa.core.models import AuditEvent, Partnership
from masa.reviews.models import AgencySummary, Incident, RapidReview, Review, Subject
from masa.reviews.timescales import due_date
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")


def on(prefix: str, day: datetime.date) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def text(response: Any) -> str:
    return str(response.content.decode())


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def viewed(person_email: str, subject: Subject) -> int:
    return AuditEvent.objects.filter(
        verb="view",
        actor__email=person_email,
        target_type="reviews.subject",
        target_id=str(subject.pk),
    ).count()


NOTIFY = {
    "pseudonym": "Child Zq-notify",
    "age_band": "under_1",
    "sex": "M",
    "ethnicity": "WBRI",
    "disability": "no",
    "looked_after": "no",
    "summary": "Zq: a baby of 8 weeks was admitted with a skull fracture.",
    **on("aware_on", datetime.date(2031, 3, 3)),
}


def notify(client: Client, **changes: Any) -> Any:
    return client.post(reverse("reviews:incident-new"), {**NOTIFY, **changes})


# --- notifying a serious incident ------------------------------------------------------------


def test_business_manager_notifies_an_incident_and_sees_the_panel_due_date() -> None:
    theme = f.theme()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    sent = notify(eleanor, themes=[str(theme.pk)])
    assert sent.status_code == 302
    incident = Incident.objects.get(subject__pseudonym="Child Zq-notify")
    assert sent["Location"] == reverse("reviews:incident", args=[incident.pk])
    assert incident.created_by == h.person(h.BUSINESS_MANAGER)
    assert incident.subject.age_band == "under_1"
    assert incident.subject.is_child
    assert list(incident.themes.all()) == [theme]
    # Monday 3 March 2031 plus 5 working days.
    assert incident.notification_due_on == datetime.date(2031, 3, 10)
    verbs = set(
        AuditEvent.objects.filter(actor__email=h.BUSINESS_MANAGER).values_list("verb", flat=True)
    )
    assert {"review_subject.create", "incident.notify"} <= verbs

    page = eleanor.get(sent["Location"])
    body = text(page)
    assert "Serious incident" in body
    assert incident.reference in body
    assert "Due by 10 March 2031" in body
    assert "Not yet notified" in body
    assert "Child Zq-notify" in body
    assert viewed(h.BUSINESS_MANAGER, incident.subject) == 1


def test_notifying_twice_makes_one_incident() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    first = notify(eleanor, pseudonym="Child Zq-twice")
    second = notify(eleanor, pseudonym="Child Zq-twice")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Incident.objects.filter(subject__pseudonym="Child Zq-twice").count() == 1
    assert Subject.objects.filter(pseudonym="Child Zq-twice").count() == 1
    page = eleanor.get(second["Location"])
    assert "was already recorded as" in text(page)


def test_a_second_incident_about_another_child_is_a_new_notification() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    one = notify(eleanor, pseudonym="Child Zq-one")
    two = notify(eleanor, pseudonym="Child Zq-two")
    assert one["Location"] != two["Location"]
    assert (
        Incident.objects.filter(subject__pseudonym__in=["Child Zq-one", "Child Zq-two"]).count()
        == 2
    )


def test_notify_with_errors_answers_400_with_an_error_summary() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    empty = eleanor.post(reverse("reviews:incident-new"), {})
    body = text(empty)
    assert empty.status_code == 400
    assert "<title>Error: " in body
    assert "There is a problem" in body
    for message in (
        "Enter a pseudonym",
        "Select the age band",
        "Enter the date the local authority became aware",
        "Enter what happened",
    ):
        assert message in body
    adult = notify(eleanor, age_band="25_64", aware_on_day="31", aware_on_month="2")
    body = text(adult)
    assert adult.status_code == 400
    assert "Select the age band" in body
    assert "must be a real date" in body
    assert not Incident.objects.filter(subject__pseudonym="Child Zq-notify").exists()


# --- notifications -----------------------------------------------------------------------------


def test_recording_the_panel_notification_shows_it_met_in_time() -> None:
    incident = f.incident(aware_on=datetime.date(2031, 3, 3))
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:incident-notifications", args=[incident.pk])
    form = text(eleanor.get(url))
    assert "notified_panel_on_day" in form
    assert "notified_ofsted_on_day" not in form  # the child was not looked after

    early = eleanor.post(url, on("notified_panel_on", datetime.date(2031, 3, 1)))
    assert early.status_code == 400
    assert "The date cannot be before the date the council became aware" in text(early)

    done = eleanor.post(
        url,
        on("notified_panel_on", datetime.date(2031, 3, 5))
        | on("partners_told_on", datetime.date(2031, 3, 12)),
    )
    assert done.status_code == 302
    incident.refresh_from_db()
    assert incident.notified_panel_on == datetime.date(2031, 3, 5)
    page = text(eleanor.get(reverse("reviews:incident", args=[incident.pk])))
    assert "Notified 5 March 2031" in page
    assert "Met in time" in page
    assert "Met late" in page  # the partners were told after the 5 working days


def test_a_looked_after_child_needs_ofsted_and_the_secretary_of_state_told() -> None:
    incident = f.incident(looked_after=True)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = text(eleanor.get(reverse("reviews:incident", args=[incident.pk])))
    assert "Ofsted" in page
    assert "Secretary of State" in page
    form = text(eleanor.get(reverse("reviews:incident-notifications", args=[incident.pk])))
    assert "notified_ofsted_on_day" in form
    assert "notified_sos_on_day" in form
    nothing = eleanor.post(reverse("reviews:incident-notifications", args=[incident.pk]), {})
    assert nothing.status_code == 400
    assert "Enter at least one new date" in text(nothing)


# --- pre-discussions ---------------------------------------------------------------------------


def test_recording_a_pre_discussion_about_a_referral() -> None:
    incident = f.incident()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:pre-discussion-new")
    missing = eleanor.post(url, {"referral_summary": "Zq: a referral from the school"})
    assert missing.status_code == 400
    assert "Select the outcome" in text(missing)
    assert "Enter the reasons for the outcome" in text(missing)
    recorded = eleanor.post(
        url,
        {
            "referral_summary": "Zq: a referral from the school",
            "outcome": "no_notification",
            "rationale": "Zq: no serious harm; learning through the multi-agency audit",
            "attendees": "Zq: police, health, children's social care",
            "incident": str(incident.pk),
        }
        | on("held_on", datetime.date(2031, 3, 4)),
    )
    assert recorded.status_code == 302
    listing = text(eleanor.get(recorded["Location"]))
    assert "Zq: no serious harm; learning through the multi-agency audit" in listing
    assert "No notification: learning captured elsewhere" in listing
    assert reverse("reviews:incident", args=[incident.pk]) in listing
    assert "No notification" in text(eleanor.get(reverse("reviews:incident", args=[incident.pk])))


# --- the rapid review -----------------------------------------------------------------------


def test_rapid_review_from_the_notification_to_the_panels_response() -> None:
    incident = f.incident(aware_on=datetime.date(2031, 3, 3))
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    incident_url = reverse("reviews:incident", args=[incident.pk])
    open_url = reverse("reviews:rapid-review-open", args=[incident.pk])

    # Never without the Panel notification: no button, and a POST is refused.
    assert open_url not in text(eleanor.get(incident_url))
    refused = eleanor.post(open_url, follow=True)
    assert "Record the notification to the Panel before opening a rapid review" in text(refused)
    assert not RapidReview.objects.filter(incident=incident).exists()

    eleanor.post(
        reverse("reviews:incident-notifications", args=[incident.pk]),
        on("notified_panel_on", datetime.date(2031, 3, 5)),
    )
    assert open_url in text(eleanor.get(incident_url))
    opened = eleanor.post(open_url)
    rapid = RapidReview.objects.get(incident=incident)
    assert opened["Location"] == reverse("reviews:rapid-review", args=[rapid.pk])
    expected_due = due_date(northbridge(), "rapid_review", datetime.date(2031, 3, 5))
    assert rapid.due_on == expected_due
    page = text(eleanor.get(opened["Location"]))
    assert expected_due.strftime("%-d %b %Y") in page

    # Summaries from two named agencies.
    police, hospitals = f.agency(f.POLICE), f.agency(f.HOSPITALS)
    asked = eleanor.post(
        reverse("reviews:summary-request", args=[rapid.pk]),
        {"agencies": [str(police.pk), str(hospitals.pk)]}
        | on("requested_on", datetime.date(2031, 3, 6)),
    )
    assert asked.status_code == 302
    assert set(rapid.agency_summaries.values_list("agency__name", flat=True)) == {
        f.POLICE,
        f.HOSPITALS,
    }
    page = text(eleanor.get(opened["Location"]))
    assert f.POLICE in page
    assert f.HOSPITALS in page
    assert "Requested" in page
    # Asking the same agency again is not offered.
    form = text(eleanor.get(reverse("reviews:summary-request", args=[rapid.pk])))
    assert f'value="{police.pk}"' not in form

    steps = {
        "meeting": reverse("reviews:rapid-review-meeting", args=[rapid.pk]),
        "decision": reverse("reviews:rapid-review-decision", args=[rapid.pk]),
        "sent": reverse("reviews:rapid-review-sent", args=[rapid.pk]),
        "response": reverse("reviews:rapid-review-response", args=[rapid.pk]),
    }
    page = text(eleanor.get(opened["Location"]))
    assert steps["meeting"] in page
    assert steps["decision"] not in page

    assert (
        eleanor.post(steps["meeting"], on("meeting_on", datetime.date(2031, 3, 20))).status_code
        == 302
    )
    page = text(eleanor.get(opened["Location"]))
    assert steps["meeting"] not in page
    assert steps["decision"] in page

    no_learning = eleanor.post(
        steps["decision"], {"decision": "no_lcspr", "rationale": "Zq: learning is known"}
    )
    assert no_learning.status_code == 400
    assert "Without an LCSPR, record the learning the rapid review captured" in text(no_learning)

    decided = eleanor.post(
        steps["decision"],
        {
            "decision": "lcspr",
            "rationale": "Zq: the criteria for a local review are met",
            "review_title": "Zq LCSPR: Baby Q",
        }
        | on("decided_on", datetime.date(2031, 3, 20)),
    )
    assert decided.status_code == 302
    lcspr = Review.objects.get(incident=incident, kind=Review.Kind.LCSPR)
    assert lcspr.title == "Zq LCSPR: Baby Q"
    page = text(eleanor.get(opened["Location"]))
    assert f"{lcspr.reference} is commissioned" in page
    assert reverse("reviews:review", args=[lcspr.pk]) in page
    assert steps["sent"] in page

    assert eleanor.post(steps["sent"], on("sent_on", datetime.date(2031, 3, 24))).status_code == 302
    answered = eleanor.post(
        steps["response"],
        {"response": "Zq: the Panel agrees with the decision"}
        | on("received_on", datetime.date(2031, 4, 14)),
    )
    assert answered.status_code == 302
    rapid.refresh_from_db()
    assert rapid.status == RapidReview.Status.PANEL_RESPONDED
    page = text(eleanor.get(opened["Location"]))
    assert "Zq: the Panel agrees with the decision" in page
    assert "Met in time" in page  # sent to the Panel within the 15 working days
    for url in steps.values():
        assert url not in page


def test_a_rapid_review_step_out_of_turn_is_refused() -> None:
    rapid = f.rapid_review()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    early = eleanor.post(
        reverse("reviews:rapid-review-sent", args=[rapid.pk]),
        on("sent_on", datetime.date(2031, 3, 24)),
    )
    assert early.status_code == 400
    assert "Only a decided rapid review is sent to the Panel" in text(early)


def test_scrutineer_reads_a_rapid_review_without_changing_it() -> None:
    rapid = f.rapid_review()
    imogen = h.signed_in(h.SCRUTINEER)
    page = text(imogen.get(reverse("reviews:rapid-review", args=[rapid.pk])))
    assert rapid.incident.reference in page
    assert reverse("reviews:rapid-review-meeting", args=[rapid.pk]) not in page
    assert reverse("reviews:summary-request", args=[rapid.pk]) not in page
    assert viewed(h.SCRUTINEER, rapid.incident.subject) == 1


# --- agency summaries --------------------------------------------------------------------


def test_an_empty_summary_answers_400_with_the_errors() -> None:
    summary = f.agency_summary()
    maya = h.signed_in(h.POLICE_BOTH)
    empty = maya.post(reverse("reviews:summary", args=[summary.pk]), {})
    body = text(empty)
    assert empty.status_code == 400
    assert "There is a problem" in body
    assert "Enter your agency&#x27;s involvement" in body
    summary.refresh_from_db()
    assert summary.status == AgencySummary.Status.REQUESTED


def test_the_case_review_group_reads_a_submitted_summary() -> None:
    rapid = f.rapid_review(
        aware_on=datetime.date(2025, 3, 3), notified_panel_on=datetime.date(2025, 3, 5)
    )
    summary = f.agency_summary(rapid, requested_on=datetime.date(2025, 3, 6))
    h.signed_in(h.POLICE_BOTH).post(
        reverse("reviews:summary", args=[summary.pk]),
        {
            "involvement": "Zq: officers attended twice",
            "analysis": "Zq: no referral made after the second call",
            "immediate_learning": "Zq: briefing to response officers",
        },
    )
    page = text(
        h.signed_in(h.BUSINESS_UNIT_OFFICER).get(reverse("reviews:summary", args=[summary.pk]))
    )
    assert "Zq: officers attended twice" in page
    assert "Zq: briefing to response officers" in page
    assert "Met late" in page  # submitted long after the 5 working days
    rapid_page = text(
        h.signed_in(h.BUSINESS_UNIT_OFFICER).get(reverse("reviews:rapid-review", args=[rapid.pk]))
    )
    assert "Submitted" in rapid_page
    assert "Maya Singh" in rapid_page


# --- the home page, the overdue dashboard and the profile -------------------------------------


def test_home_shows_open_casework_with_its_clocks() -> None:
    waiting = f.incident(aware_on=datetime.date(2031, 3, 3))
    rapid = f.rapid_review()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = text(eleanor.get(reverse("reviews:home")))
    assert reverse("reviews:incident", args=[waiting.pk]) in page
    assert reverse("reviews:rapid-review", args=[rapid.pk]) in page
    assert "10 Mar 2031" in page
    assert 'govuk-tag govuk-tag--blue">Due</strong>' in page
    assert reverse("reviews:incident-new") in page
    # The scrutineer reads, but is not offered the forms.
    imogen = text(h.signed_in(h.SCRUTINEER).get(reverse("reviews:home")))
    assert reverse("reviews:incident", args=[waiting.pk]) in imogen
    assert reverse("reviews:incident-new") not in imogen


def test_overdue_dashboard_lists_late_work_by_working_days() -> None:
    late = f.incident(aware_on=datetime.date(2025, 1, 6))
    rapid = f.rapid_review(
        aware_on=datetime.date(2025, 2, 3), notified_panel_on=datetime.date(2025, 2, 4)
    )
    paused = f.review(status=Review.Status.PAUSED)
    today = timezone.localdate()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = text(eleanor.get(reverse("reviews:overdue")))
    assert reverse("reviews:incident", args=[late.pk]) in page
    assert reverse("reviews:rapid-review", args=[rapid.pk]) in page
    assert reverse("reviews:review", args=[paused.pk]) in page
    assert "Criminal proceedings" in page
    late_by = clocks.working_days_between(late.notification_due_on, today)
    assert f">{late_by}</td>" in page
    # A notified incident is not late, however old.
    assert reverse("reviews:incident", args=[rapid.incident.pk]) not in page


def test_profile_shows_exact_figures_to_the_group_and_suppresses_them_for_the_executive() -> None:
    f.subject(ethnicity="CHNE", age_band="10_15")
    count = Subject.objects.filter(partnership=northbridge(), ethnicity="CHNE").count()
    group = text(h.signed_in(h.BUSINESS_MANAGER).get(reverse("reviews:profile")))
    executive = text(h.signed_in(h.EXECUTIVE).get(reverse("reviews:profile")))

    def cell_after(body: str, label: str) -> str:
        row = body[body.index(f'<th scope="row" class="govuk-table__header">{label}</th>') :]
        start = row.index('govuk-table__cell--numeric">') + len('govuk-table__cell--numeric">')
        return row[start : row.index("</td>", start)]

    assert cell_after(group, "Chinese") == f"{count:,}"
    assert cell_after(executive, "Chinese") == ("[c]" if 1 <= count <= 4 else f"{count:,}")
    assert "counts of 1 to 4 are shown as [c]" in executive
    assert "<svg" in group
    assert "Subjects of reviews by ethnicity" in group
