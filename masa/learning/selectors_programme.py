"""Reads for the training programme and bookings: the catalogue, a person's bookings,
their team's, the programme overview and the trainer pool. Every read starts from a
policy's `visible(...)` so people only ever see what they may."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from masa.core.models import AuditEvent, Membership, Partnership, Person
from masa.learning import policies
from masa.learning.models import (
    Accreditation,
    Attendance,
    Booking,
    ChargeRule,
    Course,
    EvaluationResponse,
    EvaluationStage,
    Event,
    Respondent,
    Unavailability,
)
from masa.learning.services import SIX_MONTHS_AFTER

# --- the catalogue ------------------------------------------------------------------


def catalogue_events(
    user: Any,
    *,
    now: datetime.datetime,
    theme: int | None = None,
    level: int | None = None,
    mode: str = "",
    search: str = "",
    available_only: bool = False,
) -> QuerySet[Event]:
    """Upcoming, open events of active courses, soonest first. Places left come from the
    kept `confirmed_count`, so no bookings are counted here."""
    records = (
        policies.events.visible(user, "view")
        .filter(status=Event.Status.SCHEDULED, starts_at__gte=now, course__is_active=True)
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    if theme:
        records = records.filter(course__themes__id=theme)
    if level:
        records = records.filter(course__level=level)
    if mode:
        records = records.filter(course__mode=mode)
    if search:
        records = records.filter(course__title__icontains=search)
    if available_only:
        records = records.filter(confirmed_count__lt=F("capacity"))
    return records


def upcoming_events(course: Course, now: datetime.datetime) -> QuerySet[Event]:
    return course.events.filter(status=Event.Status.SCHEDULED, starts_at__gte=now).order_by(
        "starts_at", "pk"
    )


def active_trainer_count(course: Course) -> int:
    return course.accreditations.filter(is_active=True, trainer__is_active=True).count()


# --- bookings -----------------------------------------------------------------------


def visible_bookings(user: Any) -> QuerySet[Booking]:
    """The bookings this person may open: the whole programme's for course.manage; else
    their own, their team's (as line manager) and their events' (as trainer)."""
    for action in ("manage", "book", "deliver"):
        if policies.bookings.can(user, action):
            return policies.bookings.visible(user, action)
    # Anyone may be a learner's line manager, with or without a role in training.
    if policies.bookings.can(user, "view"):
        return policies.bookings.visible(user, "view").filter(line_manager=user)
    return Booking.objects.none()


def managed_booking(person: Person, partnership: Partnership, pk: int) -> Booking | None:
    """A booking in the partnership that names `person` as the learner's line manager."""
    return (
        Booking.objects.filter(partnership=partnership, line_manager=person, pk=pk)
        .select_related("event__course", "learner", "agency", "line_manager")
        .first()
    )


def active_booking(person: Person, event: Event) -> Booking | None:
    """The person's live booking (place, queue, offer or awaiting approval) for an event."""
    return (
        Booking.objects.filter(event=event, learner=person, status__in=Booking.ACTIVE)
        .select_related("event__course")
        .first()
    )


def with_waiting_position(records: QuerySet[Booking]) -> QuerySet[Booking]:
    """Annotate `position`: a waiting booking's place in its event's queue (1 = next)."""
    ahead = (
        Booking.objects.filter(event=OuterRef("event"), status=Booking.Status.WAITING)
        .filter(
            Q(joined_waiting_list_at__lt=OuterRef("joined_waiting_list_at"))
            | Q(
                joined_waiting_list_at=OuterRef("joined_waiting_list_at"),
                pk__lt=OuterRef("pk"),
            )
        )
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return records.annotate(
        position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1
    )


def waiting_list_length(event: Event) -> int:
    return event.bookings.filter(status=Booking.Status.WAITING).count()


@dataclass
class MyBookings:
    upcoming: list[Booking] = field(default_factory=list)
    waiting: list[Booking] = field(default_factory=list)
    offers: list[Booking] = field(default_factory=list)
    awaiting_approval: list[Booking] = field(default_factory=list)
    past: list[Booking] = field(default_factory=list)
    closed: list[Booking] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(group)
            for group in (
                self.upcoming,
                self.waiting,
                self.offers,
                self.awaiting_approval,
                self.past,
                self.closed,
            )
        )


