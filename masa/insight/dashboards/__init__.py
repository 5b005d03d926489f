"""Reads for the dashboards: the scorecard, indicators' trends and the exceptions of a
quarter, all from the `Measurement` fact table, in a constant number of queries.
Figures only: nothing here names a person.

By sub-area: `figures` (the one loader, with disclosure control), `trends`,
`scorecard`, `indicator`, `exceptions` and `index`. The names the views, exports and
tests use are re-exported here (`dashboards.scorecard(...)`).
"""

from masa.insight.dashboards.exceptions import (
    CHANGE,
    EXCEPTION_LABELS,
    MISSING,
    RED,
    ExceptionItem,
    Exceptions,
    exception_quarters,
    exceptions,
)
from masa.insight.dashboards.figures import (
    COMPARATOR_KINDS,
    COMPARATOR_LABELS,
    FUNCTION_ORDER,
    QUARTERS,
    QUARTERS_SHOWN,
    YEARS,
    YEARS_SHOWN,
    Key,
    Point,
    unit_cell,
)
from masa.insight.dashboards.index import DashboardIndex, DashboardLink, dashboard_index
from masa.insight.dashboards.indicator import (
    IndicatorFigures,
    indicator_figures,
    priorities_of,
    siblings,
)
from masa.insight.dashboards.scorecard import (
    Scorecard,
    ScoreLine,
    ScoreRow,
    Section,
    active_indicators,
    comparator_label,
    scorecard,
)
from masa.insight.dashboards.trends import Trend, TrendRow

__all__ = [
    "CHANGE",
    "COMPARATOR_KINDS",
    "COMPARATOR_LABELS",
    "EXCEPTION_LABELS",
    "FUNCTION_ORDER",
    "MISSING",
    "QUARTERS",
    "QUARTERS_SHOWN",
    "RED",
    "YEARS",
    "YEARS_SHOWN",
    "DashboardIndex",
    "DashboardLink",
    "ExceptionItem",
    "Exceptions",
    "IndicatorFigures",
    "Key",
    "Point",
    "ScoreLine",
    "ScoreRow",
    "Scorecard",
    "Section",
    "Trend",
    "TrendRow",
    "active_indicators",
    "comparator_label",
    "dashboard_index",
    "exception_quarters",
    "exceptions",
    "indicator_figures",
    "priorities_of",
    "scorecard",
    "siblings",
    "unit_cell",
]
