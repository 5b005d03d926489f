"""Front-door figures: the arithmetic, the counting, suppression, the page and the CSV.

Counting tests use contacts received in far-future financial years (through the
`now=` argument of `referral_submit`), so the demo data never falls in their window
and every expected number is exact.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from masa.core import figures as figs
from masa.core.acting import Acting
from masa.core.models import Agency, ChildPopulation, Partnership
from masa.frontdoor import figures as fig
from masa.frontdoor import services
from masa.frontdoor.models import Contact, PartnerCheck
from tests import helpers as h
from tests.frontdoor.factories import child_answers, referral_answers
from tests.helpers import (
    DATA_LEAD,
    GP_PRACTITIONER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    POLICE_BOTH,
    PRACTITIONER,
    SOUTHMOOR_MANAGER,
    SOUTHMOOR_PRACTITIONER,
    signed_in,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FIGURES = reverse("frontdoor:figures")
FIGURES_CSV = reverse("frontdoor:figures-csv")
REFERRALS = (
    "Referrals (contacts decided at level 4 or for a social care assessment or section 47 enquiry)"
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# --- pure functions -----------------------------------------------------------------


def test_financial_year_arithmetic() -> None:
    assert figs.financial_year_of(datetime.date(2026, 3, 31)) == 2025
    assert figs.financial_year_of(datetime.date(2026, 4, 1)) == 2026
    assert figs.year_label(2025) == "2025-26"
    assert figs.year_label(2099) == "2099-00"
    assert figs.parse_year_label("2025-26") == 2025
    assert figs.parse_year_label(" 2099-00 ") == 2099
    for bad in ("2025-27", "2025", "25-26", "2025-26x", "abcd-ef", "", "1900-01"):
        with pytest.raises(ValueError, match="not a financial year"):
            figs.parse_year_label(bad)
    low, high = figs.year_bounds(2025)
    assert (low.isoformat(), high.isoformat()) == (
        "2025-04-01T00:00:00+01:00",
        "2026-04-01T00:00:00+01:00",
    )


def test_months_and_financial_quarters() -> None:
    months = figs.month_starts(2025)
    assert months[0] == datetime.date(2025, 4, 1)
    assert months[-1] == datetime.date(2026, 3, 1)
    assert len(months) == 12
    assert [figs.financial_quarter(m) for m in range(1, 13)] == [4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    with pytest.raises(ValueError, match="no month"):
        figs.financial_quarter(13)
    assert figs.quarter_label(2025, 1) == "Q1: April to June 2025"
    assert figs.quarter_label(2025, 4) == "Q4: January to March 2026"
    assert figs.month_bounds(datetime.date(2025, 12, 1))[1] == at(2026, 1, 1)
    quarters = figs.periods(2025, figs.Grouping.QUARTER)
    assert [p.months for p in quarters] == [(0, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11)]
    assert figs.periods(2025, figs.Grouping.MONTH)[9].label == "January 2026"


def test_percentages_and_rates_never_divide_by_zero() -> None:
    assert figs.percentage(1, 3) == pytest.approx(33.333, abs=0.001)
    assert figs.percentage(0, 0) is None
    assert figs.percent_cell(5, 0, publish=False).text == "not available"
    assert figs.percent_cell(0, 10, publish=False).text == "0.0%"
    assert figs.rate_per_10000(13, 65_000) == pytest.approx(2.0)
    assert figs.rate_cell(13, None, publish=False).text == "not available"
    assert figs.rate_cell(13, 0, publish=False).text == "not available"
    assert figs.count_cell(12345, publish=False).text == "12,345"
    assert figs.count_cell(12345, publish=False).csv_value == "12345"
    assert figs.percent_cell(2, 3, publish=False).csv_value == "66.7"


@pytest.mark.parametrize(
    ("count", "hidden"), [(0, False), (1, True), (2, True), (4, True), (5, False), (99, False)]
)
def test_suppression_hides_1_to_4_when_publishing(count: int, hidden: bool) -> None:
    assert figs.is_suppressed(count, publish=True) is hidden
    assert figs.is_suppressed(count, publish=False) is False
    cell = figs.count_cell(count, publish=True)
    assert cell.text == ("[c]" if hidden else f"{count:,}")
    assert cell.csv_value == ("[c]" if hidden else str(count))


def test_percentages_and_rates_from_suppressed_counts_are_suppressed() -> None:
    assert figs.percent_cell(3, 100, publish=True).text == "[c]"  # numerator small
    assert figs.percent_cell(4, 4, publish=True).text == "[c]"  # both small
    assert figs.percent_cell(0, 4, publish=True).text == "[c]"  # denominator small
    assert figs.percent_cell(0, 100, publish=True).text == "0.0%"
    assert figs.percent_cell(50, 100, publish=True).text == "50.0%"
    assert figs.percent_cell(0, 0, publish=True).text == "not available"
    assert figs.rate_cell(3, 60_000, publish=True).text == "[c]"
    assert figs.rate_cell(0, 60_000, publish=True).text == "0.0"
    assert figs.percent_cell(3, 100, publish=False).text == "3.0%"


def test_bar_chart_geometry() -> None:
    table = figs.Table(
        key="t",
        caption="T",
        group_heading="G",
        columns=("A", "B"),
        rows=(
            figs.Row("one", (figs.count_cell(10, True), figs.count_cell(3, True))),
            figs.Row("two", (figs.count_cell(5, True), figs.count_cell(0, True))),
        ),
    )
    chart = figs.bar_chart("Chart", table, (0, 1))
    full = figs.CHART_WIDTH - figs._VALUE_ROOM
    one, two = chart.groups
    assert [b.width for b in one.bars] == [full, 0.0]  # 3 is suppressed: no bar
    assert one.bars[1].text == "[c]"
    assert [b.width for b in two.bars] == [full / 2, 0.0]
    assert [item.label for item in chart.legend] == ["A", "B"]
    assert chart.height > two.bars[-1].y
    empty = figs.bar_chart("Empty", figs.Table("e", "E", "G", ("A",), ()), (0,))
    assert empty.groups == ()
    assert empty.legend == ()


# --- counting in the database ---------------------------------------------------------


def send(
    when: datetime.datetime,
    *,
    email: str = PRACTITIONER,
    partnership: str = "northbridge",
    **answers: Any,
) -> list[Contact]:
    """A referral sent at `when` through the services; its contacts."""
    who = h.acting(email, partnership)
    referral = services.referral_start(acting=who)
    referral = services.referral_submit(
        acting=who, referral=referral, answers=referral_answers(**answers), now=when
    )
    return list(referral.contacts.order_by("number"))


def child(**overrides: Any) -> tuple[Any, ...]:
    return (child_answers(**overrides),)


def acting(email: str, partnership: str = "northbridge") -> Acting:
    return h.acting(email, partnership)


def decide(contact: Contact, level: int, outcome: str, *, late: bool = False) -> None:
    services.contact_decide(
        acting=acting(MASH_PRACTITIONER),
        contact=contact,
        level=level,
        outcome=outcome,
        descriptor=f"{level}.1",
        rationale="Reasons",
        referrer_feedback="Feedback",
    )
    services.contact_sign_off(acting=acting(MASH_MANAGER), contact=contact, approve=True)
    if late:
        Contact.objects.filter(pk=contact.pk).update(
            decided_at=F("decision_due_at") + datetime.timedelta(hours=1)
        )


@pytest.fixture
def year_2090(demo: None) -> dict[str, Contact]:
    """Northbridge contacts in financial year 2090-91, with a known mix.

    Seven contacts: April 2 (one a minute after midnight UK time on 1 April), June 2
    (siblings: one unborn), July 1, August 1 (a repeat of July's child), March 1 (the
    last half hour of the year). Decided: A level 4 in time, B level 4 NFA late, C1
    level 2 in time. Checks on G: one answered in time, one late, one open and overdue.
    A contact just after the year ends must not count.
    """
    (a,) = send(at(2090, 4, 1, 0, 1), children=child(date_of_birth=datetime.date(2080, 4, 1)))
    (b,) = send(
        at(2090, 4, 15, 10),
        email=GP_PRACTITIONER,
        categories=("neglect", "domestic_abuse"),
        children=child(date_of_birth=datetime.date(2080, 4, 16), sex="M", ethnicity="BAFR"),
    )
    c1, c2 = send(
        at(2090, 6, 20, 9),
        email=POLICE_BOTH,
        categories=("cse",),
        children=(
            child_answers(date_of_birth=None, expected_date_of_birth=datetime.date(2090, 9, 1)),
            child_answers(date_of_birth=datetime.date(2090, 1, 10)),
        ),
    )
    teenager = {"first_names": "Robin", "last_name": "Figures", "sex": "U"}
    born = datetime.date(2073, 7, 1)
    (d,) = send(at(2090, 7, 1, 12), children=child(date_of_birth=born, **teenager))
    (g,) = send(at(2090, 8, 1, 12), children=child(date_of_birth=born, **teenager))
    (e,) = send(at(2091, 3, 31, 23, 30), children=child(date_of_birth=datetime.date(2087, 3, 31)))
    send(at(2091, 4, 1, 0, 10))  # the next year

    decide(a, 4, "assessment")
    decide(b, 4, "nfa", late=True)
    decide(c1, 2, "early_help_2")

    ben = acting(MASH_PRACTITIONER)
    services.contact_link_child(acting=ben, contact=d, child=None)
    d.refresh_from_db()
    services.contact_link_child(acting=ben, contact=g, child=d.child)
    police = Agency.objects.get(name="Mercia Vale Police")
    health = Agency.objects.get(name="Northbridge Hospitals NHS Trust")
    maya = acting(POLICE_BOTH)
    in_time = services.partner_check_request(acting=ben, contact=g, agency=police, question="Q1")
    late = services.partner_check_request(acting=ben, contact=g, agency=police, question="Q2")
    still_open = services.partner_check_request(acting=ben, contact=g, agency=health, question="Q3")
    services.partner_check_respond(acting=maya, check=in_time, response="Nothing known")
    services.partner_check_respond(acting=maya, check=late, response="Nothing known")
    PartnerCheck.objects.filter(pk=late.pk).update(
        responded_at=F("due_at") + datetime.timedelta(hours=2)
    )
    PartnerCheck.objects.filter(pk=still_open.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    return {"a": a, "b": b, "c1": c1, "c2": c2, "d": d, "g": g, "e": e}


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def test_count_figures_exact(year_2090: dict[str, Contact]) -> None:
    counts = fig.count_figures(northbridge(), 2090)
    total = counts.total
    assert total("contacts") == 7
    assert counts.monthly["contacts"] == [2, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 1]
    assert (total("decided"), total("referrals"), total("level4_nfa")) == (3, 2, 1)
    assert (total("decided_in_time"), total("repeats")) == (2, 1)
    assert counts.monthly["repeats"][4] == 1  # August
    assert (total("checks_answered"), total("checks_in_time"), total("checks_overdue")) == (
        2,
        1,
        1,
    )
    assert counts.sources == {"2A": 4, "3A": 1, "6": 2}
    assert counts.categories == {"neglect": 5, "domestic_abuse": 1, "cse": 2}
    assert counts.age_bands == {"10-15": 1, "5-9": 1, "unborn": 1, "0": 1, "16+": 2, "1-4": 1}
    assert counts.sexes == {"F": 4, "M": 1, "U": 2}
    assert counts.ethnicities == {"WBRI": 6, "BAFR": 1}
    assert counts.population is None
    assert fig.years_with_contacts(northbridge())[1] == 2091  # type: ignore[index]


def test_age_band_is_age_on_the_day_received_in_uk_time(demo: None) -> None:
    leapling = datetime.date(2088, 2, 29)
    # Born 29 February: four on 28 February 2093, five on 1 March.
    send(at(2093, 2, 28, 12), children=child(date_of_birth=leapling))
    send(at(2093, 3, 1, 12), children=child(date_of_birth=leapling))
    # 00:30 on 1 May (UK summer time) is still 30 April in UTC: sixteen on the day.
    send(at(2092, 5, 1, 0, 30), children=child(date_of_birth=datetime.date(2076, 5, 1)))
    # The day before the sixteenth birthday.
    send(at(2092, 4, 30, 23, 0), children=child(date_of_birth=datetime.date(2076, 5, 1)))
    # Born the day the contact came: under 1.
    send(at(2092, 6, 1, 9), children=child(date_of_birth=datetime.date(2092, 6, 1)))
    send(at(2092, 6, 2, 9), children=child(date_of_birth=None))  # not known
    counts = fig.count_figures(northbridge(), 2092)
    assert counts.age_bands == {"1-4": 1, "5-9": 1, "16+": 1, "10-15": 1, "0": 1, "unknown": 1}


def band_in_python(contact: Contact) -> str:
    if contact.date_of_birth is None:
        return "unborn" if contact.expected_date_of_birth else "unknown"
    age = contact.age_on(contact.received_at.astimezone(LONDON).date())
    assert age is not None
    return next(band for band, floor in reversed(fig.BAND_FLOORS) if age >= floor)


def test_age_bands_agree_with_the_age_of_each_contact(demo: None) -> None:
    """Many contacts, born near the bands' edges and received near midnight, counted in
    SQL the same as each contact's own age says."""
    rnd = random.Random(20940)
    (template,) = send(at(2094, 4, 1, 12))
    Contact.objects.filter(pk=template.pk).delete()
    low, _ = figs.year_bounds(2094)
    made = []
    for n in range(800):
        received = low + datetime.timedelta(
            days=rnd.randrange(365), hours=rnd.choice([0, 0, 12, 23]), minutes=rnd.randrange(60)
        )
        day = received.astimezone(LONDON).date()
        years = rnd.choice([0, 1, 4, 5, 9, 10, 15, 16, 17])
        near_edge = day.replace(day=1, year=day.year - years)
        born_on = min(near_edge + datetime.timedelta(days=rnd.randrange(-40, 70)), day)
        born = None if n % 97 == 0 else born_on
        made.append(
            Contact(
                partnership=template.partnership,
                referral=template.referral,
                number=n + 10,
                reference=f"{template.reference}-x{n}",
                first_names="A",
                last_name="B",
                date_of_birth=born,
                expected_date_of_birth=day if born is None and n % 2 else None,
                sex="F",
                ethnicity="WBRI",
                received_at=received,
                source_agency=template.source_agency,
                source_kind="school",
                referral_source="2A",
                decision_due_at=received,
            )
        )
    Contact.objects.bulk_create(made)
    expected: dict[str, int] = {}
    for contact in made:
        band = band_in_python(contact)
        expected[band] = expected.get(band, 0) + 1
    assert fig.count_figures(northbridge(), 2094).age_bands == expected
    assert len(expected) == 7


