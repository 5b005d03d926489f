"""eMARF drafts stay bounded: no blank entries, each answer kept at its field's limit,
and a cap on the drafts one person keeps open."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from masa.core.errors import ServiceError
from masa.frontdoor import emarf, services
from masa.frontdoor.models import Referral
from tests import helpers as h
from tests.helpers import PRACTITIONER, person, signed_in

pytestmark = pytest.mark.django_db


def url(name: str, pk: int, *args: Any) -> str:
    return reverse(f"frontdoor:{name}", args=[pk, *args])


def start(client: Any) -> int:
    response = client.post(reverse("frontdoor:referral-new"))
    assert response.status_code == 302
    return Referral.objects.filter(referrer=person(PRACTITIONER)).latest("pk").pk


def test_an_empty_add_a_person_saves_nothing_and_says_what_is_needed(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    response = client.post(url("household-add", pk), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select who this person is" in page
    assert "Enter the person&#x27;s name" in page or "Enter the person's name" in page
    assert "household" not in Referral.objects.get(pk=pk).draft
    listing = client.get(url("household", pk)).content.decode()
    assert "Incomplete" not in listing
    # The same for an empty child.
    assert client.post(url("child-add", pk), {}).status_code == 400
    assert "children" not in Referral.objects.get(pk=pk).draft


def test_the_service_refuses_an_empty_new_entry(demo: None) -> None:
    who = h.acting(PRACTITIONER)
    referral = services.referral_start(acting=who)
    blank = emarf.HouseholdForm().stored({})
    with pytest.raises(ServiceError):
        services.referral_save_item(
            acting=who, referral=referral, section="household", index=None, answers=blank
        )
    assert "household" not in Referral.objects.get(pk=referral.pk).draft


def test_a_draft_keeps_each_answer_at_its_fields_limit(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    pk = start(client)
    huge = "x" * 200_000
    response = client.post(
        url("concern", pk),
        {"what_happened": huge, "impact": huge, "categories": ["neglect"] * 500, "q": huge},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "must be 10,000 characters or fewer" in page
    saved = Referral.objects.get(pk=pk).draft["concern"]
    assert len(saved["what_happened"]) == emarf.NARRATIVE_MAX
    assert saved["what_happened"] == "x" * emarf.NARRATIVE_MAX
    assert len(saved["categories"]) <= len(emarf.ConcernForm.base_fields["categories"].choices)  # type: ignore[attr-defined]
    assert "q" not in saved
    response = client.post(url("household-add", pk), {"name": huge, "relationship": huge})
    assert response.status_code == 400
    (member,) = Referral.objects.get(pk=pk).draft["household"]
    assert len(member["name"]) == emarf.SHORT_MAX
    assert len(member["relationship"]) == emarf.CHOICE_MAX
    assert len(str(Referral.objects.get(pk=pk).draft)) < 30_000


def test_a_person_may_keep_a_limited_number_of_drafts(demo: None) -> None:
    who = h.acting(PRACTITIONER)
    have = Referral.objects.filter(referrer=who.person, status=Referral.Status.DRAFT).count()
    for _ in range(services.MAX_OPEN_DRAFTS - have):
        services.referral_start(acting=who)
    client = signed_in(PRACTITIONER)
    page = client.get(reverse("frontdoor:referral-new")).content.decode()
    assert f"You have {services.MAX_OPEN_DRAFTS} draft referrals" in page
    response = client.post(reverse("frontdoor:referral-new"))
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert (
        Referral.objects.filter(referrer=who.person, status=Referral.Status.DRAFT).count()
        == services.MAX_OPEN_DRAFTS
    )
    # Deleting one makes room again.
    oldest = Referral.objects.filter(referrer=who.person, status=Referral.Status.DRAFT).earliest(
        "pk"
    )
    services.referral_delete_draft(acting=who, referral=oldest)
    assert client.post(reverse("frontdoor:referral-new")).status_code == 302
