"""Returns through the pages, with real forms: the list, starting a return, saving a
draft as typed, "Check and submit" with every problem named, submitting, correcting
with a reason, the versions side by side, and completeness with its CSV."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from masa.core.models import Partnership
from masa.insight import selectors, services
from masa.insight.models import DataReturn, Indicator, ReturnSubmission
from masa.insight.periods import quarter
from tests import helpers as h
from tests.insight.factories import data_return

pytestmark = pytest.mark.usefixtures("demo")

ICB = "Mercia Vale Integrated Care Board"
OLD = quarter(2010, 1)  # long ended, clear of the demo's returns (and so submitted late)


@pytest.fixture
def northbridge() -> Partnership:
    partnership = Partnership.objects.get(slug="northbridge")
    services.catalogue_install(actor=None, partnership=partnership)
    return partnership


def _indicators(record: DataReturn) -> list[Indicator]:
    return list(selectors.return_indicators(record.partnership, record.agency))


def _figures(record: DataReturn, numerator: int = 9) -> dict[str, str]:
    """The edit form filled in with valid figures."""
    data = {"narrative": "Zq the story"}
    for indicator in _indicators(record):
        if indicator.entered_as_fraction:
            data[f"numerator_{indicator.pk}"] = str(numerator)
            data[f"denominator_{indicator.pk}"] = "12"
        else:
            data[f"value_{indicator.pk}"] = "4"
    return data


def _check(client: Client, record: DataReturn, data: dict[str, str]) -> Any:
    response = client.post(f"/insight/returns/{record.pk}/", {**data, "action": "check"})
    assert response.status_code == 302
    assert response["Location"] == f"/insight/returns/{record.pk}/check/"
    return client.get(response["Location"])


def test_the_data_lead_sees_their_agency_and_starts_a_return_once(northbridge: Partnership) -> None:
    client = h.signed_in(h.DATA_LEAD)
    page = client.get("/insight/returns/")
    assert page.status_code == 200
    text = page.content.decode()
    assert ICB in text
    assert "Mercia Vale Police" not in text
    assert "Completeness of returns" not in text
    current = selectors.return_periods(timezone.localdate())[0]
    existing = DataReturn.objects.filter(
        agency__name=ICB, partnership=northbridge, period_start=current.start
    ).first()
    agency = h.membership(h.DATA_LEAD).agency
    first = client.post("/insight/returns/start/", {"agency": agency.pk, "period": current.code})
    second = client.post("/insight/returns/start/", {"agency": agency.pk, "period": current.code})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    made = DataReturn.objects.get(
        agency__name=ICB, partnership=northbridge, period_start=current.start
    )
    assert existing is None or existing.pk == made.pk
    assert first["Location"] == f"/insight/returns/{made.pk}/"


def test_starting_another_agency_s_return_is_refused(northbridge: Partnership) -> None:
    client = h.signed_in(h.DATA_LEAD)
    police = h.membership(h.POLICE_BOTH).agency
    current = selectors.return_periods(timezone.localdate())[0]
    response = client.post("/insight/returns/start/", {"agency": police.pk, "period": current.code})
    assert response.status_code == 404
    agency = h.membership(h.DATA_LEAD).agency
    response = client.post("/insight/returns/start/", {"agency": agency.pk, "period": "2001-02 Q1"})
    assert response.status_code == 404
    assert client.get("/insight/returns/start/").status_code == 405


def test_a_return_from_draft_to_submitted_and_corrected(northbridge: Partnership) -> None:
    record = data_return(ICB, OLD)
    client = h.signed_in(h.DATA_LEAD)
    page = client.get(f"/insight/returns/{record.pk}/")
    assert page.status_code == 200
    assert "Check and submit" in page.content.decode()
    first, second, *_ = _indicators(record)

    # A draft keeps whatever was typed.
    wrong = {
        **_figures(record),
        f"numerator_{first.pk}": "13",
        f"denominator_{second.pk}": "twelve",
    }
    saved = client.post(f"/insight/returns/{record.pk}/", {**wrong, "action": "save"})
    assert saved.status_code == 302
    entries = selectors.draft_entries(record)
    assert entries[first.pk].numerator == "13"
    assert entries[second.pk].denominator == "twelve"

    # Checking names every problem, with the figures as typed.
    checked = _check(client, record, wrong)
    assert checked.status_code == 200
    text = checked.content.decode()
    assert "<title>Error: " in text
    assert "There is a problem" in text
    assert f'href="#id_numerator_{first.pk}"' in text
    assert f"{first.name}: the number of {first.numerator_label.lower()} (13) must not be" in text
    assert f'href="#id_denominator_{second.pk}"' in text
    assert 'value="twelve"' in text

    # Corrected, it can be submitted; after the deadline it is late.
    good = _check(client, record, _figures(record))
    assert good.status_code == 200
    assert "Check the return before you submit it" in good.content.decode()
    assert "75.0% (9 of 12)" in good.content.decode()
    submitted = client.post(f"/insight/returns/{record.pk}/check/", {"expected_version": "0"})
    assert submitted.status_code == 302
    assert submitted["Location"] == f"/insight/returns/{record.pk}/history/"
    history = client.get(submitted["Location"]).content.decode()
    assert "is submitted (version 1). It was sent after the deadline" in history
    assert "Late" in history

    # Submitting the same check again makes no second version.
    again = client.post(f"/insight/returns/{record.pk}/check/", {"expected_version": "0"})
    assert again.status_code == 302
    assert "while you were checking it" in client.get(again["Location"]).content.decode()
    assert ReturnSubmission.objects.filter(data_return=record).count() == 1

    # A correction needs a reason and keeps version 1.
    correcting = _check(client, record, _figures(record, numerator=10))
    assert "Why are you correcting the figures already submitted?" in correcting.content.decode()
    refused = client.post(f"/insight/returns/{record.pk}/check/", {"expected_version": "1"})
    assert refused.status_code == 400
    assert "Say why you are correcting the figures already submitted" in refused.content.decode()
    corrected = client.post(
        f"/insight/returns/{record.pk}/check/",
        {"expected_version": "1", "correction_reason": "Zq two records were counted twice"},
    )
    assert corrected.status_code == 302
    history = client.get(corrected["Location"]).content.decode()
    assert "Zq two records were counted twice" in history
    assert "Version 2" in history
    assert "75.0% (9 of 12)" in history
    assert "83.3% (10 of 12)" in history
    assert history.count("Changed</strong>") == len(_indicators(record))


def test_the_business_unit_reads_a_return_but_cannot_change_it(northbridge: Partnership) -> None:
    record = data_return(ICB, OLD)
    client = h.signed_in(h.BUSINESS_MANAGER)
    page = client.get(f"/insight/returns/{record.pk}/")
    assert page.status_code == 200
    assert "Nothing has been submitted for this quarter yet" in page.content.decode()
    assert "Check and submit" not in page.content.decode()
    assert client.post(f"/insight/returns/{record.pk}/", _figures(record)).status_code == 404
    assert client.get(f"/insight/returns/{record.pk}/check/").status_code == 404


def test_completeness_and_its_csv(northbridge: Partnership) -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    page = client.get("/insight/completeness/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Returns by agency and quarter" in text
    assert ICB in text
    owing = selectors.owing_agencies(northbridge)
    quarters = selectors.COMPLETENESS_QUARTERS + 1
    download = client.get("/insight/completeness/?format=csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == [
        "agency",
        "quarter",
        "status",
        "deadline",
        "first submitted",
        "latest version",
        "figures not available",
    ]
    assert len(rows) - 1 >= len(owing) * quarters
    current = selectors.return_periods(timezone.localdate())[0]
    icb_now = [row for row in rows if row[0] == ICB and row[1] == current.code]
    assert len(icb_now) == 1
    assert icb_now[0][2] in {"Not yet due", "Draft"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", icb_now[0][3])


def test_overdue_is_a_red_tag_the_grid_scrolls_and_a_late_agency_can_be_reminded(
    northbridge: Partnership,
) -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    html = client.get("/insight/completeness/").content.decode()
    assert (
        '<div class="masa-table-scroll masa-completeness" role="region" '
        'aria-labelledby="grid-caption" tabindex="0">'
    ) in html
    heading = '<h2 class="govuk-heading-m" id="grid-caption">Returns by agency and quarter</h2>'
    assert heading in html
    result = selectors.completeness(northbridge, timezone.localdate())
    assert result.late  # the demo has agencies late with their returns
    assert '<strong class="govuk-tag govuk-tag--red">Overdue' in html
    late = next(agency for agency, _ in result.grid if agency.pk in result.late)
    url = f"/insight/completeness/{late.pk}/remind/"
    assert f'action="{url}"' in html
    on_time = [agency for agency, _ in result.grid if agency.pk not in result.late]
    for agency in on_time:
        assert f'action="/insight/completeness/{agency.pk}/remind/"' not in html
    # Only a POST, and only by someone who manages returns.
    assert client.get(url).status_code == 405
    assert h.signed_in(h.EXECUTIVE).post(url).status_code == 404
    # The other partnership's business manager cannot remind Northbridge's late agency.
    # The other partnership's business manager cannot remind an agency not in theirs.
    northbridge_only = next(
        agency
        for agency, _ in result.grid
        if not agency.partnershipagency_set.filter(partnership__slug="southmoor").exists()
    )
    elsewhere = f"/insight/completeness/{northbridge_only.pk}/remind/"
    assert h.signed_in(h.SOUTHMOOR_MANAGER).post(elsewhere).status_code == 404
    reader = h.signed_in(h.EXECUTIVE).get("/insight/completeness/").content.decode()
    assert "Send a reminder" not in reader
    sent = client.post(url, follow=True)
    assert f"Reminder sent to {late.name}&#x27;s data leads" in sent.content.decode()
    again = client.post(url, follow=True).content.decode()
    assert "was sent a reminder at" in again