def test_tables_from_counts(year_2090: dict[str, Contact]) -> None:
    counts = fig.count_figures(northbridge(), 2090)
    tables = {t.key: t for t in fig.build_tables(counts, figs.Grouping.MONTH, publish=False)}
    summary = {row.label: row.cells[0].text for row in tables["summary"].rows}
    assert summary["Contacts received"] == "7"
    assert summary[REFERRALS] == "2"
    assert summary["Conversion: referrals as a percentage of contacts decided"] == "66.7%"
    assert summary["Repeat contacts as a percentage of contacts"] == "14.3%"
    assert summary["No-further-action rate of level 4 contacts"] == "50.0%"
    assert summary["Decision timeliness: percentage decided within the timescale"] == "66.7%"
    assert summary["Partner check timeliness: percentage answered by the time asked"] == "50.0%"
    assert summary["Partner checks still open and overdue"] == "1"
    assert summary["Contacts per 10,000 children"] == "not available"
    assert "not available" in tables["summary"].notes[0]

    flow = tables["contacts_by_month"]
    assert [r.label for r in flow.rows][:2] == ["April 2090", "May 2090"]
    april = flow.rows[0]
    assert [c.text for c in april.cells] == ["2", "2", "2", "100.0%", "0"]
    assert [c.text for c in flow.rows[1].cells] == ["0", "0", "0", "not available", "0"]
    assert flow.chart is not None
    assert len(flow.chart.groups) == 12

    sources = tables["sources"]
    assert [(r.label, r.cells[0].text, r.cells[1].text) for r in sources.rows] == [
        ("2A: Schools", "4", "57.1%"),
        ("6: Police", "2", "28.6%"),
        ("3A: Health services: GP", "1", "14.3%"),
    ]
    concerns = [(r.label, r.cells[0].text) for r in tables["concerns"].rows]
    assert concerns == [
        ("Neglect", "5"),
        ("Child sexual exploitation", "2"),
        ("Domestic abuse", "1"),
    ]
    ages = [(r.label, r.cells[0].text) for r in tables["age"].rows]
    assert ages == [
        ("Unborn", "1"),
        ("Under 1", "1"),
        ("1 to 4", "1"),
        ("5 to 9", "1"),
        ("10 to 15", "1"),
        ("16 and over", "2"),
    ]
    sexes = [(r.label, r.cells[0].text) for r in tables["sex"].rows]
    assert sexes == [("Female", "4"), ("Male", "1"), ("Not known or not stated", "2")]
    ethnicity = {r.label: r.cells[0].text for r in tables["ethnicity"].rows}
    assert len(ethnicity) == 20
    assert (ethnicity["White British"], ethnicity["Black African"], ethnicity["Chinese"]) == (
        "6",
        "1",
        "0",
    )

    quarters = fig.build_tables(counts, figs.Grouping.QUARTER, publish=False)[1]
    assert [(r.label, r.cells[0].text) for r in quarters.rows] == [
        ("Q1: April to June 2090", "4"),
        ("Q2: July to September 2090", "2"),
        ("Q3: October to December 2090", "0"),
        ("Q4: January to March 2091", "1"),
    ]


