"""The demo's front door: deterministic, idempotent, dated up to the day it is loaded,
and mixed the way a MASH's year is."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.db.models import Count

from masa.core.models import AuditEvent, Membership, Partnership, Person
from masa.demo import anchor, build, frontdoor, people
from masa.frontdoor import nhs
from masa.frontdoor.models import (
    Child,
    Concern,
    Contact,
    Decision,
    HouseholdMember,
    PartnerCheck,
    ReferenceCounter,
    Referral,
    RiskAssessment,
)
from masa.frontdoor.services import LONDON
from tests.frontdoor.factories import sent_referral
from tests.helpers import MASH_MANAGER, MASH_PRACTITIONER, PRACTITIONER

YEAR = datetime.timedelta(days=365)
# Another anchor than the story's: a Tuesday afternoon in June.
JUNE = datetime.datetime(2026, 6, 2, 14, 0, tzinfo=LONDON)


def built() -> datetime.datetime:
    """The anchor the session's demo was built with (the day the tests started)."""
    moment = anchor.recorded()
    assert moment is not None
    return moment


def northbridge_contacts() -> Any:
    return Contact.objects.filter(partnership__slug="northbridge")


def _digest(plans: list[frontdoor.ReferralPlan]) -> list[tuple[Any, ...]]:
    return [
        (
            plan.year,
            plan.serial,
            plan.submitted_at,
            plan.agency,
            plan.referrer.email,
            plan.categories,
            plan.risk.score if plan.risk else None,
            tuple(
                (
                    c.first_names,
                    c.child.last_name,
                    c.date_of_birth,
                    c.nhs_number,
                    c.status,
                    c.level,
                    c.outcome,
                    c.decided_at,
                    c.is_repeat,
                    tuple((k.agency, k.responded_at) for k in c.checks),
                    tuple((d.version, d.state, d.recorded_at) for d in c.decisions),
                )
                for c in plan.contacts
            ),
        )
        for plan in plans
    ]


# --- generation, without a database ----------------------------------------------


def test_the_same_seed_generates_the_same_records() -> None:
    first = list(frontdoor.generate(contacts=1_500))
    again = list(frontdoor.generate(contacts=1_500))
    assert _digest(first) == _digest(again)
    other = list(frontdoor.generate(contacts=1_500, seed=frontdoor.SEED + 1))
    assert _digest(other) != _digest(first)


@pytest.mark.parametrize("moment", [anchor.STORY, JUNE])
def test_the_volume_is_a_parameter_and_dates_end_at_the_anchor(
    moment: datetime.datetime,
) -> None:
    plans = list(frontdoor.generate(contacts=2_000, anchor=moment))
    assert sum(len(plan.contacts) for plan in plans) == 2_000
    arrivals = [plan.submitted_at for plan in plans]
    assert arrivals == sorted(arrivals)
    assert max(arrivals) < moment
    assert max(arrivals) > moment - datetime.timedelta(days=7)
    assert min(arrivals) > moment - 2 * YEAR - datetime.timedelta(days=2)
    serials = Counter(plan.year for plan in plans)
    for year, count in serials.items():
        assert sorted(p.serial for p in plans if p.year == year) == list(range(1, count + 1))


# --- the demo as built (the session's database) -----------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_northbridge_has_about_six_thousand_contacts_a_year(demo: None) -> None:
    contacts = northbridge_contacts()
    assert contacts.count() == frontdoor.PER_YEAR * frontdoor.YEARS
    last_year = contacts.filter(received_at__gt=built() - YEAR).count()
    assert 5_500 <= last_year <= 6_500
    southmoor = Contact.objects.filter(partnership__slug="southmoor")
    assert southmoor.count() == frontdoor.SOUTHMOOR_CONTACTS
    assert not southmoor.exclude(reference__startswith="SM-").exists()


