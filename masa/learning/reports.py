"""Training reports: aggregate figures of a partnership's learning programme for a
financial year, and the indicators they give the insight catalogue.

Two halves, as for the front-door figures (the pure helpers for financial years,
cells, tables and charts are masa/core/figures.py):

* set-based queries (`count_learning`) that count in the database, grouped by month,
  agency or course, and return small structures of numbers, never booking rows; and
* pure functions that shape those numbers into tables (`build_tables`), with rates
  that are "not available" rather than a division by zero.

An event, and every booking, attendance and evaluation for it, counts in the month
the event starts (UK time). E-learning completions count in the month completed.
Figures only: no learner is named anywhere in them. Impact statements are the
learners' own words, without names, and are shown only to the business unit.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from masa.core.figures import (
    LONDON,
    NOT_AVAILABLE,
    Cell,
    Grouping,
    Kind,
    Row,
    Table,
    bar_chart,
    count_cell,
    financial_year_of,
    month_index_expression,
    percent_cell,
    percentage,
    periods,
    year_bounds,
    year_label,
)
from masa.core.models import AgencyKind, Partnership
from masa.core.selectors import training_agencies
from masa.core.workbooks import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE  # the views use it
from masa.core.workbooks import sheet_title, text_cell
from masa.learning.models import (
    Attendance,
    Booking,
    Completion,
    Course,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationStage,
    Event,
    NeedsResponse,
    NeedsSurvey,
    Respondent,
    Theme,
)
from masa.learning.services import IMPACT_AFTER, SIX_MONTHS_AFTER

__all__ = [
    "DEFINITIONS",
    "INDICATORS",
    "NOT_AVAILABLE",
    "Counts",
    "Grouping",
    "Indicator",
    "MoneyCell",
    "ThemeStatements",
    "build_tables",
    "count_learning",
    "default_year",
    "mean_cell",
    "years_with_events",
]

# --- cells the front door does not need ---------------------------------------------------


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


# --- the queries --------------------------------------------------------------------------

ATTENDED = (Attendance.Status.ATTENDED, Attendance.Status.PARTIAL)
NOT_SUBSTITUTED = ~Q(status=Booking.Status.SUBSTITUTED)


def event_measures(now: datetime.datetime) -> dict[str, Any]:
    """Counted for each month in one query over events: measure → aggregate. An event
    is held (and its places offered) once it has ended; one still to run is counted
    apart, so a year under way is not measured against places not yet delivered."""
    held = Q(status=Event.Status.SCHEDULED, ends_at__lte=now)
    return {
        "events": Count("pk", filter=held),
        "events_cancelled": Count("pk", filter=Q(status=Event.Status.CANCELLED)),
        "places": Sum("capacity", filter=held, default=0),
        "events_to_come": Count("pk", filter=Q(status=Event.Status.SCHEDULED, ends_at__gt=now)),
    }


NO_SHOW_CHARGED = Q(
    status=Booking.Status.CONFIRMED, attendance__status=Attendance.Status.NO_SHOW, charge__gt=0
)

# Counted over bookings (one query per grouping): measure → aggregate.
BOOKING_MEASURES: dict[str, Any] = {
    "bookings": Count("pk", filter=NOT_SUBSTITUTED),
    "confirmed": Count("pk", filter=Q(status=Booking.Status.CONFIRMED)),
    "cancelled": Count("pk", filter=Q(status=Booking.Status.CANCELLED)),
    "late_cancelled": Count("pk", filter=Q(status=Booking.Status.LATE_CANCELLED)),
    "recorded": Count("pk", filter=Q(status=Booking.Status.CONFIRMED, attendance__isnull=False)),
    "attended": Count(
        "pk",
        filter=Q(status=Booking.Status.CONFIRMED, attendance__status=Attendance.Status.ATTENDED),
    ),
    "partial": Count(
        "pk",
        filter=Q(status=Booking.Status.CONFIRMED, attendance__status=Attendance.Status.PARTIAL),
    ),
    "no_shows": Count(
        "pk",
        filter=Q(status=Booking.Status.CONFIRMED, attendance__status=Attendance.Status.NO_SHOW),
    ),
    "late_charges": Count("pk", filter=Q(status=Booking.Status.LATE_CANCELLED, charge__gt=0)),
    "late_charged": Sum(
        "charge", filter=Q(status=Booking.Status.LATE_CANCELLED, charge__gt=0), default=0
    ),
    # A booking carries one charge: a no-show charge only on a place still held (a
    # booking cancelled late is counted above, whatever attendance says).
    "no_show_charges": Count("pk", filter=NO_SHOW_CHARGED),
    "no_show_charged": Sum("charge", filter=NO_SHOW_CHARGED, default=0),
}
NUMBERS = tuple(BOOKING_MEASURES)


@dataclass(frozen=True)
class GroupCounts:
    """The booking measures for one agency or course."""

    key: int
    label: str
    kind: str  # the agency's kind, or the course's mode
    numbers: Mapping[str, Any]
    events: int = 0
    places: int = 0

    def n(self, measure: str) -> int:
        return int(self.numbers.get(measure) or 0)


@dataclass(frozen=True)
class PairedChange:
    """Ratings given both before and after the course, by the same learner."""

    label: str
    knowledge_pairs: int
    knowledge_before: int  # sums of the ratings; means are worked out when shown
    knowledge_after: int
    confidence_pairs: int
    confidence_before: int
    confidence_after: int


@dataclass(frozen=True)
class ThemeStatements:
    theme: str
    statements: tuple[tuple[str, str], ...]  # (course title, the learner's words)


@dataclass(frozen=True)
class Counts:
    """The numbers behind a year's training reports, as the database counted them."""

    start: int
    monthly: dict[str, list[Any]]  # measure → twelve values, April first
    agencies: tuple[GroupCounts, ...]
    courses: tuple[GroupCounts, ...]
    evaluations: Mapping[str, int]  # "<stage>_eligible" and "<stage>_responses"
    changes: tuple[PairedChange, ...]  # by course
    completions: tuple[tuple[str, int, int], ...]  # course, e-learning, recording views
    themes: tuple[ThemeStatements, ...]
    # The day the figures run to, while the year is under way; None once it is over.
    to_date: datetime.date | None = None

    @property
    def period(self) -> str:
        """The year's label, marked "year to date" (and to when) while it is under way."""
        label = year_label(self.start)
        if self.to_date is None:
            return label
        return f"{label}, year to date (to {self.to_date.day} {self.to_date:%B %Y})"

    def total(self, measure: str) -> Any:
        return sum(self.monthly[measure])

    def overall_change(self) -> PairedChange:
        def add(field: str) -> int:
            return sum(getattr(change, field) for change in self.changes)

        return PairedChange(
            "All courses",
            *(add(f.name) for f in dataclasses.fields(PairedChange) if f.name != "label"),
        )