def test_tables_prepared_for_publication(year_2090: dict[str, Contact]) -> None:
    counts = fig.count_figures(northbridge(), 2090)
    tables = {t.key: t for t in fig.build_tables(counts, figs.Grouping.QUARTER, publish=True)}
    summary = {row.label: row.cells[0].text for row in tables["summary"].rows}
    assert summary["Contacts received"] == "7"
    assert summary[REFERRALS] == "[c]"
    assert summary["Conversion: referrals as a percentage of contacts decided"] == "[c]"
    assert summary["Repeat contacts as a percentage of contacts"] == "[c]"
    sexes = [(r.label, r.cells[0].text, r.cells[1].text) for r in tables["sex"].rows]
    assert sexes == [
        ("Female", "[c]", "[c]"),
        ("Male", "[c]", "[c]"),
        ("Not known or not stated", "[c]", "[c]"),
    ]
    ethnicity = {r.label: (r.cells[0].text, r.cells[1].text) for r in tables["ethnicity"].rows}
    # Six of seven: with one child of another ethnicity hidden, 7 - 6 would show it.
    assert ethnicity["White British"] == ("[c]", "[c]")
    assert ethnicity["Chinese"] == ("0", "0.0%")
    q3 = tables["contacts_by_quarter"].rows[2]
    assert [c.text for c in q3.cells] == ["0", "0", "0", "not available", "0"]
    every = [cell for t in tables.values() for row in t.rows for cell in row.cells]
    assert not any(c.kind == figs.Kind.COUNT and c.text in {"1", "2", "3", "4"} for c in every)


