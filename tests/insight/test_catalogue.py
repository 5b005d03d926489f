"""The starter catalogue (every fixed code, sensible units and tolerances), installing it
(idempotent, owners by agency kind), the catalogue page and changing an indicator."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from masa.core.errors import ServiceError
from masa.core.models import AgencyKind, AuditEvent, Partnership
from masa.insight import catalogue, services
from masa.insight.models import DataReturn, Indicator, Priority, Source, Unit
from masa.learning.reports import INDICATORS as LEARNING_INDICATORS
from tests import helpers as h

CIN_CODES = [
    "cin.referrals",
    "cin.referrals_per_10k",
    "cin.rereferrals_12m_pct",
    "cin.referrals_nfa_pct",
    "cin.assessments_completed",
    "cin.assessments_within_45wd_pct",
    "cin.s47_started",
    "cin.s47_per_10k",
    "cin.icpc_held",
    "cin.icpc_within_15wd_pct",
    "cin.cpp_started",
    "cin.cpp_started_per_10k",
    "cin.cpp_second_or_subsequent_pct",
    "cin.cpp_open_31mar",
    "cin.cpp_open_31mar_per_10k",
    "cin.cpp_ended",
    "cin.cin_31mar",
    "cin.cin_31mar_per_10k",
    *[f"cin.cpp_initial_category_pct.{c}" for c in ("NEG", "PHY", "EMO", "SAB", "MUL")],
    *[f"cin.cpp_latest_category_pct.{c}" for c in ("NEG", "PHY", "EMO", "SAB", "MUL")],
]
FACTORS = [
    *[f"{n}{letter}" for n in range(1, 7) for letter in "ABC"],
    "7A",
    *[f"8{letter}" for letter in "BCDEF"],
    "9A",
    "10A",
    "11A",
    "12A",
    "13A",
    "14A",
    "15A",
    "16A",
    "17A",
    "18B",
    "18C",
    "19B",
    "19C",
    "20",
    "21",
    "22A",
    "23A",
    "24A",
]
FRONT_DOOR_CODES = [
    "frontdoor.contacts",
    "frontdoor.contacts_per_10k",
    "frontdoor.referrals",
    "frontdoor.conversion_pct",
    "frontdoor.repeat_contacts_pct",
    "frontdoor.level4_nfa_pct",
    "frontdoor.decisions_on_time_pct",
    "frontdoor.partner_checks_on_time_pct",
]
SPECS = {spec.code: spec for spec in catalogue.STARTER}


def test_every_fixed_code_is_in_the_starter_catalogue_with_its_source() -> None:
    assert len(SPECS) == len(catalogue.STARTER), "codes are unique"
    for code in [*CIN_CODES, *[f"cin.assessment_factor_pct.{f}" for f in FACTORS]]:
        assert SPECS[code].source == Source.CIN, code
        assert SPECS[code].function in ("children_in_need", "child_protection"), code
    for code in FRONT_DOOR_CODES:
        assert (SPECS[code].source, SPECS[code].function) == (Source.FRONT_DOOR, "front_door")
    for item in LEARNING_INDICATORS:
        assert (SPECS[item.code].source, SPECS[item.code].function) == (Source.LEARNING, "learning")
        assert SPECS[item.code].frequency == "quarterly"  # and the year to date
    snapshots = [code for code in SPECS if "31mar" in code or "latest_category" in code]
    assert all(SPECS[code].frequency == "yearly" for code in snapshots)
    assert SPECS["cin.referrals"].frequency == "quarterly"


def test_the_return_indicators_cover_every_agency_and_priority() -> None:
    returned = [spec for spec in catalogue.STARTER if spec.source == Source.RETURN]
    assert 35 <= len(returned) <= 55
    kinds = Counter(spec.agency_kind for spec in returned)
    for kind in (
        AgencyKind.LOCAL_AUTHORITY,
        AgencyKind.POLICE,
        AgencyKind.HEALTH_ICB,
        AgencyKind.HEALTH_TRUST,
        AgencyKind.FIRE,
    ):
        assert kinds[kind] >= 2, kind
    functions = {spec.function for spec in returned}
    assert {
        "early_help",
        "children_in_care",
        "policing",
        "health",
        "education",
        "adults",
    } <= functions
    section42 = [code for code in SPECS if code.startswith("adults.s42.")]
    assert len(section42) == len(catalogue.ABUSE_TYPES) >= 10
    assert "adults.s42.self_neglect" in section42
    for code in (
        "cic.placed_20_miles_pct",
        "cic.three_placements_pct",
        "cic.health_assessment_pct",
        "careleavers.eet_pct",
        "police.missing_episodes",
        "police.da_incidents_children_present",
        "police.cce_crimes",
        "health.iha_within_20wd_pct",
        "health.conference_attendance_pct",
        "education.attendance_pct",
        "education.permanent_exclusions",
        "education.elective_home_education",
        "fire.hoarding_referrals",
    ):
        assert SPECS[code].source == Source.RETURN, code
    used = {slug for spec in catalogue.STARTER for slug in spec.priorities}
    assert used == {p.slug for p in catalogue.PRIORITIES}


@pytest.mark.parametrize("spec", catalogue.STARTER, ids=lambda spec: spec.code)
def test_each_indicator_is_well_formed(spec: catalogue.Spec) -> None:
    assert spec.name
    assert spec.definition.endswith(".")
    assert len(spec.code) <= 80
    assert len(spec.name) <= 200
    if spec.unit == Unit.PERCENT:
        assert (spec.minimum, spec.maximum) == (Decimal(0), Decimal(100))
    if spec.source == Source.RETURN:
        assert spec.agency_kind
        assert spec.frequency == "quarterly"
        # Percentages agencies return are entered as two counts.
        assert (spec.unit == Unit.PERCENT) == bool(spec.denominator_label)
        assert (spec.unit == Unit.PERCENT) == bool(spec.numerator_label)
    if spec.green_from is not None and spec.red_from is not None:
        if spec.polarity == "higher":
            assert spec.green_from > spec.red_from
        else:
            assert spec.polarity == "lower"
            assert spec.green_from < spec.red_from
    if spec.polarity == "neither":
        assert spec.green_from is None
        assert spec.red_from is None


@pytest.mark.django_db
def test_installing_is_idempotent_and_owners_follow_the_agency_kind(demo: None) -> None:
    southmoor = Partnership.objects.get(slug="southmoor")
    # The demo gives Southmoor a quarter of returns: clear them to start from nothing.
    DataReturn.objects.filter(partnership=southmoor).delete()
    Indicator.objects.filter(partnership=southmoor).delete()
    Priority.objects.filter(partnership=southmoor).delete()
    added = services.catalogue_install(actor=None, partnership=southmoor)
    assert added == len(catalogue.STARTER)
    events = AuditEvent.objects.filter(verb="catalogue.install", partnership=southmoor).count()
    assert services.catalogue_install(actor=None, partnership=southmoor) == 0
    assert (
        AuditEvent.objects.filter(verb="catalogue.install", partnership=southmoor).count() == events
    )
    assert Indicator.objects.filter(partnership=southmoor).count() == len(catalogue.STARTER)
    assert Priority.objects.filter(partnership=southmoor).count() == len(catalogue.PRIORITIES)
    owner = {i.code: i.agency for i in Indicator.objects.filter(partnership=southmoor)}
    assert owner["cic.children_in_care"].name == "Southmoor Metropolitan Borough Council"  # type: ignore[union-attr]
    assert owner["police.missing_episodes"].name == "Mercia Vale Police"  # type: ignore[union-attr]
    assert owner["health.iha_within_20wd_pct"].name == "Mercia Vale Integrated Care Board"  # type: ignore[union-attr]
    assert owner["health.da_routine_enquiry_pct"].name == (  # type: ignore[union-attr]
        "Southmoor and District NHS Foundation Trust"
    )
    assert owner["fire.hoarding_referrals"].name == "Mercia Vale Fire and Rescue Service"  # type: ignore[union-attr]
    assert owner["cin.referrals"] is None
    neglect = Indicator.objects.get(partnership=southmoor, code="cin.cpp_initial_category_pct.NEG")
    assert [p.slug for p in neglect.priorities.all()] == ["neglect"]


@pytest.mark.django_db
def test_installing_keeps_the_partnership_changes_and_adds_what_is_missing(demo: None) -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    services.catalogue_install(actor=None, partnership=northbridge)
    changed = Indicator.objects.get(partnership=northbridge, code="cic.placed_20_miles_pct")
    changed.green_from = Decimal(10)
    changed.save()
    # An indicator no return refers to (figures and comparators go with it).
    Indicator.objects.filter(partnership=northbridge, code="cin.assessment_factor_pct.24A").delete()
    assert services.catalogue_install(actor=None, partnership=northbridge) == 1
    changed.refresh_from_db()
    assert changed.green_from == Decimal(10)


# --- the catalogue page and changing an indicator -----------------------------------------


@pytest.fixture
def northbridge(demo: None) -> Partnership:
    partnership = Partnership.objects.get(slug="northbridge")
    services.catalogue_install(actor=None, partnership=partnership)
    return partnership


@pytest.mark.django_db
@pytest.mark.parametrize("who", [h.PRACTITIONER, h.SYSADMIN])
def test_people_without_figures_do_not_see_the_catalogue(
    who: str, northbridge: Partnership
) -> None:
    assert h.signed_in(who).get("/insight/catalogue/").status_code == 404


@pytest.mark.django_db
def test_the_catalogue_lists_indicators_by_function(northbridge: Partnership) -> None:
    response = h.signed_in(h.DATA_LEAD).get("/insight/catalogue/")
    assert response.status_code == 200
    text = response.content.decode()
    for heading in ("Children in need", "Policing", "Adults", "Learning and development"):
        assert heading in text
    assert "Children in care placed more than 20 miles from home" in text
    assert "Green at 12.0% or less; red at 16.0% or more" in text
    assert "?edit=" not in text  # a data lead cannot change the catalogue
    assert h.signed_in(h.DATA_LEAD).get("/insight/catalogue/?edit=cin.referrals").status_code == 404


@pytest.mark.django_db
def test_the_business_manager_changes_an_indicator(northbridge: Partnership) -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    url = "/insight/catalogue/?edit=cic.placed_20_miles_pct"
    page = client.get(url)
    assert page.status_code == 200
    assert "Change<span" in client.get("/insight/catalogue/").content.decode()
    police = h.membership(h.POLICE_BOTH).agency
    exploitation = Priority.objects.get(partnership=northbridge, slug="exploitation")
    response = client.post(
        url,
        {
            "green_from": "10",
            "red_from": "15",
            "change_alert_percent": "25",
            "agency": police.pk,
            "publishable": "no",
            "is_active": "yes",
            "priorities": [exploitation.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/insight/catalogue/#indicator-cicplaced_20_miles_pct"
    indicator = Indicator.objects.get(partnership=northbridge, code="cic.placed_20_miles_pct")
    assert (indicator.green_from, indicator.red_from, indicator.agency) == (
        Decimal(10),
        Decimal(15),
        police,
    )
    assert (indicator.publishable, indicator.change_alert_percent) == (False, Decimal(25))
    event = AuditEvent.objects.filter(verb="indicator.update", target_id=str(indicator.pk)).first()
    assert event is not None
    assert event.changes["green_from"] == {"old": "12.0000", "new": "10"}
    assert event.changes["priorities"]["new"] == ["Exploitation"]


@pytest.mark.django_db
def test_a_tolerance_the_wrong_way_round_is_refused(northbridge: Partnership) -> None:
    client = h.signed_in(h.BUSINESS_MANAGER)
    response = client.post(
        "/insight/catalogue/?edit=careleavers.eet_pct",
        {
            "green_from": "40",
            "red_from": "50",
            "change_alert_percent": "20",
            "publishable": "yes",
            "is_active": "yes",
        },
    )
    assert response.status_code == 400
    assert "Higher is better here, so green must start above red" in response.content.decode()
    response = client.post(
        "/insight/catalogue/?edit=careleavers.eet_pct",
        {
            "green_from": "140",
            "change_alert_percent": "20",
            "publishable": "yes",
            "is_active": "yes",
        },
    )
    assert "Enter 100 or less" in response.content.decode()


@pytest.mark.django_db
def test_refusals_of_the_service(northbridge: Partnership) -> None:
    manager = h.acting(h.BUSINESS_MANAGER)
    referrals = Indicator.objects.get(partnership=northbridge, code="cin.referrals")
    base: dict[str, Any] = {
        "change_alert_percent": Decimal(20),
        "publishable": True,
        "is_active": True,
        "priorities": [],
    }
    with pytest.raises(ServiceError, match="no better direction"):
        services.indicator_update(
            acting=manager,
            indicator=referrals,
            green_from=Decimal(1),
            red_from=None,
            agency=None,
            **base,
        )
    with pytest.raises(ServiceError, match="Only figures agencies return"):
        services.indicator_update(
            acting=manager,
            indicator=referrals,
            green_from=None,
            red_from=None,
            agency=h.membership(h.DATA_LEAD).agency,
            **base,
        )
    southmoor_only = h.membership(h.SOUTHMOOR_MANAGER, "southmoor").agency
    eet = Indicator.objects.get(partnership=northbridge, code="careleavers.eet_pct")
    with pytest.raises(ServiceError, match="does not take part"):
        services.indicator_update(
            acting=manager,
            indicator=eet,
            green_from=None,
            red_from=None,
            agency=southmoor_only,
            **base,
        )
