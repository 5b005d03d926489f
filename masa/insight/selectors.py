"""Reads of insight records, starting from what the person may see.

Dashboard reads live in `masa.insight.dashboards`; this module holds the catalogue,
returns and completeness reads.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from masa.core import clocks
from masa.core.acting import Acting
from masa.core.models import Agency, Partnership, PartnershipAgency
from masa.core.timescales import rule_for
from masa.insight import periods
from masa.insight.models import (
    DataReturn,
    Frequency,
    Function,
    Indicator,
    ReturnSubmission,
    ReturnValue,
    Source,
    SubmittedValue,
    Unit,
)
from masa.insight.periods import Period
from masa.insight.policies import returning_agencies, returns
from masa.insight.validation import Checked, Entry, Problem, Rules, check

# ======================================================================================
# Returns: the catalogue, what is due, drafts, history and completeness
# ======================================================================================

RETURN_QUARTERS = 12  # ended quarters shown on the return list (plus the current one)
COMPLETENESS_QUARTERS = 8


class ReturnStatus(StrEnum):
    """Where one agency's return for one quarter stands."""

    NOT_DUE = "not_due"
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    LATE = "late"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def tag_colour(self) -> str:
        return _STATUS_COLOURS[self]


_STATUS_LABELS = {
    ReturnStatus.NOT_DUE: "Not yet due",
    ReturnStatus.NOT_STARTED: "Not started",
    ReturnStatus.DRAFT: "Draft",
    ReturnStatus.SUBMITTED: "Submitted",
    ReturnStatus.LATE: "Submitted late",
    ReturnStatus.OVERDUE: "Overdue",
}
_STATUS_COLOURS = {
    ReturnStatus.NOT_DUE: "grey",
    ReturnStatus.NOT_STARTED: "blue",
    ReturnStatus.DRAFT: "yellow",
    ReturnStatus.SUBMITTED: "green",
    ReturnStatus.LATE: "orange",
    ReturnStatus.OVERDUE: "red",
}


# --- the catalogue ---------------------------------------------------------------------


def catalogue_indicators(partnership: Partnership) -> QuerySet[Indicator]:
    """Every indicator of the partnership's catalogue, with its owner and priorities."""
    return (
        Indicator.objects.filter(partnership=partnership)
        .select_related("agency")
        .prefetch_related("priorities")
        .order_by("function", "order", "name")
    )


def catalogue_by_function(partnership: Partnership) -> list[tuple[str, list[Indicator]]]:
    """The catalogue grouped by function, in the order of `Function`."""
    grouped: dict[str, list[Indicator]] = {}
    for indicator in catalogue_indicators(partnership):
        grouped.setdefault(indicator.function, []).append(indicator)
    return [(label, grouped[value]) for value, label in Function.choices if value in grouped]


def tolerance_text(indicator: Indicator) -> str:
    """The red/amber/green bands in words, e.g. "Green at 90% or more; red at 80% or less"."""
    if indicator.green_from is None and indicator.red_from is None:
        return "No tolerance set"
    better = "or more" if indicator.polarity != "lower" else "or less"
    worse = "or less" if indicator.polarity != "lower" else "or more"
    parts = []
    if indicator.green_from is not None:
        parts.append(f"Green at {number_text(indicator.unit, indicator.green_from)} {better}")
    if indicator.red_from is not None:
        parts.append(f"red at {number_text(indicator.unit, indicator.red_from)} {worse}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


# --- figures as text ---------------------------------------------------------------------


def number_text(unit: str, value: Decimal | float | int | None) -> str:
    """A figure as shown: "1,234", "85.5%", "12.3"."""
    if value is None:
        return "not available"
    number = Decimal(str(value))
    if unit == Unit.COUNT and number == number.to_integral_value():
        return f"{int(number):,}"
    if unit == Unit.PERCENT:
        return f"{number:.1f}%"
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}" if abs(number) >= 1000 else f"{number.normalize():f}"


def figure_text(
    unit: str,
    value: Decimal | None,
    numerator: int | None = None,
    denominator: int | None = None,
    *,
    not_available: bool = False,
) -> str:
    """A submitted figure: "85.0% (17 of 20)", "1,234" or "Not available"."""
    if not_available:
        return "Not available"
    if numerator is not None and denominator is not None:
        return f"{number_text(unit, value)} ({numerator:,} of {denominator:,})"
    return number_text(unit, value)


# --- which returns are due --------------------------------------------------------------


def return_deadline(
    partnership: Partnership, period: Period, rule: clocks.Rule | None = None
) -> datetime.date:
    """The last day an agency may send its return for `period` on time."""
    due = clocks.due(period.end, rule or rule_for(partnership, "data_return_deadline"))
    return due.date() if isinstance(due, datetime.datetime) else due


