"""Importing a Children in Need census: what is kept, what is refused and why, files that
attack the parser, and re-importing a year all at once or not at all."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from masa.core.errors import ServiceError
from masa.core.models import AuditEvent, Partnership
from masa.insight import periods
from masa.insight.cin import importer, writer
from masa.insight.cin.importer import census_import
from masa.insight.cin.indicators import Child
from masa.insight.cin.parse import CensusReader
from masa.insight.cin.stored import census_rows
from masa.insight.models import (
    CinAssessment,
    CinCensus,
    CinChild,
    CinEpisode,
    CinPlan,
    CinProtectionPlan,
    CinSection47,
    Function,
    Indicator,
    Measurement,
    Source,
    Unit,
)
from tests.helpers import SOUTHMOOR_MANAGER, acting, person
from tests.insight import factories

FILES = Path(__file__).parent / "cin_files"
# The peak memory of the process itself, in kB. Not getrusage's ru_maxrss: that is
# inherited from the parent (the test run) and kept across exec.
PEAK_KB = (
    "int(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')))"
)
CHILD_TABLES = (CinChild, CinEpisode, CinAssessment, CinPlan, CinSection47, CinProtectionPlan)

pytestmark = pytest.mark.django_db


@pytest.fixture
def southmoor() -> Partnership:
    return Partnership.objects.get(slug="southmoor")


def load(partnership: Partnership, name: str, **extra: object) -> CinCensus:
    return census_import(
        acting=extra.pop("acting", None),  # type: ignore[arg-type]
        partnership=partnership,
        source=extra.pop("source", FILES / name),  # type: ignore[arg-type]
        file_name=name,
        **extra,  # type: ignore[arg-type]
    )


def rows_of(census: CinCensus) -> dict[str, int]:
    return {model.__name__: model.objects.filter(census=census).count() for model in CHILD_TABLES}


def referrals_indicator(partnership: Partnership) -> Indicator:
    found = Indicator.objects.filter(partnership=partnership, code="cin.referrals").first()
    return found or factories.indicator(
        partnership.slug,
        code="cin.referrals",
        source=Source.CIN,
        function=Function.CHILDREN_IN_NEED,
        agency_kind="",
        unit=Unit.COUNT,
    )


# --- what is kept ------------------------------------------------------------------------


def test_a_census_is_imported_with_every_row(southmoor: Partnership) -> None:
    nadia = person(SOUTHMOOR_MANAGER)
    census = load(southmoor, "census_2024.xml", acting=acting(nadia, southmoor))
    assert census.status == CinCensus.Status.COMPLETE
    assert census.is_current
    assert (census.year, census.la_code, census.children, census.rejected) == (2024, "999", 14, 0)
    assert census.sha256 == hashlib.sha256((FILES / "census_2024.xml").read_bytes()).hexdigest()
    assert census.imported_by == nadia
    assert census.finished_at is not None
    # Counted in census_2024.xml: 14 children; 20 CINdetails (A005, A007, A008, A009,
    # A010 and A014 have two); 5 assessments; 1 CIN plan; 7 section 47s; 5 plans.
    assert rows_of(census) == {
        "CinChild": 14,
        "CinEpisode": 20,
        "CinAssessment": 5,
        "CinPlan": 1,
        "CinSection47": 7,
        "CinProtectionPlan": 5,
    }
    child = CinChild.objects.get(census=census, la_child_id="A003")
    assert (child.sex, child.ethnicity, child.disabilities) == ("F", "BAFR", "LD,COMM")
    assert CinChild.objects.get(census=census, la_child_id="A002").sex == "F"  # GenderCurrent 2
    unborn = CinChild.objects.get(census=census, la_child_id="A006")
    assert (unborn.birth_date, str(unborn.expected_birth_date)) == (None, "2023-08-20")
    assessment = CinAssessment.objects.get(census=census, episode__child=child)
    assert (str(assessment.authorised_date), assessment.factors) == ("2024-01-17", "16A,17A")
    plan = CinProtectionPlan.objects.get(census=census, episode__child__la_child_id="A011")
    assert (plan.initial_category, plan.previous_plans, plan.end_date) == ("SAB", 2, None)
    enquiry = CinSection47.objects.get(census=census, episode__child__la_child_id="A008")
    assert (enquiry.icpc_not_required, enquiry.icpc_date) == (True, None)
    event = AuditEvent.objects.get(verb="cin_census.import", target_id=str(census.pk))
    assert event.actor == nadia
    assert event.partnership == southmoor
    assert (event.changes["children"], event.changes["refused"]) == (14, 0)


def test_rows_made_after_an_import_get_keys_of_their_own(southmoor: Partnership) -> None:
    # The import gives children and episodes their keys itself; the database's own
    # numbering (PostgreSQL's sequences) must carry on after them.
    census = load(southmoor, "census_2024.xml")
    top = CinChild.objects.order_by("-pk").values_list("pk", flat=True)[0]
    later = CinChild.objects.create(census=census, la_child_id="ZQ1")
    assert later.pk > top
    episode = CinEpisode.objects.create(census=census, child=later, referral_date="2023-06-01")
    assert episode.pk > CinEpisode.objects.exclude(pk=episode.pk).order_by("-pk")[0].pk


def test_the_stored_census_reads_back_as_the_file_gave_it(southmoor: Partnership) -> None:
    census = load(southmoor, "census_2024.xml")
    with (FILES / "census_2024.xml").open("rb") as source:
        from_file = sorted(
            (child for child in CensusReader(source) if isinstance(child, Child)),
            key=lambda child: child.la_child_id,
        )
    stored = sorted(census_rows(census), key=lambda child: child.la_child_id)
    assert stored == from_file


def test_progress_is_reported_in_bytes_read(southmoor: Partnership) -> None:
    seen: list[tuple[int, int]] = []
    load(southmoor, "census_2024.xml", progress=lambda done, total: seen.append((done, total)))
    size = (FILES / "census_2024.xml").stat().st_size
    assert seen[-1] == (size, size)


def test_an_uploaded_stream_is_imported_too(southmoor: Partnership) -> None:
    data = (FILES / "census_2026_easter.xml").read_bytes()
    census = load(southmoor, "census_2026_easter.xml", source=io.BytesIO(data))
    assert (census.status, census.children, census.year) == ("complete", 4, 2026)

    class OneWay(io.RawIOBase):
        """A stream that cannot be rewound (a pipe, say)."""

        def __init__(self) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = self.inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    again = load(southmoor, "census_2026_easter.xml", source=OneWay())
    assert (again.status, again.children) == ("complete", 4)


# --- what is refused, child by child ---------------------------------------------------------


def test_unusable_children_are_listed_with_the_reason_and_the_rest_kept(
    southmoor: Partnership,
) -> None:
    census = load(southmoor, "census_2023_problems.xml")
    assert (census.status, census.children, census.rejected) == ("complete", 2, 12)
    assert sorted(CinChild.objects.filter(census=census).values_list("la_child_id", flat=True)) == [
        "P001",
        "P012",
    ]
    problems = {problem["child"]: problem for problem in census.problems}
    assert problems["Child number 2"]["reason"] == "it has no LAchildID"
    assert problems["P003"]["reason"] == "a CINdetails has no CINreferralDate"
    assert problems["P004"]["reason"] == ("CINreferralDate '2023-02-30' is not a real date")
    assert problems["P005"]["reason"] == "ReferralSource '11' is not a code the census uses"
    assert problems["P006"]["reason"] == "AssessmentFactors 'RB' is not a code the census uses"
    assert problems["P007"]["reason"] == (
        "PrimaryNeedCode is 150 characters long; no census value is longer than 100"
    )
    assert problems["Child number 8"]["reason"] == "its LAchildID is longer than 20 characters"
    assert problems["P009"]["reason"] == "it has no CINdetails"
    assert problems["P010"]["reason"] == "ReferralNFA 'maybe' is not true, false, 1 or 0"
    assert problems["P011"]["reason"] == "Sex 'X' is not M, F or U"
    assert problems["P013"]["reason"] == "NumberOfPreviousCPP 'two' is not a whole number"
    assert problems["P014"]["reason"] == "Ethnicity 'XXXX' is not a code the census uses"
    assert problems["P003"]["line"] == 26  # where the child starts in the file
    # Spaces around values are not a reason to refuse a child.
    kept = CinEpisode.objects.get(census=census, child__la_child_id="P012")
    assert (str(kept.referral_date), kept.referral_source, kept.primary_need) == (
        "2022-06-12",
        "1A",
        "N2",
    )


def test_a_file_whose_every_child_is_refused_is_refused(
    southmoor: Partnership, tmp_path: Path
) -> None:
    path = tmp_path / "none.xml"
    path.write_text(
        "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2022</Year>"
        "</CollectionDetails></Header><Children>"
        "<Child><ChildIdentifiers><LAchildID>Z1</LAchildID></ChildIdentifiers></Child>"
        "<Child><ChildIdentifiers><LAchildID>Z2</LAchildID></ChildIdentifiers></Child>"
        "</Children></Message>"
    )
    census = load(southmoor, "none.xml", source=path)
    assert census.status == CinCensus.Status.FAILED
    assert census.failure == (
        "None of the 2 children in the file could be imported. The first reason: it has no "
        "CINdetails."
    )


# --- what is refused whole ------------------------------------------------------------------


def test_malformed_xml_part_way_is_refused_naming_the_line(southmoor: Partnership) -> None:
    census = load(southmoor, "malformed_mid_file.xml")
    assert census.status == CinCensus.Status.FAILED
    assert not census.is_current
    assert census.failure.startswith("The file is not well-formed XML at line 28:")
    assert "Nothing was imported" in census.failure
    assert rows_of(census) == dict.fromkeys(rows_of(census), 0)
    event = AuditEvent.objects.get(verb="cin_census.refuse", target_id=str(census.pk))
    assert event.changes["reason"] == census.failure


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed_header.xml", "The file is not well-formed XML at line 8"),
        ("wrong_namespace.xml", "in the namespace 'http://www.example.org/not-the-census'"),
        ("wrong_root.xml", "The file's root element is <Census>, not <Message>"),
        ("billion_laughs.xml", "The file declares XML entities (<!DOCTYPE>)"),
        ("billion_laughs_attribute.xml", "The file uses XML entities (line 14)"),
        ("external_entity.xml", "The file declares XML entities (<!DOCTYPE>)"),
    ],
)
def test_files_refused_before_anything_is_written(
    southmoor: Partnership, name: str, message: str
) -> None:
    before = CinCensus.objects.count()
    with pytest.raises(ServiceError) as refused:
        load(southmoor, name)
    assert message in str(refused.value)
    assert str(refused.value).endswith("Nothing was imported.")
    assert refused.value.field == "file"
    assert CinCensus.objects.count() == before


def test_an_xml_bomb_is_refused_without_filling_memory(tmp_path: Path) -> None:
    # In a process of its own, so that its peak memory is its own.
    script = (
        "import sys\n"
        "from masa.insight.cin.parse import CensusReader, CensusRefused\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        list(CensusReader(open(name, 'rb')))\n"
        "    except CensusRefused as refused:\n"
        "        print(refused)\n"
        f"print({PEAK_KB})\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(FILES / "billion_laughs.xml"),
            str(FILES / "billion_laughs_attribute.xml"),
            str(FILES / "external_entity.xml"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    *refusals, peak_kb = done.stdout.strip().splitlines()
    assert len(refusals) == 3
    assert all("entities" in refusal for refusal in refusals)
    assert "root:" not in done.stdout  # /etc/passwd was never read
    # Fully expanded, the bomb is 3 GB; refused, the process stays small.
    assert int(peak_kb) < 100 * 1024


def test_a_huge_text_node_refuses_the_file(southmoor: Partnership, tmp_path: Path) -> None:
    # libxml2 refuses a text node over 10,000,000 characters (huge_tree is off).
    path = tmp_path / "huge.xml"
    with path.open("w") as out:
        out.write(
            "<Message><Header><CollectionDetails><Collection>CIN</Collection>"
            "<Year>2022</Year></CollectionDetails></Header><Children>"
            "<Child><ChildIdentifiers><LAchildID>H1</LAchildID></ChildIdentifiers>"
            "<CINdetails><CINreferralDate>2021-06-01</CINreferralDate></CINdetails></Child>"
            "<Child><ChildIdentifiers><LAchildID>"
        )
        out.write("x" * 11_000_000)
        out.write("</LAchildID></ChildIdentifiers></Child></Children></Message>")
    census = load(southmoor, "huge.xml", source=path)
    assert census.status == CinCensus.Status.FAILED
    assert census.failure.startswith("The file has a value that is far too long (line 1)")


def test_a_child_out_of_place_is_refused_and_children_before_the_header_refuse_the_file(
    southmoor: Partnership, tmp_path: Path
) -> None:
    header = (
        "<Header><CollectionDetails><Collection>CIN</Collection><Year>2022</Year>"
        "</CollectionDetails></Header>"
    )
    child = (
        "<Child><ChildIdentifiers><LAchildID>{}</LAchildID></ChildIdentifiers>"
        "<CINdetails><CINreferralDate>2021-06-01</CINreferralDate></CINdetails></Child>"
    )
    path = tmp_path / "placed.xml"
    path.write_text(
        f"<Message>{header}<Children>{child.format('K1')}</Children>{child.format('K2')}</Message>"
    )
    census = load(southmoor, "placed.xml", source=path)
    assert (census.children, census.rejected) == (1, 1)
    assert census.problems[0]["child"] == "Child number 2"
    assert census.problems[0]["reason"] == "it is not inside Message/Children"
    path.write_text(f"<Message><Children>{child.format('K1')}</Children>{header}</Message>")
    with pytest.raises(ServiceError, match="children come before its Header"):
        load(southmoor, "placed.xml", source=path)


def test_children_in_a_foreign_namespace_are_refused_naming_the_namespaces(
    southmoor: Partnership, tmp_path: Path
) -> None:
    """Not "has no children in it": the children are there, in the wrong namespace."""
    header = (
        "<Header><CollectionDetails><Collection>CIN</Collection><Year>2022</Year>"
        "</CollectionDetails></Header>"
    )
    child = (
        "<Child><ChildIdentifiers><LAchildID>K1</LAchildID></ChildIdentifiers>"
        "<CINdetails><CINreferralDate>2021-06-01</CINreferralDate></CINdetails></Child>"
    )
    path = tmp_path / "foreign.xml"
    path.write_text(
        f'<Message>{header}\n<Children xmlns="urn:zq:elsewhere">{child}</Children></Message>'
    )
    census = load(southmoor, "foreign.xml", source=path)
    assert census.status == CinCensus.Status.FAILED
    message = census.failure
    assert "no children" not in message
    assert "<Child> element is in the namespace 'urn:zq:elsewhere'" in message
    assert "expected no namespace" in message
    assert message.endswith("Nothing was imported.")


def _census_file(path: Path, year: int, referrals: dict[str, str]) -> Path:
    children = "".join(
        f"<Child><ChildIdentifiers><LAchildID>{child}</LAchildID></ChildIdentifiers>"
        f"<CINdetails><CINreferralDate>{day}</CINreferralDate></CINdetails></Child>"
        for child, day in referrals.items()
    )
    path.write_text(
        "<Message><Header><CollectionDetails><Collection>CIN</Collection>"
        f"<Year>{year}</Year></CollectionDetails></Header><Children>{children}</Children>"
        "</Message>"
    )
    return path


def test_re_referrals_look_back_into_the_census_of_the_year_before(
    southmoor: Partnership, tmp_path: Path
) -> None:
    """A referral in May counts as a re-referral when the same child was referred in
    February, in the year before's census: no saw-tooth where each Q1 reads low. Without
    that census the rate is marked not comparable instead."""
    if not Indicator.objects.filter(
        partnership=southmoor, code="cin.rereferrals_12m_pct", source=Source.CIN
    ).exists():
        factories.indicator(
            "southmoor",
            code="cin.rereferrals_12m_pct",
            source=Source.CIN,
            function=Function.CHILDREN_IN_NEED,
            agency_kind="",
            unit=Unit.PERCENT,
        )
    later = _census_file(tmp_path / "later.xml", 2092, {"Z1": "2091-05-10", "Z2": "2091-06-01"})
    earlier = _census_file(tmp_path / "earlier.xml", 2091, {"Z1": "2091-02-01"})
    q1 = periods.quarter(2091, 1)

    def rate() -> Measurement:
        return Measurement.objects.get(
            partnership=southmoor,
            indicator__code="cin.rereferrals_12m_pct",
            period_start=q1.start,
            period_end=q1.end,
        )

    load(southmoor, "later.xml", source=later)
    alone = rate()
    assert (alone.value, alone.partial) == (Decimal(0), True)
    assert alone.narrative.startswith("Not comparable with other periods")
    load(southmoor, "earlier.xml", source=earlier)  # the year before, imported after
    looked_back = rate()
    assert (looked_back.value, looked_back.numerator, looked_back.denominator) == (
        Decimal(50),
        1,
        2,
    )
    assert (looked_back.partial, looked_back.narrative) == (False, "")
    load(southmoor, "later.xml", source=later)  # imported again, the year before there
    assert (rate().value, rate().partial) == (Decimal(50), False)


def test_the_year_asked_for_must_be_the_files(southmoor: Partnership) -> None:
    with pytest.raises(ServiceError, match=r"census for 2023-24 \(its header says Year 2024\)"):
        load(southmoor, "census_2024.xml", year=2025)
    assert load(southmoor, "census_2024.xml", year=2024).status == "complete"


def test_a_header_whose_reference_date_is_not_31_march_of_its_year_is_refused(
    southmoor: Partnership, tmp_path: Path
) -> None:
    path = tmp_path / "dates.xml"
    path.write_text(
        "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year>"
        "<ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>"
        "<Children/></Message>"
    )
    with pytest.raises(ServiceError, match="should be 2024-03-31"):
        load(southmoor, "dates.xml", source=path)
    path.write_text(
        "<Message><Header><CollectionDetails><Collection>SWF</Collection><Year>2024</Year>"
        "</CollectionDetails></Header><Children/></Message>"
    )
    with pytest.raises(ServiceError, match="not 'CIN'"):
        load(southmoor, "dates.xml", source=path)
    path.write_text("this is not XML")
    with pytest.raises(ServiceError, match="The file is not XML"):
        load(southmoor, "dates.xml", source=path)


# --- re-importing a year -------------------------------------------------------------------------


def test_reimporting_a_year_replaces_it(southmoor: Partnership, tmp_path: Path) -> None:
    indicator = referrals_indicator(southmoor)
    first = load(southmoor, "census_2024.xml")
    assert (
        Measurement.objects.get(
            indicator=indicator, period_start="2023-04-01", period_end="2024-03-31"
        ).value
        == 14
    )
    # The same year again, without A015 (one referral fewer).
    text = (FILES / "census_2024.xml").read_text()
    start = text.index("    <!-- A015")
    end = text.index("  </Children>")
    path = tmp_path / "census_2024_again.xml"
    path.write_text(text[:start] + text[end:])
    second = load(southmoor, "census_2024_again.xml", source=path)
    first.refresh_from_db()
    assert second.is_current
    assert not first.is_current
    assert first.status == CinCensus.Status.COMPLETE  # kept as history, replaced
    assert rows_of(first) == dict.fromkeys(rows_of(first), 0)  # its child records are gone
    assert rows_of(second)["CinChild"] == 13
    year = Measurement.objects.get(
        indicator=indicator, period_start="2023-04-01", period_end="2024-03-31"
    )
    assert (year.value, year.census) == (Decimal(13), second)
    assert not Measurement.objects.filter(census=first).exists()
    event = AuditEvent.objects.get(verb="cin_census.import", target_id=str(second.pk))
    assert event.changes["replaced"] == [first.pk]


def test_a_refused_reimport_leaves_the_year_as_it_was(southmoor: Partnership) -> None:
    indicator = referrals_indicator(southmoor)
    first = load(southmoor, "census_2024.xml")
    counts = rows_of(first)
    refused = load(southmoor, "malformed_mid_file.xml")  # also census year 2024
    first.refresh_from_db()
    assert refused.status == CinCensus.Status.FAILED
    assert first.is_current
    assert rows_of(first) == counts
    assert (
        Measurement.objects.get(
            indicator=indicator, period_end="2024-03-31", period_start="2023-04-01"
        ).census
        == first
    )


def test_a_failure_after_the_rows_are_written_rolls_all_of_them_back(
    southmoor: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    indicator = referrals_indicator(southmoor)
    first = load(southmoor, "census_2024.xml")
    counts = rows_of(first)

    def broken(**kwargs: object) -> int:
        raise RuntimeError("the measurements could not be written")

    # Fails after the new rows are in and the old census was marked not current.
    monkeypatch.setattr(importer, "measurements_replace", broken)
    with pytest.raises(RuntimeError):
        load(southmoor, "census_2024.xml")
    first.refresh_from_db()
    second = CinCensus.objects.filter(partnership=southmoor, year=2024).exclude(pk=first.pk).get()
    assert second.status == CinCensus.Status.FAILED
    assert second.failure == "The import stopped because of an error in MASA."
    assert rows_of(second) == dict.fromkeys(counts, 0)
    assert first.is_current
    assert rows_of(first) == counts
    assert Measurement.objects.filter(indicator=indicator, census=first).count() == 5


def test_a_batch_the_database_refuses_fails_the_import_and_rolls_it_back(
    southmoor: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(southmoor, "census_2024.xml")
    counts = rows_of(first)
    send = writer._Batches.send

    def misdirected(self: writer._Batches, sql: str, rows: list[tuple[object, ...]]) -> None:
        # The batch of CIN plans goes to a table that does not exist.
        send(self, sql.replace("insight_cinplan", "insight_no_such_table"), rows)

    monkeypatch.setattr(writer._Batches, "send", misdirected)
    with pytest.raises(DatabaseError, match="no_such_table"):
        load(southmoor, "census_2024.xml")
    first.refresh_from_db()
    failed = CinCensus.objects.filter(partnership=southmoor, year=2024).exclude(pk=first.pk).get()
    assert failed.status == CinCensus.Status.FAILED
    assert rows_of(failed) == dict.fromkeys(counts, 0)
    assert first.is_current
    assert rows_of(first) == counts


# --- the command ---------------------------------------------------------------------------------


def test_the_cin_import_command_reports_what_it_did(southmoor: Partnership) -> None:
    out = io.StringIO()
    call_command(
        "cin_import", str(FILES / "census_2023_problems.xml"), partnership="southmoor", stdout=out
    )
    report = out.getvalue()
    assert "CIN census 2022-23 for Southmoor Safeguarding Children Partnership: imported." in report
    assert "Children imported: 2\n" in report
    assert "Children refused: 12\n" in report
    assert "Time: " in report
    assert "  Refused P003 (line 26): a CINdetails has no CINreferralDate\n" in report
    assert "  Refused Child number 2 (line 21): it has no LAchildID\n" in report


def test_the_cin_import_command_fails_on_a_refused_file(southmoor: Partnership) -> None:
    with pytest.raises(CommandError, match="not well-formed XML at line 28"):
        call_command(
            "cin_import",
            str(FILES / "malformed_mid_file.xml"),
            partnership="southmoor",
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="declares XML entities"):
        call_command("cin_import", str(FILES / "billion_laughs.xml"), partnership="southmoor")
    with pytest.raises(CommandError, match="There is no file"):
        call_command("cin_import", str(FILES / "nothing.xml"), partnership="southmoor")


# --- memory --------------------------------------------------------------------------------------


def test_memory_stays_flat_however_many_children(tmp_path: Path) -> None:
    """Each child is let go once read: 10 times the children, about the same memory."""
    from masa.insight.cin.generate import generate

    peaks = []
    for children in (500, 5_000):
        path = tmp_path / f"census_{children}.xml"
        generate(path, children=children, year=2025, seed=3)
        script = (
            "import json, sys\n"
            "from masa.insight.cin.parse import CensusReader\n"
            "read = sum(1 for _ in CensusReader(open(sys.argv[1], 'rb')))\n"
            f"print(json.dumps([read, {PEAK_KB}]))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[2],
        )
        read, peak_kb = json.loads(done.stdout)
        assert read == children
        peaks.append(peak_kb)
    # The whole tree of 5,000 children would take well over 20 MB more than 500's.
    assert peaks[1] - peaks[0] < 8 * 1024
