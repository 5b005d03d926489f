"""The demo's insight: twelve quarters of Northbridge's returns made through the
services (some late, two missing, one overdue with a draft, one corrected), with
narratives; comparators imported from a CSV; three CIN census years; the platform's
own figures; exceptions for the latest quarter; deterministic and idempotent."""

from __future__ import annotations

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.db.models import Count

from masa.core.models import AuditEvent, Partnership
from masa.demo import anchor, build, insight
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


def calendar() -> insight.Calendar:
    """The quarters of the session's demo, built on the day the tests started."""
    moment = anchor.recorded()
    assert moment is not None
    return insight.Calendar(moment)


def at(day: str) -> insight.Calendar:
    return insight.Calendar(datetime.datetime.fromisoformat(f"{day} 14:00").replace(tzinfo=LONDON))


def test_the_quarters_run_up_to_the_last_before_the_anchor() -> None:
    story = insight.Calendar(anchor.STORY)
    assert len(story.quarters) == 12
    assert story.quarters[0] == periods.quarter(2023, 3)
    assert story.quarters[-1] == story.last == periods.quarter(2026, 2)
    assert periods.quarter(2026, 3) == story.current
    assert story.today == anchor.STORY.date()
    assert story.moved("2024-25 Q4") == "2024-25 Q4"
    assert story.census_children == insight.CENSUS_CHILDREN


@pytest.mark.parametrize(
    ("day", "last", "current", "years"),
    [
        # Before the latest quarter's returns were due, the one before is the latest.
        ("2027-01-12", "2026-27 Q2", "2026-27 Q4", 0),
        ("2027-02-16", "2026-27 Q3", "2026-27 Q4", 0),
        ("2027-06-15", "2026-27 Q4", "2027-28 Q1", 0),
        ("2027-08-17", "2027-28 Q1", "2027-28 Q2", 0),
        ("2027-11-16", "2027-28 Q2", "2027-28 Q3", 1),
        ("2026-06-02", "2025-26 Q4", "2026-27 Q1", -1),
    ],
)
def test_the_quarters_and_the_stories_move_with_the_anchor(
    day: str, last: str, current: str, years: int
) -> None:
    moved = at(day)
    assert (moved.last.code, moved.current.code, moved.years_after_story) == (last, current, years)
    quarters = {q.code for q in moved.quarters}
    assert len(quarters) == 12
    # Every story stays in its season and among the quarters shown.
    for code, quarter in insight.STORIES:
        assert moved.moved(quarter)[-2:] == quarter[-2:]
        assert moved.moved(quarter) in quarters, (code, quarter)
    for _kind, quarter in insight.MISSING | set(insight.LATE_DAYS):
        assert moved.moved(quarter) in quarters
    assert moved.correction_quarter in quarters
    # Three census years, the latest ended before the anchor; comparators for the three
    # years before the current one.
    census = sorted(moved.census_children)
    assert census == [census[0], census[0] + 1, census[0] + 2]
    assert datetime.date(census[-1], 3, 31) < moved.today
    assert [y.financial_year for y in moved.comparator_years] == [c - 1 for c in census]


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
    cal = calendar()
    rows = selectors.return_rows(partnership, cal.quarters, cal.today)
    assert len(rows) == len(owing) * 12
    by_status = {(row.agency.name, row.period.code): row.status for row in rows}
    # The fire service missed two quarters; the ICB's latest return is overdue.
    missing = sorted(key for key, status in by_status.items() if status == "overdue")
    assert missing == sorted(
        [
            (FIRE, cal.moved("2024-25 Q4")),
            (FIRE, cal.moved("2025-26 Q1")),
            (ICB, cal.last.code),
        ]
    )
    late = [key for key, status in by_status.items() if status == "late"]
    assert len(late) == 5
    on_time = [key for key, status in by_status.items() if status == "submitted"]
    assert len(on_time) == len(rows) - len(missing) - len(late)
    # Every quarter has returns from at least four of the five agencies.
    for period in cal.quarters:
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
        assert submission.submitted_at <= calendar().anchor
        assert submission.late == (day > deadline)
        assert record.first_submitted_at is not None
        assert record.created_at <= record.first_submitted_at
        assert record.updated_at <= calendar().anchor
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
        (calendar().last.start, "draft"),
        (calendar().current.start, "draft"),
    ]
    for draft in drafts:
        assert ReturnValue.objects.filter(data_return=draft).exists()
        assert draft.updated_at <= calendar().anchor
    assert AuditEvent.objects.filter(actor=farid, verb="data_return.save").count() >= 12


def test_three_census_years_are_current_and_sized_for_northbridge(demo: None) -> None:
    censuses = CinCensus.objects.filter(partnership=northbridge(), is_current=True)
    assert sorted(censuses.values_list("year", flat=True)) == sorted(calendar().census_children)
    for census in censuses:
        assert census.status == CinCensus.Status.COMPLETE
        assert 3_000 <= census.children <= 3_500
        assert census.rejected == 0


def test_the_census_files_are_generated_the_same_every_time(demo: None) -> None:
    year, children = min(calendar().census_children.items())
    census = CinCensus.objects.get(partnership=northbridge(), year=year, is_current=True)
    data = io.BytesIO()
    cin_generate.generate(data, children=children, year=year, seed=insight.SEED)
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
    assert {periods.of(m.period_start, m.period_end) for m in police} == set(calendar().quarters)


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
    found = dashboards.exceptions(northbridge(), calendar().last, today=calendar().today)
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
    assert set(returns.values_list("period_start", flat=True)) == {calendar().last.start}
    assert returns.filter(version=1).count() >= 3


def test_the_figures_are_deterministic(demo: None) -> None:
    partnership = northbridge()
    codes = list(
        Indicator.objects.filter(partnership=partnership, source=Source.RETURN).values_list(
            "code", flat=True
        )
    )
    first = insight.figures("northbridge", codes, calendar())
    assert first == insight.figures("northbridge", codes, calendar())
    # What was stored is what the plan says (a digest of the police's figures).
    planned = first["police.missing_episodes"]
    stored = {
        periods.of(m.period_start, m.period_end): m.value
        for m in Measurement.objects.filter(
            partnership=partnership, indicator__code="police.missing_episodes"
        )
    }
    assert stored == {period: Decimal(value.value or 0) for period, value in planned.items()}
    assert insight.figures("southmoor", codes, calendar()) != first


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