@pytestmark_db
def test_every_outcome_is_present_and_a_fifth_to_a_quarter_end_at_level_4(demo: None) -> None:
    decided = northbridge_contacts().filter(status=Contact.Status.DECIDED)
    outcomes = set(decided.values_list("outcome", flat=True))
    assert outcomes == set(Contact.Outcome.values)
    level_4 = decided.filter(level=4)
    assert 0.20 <= level_4.count() / decided.count() <= 0.26
    # Of those, some end with no further action (the "NFA rate" of referrals).
    assert 0.05 <= level_4.filter(outcome=Contact.Outcome.NFA).count() / level_4.count() <= 0.2
    assert set(decided.values_list("level", flat=True)) == {1, 2, 3, 4}


@pytestmark_db
def test_schools_police_and_health_are_the_top_three_sources(demo: None) -> None:
    groups: Counter[str] = Counter()
    for row in northbridge_contacts().values("referral_source").annotate(n=Count("pk")):
        code = row["referral_source"]
        groups[code[0] if code[0] in "23" else code] += row["n"]  # 2x schools, 3x health
    assert {code for code, _ in groups.most_common(3)} == {"2", "6", "3"}


@pytestmark_db
def test_neglect_and_domestic_abuse_are_the_commonest_concerns(demo: None) -> None:
    counts = Counter(
        Concern.objects.filter(referral__partnership__slug="northbridge").values_list(
            "category", flat=True
        )
    )
    assert {category for category, _ in counts.most_common(2)} == {"neglect", "domestic_abuse"}
    referrals = Referral.objects.filter(partnership__slug="northbridge", status="submitted")
    exploitation = counts["cse"] + counts["cce"] + counts["missing"]
    assert 0.03 <= exploitation / referrals.count() <= 0.15


@pytestmark_db
def test_some_contacts_are_open_and_some_are_overdue(demo: None) -> None:
    open_contacts = northbridge_contacts().filter(status__in=Contact.OPEN)
    assert set(open_contacts.values_list("status", flat=True)) == set(Contact.OPEN)
    assert open_contacts.count() <= 80  # a queue, not a backlog
    assert open_contacts.filter(decision_due_at__lt=built()).exists()
    # Open contacts have not been decided; new ones are nobody's yet.
    assert not open_contacts.filter(decided_at__isnull=False, level__isnull=True).exists()
    assert not open_contacts.filter(status="new", assigned_to__isnull=False).exists()
    # Decided late, now and then.
    decided = list(
        northbridge_contacts().filter(status="decided").values_list("decided_at", "decision_due_at")
    )
    share_late = sum(1 for at, due in decided if at > due) / len(decided)
    assert 0.05 <= share_late <= 0.25


@pytestmark_db
def test_police_and_the_gp_have_overdue_requests_left_to_answer(demo: None) -> None:
    waiting = PartnerCheck.objects.filter(
        partnership__slug="northbridge",
        status=PartnerCheck.Status.REQUESTED,
        due_at__lt=built(),
    )
    agencies = set(waiting.values_list("agency__name", flat=True))
    assert {"Mercia Vale Police", "Canal Street Medical Practice"} <= agencies
    # Every open request is on a contact waiting for it.
    assert not waiting.exclude(contact__status=Contact.Status.AWAITING_CHECKS).exists()
    answered = PartnerCheck.objects.filter(status=PartnerCheck.Status.ANSWERED)
    rows = list(answered.values_list("responded_at", "due_at"))
    assert 0.75 <= sum(1 for at, due in rows if at is not None and at <= due) / len(rows) <= 0.95


