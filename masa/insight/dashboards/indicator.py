"""One indicator's page: its trends by quarter and by year, and its parts."""

from __future__ import annotations

from dataclasses import dataclass

from masa.insight.dashboards.figures import PART, QUARTERS, YEARS, load_figures
from masa.insight.dashboards.trends import Trend, trend_of
from masa.insight.models import (
    Indicator,
)
from masa.insight.periods import Period

# --- one indicator --------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator: its trend by quarter and by year (either may be empty)."""

    indicator: Indicator
    quarters: Trend | None
    years: Trend | None
    publish: bool

    @property
    def trends(self) -> list[Trend]:
        return [t for t in (self.quarters, self.years) if t is not None]


def siblings(indicator: Indicator, *, publish: bool) -> list[Indicator]:
    """The other parts of the breakdown `indicator` is part of (none when not publishing:
    they only matter to disclosure control)."""
    match = PART.match(indicator.code)
    if not publish or match is None:
        return []
    return list(
        Indicator.objects.filter(
            partnership_id=indicator.partnership_id,
            code__startswith=match.group("whole") + ".",
            is_active=True,
            publishable=True,
        ).exclude(pk=indicator.pk)
    )


def indicator_figures(
    indicator: Indicator, *, publish: bool = False, to: Period | None = None
) -> IndicatorFigures:
    """Every figure of one indicator, as its last 12 quarters and last 5 years (up to
    `to`, when given, for whichever span it names)."""
    points = load_figures(
        indicator.partnership,
        [indicator],
        since=None,
        until=None,
        publish=publish,
        related=siblings(indicator, publish=publish),
    ).get(indicator.pk, {})
    trends: dict[str, Trend | None] = {}
    for span, is_quarter in ((QUARTERS, True), (YEARS, False)):
        own = {p: point for p, point in points.items() if p.is_quarter == is_quarter}
        last = to if to is not None and to.is_quarter == is_quarter else None
        if last is None and own:
            last = max(own)
        trends[span] = trend_of(indicator, own, span, last, publish) if last else None
    return IndicatorFigures(indicator, trends[QUARTERS], trends[YEARS], publish)


def priorities_of(indicator: Indicator) -> list[str]:
    return list(indicator.priorities.order_by("number", "name").values_list("name", flat=True))