def test_rate_per_10000_children_uses_the_years_population(demo: None) -> None:
    southmoor = Partnership.objects.get(slug="southmoor")
    for day in (5, 6, 7):
        send(at(2091, 6, day, 10), email=SOUTHMOOR_PRACTITIONER, partnership="southmoor")
    send(at(2091, 6, 8, 10))  # Northbridge: not counted for Southmoor
    ChildPopulation.objects.create(partnership=southmoor, year=2091, children=50_000)
    counts = fig.count_figures(southmoor, 2091)
    summary = {r.label: r.cells[0].text for r in fig.summary_table(counts, publish=False).rows}
    assert summary["Contacts received"] == "3"
    assert summary["Contacts per 10,000 children"] == "0.6"
    assert summary["Referrals per 10,000 children"] == "0.0"
    published = {r.label: r.cells[0].text for r in fig.summary_table(counts, publish=True).rows}
    assert published["Contacts per 10,000 children"] == "[c]"


# --- the page and the CSV -----------------------------------------------------------------


def test_data_lead_can_see_figures(year_2090: dict[str, Contact]) -> None:
    response = signed_in(DATA_LEAD).get(FIGURES, {"year": "2090-91"})
    assert response.status_code == 200
    assert response.context["year"] == "2090-91"
    summary = response.context["tables"][0]
    assert summary.rows[0].cells[0].text == "7"
    html = response.content.decode()
    assert "Summary, 2090-91" in html
    assert "<svg" in html
    assert "Q1 is April to June" in html
    main = html.split('id="content"')[1].split("</main>")[0]
    assert " style=" not in main
    assert "<script" not in main