def years_with_events(partnership: Partnership) -> tuple[int, int] | None:
    """The first and last financial years with events; None when there are none."""
    span = Event.objects.filter(partnership=partnership).aggregate(
        first=Min("starts_at"), last=Max("starts_at")
    )
    if span["first"] is None or span["last"] is None:
        return None
    return (
        financial_year_of(span["first"].astimezone(LONDON).date()),
        financial_year_of(span["last"].astimezone(LONDON).date()),
    )


def default_year(partnership: Partnership) -> tuple[int, list[int]]:
    """The latest financial year with events (or this one), and the years to choose from."""
    this_year = financial_year_of(timezone.localdate())
    span = years_with_events(partnership)
    first, last = span if span else (this_year, this_year)
    return last, list(range(max(last, this_year), min(first, this_year) - 1, -1))


# Part of a financial year (from, up to): the insight figures of a quarter or the year to date.
Span = tuple[datetime.datetime, datetime.datetime]


def _events(partnership: Partnership, start: int, between: Span | None = None) -> Any:
    low, high = between or year_bounds(start)
    return Event.objects.filter(partnership=partnership, starts_at__gte=low, starts_at__lt=high)


def _bookings(partnership: Partnership, start: int, between: Span | None = None) -> Any:
    low, high = between or year_bounds(start)
    return Booking.objects.filter(
        partnership=partnership, event__starts_at__gte=low, event__starts_at__lt=high
    )


