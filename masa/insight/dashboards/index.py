"""The index of dashboards: by function and by priority, with how many indicators each
has in use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from masa.core.figures import Cell
from masa.core.models import Partnership
from masa.insight.dashboards.exceptions import (
    ExceptionItem,
    Exceptions,
    exception_quarters,
    exceptions,
)
from masa.insight.dashboards.figures import COMPARATOR_KINDS, COMPARATOR_LABELS, Point, unit_cell
from masa.insight.dashboards.indicator import IndicatorFigures, indicator_figures, priorities_of
from masa.insight.dashboards.scorecard import (
    Scorecard,
    ScoreLine,
    Section,
    active_indicators,
    scorecard,
)
from masa.insight.dashboards.trends import Trend
from masa.insight.models import (
    Function,
    Indicator,
    Measurement,
    Source,
)
from masa.plan.periods import current_priorities

# --- the index ------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardLink:
    slug: str
    name: str
    indicators: int


@dataclass(frozen=True)
class DashboardIndex:
    functions: tuple[DashboardLink, ...]
    priorities: tuple[DashboardLink, ...]
    platform_computed_at: datetime.datetime | None


def dashboard_index(partnership: Partnership) -> DashboardIndex:
    """A dashboard per function and per priority, with how many indicators each has."""
    counts = dict(
        Indicator.objects.filter(partnership=partnership, is_active=True)
        .order_by()
        .values("function")
        .annotate(n=Count("pk"))
        .values_list("function", "n")
    )
    functions = tuple(
        DashboardLink(f.value, str(f.label), counts.get(f.value, 0)) for f in Function
    )
    priorities = tuple(
        DashboardLink(slug, name, n)
        for slug, name, n in current_priorities(partnership.pk)
        .annotate(n=Count("indicators", filter=Q(indicators__is_active=True)))
        .values_list("slug", "name", "n")
    )
    computed = Measurement.objects.filter(
        partnership=partnership, source__in=[Source.FRONT_DOOR, Source.LEARNING]
    ).aggregate(at=Max("computed_at"))["at"]
    return DashboardIndex(functions, priorities, computed)


__all__ = [
    "COMPARATOR_KINDS",
    "COMPARATOR_LABELS",
    "Cell",
    "DashboardIndex",
    "ExceptionItem",
    "Exceptions",
    "IndicatorFigures",
    "Point",
    "ScoreLine",
    "Scorecard",
    "Section",
    "Trend",
    "active_indicators",
    "dashboard_index",
    "exception_quarters",
    "exceptions",
    "indicator_figures",
    "priorities_of",
    "scorecard",
    "unit_cell",
]
