"""Front-door figures: aggregate counts of a partnership's contacts, for a financial year.

Two halves:

* set-based queries (`contact_figures` and friends) that count in the database and
  return small dictionaries of numbers, never contact rows; and
* pure functions that turn those numbers into tables (`build_tables`). The
  arithmetic of financial years and quarters, percentages that never divide by
  zero, the suppression of small numbers and the charts are shared with other
  apps, in `masa.core.figures`.

English statutory returns run April to March, so figures are for a financial
year; months are calendar months and quarters are financial quarters (Q1 is
April to June). A contact counts in the month it was received (UK time).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, F, Max, Min, Q, QuerySet, When
from django.db.models import Value as V
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import LessThan
from django.utils import timezone

from masa.core.csvsafe import csv_safe
from masa.core.figures import (
    LONDON,
    Cell,
    Grouping,
    Row,
    Table,
    bar_chart,
    count_cell,
    financial_year_of,
    month_bounds,
    month_index_expression,
    month_starts,
    percent_cell,
    periods,
    protect_totals,
    rate_cell,
    year_bounds,
    year_label,
)
from masa.core.models import Partnership
from masa.frontdoor import codes, thresholds
from masa.frontdoor.models import ConcernCategory, Contact, PartnerCheck
from masa.frontdoor.selectors import AGE_BANDS

# --- the queries --------------------------------------------------------------------------


# A referral to children's social care, by what was decided: level 4, or an outcome that
# passes the child to social care (an assessment, or a strategy discussion and section 47
# enquiry) at whatever level was recorded, so a decision whose level and outcome disagree
# (refused now, but kept from before) is still counted.
REFERRAL = Q(decided_at__isnull=False) & (
    Q(level=4) | Q(outcome__in=thresholds.SOCIAL_CARE_OUTCOMES)
)

# Counted for each month of the year in one query grouped by month: measure → which rows.
CONTACT_MEASURES: dict[str, Q] = {
    "contacts": Q(),
    "referrals": REFERRAL,
    "decided": Q(decided_at__isnull=False),
    "decided_in_time": Q(decided_at__isnull=False, decided_at__lte=F("decision_due_at")),
    "level4_nfa": Q(level=4, outcome=Contact.Outcome.NFA),
    "repeats": Q(is_repeat=True),
}


def check_measures(now: datetime.datetime) -> dict[str, Q]:
    answered = Q(status=PartnerCheck.Status.ANSWERED)
    return {
        "checks_answered": answered,
        "checks_in_time": answered & Q(responded_at__lte=F("due_at")),
        "checks_overdue": Q(status=PartnerCheck.Status.REQUESTED, due_at__lt=now),
    }


UNKNOWN_BAND = "unknown"
AGE_BAND_LABELS: dict[str, str] = {**AGE_BANDS, UNKNOWN_BAND: "Not known"}


# Each band's lowest age, youngest first (the unborn are told apart by their records).
BAND_FLOORS: tuple[tuple[str, int], ...] = (
    ("0", 0),
    ("1-4", 1),
    ("5-9", 5),
    ("10-15", 10),
    ("16+", 16),
)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    # Only ever called with the first day of a month, which exists in every year.
    return day.replace(year=day.year - years)


def exact_age_band_expression() -> Case:
    """The CIN age band of a contact's child on the day the contact was received (UK time),
    worked out from the dates' parts.

    Age in whole years is the difference of the years, less one if the birthday had
    not yet come that year (month and day compared as month * 100 + day); someone
    born on 29 February is a year older from 1 March in other years.
    """
    received_day = ExtractMonth("received_at", tzinfo=LONDON) * 100 + ExtractDay(
        "received_at", tzinfo=LONDON
    )
    birthday = ExtractMonth("date_of_birth") * 100 + ExtractDay("date_of_birth")
    age = (
        ExtractYear("received_at", tzinfo=LONDON)
        - ExtractYear("date_of_birth")
        - Case(When(LessThan(received_day, birthday), then=V(1)), default=V(0))
    )
    bands = [
        When(LessThan(age, next_floor), then=V(band))
        for (band, _), (_, next_floor) in itertools.pairwise(BAND_FLOORS)
    ]
    return Case(*bands, default=V(BAND_FLOORS[-1][0]), output_field=CharField())


def age_band_expression(start: int) -> Case:
    """The CIN age band on the day received, for contacts received in the financial year
    starting in `start`: "unborn", "0" (under 1), "1-4", "5-9", "10-15", "16+" or "unknown".

    Working out each contact's age from its dates' parts is slow on SQLite (every part
    is a Python function there), so most contacts are banded by plain comparisons first:
    a child born on or before the first of the month, less n years, is at least n all
    that month; one born on or after the first of the next month, less n years, is under
    n all month. Only children whose birthday falls in the month of the contact, at a
    band's edge, are left for the exact working (`exact_age_band_expression`).
    """
    whens = [
        When(Q(date_of_birth__isnull=True, expected_date_of_birth__isnull=False), then=V("unborn")),
        When(date_of_birth__isnull=True, then=V(UNKNOWN_BAND)),
    ]
    exact = exact_age_band_expression()
    for month in month_starts(start):
        following = month_bounds(month)[1]
        in_month: list[When] = []
        for i, (band, floor) in enumerate(BAND_FLOORS):
            certain = Q()
            if floor:
                certain &= Q(date_of_birth__lte=_years_before(month, floor))
            if i + 1 < len(BAND_FLOORS):
                ceiling = BAND_FLOORS[i + 1][1]
                certain &= Q(date_of_birth__gte=_years_before(following.date(), ceiling))
            in_month.append(When(certain, then=V(band)))
        # Months in order: the first month whose end is after the moment received.
        whens.append(
            When(
                received_at__lt=following,
                then=Case(*in_month, default=exact, output_field=CharField()),
            )
        )
    return Case(*whens, default=exact, output_field=CharField())


@dataclass(frozen=True)
class Counts:
    """The numbers behind a year's figures, as the database counted them."""

    start: int
    monthly: dict[str, list[int]]  # measure → twelve counts, April first
    sources: dict[str, int]  # CIN referral source code → contacts
    categories: dict[str, int]  # concern category → contacts
    age_bands: dict[str, int]
    sexes: dict[str, int]
    ethnicities: dict[str, int]
    population: int | None  # children aged 0-17, mid-year estimate for the year it starts

    def total(self, measure: str) -> int:
        return sum(self.monthly[measure])


