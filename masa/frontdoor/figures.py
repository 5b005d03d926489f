"""Front-door figures: aggregate counts of a partnership's contacts, for a financial year.

Two halves:

* set-based queries (`contact_figures` and friends) that count in the database and
  return small dictionaries of numbers, never contact rows; and
* pure functions that turn those numbers into tables (`build_tables`), with the
  arithmetic of financial years and quarters, percentages that never divide by
  zero, and the suppression of small numbers for publication.

English statutory returns run April to March, so figures are for a financial
year; months are calendar months and quarters are financial quarters (Q1 is
April to June). A contact counts in the month it was received (UK time).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, CharField, Count, F, IntegerField, Max, Min, Q, QuerySet, When
from django.db.models import Value as V
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import LessThan
from django.utils import timezone

from masa.core.models import Partnership
from masa.frontdoor import codes
from masa.frontdoor.models import ConcernCategory, Contact, PartnerCheck
from masa.frontdoor.selectors import AGE_BANDS

LONDON = ZoneInfo("Europe/London")

# --- financial years and quarters -----------------------------------------------------

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def financial_year_of(day: datetime.date) -> int:
    """The financial year `day` falls in, as the year it starts (1 April)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start: int) -> str:
    """`2025` → "2025-26"."""
    return f"{start}-{(start + 1) % 100:02d}"


def parse_year_label(text: str) -> int:
    """ "2025-26" → 2025; ValueError unless the two years follow each other."""
    match = _YEAR_LABEL.match(text.strip())
    if match is None:
        raise ValueError(f"not a financial year: {text!r}")
    start = int(match.group(1))
    if int(match.group(2)) != (start + 1) % 100 or not 1990 <= start <= 2100:
        raise ValueError(f"not a financial year: {text!r}")
    return start


def year_bounds(start: int) -> tuple[datetime.datetime, datetime.datetime]:
    """From 00:00 on 1 April to 00:00 on the next 1 April, UK time."""
    return (
        datetime.datetime(start, 4, 1, tzinfo=LONDON),
        datetime.datetime(start + 1, 4, 1, tzinfo=LONDON),
    )


def month_starts(start: int) -> list[datetime.date]:
    """The first days of the twelve months of a financial year, April first."""
    return [datetime.date(start, month, 1) for month in range(4, 13)] + [
        datetime.date(start + 1, month, 1) for month in range(1, 4)
    ]


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From 00:00 on the first of `month` to 00:00 on the first of the next, UK time."""
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        datetime.datetime(month.year, month.month, 1, tzinfo=LONDON),
        datetime.datetime(following.year, following.month, 1, tzinfo=LONDON),
    )


def financial_quarter(month: int) -> int:
    """The financial quarter (1 to 4) of a calendar month: April to June is Q1."""
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return (month - 4) % 12 // 3 + 1


def month_label(month: datetime.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def quarter_label(start: int, quarter: int) -> str:
    """`(2025, 4)` → "Q4: January to March 2026"."""
    first = month_starts(start)[(quarter - 1) * 3]
    last = month_starts(start)[(quarter - 1) * 3 + 2]
    return (
        f"Q{quarter}: {MONTH_NAMES[first.month - 1]} to {MONTH_NAMES[last.month - 1]} {last.year}"
    )


class Grouping(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True)
class Period:
    """A month or quarter: its label and its months' indexes (0 = April) in the year."""

    label: str
    months: tuple[int, ...]


def periods(start: int, grouping: Grouping) -> list[Period]:
    months = month_starts(start)
    if grouping == Grouping.QUARTER:
        return [
            Period(quarter_label(start, q), tuple(range((q - 1) * 3, q * 3))) for q in (1, 2, 3, 4)
        ]
    return [Period(month_label(month), (i,)) for i, month in enumerate(months)]


# --- cells: counts, percentages and rates, with suppression ---------------------------

SUPPRESSED = "[c]"
NOT_AVAILABLE = "not available"
SUPPRESSION_NOTE = (
    "Prepared for publication: counts of 1 to 4 are shown as [c], and so is any "
    "percentage or rate worked out from such a count, so that no child can be "
    "identified. Zero is shown as 0."
)


class Kind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"


def is_suppressed(count: int, publish: bool) -> bool:
    """Whether a count is hidden when publishing: 1 to 4 are; 0 and 5 or more are not."""
    return publish and 1 <= count <= 4