def _monthly(
    records: Any, start: int, field: str, measures: Mapping[str, Any]
) -> dict[str, list[Any]]:
    rows = (
        records.order_by().values(month=month_index_expression(start, field)).annotate(**measures)
    )
    result: dict[str, list[Any]] = {name: [0] * 12 for name in measures}
    for row in rows:
        if row["month"] is None:
            continue
        for name in measures:
            result[name][row["month"]] = row[name] or 0
    return result


def _agencies(bookings: Any) -> tuple[GroupCounts, ...]:
    rows = (
        bookings.order_by()
        .values("agency_id", "agency__name", "agency__kind")
        .annotate(**BOOKING_MEASURES)
        .order_by("agency__name")
    )
    return tuple(
        GroupCounts(row["agency_id"], row["agency__name"], row["agency__kind"], row) for row in rows
    )


def _courses(bookings: Any, events: Any, now: datetime.datetime) -> tuple[GroupCounts, ...]:
    held = {
        row["course_id"]: row
        for row in events.order_by()
        .values("course_id", "course__title", "course__mode")
        .annotate(**event_measures(now))
    }
    booked = {
        row["event__course_id"]: row
        for row in bookings.order_by().values("event__course_id").annotate(**BOOKING_MEASURES)
    }
    result = [
        GroupCounts(
            course_id,
            row["course__title"],
            row["course__mode"],
            booked.get(course_id, {}),
            events=int(row["events"] or 0),
            places=int(row["places"] or 0),
        )
        for course_id, row in held.items()
    ]
    return tuple(sorted(result, key=lambda group: group.label))


def _response(stage: str) -> Exists:
    # The learner's own response (at six months the line manager gives a part of their own).
    return Exists(
        EvaluationResponse.objects.filter(
            booking=OuterRef("pk"), stage=stage, respondent=Respondent.LEARNER
        )
    )


def _evaluations(bookings: Any, now: datetime.datetime) -> dict[str, int]:
    """Eligible bookings and responses from them, for each stage, in one query.

    Eligible: the before stage, every confirmed place; after, every confirmed place
    attended (in full or part); impact at 8 weeks and six months, those attended
    whose event ended at least 8 weeks or six months ago.
    """
    confirmed = Q(status=Booking.Status.CONFIRMED)
    attended = confirmed & Q(attendance__status__in=ATTENDED)
    eligible = {
        EvaluationStage.BEFORE: confirmed,
        EvaluationStage.AFTER: attended,
        EvaluationStage.IMPACT: attended & Q(event__ends_at__lte=now - IMPACT_AFTER),
        EvaluationStage.SIX_MONTHS: attended & Q(event__ends_at__lte=now - SIX_MONTHS_AFTER),
    }
    measures: dict[str, Any] = {}
    for stage, condition in eligible.items():
        measures[f"{stage}_eligible"] = Count("pk", filter=condition)
        measures[f"{stage}_responses"] = Count("pk", filter=condition & Q(_response(stage)))
    counted = bookings.order_by().aggregate(**measures)
    return {name: int(value or 0) for name, value in counted.items()}


