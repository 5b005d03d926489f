"""What the MASH sees: the DASH answers on a contact, and where a referred child differs
from a known child's record on the matching page; the DASH score once it is complete."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from masa.frontdoor import emarf, matching
from masa.frontdoor.models import Child, Referral
from tests.frontdoor.factories import child_answers, dash, sent_referral
from tests.frontdoor.test_mash import client_in
from tests.helpers import MASH_PRACTITIONER, PRACTITIONER, signed_in

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_mash_sees_each_dash_answer_in_order(demo: None) -> None:
    contact = sent_referral(categories=("domestic_abuse",), risk=dash(13)).contacts.get()
    page = client_in(MASH_PRACTITIONER).get(reverse("frontdoor:contact", args=[contact.pk]))
    text = text_of(page.content.decode())
    assert "DASH answers" in text
    assert "13. Has the abuser ever used a weapon or object to hurt the victim? Yes" in text
    assert "14. Has the abuser ever threatened to kill the victim" in text
    assert "did the victim believe it? No" in text
    numbers = [int(n) for n in re.findall(r"(\d+)\. (?:Has|Is|Does|Are|In the past)", text)]
    assert numbers == list(range(1, 25))


def test_the_matching_page_says_where_the_record_differs(demo: None) -> None:
    contact = sent_referral(
        children=(
            child_answers(
                first_names="Harriet",
                last_name="Differson",
                date_of_birth=datetime.date(2016, 7, 3),
                address="1 Test Street, Northbridge",
                postcode="NB1 2AB",
                nhs_number="",
            ),
        )
    ).contacts.get()
    Child.objects.create(
        partnership=contact.partnership,
        first_names="Harriet",
        last_name="Differson",
        sound_key=matching.sound_key("Differson"),
        date_of_birth=datetime.date(2016, 3, 7),
        address="9 Other Road, Northbridge",
        postcode="NB1 2AB",
    )
    page = client_in(MASH_PRACTITIONER).get(reverse("frontdoor:contact-link", args=[contact.pk]))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "Not the same as the referral:" in text
    assert "Date of birth Record: 7 March 2016. Referral: 3 July 2016." in text
    assert (
        "Address Record: 9 Other Road, Northbridge. Referral: 1 Test Street, Northbridge." in text
    )
    assert "Postcode Record" not in text


def test_differences_ignore_case_spacing_and_punctuation() -> None:
    referred = matching.Person("Amy", "Smith", datetime.date(2016, 1, 2), "nb12ab")
    known = matching.Person("AMY", "smith", datetime.date(2016, 1, 2), "NB1 2AB")
    assert matching.differences(referred, "1 High St,  Town", known, "1 high st town") == []
    moved = matching.differences(referred, "2 Low Road", known, "")
    assert [(d.what, d.record, d.referred) for d in moved] == [
        ("Address", "not recorded", "2 Low Road")
    ]


def test_a_finished_dash_shows_its_score_not_a_score_so_far(demo: None) -> None:
    checklist = emarf.dash_checklist()
    every = {f"q_{n}": "yes" if n <= 5 else "no" for n in range(1, 25)}
    assert emarf.dash_result(every, checklist).complete
    assert not emarf.dash_result({"q_1": "yes"}, checklist).complete
    client = signed_in(PRACTITIONER)
    client.post(reverse("frontdoor:referral-new"))
    referral = Referral.objects.filter(referrer__email=PRACTITIONER).latest("pk")
    referral.draft = {
        "concern": {"categories": ["domestic_abuse"]},
        "dash": {**every, "professional_judgement": "no", "judgement_reason": ""},
    }
    referral.save()
    finished = text_of(client.get(reverse("frontdoor:dash", args=[referral.pk])).content.decode())
    assert "Score: 5 ‘yes’ answers (all 24 questions answered)" in finished
    assert "Score so far" not in finished
    referral.draft["dash"] = {"q_1": "yes"}
    referral.save()
    partial = text_of(client.get(reverse("frontdoor:dash", args=[referral.pk])).content.decode())
    assert "Score so far: 1 ‘yes’ answer (1 of the 24 questions answered)" in partial
