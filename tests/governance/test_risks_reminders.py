"""Reminders: a risk overdue for review tells its owner, an escalation late at its
stage tells the other agency and the person who raised it; each once."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from masa.core.models import AuditEvent, Notification
from masa.governance.services import escalations
from tests import helpers as h
from tests.governance import risk_factories as f

pytestmark = pytest.mark.usefixtures("demo")


def _tick(today: datetime.date) -> str:
    out = StringIO()
    call_command("governance_risks_tick", today=today, stdout=out)
    return out.getvalue()


def test_an_overdue_review_and_a_late_escalation_are_reminded_once() -> None:
    risk = f.risk(owner=h.SUBGROUP_CHAIR)
    escalation = f.escalation()
    later = timezone.localdate() + datetime.timedelta(days=120)
    _tick(later)
    to_owner = Notification.objects.filter(
        message="governance/risk_review_overdue", target_id=str(risk.pk)
    )
    assert [n.address for n in to_owner] == [h.SUBGROUP_CHAIR]
    late = Notification.objects.filter(
        message="governance/escalation_stage_overdue", target_id=str(escalation.pk)
    )
    assert {h.POLICE_BOTH, h.SUBGROUP_MEMBER} <= {n.address for n in late}
    assert f"{escalation.reference}" in late.first().subject  # type: ignore[union-attr]
    count = Notification.objects.count()
    _tick(later)
    assert Notification.objects.count() == count
    assert AuditEvent.objects.filter(verb="risk.remind", target_id=str(risk.pk)).count() == 1


def test_a_response_or_a_review_in_time_sends_nothing() -> None:
    risk = f.risk(owner=h.SUBGROUP_CHAIR)
    escalation = f.escalation()
    escalations.escalation_respond(
        acting=h.acting(h.POLICE_BOTH), escalation=escalation, response="Zq: done"
    )
    _tick(timezone.localdate() + datetime.timedelta(days=30))
    assert (
        not Notification.objects.filter(
            message__startswith="governance/", target_id__in=[str(risk.pk), str(escalation.pk)]
        )
        .exclude(message="governance/escalation_raised")
        .exists()
    )
