"""The financial summary of a year, laid out as seed 001 appendix 2: the partners'
contributions, then budget against actual for staffing and non-staffing with their
totals, income with its total, and the net position (staffing + non-staffing - income);
the reserve brought and carried forward, and what agencies give in kind.

Training charges recorded in learning (late cancellations and no-shows) appear by
themselves as an income line of the year the course took place.

A figures-only reader (finance.view at aggregate scope) gets the same summary with the
lines, the agencies' shares and in-kind gifts left out: the totals only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from masa.core.acting import Acting
from masa.core.figures import year_bounds, year_label
from masa.core.models import Partnership
from masa.finance import policies
from masa.finance.models import (
    BudgetLine,
    Contribution,
    InKindContribution,
    Reserve,
    Section,
)
from masa.learning.models import Booking

ZERO = Decimal("0.00")
TRAINING_CHARGES = "Training charges (from training records)"


@dataclass(frozen=True)
class Pair:
    budget: Decimal = ZERO
    actual: Decimal = ZERO

    def __add__(self, other: Pair) -> Pair:
        return Pair(self.budget + other.budget, self.actual + other.actual)

    def __sub__(self, other: Pair) -> Pair:
        return Pair(self.budget - other.budget, self.actual - other.actual)

    @property
    def variance(self) -> Decimal:
        return self.actual - self.budget

    def as_json(self) -> dict[str, str]:
        return {"budget": str(self.budget), "actual": str(self.actual)}


@dataclass(frozen=True)
class Line:
    name: str
    figures: Pair


@dataclass(frozen=True)
class Part:
    section: str
    label: str
    lines: tuple[Line, ...]
    total: Pair


@dataclass(frozen=True)
class Share:
    agency: str
    amount: Decimal
    agreed_on: Any = None
    reviewed_on: Any = None
    pk: int | None = None


@dataclass(frozen=True)
class Gift:
    agency: str
    description: str
    value: Decimal | None
    agreed_on: Any
    reviewed_on: Any


@dataclass(frozen=True)
class Summary:
    partnership: str
    year: int
    detail: bool
    contributions: tuple[Share, ...]
    contributions_total: Decimal
    in_kind: tuple[Gift, ...]
    in_kind_total: Decimal
    staffing: Part
    non_staffing: Part
    income: Part
    net_position: Pair
    reserve_brought_forward: Decimal | None
    reserve_carried_forward: Decimal | None
    has_figures: bool = field(default=True)

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def spending(self) -> tuple[Part, ...]:
        return (self.staffing, self.non_staffing)

    def as_json(self) -> dict[str, Any]:
        """In pounds, as strings with pence ("223050.00"), so nothing is rounded."""
        data: dict[str, Any] = {
            "partnership": self.partnership,
            "year": self.year_label,
            "total_staffing": self.staffing.total.as_json(),
            "total_non_staffing": self.non_staffing.total.as_json(),
            "total_income": self.income.total.as_json(),
            "net_position": self.net_position.as_json(),
            "contributions_total": str(self.contributions_total),
            "in_kind_total": str(self.in_kind_total),
            "reserve_brought_forward": _text(self.reserve_brought_forward),
            "reserve_carried_forward": _text(self.reserve_carried_forward),
        }
        if self.detail:
            data["contributions"] = [
                {"agency": share.agency, "amount": str(share.amount)}
                for share in self.contributions
            ]
            for part in (self.staffing, self.non_staffing, self.income):
                data[part.section] = [
                    {"line": line.name, **line.figures.as_json()} for line in part.lines
                ]
        return data


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def training_charges(partnership: Partnership, year: int) -> Decimal:
    """What learning charged agencies for late cancellations and no-shows at courses
    that took place in the year."""
    start, end = year_bounds(year)
    total = Booking.objects.filter(
        partnership=partnership,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        charge__gt=0,
    ).aggregate(total=Sum("charge"))["total"]
    return (total or ZERO).quantize(Decimal("0.01"))


def build_summary(partnership: Partnership, year: int, *, detail: bool = True) -> Summary:
    """The year's summary, computed from what is held (no permission check: callers
    check, `summary` for people, the command for the installation)."""
    lines = list(
        BudgetLine.objects.filter(partnership=partnership, year=year)
        .select_related("category")
        .order_by("category__position", "category__name")
    )
    parts: dict[str, Part] = {}
    for section in Section:
        shown = tuple(
            Line(line.category.name, Pair(line.budget, line.actual))
            for line in lines
            if line.category.section == section
        )
        if section == Section.INCOME:
            charges = training_charges(partnership, year)
            if charges:
                shown += (Line(TRAINING_CHARGES, Pair(ZERO, charges)),)
        total = sum((line.figures for line in shown), Pair())
        parts[section] = Part(section.value, section.label, shown if detail else (), total)
    shares = tuple(
        Share(c.agency.name, c.amount, c.agreed_on, c.reviewed_on, c.pk)
        for c in Contribution.objects.filter(partnership=partnership, year=year).select_related(
            "agency"
        )
    )
    gifts = tuple(
        Gift(g.agency.name, g.description, g.value, g.agreed_on, g.reviewed_on)
        for g in InKindContribution.objects.filter(
            partnership=partnership, year=year
        ).select_related("agency")
    )
    reserve = Reserve.objects.filter(partnership=partnership, year=year).first()
    net = (
        parts[Section.STAFFING].total
        + parts[Section.NON_STAFFING].total
        - parts[Section.INCOME].total
    )
    return Summary(
        partnership=partnership.name,
        year=year,
        detail=detail,
        contributions=shares if detail else (),
        contributions_total=sum((s.amount for s in shares), ZERO),
        in_kind=gifts if detail else (),
        in_kind_total=sum((g.value or ZERO for g in gifts), ZERO),
        staffing=parts[Section.STAFFING],
        non_staffing=parts[Section.NON_STAFFING],
        income=parts[Section.INCOME],
        net_position=net,
        reserve_brought_forward=reserve.brought_forward if reserve else None,
        reserve_carried_forward=reserve.carried_forward if reserve else None,
        has_figures=bool(lines or shares or gifts),
    )


def summary(*, acting: Acting, year: int) -> Summary:
    """The summary of the person's partnership: every figure for the business unit and
    the executive, the totals for figures-only roles."""
    policies.finance.require(acting, "see_totals")
    return build_summary(
        acting.partnership, year, detail=policies.finance.can(acting, "see_detail")
    )


def years(*, acting: Acting) -> list[int]:
    """The years the partnership has any money recorded for, latest first."""
    policies.finance.require(acting, "see_totals")
    found: set[int] = set()
    for model in (BudgetLine, Contribution, InKindContribution, Reserve):
        found.update(
            model.objects.filter(partnership=acting.partnership)
            .values_list("year", flat=True)
            .distinct()
        )
    return sorted(found, reverse=True)
