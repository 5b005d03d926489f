"""Only agencies that do the work are offered: the MASH asks agencies that answer
partner checks, and the training needs survey chases agencies that train with the
partnership (not the independent scrutineer)."""

from __future__ import annotations

import pytest

from masa.core.models import Agency, PartnershipAgency
from masa.frontdoor.models import Contact, PartnerCheck
from masa.learning.models import NeedsSurvey
from masa.learning.reports import needs_summary
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

SCRUTINY = "Independent Scrutiny (Northbridge)"


def test_the_scrutineer_is_not_asked_for_partner_checks() -> None:
    part = PartnershipAgency.objects.get(agency__name=SCRUTINY)
    assert not part.answers_partner_checks
    assert not part.takes_part_in_training
    contact = Contact.objects.filter(partnership__slug="northbridge", status="new").first()
    assert contact is not None
    client = h.signed_in(h.MASH_PRACTITIONER)
    page = client.get(f"/mash/contacts/{contact.pk}/checks/new/").content.decode()
    assert "Canal Street Medical Practice" in page
    assert "Independent Scrutiny" not in page
    scrutiny = Agency.objects.get(name=SCRUTINY)
    refused = client.post(
        f"/mash/contacts/{contact.pk}/checks/new/",
        {"agency": scrutiny.pk, "question": "Anything known?"},
    )
    assert refused.status_code == 400
    assert not PartnerCheck.objects.filter(contact=contact, agency=scrutiny).exists()


def test_the_training_needs_survey_does_not_chase_the_scrutineer() -> None:
    survey = NeedsSurvey.objects.filter(partnership__slug="northbridge").latest("year")
    summary = needs_summary(survey)
    assert SCRUTINY not in summary.missing
    # An agency that trains with the partnership and has not answered is still chased.
    PartnershipAgency.objects.filter(agency__name=SCRUTINY).update(takes_part_in_training=True)
    assert SCRUTINY in needs_summary(survey).missing
