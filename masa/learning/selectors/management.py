"""Reads for the business unit: the programme overview and the trainer pool."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from masa.core.acting import Acting
from masa.core.models import Membership, Partnership, Person
from masa.learning import policies
from masa.learning.models import (
    Accreditation,
    Course,
    Event,
    Unavailability,
)


def partnership_people(partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership=partnership, is_active=True, person__is_active=True)
        .select_related("person", "agency")
        .order_by("person__full_name")
    )


def _active_trainers() -> Subquery:
    return Subquery(
        Accreditation.objects.filter(course=OuterRef("pk"), is_active=True, trainer__is_active=True)
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def programme_courses(acting: Acting, now: datetime.datetime) -> QuerySet[Course]:
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
        policies.courses.visible(acting, "manage")
        .annotate(
            upcoming_events=Coalesce(total(Count("pk")), Value(0)),
            upcoming_places=Coalesce(total(Sum("capacity")), Value(0)),
            upcoming_held=Coalesce(total(Sum("confirmed_count")), Value(0)),
            active_trainers=Coalesce(_active_trainers(), Value(0)),
        )
        .order_by("-is_active", "level", "title")
    )


def events_without_trainer(acting: Acting, now: datetime.datetime) -> QuerySet[Event]:
    return (
        policies.events.visible(acting, "manage")
        .filter(status=Event.Status.SCHEDULED, starts_at__gte=now)
        .annotate(trainer_count=Count("trainers"))
        .filter(trainer_count=0)
        .select_related("course")
        .order_by("starts_at", "pk")
    )


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


def trainer_pool(acting: Acting, now: datetime.datetime) -> list[PoolCourse]:
    """Per course: each accredited trainer, their delivery history for the course and
    their unavailability from today on. A fixed number of queries, whatever the size."""
    courses = list(
        policies.courses.visible(acting, "manage")
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