def my_bookings(person: Person, partnership: Partnership, now: datetime.datetime) -> MyBookings:
    """A learner's own bookings in the partnership, grouped as the learner thinks of them."""
    records = with_waiting_position(
        Booking.objects.filter(learner=person, partnership=partnership)
        .select_related("event__course", "attendance", "line_manager")
        .prefetch_related("evaluations")
        .order_by("event__starts_at", "pk")
    )
    grouped = MyBookings()
    for booking in records:
        status = booking.status
        if mark_lapsed(booking, now):
            grouped.closed.append(booking)  # the event has started: the list is over
        elif status == Booking.Status.CONFIRMED:
            (grouped.upcoming if booking.event.ends_at >= now else grouped.past).append(booking)
        elif status == Booking.Status.WAITING:
            grouped.waiting.append(booking)
        elif status == Booking.Status.OFFERED:
            grouped.offers.append(booking)
        elif status == Booking.Status.AWAITING_APPROVAL:
            grouped.awaiting_approval.append(booking)
        else:
            grouped.closed.append(booking)
    grouped.past.reverse()  # most recent first
    grouped.closed.sort(key=lambda b: b.cancelled_at or min(b.event.starts_at, now), reverse=True)
    return grouped


LAPSING = (Booking.Status.WAITING, Booking.Status.OFFERED, Booking.Status.AWAITING_APPROVAL)


def mark_lapsed(booking: Booking, now: datetime.datetime) -> bool:
    """Whether a claim to a place (waiting list, offer, approval) ended unmet because
    the event has started; sets `booking.lapsed` for the pages to show it closed."""
    lapsed = booking.status in LAPSING and now >= booking.event.starts_at
    booking.lapsed = lapsed  # type: ignore[attr-defined]
    return lapsed


def answered_stages(booking: Booking) -> set[str]:
    """Stages the learner has already answered (uses prefetched `evaluations` when there)."""
    return {
        response.stage
        for response in booking.evaluations.all()
        if response.respondent == Respondent.LEARNER
    }


STAGES = list(EvaluationStage)


def team_bookings(person: Person, partnership: Partnership) -> QuerySet[Booking]:
    """Bookings that name this person as the learner's line manager."""
    return with_waiting_position(
        Booking.objects.filter(line_manager=person, partnership=partnership)
        .select_related("event__course", "learner", "agency", "attendance")
        .order_by("-event__starts_at", "learner__full_name", "pk")
    )


def manager_reviews_due(
    person: Person, partnership: Partnership, now: datetime.datetime
) -> QuerySet[Booking]:
    """Their staff's bookings whose six-month evaluation is open and still waits for the
    line manager's part: attended, at least six months ago, not yet given."""
    given = EvaluationResponse.objects.filter(
        booking=OuterRef("pk"),
        stage=EvaluationStage.SIX_MONTHS,
        respondent=Respondent.LINE_MANAGER,
    )
    return (
        Booking.objects.filter(
            line_manager=person,
            partnership=partnership,
            status=Booking.Status.CONFIRMED,
            event__ends_at__lte=now - SIX_MONTHS_AFTER,
            attendance__status__in=[Attendance.Status.ATTENDED, Attendance.Status.PARTIAL],
        )
        .exclude(Exists(given))
        .select_related("event__course", "learner")
        .order_by("event__starts_at", "pk")
    )


@dataclass(frozen=True)
class ManagerToDo:
    """What waits for a line manager: places to approve, six-month views to give."""

    to_approve: int
    reviews: int

    @property
    def any(self) -> bool:
        return bool(self.to_approve or self.reviews)


