"""Disclosure control: primary and secondary suppression, and the unreliable flag (pure)."""

from __future__ import annotations

import pytest

from masa.core import figures as figs
from masa.core.figures import Row, Table, count_cell, percent_cell, protect_totals
from masa.frontdoor import figures as fd_figures
from masa.insight.disclosure import (
    UNRELIABLE,
    Fact,
    Line,
    figure_cell,
    part_cell,
    primary,
    protect_line,
    suppress,
)


@pytest.mark.parametrize(("count", "hidden"), [(0, False), (1, True), (4, True), (5, False)])
def test_counts_of_1_to_4_are_hidden(count: int, hidden: bool) -> None:
    fact = Fact("count", float(count))
    assert primary(fact).value is hidden
    assert figure_cell(fact, primary(fact)).text == ("[c]" if hidden else str(count))


def test_percentages_built_on_small_counts_are_hidden() -> None:
    assert primary(Fact("percent", 30.0, numerator=3, denominator=10)).value
    assert primary(Fact("percent", 30.0, numerator=3, denominator=10)).numerator
    assert primary(Fact("percent", 75.0, numerator=3, denominator=4)).denominator
    assert not primary(Fact("percent", 50.0, numerator=10, denominator=20)).value
    assert not primary(Fact("percent", 0.0, numerator=0, denominator=20)).value
    # Without a numerator, it is worked back from the denominator: 15% of 20 is 3.
    assert primary(Fact("percent", 15.0, denominator=20)).value
    assert not primary(Fact("percent", 25.0, denominator=20)).value
    # A percentage with no base known cannot be judged, so it is shown.
    assert not primary(Fact("percent", 15.0)).value


def test_rates_built_on_small_counts_are_hidden() -> None:
    assert primary(Fact("rate", 0.5, numerator=3, denominator=60_000)).value
    assert not primary(Fact("rate", 5.0, numerator=30, denominator=60_000)).value
    # From the child population when the count was not stored: 0.6 per 10,000 of 50,000 is 3.
    assert primary(Fact("rate", 0.6, population=50_000)).value
    assert not primary(Fact("rate", 0.6)).value


def test_averages_over_few_cases_are_hidden() -> None:
    assert primary(Fact("days", 12.5, numerator=50, denominator=4)).value
    assert not primary(Fact("days", 12.5, numerator=125, denominator=10)).value


def test_protect_line_hides_the_second_smallest() -> None:
    values = [3, 20, 8, 12]
    assert protect_line(values, [True, False, False, False]) == [True, False, True, False]
    # Two hidden already: neither can be worked out, nothing more to hide.
    assert protect_line(values, [True, False, True, False]) == [True, False, True, False]
    # Missing figures are neither counted nor chosen; equals go to the first.
    assert protect_line([2, None, 9, 9], [True, False, False, False]) == [True, False, True, False]
    assert protect_line([1, 2, 3], [False, False, False]) == [False, False, False]


def test_a_quarter_cannot_be_worked_out_from_the_year() -> None:
    q = {n: ("a", f"Q{n}") for n in range(1, 5)}
    year = ("a", "year")
    facts = {
        q[1]: Fact("count", 3.0),
        q[2]: Fact("count", 20.0),
        q[3]: Fact("count", 8.0),
        q[4]: Fact("count", 12.0),
        year: Fact("count", 43.0),
    }
    hidden = suppress(facts, [Line(tuple(q.values()), "value", year)])
    assert [hidden[q[n]].value for n in range(1, 5)] == [True, False, True, False]
    assert not hidden[year].value
    # Without the line, only the small count goes.
    alone = suppress(facts)
    assert [alone[q[n]].value for n in range(1, 5)] == [True, False, False, False]


def test_when_nothing_else_can_go_the_total_does() -> None:
    facts = {"q1": Fact("count", 3.0), "q2": Fact("count", None), "year": Fact("count", 9.0)}
    hidden = suppress(facts, [Line(("q1", "q2"), "value", "year")])
    assert hidden["q1"].value
    assert hidden["year"].value


def test_a_hidden_total_protects_its_parts_already() -> None:
    facts = {"q1": Fact("count", 2.0), "q2": Fact("count", 0.0), "year": Fact("count", 2.0)}
    hidden = suppress(facts, [Line(("q1", "q2"), "value", "year")])
    assert hidden["year"].value
    assert hidden["q1"].value
    assert not hidden["q2"].value


def test_numerators_across_quarters_and_the_percentages_on_them() -> None:
    facts = {
        "q1": Fact("percent", 10.0, numerator=2, denominator=20),
        "q2": Fact("percent", 30.0, numerator=9, denominator=30),
        "q3": Fact("percent", 50.0, numerator=15, denominator=30),
        "year": Fact("percent", 32.5, numerator=26, denominator=80),
    }
    hidden = suppress(facts, [Line(("q1", "q2", "q3"), "numerator", "year")])
    # q1's numerator is small; q2's goes too (the smallest other), and so do the
    # percentages built on them. q3 and the year stay.
    assert hidden["q1"].numerator
    assert hidden["q1"].value
    assert hidden["q2"].numerator
    assert hidden["q2"].value
    assert not hidden["q3"].value
    assert not hidden["q3"].numerator
    assert not hidden["year"].value
    assert not hidden["q1"].denominator