def _changes(bookings: Any) -> tuple[PairedChange, ...]:
    """Knowledge and confidence before and after, paired by booking, by course.

    Only learners who rated a measure at both stages count for that measure.
    """
    before = EvaluationResponse.objects.filter(
        booking=OuterRef("booking"), stage=EvaluationStage.BEFORE
    )
    after = (
        EvaluationResponse.objects.filter(stage=EvaluationStage.AFTER, booking__in=bookings)
        .annotate(
            knowledge_was=Subquery(before.values("knowledge")[:1], output_field=IntegerField()),
            confidence_was=Subquery(before.values("confidence")[:1], output_field=IntegerField()),
        )
        .order_by()
    )
    k = Q(knowledge__isnull=False, knowledge_was__isnull=False)
    c = Q(confidence__isnull=False, confidence_was__isnull=False)
    rows = (
        after.values("booking__event__course__title")
        .annotate(
            k_pairs=Count("pk", filter=k),
            k_before=Sum("knowledge_was", filter=k, default=0),
            k_after=Sum("knowledge", filter=k, default=0),
            c_pairs=Count("pk", filter=c),
            c_before=Sum("confidence_was", filter=c, default=0),
            c_after=Sum("confidence", filter=c, default=0),
        )
        .order_by("booking__event__course__title")
    )
    return tuple(
        PairedChange(
            row["booking__event__course__title"],
            int(row["k_pairs"]),
            int(row["k_before"] or 0),
            int(row["k_after"] or 0),
            int(row["c_pairs"]),
            int(row["c_before"] or 0),
            int(row["c_after"] or 0),
        )
        for row in rows
    )


NO_THEME = "No theme"


def _statements(bookings: Any) -> tuple[ThemeStatements, ...]:
    """The written answers of impact-at-8-weeks evaluations, grouped by the course's
    themes (a course with several themes is quoted under each). No names."""
    responses = list(
        EvaluationResponse.objects.filter(stage=EvaluationStage.IMPACT, booking__in=bookings)
        .order_by("submitted_at", "pk")
        .values_list(
            "answers", "form_id", "booking__event__course_id", "booking__event__course__title"
        )
    )
    if not responses:
        return ()
    text_questions: dict[int, set[str]] = defaultdict(set)
    for form_id, question in EvaluationQuestion.objects.filter(
        form_id__in={form_id for _, form_id, _, _ in responses},
        kind=EvaluationQuestion.Kind.TEXT,
    ).values_list("form_id", "number"):
        text_questions[form_id].add(str(question))
    themes: dict[int, list[str]] = defaultdict(list)
    for course_id, theme in (
        Course.themes.through.objects.filter(
            course_id__in={course_id for _, _, course_id, _ in responses}
        )
        .order_by("theme__name")
        .values_list("course_id", "theme__name")
    ):
        themes[course_id].append(theme)
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for answers, form_id, course_id, title in responses:
        for number in sorted(text_questions[form_id], key=int):
            text = str((answers or {}).get(number, "")).strip()
            if text:
                for theme in themes.get(course_id) or [NO_THEME]:
                    grouped[theme].append((title, text))
    return tuple(
        ThemeStatements(theme, tuple(grouped[theme]))
        for theme in sorted(grouped, key=lambda name: (name == NO_THEME, name))
    )


def _completions(partnership: Partnership, start: int) -> tuple[tuple[str, int, int], ...]:
    low, high = year_bounds(start)
    rows = (
        Completion.objects.filter(
            partnership=partnership, completed_at__gte=low, completed_at__lt=high
        )
        .order_by()
        .values("course__title")
        .annotate(
            elearning=Count("pk", filter=Q(kind=Completion.Kind.ELEARNING)),
            recording=Count("pk", filter=Q(kind=Completion.Kind.RECORDING)),
        )
        .order_by("course__title")
    )
    return tuple(
        (row["course__title"], int(row["elearning"]), int(row["recording"])) for row in rows
    )


def count_learning(
    partnership: Partnership,
    start: int,
    *,
    now: datetime.datetime | None = None,
    statements: bool = True,
) -> Counts:
    """Count a partnership's training for the financial year starting in `start`.

    About a dozen queries whatever the size of the programme. `statements=False`
    leaves out the impact statements (for people who may read figures only).
    """
    now = now or timezone.now()
    events = _events(partnership, start)
    bookings = _bookings(partnership, start)
    monthly = _monthly(events, start, "starts_at", event_measures(now))
    monthly.update(_monthly(bookings, start, "event__starts_at", BOOKING_MEASURES))
    return Counts(
        start=start,
        monthly=monthly,
        agencies=_agencies(bookings),
        courses=_courses(bookings, events, now),
        evaluations=_evaluations(bookings, now),
        changes=_changes(bookings),
        completions=_completions(partnership, start),
        themes=_statements(bookings) if statements else (),
        to_date=timezone.localdate(now) if now < year_bounds(start)[1] else None,
    )


