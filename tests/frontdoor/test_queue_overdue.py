"""The MASH queue says how overdue a contact is, in words, in a red GOV.UK tag."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from masa.frontdoor.models import Contact
from masa.frontdoor.views.mash import overdue_by
from tests.frontdoor.factories import sent_contact
from tests.helpers import MASH_PRACTITIONER, signed_in

NOON = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("late", "words"),
    [
        (datetime.timedelta(seconds=20), "Overdue by less than a minute"),
        (datetime.timedelta(minutes=1), "Overdue by 1 minute"),
        (datetime.timedelta(minutes=59, seconds=59), "Overdue by 59 minutes"),
        (datetime.timedelta(hours=1), "Overdue by 1 hour"),
        (datetime.timedelta(hours=3, minutes=40), "Overdue by 3 hours"),
        (datetime.timedelta(hours=47, minutes=59), "Overdue by 47 hours"),
        (datetime.timedelta(days=2), "Overdue by 2 days"),
        (datetime.timedelta(days=16, hours=23), "Overdue by 16 days"),
    ],
)
def test_overdue_by_says_how_late_in_words(late: datetime.timedelta, words: str) -> None:
    assert overdue_by(NOON - late, NOON) == words


def test_a_contact_not_yet_due_or_decided_is_not_overdue() -> None:
    assert overdue_by(NOON, NOON) == ""
    assert overdue_by(NOON + datetime.timedelta(minutes=5), NOON) == ""
    assert overdue_by(None, NOON) == ""


@pytest.mark.django_db
def test_the_queue_shows_how_overdue_each_contact_is(demo: None) -> None:
    late = sent_contact()
    due = sent_contact()
    now = timezone.now()
    Contact.objects.filter(pk=late.pk).update(
        decision_due_at=now - datetime.timedelta(hours=3, minutes=10)
    )
    Contact.objects.filter(pk=due.pk).update(decision_due_at=now + datetime.timedelta(days=3))
    page = signed_in(MASH_PRACTITIONER).get(reverse("frontdoor:queue"), {"rag": "none"})
    html = page.content.decode()
    row = html[html.index(late.reference) :]
    row = row[: row.index("</tr>")]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue by 3 hours</strong>' in row
    row = html[html.index(due.reference) :]
    row = row[: row.index("</tr>")]
    assert "Overdue" not in row
    assert '<strong class="govuk-tag govuk-tag--blue">Due</strong>' in row
