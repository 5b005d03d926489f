"""Escalation pages through real forms: raising one, a name refused as a case reference
with the error summary, the response and the figures page with its tables."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from masa.governance.models_risks import Escalation
from tests import helpers as h
from tests.governance import risk_factories as f

pytestmark = pytest.mark.usefixtures("demo")


def _raise(**changes: str) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "kind": "case",
        "about_agency": str(f.agency(f.POLICE).pk),
        "concern": "Zq: no strategy discussion after the second contact",
        "case_reference": "Child M",
        "raised_with": "Duty sergeant, MASH",
        "raised_on_day": str(today.day),
        "raised_on_month": str(today.month),
        "raised_on_year": str(today.year),
    }
    data.update(changes)
    return data


def test_a_practitioner_raises_an_escalation_through_the_form() -> None:
    response = h.signed_in(h.PRACTITIONER).post("/governance/escalations/new/", _raise())
    assert response.status_code == 302
    escalation = Escalation.objects.get(concern__startswith="Zq: no strategy")
    assert response["Location"] == f"/governance/escalations/{escalation.pk}/"
    page = h.signed_in(h.PRACTITIONER).get(response["Location"]).content.decode()
    assert "Child M" in page
    assert "Practitioner to practitioner" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"case_reference": "Jane Smith"}, "never the child&#x27;s name"),
        ({"about_agency": "999999"}, "Select an agency of the partnership"),
        ({"kind": "other"}, "Select one of the options"),
        ({"raised_on_month": "13"}, "must be a real date"),
        ({"concern": ""}, "Describe the concern"),
    ],
)
def test_bad_input_is_answered_with_the_error_summary(
    changes: dict[str, str], message: str
) -> None:
    response = h.signed_in(h.PRACTITIONER).post("/governance/escalations/new/", _raise(**changes))
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert message in text
    assert not Escalation.objects.filter(concern__startswith="Zq: no strategy").exists()


def test_the_police_record_their_response_and_the_figures_show_tables() -> None:
    escalation = f.escalation()
    today = timezone.localdate()
    response = h.signed_in(h.POLICE_BOTH).post(
        f"/governance/escalations/{escalation.pk}/respond/",
        {
            "response": "Zq: strategy discussion booked",
            "responded_on_day": str(today.day),
            "responded_on_month": str(today.month),
            "responded_on_year": str(today.year),
        },
    )
    assert response.status_code == 302
    assert escalation.steps.get().response == "Zq: strategy discussion booked"
    figures = h.signed_in(h.EXECUTIVE).get("/governance/escalations/figures/?year=abc")
    text = figures.content.decode()
    assert figures.status_code == 200
    assert "Escalations raised and received by agency" in text
    assert "<svg" in text
    assert "Zq: strategy discussion booked" not in text  # counts only
