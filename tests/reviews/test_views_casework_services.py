"""The services the casework pages added: a subject recorded together with the incident,
SAR referral or review about them (one transaction: a refusal leaves no subject), and a
notification sent twice kept as one incident."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from masa.core.errors import ServiceError
from masa.core.models import AuditEvent
from masa.reviews.models import Incident, Review, Subject
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.services import sar as sar_services
from masa.reviews.services.subjects import SubjectDetails
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

AWARE = datetime.date(2031, 3, 3)


def child(pseudonym: str = "Child Zq-svc", age_band: str = "under_1") -> SubjectDetails:
    return SubjectDetails(
        pseudonym=pseudonym, age_band=age_band, sex="F", ethnicity="MWBC", disability="no"
    )


def notify(actor_email: str = h.BUSINESS_MANAGER, **changes: object) -> tuple[Incident, bool]:
    values: dict[str, object] = {
        "subject": child(),
        "summary": "Zq: a baby was found with bruising",
        "aware_on": AWARE,
    }
    values.update(changes)
    return incidents_services.incident_notify_new_subject(
        acting=f.acting(actor_email),
        **values,  # type: ignore[arg-type]
    )


def test_notify_records_the_child_and_the_incident_together() -> None:
    incident, created = notify()
    assert created
    assert incident.subject.pseudonym == "Child Zq-svc"
    assert incident.subject.is_child
    assert incident.subject.ethnicity == "MWBC"
    assert incident.notification_due_on == datetime.date(2031, 3, 10)
    # Each record by its own type and id (the demo's records have the other's ids).
    verbs = AuditEvent.objects.filter(
        Q(target_type="reviews.subject", target_id=str(incident.subject.pk))
        | Q(target_type="reviews.incident", target_id=str(incident.pk))
    ).values_list("verb", flat=True)
    assert sorted(verbs) == ["incident.notify", "review_subject.create"]


def test_the_same_notification_sent_again_gives_back_the_first() -> None:
    first, _ = notify()
    events = AuditEvent.objects.count()
    again, created = notify()
    assert not created
    assert again == first
    assert Incident.objects.filter(subject__pseudonym="Child Zq-svc").count() == 1
    assert Subject.objects.filter(pseudonym="Child Zq-svc").count() == 1
    assert AuditEvent.objects.count() == events


def test_a_notification_after_the_resubmit_window_is_a_new_incident() -> None:
    first, _ = notify()
    Incident.objects.filter(pk=first.pk).update(
        created_at=timezone.now()
        - incidents_services.NOTIFY_RESUBMIT_WINDOW
        - datetime.timedelta(minutes=1)
    )
    second, created = notify()
    assert created
    assert second != first


def test_a_different_summary_or_child_is_a_new_incident() -> None:
    first, _ = notify()
    other_summary, created = notify(summary="Zq: a second, different incident")
    assert created
    other_child, created_again = notify(subject=child("Child Zq-sibling"))
    assert created_again
    assert len({first.pk, other_summary.pk, other_child.pk}) == 3


def test_a_refused_notification_leaves_no_subject_behind() -> None:
    with pytest.raises(ServiceError, match="about a child"):
        notify(subject=child("Adult Zq-refused", age_band="25_64"))
    assert not Subject.objects.filter(pseudonym="Adult Zq-refused").exists()


def test_only_the_case_review_group_may_notify() -> None:
    for email in (h.PRACTITIONER, h.SCRUTINEER, h.EXECUTIVE):
        with pytest.raises(ServiceError, match="permission"):
            notify(email, subject=child("Child Zq-nobody"))
    assert not Subject.objects.filter(pseudonym="Child Zq-nobody").exists()


def test_a_sar_referral_about_a_child_is_refused_and_leaves_no_subject() -> None:
    with pytest.raises(ServiceError, match="about an adult"):
        sar_services.sar_referral_record_new_subject(
            acting=f.manager(),
            subject=child("Child Zq-sar"),
            received_on=AWARE,
            referrer_agency=f.agency(f.HOSPITALS),
            summary="Zq",
            criteria=f.MANDATORY,
        )
    assert not Subject.objects.filter(pseudonym="Child Zq-sar").exists()


def test_a_sar_referral_records_the_adult() -> None:
    referral = sar_services.sar_referral_record_new_subject(
        acting=f.manager(),
        subject=SubjectDetails("Adult Zq-sar", "65_plus", "M", "WBRI", "yes"),
        received_on=AWARE,
        referrer_agency=f.agency(f.HOSPITALS),
        summary="Zq: self-neglect",
        criteria=f.MANDATORY,
    )
    assert not referral.subject.is_child
    assert referral.criteria["concern_agencies_worked_together"] is True


def test_a_noted_review_is_about_a_new_subject_or_the_incidents_child_not_both() -> None:
    incident = f.incident()
    with pytest.raises(ServiceError, match="not both"):
        reviews_services.review_note(
            acting=f.manager(),
            kind=Review.Kind.ALTERNATIVE,
            title="Zq both",
            subject=child("Child Zq-both"),
            incident=incident,
        )
    assert not Subject.objects.filter(pseudonym="Child Zq-both").exists()
    from_incident = reviews_services.review_note(
        acting=f.manager(),
        kind=Review.Kind.TABLE_TOP,
        title="Zq table-top",
        incident=incident,
    )
    assert from_incident.subject == incident.subject
    dhr = reviews_services.review_note(
        acting=f.manager(),
        kind=Review.Kind.DHR,
        title="Zq DHR",
        subject=SubjectDetails("Adult Zq-dhr", "18_24", "F", "AIND"),
        notified_on=AWARE,
    )
    assert dhr.subject is not None
    assert dhr.subject.pseudonym == "Adult Zq-dhr"
    assert dhr.owner == reviews_services.DHR_OWNER


def test_a_refused_review_leaves_no_subject_behind() -> None:
    with pytest.raises(ServiceError, match="community safety partnership was notified"):
        reviews_services.review_note(
            acting=f.manager(),
            kind=Review.Kind.DHR,
            title="Zq DHR without a date",
            subject=SubjectDetails("Adult Zq-nodate", "25_64", "M", "WBRI"),
        )
    assert not Subject.objects.filter(pseudonym="Adult Zq-nodate").exists()