# --- shaping the numbers into tables ------------------------------------------------------

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


# --- indicators for the insight catalogue ---------------------------------------------------


class IndicatorValue(Protocol):
    """An indicator's value for a partnership and a financial year (or part of it)."""

    def __call__(
        self, partnership: Partnership, start: int, between: Span | None = None, /
    ) -> float | None: ...


@dataclass(frozen=True)
class Indicator:
    """A figure the insight catalogue can show: how it is worked out, and its value for a
    partnership and a financial year (the year it starts), or None when not available;
    given `between`, for the events of that part of the year only (a quarter, or the year
    to date)."""

    code: str
    name: str
    numerator: str
    denominator: str
    unit: str  # "count", "percent" or "mean"
    value: IndicatorValue


def _year_numbers(
    partnership: Partnership, start: int, between: Span | None = None
) -> Mapping[str, Any]:
    """The year's (or part of the year's) booking and event totals, in two queries. The
    events held are those that ended by the end of the period."""
    held_by = between[1] if between else year_bounds(start)[1]
    events = _events(partnership, start, between).aggregate(**event_measures(held_by))
    bookings = _bookings(partnership, start, between).aggregate(**BOOKING_MEASURES)
    return {**events, **bookings}


def _ratio(numerator: Iterable[str], denominator: Iterable[str]) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        numbers = _year_numbers(partnership, start, between)
        return percentage(
            sum(int(numbers[name] or 0) for name in numerator),
            sum(int(numbers[name] or 0) for name in denominator),
        )

    return value


def _total(measure: str) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        return float(_year_numbers(partnership, start, between)[measure] or 0)

    return value


def _response_rate(stage: str) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        counted = _evaluations(_bookings(partnership, start, between), timezone.now())
        return percentage(counted[f"{stage}_responses"], counted[f"{stage}_eligible"])

    return value


def _mean_change(measure: str) -> IndicatorValue:
    def value(partnership: Partnership, start: int, between: Span | None = None) -> float | None:
        bookings = _bookings(partnership, start, between)
        overall = Counts(start, {}, (), (), {}, _changes(bookings), (), ())
        change = overall.overall_change()
        pairs = getattr(change, f"{measure}_pairs")
        if not pairs:
            return None
        after, before = getattr(change, f"{measure}_after"), getattr(change, f"{measure}_before")
        return float(after - before) / int(pairs)

    return value


INDICATORS: list[Indicator] = [
    Indicator(
        "learning.places_offered",
        "Training places offered",
        "Places (capacity) of events held: ended, not cancelled",
        "",
        "count",
        _total("places"),
    ),
    Indicator(
        "learning.utilisation",
        "Training utilisation",
        "Places attended in full or in part",
        "Places offered",
        "percent",
        _ratio(("attended", "partial"), ("places",)),
    ),
    Indicator(
        "learning.cancellation_rate",
        "Training cancellation rate",
        "Bookings cancelled, on time or late",
        "Bookings",
        "percent",
        _ratio(("cancelled", "late_cancelled"), ("bookings",)),
    ),
    Indicator(
        "learning.late_cancellation_rate",
        "Training late-cancellation rate",
        "Bookings cancelled after the cancellation deadline",
        "Bookings",
        "percent",
        _ratio(("late_cancelled",), ("bookings",)),
    ),
    Indicator(
        "learning.no_show_rate",
        "Training no-show rate",
        "No-shows",
        "Confirmed places with attendance recorded",
        "percent",
        _ratio(("no_shows",), ("recorded",)),
    ),
    Indicator(
        "learning.after_response_rate",
        "After-course evaluation response rate",
        "After-course evaluations given",
        "Places attended",
        "percent",
        _response_rate(EvaluationStage.AFTER),
    ),
    Indicator(
        "learning.impact_response_rate",
        "Impact evaluation (8 weeks) response rate",
        "Impact evaluations given",
        "Places attended whose event ended at least 8 weeks ago",
        "percent",
        _response_rate(EvaluationStage.IMPACT),
    ),
    Indicator(
        "learning.knowledge_change",
        "Change in self-rated knowledge after training",
        "Sum of (after − before) knowledge ratings, paired by learner",
        "Paired responses",
        "mean",
        _mean_change("knowledge"),
    ),
    Indicator(
        "learning.confidence_change",
        "Change in self-rated confidence after training",
        "Sum of (after − before) confidence ratings, paired by learner",
        "Paired responses",
        "mean",
        _mean_change("confidence"),
    ),
]


