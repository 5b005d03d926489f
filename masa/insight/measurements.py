"""Writing measurements: the one place every source's figures enter the fact table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from masa.core.models import Partnership
from masa.insight.models import CinCensus, Indicator, Measurement, ReturnSubmission
from masa.insight.periods import Period


@dataclass(frozen=True)
class Figure:
    """One computed or returned figure, before it is stored."""

    code: str
    period: Period
    value: Decimal | float | int | None
    numerator: int | None = None
    denominator: int | None = None
    narrative: str = ""
    partial: bool = False  # the period had not ended, or the source began during it


def _decimal(value: Decimal | float | int | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(round(float(value), 4))) if not isinstance(value, Decimal) else value


def measurements_replace(
    *,
    partnership: Partnership,
    source: str,
    figures: Iterable[Figure],
    submission: ReturnSubmission | None = None,
    census: CinCensus | None = None,
) -> int:
    """Store `figures` for their indicators and periods, replacing what was there.

    Figures whose code is not in the partnership's catalogue are skipped (the
    catalogue decides what is shown). Call inside the caller's transaction; the
    caller writes the audit event. Returns the number of measurements written.
    """
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(partnership=partnership, source=source)
    }
    rows: dict[tuple[int, Period], Measurement] = {}
    now = timezone.now()
    for figure in figures:
        indicator = indicators.get(figure.code)
        if indicator is None:
            continue
        rows[(indicator.pk, figure.period)] = Measurement(
            partnership=partnership,
            indicator=indicator,
            period_start=figure.period.start,
            period_end=figure.period.end,
            value=_decimal(figure.value),
            numerator=figure.numerator,
            denominator=figure.denominator,
            narrative=figure.narrative,
            partial=figure.partial,
            source=source,
            submission=submission,
            census=census,
            computed_at=now,
        )
    if not rows:
        return 0
    # One delete a period, not one a figure: a census year replaces hundreds at once.
    by_period: dict[Period, list[int]] = {}
    for indicator_pk, period in rows:
        by_period.setdefault(period, []).append(indicator_pk)
    for period, indicator_pks in by_period.items():
        Measurement.objects.filter(
            indicator_id__in=indicator_pks, period_start=period.start, period_end=period.end
        ).delete()
    Measurement.objects.bulk_create(rows.values(), batch_size=500)
    return len(rows)
