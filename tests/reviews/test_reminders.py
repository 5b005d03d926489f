"""Reminders before and after due dates, each sent once, and `reviews_tick`."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from masa.core.models import AuditEvent
from masa.reviews.models import Reminder
from masa.reviews.services import reminders as reminders_services
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date


def remind(today: datetime.date, capture: Any) -> int:
    with capture(execute=True):
        return reminders_services.reviews_remind(today=today)


def keys() -> set[str]:
    return set(Reminder.objects.values_list("key", flat=True))


def test_notification_reminders_before_and_after_the_due_date_are_sent_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    incident = f.incident(aware_on=D(2034, 3, 6))  # a Monday: due Monday 13 March
    assert incident.notification_due_on == D(2034, 3, 13)
    prefix = f"incident:{incident.pk}:notification"
    remind(D(2034, 3, 8), django_capture_on_commit_callbacks)  # 3 working days before
    assert not {k for k in keys() if k.startswith(prefix)}
    mail.outbox.clear()
    remind(D(2034, 3, 9), django_capture_on_commit_callbacks)  # 2 working days before
    assert f"{prefix}:before" in keys()
    # One email to each person told (nobody sees another's address), all alike.
    sent = [m for m in mail.outbox if incident.reference in m.subject]
    assert {m.subject for m in sent} == {f"Due soon: Panel notification {incident.reference}"}
    told = {address for m in sent for address in m.to}
    assert len(told) == len(sent)
    assert h.BUSINESS_MANAGER in told
    assert h.BUSINESS_UNIT_OFFICER in told
    assert h.PRACTITIONER not in told
    assert f"/reviews/incidents/{incident.pk}/" in sent[0].body
    mail.outbox.clear()
    remind(D(2034, 3, 10), django_capture_on_commit_callbacks)  # again: nothing new
    assert not [m for m in mail.outbox if incident.reference in m.subject]
    remind(D(2034, 3, 14), django_capture_on_commit_callbacks)  # the day after
    remind(D(2034, 3, 15), django_capture_on_commit_callbacks)
    after = [m for m in mail.outbox if incident.reference in m.subject]
    assert len(after) == len(told)
    assert {m.subject for m in after} == {f"Overdue: Panel notification {incident.reference}"}
    events = AuditEvent.objects.filter(verb="review.remind", target_label__startswith=prefix)
    assert events.count() == 2


def test_notified_incidents_get_no_reminder(django_capture_on_commit_callbacks: Any) -> None:
    incident = f.incident(aware_on=D(2034, 3, 6), notified_panel_on=D(2034, 3, 7))
    remind(D(2034, 3, 20), django_capture_on_commit_callbacks)
    assert not {k for k in keys() if k.startswith(f"incident:{incident.pk}:")}


def test_rapid_review_summary_and_review_target_reminders(
    django_capture_on_commit_callbacks: Any,
) -> None:
    rapid = f.rapid_review(aware_on=D(2034, 9, 1), notified_panel_on=D(2034, 9, 4))
    summary = f.agency_summary(rapid, requested_on=D(2034, 9, 4))
    review = f.review(status="in_progress", started_on=D(2034, 1, 2))
    assert review.target_on == D(2034, 7, 2)
    mail.outbox.clear()
    remind(D(2034, 9, 29), django_capture_on_commit_callbacks)
    got = keys()
    assert f"rapid_review:{rapid.pk}:after" in got  # due 25 September
    assert f"agency_summary:{summary.pk}:after" in got
    assert f"review:{review.pk}:target:2034-07-02:after" in got
    # This summary's reminder (the demo's rapid reviews have their own).
    reference = summary.rapid_review.incident.reference
    police = [m for m in mail.outbox if f"Agency summary for {reference}" in m.subject]
    assert police
    assert h.POLICE_BOTH in {address for m in police for address in m.to}


def test_reviews_tick_runs_the_reminders(django_capture_on_commit_callbacks: Any) -> None:
    f.incident(aware_on=D(2034, 5, 1))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reviews_tick", "--today", "2034-05-20", stdout=out)
    assert "Case review reminders sent:" in out.getvalue()
    sent = int(out.getvalue().rsplit(":", 1)[1].strip(" .\n"))
    assert sent >= 1
    again = StringIO()
    call_command("reviews_tick", "--today", "2034-05-20", stdout=again)
    assert again.getvalue().strip() == "Case review reminders sent: 0."
