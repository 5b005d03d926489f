"""The plan's rules, as pure functions of plain values (no database).

**Little or no evidence of progress** (seed 004 §10.2c asks the yearly report for "any
areas where there has been little or no evidence of progress"): a priority is flagged
when, in the year up to today, none of its actions was completed and none of its
outcome indicators improved. A priority is judged only once its plan period has run
for a year: before that there is no year to look back on.

An indicator **improved** in the year when its latest figure in the year is better (by
its polarity) than the figure of the same kind of period a year before it (a quarter
against the same quarter a year earlier, a year against the year before).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from masa.insight import rag
from masa.insight.periods import Period, financial_year, quarter

YEAR = datetime.timedelta(days=365)


def year_before(period: Period) -> Period:
    if period.is_quarter:
        return quarter(period.financial_year - 1, period.quarter)
    return financial_year(period.financial_year - 1)


def improved_in_year(
    values: Mapping[Period, Decimal | None], *, polarity: str, today: datetime.date
) -> bool:
    """Did the indicator improve in the year up to `today`? Its latest figure ending in
    that year against the figure of a year before it, by polarity."""
    since = today - YEAR
    known = [p for p, value in values.items() if value is not None and since < p.end <= today]
    for latest in sorted(known, key=lambda p: (p.end, p.is_quarter), reverse=True):
        before = values.get(year_before(latest))
        if before is None:
            continue
        shown = rag.direction(values[latest], before, polarity=polarity)
        return shown.judgement == rag.Judgement.BETTER
    return False


def judged(period_starts_on: datetime.date, today: datetime.date) -> bool:
    """A priority is judged once its plan period has run for a year."""
    return period_starts_on + YEAR <= today


def little_or_no_progress(
    *,
    period_starts_on: datetime.date,
    today: datetime.date,
    actions_completed_in_year: int,
    indicators_improved_in_year: int,
) -> bool:
    """No completed action and no improving indicator in the year up to `today`."""
    return (
        judged(period_starts_on, today)
        and actions_completed_in_year == 0
        and indicators_improved_in_year == 0
    )