def percentage(numerator: int, denominator: int) -> float | None:
    """`numerator` as a percentage of `denominator`; None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return 100 * numerator / denominator


def rate_per_10000(count: int, population: int | None) -> float | None:
    """A count per 10,000 children; None when the child population is not known."""
    if not population or population <= 0:
        return None
    return 10_000 * count / population


@dataclass(frozen=True)
class Cell:
    """One figure in a table: the number, or why it is not shown."""

    kind: Kind
    value: float | None  # None: not available (nothing to divide by, no population)
    suppressed: bool = False

    @property
    def text(self) -> str:
        """As shown on the page: "1,234", "45.5%", "12.3", "[c]" or "not available"."""
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return NOT_AVAILABLE
        if self.kind == Kind.COUNT:
            return f"{int(self.value):,}"
        if self.kind == Kind.PERCENT:
            return f"{self.value:.1f}%"
        return f"{self.value:.1f}"

    @property
    def csv_value(self) -> str:
        """As written to CSV: plain numbers (no thousands separators or % signs)."""
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return NOT_AVAILABLE
        if self.kind == Kind.COUNT:
            return str(int(self.value))
        return f"{self.value:.1f}"

    @property
    def shown(self) -> float | None:
        """The number a chart may draw: None when suppressed or not available."""
        return None if self.suppressed else self.value


def count_cell(count: int, publish: bool) -> Cell:
    return Cell(Kind.COUNT, count, is_suppressed(count, publish))


def percent_cell(numerator: int, denominator: int, publish: bool) -> Cell:
    """A percentage, suppressed when either count it is worked out from is suppressed."""
    value = percentage(numerator, denominator)
    hidden = value is not None and (
        is_suppressed(numerator, publish) or is_suppressed(denominator, publish)
    )
    return Cell(Kind.PERCENT, value, hidden)


def rate_cell(count: int, population: int | None, publish: bool) -> Cell:
    value = rate_per_10000(count, population)
    return Cell(Kind.RATE, value, value is not None and is_suppressed(count, publish))


# --- tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str  # names the table in the CSV and in the page's anchors
    caption: str
    group_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    chart: Chart | None = None


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    height: int
    fill: str
    text: str
    text_x: float
    text_y: int


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    y: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart as SVG geometry (drawn with attributes, never styles):
    each group's label on a line of its own, its bars beneath it."""

    title: str
    width: int
    height: int
    groups: tuple[ChartGroup, ...]
    legend: tuple[LegendItem, ...]


# Colours with at least 3:1 contrast against white (WCAG 2.2 non-text contrast).
CHART_FILLS = ("#1d70b8", "#0b0c0c", "#912b88")
CHART_WIDTH = 640
_LABEL = 22  # height of a group's label line
_BAR = 20  # height of one bar's line
_GAP = 10  # space after a group
_VALUE_ROOM = 110  # room to the right of the longest bar for its figure


def bar_chart(title: str, table: Table, columns: Sequence[int]) -> Chart:
    """Bars for some columns of `table`, one group of bars per row.

    Each bar's length is its figure over the largest figure drawn; a suppressed or
    unavailable figure has no bar and its text says why.
    """
    values = [row.cells[c].shown for row in table.rows for c in columns]
    largest = max((v for v in values if v is not None), default=0.0)
    plot_width = CHART_WIDTH - _VALUE_ROOM
    legend = tuple(
        LegendItem(table.columns[c], CHART_FILLS[j % len(CHART_FILLS)], 24 * j, 24 * j + 14)
        for j, c in enumerate(columns)
        if len(columns) > 1
    )
    top = 24 * len(legend) + (8 if legend else 0)
    groups: list[ChartGroup] = []
    for row in table.rows:
        bars: list[Bar] = []
        for j, c in enumerate(columns):
            cell = row.cells[c]
            shown = cell.shown
            length = plot_width * shown / largest if shown and largest > 0 else 0.0
            y = top + _LABEL + j * _BAR
            bars.append(
                Bar(
                    y=y,
                    width=round(length, 1),
                    height=_BAR - 4,
                    fill=CHART_FILLS[j % len(CHART_FILLS)],
                    text=cell.text,
                    text_x=round(length + 6, 1),
                    text_y=y + _BAR - 6,
                )
            )
        groups.append(ChartGroup(label=row.label, label_y=top + _LABEL - 6, bars=tuple(bars)))
        top += _LABEL + _BAR * len(columns) + _GAP
    return Chart(title=title, width=CHART_WIDTH, height=top, groups=tuple(groups), legend=legend)


# --- the queries --------------------------------------------------------------------------


# Counted for each month of the year in one query grouped by month: measure → which rows.
CONTACT_MEASURES: dict[str, Q] = {
    "contacts": Q(),
    "referrals": Q(level=4),
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


def month_index_expression(start: int, field: str) -> Case:
    """Which month of the financial year (0 = April) a moment falls in; rows outside
    the year must be filtered out beforehand."""
    return Case(
        *[
            When(**{f"{field}__lt": month_bounds(month)[1]}, then=V(i))
            for i, month in enumerate(month_starts(start))
        ],
        default=V(None),
        output_field=IntegerField(),
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
        Row("Referrals (contacts decided at level 4)", (count_cell(referrals, publish),)),
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


def series_tables(counts: Counts, grouping: Grouping, publish: bool) -> tuple[Table, Table]:
    """Contacts and referrals, and timeliness, by month or financial quarter."""
    m = counts.monthly
    by = "month" if grouping == Grouping.MONTH else "financial quarter"
    label = year_label(counts.start)
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
    flow_table = Table(
        key=f"contacts_by_{grouping.value}",
        caption=f"Contacts and referrals by {by}, {label}",
        group_heading=by.capitalize(),
        columns=(
            "Contacts",
            "Referrals (level 4)",
            "Contacts decided",
            "Conversion",
            "Repeat contacts",
        ),
        rows=tuple(flow),
        notes=("Conversion is referrals as a percentage of contacts decided.",),
    )
    timeliness_table = Table(
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
        rows=tuple(timeliness),
        notes=(
            "Counted by the month the contact was received. Partner checks are those "
            "asked about these contacts.",
        ),
    )
    return (
        _with_chart(flow_table, f"Contacts and referrals by {by}", (0, 1)),
        _with_chart(timeliness_table, f"Timeliness by {by} (percentages)", (2, 5)),
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


def csv_safe(value: str) -> str:
    """A cell starting with = + - @ (or a tab or carriage return) would run as a formula
    in a spreadsheet: a leading apostrophe makes it text."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


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
