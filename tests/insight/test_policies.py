"""Insight's policies, asked directly: reference data reached at the aggregate scope of
the dashboards but only in the person's own partnership, the agencies a person makes
returns for, the census seen only partnership-wide, and the page abilities."""

from __future__ import annotations

import pytest
from django.http import Http404

from masa.insight import policies
from tests import helpers as h
from tests.insight import factories as f
from tests.insight.test_cin_census_pages import census
from tests.plan import factories as plan_f

pytestmark = pytest.mark.usefixtures("demo")


def test_dashboards_reach_the_partnership_s_own_indicators_at_the_aggregate_scope() -> None:
    northbridge = f.indicator(code="zq.policy", name="Zq Northbridge")
    southmoor = f.indicator("southmoor", code="zq.policy", name="Zq Southmoor")
    lead = h.acting(h.DATA_LEAD)  # dashboard.view is aggregate only
    assert policies.dashboards.can(lead, "view", northbridge)
    assert not policies.dashboards.can(lead, "view", southmoor)
    assert policies.dashboards.find_or_404(lead, "view", code="zq.policy") == northbridge
    in_southmoor = h.acting(h.SOUTHMOOR_MANAGER, "southmoor")
    assert policies.dashboards.find_or_404(in_southmoor, "view", code="zq.policy") == southmoor
    practitioner = h.acting(h.PRACTITIONER)
    assert not policies.dashboards.can(practitioner, "view")
    with pytest.raises(Http404):
        policies.dashboards.find_or_404(practitioner, "view", code="zq.policy")


def test_priorities_are_found_by_slug_in_the_partnership_only() -> None:
    plan_f.priority("southmoor", name="Zq SM", slug="zq-sm")
    with pytest.raises(Http404):
        policies.priorities.find_or_404(h.acting(h.BUSINESS_MANAGER), "view", slug="zq-sm")
    found = policies.priorities.find_or_404(
        h.acting(h.SOUTHMOOR_MANAGER, "southmoor"), "view", slug="zq-sm"
    )
    assert found.name == "Zq SM"


def test_the_catalogue_is_read_with_figures_or_returns_and_changed_by_managers() -> None:
    assert policies.catalogue.can(h.acting(h.DATA_LEAD), "read_catalogue")
    assert policies.catalogue.can(h.acting(h.EXECUTIVE), "read_catalogue")
    assert not policies.catalogue.can(h.acting(h.PRACTITIONER), "read_catalogue")
    assert policies.returns.can(h.acting(h.BUSINESS_MANAGER), "manage")
    assert not policies.returns.can(h.acting(h.DATA_LEAD), "manage")


def test_a_data_lead_makes_returns_for_their_own_agency_only() -> None:
    lead = h.acting(h.DATA_LEAD)
    assert list(policies.returning_agencies.visible(lead, "submit")) == [lead.agency]
    assert list(policies.returning_agencies.visible(lead, "view")) == [lead.agency]
    assert not policies.returns.can(lead, "see_every_agency")
    officer = h.acting(h.BUSINESS_UNIT_OFFICER)
    assert not policies.returning_agencies.visible(officer, "submit").exists()
    assert policies.returns.can(officer, "see_every_agency")
    assert not policies.returns.can(officer, "remind")
    assert policies.returns.can(h.acting(h.BUSINESS_MANAGER), "remind")


def test_the_census_is_seen_partnership_wide_and_imported_by_the_manager() -> None:
    nb = census("northbridge")
    sm = census("southmoor")
    lead, executive, manager = (
        h.acting(h.DATA_LEAD),
        h.acting(h.EXECUTIVE),
        h.acting(h.BUSINESS_MANAGER),
    )
    assert not policies.censuses.can(lead, "see_censuses")
    assert not policies.censuses.visible(lead, "view").exists()
    assert policies.censuses.can(executive, "see_censuses")
    assert not policies.censuses.can(executive, "import")
    assert policies.censuses.can(manager, "import")
    assert set(policies.censuses.visible(manager, "view")) >= {nb}
    assert sm not in set(policies.censuses.visible(manager, "view"))
    with pytest.raises(Http404):
        policies.censuses.get_or_404(manager, "view", sm.pk)
