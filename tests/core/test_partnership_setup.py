"""A partnership made in the admin starts with what each capability gives it: insight's
indicator catalogue (agency returns owned by its agencies) and the starter case review
themes, audited. `manage.py partnership_setup` does the same for older partnerships,
and adds nothing twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from masa.core.models import Agency, AuditEvent, Partnership
from masa.insight.models import Indicator, Priority
from masa.reviews.models import Theme
from masa.reviews.themes import STARTER_THEMES
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _add_in_admin(police: Agency) -> Partnership:
    h.admin_add(
        "core/partnership",
        {
            "name": "Eastfield Safeguarding Children Partnership",
            "area": "Eastfield",
            "code": "",
            "slug": "eastfield",
            "partnershipagency_set-0-agency": str(police.pk),
            "partnershipagency_set-0-statutory_partner": "on",
        },
        {"partnershipagency_set": 1, "child_populations": 0},
    )
    return Partnership.objects.get(slug="eastfield")


def test_a_partnership_added_in_the_admin_gets_the_catalogue_and_themes() -> None:
    police = Agency.objects.get(name="Mercia Vale Police")
    eastfield = _add_in_admin(police)

    northbridge = Partnership.objects.get(slug="northbridge")
    indicators = Indicator.objects.filter(partnership=eastfield)
    assert indicators.count() >= 100
    assert Priority.objects.filter(partnership=eastfield).exists()
    # The police's agency return indicators are owned by the police, the one agency here;
    # the other kinds have no agency in Eastfield yet.
    police_kind = indicators.filter(agency_kind=police.kind)
    assert police_kind.exists()
    assert set(police_kind.values_list("agency", flat=True)) == {police.pk}
    assert not indicators.exclude(agency_kind=police.kind).exclude(agency=None).exists()
    assert set(Theme.objects.filter(partnership=eastfield).values_list("name", flat=True)) == {
        name for name, _ in STARTER_THEMES
    }
    # Northbridge is untouched.
    assert Indicator.objects.filter(partnership=northbridge).count() == indicators.count()

    actor = h.person(h.SYSADMIN)
    verbs = set(
        AuditEvent.objects.filter(partnership=eastfield, actor=actor).values_list("verb", flat=True)
    )
    assert "review_theme.defaults" in verbs
    assert any(verb.startswith("indicator") or "catalogue" in verb for verb in verbs), verbs


def test_the_command_sets_up_older_partnerships_once() -> None:
    bare = Partnership.objects.create(name="Westmere Partnership", area="Westmere", slug="westmere")
    out = StringIO()
    call_command("partnership_setup", "westmere", stdout=out)
    assert "starter indicators added" in out.getvalue()
    assert "starter review themes added" in out.getvalue()
    counts = (
        Indicator.objects.filter(partnership=bare).count(),
        Theme.objects.filter(partnership=bare).count(),
    )
    assert counts[0] > 0
    assert counts[1] == len(STARTER_THEMES)

    again = StringIO()
    call_command("partnership_setup", stdout=again)
    assert "Westmere Partnership: nothing missing." in again.getvalue()
    assert "Northbridge" in again.getvalue()
    assert (
        Indicator.objects.filter(partnership=bare).count(),
        Theme.objects.filter(partnership=bare).count(),
    ) == counts


def test_the_command_names_an_unknown_partnership() -> None:
    with pytest.raises(CommandError, match="No partnership nowhere"):
        call_command("partnership_setup", "nowhere")