def manager_to_do(person: Person, partnership: Partnership, now: datetime.datetime) -> ManagerToDo:
    # Most people manage nobody's training: one look-up on the line manager's index
    # spares them the two counts (the catalogue shows this banner on every visit).
    if not Booking.objects.filter(line_manager=person).exists():
        return ManagerToDo(0, 0)
    to_approve = Booking.objects.filter(
        line_manager=person, partnership=partnership, status=Booking.Status.AWAITING_APPROVAL
    ).count()
    return ManagerToDo(to_approve, manager_reviews_due(person, partnership, now).count())


def booking_history(booking: Booking) -> QuerySet[AuditEvent]:
    """What happened to a booking, oldest first, from the audit log."""
    return (
        AuditEvent.objects.filter(target_type="learning.booking", target_id=str(booking.pk))
        .exclude(verb="view")
        .select_related("actor")
        .order_by("at", "pk")
    )


@dataclass(frozen=True)
class CancellationTerms:
    late: bool
    charge: Decimal


def cancellation_terms(booking: Booking, now: datetime.datetime) -> CancellationTerms:
    """What cancelling now would mean, as `services.booking_cancel` will decide it."""
    held_place = booking.status in (Booking.Status.CONFIRMED, Booking.Status.OFFERED)
    late = held_place and now > booking.event.cancellation_deadline
    charge = Decimal("0")
    if late:
        rule = ChargeRule.objects.filter(
            partnership_id=booking.partnership_id, kind=ChargeRule.Kind.LATE_CANCELLATION
        ).first()
        charge = rule.amount if rule else Decimal("0")
    return CancellationTerms(late=late, charge=charge)


def agency_colleagues(
    partnership: Partnership, agency_id: int, *, exclude: Person | None = None
) -> QuerySet[Membership]:
    """Active members of one agency in the partnership (line managers, substitutes)."""
    records = Membership.objects.filter(
        partnership=partnership, agency_id=agency_id, is_active=True, person__is_active=True
    ).select_related("person", "agency")
    if exclude is not None:
        records = records.exclude(person=exclude)
    return records.order_by("person__full_name")


def partnership_people(partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership=partnership, is_active=True, person__is_active=True)
        .select_related("person", "agency")
        .order_by("person__full_name")
    )


# --- the programme overview ---------------------------------------------------------


