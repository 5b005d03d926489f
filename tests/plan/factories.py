"""Plan records for tests: periods, plans, ambitions and priorities in the demo's
Northbridge unless another partnership is given."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils.text import slugify

from masa.core.models import Partnership
from masa.plan import periods
from masa.plan.models import Ambition, PlanPeriod, Priority, StrategicPlan

_numbers = itertools.count(50)


def partnership(slug: str = "northbridge") -> Partnership:
    return Partnership.objects.get(slug=slug)


def period(slug: str = "northbridge") -> PlanPeriod:
    """The partnership's current period (made if it has none)."""
    return periods.current_or_new_period(partnership(slug))


def plan(slug: str = "northbridge") -> StrategicPlan:
    chosen = period(slug)
    found, _ = StrategicPlan.objects.get_or_create(
        period=chosen,
        defaults={"partnership": chosen.partnership, "title": f"Strategic plan {chosen.name}"},
    )
    return found


def ambition(slug: str = "northbridge", **values: Any) -> Ambition:
    chosen = plan(slug)
    values.setdefault("number", next(_numbers))
    values.setdefault("title", f"Zq ambition {values['number']}")
    return Ambition.objects.create(plan=chosen, partnership=chosen.partnership, **values)


def priority(where: str = "northbridge", **values: Any) -> Priority:
    chosen = values.pop("period", None) or period(where)
    values.setdefault("number", next(_numbers))
    values.setdefault("name", f"Zq priority {values['number']}")
    values.setdefault("slug", slugify(values["name"])[:60])
    return Priority.objects.create(period=chosen, partnership=chosen.partnership, **values)


def date(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)
