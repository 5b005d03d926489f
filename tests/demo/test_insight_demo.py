"""The demo's insight: twelve quarters of Northbridge's returns made through the
services (some late, two missing, one overdue with a draft, one corrected), with
narratives; comparators imported from a CSV; three CIN census years; the platform's
own figures; exceptions for the latest quarter; deterministic and idempotent."""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal

import pytest
from django.db.models import Count

from masa.core.models import AuditEvent, Partnership
from masa.demo import build, insight
from masa.demo.insight import ANCHOR, CURRENT, LAST, QUARTERS, TODAY
from masa.frontdoor.services import LONDON
from masa.insight import dashboards, periods, selectors
from masa.insight.cin import generate as cin_generate
from masa.insight.models import (
    CinCensus,
    Comparator,
    DataReturn,
    Indicator,
    Measurement,
    ReturnSubmission,
    ReturnValue,
    Source,
    SubmittedValue,
)
from tests.helpers import DATA_LEAD, person

pytestmark = pytest.mark.django_db

ICB = "Mercia Vale Integrated Care Board"
FIRE = "Mercia Vale Fire and Rescue Service"


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def test_the_quarters_run_up_to_the_last_before_the_anchor() -> None:
    assert len(QUARTERS) == 12
    assert QUARTERS[0] == periods.quarter(2023, 3)
    assert QUARTERS[-1] == LAST == periods.quarter(2026, 2)
    assert periods.quarter(2026, 3) == CURRENT
    assert ANCHOR.date() == TODAY


def test_every_owing_agency_returns_for_twelve_quarters_with_gaps(demo: None) -> None:
    partnership = northbridge()
    owing = selectors.owing_agencies(partnership)
    assert {agency.kind for agency in owing} == {
        "local_authority",
        "police",
        "health_icb",
        "health_trust",
        "fire",
    }
    rows = selectors.return_rows(partnership, QUARTERS, TODAY)
    assert len(rows) == len(owing) * 12
    by_status = {(row.agency.name, row.period.code): row.status for row in rows}
    # The fire service missed two quarters; the ICB's latest return is overdue.
    missing = sorted(key for key, status in by_status.items() if status == "overdue")
    assert missing == [
        (FIRE, "2024-25 Q4"),
        (FIRE, "2025-26 Q1"),
        (ICB, "2026-27 Q2"),
    ]
    late = [key for key, status in by_status.items() if status == "late"]
    assert len(late) == 5
    on_time = [key for key, status in by_status.items() if status == "submitted"]
    assert len(on_time) == len(rows) - len(missing) - len(late)
    # Every quarter has returns from at least four of the five agencies.
    for period in QUARTERS:
        assert sum(1 for row in rows if row.period == period and row.data_return) >= 4


def test_submissions_are_dated_in_the_past_within_or_after_the_deadline(demo: None) -> None:
    partnership = northbridge()
    submissions = ReturnSubmission.objects.filter(
        data_return__partnership=partnership
    ).select_related("data_return")
    assert submissions.count() >= 55
    for submission in submissions:
        record = submission.data_return
        period = periods.of(record.period_start, record.period_end)
        deadline = selectors.return_deadline(partnership, period)
        day = submission.submitted_at.astimezone(LONDON).date()
        assert period.end < day
        assert submission.submitted_at <= ANCHOR
        assert submission.late == (day > deadline)
        assert record.first_submitted_at is not None
        assert record.created_at <= record.first_submitted_at
        assert record.updated_at <= ANCHOR
    assert submissions.filter(late=True, version=1).count() == 5


def test_one_return_is_corrected_with_a_reason_and_both_versions_kept(demo: None) -> None:
    corrected = ReturnSubmission.objects.get(data_return__partnership=northbridge(), version=2)
    assert "registers were finalised" in corrected.correction_reason
    record = corrected.data_return
    assert record.version == 2
    first = SubmittedValue.objects.get(
        submission__data_return=record,
        submission__version=1,
        indicator__code="education.attendance_pct",
    )
    second = SubmittedValue.objects.get(
        submission=corrected, indicator__code="education.attendance_pct"
    )
    assert first.numerator is not None
    assert second.numerator is not None
    assert second.numerator == first.numerator + insight.CORRECTION.numerator_change
    shown = Measurement.objects.get(
        indicator__partnership=record.partnership,
        indicator__code="education.attendance_pct",
        period_start=record.period_start,
        period_end=record.period_end,
    )
    assert shown.submission_id == corrected.pk
    assert shown.numerator == second.numerator


def test_returns_tell_the_story_behind_the_figures(demo: None) -> None:
    partnership = northbridge()
    submitted = DataReturn.objects.filter(partnership=partnership, version__gt=0)
    told = submitted.exclude(narrative="").count()
    assert told >= 0.7 * submitted.count()
    stories = SubmittedValue.objects.filter(
        submission__data_return__partnership=partnership
    ).exclude(narrative="")
    assert stories.filter(narrative__contains="children's homes").exists()

    # Every figure in the red has the agency's explanation beside it.
    def in_the_red(measurement: Measurement) -> bool:
        red_from, value = measurement.indicator.red_from, measurement.value
        if red_from is None or value is None:
            return False
        return value >= red_from if measurement.indicator.polarity == "lower" else value <= red_from

    red = [
        measurement
        for measurement in Measurement.objects.filter(
            partnership=partnership, source=Source.RETURN
        ).select_related("indicator")
        if in_the_red(measurement)
    ]
    assert red
    assert all(measurement.narrative for measurement in red)
    # A figure the agency could not give, with the reason.
    gap = SubmittedValue.objects.get(
        submission__data_return__partnership=partnership, not_available=True
    )
    assert "new system" in gap.narrative


