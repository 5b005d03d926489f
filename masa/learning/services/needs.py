"""The training needs analysis: a survey a year, answered by each agency."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.learning.models import (
    NeedsResponse,
    NeedsSurvey,
    Theme,
)


@transaction.atomic
def needs_survey_open(*, acting: Acting, year: int, closes_on: datetime.date) -> NeedsSurvey:
    """Open the training needs analysis for a year: one survey per partnership a year,
    answered by each agency until the end of `closes_on`."""
    partnership = acting.partnership
    if closes_on < timezone.localdate():
        raise ServiceError("The closing date must be today or in the future", field="closes_on")
    if NeedsSurvey.objects.filter(partnership=partnership, year=year).exists():
        raise ServiceError(f"There is already a training needs survey for {year}", field="year")
    survey = NeedsSurvey.objects.create(partnership=partnership, year=year, closes_on=closes_on)
    audit.record(
        acting,
        "needs.open",
        survey,
        {"year": year, "closes_on": closes_on.isoformat()},
        partnership=partnership,
    )
    return survey


@dataclass(frozen=True)
class NeedsAnswer:
    """One agency's answer about one theme."""

    theme_id: int
    staff_needing: int
    priority: int  # 1 (highest) to 3
    notes: str = ""


@transaction.atomic
def needs_respond(
    *,
    acting: Acting,
    survey: NeedsSurvey,
    answers: list[NeedsAnswer],
    today: datetime.date | None = None,
) -> list[NeedsResponse]:
    """Answer the survey for the person's own agency, replacing the agency's earlier
    answers (one set per agency a year). Refused once the survey has closed."""
    today = today or timezone.localdate()
    if not acting.is_in(survey.partnership_id):
        raise ServiceError("You can only answer for your own agency in this partnership")
    if today > survey.closes_on:
        raise ServiceError(
            f"This survey closed on {survey.closes_on.day} {survey.closes_on:%B %Y}: "
            "answers can no longer be changed"
        )
    themes = set(Theme.objects.filter(partnership=survey.partnership).values_list("pk", flat=True))
    seen: set[int] = set()
    for answer in answers:
        if answer.theme_id not in themes or answer.theme_id in seen:
            raise ServiceError("Answer each of the partnership's themes once")
        if answer.staff_needing < 0:
            raise ServiceError("The number of staff must be 0 or more")
        if answer.priority not in (1, 2, 3):
            raise ServiceError("Select a priority from 1 to 3")
        seen.add(answer.theme_id)
    replaced = NeedsResponse.objects.filter(survey=survey, agency=acting.agency).delete()[0]
    now = timezone.now()
    saved = NeedsResponse.objects.bulk_create(
        NeedsResponse(
            survey=survey,
            agency=acting.agency,
            theme_id=answer.theme_id,
            staff_needing=answer.staff_needing,
            priority=answer.priority,
            notes=answer.notes,
            submitted_by=acting.person,
            submitted_at=now,
        )
        for answer in answers
    )
    audit.record(
        acting,
        "needs.respond",
        survey,
        {
            "agency": acting.agency.name,
            "themes": len(saved),
            "staff_needing": sum(answer.staff_needing for answer in answers),
            "replaced": replaced,
        },
        partnership=survey.partnership,
    )
    return saved