def years_with_contacts(partnership: Partnership) -> tuple[int, int] | None:
    """The first and last financial years with contacts; None when there are none."""
    span = Contact.objects.filter(partnership=partnership).aggregate(
        first=Min("received_at"), last=Max("received_at")
    )
    if span["first"] is None or span["last"] is None:
        return None
    return (
        financial_year_of(span["first"].astimezone(LONDON).date()),
        financial_year_of(span["last"].astimezone(LONDON).date()),
    )


def _monthly(
    records: QuerySet[Any], start: int, date_field: str, measures: Mapping[str, Q]
) -> dict[str, list[int]]:
    """Each measure counted for each month, in one query grouped by month."""
    rows = (
        records.order_by()
        .values(month=month_index_expression(start, date_field))
        .annotate(**{name: Count("pk", filter=condition) for name, condition in measures.items()})
    )
    result = {name: [0] * 12 for name in measures}
    for row in rows:
        if row["month"] is None:
            continue
        for name in measures:
            result[name][row["month"]] = int(row[name])
    return result


def _grouped(records: QuerySet[Contact], **group: Any) -> dict[str, int]:
    (name,) = group
    rows = records.order_by().values(**group).annotate(n=Count("pk")).values_list(name, "n")
    return {str(key): int(n) for key, n in rows if key is not None}


