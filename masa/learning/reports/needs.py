"""The training needs analysis: what the agencies answered, summed by theme."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum

from masa.core.figures import (
    Row,
    Table,
    count_cell,
)
from masa.core.selectors import training_agencies
from masa.core.workbooks import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE  # the views use it
from masa.learning.models import (
    NeedsResponse,
    NeedsSurvey,
    Theme,
)
from masa.learning.reports.tables import (
    _with_chart,
)


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