def test_figures_page_defaults_to_latest_year_with_contacts(demo: None) -> None:
    send(at(2095, 5, 1, 12))
    response = signed_in(MASH_MANAGER).get(FIGURES)
    assert response.status_code == 200
    assert response.context["year"] == "2095-96"
    assert response.context["form"]["group"].value() == "month"


@pytest.mark.parametrize("email", [PRACTITIONER, SOUTHMOOR_PRACTITIONER])
def test_practitioner_cannot_see_figures(demo: None, email: str) -> None:
    client = signed_in(email)
    assert client.get(FIGURES).status_code == 404
    assert client.get(FIGURES_CSV).status_code == 404


def test_southmoor_manager_can_see_southmoor_figures_only(demo: None) -> None:
    send(at(2091, 6, 5, 10), email=SOUTHMOOR_PRACTITIONER, partnership="southmoor")
    send(at(2091, 6, 6, 10))
    send(at(2091, 6, 7, 10))
    response = signed_in(SOUTHMOOR_MANAGER).get(FIGURES, {"year": "2091-92"})
    assert response.status_code == 200
    assert response.context["partnership"].slug == "southmoor"
    assert response.context["tables"][0].rows[0].cells[0].text == "1"
    northbridge_view = signed_in(DATA_LEAD).get(FIGURES, {"year": "2091-92"})
    assert northbridge_view.context["tables"][0].rows[0].cells[0].text == "2"