def test_a_breakdown_that_adds_to_100_protects_its_parts() -> None:
    facts = {
        "NEG": Fact("percent", 60.0, numerator=60, denominator=100),
        "PHY": Fact("percent", 3.0, numerator=3, denominator=100),
        "EMO": Fact("percent", 25.0, numerator=25, denominator=100),
        "SAB": Fact("percent", 12.0, numerator=12, denominator=100),
    }
    hidden = suppress(facts, [Line(("NEG", "PHY", "EMO", "SAB"), "value", None)])
    assert hidden["PHY"].value
    assert hidden["SAB"].value
    assert hidden["SAB"].numerator  # its numerator would give it away
    assert not hidden["NEG"].value
    assert not hidden["EMO"].value


def test_hiding_one_line_spreads_to_another() -> None:
    # Q1 is small; protecting the count line hides Q2's count; Q2 is also in a second
    # line (a breakdown of counts with its own total), where it is now the only hidden
    # part, so that line hides its next smallest too.
    facts = {
        "q1": Fact("count", 3.0),
        "q2": Fact("count", 7.0),
        "q3": Fact("count", 9.0),
        "year": Fact("count", 19.0),
        "other": Fact("count", 11.0),
        "more": Fact("count", 30.0),
        "q2_total": Fact("count", 48.0),
    }
    lines = [
        Line(("q1", "q2", "q3"), "value", "year"),
        Line(("q2", "other", "more"), "value", "q2_total"),
    ]
    hidden = suppress(facts, lines)
    assert hidden["q1"].value
    assert hidden["q2"].value
    assert hidden["other"].value
    assert not hidden["q3"].value
    assert not hidden["more"].value


def test_unreliable_percentages_are_flagged_and_shown() -> None:
    small = figure_cell(Fact("percent", 66.666, numerator=6, denominator=9))
    assert small.unreliable
    assert small.flag == UNRELIABLE == "unreliable: fewer than 10 cases"
    assert small.text == "66.7%"
    assert small.csv_value == "66.7"
    assert not figure_cell(Fact("percent", 60.0, numerator=6, denominator=10)).unreliable
    assert not figure_cell(Fact("percent", 60.0)).unreliable  # base not known
    assert not figure_cell(Fact("count", 6.0, denominator=9)).unreliable
    # A hidden figure carries no flag (the flag would say its base is small).
    hidden = figure_cell(
        Fact("percent", 50.0, numerator=3, denominator=6),
        primary(Fact("percent", 50.0, numerator=3, denominator=6)),
    )
    assert hidden.text == "[c]"
    assert hidden.flag == ""


def test_cells_show_the_unit() -> None:
    assert figure_cell(Fact("count", 1234.0)).text == "1,234"
    assert figure_cell(Fact("rate", 345.67)).text == "345.7"
    assert figure_cell(Fact("number", 0.25)).text == "0.25"
    assert figure_cell(Fact("days", 1500.0)).text == "1,500.0"
    assert figure_cell(Fact("days", 1500.0)).csv_value == "1500.0"
    assert figure_cell(Fact("percent", None)).text == "not available"
    assert part_cell(3, True).text == "[c]"
    assert part_cell(None, True).text == "not available"
    assert part_cell(12, False).text == "12"


# --- the shared helper: every table that adds up to a total -----------------------------


def test_a_hidden_month_cannot_be_worked_out_from_the_years_total() -> None:
    """December's 3 is [c]; with the year's 3,961 shown, 3,961 - 3,959 would give it away
    unless another month is hidden too (the smallest, not a 0), with its percentage."""
    publish = True
    months = [400, 380, 0, 350, 340, 330, 320, 310, 3, 300, 600, 628]
    assert sum(months) == 3961
    table = Table(
        key="t",
        caption="Contacts by month",
        group_heading="Month",
        columns=("Contacts", "Share"),
        rows=tuple(
            Row(f"M{n}", (count_cell(v, publish), percent_cell(v, 3961, publish)))
            for n, v in enumerate(months)
        ),
    )
    protected = protect_totals(table, {0: count_cell(3961, publish)}, {0: (1,)})
    texts = [(row.cells[0].text, row.cells[1].text) for row in protected.rows]
    assert texts[8] == ("[c]", "[c]")  # December, primary
    assert texts[9] == ("[c]", "[c]")  # 300, the next smallest: secondary, with its share
    assert texts[2] == ("0", "0.0%")  # hiding a 0 would protect nothing
    assert sum(1 for count, _ in texts if count == "[c]") == 2
    # A total that is itself hidden gives nothing away: nothing more is hidden.
    small = protect_totals(table, {0: count_cell(3, publish)})
    assert small.rows[9].cells[0].text == "300"


def test_front_door_months_and_breakdowns_are_protected_on_the_page_and_in_the_csv() -> None:
    monthly = {
        name: [0] * 12
        for name in (*fd_figures.CONTACT_MEASURES, "checks_answered", "checks_in_time")
    }
    monthly["checks_overdue"] = [0] * 12
    monthly["contacts"] = [400, 380, 0, 350, 340, 330, 320, 310, 3, 300, 600, 628]
    counts = fd_figures.Counts(
        start=2090,
        monthly=monthly,
        sources={},
        categories={},
        age_bands={"1-4": 2, "5-9": 1900, "10-15": 2059},
        sexes={},
        ethnicities={},
        population=None,
    )
    tables = {t.key: t for t in fd_figures.build_tables(counts, figs.Grouping.MONTH, publish=True)}
    contacts = [row.cells[0].text for row in tables["contacts_by_month"].rows]
    assert contacts[8] == "[c]"  # December
    assert contacts[9] == "[c]"  # January: else December is 3,961 - 3,958
    ages = {row.label: row.cells[0].text for row in tables["age"].rows}
    assert ages["1 to 4"] == "[c]"
    assert ages["5 to 9"] == "[c]"  # the next smallest: else 1 to 4 is 3,961 - 3,959
    assert ages["10 to 15"] == "2,059"