def count_figures(
    partnership: Partnership, start: int, *, now: datetime.datetime | None = None
) -> Counts:
    """Count a partnership's contacts received in the financial year starting in `start`."""
    now = now or timezone.now()
    low, high = year_bounds(start)
    contacts = Contact.objects.filter(
        partnership=partnership, received_at__gte=low, received_at__lt=high
    )
    checks = PartnerCheck.objects.filter(
        partnership=partnership, contact__received_at__gte=low, contact__received_at__lt=high
    )
    monthly = _monthly(contacts, start, "received_at", CONTACT_MEASURES)
    monthly.update(_monthly(checks, start, "contact__received_at", check_measures(now)))
    return Counts(
        start=start,
        monthly=monthly,
        sources=_grouped(contacts, source=F("referral_source")),
        categories=_grouped(contacts, category=F("referral__concerns__category")),
        age_bands=_grouped(contacts, band=age_band_expression(start)),
        sexes=_grouped(contacts, code=F("sex")),
        ethnicities=_grouped(contacts, code=F("ethnicity")),
        population=partnership.child_population(start),
    )


# --- shaping the numbers into tables ------------------------------------------------------


def _sum(values: Sequence[int], months: Iterable[int]) -> int:
    return sum(values[i] for i in months)


def _breakdown(
    key: str,
    caption: str,
    group_heading: str,
    counts: Mapping[str, int],
    labels: Mapping[str, str],
    total: int,
    publish: bool,
    *,
    order: str = "labels",
    optional: Collection[str] = (),
    notes: tuple[str, ...] = (),
    chart_title: str = "",
    adds_up: bool = True,
) -> Table:
    """Contacts and their share of all contacts, by one characteristic.

    `order` "labels" lists every known group in the code list's order (zeros
    included, except `optional` ones) and then any other code found; "count" lists the groups found,
    largest first.
    """
    if order == "count":
        keys = sorted(counts, key=lambda k: (-counts[k], k))
    else:
        keys = [k for k in labels if k not in optional or counts.get(k)]
        keys += sorted(k for k in counts if k not in labels)

    def label(code: str) -> str:
        if code in labels:
            return labels[code]
        return f"Code {code}" if code else "Not recorded"

    rows = tuple(
        Row(
            label(k),
            (count_cell(counts.get(k, 0), publish), percent_cell(counts.get(k, 0), total, publish)),
        )
        for k in keys
    )
    table = Table(
        key=key,
        caption=caption,
        group_heading=group_heading,
        columns=("Contacts", "Percentage of contacts"),
        rows=rows,
        notes=notes,
    )
    if adds_up:  # the groups add up to every contact: a hidden one must not be worked out
        table = protect_totals(table, {0: count_cell(total, publish)}, {0: (1,)})
    if chart_title and rows:
        return _with_chart(table, chart_title, (0,))
    return table


def _with_chart(table: Table, title: str, columns: Sequence[int]) -> Table:
    return Table(
        key=table.key,
        caption=table.caption,
        group_heading=table.group_heading,
        columns=table.columns,
        rows=table.rows,
        notes=table.notes,
        chart=bar_chart(title, table, columns),
    )


