"""Reliability: concurrent submissions on PostgreSQL, and a failed save that loses nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connections

from masa.core import services as core_services
from masa.core.models import Agency, Partnership, Person, Role
from masa.frontdoor import services
from masa.frontdoor.models import Contact, ReferenceCounter, Referral
from tests import helpers as h
from tests.frontdoor.factories import referral_answers
from tests.helpers import PRACTITIONER

SUBMITTERS = 50
EACH = 20


@pytest.mark.postgres
def test_fifty_concurrent_submitters_make_exactly_one_thousand_referrals(
    flushable_db: None,
) -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    school = Agency.objects.get(name="Northbridge Academy")
    practitioner = Role.objects.get(slug="practitioner")
    submitters = []
    for n in range(SUBMITTERS):
        who = core_services.person_create(
            actor=None, email=f"submitter{n}@northbridge-academy.example", full_name=f"Sub {n}"
        )
        core_services.membership_create(
            actor=None, person=who, partnership=northbridge, agency=school, roles=[practitioner]
        )
        submitters.append(who.pk)
    start = threading.Barrier(SUBMITTERS)
    failures: list[BaseException] = []

    def submit_many(pk: int) -> None:
        try:
            who = h.acting(Person.objects.get(pk=pk), northbridge)
            start.wait()
            for _ in range(EACH):
                draft = services.referral_start(acting=who)
                answers = referral_answers()
                services.referral_submit(acting=who, referral=draft, answers=answers)
                # A double click: the second submission must change nothing.
                services.referral_submit(acting=who, referral=draft, answers=answers)
        except BaseException as error:  # reported below, with the thread's error
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit_many, args=(pk,)) for pk in submitters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    sent = Referral.objects.filter(referrer_id__in=submitters, status=Referral.Status.SUBMITTED)
    references = list(sent.values_list("reference", flat=True))
    assert len(references) == SUBMITTERS * EACH
    assert len(set(references)) == SUBMITTERS * EACH
    assert Contact.objects.filter(referral__in=sent).count() == SUBMITTERS * EACH
    year = sent[0].submitted_at.year if sent[0].submitted_at else 0
    counter = ReferenceCounter.objects.get(partnership=northbridge, year=year)
    assert counter.last >= SUBMITTERS * EACH


@pytest.mark.django_db
def test_a_failing_save_leaves_the_draft_intact(demo: None) -> None:
    who = h.acting(PRACTITIONER)
    draft = services.referral_start(acting=who)
    services.referral_save_section(
        acting=who, referral=draft, section="concern", answers={"what_happened": "Typed text"}
    )
    counter_before = list(ReferenceCounter.objects.values_list("pk", "last"))
    # Level 7 breaks a database constraint: the whole submission must roll back.
    with pytest.raises(IntegrityError):
        services.referral_submit(
            acting=who, referral=draft, answers=referral_answers(level_believed=7)
        )
    draft.refresh_from_db()
    assert draft.status == Referral.Status.DRAFT
    assert draft.reference is None
    assert draft.draft["concern"] == {"what_happened": "Typed text"}
    assert not draft.contacts.exists()
    assert list(ReferenceCounter.objects.values_list("pk", "last")) == counter_before