# --- the workbook -------------------------------------------------------------------------


def _number(cell: Any, figure: Cell) -> None:
    if figure.value is None or figure.suppressed:
        text_cell(cell, figure.text)
        return
    if isinstance(figure, MoneyCell):
        cell.value, cell.number_format = round(figure.value, 2), '"£"#,##0.00'
    elif isinstance(figure, MeanCell):
        cell.value, cell.number_format = round(figure.value, 4), "0.00"
    elif figure.kind == Kind.PERCENT:
        cell.value, cell.number_format = figure.value / 100, "0.0%"
    elif figure.kind == Kind.COUNT:
        cell.value, cell.number_format = int(figure.value), "#,##0"
    else:
        cell.value, cell.number_format = figure.value, "0.0"


SHEET_NAMES = {
    "summary": "Summary",
    "attendance_by_month": "Attendance by month",
    "attendance_by_quarter": "Attendance by quarter",
    "cancellations_by_month": "Cancellations by month",
    "cancellations_by_quarter": "Cancellations by quarter",
    "by_agency": "By agency",
    "by_agency_kind": "By kind of agency",
    "by_course": "By course",
    "charges": "Charges",
    "evaluation": "Evaluation response",
    "change": "Knowledge and confidence",
    "completions": "E-learning and recordings",
    "statements_by_theme": "Impact by theme",
}


