"""Comparators (England, region, statistical neighbours) from CSV: the file read row by
row with each bad row reported by line, the good rows kept (a repeat replaces), and the
page for the business manager only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from masa.core.models import AuditEvent, Partnership
from masa.insight import services
from masa.insight.models import Comparator, Indicator
from masa.insight.periods import financial_year, quarter
from masa.insight.validation import FileRefused, parse_comparators
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def test_comparators_rows_are_read_and_bad_rows_reported_by_line() -> None:
    data = (
        b"Indicator code,Comparator,Period,Value\n"
        b"cin.referrals_per_10k,England,2084-85,534\n"
        b"cin.referrals_per_10k,Statistical neighbours,2084-85 Q3,624.5\n"
        b"cin.referrals_per_10k,region,2084-85,503%\n"
        b"cin.referrals_per_10k,Planet,2084-85,1\n"
        b"cin.referrals_per_10k,England,2084-86,1\n"
        b"cin.referrals_per_10k,England,2084-85,lots\n"
        b",England,2084-85,1\n"
        b"\n"
        b"cin.referrals_per_10k,England,2084-85,535\n"
    )
    parsed = parse_comparators(data)
    assert [(r.line, r.kind, r.period, r.value) for r in parsed.rows] == [
        (2, "england", financial_year(2084), Decimal(534)),
        (3, "neighbours", quarter(2084, 3), Decimal("624.5")),
        (4, "region", financial_year(2084), Decimal(503)),
    ]
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (5, "Comparator 'Planet' is not England, Region or Statistical neighbours"),
        (6, "Period '2084-86' is not a financial year or quarter: write 2025-26 or 2025-26 Q3"),
        (7, "Value 'lots' is not a number"),
        (8, "No indicator code"),
        (10, "Duplicate: line 2 gives the same comparator and period"),
    ]


def test_a_comparators_file_without_the_columns_is_refused() -> None:
    with pytest.raises(FileRefused, match="missing: comparator, value"):
        parse_comparators(b"Indicator code,Period\ncin.referrals,2024-25\n")
    with pytest.raises(FileRefused, match="empty"):
        parse_comparators(b"  ")
    with pytest.raises(FileRefused, match="not a CSV file"):
        parse_comparators(b"PK\x03\x04\x00\x00binary")


def _import(text: str) -> services.ComparatorImport:
    partnership = Partnership.objects.get(slug="northbridge")
    services.catalogue_install(actor=None, partnership=partnership)
    parsed = parse_comparators(text.encode())
    return services.comparators_import(
        acting=h.acting(h.BUSINESS_MANAGER),
        rows=parsed.rows,
        problems=parsed.problems,
        file_name="zq.csv",
    )


def test_good_rows_are_kept_and_unknown_codes_or_impossible_values_refused() -> None:
    result = _import(
        "indicator code,comparator,period,value\n"
        "cin.assessments_within_45wd_pct,England,2084-85,84\n"
        "cin.assessments_within_45wd_pct,Region,2084-85,182\n"
        "zq.no_such_code,England,2084-85,1\n"
        "cin.referrals,England,2084-85 Q1,-3\n"
    )
    assert (result.imported, result.created) == (1, 1)
    assert [(p.line, p.reason) for p in result.problems] == [
        (3, "182 is more than 100, the most Assessments completed within 45 working days can be"),
        (4, "No indicator has the code 'zq.no_such_code' in the catalogue"),
        (5, "-3 is less than 0, the least Referrals to children's social care can be"),
    ]
    stored = Comparator.objects.get(
        indicator__code="cin.assessments_within_45wd_pct",
        indicator__partnership__slug="northbridge",
        period_start=financial_year(2084).start,
    )
    assert (stored.kind, stored.value, stored.period_end) == (
        "england",
        Decimal(84),
        financial_year(2084).end,
    )
    event = AuditEvent.objects.filter(verb="comparators.import").first()
    assert event is not None
    assert event.changes["rows_imported"] == 1


def test_importing_again_replaces_the_value() -> None:
    _import("Indicator code,Comparator,Period,Value\ncin.referrals,England,2085-86,100\n")
    result = _import("Indicator code,Comparator,Period,Value\ncin.referrals,England,2085-86,120\n")
    assert (result.imported, result.created, result.replaced) == (1, 0, 1)
    indicator = Indicator.objects.get(partnership__slug="northbridge", code="cin.referrals")
    assert list(
        Comparator.objects.filter(
            indicator=indicator, period_start=financial_year(2085).start
        ).values_list("value", flat=True)
    ) == [Decimal(120)]


def test_the_business_manager_imports_through_the_page() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    page = client.get("/insight/comparators/import/")
    assert page.status_code == 200
    content = (
        b"Indicator code,Comparator,Period,Value\n"
        b"cin.s47_per_10k,Statistical neighbours,2086-87,209\n"
        b"cin.s47_per_10k,Nowhere,2086-87,1\n"
    )
    Partnership.objects.get(slug="northbridge")
    services.catalogue_install(actor=None, partnership=Partnership.objects.get(slug="northbridge"))
    response = client.post(
        "/insight/comparators/import/",
        {"file": SimpleUploadedFile("comparators.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Comparators imported" in text
    assert "Comparator &#x27;Nowhere&#x27; is not England" in text
    assert Comparator.objects.filter(
        indicator__code="cin.s47_per_10k",
        kind="neighbours",
        period_start=financial_year(2086).start,
    ).exists()


def test_a_file_that_is_not_csv_is_refused_with_a_message() -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    response = client.post(
        "/insight/comparators/import/",
        {"file": SimpleUploadedFile("comparators.xlsx", b"PK\x03\x04", content_type="x")},
    )
    assert response.status_code == 400
    assert "The selected file must be a CSV file" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("who", [h.DATA_LEAD, h.PRACTITIONER, h.SOUTHMOOR_PRACTITIONER])
def test_only_managers_import_comparators(who: str) -> None:
    assert h.signed_in(who).get("/insight/comparators/import/").status_code == 404
