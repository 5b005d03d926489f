"""A serious incident notification sent several times at once (a double click, two tabs,
a retry while the first is still saving), on PostgreSQL: one incident, one child, one
reference, and every copy is given that incident back."""

from __future__ import annotations

import datetime

import pytest

from masa.core.models import AuditEvent
from masa.reviews.models import Incident, ReferenceCounter, Subject
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services.subjects import SubjectDetails
from tests import helpers as h
from tests.concurrency import at_once
from tests.reviews import factories as f

COPIES = 6


@pytest.mark.postgres
def test_the_same_notification_sent_at_once_makes_one_incident(flushable_db: None) -> None:
    actor = f.acting(h.BUSINESS_MANAGER)
    partnership = f.partnership()
    aware_on = datetime.date(2032, 5, 4)
    # An incident earlier that year: its reference counter exists, so the copies do not
    # queue on creating it and meet only the notification's own lock.
    ReferenceCounter.objects.create(partnership=partnership, series="SI", year=aware_on.year)

    def notify() -> tuple[Incident, bool]:
        return incidents_services.incident_notify_new_subject(
            acting=actor,
            subject=SubjectDetails(
                pseudonym="Child Zr", age_band="under_1", sex="M", ethnicity="MWBC"
            ),
            summary="Zr: a baby with a head injury; the parents' accounts differ.",
            aware_on=aware_on,
        )

    outcomes = at_once(notify, COPIES)

    assert outcomes.raised == []
    incidents = {incident.pk for incident, _ in outcomes.returned}
    assert len(incidents) == 1
    (pk,) = incidents
    assert sorted(created for _, created in outcomes.returned) == [False] * (COPIES - 1) + [True]
    assert Incident.objects.filter(subject__pseudonym="Child Zr").count() == 1
    assert Subject.objects.filter(pseudonym="Child Zr").count() == 1
    assert AuditEvent.objects.filter(verb="incident.notify", target_id=str(pk)).count() == 1
