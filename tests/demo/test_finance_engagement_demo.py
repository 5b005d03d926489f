"""The demo's money and engagement log: three years of budget against actual (the
earliest exactly seed 001 appendix 2), contributions, reserves and in-kind gifts, about
thirty engagement entries; building again changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from masa.core.figures import financial_year_of
from masa.core.models import AuditEvent, Partnership
from masa.demo.build import build
from masa.engagement.models import EngagementFile, Entry
from masa.finance import selectors
from masa.finance.models import BudgetLine, Contribution
from tests.demo.test_learning_demo import built

pytestmark = pytest.mark.usefixtures("demo")


def test_three_years_of_money_one_shaped_like_seed_001() -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    first = financial_year_of(built().date()) - 3
    years = sorted(
        set(BudgetLine.objects.filter(partnership=northbridge).values_list("year", flat=True))
    )
    assert years == [first, first + 1, first + 2]
    seed = selectors.build_summary(northbridge, first)
    assert seed.net_position.budget == Decimal("223050")
    assert seed.net_position.actual == Decimal("223216")
    assert seed.contributions_total == Decimal("372097")
    assert seed.reserve_brought_forward == Decimal("299427")
    later = selectors.build_summary(northbridge, first + 2)
    assert (
        later.reserve_brought_forward
        == selectors.build_summary(northbridge, first + 1).reserve_carried_forward
    )
    assert later.in_kind
    assert all(c.agreed_on for c in Contribution.objects.filter(partnership=northbridge))


def test_about_thirty_engagement_entries_with_results_and_no_names() -> None:
    entries = Entry.objects.filter(partnership__slug="northbridge")
    assert 25 <= entries.count() <= 35
    assert entries.exclude(changed="").count() >= 20
    assert EngagementFile.objects.filter(entry__in=entries).count() >= 5
    assert len(set(entries.values_list("group", flat=True))) == 7
    assert len(set(entries.values_list("method", flat=True))) == 4


def test_building_again_changes_nothing() -> None:
    counts = (
        BudgetLine.objects.count(),
        Contribution.objects.count(),
        Entry.objects.count(),
        AuditEvent.objects.count(),
    )
    build()
    assert counts == (
        BudgetLine.objects.count(),
        Contribution.objects.count(),
        Entry.objects.count(),
        AuditEvent.objects.count(),
    )