def summary_table(counts: Counts, publish: bool) -> Table:
    total = counts.total
    contacts, referrals, decided = total("contacts"), total("referrals"), total("decided")
    in_time, nfa, repeats = total("decided_in_time"), total("level4_nfa"), total("repeats")
    answered, checks_in_time = total("checks_answered"), total("checks_in_time")
    population = counts.population
    if population:
        population_note = (
            f"Rates per 10,000 children use the mid-{counts.start} estimate of "
            f"{population:,} children aged 0 to 17."
        )
    else:
        population_note = (
            f"Rates per 10,000 children are not available: no estimate of the number of "
            f"children in the area in mid-{counts.start} has been entered in the "
            "partnership's settings."
        )
    rows = (
        Row("Contacts received", (count_cell(contacts, publish),)),
        Row("Contacts per 10,000 children", (rate_cell(contacts, population, publish),)),
        Row("Contacts decided (signed off)", (count_cell(decided, publish),)),
        Row(
            "Referrals (contacts decided at level 4 or for a social care assessment "
            "or section 47 enquiry)",
            (count_cell(referrals, publish),),
        ),
        Row("Referrals per 10,000 children", (rate_cell(referrals, population, publish),)),
        Row(
            "Conversion: referrals as a percentage of contacts decided",
            (percent_cell(referrals, decided, publish),),
        ),
        Row("Repeat contacts (another contact within 12 months)", (count_cell(repeats, publish),)),
        Row(
            "Repeat contacts as a percentage of contacts",
            (percent_cell(repeats, contacts, publish),),
        ),
        Row("Level 4 contacts ending in no further action", (count_cell(nfa, publish),)),
        Row(
            "No-further-action rate of level 4 contacts",
            (percent_cell(nfa, referrals, publish),),
        ),
        Row("Contacts decided within the timescale", (count_cell(in_time, publish),)),
        Row(
            "Decision timeliness: percentage decided within the timescale",
            (percent_cell(in_time, decided, publish),),
        ),
        Row("Partner checks answered", (count_cell(answered, publish),)),
        Row("Partner checks answered by the time asked", (count_cell(checks_in_time, publish),)),
        Row(
            "Partner check timeliness: percentage answered by the time asked",
            (percent_cell(checks_in_time, answered, publish),),
        ),
        Row(
            "Partner checks still open and overdue",
            (count_cell(total("checks_overdue"), publish),),
        ),
    )
    return Table(
        key="summary",
        caption=f"Summary, {year_label(counts.start)}",
        group_heading="Measure",
        columns=("Figure",),
        rows=rows,
        notes=(
            population_note,
            "A contact is decided when a manager has signed off the decision. Percentages "
            "are not available when there is nothing to divide by.",
            "Partner checks still open and overdue are counted as they stand today.",
        ),
    )


def _series_rows(counts: Counts, grouping: Grouping, publish: bool) -> tuple[list[Row], list[Row]]:
    """Each period's row of contacts and referrals, and of timeliness."""
    m = counts.monthly
    flow: list[Row] = []
    timeliness: list[Row] = []
    for period in periods(counts.start, grouping):

        def n(measure: str, months: tuple[int, ...] = period.months) -> int:
            return _sum(m[measure], months)

        flow.append(
            Row(
                period.label,
                (
                    count_cell(n("contacts"), publish),
                    count_cell(n("referrals"), publish),
                    count_cell(n("decided"), publish),
                    percent_cell(n("referrals"), n("decided"), publish),
                    count_cell(n("repeats"), publish),
                ),
            )
        )
        timeliness.append(
            Row(
                period.label,
                (
                    count_cell(n("decided"), publish),
                    count_cell(n("decided_in_time"), publish),
                    percent_cell(n("decided_in_time"), n("decided"), publish),
                    count_cell(n("checks_answered"), publish),
                    count_cell(n("checks_in_time"), publish),
                    percent_cell(n("checks_in_time"), n("checks_answered"), publish),
                    count_cell(n("checks_overdue"), publish),
                ),
            )
        )
    return flow, timeliness


def _flow_table(rows: list[Row], grouping: Grouping, label: str, totals: dict[str, Cell]) -> Table:
    by = "month" if grouping == Grouping.MONTH else "financial quarter"
    table = Table(
        key=f"contacts_by_{grouping.value}",
        caption=f"Contacts and referrals by {by}, {label}",
        group_heading=by.capitalize(),
        columns=(
            "Contacts",
            "Referrals",
            "Contacts decided",
            "Conversion",
            "Repeat contacts",
        ),
        rows=tuple(rows),
        notes=(
            "Referrals are contacts decided at level 4, or for a social care assessment or "
            "a strategy discussion and section 47 enquiry at any level. Conversion is "
            "referrals as a percentage of contacts decided.",
        ),
    )
    # Each count column adds up to the year's total in the summary: secondary suppression.
    table = protect_totals(
        table,
        {0: totals["contacts"], 1: totals["referrals"], 2: totals["decided"], 4: totals["repeats"]},
        {1: (3,), 2: (3,)},
    )
    return _with_chart(table, f"Contacts and referrals by {by}", (0, 1))