@pytestmark_db
def test_nhs_numbers_are_valid_and_from_the_range_never_issued(demo: None) -> None:
    numbers = [
        *Contact.objects.exclude(nhs_number="").values_list("nhs_number", flat=True),
        *Child.objects.exclude(nhs_number="").values_list("nhs_number", flat=True),
    ]
    assert len(numbers) > 10_000
    assert all(nhs.is_valid(n) and n.startswith("999") for n in numbers)
    # One child, one number.
    assert (
        Child.objects.exclude(nhs_number="")
        .values("nhs_number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
        == 0
    )


@pytestmark_db
def test_repeat_contacts_within_twelve_months_are_flagged(demo: None) -> None:
    linked = list(
        northbridge_contacts()
        .filter(child__isnull=False)
        .order_by("child_id", "received_at")
        .values_list("child_id", "received_at", "is_repeat")
    )
    per_child = Counter(child for child, _, _ in linked)
    repeated = sum(1 for n in per_child.values() if n > 1) / len(per_child)
    assert 0.18 <= repeated <= 0.27
    previous: dict[int, datetime.datetime] = {}
    flagged = 0
    for child, received, is_repeat in linked:
        before = previous.get(child)
        assert is_repeat == (before is not None and received - before <= YEAR)
        flagged += is_repeat
        previous[child] = received
    assert flagged > 1_000


@pytestmark_db
def test_decisions_are_signed_off_by_the_manager_and_corrections_are_versions(
    demo: None,
) -> None:
    decisions = Decision.objects.filter(contact__partnership__slug="northbridge")
    assert set(decisions.values_list("recorded_by__email", flat=True)) == {MASH_PRACTITIONER}
    assert set(
        decisions.exclude(reviewed_by=None).values_list("reviewed_by__email", flat=True)
    ) == {MASH_MANAGER}
    decided = northbridge_contacts().filter(status=Contact.Status.DECIDED)
    signed = {
        d.contact_id: d
        for d in decisions.filter(state=Decision.State.SIGNED_OFF, contact__in=decided)
    }
    assert len(signed) == decided.count()
    for contact in decided.only("pk", "level", "outcome", "decided_at"):
        decision = signed[contact.pk]
        assert (decision.level, decision.outcome) == (contact.level, contact.outcome)
        assert decision.reviewed_at == contact.decided_at
    corrected = decisions.exclude(correction_reason="")
    assert corrected.exists()
    for decision in corrected:
        assert decision.version > 1
        assert decision.contact.decisions.filter(state=Decision.State.SUPERSEDED).exists()
    assert decisions.filter(state=Decision.State.RETURNED).exclude(manager_note="").exists()
    awaiting = northbridge_contacts().filter(status=Contact.Status.AWAITING_MANAGER)
    assert not awaiting.exclude(decisions__state=Decision.State.PROPOSED).exists()


@pytestmark_db
def test_dash_scores_are_spread_and_high_risk_goes_to_marac(demo: None) -> None:
    risks = RiskAssessment.objects.filter(referral__partnership__slug="northbridge")
    assert not risks.exclude(referral__concerns__category="domestic_abuse").exists()
    scores = list(risks.values_list("score", "band", "marac_referral"))
    assert min(s for s, _, _ in scores) <= 3
    assert max(s for s, _, _ in scores) >= 20
    for score, band, marac in scores:
        assert band == ("High" if score >= 14 else "Medium" if score >= 10 else "Standard")
        assert marac or score < 14
    assert risks.filter(professional_judgement=True, marac_referral=True).exists()


@pytestmark_db
def test_children_are_mixed_in_age_sex_and_ethnicity(demo: None) -> None:
    contacts = northbridge_contacts()
    assert contacts.filter(date_of_birth=None, expected_date_of_birth__isnull=False).count() > 50
    sexes = Counter(contacts.values_list("sex", flat=True))
    assert 0.4 <= sexes["F"] / contacts.count() <= 0.6
    ethnicity = Counter(contacts.values_list("ethnicity", flat=True))
    assert ethnicity.most_common(1)[0][0] == "WBRI"
    assert len(ethnicity) >= 15


@pytestmark_db
def test_reference_counters_carry_on_from_the_demo(demo: None) -> None:
    for partnership in Partnership.objects.all():
        references = Referral.objects.filter(
            partnership=partnership, reference__isnull=False
        ).values_list("reference", flat=True)
        highest: dict[int, int] = {}
        for reference in references:
            _prefix, made_in, number = str(reference).split("-")
            highest[int(made_in)] = max(highest.get(int(made_in), 0), int(number))
        counters = dict(
            ReferenceCounter.objects.filter(partnership=partnership).values_list("year", "last")
        )
        assert counters == highest
    northbridge = Partnership.objects.get(slug="northbridge")
    year = datetime.date.today().year
    counter = ReferenceCounter.objects.filter(partnership=northbridge, year=year).first()
    before = counter.last if counter else 0
    referral = sent_referral()
    assert referral.reference == f"NB-{year}-{before + 1:06d}"


@pytestmark_db
def test_the_named_referrer_has_drafts_and_invented_people_cannot_sign_in(demo: None) -> None:
    drafts = Referral.objects.filter(referrer__email=PRACTITIONER, status="draft")
    assert drafts.count() == 3
    invented = Person.objects.filter(referrals__partnership__slug="northbridge").exclude(
        email__in=[p.email for p in people.PEOPLE]
    )
    assert invented.distinct().count() >= 30
    for person in invented.distinct():
        assert not person.has_usable_password()
    assert not Membership.objects.filter(person__in=invented).exists()


@pytestmark_db
def test_building_again_changes_nothing(demo: None) -> None:
    def counts() -> dict[str, int]:
        models = (Referral, Contact, Child, Concern, HouseholdMember, PartnerCheck, Decision)
        found = {model.__name__: model.objects.count() for model in models}
        found["RiskAssessment"] = RiskAssessment.objects.count()
        found["Person"] = Person.objects.count()
        found["AuditEvent"] = AuditEvent.objects.count()
        found["counters"] = sum(ReferenceCounter.objects.values_list("last", flat=True))
        return found

    before = counts()
    build.build()
    assert counts() == before
    assert AuditEvent.objects.filter(verb=frontdoor.LOAD_VERB).count() == 2
    # On a later day too (another anchor): the demo keeps the anchor it was built with.
    build.build(anchor=built() + datetime.timedelta(days=3))
    assert counts() == before
    assert anchor.resolve() == built()


# --- the anchor: the day the demo is loaded ------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # A working day: its 14:00 once it has passed, else the working day before.
        ("2026-11-20 15:30", "2026-11-20"),
        ("2026-11-20 14:00", "2026-11-20"),
        ("2026-11-20 13:59", "2026-11-19"),
        # The weekend, and Monday morning: the Friday.
        ("2026-11-21 10:00", "2026-11-20"),
        ("2026-11-23 09:00", "2026-11-20"),
        # Christmas and Boxing Day (on a Saturday, so Monday 28th is the bank holiday).
        ("2026-12-29 09:00", "2026-12-24"),
        ("2026-12-29 16:00", "2026-12-29"),
        # Easter: Good Friday and Easter Monday.
        ("2027-03-29 18:00", "2027-03-25"),
    ],
)
def test_the_anchor_is_the_afternoon_of_the_latest_working_day(now: str, expected: str) -> None:
    moment = datetime.datetime.fromisoformat(now).replace(tzinfo=LONDON)
    found = anchor.anchor_for(moment)
    assert found == datetime.datetime.fromisoformat(f"{expected} 14:00").replace(tzinfo=LONDON)
    assert found <= moment


