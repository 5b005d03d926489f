"""The Children in Need census pages: who may see them, uploading a file through the real
form, and how an import's result (and the records it refused) is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from masa.core.models import AuditEvent, Partnership
from masa.core.policies import needs_two_factor
from masa.insight import forms_census
from masa.insight.models import CinCensus
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")

FILES = Path(__file__).parent / "cin_files"
# data_return.view at partnership scope, or data_return.manage.
CENSUS_READERS = {
    h.BUSINESS_UNIT_OFFICER,
    h.BUSINESS_MANAGER,
    h.SUBGROUP_CHAIR,
    h.SCRUTINEER,
    h.EXECUTIVE,
}


def census(slug: str, **fields: Any) -> CinCensus:
    values: dict[str, Any] = {
        "partnership": Partnership.objects.get(slug=slug),
        "year": 2091,
        "status": CinCensus.Status.COMPLETE,
        "file_name": "zq-census.xml",
        "children": 12,
    }
    values.update(fields)
    return CinCensus.objects.create(**values)


@pytest.fixture
def records() -> dict[str, int]:
    return {"nb": census("northbridge").pk, "sm": census("southmoor").pk}


def test_a_scrutineer_can_see_the_census_but_cannot_upload(records: dict[str, int]) -> None:
    client = h.signed_in(h.SCRUTINEER)
    page = client.get("/insight/census/").content.decode()
    assert f"/insight/census/{records['nb']}/" in page
    assert "Upload a census file" not in page
    assert client.post("/insight/census/upload/").status_code == 404


def upload(client: Any, name: str, content: bytes | None = None) -> Any:
    data = (FILES / name).read_bytes() if content is None else content
    return client.post(
        "/insight/census/upload/",
        {"file": SimpleUploadedFile(name, data, content_type="text/xml")},
    )


def test_the_business_manager_uploads_a_census_and_sees_what_was_refused() -> None:
    client = h.signed_in(h.SOUTHMOOR_MANAGER)
    response = upload(client, "census_2023_problems.xml")
    assert response.status_code == 302
    imported = CinCensus.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert (imported.status, imported.children, imported.rejected) == ("complete", 2, 12)
    assert imported.imported_by == h.person(h.SOUTHMOOR_MANAGER)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "CIN census 2022-23 imported: 2 children." in html
    assert "Imported</strong>" in html
    assert "Children refused" in html
    assert "a CINdetails has no CINreferralDate" in html
    assert "Child number 2" in html
    listing = client.get("/insight/census/").content.decode()
    assert "census_2023_problems.xml" in listing
    assert "2022-23" in listing


def test_a_file_refused_part_way_shows_as_refused_with_the_reason() -> None:
    client = h.signed_in(h.SOUTHMOOR_MANAGER)
    response = upload(client, "malformed_mid_file.xml")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "was not imported: the file was refused." in html
    assert "Refused</strong>" in html
    assert "not well-formed XML at line 28" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("wrong_root.xml", None, "The file&#x27;s root element is &lt;Census&gt;"),
        ("billion_laughs.xml", None, "The file declares XML entities"),
        ("census.csv", b"a,b\n1,2\n", "The selected file must be an XML file"),
        ("empty.xml", b"", "The selected file is empty"),
    ],
)
def test_a_file_refused_whole_is_an_error_on_the_form(
    name: str, content: bytes | None, message: str
) -> None:
    before = CinCensus.objects.count()
    response = upload(h.signed_in(h.SOUTHMOOR_MANAGER), name, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert CinCensus.objects.count() == before


def test_a_file_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms_census, "MAX_BYTES", 1_000)
    response = upload(h.signed_in(h.SOUTHMOOR_MANAGER), "census_2024.xml")
    assert response.status_code == 400
    assert "The selected file must be smaller than 200 MB" in response.content.decode()


def test_an_import_under_way_is_shown_as_importing() -> None:
    running = census("southmoor", status=CinCensus.Status.IMPORTING, children=0)
    html = h.signed_in(h.SOUTHMOOR_MANAGER).get("/insight/census/").content.decode()
    assert "Importing</strong>" in html
    assert f"since {timezone.localtime(running.started_at):%H:%M}" in html
    detail = h.signed_in(h.SOUTHMOOR_MANAGER).get(f"/insight/census/{running.pk}/")
    assert "has been importing since" in detail.content.decode()


def test_the_refused_records_are_shown_a_page_at_a_time() -> None:
    problems = [
        {"child": f"R{n:03d}", "line": n * 10, "reason": "it has no CINdetails"}
        for n in range(1, 121)
    ]
    many = census("southmoor", rejected=1_500, problems=problems)
    client = h.signed_in(h.SOUTHMOOR_MANAGER)
    first = client.get(f"/insight/census/{many.pk}/").content.decode()
    assert "R001" in first
    assert "R050" in first
    assert "R051" not in first
    assert "Page 1 of 3" in first
    assert "the first 120 of 1500" in first
    last = client.get(f"/insight/census/{many.pk}/?page=3").content.decode()
    assert "R101" in last
    assert "R120" in last
    assert "R100" not in last


def test_children_are_listed_only_after_two_factor_and_every_view_is_audited() -> None:
    """The executive and a subgroup chair sign in with a password only: they see the
    counts, never the children refused; those who used a security code see them, and
    each view of the children is in the audit log."""
    problems = [{"child": "ZQ-CHILD-1", "line": 12, "reason": "it has no CINdetails"}]
    refused = census("northbridge", rejected=1, problems=problems)
    url = f"/insight/census/{refused.pk}/"
    views = AuditEvent.objects.filter(verb="cin_census.view_children", target_id=str(refused.pk))
    for reader in (h.EXECUTIVE, h.SUBGROUP_CHAIR):
        assert not needs_two_factor(h.person(reader))
        page = h.signed_in(reader, verified=False).get(url)  # as they sign in: a password
        assert page.status_code == 200
        html = page.content.decode()
        assert "ZQ-CHILD-1" not in html
        assert "Children refused" in html  # the count
        assert "security code" in html
    assert not views.exists()
    html = h.signed_in(h.BUSINESS_MANAGER).get(url).content.decode()
    assert "ZQ-CHILD-1" in html
    h.signed_in(h.BUSINESS_MANAGER).get(url)
    assert views.count() == 2
    assert {event.actor for event in views} == {h.person(h.BUSINESS_MANAGER)}
    # Signed in but not yet through the security code: counts only, nothing audited.
    html = h.signed_in(h.BUSINESS_MANAGER, verified=False).get(url).content.decode()
    assert "ZQ-CHILD-1" not in html