def workbook(
    tables: Sequence[Table],
    *,
    partnership: Partnership,
    start: int,
    grouping: Grouping,
    themes: Sequence[ThemeStatements] = (),
) -> bytes:
    """The tables as an Excel workbook: a README sheet, then one sheet per table (header
    row bold, figures as numbers), then the impact statements when given."""
    import io

    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    bold = Font(bold=True)
    book = Workbook()
    readme = book.active
    assert readme is not None
    used = {"readme"}
    readme.title = "README"
    by = "month" if grouping == Grouping.MONTH else "financial quarter"
    lines: list[tuple[str, str]] = [
        ("Training reports", partnership.name),
        ("Financial year", f"{year_label(start)}: 1 April {start} to 31 March {start + 1}"),
        ("Shown by", by),
        ("Prepared", f"{timezone.localtime():%-d %B %Y %H:%M}"),
        ("", ""),
        ("Term", "Definition"),
        *DEFINITIONS,
        ("", ""),
        ("Sheet", "Contents"),
        *[(SHEET_NAMES.get(t.key, t.caption), t.caption) for t in tables],
    ]
    if themes:
        lines.append(("Impact statements", "The statements, by theme (no names)"))
    for number, (term, definition) in enumerate(lines, start=1):
        text_cell(readme.cell(number, 1), term)
        text_cell(readme.cell(number, 2), definition)
        readme.cell(number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1 or term in ("Term", "Sheet"):
            readme.cell(number, 1).font = bold
            readme.cell(number, 2).font = bold
    readme.column_dimensions["A"].width = 30
    readme.column_dimensions["B"].width = 100
    for table in tables:
        sheet = book.create_sheet(sheet_title(SHEET_NAMES.get(table.key, table.caption), used))
        for column, heading in enumerate((table.group_heading, *table.columns), start=1):
            text_cell(sheet.cell(1, column), heading)
            sheet.cell(1, column).font = bold
        for number, row in enumerate(table.rows, start=2):
            text_cell(sheet.cell(number, 1), row.label)
            for column, figure in enumerate(row.cells, start=2):
                _number(sheet.cell(number, column), figure)
        after = len(table.rows) + 3
        for offset, note in enumerate((table.caption, *table.notes)):
            text_cell(sheet.cell(after + offset, 1), note)
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B2"
    if themes:
        sheet = book.create_sheet(sheet_title("Impact statements", used))
        for column, heading in enumerate(("Theme", "Course", "Statement"), start=1):
            text_cell(sheet.cell(1, column), heading)
            sheet.cell(1, column).font = bold
        number = 2
        for group in themes:
            for course, statement in group.statements:
                text_cell(sheet.cell(number, 1), group.theme)
                text_cell(sheet.cell(number, 2), course)
                text_cell(sheet.cell(number, 3), statement)
                number += 1
        sheet.column_dimensions["C"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the training needs analysis -----------------------------------------------------------


@dataclass(frozen=True)
class NeedsSummary:
    """What the agencies said in one survey, and who has not said anything yet."""

    survey: NeedsSurvey
    table: Table  # by theme
    responded: tuple[tuple[str, datetime.datetime, int], ...]  # agency, when, staff needing
    missing: tuple[str, ...]  # agencies of the partnership without any answer
    notes: tuple[tuple[str, str, str], ...]  # theme, agency, notes


def needs_summary(survey: NeedsSurvey) -> NeedsSummary:
    """Per theme: staff needing training, agencies needing it and their priorities; the
    agencies that answered and those that have not. Five queries."""
    responses = NeedsResponse.objects.filter(survey=survey).order_by()
    needing = Q(staff_needing__gt=0)
    by_theme = {
        row["theme_id"]: row
        for row in responses.values("theme_id").annotate(
            staff=Sum("staff_needing", default=0),
            agencies=Count("agency", filter=needing, distinct=True),
            first=Count("pk", filter=needing & Q(priority=1)),
            second=Count("pk", filter=needing & Q(priority=2)),
            third=Count("pk", filter=needing & Q(priority=3)),
        )
    }
    rows = []
    for theme in Theme.objects.filter(partnership=survey.partnership).order_by("name"):
        row = by_theme.get(theme.pk, {})
        rows.append(
            Row(
                theme.name,
                tuple(
                    count_cell(int(row.get(name) or 0), False)
                    for name in ("staff", "agencies", "first", "second", "third")
                ),
            )
        )
    table = Table(
        key="needs_by_theme",
        caption=f"Training needs by theme, {survey.year}",
        group_heading="Theme",
        columns=(
            "Staff needing training",
            "Agencies needing it",
            "Priority 1 (high)",
            "Priority 2",
            "Priority 3 (low)",
        ),
        rows=tuple(rows),
        notes=("Priorities count the agencies with staff needing the training.",),
    )
    responded = tuple(
        (row["agency__name"], row["answered"], int(row["staff"] or 0))
        for row in responses.values("agency__name")
        .annotate(answered=Max("submitted_at"), staff=Sum("staff_needing"))
        .order_by("agency__name")
    )
    missing = tuple(
        training_agencies(survey.partnership)
        .exclude(pk__in=responses.values("agency"))
        .order_by("name")
        .values_list("name", flat=True)
    )
    notes = tuple(
        responses.exclude(notes="")
        .order_by("theme__name", "agency__name")
        .values_list("theme__name", "agency__name", "notes")
    )
    return NeedsSummary(
        survey=survey,
        table=_with_chart(table, "Staff needing training by theme", (0,)),
        responded=responded,
        missing=missing,
        notes=notes,
    )
