"""The outcomes allowed at each level of need: partnership data with a sound default,
refused by the decision form and the service when they contradict the level, and
counted in the figures by what was decided."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from masa.core import services as core_services
from masa.core.errors import ServiceError
from masa.core.models import AuditEvent, Partnership
from masa.frontdoor import figures as fig
from masa.frontdoor import selectors, services, thresholds
from masa.frontdoor.models import Contact, Decision, LevelOutcome
from tests import helpers as h
from tests.frontdoor.factories import referral_answers, sent_contact
from tests.frontdoor.test_mash import actor, client_in
from tests.helpers import MASH_MANAGER, MASH_PRACTITIONER, PRACTITIONER

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def decide(contact: Contact, level: int, outcome: str) -> Decision:
    return services.contact_decide(
        acting=actor(MASH_PRACTITIONER),
        contact=contact,
        level=level,
        outcome=outcome,
        descriptor=f"{level}.1",
        rationale="Reasons",
        referrer_feedback="Feedback",
    )


def test_the_service_refuses_a_strategy_discussion_at_level_1(demo: None) -> None:
    contact = sent_contact()
    with pytest.raises(ServiceError) as refused:
        decide(contact, 1, Contact.Outcome.STRATEGY)
    assert refused.value.field == "outcome"
    assert "level 1" in str(refused.value)
    assert "Strategy discussion and section 47 enquiry" in str(refused.value)
    assert not contact.decisions.exists()
    # What fits the level is still accepted.
    assert decide(contact, 4, Contact.Outcome.STRATEGY).level == 4


def test_the_decision_form_names_the_level_and_the_outcome(demo: None) -> None:
    contact = sent_contact()
    page = client_in(MASH_PRACTITIONER).post(
        reverse("frontdoor:contact-decide", args=[contact.pk]),
        {
            "level": "1",
            "descriptor": "1.1",
            "outcome": "strategy",
            "rationale": "Reasons",
            "referrer_feedback": "Feedback",
        },
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "govuk-error-summary" in html
    message = (
        "‘Strategy discussion and section 47 enquiry’ is not an outcome for level 1 "
        "(universal). At level 1, choose ‘No further action, with advice’ or "
        "‘Universal services or signposting’"
    )
    assert html.count(message) >= 2, html  # in the error summary and by the field
    assert not contact.decisions.exists()


def test_the_allowed_outcomes_are_the_partnerships_to_change(demo: None) -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    assert selectors.outcomes_by_level(northbridge.pk) == thresholds.DEFAULT_OUTCOMES
    contact = sent_contact()
    with pytest.raises(ServiceError):
        decide(contact, 3, Contact.Outcome.ASSESSMENT)
    LevelOutcome.objects.create(partnership=northbridge, level=3, outcome="assessment")
    assert decide(contact, 3, Contact.Outcome.ASSESSMENT).outcome == "assessment"
    # Southmoor keeps its own table.
    southmoor = Partnership.objects.get(slug="southmoor")
    assert "assessment" not in selectors.outcomes_by_level(southmoor.pk)[3]


def test_a_new_partnership_is_given_the_default_outcomes(demo: None) -> None:
    made = Partnership.objects.create(name="Eastvale", slug="eastvale", area="Eastvale")
    assert not LevelOutcome.objects.filter(partnership=made).exists()
    said = core_services.partnership_set_up(actor=None, partnership=made)
    assert any("outcomes allowed at each level" in line for line in said)
    rows = set(LevelOutcome.objects.filter(partnership=made).values_list("level", "outcome"))
    assert rows == {
        (level, outcome)
        for level, outcomes in thresholds.DEFAULT_OUTCOMES.items()
        for outcome in outcomes
    }
    assert AuditEvent.objects.filter(verb="level_outcome.defaults").exists()
    # Again: nothing more.
    core_services.partnership_set_up(actor=None, partnership=made)
    assert LevelOutcome.objects.filter(partnership=made).count() == len(rows)


def test_the_demo_has_no_contradictory_decisions(demo: None) -> None:
    decisions = Decision.objects.select_related("contact")
    assert decisions.exists()
    for decision in decisions:
        allowed = selectors.outcomes_by_level(decision.contact.partnership_id)
        assert decision.outcome in allowed[decision.level], (
            decision.contact.reference,
            decision.level,
            decision.outcome,
        )


def test_figures_count_a_referral_by_what_was_decided(demo: None) -> None:
    """A decision recorded before the check, at level 1 with a strategy discussion, is
    still a referral to social care in the figures (it used to vanish)."""
    who = h.acting(PRACTITIONER)
    received = datetime.datetime(2095, 5, 1, 10, tzinfo=LONDON)
    made = []
    for _ in range(2):
        referral = services.referral_start(acting=who)
        referral = services.referral_submit(
            acting=who, referral=referral, answers=referral_answers(), now=received
        )
        made.append(referral.contacts.get())
    for contact in made:
        decide(contact, 4, Contact.Outcome.STRATEGY)
        services.contact_sign_off(acting=actor(MASH_MANAGER), contact=contact, approve=True)
    # As the contradictory decision was stored before the form refused it.
    Contact.objects.filter(pk=made[0].pk).update(level=1)
    counts = fig.count_figures(who.partnership, 2095)
    assert counts.total("decided") == 2
    assert counts.total("referrals") == 2
