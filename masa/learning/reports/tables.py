"""The shaping half of the training reports: pure functions that shape the counts
into tables (`build_tables`), with rates that are "not available" rather than a
division by zero."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from masa.core.figures import (
    NOT_AVAILABLE,
    Cell,
    Grouping,
    Kind,
    Row,
    Table,
    bar_chart,
    count_cell,
    percent_cell,
    periods,
)
from masa.core.models import AgencyKind
from masa.core.workbooks import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE  # the views use it
from masa.learning.models import (
    EvaluationStage,
)
from masa.learning.reports.counts import (
    NUMBERS,
    Counts,
    PairedChange,
)


@dataclass(frozen=True)
class MoneyCell(Cell):
    """An amount of money in pounds."""

    @property
    def text(self) -> str:
        if self.value is None:
            return NOT_AVAILABLE
        return f"£{self.value:,.2f}"

    @property
    def csv_value(self) -> str:
        return NOT_AVAILABLE if self.value is None else f"{self.value:.2f}"


def money_cell(amount: Decimal | int) -> MoneyCell:
    return MoneyCell(Kind.RATE, float(amount))


@dataclass(frozen=True)
class MeanCell(Cell):
    """A mean rating (1 to 5) or a change in one, to two decimal places."""

    @property
    def text(self) -> str:
        if self.value is None:
            return NOT_AVAILABLE
        return f"{self.value:+.2f}" if self.signed else f"{self.value:.2f}"

    @property
    def csv_value(self) -> str:
        return self.text

    signed: bool = False


def mean_cell(total: int, count: int, *, signed: bool = False) -> MeanCell:
    """`total` / `count`, or not available when nothing was counted."""
    return MeanCell(Kind.RATE, total / count if count > 0 else None, signed=signed)


def _with_chart(table: Table, title: str, columns: Sequence[int]) -> Table:
    if not table.rows:
        return table
    return dataclasses.replace(table, chart=bar_chart(title, table, columns))


DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Period",
        "A financial year runs from 1 April to 31 March. An event, and its bookings, "
        "attendance and evaluations, count in the month the event starts (UK time).",
    ),
    (
        "Events held",
        "Events that have taken place (ended) and were not cancelled. Events still to "
        "run are counted apart, so a year under way shows the year to date.",
    ),
    ("Places offered", "The places (capacity) of the events held."),
    (
        "Bookings",
        "Every booking made for the events, including places on the waiting list and "
        "bookings later cancelled; a place passed to a colleague counts once.",
    ),
    ("Confirmed", "Bookings holding a confirmed place."),
    (
        "Attendance",
        "As recorded by the trainer's register or a virtual-meeting report: attended, "
        "attended part, or did not attend (a no-show).",
    ),
    ("Utilisation", "Places attended (in full or in part) as a percentage of places offered."),
    ("Cancellation rate", "Bookings cancelled (on time or late) as a percentage of bookings."),
    (
        "Late-cancellation rate",
        "Bookings cancelled after the cancellation deadline as a percentage of bookings.",
    ),
    (
        "No-show rate",
        "No-shows as a percentage of confirmed places whose attendance has been recorded.",
    ),
    ("Charges raised", "Charges for late cancellations and no-shows, as the partnership sets."),
    (
        "Evaluation response rate",
        "Responses as a percentage of the bookings eligible for the stage: before the "
        "course, every confirmed place; after, places attended; impact at 8 weeks and "
        "six months, places attended whose event ended at least 8 weeks or six months ago.",
    ),
    (
        "Knowledge and confidence change",
        "Mean self-rating (1 to 5) before and after the course, counting only learners "
        "who gave the rating at both stages (paired responses).",
    ),
    (
        "Impact statements",
        "The written answers at the impact-at-8-weeks evaluation, grouped by the "
        "course's themes. Learners are not named.",
    ),
    ("Not available", "Shown where there is nothing to divide by."),
)


def _attendance_cells(numbers: Callable[[str], int], places: int, events: int) -> tuple[Cell, ...]:
    attended = numbers("attended") + numbers("partial")
    return (
        count_cell(events, False),
        count_cell(places, False),
        count_cell(numbers("bookings"), False),
        count_cell(numbers("confirmed"), False),
        count_cell(numbers("attended"), False),
        count_cell(numbers("partial"), False),
        count_cell(numbers("no_shows"), False),
        percent_cell(attended, places, False),
    )


ATTENDANCE_COLUMNS = (
    "Events held",
    "Places offered",
    "Bookings",
    "Confirmed",
    "Attended",
    "Attended part",
    "No-shows",
    "Utilisation",
)


def _rate_cells(numbers: Callable[[str], int]) -> tuple[Cell, ...]:
    cancelled = numbers("cancelled") + numbers("late_cancelled")
    return (
        count_cell(numbers("bookings"), False),
        count_cell(cancelled, False),
        count_cell(numbers("late_cancelled"), False),
        percent_cell(cancelled, numbers("bookings"), False),
        percent_cell(numbers("late_cancelled"), numbers("bookings"), False),
        count_cell(numbers("recorded"), False),
        count_cell(numbers("no_shows"), False),
        percent_cell(numbers("no_shows"), numbers("recorded"), False),
    )


RATE_COLUMNS = (
    "Bookings",
    "Cancelled",
    "Cancelled late",
    "Cancellation rate",
    "Late-cancellation rate",
    "Attendance recorded",
    "No-shows",
    "No-show rate",
)


def summary_table(counts: Counts) -> Table:
    def n(measure: str) -> int:
        return int(counts.total(measure))

    places, attended = n("places"), n("attended") + n("partial")
    cancelled, bookings = n("cancelled") + n("late_cancelled"), n("bookings")
    charged = Decimal(counts.total("late_charged")) + Decimal(counts.total("no_show_charged"))
    rows = (
        Row("Events held", (count_cell(n("events"), False),)),
        *(
            (Row("Events still to run", (count_cell(n("events_to_come"), False),)),)
            if counts.to_date
            else ()
        ),
        Row("Events cancelled", (count_cell(n("events_cancelled"), False),)),
        Row("Places offered", (count_cell(places, False),)),
        Row("Bookings", (count_cell(bookings, False),)),
        Row("Confirmed places", (count_cell(n("confirmed"), False),)),
        Row("Attended", (count_cell(n("attended"), False),)),
        Row("Attended part", (count_cell(n("partial"), False),)),
        Row("No-shows", (count_cell(n("no_shows"), False),)),
        Row("Utilisation", (percent_cell(attended, places, False),)),
        Row("Cancellation rate", (percent_cell(cancelled, bookings, False),)),
        Row("Late-cancellation rate", (percent_cell(n("late_cancelled"), bookings, False),)),
        Row("No-show rate", (percent_cell(n("no_shows"), n("recorded"), False),)),
        Row("Charges raised", (money_cell(charged),)),
    )
    return Table(
        key="summary",
        caption=f"Summary, {counts.period}",
        group_heading="Measure",
        columns=("Figure",),
        rows=rows,
        notes=("Rates are not available when there is nothing to divide by.",),
    )


def series_tables(counts: Counts, grouping: Grouping) -> tuple[Table, Table]:
    by = "month" if grouping == Grouping.MONTH else "financial quarter"
    label = counts.period
    attendance: list[Row] = []
    rates: list[Row] = []
    for period in periods(counts.start, grouping):

        def n(measure: str, months: tuple[int, ...] = period.months) -> int:
            return int(sum(counts.monthly[measure][i] for i in months))

        attendance.append(Row(period.label, _attendance_cells(n, n("places"), n("events"))))
        rates.append(Row(period.label, _rate_cells(n)))
    attendance_table = Table(
        key=f"attendance_by_{grouping.value}",
        caption=f"Events, places and attendance by {by}, {label}",
        group_heading=by.capitalize(),
        columns=ATTENDANCE_COLUMNS,
        rows=tuple(attendance),
        notes=("Utilisation is places attended (in full or part) over places offered.",),
    )
    rates_table = Table(
        key=f"cancellations_by_{grouping.value}",
        caption=f"Cancellations and no-shows by {by}, {label}",
        group_heading=by.capitalize(),
        columns=RATE_COLUMNS,
        rows=tuple(rates),
        notes=(
            "Cancellation rates are over bookings; the no-show rate is over confirmed "
            "places whose attendance has been recorded.",
        ),
    )
    return (
        _with_chart(attendance_table, f"Places offered and attended by {by}", (1, 4)),
        _with_chart(rates_table, f"Cancellation and no-show rates by {by}", (3, 4, 7)),
    )


def agency_tables(counts: Counts) -> tuple[Table, Table]:
    label = counts.period
    rows = tuple(Row(group.label, _agency_cells(group.n)) for group in counts.agencies)
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for group in counts.agencies:
        for measure in NUMBERS:
            kinds[group.kind][measure] += group.n(measure)
    kind_labels = dict(AgencyKind.choices)
    kind_rows = tuple(
        Row(kind_labels.get(kind, kind), _agency_cells(kinds[kind].__getitem__))
        for kind in sorted(kinds, key=lambda k: kind_labels.get(k, k))
    )
    by_agency = Table(
        key="by_agency",
        caption=f"Attendance by agency, {label}",
        group_heading="Agency",
        columns=AGENCY_COLUMNS,
        rows=rows,
        notes=("The agency is the learner's agency when they booked.",),
    )
    by_kind = Table(
        key="by_agency_kind",
        caption=f"Attendance by kind of agency, {label}",
        group_heading="Kind of agency",
        columns=AGENCY_COLUMNS,
        rows=kind_rows,
    )
    return by_agency, _with_chart(by_kind, "Places attended by kind of agency", (2,))


AGENCY_COLUMNS = (
    "Bookings",
    "Confirmed",
    "Attended (in full or part)",
    "No-shows",
    "No-show rate",
    "Cancelled late",
)


def _agency_cells(n: Callable[[str], int]) -> tuple[Cell, ...]:
    return (
        count_cell(n("bookings"), False),
        count_cell(n("confirmed"), False),
        count_cell(n("attended") + n("partial"), False),
        count_cell(n("no_shows"), False),
        percent_cell(n("no_shows"), n("recorded"), False),
        count_cell(n("late_cancelled"), False),
    )


def course_table(counts: Counts) -> Table:
    return _with_chart(
        Table(
            key="by_course",
            caption=f"Attendance by course, {counts.period}",
            group_heading="Course",
            columns=ATTENDANCE_COLUMNS,
            rows=tuple(
                Row(group.label, _attendance_cells(group.n, group.places, group.events))
                for group in counts.courses
            ),
        ),
        "Utilisation by course",
        (7,),
    )


def charges_table(counts: Counts) -> Table:
    rows = []
    for group in counts.agencies:
        late = Decimal(group.numbers.get("late_charged") or 0)
        missed = Decimal(group.numbers.get("no_show_charged") or 0)
        if not (group.n("late_charges") or group.n("no_show_charges")):
            continue
        rows.append(
            Row(
                group.label,
                (
                    count_cell(group.n("late_charges"), False),
                    money_cell(late),
                    count_cell(group.n("no_show_charges"), False),
                    money_cell(missed),
                    money_cell(late + missed),
                ),
            )
        )
    return Table(
        key="charges",
        caption=f"Charges raised by agency, {counts.period}",
        group_heading="Agency",
        columns=(
            "Late cancellations charged",
            "Late-cancellation charges",
            "No-shows charged",
            "No-show charges",
            "Total charged",
        ),
        rows=tuple(rows),
        notes=("Only agencies with a charge are listed.",),
    )


STAGE_LABELS = dict(EvaluationStage.choices)


def evaluation_table(counts: Counts) -> Table:
    rows = tuple(
        Row(
            str(label),
            (
                count_cell(counts.evaluations[f"{stage}_eligible"], False),
                count_cell(counts.evaluations[f"{stage}_responses"], False),
                percent_cell(
                    counts.evaluations[f"{stage}_responses"],
                    counts.evaluations[f"{stage}_eligible"],
                    False,
                ),
            ),
        )
        for stage, label in STAGE_LABELS.items()
    )
    return _with_chart(
        Table(
            key="evaluation",
            caption=f"Evaluation response rates by stage, {counts.period}",
            group_heading="Stage",
            columns=("Eligible bookings", "Responses", "Response rate"),
            rows=rows,
            notes=(dict(DEFINITIONS)["Evaluation response rate"],),
        ),
        "Evaluation response rate by stage",
        (2,),
    )


def _change_cells(change: PairedChange, measure: str) -> tuple[Cell, ...]:
    pairs = getattr(change, f"{measure}_pairs")
    before, after = getattr(change, f"{measure}_before"), getattr(change, f"{measure}_after")
    return (
        count_cell(pairs, False),
        mean_cell(before, pairs),
        mean_cell(after, pairs),
        mean_cell(after - before, pairs, signed=True),
    )


def change_table(counts: Counts) -> Table:
    overall = counts.overall_change()
    rows = [
        Row("Knowledge", _change_cells(overall, "knowledge")),
        Row("Confidence", _change_cells(overall, "confidence")),
    ]
    for change in counts.changes:
        rows.append(Row(f"{change.label}: knowledge", _change_cells(change, "knowledge")))
        rows.append(Row(f"{change.label}: confidence", _change_cells(change, "confidence")))
    return Table(
        key="change",
        caption=f"Knowledge and confidence before and after, {counts.period}",
        group_heading="Measure",
        columns=("Paired responses", "Mean before", "Mean after", "Change"),
        rows=tuple(rows),
        notes=(
            "Self-ratings from 1 (low) to 5 (high). Only learners who gave the rating both "
            "before and after the course count.",
        ),
    )


def change_chart_table(counts: Counts) -> Table:
    """The overall means before and after, as a small chart (its figures are in the table)."""
    overall = counts.overall_change()
    table = Table(
        key="change_chart",
        caption="",
        group_heading="Measure",
        columns=("Mean before", "Mean after"),
        rows=(
            Row("Knowledge", _change_cells(overall, "knowledge")[1:3]),
            Row("Confidence", _change_cells(overall, "confidence")[1:3]),
        ),
    )
    return _with_chart(table, "Mean self-rating before and after the course", (0, 1))


def statements_table(counts: Counts) -> Table:
    return Table(
        key="statements_by_theme",
        caption=f"Impact statements by theme, {counts.period}",
        group_heading="Theme",
        columns=("Statements",),
        rows=tuple(
            Row(group.theme, (count_cell(len(group.statements), False),)) for group in counts.themes
        ),
        notes=("A course with several themes is counted under each.",),
    )


def completions_table(counts: Counts) -> Table:
    return Table(
        key="completions",
        caption=f"E-learning completions and recording views by course, {counts.period}",
        group_heading="Course",
        columns=("E-learning completions", "Recording views"),
        rows=tuple(
            Row(title, (count_cell(elearning, False), count_cell(recording, False)))
            for title, elearning, recording in counts.completions
        ),
        notes=("Counted in the month completed or watched.",),
    )


def build_tables(counts: Counts, grouping: Grouping, *, statements: bool = True) -> list[Table]:
    """Every table of the reports page (and the workbook), in the order shown."""
    attendance, rates = series_tables(counts, grouping)
    by_agency, by_kind = agency_tables(counts)
    change = change_table(counts)
    if counts.overall_change().knowledge_pairs or counts.overall_change().confidence_pairs:
        change = dataclasses.replace(change, chart=change_chart_table(counts).chart)
    tables = [
        summary_table(counts),
        attendance,
        rates,
        by_agency,
        by_kind,
        course_table(counts),
        charges_table(counts),
        evaluation_table(counts),
        change,
        completions_table(counts),
    ]
    if statements:
        tables.append(statements_table(counts))
    return tables