def test_police_officer_cannot_see_figures_after_switching_to_southmoor(demo: None) -> None:
    client = signed_in(POLICE_BOTH)
    assert client.get(FIGURES).status_code == 200  # MASH practitioner in Northbridge
    southmoor = Partnership.objects.get(slug="southmoor")
    client.post("/partnership/switch/", {"partnership": str(southmoor.pk)})
    assert client.get(FIGURES).status_code == 404  # a practitioner in Southmoor


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "banana"}, "year", "Select a financial year from the list"),
        ({"year": "1850-51"}, "year", "Select a financial year from the list"),
        ({"year": "2025-27"}, "year", "Select a financial year from the list"),
        ({"group": "fortnight"}, "group", "Select month or financial quarter"),
        ({"group": "<script>alert(1)</script>"}, "group", "Select month or financial quarter"),
    ],
)
def test_bad_period_is_a_field_error(
    demo: None, query: dict[str, str], field: str, message: str
) -> None:
    response = signed_in(DATA_LEAD).get(FIGURES, query)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert "tables" not in response.context
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<title>Error:" in html
    assert "<script>alert(1)" not in html


def test_figures_csv(year_2090: dict[str, Contact]) -> None:
    response = signed_in(DATA_LEAD).get(
        FIGURES_CSV, {"year": "2090-91", "group": "quarter", "publish": "1"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="front-door-figures-northbridge-2090-91-by-quarter'
        '-for-publication.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["table", "group", "measure", "value"]
    assert ["Summary, 2090-91", "Contacts received", "Figure", "7"] in rows
    assert ["Summary, 2090-91", REFERRALS, "Figure", "[c]"] in rows
    assert [
        "Contacts and referrals by financial quarter, 2090-91",
        "Q1: April to June 2090",
        "Contacts",
        "[c]",
    ] in rows
    assert [
        "Contacts by ethnicity of the child, 2090-91",
        "White British",
        "Percentage of contacts",
        "[c]",
    ] in rows
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_figures_csv_without_publication_shows_small_numbers(
    year_2090: dict[str, Contact],
) -> None:
    response = signed_in(MASH_PRACTITIONER).get(FIGURES_CSV, {"year": "2090-91"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Summary, 2090-91", REFERRALS, "Figure", "2"] in rows
    assert (
        'filename="front-door-figures-northbridge-2090-91-by-month.csv"'
        in (response["Content-Disposition"])
    )


def test_figures_csv_with_bad_period_goes_back_to_the_form(demo: None) -> None:
    response = signed_in(DATA_LEAD).get(FIGURES_CSV, {"year": "nope"})
    assert response.status_code == 302
    assert response["Location"] == f"{FIGURES}?year=nope"


def test_figures_page_makes_few_queries(
    year_2090: dict[str, Contact], django_assert_max_num_queries: Any
) -> None:
    client = signed_in(DATA_LEAD)
    client.get(FIGURES, {"year": "2090-91"})  # warm the session
    with django_assert_max_num_queries(20):
        response = client.get(FIGURES, {"year": "2090-91", "group": "quarter", "publish": "1"})
    assert response.status_code == 200