def test_an_anchor_held_for_the_process_is_used_when_none_is_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A test run that crosses 14:00 rebuilds the demo after a flush with the anchor it
    # started with, not a new one, so every part of the suite sees the same dates.
    monkeypatch.setattr(anchor, "recorded", lambda: None)
    monkeypatch.setattr(anchor, "_held", [])
    assert anchor.resolve() == anchor.anchor_for(datetime.datetime.now(LONDON))
    anchor.hold(anchor.STORY)
    assert anchor.resolve() == anchor.STORY
    assert anchor.resolve(JUNE) == JUNE


@pytestmark_db
def test_the_demo_is_built_up_to_the_day_it_is_loaded(demo: None) -> None:
    from django.utils import timezone

    now = timezone.now()
    assert now - datetime.timedelta(days=6) < built() <= now  # 5 at Christmas
    newest = northbridge_contacts().order_by("-received_at").first()
    assert newest is not None
    assert built() - datetime.timedelta(days=2) < newest.received_at < built()


@pytest.mark.parametrize("moment", [anchor.STORY, JUNE])
def test_at_the_anchor_most_open_contacts_are_not_yet_overdue(moment: datetime.datetime) -> None:
    open_contacts = [
        contact
        for plan in frontdoor.generate(anchor=moment)
        for contact in plan.contacts
        if contact.status != "decided"
    ]
    overdue = [c for c in open_contacts if c.decision_due_at < moment]
    assert 20 <= len(open_contacts) <= 80
    assert 0 < len(overdue) <= len(open_contacts) / 4
