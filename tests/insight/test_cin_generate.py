"""The synthetic CIN census generator: determinism, structure, UPNs and realism.

The DfE validation rules themselves are run on generated files in test_cin_validator.py;
here are the properties the validator does not see (it reads only the first review
date of a plan, for one) and the national shape of the figures.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from masa.core.clocks import add_months, is_working_day, working_days_between
from masa.insight.cin.generate import LA_CODES, generate, upn_check_letter

FACTOR_CODES = {
    *(f"{n}{x}" for n in range(1, 7) for x in "ABC"),
    "7A", *(f"8{x}" for x in "BCDEF"), "9A", "10A", "11A", "12A", "13A", "14A", "15A",
    "16A", "17A", "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
}  # fmt: skip
SOURCES = {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
           "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"}  # fmt: skip
NEEDS = {f"N{n}" for n in range(10)}
REASONS = {f"RC{n}" for n in range(1, 10)}
CATEGORIES = {"NEG", "PHY", "SAB", "EMO", "MUL"}
ETHNICITIES = {"WBRI", "WIRI", "WIRT", "WROM", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
               "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU",
               "NOBT"}  # fmt: skip
DISABILITIES = {"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON",
                "AUT", "DDA"}  # fmt: skip
CHILD_ORDER = ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"]
EPISODE_ORDER = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                 "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA", "Assessments",
                 "CINPlanDates", "Section47", "ChildProtectionPlans"]  # fmt: skip


def _bytes(**kwargs: Any) -> bytes:
    out = io.BytesIO()
    generate(out, **kwargs)
    return out.getvalue()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _date(element: Any, path: str) -> date | None:
    return _day(element.findtext(path))


@pytest.fixture(scope="module")
def census_2026() -> Any:
    """3,000 children for the year ending 31 March 2026, parsed."""
    return etree.fromstring(_bytes(children=3000, year=2026, seed=11))


# --------------------------------------------------------------------------- determinism


def test_the_same_arguments_write_the_same_bytes(tmp_path: Path) -> None:
    first = tmp_path / "a.xml"
    generate(first, children=150, year=2026, seed=5)
    assert first.read_bytes() == _bytes(children=150, year=2026, seed=5)


def test_another_seed_year_or_area_writes_another_file() -> None:
    base = _bytes(children=60, year=2026, seed=5)
    assert _bytes(children=60, year=2026, seed=6) != base
    assert _bytes(children=60, year=2025, seed=5) != base
    assert _bytes(children=60, year=2026, seed=5, la="873") != base


def test_a_smaller_file_holds_the_first_children_of_a_larger_one() -> None:
    small = etree.fromstring(_bytes(children=40, year=2025, seed=2))
    large = etree.fromstring(_bytes(children=90, year=2025, seed=2))
    small_children = [etree.tostring(c, with_tail=False) for c in small.iterfind("Children/Child")]
    large_children = [etree.tostring(c, with_tail=False) for c in large.iterfind("Children/Child")]
    assert small_children == large_children[:40]


def test_progress_is_reported_as_children_are_written() -> None:
    seen: list[int] = []
    generate(io.BytesIO(), children=2500, year=2026, seed=1, progress=seen.append)
    assert seen == [1000, 2000, 2500]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"children": 0, "year": 2026, "seed": 1}, "children must be"),
        ({"children": 10, "year": 2013, "seed": 1}, "year must be"),
        ({"children": 10, "year": 2026, "seed": 1, "la": "999"}, "not a DfE local authority"),
        ({"children": 10, "year": 2026, "seed": 1, "la": "30"}, "not a DfE local authority"),
    ],
)
def test_impossible_arguments_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate(io.BytesIO(), **kwargs)


# --------------------------------------------------------------------------- structure


def test_the_header_names_the_collection_year_and_area() -> None:
    root = etree.fromstring(_bytes(children=5, year=2025, seed=1, la="873"))
    assert root.tag == "Message"
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/Year") == "2025"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-03-31"
    assert root.findtext("Header/Source/SourceLevel") == "L"
    assert root.findtext("Header/Source/LEA") == "873"
    assert len(root.findall("Children/Child")) == 5


def test_every_child_has_identifiers_characteristics_and_an_episode(census_2026: Any) -> None:
    children = census_2026.findall("Children/Child")
    assert len(children) == 3000
    ids = [c.findtext("ChildIdentifiers/LAchildID") for c in children]
    assert len(set(ids)) == len(ids)
    for child in children:
        tags = [e.tag for e in child]
        assert tags[:2] == CHILD_ORDER[:2]
        assert set(tags[2:]) == {"CINdetails"}
        assert re.fullmatch(r"[A-Za-z0-9]{1,20}", child.findtext("ChildIdentifiers/LAchildID"))
        born = child.findtext("ChildIdentifiers/PersonBirthDate")
        expected = child.findtext("ChildIdentifiers/ExpectedPersonBirthDate")
        assert (born is None) != (expected is None)
        assert child.findtext("ChildIdentifiers/Sex") in {"M", "F", "U"}
        assert child.find("ChildIdentifiers/GenderCurrent") is None
        if expected is not None:
            assert child.findtext("ChildIdentifiers/Sex") == "U"
        assert child.findtext("ChildCharacteristics/Ethnicity") in ETHNICITIES
        disabilities = [d.text for d in child.iterfind("ChildCharacteristics/Disabilities/*")]
        assert disabilities
        assert set(disabilities) <= DISABILITIES
        assert len(set(disabilities)) == len(disabilities)
        assert disabilities == ["NONE"] or "NONE" not in disabilities


def test_census_years_to_2024_record_gender_and_later_ones_sex() -> None:
    old = etree.fromstring(_bytes(children=300, year=2024, seed=3))
    genders = Counter(old.xpath("//ChildIdentifiers/GenderCurrent/text()"))
    assert not old.xpath("//ChildIdentifiers/Sex")
    assert set(genders) <= {"0", "1", "2", "9"}
    assert genders["1"] > 100
    assert genders["2"] > 100
    for child in old.iterfind("Children/Child"):
        if child.find("ChildIdentifiers/ExpectedPersonBirthDate") is not None:
            assert child.findtext("ChildIdentifiers/GenderCurrent") == "0"
    new = etree.fromstring(_bytes(children=300, year=2025, seed=3))
    assert not new.xpath("//ChildIdentifiers/GenderCurrent")
    assert len(new.xpath("//ChildIdentifiers/Sex")) == 300


def test_episodes_follow_the_census_rules(census_2026: Any) -> None:
    start, end = date(2025, 4, 1), date(2026, 3, 31)
    for child in census_2026.iterfind("Children/Child"):
        last_closure: date | None = None
        open_episodes = 0
        for episode in child.iterfind("CINdetails"):
            assert [e.tag for e in episode] == sorted(
                (e.tag for e in episode), key=EPISODE_ORDER.index
            )
            referral = _date(episode, "CINreferralDate")
            closure = _date(episode, "CINclosureDate")
            assert referral is not None
            assert referral <= end
            if last_closure is not None:
                assert referral > last_closure  # episodes never overlap
            assert episode.findtext("ReferralSource") in SOURCES
            nfa = episode.findtext("ReferralNFA")
            assert nfa in {"true", "false"}
            assert (closure is None) == (episode.find("ReasonForClosure") is None)
            if closure is not None:
                assert start <= closure <= end
                assert closure >= referral
                assert episode.findtext("ReasonForClosure") in REASONS
            else:
                open_episodes += 1
            if nfa == "true":
                assert episode.find("PrimaryNeedCode") is None
                assert closure == referral
                assert len(episode) == 5  # nothing but the referral and its closure
            else:
                assert episode.findtext("PrimaryNeedCode") in NEEDS
            dates = [
                _day(t) for t in episode.xpath(".//*[contains(name(), 'Date') and not(*)]/text()")
            ]
            assert all(d is not None and d >= referral for d in dates)
            if closure is not None:  # nothing happens after a closure
                assert all(d is not None and d <= closure for d in dates)
            last_closure = closure or end
        assert open_episodes <= 1


def test_assessments_enquiries_and_plans_are_consistent(census_2026: Any) -> None:
    start, end = date(2025, 4, 1), date(2026, 3, 31)
    for episode in census_2026.iterfind("Children/Child/CINdetails"):
        referral = _date(episode, "CINreferralDate")
        assert referral is not None
        for assessment in episode.iterfind("Assessments"):
            begun = _date(assessment, "AssessmentActualStartDate")
            done = _date(assessment, "AssessmentAuthorisationDate")
            factors = [f.text for f in assessment.iterfind("FactorsIdentifiedAtAssessment/*")]
            assert begun is not None
            assert begun >= referral
            if done is None:
                assert not factors
                assert start <= begun <= end
            else:
                assert begun <= done
                assert start <= done <= end
                assert factors
                assert set(factors) <= FACTOR_CODES
                assert len(set(factors)) == len(factors)
                assert factors == ["21"] or "21" not in factors
                if factors == ["21"]:
                    assert episode.findtext("ReasonForClosure") in {"RC8", "RC9", None}
        for s47 in episode.iterfind("Section47"):
            begun = _date(s47, "S47ActualStartDate")
            icpc = _date(s47, "DateOfInitialCPC")
            not_required = s47.findtext("ICPCnotRequired")
            assert begun is not None
            assert begun >= referral
            assert not_required in {"0", "1"}
            if icpc is not None:
                assert not_required == "0"
                assert begun <= icpc
                assert start <= icpc <= end
                assert is_working_day(icpc)
        plans = episode.findall("ChildProtectionPlans")
        for plan in plans:
            begun = _date(plan, "CPPstartDate")
            ended = _date(plan, "CPPendDate")
            assert begun is not None
            assert begun >= referral
            assert ended is None or (begun < ended and start <= ended <= end)
            assert plan.findtext("InitialCategoryOfAbuse") in CATEGORIES
            assert plan.findtext("LatestCategoryOfAbuse") in CATEGORIES
            assert int(plan.findtext("NumberOfPreviousCPP")) >= 0
            # A plan starts at an initial conference, held on the enquiry or the episode.
            conferences = {_date(s, "DateOfInitialCPC") for s in episode.iterfind("Section47")}
            conferences.add(_date(episode, "DateOfInitialCPC"))
            assert begun < start or begun in conferences
            # Every review, not only the first (the DfE validator reads only the first).
            reviews = [date.fromisoformat(r) for r in plan.xpath("Reviews/CPPreviewDate/text()")]
            assert reviews == sorted(reviews)
            assert all(begun < r <= (ended or end) for r in reviews)
            assert all(start <= r for r in reviews)
        cin_plans = [
            (_date(p, "CINPlanStartDate"), _date(p, "CINPlanEndDate"))
            for p in episode.iterfind("CINPlanDates")
        ]
        assert sum(1 for _, ended in cin_plans if ended is None) <= 1
        for begun, ended in cin_plans:
            assert begun is not None
            assert begun >= referral
            assert begun <= end
            assert ended is None or (begun < ended and start <= ended <= end)
            for plan in plans:  # never on a child in need plan and a protection plan at once
                cp_start = _date(plan, "CPPstartDate")
                cp_end = _date(plan, "CPPendDate") or date.max
                assert cp_start is not None
                assert (ended or date.max) <= cp_start or begun >= cp_end


# --------------------------------------------------------------------------- UPNs


def test_the_upn_check_letter_is_worked_out_as_the_dfe_says() -> None:
    # 3x2 + 0x3 + 1x4 + 2x5 + 6x6 + 2x7 + 7x8 + 2x9 + 3x10 + 3x11 + 9x12 + 9x13 = 432;
    # 432 mod 23 = 18, the 19th letter of ABCDEFGHJKLMNPQRTUVWXYZ: V.
    assert upn_check_letter("301262723399") == "V"
    assert upn_check_letter("000000000000") == "A"
    # 1x2 = 2 -> C; and 2 in the 11th place: 2x11 = 22 -> Z, the last letter.
    assert upn_check_letter("100000000000") == "C"
    assert upn_check_letter("000000000200") == "Z"
    with pytest.raises(ValueError, match="12 digits"):
        upn_check_letter("30126272339A")


def test_every_upn_is_valid_and_different(census_2026: Any) -> None:
    upns = census_2026.xpath("//ChildIdentifiers/UPN/text()")
    assert len(upns) > 1500
    assert len(set(upns)) == len(upns)
    for upn in upns:
        assert re.fullmatch(r"[A-Z]\d{12}", upn)
        assert upn_check_letter(upn[1:]) == upn[0]
        assert upn[1:4] in LA_CODES
    assert Counter(u[1:4] for u in upns).most_common(1)[0][0] == "301"
    for former in census_2026.xpath("//ChildIdentifiers/FormerUPN/text()"):
        assert upn_check_letter(former[1:]) == former[0]


def test_a_child_without_a_upn_has_a_reason(census_2026: Any) -> None:
    reasons: Counter[str] = Counter()
    for identifiers in census_2026.iterfind("Children/Child/ChildIdentifiers"):
        has_upn = identifiers.find("UPN") is not None
        reason = identifiers.findtext("UPNunknown")
        assert has_upn != (reason is not None)
        if reason:
            reasons[reason] += 1
    assert set(reasons) <= {f"UN{n}" for n in range(1, 8)}
    assert reasons["UN1"] > 100
    assert reasons["UN7"] > 0


# --------------------------------------------------------------------------- realism


def _figures(root: Any) -> dict[str, float]:
    start = date(2025, 4, 1)
    count: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for child in root.iterfind("Children/Child"):
        referral_dates = [_date(e, "CINreferralDate") for e in child.iterfind("CINdetails")]
        if child.find("ChildIdentifiers/ExpectedPersonBirthDate") is not None:
            count["unborn"] += 1
        for episode in child.iterfind("CINdetails"):
            referral = _date(episode, "CINreferralDate")
            assert referral is not None
            if referral < start:
                count["carried_in"] += 1
            else:
                count["referrals"] += 1
                sources[episode.findtext("ReferralSource")] += 1
                count["nfa"] += episode.findtext("ReferralNFA") == "true"
                earlier = add_months(referral, -12)
                count["rereferrals"] += any(r and earlier <= r < referral for r in referral_dates)
                count["with_s47"] += episode.find("Section47") is not None
            for assessment in episode.iterfind("Assessments"):
                done = _date(assessment, "AssessmentAuthorisationDate")
                if done is not None:
                    count["assessments"] += 1
                    count["within_45"] += working_days_between(referral, done) <= 45
            for s47 in episode.iterfind("Section47"):
                begun, icpc = _date(s47, "S47ActualStartDate"), _date(s47, "DateOfInitialCPC")
                count["s47"] += begun is not None and begun >= start
                if icpc is not None and begun is not None:
                    count["icpc"] += 1
                    count["icpc_15"] += working_days_between(begun, icpc) <= 15
            for plan in episode.iterfind("ChildProtectionPlans"):
                begun = _date(plan, "CPPstartDate")
                assert begun is not None
                if begun >= start:
                    count["cpp"] += 1
                    categories[plan.findtext("InitialCategoryOfAbuse")] += 1
                    count["second"] += plan.findtext("NumberOfPreviousCPP") != "0"
                if plan.find("CPPendDate") is None:
                    count["cpp_open"] += 1
    referrals, cpp = count["referrals"], count["cpp"]
    health = sum(sources[c] for c in ("3A", "3B", "3C", "3D", "3E", "3F"))
    return {
        "referrals": referrals,
        "carried_in": count["carried_in"],
        "unborn": count["unborn"],
        "cpp_open": count["cpp_open"],
        "nfa": count["nfa"] / referrals,
        "rereferrals": count["rereferrals"] / referrals,
        "within_45": count["within_45"] / count["assessments"],
        "s47": count["with_s47"] / referrals,
        "icpc_of_s47": count["icpc"] / count["s47"],
        "icpc_15": count["icpc_15"] / count["icpc"],
        "second": count["second"] / cpp,
        "police": sources["6"] / referrals,
        "schools": sources["2A"] / referrals,
        "health": health / referrals,
        **{code: categories[code] / cpp for code in CATEGORIES},
    }


def test_the_figures_have_the_national_shape(census_2026: Any) -> None:
    figures = _figures(census_2026)
    ranges = {
        "nfa": (0.05, 0.11),
        "rereferrals": (0.15, 0.26),
        "within_45": (0.78, 0.91),
        "s47": (0.15, 0.26),
        "icpc_of_s47": (0.40, 0.60),
        "icpc_15": (0.70, 0.90),
        "second": (0.16, 0.31),
        "police": (0.26, 0.34),
        "schools": (0.16, 0.23),
        "health": (0.12, 0.19),
        "NEG": (0.42, 0.58),
        "EMO": (0.27, 0.43),
        "PHY": (0.02, 0.11),
        "SAB": (0.01, 0.08),
        "MUL": (0.02, 0.09),
    }
    outside = {
        name: round(figures[name], 3)
        for name, (low, high) in ranges.items()
        if not low <= figures[name] <= high
    }
    assert not outside, f"outside the national range: {outside}"
    # Referrals over the year, episodes open from earlier years, unborn children, and
    # plans open across 31 March.
    assert figures["referrals"] > 2500
    assert figures["carried_in"] > 600
    assert figures["unborn"] > 10
    assert figures["cpp_open"] > 100


def test_referrals_come_all_year_round(census_2026: Any) -> None:
    months = Counter(
        d.month
        for d in (_day(t) for t in census_2026.xpath("//CINdetails/CINreferralDate/text()"))
        if d and d >= date(2025, 4, 1)
    )
    assert len(months) == 12
    assert min(months.values()) > 150
    assert months[8] < months[10]  # the summer holiday


# --------------------------------------------------------------------------- the command


def test_the_command_writes_the_same_file_as_generate(tmp_path: Path) -> None:
    out = tmp_path / "census.xml"
    stdout = io.StringIO()
    call_command("cin_generate", str(out), children=120, year=2027, seed=9, la="873", stdout=stdout)
    assert out.read_bytes() == _bytes(children=120, year=2027, seed=9, la="873")
    assert "CIN census 2026-27, 120 children, seed 9" in stdout.getvalue()


def test_the_command_refuses_an_unknown_area_and_keeps_the_file(tmp_path: Path) -> None:
    out = tmp_path / "census.xml"
    out.write_bytes(b"earlier")
    with pytest.raises(CommandError, match="not a DfE local authority code"):
        call_command("cin_generate", str(out), children=10, year=2026, la="999")
    assert out.read_bytes() == b"earlier"
    with pytest.raises(CommandError, match="no folder"):
        call_command("cin_generate", str(tmp_path / "nowhere" / "x.xml"), children=1, year=2026)
