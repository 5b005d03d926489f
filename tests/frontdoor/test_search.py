"""Finding things: information requests newest first and searchable, and the MASH queue
searchable by a child's name or a reference (the search is audited)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from masa.core.models import Agency, AuditEvent
from masa.frontdoor import selectors, services
from masa.frontdoor.models import Contact, PartnerCheck
from tests.frontdoor.factories import child_answers, sent_referral
from tests.frontdoor.test_mash import actor, client_in
from tests.helpers import MASH_PRACTITIONER, POLICE_BOTH

pytestmark = pytest.mark.django_db

QUEUE = reverse("frontdoor:queue")
CHECKS = reverse("frontdoor:checks")


def contact_about(first: str, last: str) -> Contact:
    referral = sent_referral(children=(child_answers(first_names=first, last_name=last),))
    return referral.contacts.get()


def police() -> Agency:
    return Agency.objects.get(name="Mercia Vale Police")


def test_information_requests_list_open_first_then_newest_first(demo: None) -> None:
    ben, maya = actor(MASH_PRACTITIONER), actor(POLICE_BOTH)
    older = services.partner_check_request(
        acting=ben, contact=contact_about("Ada", "Olderton"), agency=police(), question="Q"
    )
    newer = services.partner_check_request(
        acting=ben, contact=contact_about("Bea", "Newerton"), agency=police(), question="Q"
    )
    PartnerCheck.objects.filter(pk=older.pk).update(
        requested_at=older.requested_at.replace(year=2025)
    )
    for check in (older, newer):
        services.partner_check_respond(acting=maya, check=check, response="Nothing known")
    listed = list(selectors.checks_for_my_agency(maya))
    statuses = [check.status for check in listed]
    first_closed = statuses.index(PartnerCheck.Status.ANSWERED)
    assert all(s == PartnerCheck.Status.REQUESTED for s in statuses[:first_closed])
    assert all(s != PartnerCheck.Status.REQUESTED for s in statuses[first_closed:])
    open_due = [check.due_at for check in listed[:first_closed]]
    assert open_due == sorted(open_due)
    closed = [check.requested_at for check in listed[first_closed:]]
    assert closed == sorted(closed, reverse=True)
    assert listed.index(newer) < listed.index(older)


def test_information_requests_can_be_searched_by_name_or_reference(demo: None) -> None:
    ben = actor(MASH_PRACTITIONER)
    wanted = contact_about("Zephyrine", "Quillfeather")
    other = contact_about("Otto", "Elsewhere")
    for contact in (wanted, other):
        services.partner_check_request(acting=ben, contact=contact, agency=police(), question="Q")
    maya = client_in(POLICE_BOTH)
    for words in ("quillfeather zephyrine", wanted.reference):
        page = maya.get(CHECKS, {"q": words})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Zephyrine Quillfeather" in html
        assert "Otto Elsewhere" not in html
        assert "1 request matching" in html
    too_long = maya.get(CHECKS, {"q": "x" * 101})
    assert too_long.status_code == 400
    assert "Search must be 100 characters or fewer" in too_long.content.decode()


def test_the_mash_queue_can_be_searched_and_the_search_is_audited(demo: None) -> None:
    wanted = contact_about("Zephyrine", "Quillfeather")
    other = contact_about("Otto", "Elsewhere")
    ben = client_in(MASH_PRACTITIONER)
    page = ben.get(QUEUE, {"q": "Quillfeather", "tab": "new"})
    assert page.status_code == 200
    html = page.content.decode()
    assert wanted.reference in html
    assert other.reference not in html
    # The tabs keep the search; the form keeps the tab.
    assert "q=Quillfeather" in html
    assert 'name="tab" value="new"' in html
    event = AuditEvent.objects.filter(verb="contact.search").latest("pk")
    assert event.changes["shown"] == [wanted.reference]
    assert "Quillfeather" not in str(event.changes) + event.target_label
    # By reference, from any tab's search.
    by_reference = ben.get(QUEUE, {"q": wanted.reference}).content.decode()
    assert "Zephyrine Quillfeather" in by_reference
    assert "Otto Elsewhere" not in by_reference
    # No search, no search event.
    before = AuditEvent.objects.filter(verb="contact.search").count()
    ben.get(QUEUE)
    assert AuditEvent.objects.filter(verb="contact.search").count() == before


def test_a_search_keeps_its_words_across_pages(demo: None) -> None:
    for n in range(51):
        sent_referral(children=(child_answers(first_names="Pagina", last_name=f"Manyfold{n}"),))
    ben = client_in(MASH_PRACTITIONER)
    first = ben.get(QUEUE, {"q": "Manyfold"}).content.decode()
    assert "51 contacts" in first
    assert "q=Manyfold" in first
    following = re.search(r'href="\?([^"]*after=\d+)" rel="next"', first)
    assert following is not None  # the next page keeps the search (keyset paging)
    assert "q=Manyfold" in following.group(1)
    second = ben.get(f"{QUEUE}?{html.unescape(following.group(1))}").content.decode()
    assert second.count("Pagina Manyfold") == 1