def _timeliness_table(
    rows: list[Row], grouping: Grouping, label: str, totals: dict[str, Cell]
) -> Table:
    by = "month" if grouping == Grouping.MONTH else "financial quarter"
    table = Table(
        key=f"timeliness_by_{grouping.value}",
        caption=f"Timeliness by {by}, {label}",
        group_heading=by.capitalize(),
        columns=(
            "Contacts decided",
            "Decided within the timescale",
            "Percentage decided within the timescale",
            "Partner checks answered",
            "Answered by the time asked",
            "Percentage answered by the time asked",
            "Partner checks still open and overdue",
        ),
        rows=tuple(rows),
        notes=(
            "Counted by the month the contact was received. Partner checks are those "
            "asked about these contacts.",
        ),
    )
    table = protect_totals(
        table,
        {
            0: totals["decided"],
            1: totals["decided_in_time"],
            3: totals["checks_answered"],
            4: totals["checks_in_time"],
            6: totals["checks_overdue"],
        },
        {0: (2,), 1: (2,), 3: (5,), 4: (5,)},
    )
    return _with_chart(table, f"Timeliness by {by} (percentages)", (2, 5))


def series_tables(counts: Counts, grouping: Grouping, publish: bool) -> tuple[Table, Table]:
    """Contacts and referrals, and timeliness, by month or financial quarter."""
    label = year_label(counts.start)
    flow, timeliness = _series_rows(counts, grouping, publish)
    totals = {measure: count_cell(counts.total(measure), publish) for measure in counts.monthly}
    return (
        _flow_table(flow, grouping, label, totals),
        _timeliness_table(timeliness, grouping, label, totals),
    )


def build_tables(counts: Counts, grouping: Grouping, publish: bool) -> list[Table]:
    """Every table of the figures page (and the CSV), in the order they are shown."""
    label = year_label(counts.start)
    contacts = counts.total("contacts")
    flow, timeliness = series_tables(counts, grouping, publish)
    categories = {c.value: str(c.label) for c in ConcernCategory}
    return [
        summary_table(counts, publish),
        flow,
        timeliness,
        _breakdown(
            "sources",
            f"Contacts by referral source, {label}",
            "Referral source (CIN census code)",
            counts.sources,
            {code: f"{code}: {text}" for code, text in codes.REFERRAL_SOURCE.items()},
            contacts,
            publish,
            order="count",
            notes=(
                "The source is the kind of agency the referrer works in, mapped to the "
                "Children in Need census referral source codes.",
            ),
            chart_title="Contacts by referral source",
        ),
        _breakdown(
            "concerns",
            f"Contacts by category of concern, {label}",
            "Category of concern",
            counts.categories,
            categories,
            contacts,
            publish,
            order="count",
            notes=(
                "A referral can raise more than one category, so the percentages add up "
                "to more than 100.",
            ),
            chart_title="Contacts by category of concern",
            adds_up=False,
        ),
        _breakdown(
            "age",
            f"Contacts by age of the child, {label}",
            "Age band (Children in Need census)",
            counts.age_bands,
            AGE_BAND_LABELS,
            contacts,
            publish,
            optional=(UNKNOWN_BAND,),
            notes=("Age on the day the contact was received.",),
            chart_title="Contacts by age of the child",
        ),
        _breakdown(
            "sex",
            f"Contacts by sex of the child, {label}",
            "Sex",
            counts.sexes,
            codes.SEX,
            contacts,
            publish,
        ),
        _breakdown(
            "ethnicity",
            f"Contacts by ethnicity of the child, {label}",
            "Ethnicity (Children in Need census)",
            counts.ethnicities,
            codes.ETHNICITY,
            contacts,
            publish,
        ),
    ]


# --- CSV --------------------------------------------------------------------------------

CSV_HEADER = ("table", "group", "measure", "value")


def csv_rows(tables: Sequence[Table]) -> list[tuple[str, str, str, str]]:
    """One long table: a row for every figure, named by table, group and measure."""
    return [
        (
            csv_safe(table.caption),
            csv_safe(row.label),
            csv_safe(column),
            csv_safe(cell.csv_value),
        )
        for table in tables
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
    ]
