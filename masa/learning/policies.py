"""Who may see which learning records. Learners see their own bookings and
evaluations, line managers their team's, trainers their events', and the business
unit (course.manage) the whole programme."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from masa.core.models import Membership, Scope
from masa.core.policies import Policy
from masa.learning.models import Booking, Course, Event


class CoursePolicy(Policy[Course]):
    """The training programme: open to everyone in the partnership with course.view."""

    resource = "course"
    model = Course

    def scoped(
        self, records: QuerySet[Course], membership: Membership, scope: Scope
    ) -> QuerySet[Course]:
        return records.filter(partnership=membership.partnership)


class EventPolicy(Policy[Event]):
    """Events: everyone may see the programme; `deliver` reaches the trainer's own events."""

    resource = "course"
    model = Event

    def scoped(
        self, records: QuerySet[Event], membership: Membership, scope: Scope
    ) -> QuerySet[Event]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.OWN:
            return records.filter(trainers=membership.person)
        return records


class BookingPolicy(Policy[Booking]):
    """Bookings: a learner's own and their team's (as line manager); a trainer's events';
    the business unit's whole programme."""

    resource = "course"
    model = Booking

    def scoped(
        self, records: QuerySet[Booking], membership: Membership, scope: Scope
    ) -> QuerySet[Booking]:
        records = records.filter(partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        person = membership.person
        return records.filter(
            Q(learner=person) | Q(line_manager=person) | Q(event__trainers=person)
        ).distinct()


courses = CoursePolicy()
events = EventPolicy()
bookings = BookingPolicy()
