"""Reads for line managers: the bookings that name them, and what waits for them
(places to approve, six-month views to give)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)

from masa.core.acting import Acting
from masa.learning import policies
from masa.learning.models import (
    Attendance,
    Booking,
    EvaluationResponse,
    EvaluationStage,
    Respondent,
)
from masa.learning.selectors.bookings import with_waiting_position
from masa.learning.services.deadlines import SIX_MONTHS_AFTER


def team_bookings(acting: Acting) -> QuerySet[Booking]:
    """Bookings that name this person as the learner's line manager."""
    return with_waiting_position(
        policies.line_managed.visible(acting, "view")
        .select_related("event__course", "learner", "agency", "attendance")
        .order_by("-event__starts_at", "learner__full_name", "pk")
    )


def manager_reviews_due(acting: Acting, now: datetime.datetime) -> QuerySet[Booking]:
    """Their staff's bookings whose six-month evaluation is open and still waits for the
    line manager's part: attended, at least six months ago, not yet given."""
    given = EvaluationResponse.objects.filter(
        booking=OuterRef("pk"),
        stage=EvaluationStage.SIX_MONTHS,
        respondent=Respondent.LINE_MANAGER,
    )
    return (
        policies.line_managed.visible(acting, "view")
        .filter(
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


def manager_to_do(acting: Acting, now: datetime.datetime) -> ManagerToDo:
    person = acting.person
    # Most people manage nobody's training: one look-up on the line manager's index
    # spares them the two counts (the catalogue shows this banner on every visit).
    if not Booking.objects.filter(line_manager=person).exists():
        return ManagerToDo(0, 0)
    to_approve = (
        policies.line_managed.visible(acting, "view")
        .filter(status=Booking.Status.AWAITING_APPROVAL)
        .count()
    )
    return ManagerToDo(to_approve, manager_reviews_due(acting, now).count())
