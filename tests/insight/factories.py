"""Insight test data. Indicators and measurements are reference data and facts, made
directly; returns are made through the services where a test is about them."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from masa.core.models import Agency, AgencyKind, Partnership
from masa.insight.models import (
    DataReturn,
    Function,
    Indicator,
    Measurement,
    Polarity,
    Source,
    Unit,
)
from masa.insight.periods import Period

_serial = itertools.count(1)


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def indicator(partnership: str = "northbridge", **overrides: Any) -> Indicator:
    n = next(_serial)
    values: dict[str, Any] = {
        "partnership": Partnership.objects.get(slug=partnership),
        "code": f"zq.test_{n}",
        "name": f"Zq test indicator {n}",
        "definition": "A figure made for a test.",
        "source": Source.RETURN,
        "function": Function.HEALTH,
        "agency_kind": AgencyKind.HEALTH_ICB,
        "unit": Unit.COUNT,
        "polarity": Polarity.HIGHER,
        "minimum": Decimal(0),
    }
    values.update(overrides)
    if values["source"] == Source.RETURN and "agency" not in overrides:
        values["agency"] = Agency.objects.filter(
            kind=values["agency_kind"], partnerships=values["partnership"]
        ).first()
    return Indicator.objects.create(**values)


def measurement(
    on: Indicator, period: Period, value: float | int | None, **overrides: Any
) -> Measurement:
    values: dict[str, Any] = {
        "partnership": on.partnership,
        "indicator": on,
        "period_start": period.start,
        "period_end": period.end,
        "value": None if value is None else Decimal(str(value)),
        "source": on.source,
    }
    values.update(overrides)
    return Measurement.objects.create(**values)


def data_return(
    agency_name: str, period: Period, partnership: str = "northbridge", **overrides: Any
) -> DataReturn:
    values: dict[str, Any] = {
        "partnership": Partnership.objects.get(slug=partnership),
        "agency": agency(agency_name),
        "period_start": period.start,
        "period_end": period.end,
    }
    values.update(overrides)
    return DataReturn.objects.create(**values)


def far_quarter(n: int = 1) -> Period:
    """A quarter far in the future, clear of the demo's data."""
    from masa.insight.periods import quarter

    return quarter(2090, n)


TODAY = datetime.date(2026, 11, 23)