def reminder_date(deadline: datetime.date, rule: clocks.Rule) -> datetime.date:
    """The day the reminder before `deadline` goes: `rule` before it."""
    if rule.working_days is not None:
        return clocks.add_working_days(deadline, -rule.working_days)
    if rule.months is not None:
        return clocks.add_months(deadline, -rule.months)
    if rule.calendar_days is not None:
        return deadline - datetime.timedelta(days=rule.calendar_days)
    assert rule.hours is not None
    return deadline - datetime.timedelta(days=-(-rule.hours // 24))


def return_periods(today: datetime.date, ended: int = RETURN_QUARTERS) -> list[Period]:
    """The current quarter, then the `ended` quarters before it, newest first."""
    current = periods.quarter_containing(today)
    return [current, *reversed(periods.quarters_back(current.previous(), ended))]


def return_indicators(partnership: Partnership, agency: Agency) -> QuerySet[Indicator]:
    """The indicators `agency` returns each quarter, in the order the return lists them."""
    return Indicator.objects.filter(
        partnership=partnership,
        agency=agency,
        source=Source.RETURN,
        frequency=Frequency.QUARTERLY,
        is_active=True,
    ).order_by("function", "order", "name")


def owing_agencies(partnership: Partnership) -> list[Agency]:
    """Agencies that owe a quarterly return: each owns an active quarterly return indicator."""
    owners = Indicator.objects.filter(
        partnership=partnership,
        agency=OuterRef("pk"),
        source=Source.RETURN,
        frequency=Frequency.QUARTERLY,
        is_active=True,
    )
    return list(
        Agency.objects.filter(partnershipagency__partnership=partnership)
        .filter(Exists(owners))
        .order_by("name")
    )


def return_status(
    data_return: DataReturn | None,
    period: Period,
    deadline: datetime.date,
    today: datetime.date,
    *,
    first_late: bool = False,
) -> ReturnStatus:
    """Submitted (on time or late), overdue, draft, not started, or not yet due."""
    if data_return is not None and data_return.version > 0:
        return ReturnStatus.LATE if first_late else ReturnStatus.SUBMITTED
    if today > deadline:
        return ReturnStatus.OVERDUE
    if data_return is not None:
        return ReturnStatus.DRAFT
    if today <= period.end:
        return ReturnStatus.NOT_DUE
    return ReturnStatus.NOT_STARTED


@dataclass(frozen=True)
class ReturnRow:
    """One agency's return for one quarter: what it owes, by when, and where it stands."""

    agency: Agency
    period: Period
    deadline: datetime.date
    status: ReturnStatus
    data_return: DataReturn | None = None
    not_available: int = 0  # figures marked not available in the latest version

    @property
    def can_start(self) -> bool:
        return self.data_return is None


def _returns_in(
    partnership: Partnership, spans: Sequence[Period], agencies: Iterable[Agency] | None
) -> QuerySet[DataReturn]:
    first_late = ReturnSubmission.objects.filter(data_return=OuterRef("pk"), version=1, late=True)
    records = DataReturn.objects.filter(
        partnership=partnership, period_start__in=[period.start for period in spans]
    )
    if agencies is not None:
        records = records.filter(agency__in=list(agencies))
    return records.select_related("agency", "submitted_by").annotate(first_late=Exists(first_late))


def return_rows(
    partnership: Partnership,
    spans: Sequence[Period],
    today: datetime.date,
    *,
    agencies: Sequence[Agency] | None = None,
) -> list[ReturnRow]:
    """A row per agency and quarter: every return owed by the agencies (all owing agencies
    when None) and every return already made, newest quarter first, then by agency."""
    owing = owing_agencies(partnership)
    if agencies is not None:
        allowed = {agency.pk for agency in agencies}
        owing = [agency for agency in owing if agency.pk in allowed]
    made = {
        (record.agency_id, record.period_start): record
        for record in _returns_in(partnership, spans, agencies)
    }
    gaps = Counter(
        SubmittedValue.objects.filter(
            submission__data_return__in=[record.pk for record in made.values()],
            submission__version=F("submission__data_return__version"),
            not_available=True,
        ).values_list("submission__data_return_id", flat=True)
    )
    rule = rule_for(partnership, "data_return_deadline")
    rows: list[ReturnRow] = []
    for period in spans:
        deadline = return_deadline(partnership, period, rule)
        seen: set[int] = set()
        for agency in owing:
            record = made.get((agency.pk, period.start))
            seen.add(agency.pk)
            rows.append(_row(agency, period, deadline, record, today, gaps))
        for (agency_id, start), record in sorted(
            made.items(), key=lambda item: item[1].agency.name
        ):
            if start == period.start and agency_id not in seen:
                rows.append(_row(record.agency, period, deadline, record, today, gaps))
    rows.sort(key=lambda row: (-row.period.start.toordinal(), row.agency.name))
    return rows


def _row(
    agency: Agency,
    period: Period,
    deadline: datetime.date,
    record: DataReturn | None,
    today: datetime.date,
    gaps: Counter[int],
) -> ReturnRow:
    late = bool(getattr(record, "first_late", False))
    status = return_status(record, period, deadline, today, first_late=late)
    return ReturnRow(agency, period, deadline, status, record, gaps[record.pk] if record else 0)


def visible_agencies(acting: Acting) -> list[Agency] | None:
    """Agencies whose returns the person may see: None for all (the business unit),
    their own agency (a data lead), or none."""
    if returns.can(acting, "see_every_agency"):
        return None
    return list(returning_agencies.visible(acting, "view"))


def returns_for(acting: Acting, today: datetime.date) -> list[ReturnRow]:
    """The returns the person may see, the current quarter and the 12 before it."""
    agencies = visible_agencies(acting)
    if agencies == []:
        return []
    return return_rows(acting.partnership, return_periods(today), today, agencies=agencies)


def submittable_agencies(acting: Acting) -> QuerySet[Agency]:
    """Agencies the person may make returns for: their own (agency scope) or any in the
    partnership (partnership scope)."""
    return returning_agencies.visible(acting, "submit")


def return_period(data_return: DataReturn) -> Period:
    return periods.of(data_return.period_start, data_return.period_end)


def return_row(data_return: DataReturn, today: datetime.date) -> ReturnRow:
    """Where one return stands today."""
    period = return_period(data_return)
    deadline = return_deadline(data_return.partnership, period)
    late = ReturnSubmission.objects.filter(data_return=data_return, version=1, late=True).exists()
    status = return_status(data_return, period, deadline, today, first_late=late)
    return ReturnRow(data_return.agency, period, deadline, status, data_return)


# --- drafts and checking them ------------------------------------------------------------


def rules_for(indicator: Indicator) -> Rules:
    return Rules(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        fraction=indicator.entered_as_fraction,
        minimum=indicator.minimum,
        maximum=indicator.maximum,
        numerator_label=indicator.numerator_label,
        denominator_label=indicator.denominator_label,
    )


def draft_entries(data_return: DataReturn) -> dict[int, Entry]:
    """The draft as typed: indicator id → entry."""
    return {
        value.indicator_id: Entry(
            value=value.value_text,
            numerator=value.numerator_text,
            denominator=value.denominator_text,
            narrative=value.narrative,
            not_available=value.not_available,
        )
        for value in ReturnValue.objects.filter(data_return=data_return)
    }


@dataclass
class ReturnCheck:
    """Every figure of a draft, checked for submission."""

    indicators: list[Indicator]
    entries: dict[int, Entry]
    checked: dict[int, Checked] = field(default_factory=dict)
    problems: list[tuple[Indicator, Problem]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems and bool(self.indicators)


def return_check(data_return: DataReturn) -> ReturnCheck:
    """Check every value of the draft against its indicator's rules."""
    indicators = list(return_indicators(data_return.partnership, data_return.agency))
    result = ReturnCheck(indicators, draft_entries(data_return))
    for indicator in indicators:
        entry = result.entries.get(indicator.pk, Entry())
        checked, problems = check(rules_for(indicator), entry, complete=True)
        if checked is not None:
            result.checked[indicator.pk] = checked
        result.problems.extend((indicator, problem) for problem in problems)
    return result


# --- history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryCell:
    text: str
    narrative: str
    changed: bool  # differs from the version before


@dataclass(frozen=True)
class HistoryRow:
    indicator: Indicator
    cells: tuple[HistoryCell, ...]  # one per version, oldest first


@dataclass(frozen=True)
class History:
    versions: tuple[ReturnSubmission, ...]  # oldest first
    rows: tuple[HistoryRow, ...]


def return_history(data_return: DataReturn) -> History:
    """Each submitted version's values side by side, marking what changed."""
    versions = tuple(
        ReturnSubmission.objects.filter(data_return=data_return)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("values", queryset=SubmittedValue.objects.select_related("indicator"))
        )
        .order_by("version")
    )
    indicators: dict[int, Indicator] = {}
    by_version: list[dict[int, SubmittedValue]] = []
    for submission in versions:
        values = {value.indicator_id: value for value in submission.values.all()}
        for value in values.values():
            indicators.setdefault(value.indicator_id, value.indicator)
        by_version.append(values)
    ordered = sorted(indicators.values(), key=lambda i: (i.function, i.order, i.name))
    rows = []
    for indicator in ordered:
        cells = []
        previous: tuple[str, str] | None = None
        for values in by_version:
            given = values.get(indicator.pk)
            if given is None:
                shown = ("Not in this version", "")
            else:
                shown = (
                    figure_text(
                        indicator.unit,
                        given.value,
                        given.numerator,
                        given.denominator,
                        not_available=given.not_available,
                    ),
                    given.narrative,
                )
            cells.append(
                HistoryCell(shown[0], shown[1], previous is not None and shown != previous)
            )
            previous = shown
        rows.append(HistoryRow(indicator, tuple(cells)))
    return History(versions, tuple(rows))


# --- completeness ------------------------------------------------------------------------

COUNTED = (
    ReturnStatus.OVERDUE,
    ReturnStatus.LATE,
    ReturnStatus.SUBMITTED,
    ReturnStatus.DRAFT,
    ReturnStatus.NOT_STARTED,
    ReturnStatus.NOT_DUE,
)
COUNT_HEADINGS = {
    ReturnStatus.OVERDUE: "Missing (overdue)",
    ReturnStatus.LATE: "Submitted late",
    ReturnStatus.SUBMITTED: "Submitted on time",
    ReturnStatus.DRAFT: "Draft",
    ReturnStatus.NOT_STARTED: "Not started, deadline to come",
    ReturnStatus.NOT_DUE: "Not yet due",
}


@dataclass(frozen=True)
class Gap:
    """A figure an agency marked not available in its latest submitted version."""

    agency: str
    period: Period
    indicator: str
    code: str
    reason: str


@dataclass(frozen=True)
class Completeness:
    periods: tuple[Period, ...]  # oldest first
    agencies: tuple[Agency, ...]
    grid: tuple[tuple[Agency, tuple[ReturnRow | None, ...]], ...]  # a row per agency
    by_agency: tuple[tuple[str, tuple[int, ...]], ...]  # counts in the order of COUNTED
    by_period: tuple[tuple[Period, tuple[int, ...]], ...]
    totals: tuple[int, ...]
    gaps: tuple[Gap, ...]

    @property
    def count_headings(self) -> tuple[str, ...]:
        return tuple(COUNT_HEADINGS[status] for status in COUNTED)

    @property
    def late(self) -> frozenset[int]:
        """The agencies (their keys) with a return overdue in the grid."""
        return frozenset(
            agency.pk
            for agency, cells in self.grid
            if any(cell is not None and cell.status == ReturnStatus.OVERDUE for cell in cells)
        )


def completeness(
    partnership: Partnership, today: datetime.date, quarters: int = COMPLETENESS_QUARTERS
) -> Completeness:
    """Per agency and quarter (the last `quarters` ended ones and the current one): what
    is missing, late, on time, in draft or not yet due; and the figures marked not
    available in submitted returns."""
    spans = list(reversed(return_periods(today, quarters)))  # oldest first
    rows = return_rows(partnership, spans, today)
    agencies: dict[int, Agency] = {}
    cells: dict[tuple[int, Period], ReturnRow] = {}
    for row in rows:
        agencies.setdefault(row.agency.pk, row.agency)
        cells[(row.agency.pk, row.period)] = row
    ordered = sorted(agencies.values(), key=lambda agency: agency.name)
    grid = tuple(
        (agency, tuple(cells.get((agency.pk, period)) for period in spans)) for agency in ordered
    )

    def counts(selected: Iterable[ReturnRow]) -> tuple[int, ...]:
        tally = Counter(row.status for row in selected)
        return tuple(tally[status] for status in COUNTED)

    by_agency = tuple(
        (agency.name, counts(row for row in rows if row.agency.pk == agency.pk))
        for agency in ordered
    )
    by_period = tuple(
        (period, counts(row for row in rows if row.period == period)) for period in spans
    )
    gaps = tuple(
        Gap(
            agency=value.submission.data_return.agency.name,
            period=periods.of(
                value.submission.data_return.period_start, value.submission.data_return.period_end
            ),
            indicator=value.indicator.name,
            code=value.indicator.code,
            reason=value.narrative,
        )
        for value in SubmittedValue.objects.filter(
            submission__data_return__partnership=partnership,
            submission__data_return__period_start__in=[period.start for period in spans],
            submission__version=F("submission__data_return__version"),
            not_available=True,
        )
        .select_related("indicator", "submission__data_return__agency")
        .order_by(
            "-submission__data_return__period_start",
            "submission__data_return__agency__name",
            "indicator__function",
            "indicator__order",
        )
    )
    return Completeness(
        periods=tuple(spans),
        agencies=tuple(ordered),
        grid=grid,
        by_agency=by_agency,
        by_period=by_period,
        totals=counts(rows),
        gaps=gaps,
    )


def statutory_first_agency(partnership: Partnership, kind: str) -> Agency | None:
    """The partnership's agency of `kind`: a statutory partner first, then by name."""
    link = (
        PartnershipAgency.objects.filter(partnership=partnership, agency__kind=kind)
        .select_related("agency")
        .order_by("-statutory_partner", "agency__name")
        .first()
    )
    return link.agency if link else None