def _active_trainers() -> Subquery:
    return Subquery(
        Accreditation.objects.filter(course=OuterRef("pk"), is_active=True, trainer__is_active=True)
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def programme_courses(user: Any, now: datetime.datetime) -> QuerySet[Course]:
    """Every course with its upcoming events, places, places held and active trainers."""
    upcoming = Event.objects.filter(
        course=OuterRef("pk"), status=Event.Status.SCHEDULED, starts_at__gte=now
    ).order_by()

    def total(expression: Any) -> Subquery:
        return Subquery(
            upcoming.values("course").annotate(n=expression).values("n"),
            output_field=IntegerField(),
        )

    return (
        policies.courses.visible(user, "manage")
        .annotate(
            upcoming_events=Coalesce(total(Count("pk")), Value(0)),
            upcoming_places=Coalesce(total(Sum("capacity")), Value(0)),
            upcoming_held=Coalesce(total(Sum("confirmed_count")), Value(0)),
            active_trainers=Coalesce(_active_trainers(), Value(0)),
        )
        .order_by("-is_active", "level", "title")
    )


def events_without_trainer(user: Any, now: datetime.datetime) -> QuerySet[Event]:
    return (
        policies.events.visible(user, "manage")
        .filter(status=Event.Status.SCHEDULED, starts_at__gte=now)
        .annotate(trainer_count=Count("trainers"))
        .filter(trainer_count=0)
        .select_related("course")
        .order_by("starts_at", "pk")
    )


# --- the trainer pool ---------------------------------------------------------------


@dataclass
class PoolTrainer:
    accreditation: Accreditation
    delivered: int
    last_delivered: datetime.datetime | None
    unavailable: list[Unavailability]


@dataclass
class PoolCourse:
    course: Course
    trainers: list[PoolTrainer]

    @property
    def active(self) -> int:
        return sum(
            1
            for t in self.trainers
            if t.accreditation.is_active and t.accreditation.trainer.is_active
        )

    @property
    def short(self) -> bool:
        return self.course.is_active and self.active < self.course.minimum_trainers


def trainer_pool(user: Any, now: datetime.datetime) -> list[PoolCourse]:
    """Per course: each accredited trainer, their delivery history for the course and
    their unavailability from today on. A fixed number of queries, whatever the size."""
    courses = list(
        policies.courses.visible(user, "manage")
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.select_related("trainer").order_by(
                    "-is_active", "trainer__full_name"
                ),
            )
        )
        .order_by("-is_active", "level", "title")
    )
    trainer_ids = {a.trainer_id for c in courses for a in c.accreditations.all()}
    delivered: dict[tuple[int, int], tuple[int, datetime.datetime | None]] = {}
    through = Event.trainers.through
    for row in (
        through.objects.filter(
            event__course__in=courses,
            event__status=Event.Status.SCHEDULED,
            event__ends_at__lt=now,
            person_id__in=trainer_ids,
        )
        .values("event__course_id", "person_id")
        .annotate(n=Count("event_id"), last=Max("event__starts_at"))
    ):
        delivered[(row["event__course_id"], row["person_id"])] = (row["n"], row["last"])
    unavailable: dict[int, list[Unavailability]] = defaultdict(list)
    for item in Unavailability.objects.filter(
        trainer_id__in=trainer_ids, ends_on__gte=now.date()
    ).order_by("starts_on"):
        unavailable[item.trainer_id].append(item)
    pool: list[PoolCourse] = []
    for course in courses:
        trainers = []
        for accreditation in course.accreditations.all():
            count, last = delivered.get((course.pk, accreditation.trainer_id), (0, None))
            trainers.append(
                PoolTrainer(accreditation, count, last, unavailable[accreditation.trainer_id])
            )
        pool.append(PoolCourse(course, trainers))
    return pool


def accredited_trainers(course: Course) -> QuerySet[Person]:
    return Person.objects.filter(
        accreditations__course=course, accreditations__is_active=True, is_active=True
    ).order_by("full_name")


def pool_trainers(partnership: Partnership) -> QuerySet[Person]:
    """Everyone accredited for any course of the partnership."""
    return (
        Person.objects.filter(accreditations__course__partnership=partnership)
        .distinct()
        .order_by("full_name")
    )


def unavailable_on(people: list[Person], first: datetime.date, last: datetime.date) -> list[Person]:
    """Those of `people` recorded as unavailable on any day from `first` to `last`."""
    busy = set(
        Unavailability.objects.filter(
            trainer__in=people, starts_on__lte=last, ends_on__gte=first
        ).values_list("trainer_id", flat=True)
    )
    return [p for p in people if p.pk in busy]


def accreditation_in(course_list: list[Course], pk: str) -> Accreditation | None:
    """An accreditation for one of `course_list` (the courses the person manages)."""
    if not pk.isdigit():
        return None
    return (
        Accreditation.objects.filter(pk=int(pk), course__in=course_list)
        .select_related("course", "trainer")
        .first()
    )


def waiting_position(booking: Booking) -> int | None:
    """A waiting booking's place in the queue (1 = next to be offered), else None."""
    if booking.status != Booking.Status.WAITING or booking.joined_waiting_list_at is None:
        return None
    joined = booking.joined_waiting_list_at
    return (
        Booking.objects.filter(event_id=booking.event_id, status=Booking.Status.WAITING)
        .filter(
            Q(joined_waiting_list_at__lt=joined)
            | Q(joined_waiting_list_at=joined, pk__lt=booking.pk)
        )
        .count()
        + 1
    )
