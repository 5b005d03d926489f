"""Every registered audit verb reads well in the audit log: its label, each field's
label and each value show, and no entry shows an empty value ("level: →").

The verbs are read from the catalogue (`audit.VERBS`) when the test runs, after every
app's `ready()` (and the admin's reference data), so a verb an app registers later is
covered without changing this test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from django.urls import get_resolver
from django.utils.html import escape

from masa.core import audit
from masa.core.acting import Acting
from masa.core.models import Membership, Person
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

AUDITOR = "zq.auditor@example.invalid"
# A change verb that declares no fields takes its form's fields: one stands for them.
ANY_FIELD = "zq_field"


def _reader() -> Acting:
    """A person whose events are the only ones the filtered page shows: the business
    manager reads them in Northbridge's log."""
    manager = h.membership(h.BUSINESS_MANAGER)
    person = Person.objects.create_user(AUDITOR, None, full_name="Zq Auditor")
    membership = Membership.objects.create(
        person=person, partnership=manager.partnership, agency=manager.agency
    )
    return Acting(person, membership)


def _payload(verb: audit.Verb, number: int) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A sample payload in the verb's shape, and the (label, value) pairs it should show."""
    fields = dict(verb.fields) or {ANY_FIELD: ""}
    payload: dict[str, Any] = {}
    shown: list[tuple[str, str]] = []
    for index, name in enumerate(sorted(fields)):
        value = f"Zq{number}x{index}"
        label = verb.field_label(name)
        if verb.kind == audit.Kind.CHANGE:
            payload[name] = {"old": f"{value}old", "new": f"{value}new"}
            shown += [(label, f"{value}old"), (label, f"{value}new")]
        else:
            payload[name] = value
            shown.append((label, value))
    return payload, shown


def _audit_pages(person: str) -> str:
    client = h.signed_in(h.BUSINESS_MANAGER)
    html, number = "", 1
    while True:
        response = client.get("/audit/", {"person": person, "page": str(number)})
        assert response.status_code == 200
        html += response.content.decode()
        if not response.context["page"].has_next():
            return html
        number += 1


def test_the_audit_page_shows_every_registered_verb_with_its_labels_and_values() -> None:
    get_resolver().url_patterns  # the admin registers its reference data's verbs  # noqa: B018
    reader = _reader()
    verbs = sorted(audit.VERBS.values(), key=lambda verb: verb.name)
    assert len(verbs) >= 20
    expected: dict[str, list[tuple[str, str]]] = {}
    with transaction.atomic():
        for number, verb in enumerate(verbs):
            payload, shown = _payload(verb, number)
            audit.record(reader, verb.name, changes=payload)
            expected[verb.name] = shown
    html = _audit_pages("zq.auditor")
    missing = []
    for verb in verbs:
        if escape(verb.label) not in html:
            missing.append(f"{verb.name}: label {verb.label!r}")
        for label, value in expected[verb.name]:
            if f"<strong>{escape(label)}</strong>" not in html or value not in html:
                missing.append(f"{verb.name}: {label} = {value}")
    assert missing == []
    empty = re.findall(r"<li><strong>[^<]*</strong>:(?:\s*→)?\s*</li>|→\s*</li>", html)
    assert empty == []


def test_a_value_recorded_as_none_shows_as_none() -> None:
    audit.register("zq.noted", "Noted a test", audit.Kind.EVENT, {"level": "Level of need"})
    audit.register("zq.changed", "Changed a test", audit.Kind.CHANGE, {"owner": "Owner"})
    reader = _reader()
    with transaction.atomic():
        audit.record(reader, "zq.noted", changes={"level": None})
        audit.record(reader, "zq.changed", changes={"owner": {"old": None, "new": "Zq Team"}})
    html = _audit_pages("zq.auditor")
    assert "<strong>Level of need</strong>: (none)</li>" in html
    assert "<strong>Owner</strong>: (none) → Zq Team</li>" in html


def test_the_admin_shows_what_happened_and_the_changes_in_words() -> None:
    reader = h.acting(h.BUSINESS_MANAGER)
    with transaction.atomic():
        event = audit.record(
            reader,
            "child_population.set",
            reader.partnership,
            {"children": {"old": 65_120, "new": 65_500}},
        )
    client = h.signed_in(h.SYSADMIN)
    listing = client.get("/admin/core/auditevent/", {"verb": "child_population.set"})
    assert "Set the child population" in listing.content.decode()
    page = client.get(f"/admin/core/auditevent/{event.pk}/change/").content.decode()
    assert "Set the child population" in page
    assert "Children aged 0 to 17: 65120 → 65500" in page
