"""The demo's multi-agency case audits: two years of four rounds, graded cases, an
overdue urgent concern, action plans, and earlier years' grades from the shipped CSV."""

from __future__ import annotations

import pytest

from masa.actions.models import Action
from masa.audits import tables
from masa.audits.models import Case, Round, UrgentConcern
from masa.core.models import AuditEvent, Partnership
from masa.demo import anchor as demo_anchor
from masa.demo import audits as demo_audits

pytestmark = pytest.mark.usefixtures("demo")


def _northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def test_two_years_of_four_rounds_run_in_masa() -> None:
    rounds = Round.objects.filter(partnership=_northbridge(), imported=False)
    years = sorted(set(rounds.values_list("year", flat=True)))
    assert len(years) == 2
    for year in years:
        assert sorted(rounds.filter(year=year).values_list("quarter", flat=True)) == [
            "Q1",
            "Q2",
            "Q3",
            "Q4",
        ]
    closed = rounds.filter(status=Round.Status.CLOSED)
    assert closed.count() >= 4
    assert not Case.objects.filter(round__in=closed, grade="").exists()


def test_an_urgent_concern_is_overdue_and_inadequate_cases_have_actions() -> None:
    today = demo_anchor.resolve(None).date()
    overdue = UrgentConcern.objects.filter(
        partnership=_northbridge(), responded_on__isnull=True, due_on__lt=today
    )
    assert overdue.count() == 1
    inadequate = Case.objects.filter(
        partnership=_northbridge(), grade="inadequate", round__imported=False
    )
    assert inadequate.exists()
    for case in inadequate:
        assert Action.objects.filter(audit_case=case).exists()


def test_earlier_years_come_from_the_shipped_csv() -> None:
    years = [row.year for row in tables.table2(_northbridge())]
    assert years[:5] == ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    assert Round.objects.filter(partnership=_northbridge(), imported=True).count() == 20


def test_building_again_changes_nothing() -> None:
    events = AuditEvent.objects.count()
    cases = Case.objects.count()
    demo_audits.build()
    assert (AuditEvent.objects.count(), Case.objects.count()) == (events, cases)


def test_no_case_reference_looks_like_a_name() -> None:
    for reference in Case.objects.values_list("reference", flat=True):
        assert reference.startswith("MAA-") or reference.startswith("ZQ-"), reference
