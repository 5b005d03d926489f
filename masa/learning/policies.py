"""Who may see and do what in learning: the only place learning decides access.

Learners see their own bookings and evaluations, line managers their team's, trainers
their events', and the business unit (course.manage) the whole programme. Each rule is
a `Policy` (masa.core.policies): views guard with it and fetch records through it.

* `courses`, `events`: the programme; `programme_courses`, `programme_events`: the
  same, without courses taken out of the programme (the business unit still sees them);
  `bookable_events`: events of courses in the programme, whoever asks.
* `delivery`: the events whose register a person keeps (their own as trainer; every
  event for the business unit).
* `bookings`: the bookings a person may open; `changeable` (cancel: the learner, their
  line manager, the business unit) and `passable` (pass the place on: the learner or
  their line manager) narrow it.
* `own_bookings`: the learner's own (their evaluation); `certificates`: their own, or
  any for the business unit.
* `line_managed`: the bookings that name the person as the learner's line manager: any
  member may be one, with or without a role in training.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from masa.core.acting import Acting
from masa.core.models import Membership, Scope
from masa.core.policies import Policy
from masa.learning.models import Booking, Course, Event, NeedsSurvey


def manages_training(acting: Acting) -> bool:
    """Runs the training programme (the business unit)."""
    return acting.has("course.manage")


def reads_reports(acting: Acting) -> bool:
    """Reads the training reports: the business unit, and dashboard readers (without
    the learners' own words, which only the business unit reads)."""
    return acting.has("course.manage") or acting.has("dashboard.view")


def reads_needs(acting: Acting) -> bool:
    """Sees the training needs analysis: the business unit, and every learner (who
    answers it for their agency)."""
    return acting.has("course.manage") or acting.has("course.book")


def answers_needs(acting: Acting) -> bool:
    return acting.has("course.book")


class CoursePolicy(Policy[Course]):
    """The training programme: open to everyone in the partnership with course.view."""

    resource = "course"
    model = Course
    abilities = {
        "read_reports": reads_reports,
        "see_needs": reads_needs,
        "answer_needs": answers_needs,
    }

    def scoped(
        self, records: QuerySet[Course], membership: Membership, scope: Scope
    ) -> QuerySet[Course]:
        return records.filter(partnership=membership.partnership)


class NeedsSurveyPolicy(Policy[NeedsSurvey]):
    """The partnership's training needs surveys (who may open the page: `see_needs`)."""

    resource = "course"
    model = NeedsSurvey

    def scoped(
        self, records: QuerySet[NeedsSurvey], membership: Membership, scope: Scope
    ) -> QuerySet[NeedsSurvey]:
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


class ProgrammeCoursePolicy(CoursePolicy):
    """Courses in the programme: a course taken out of it is not there, except for the
    business unit (who may put it back)."""

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Course]:
        records = super().visible(acting, action)
        if acting is not None and manages_training(acting):
            return records
        return records.filter(is_active=True)


class ProgrammeEventPolicy(EventPolicy):
    """Events of courses in the programme; with `business_unit`, all of them for the
    business unit (nobody books an event of a course taken out of the programme)."""

    def __init__(self, *, business_unit: bool) -> None:
        self.business_unit = business_unit

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Event]:
        records = super().visible(acting, action)
        if self.business_unit and acting is not None and manages_training(acting):
            return records
        return records.filter(course__is_active=True)


class DeliveryPolicy(EventPolicy):
    """Events whose register a person may keep: the ones they train, or every event in
    the partnership for the business unit."""

    def scope(self, acting: Acting | None, action: str) -> Scope | None:
        if action == "deliver" and acting is not None and manages_training(acting):
            return acting.scope_for("course.manage")
        return super().scope(acting, action)


class BookingPolicy(Policy[Booking]):
    """Bookings: a learner's own and their team's (as line manager); a trainer's events';
    the business unit's whole programme.

    `visible(acting, "view")`, the bookings a person may open, is the widest of these
    their roles give: every booking (course.manage); their own, their team's and their
    events' (course.book or course.deliver); else, as anyone may be a learner's line
    manager, their team's only."""

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

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Booking]:
        if action != "view":
            return super().visible(acting, action)
        for widest in ("manage", "book", "deliver"):
            if self.can(acting, widest):
                return super().visible(acting, widest)
        if acting is not None and self.can(acting, "view"):
            return super().visible(acting, "view").filter(line_manager=acting.person)
        return Booking.objects.none()


class PartyBookingPolicy(BookingPolicy):
    """Of the bookings a person may open, those they are a party to: the learner's and
    their line manager's (and every one for the business unit, if `business_unit`). A
    trainer sees their events' bookings but does not change them."""

    def __init__(self, *, business_unit: bool) -> None:
        self.business_unit = business_unit

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Booking]:
        records = super().visible(acting, "view")
        if acting is None:
            return records.none()
        if self.business_unit and manages_training(acting):
            return records
        return records.filter(Q(learner=acting.person) | Q(line_manager=acting.person))


class OwnBookingPolicy(BookingPolicy):
    """The learner's own bookings (their evaluation); with `business_unit`, every
    booking for the business unit as well (certificates)."""

    def __init__(self, *, business_unit: bool = False) -> None:
        self.business_unit = business_unit

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Booking]:
        if acting is None:
            return Booking.objects.none()
        if self.business_unit and self.can(acting, "manage"):
            return Policy.visible(self, acting, "manage")
        return Policy.visible(self, acting, "view").filter(learner=acting.person)


class LineManagedPolicy(Policy[Booking]):
    """Bookings in the partnership that name the person as the learner's line manager.
    Any member may be a line manager, with or without a role in training."""

    resource = "course"
    model = Booking

    def scope(self, acting: Acting | None, action: str) -> Scope | None:
        self.permission(action)
        return Scope.OWN if acting is not None else None

    def scoped(
        self, records: QuerySet[Booking], membership: Membership, scope: Scope
    ) -> QuerySet[Booking]:
        return records.filter(partnership=membership.partnership, line_manager=membership.person)


courses = CoursePolicy()
needs_surveys = NeedsSurveyPolicy()
events = EventPolicy()
programme_courses = ProgrammeCoursePolicy()
programme_events = ProgrammeEventPolicy(business_unit=True)
bookable_events = ProgrammeEventPolicy(business_unit=False)
delivery = DeliveryPolicy()
bookings = BookingPolicy()
changeable = PartyBookingPolicy(business_unit=True)
passable = PartyBookingPolicy(business_unit=False)
own_bookings = OwnBookingPolicy()
certificates = OwnBookingPolicy(business_unit=True)
line_managed = LineManagedPolicy()
