"""The counting half of the training reports: set-based queries that count in the
database, grouped by month, agency or course, and return small structures of
numbers, never booking rows (`count_learning`).

An event, and every booking, attendance and evaluation for it, counts in the month
the event starts (UK time). E-learning completions count in the month completed."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from masa.core.figures import (
    LONDON,
    financial_year_of,
    month_index_expression,
    year_bounds,
    year_label,
)
from masa.core.models import Partnership
from masa.core.workbooks import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE  # the views use it
from masa.learning.models import (
    Attendance,
    Booking,
    Completion,
    Course,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationStage,
    Event,
    Respondent,
)
from masa.learning.services.deadlines import IMPACT_AFTER, SIX_MONTHS_AFTER

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