def test_the_data_lead_has_work_in_progress(demo: None) -> None:
    farid = person(DATA_LEAD)
    drafts = DataReturn.objects.filter(
        partnership=northbridge(), agency__name=ICB, version=0
    ).order_by("period_start")
    assert [(d.period_start, d.status) for d in drafts] == [
        (LAST.start, "draft"),
        (CURRENT.start, "draft"),
    ]
    for draft in drafts:
        assert ReturnValue.objects.filter(data_return=draft).exists()
        assert draft.updated_at <= ANCHOR
    assert AuditEvent.objects.filter(actor=farid, verb="data_return.save").count() >= 12


def test_three_census_years_are_current_and_sized_for_northbridge(demo: None) -> None:
    censuses = CinCensus.objects.filter(partnership=northbridge(), is_current=True)
    assert sorted(censuses.values_list("year", flat=True)) == [2024, 2025, 2026]
    for census in censuses:
        assert census.status == CinCensus.Status.COMPLETE
        assert 3_000 <= census.children <= 3_500
        assert census.rejected == 0


def test_the_census_files_are_generated_the_same_every_time(demo: None) -> None:
    census = CinCensus.objects.get(partnership=northbridge(), year=2024, is_current=True)
    data = io.BytesIO()
    cin_generate.generate(
        data, children=insight.CENSUS_CHILDREN[2024], year=2024, seed=insight.SEED
    )
    assert hashlib.sha256(data.getvalue()).hexdigest() == census.sha256


def test_measurements_from_every_source(demo: None) -> None:
    partnership = northbridge()
    sources = dict(
        Measurement.objects.filter(partnership=partnership)
        .order_by()
        .values_list("source")
        .annotate(n=Count("pk"))
    )
    assert sources.get(Source.CIN, 0) > 300
    assert sources.get(Source.FRONT_DOOR, 0) > 40
    assert sources.get(Source.RETURN, 0) > 500
    codes = set(
        Measurement.objects.filter(partnership=partnership).values_list(
            "indicator__code", flat=True
        )
    )
    for code in (
        "cin.referrals",
        "cin.cpp_open_31mar_per_10k",
        "frontdoor.contacts",
        "frontdoor.conversion_pct",
        "police.missing_episodes",
        "education.attendance_pct",
        "fire.hoarding_referrals",
    ):
        assert code in codes
    # Each police figure has all twelve quarters.
    police = Measurement.objects.filter(
        partnership=partnership, indicator__code="police.missing_episodes"
    )
    assert {periods.of(m.period_start, m.period_end) for m in police} == set(QUARTERS)


def test_comparators_are_imported_for_three_years(demo: None) -> None:
    partnership = northbridge()
    comparators = Comparator.objects.filter(
        indicator__partnership=partnership, indicator__code="cin.referrals_per_10k"
    )
    assert sorted(set(comparators.values_list("kind", flat=True))) == [
        "england",
        "neighbours",
        "region",
    ]
    assert comparators.count() == 9
    quarterly = Comparator.objects.filter(
        indicator__partnership=partnership, indicator__code="education.attendance_pct"
    )
    assert quarterly.filter(kind="england").count() == 12
    assert AuditEvent.objects.filter(partnership=partnership, verb="comparators.import").exists()


def test_the_latest_quarter_has_exceptions_of_every_kind(demo: None) -> None:
    found = dashboards.exceptions(northbridge(), LAST, today=TODAY)
    kinds = {item.kind for item in found.items}
    assert {dashboards.RED, dashboards.CHANGE, dashboards.MISSING} <= kinds
    missing = [item for item in found.items if item.kind == dashboards.MISSING]
    assert [item.title for item in missing] == [ICB]
    assert "A draft has been started" in missing[0].reason
    red = {item.title for item in found.items if item.kind == dashboards.RED}
    assert "Children in care placed more than 20 miles from home" in red


def test_southmoor_has_the_catalogue_and_one_quarter(demo: None) -> None:
    southmoor = Partnership.objects.get(slug="southmoor")
    assert (
        Indicator.objects.filter(partnership=southmoor).count()
        == Indicator.objects.filter(partnership=northbridge()).count()
    )
    returns = DataReturn.objects.filter(partnership=southmoor)
    assert set(returns.values_list("period_start", flat=True)) == {LAST.start}
    assert returns.filter(version=1).count() >= 3


def test_the_figures_are_deterministic(demo: None) -> None:
    partnership = northbridge()
    codes = list(
        Indicator.objects.filter(partnership=partnership, source=Source.RETURN).values_list(
            "code", flat=True
        )
    )
    first = insight.figures("northbridge", codes)
    assert first == insight.figures("northbridge", codes)
    # What was stored is what the plan says (a digest of the police's figures).
    planned = first["police.missing_episodes"]
    stored = {
        periods.of(m.period_start, m.period_end): m.value
        for m in Measurement.objects.filter(
            partnership=partnership, indicator__code="police.missing_episodes"
        )
    }
    assert stored == {period: Decimal(value.value or 0) for period, value in planned.items()}
    assert insight.figures("southmoor", codes) != first


def test_building_again_changes_nothing(demo: None) -> None:
    def counts() -> dict[str, int]:
        models = (DataReturn, ReturnSubmission, Measurement, Comparator, CinCensus, Indicator)
        found = {model.__name__: model.objects.count() for model in models}
        found["AuditEvent"] = AuditEvent.objects.count()
        return found

    before = counts()
    build.build()
    assert counts() == before
    assert AuditEvent.objects.filter(verb=insight.LOAD_VERB).count() == 2
