"""Writes to the partnership's money other than the imports (`masa.finance.imports`):
the budget lines a partnership keeps, in-kind contributions, when a contribution was
agreed and reviewed, and the reserve. Each needs finance.manage across the partnership
and records its audit event."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Partnership, PartnershipAgency
from masa.finance import policies
from masa.finance.models import (
    DEFAULT_CATEGORIES,
    BudgetCategory,
    Contribution,
    InKindContribution,
    Reserve,
    Section,
)


def categories_ensure_defaults(partnership: Partnership) -> None:
    """Give a partnership with no budget lines the lines of seed 001 appendix 2."""
    if BudgetCategory.objects.filter(partnership=partnership).exists():
        return
    for position, (section, name) in enumerate(DEFAULT_CATEGORIES):
        BudgetCategory.objects.get_or_create(
            partnership=partnership, section=section, name=name, defaults={"position": position}
        )


def _require(acting: Acting) -> Partnership:
    policies.finance.require(acting, "manage_here")
    return acting.partnership


def _agency_in(partnership: Partnership, agency: Agency) -> None:
    if not PartnershipAgency.objects.filter(partnership=partnership, agency=agency).exists():
        raise ServiceError(f"{agency} does not take part in {partnership}", field="agency")


def _not_after_today(day: datetime.date | None, field: str, what: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ServiceError(f"{what} must be today or in the past", field=field)


@transaction.atomic
def category_add(*, acting: Acting, section: str, name: str) -> BudgetCategory:
    partnership = _require(acting)
    categories_ensure_defaults(partnership)
    name = " ".join(name.split())
    if section not in Section.values:
        raise ServiceError("Choose a section", field="section")
    if not name:
        raise ServiceError("Enter the line's name", field="name")
    if BudgetCategory.objects.filter(
        partnership=partnership, section=section, name__iexact=name
    ).exists():
        raise ServiceError("The budget already has a line with this name", field="name")
    last = BudgetCategory.objects.filter(partnership=partnership).aggregate(Max("position"))
    category = BudgetCategory.objects.create(
        partnership=partnership,
        section=section,
        name=name,
        position=(last["position__max"] or 0) + 1,
    )
    audit.record(
        acting,
        "finance.category_add",
        category,
        {"section": {"old": None, "new": section}, "name": {"old": None, "new": name}},
    )
    return category


@transaction.atomic
def in_kind_add(
    *,
    acting: Acting,
    year: int,
    agency: Agency,
    description: str,
    value: Decimal | None = None,
    agreed_on: datetime.date | None = None,
    reviewed_on: datetime.date | None = None,
) -> InKindContribution:
    """Record what an agency gives in kind ("training capacity"), with an optional value."""
    partnership = _require(acting)
    _agency_in(partnership, agency)
    description = " ".join(description.split())
    if not description:
        raise ServiceError("Say what the agency gives", field="description")
    value = _pence(value)
    if value is not None and value < 0:
        raise ServiceError("The value cannot be negative", field="value")
    _not_after_today(agreed_on, "agreed_on", "The date it was agreed")
    _not_after_today(reviewed_on, "reviewed_on", "The date it was reviewed")
    gift = InKindContribution.objects.create(
        partnership=partnership,
        year=year,
        agency=agency,
        description=description,
        value=value,
        agreed_on=agreed_on,
        reviewed_on=reviewed_on,
    )
    audit.record(
        acting,
        "finance.in_kind_add",
        gift,
        audit.created(gift, ["year", "agency", "description", "value", "agreed_on", "reviewed_on"]),
    )
    return gift


@transaction.atomic
def contribution_dates_set(
    *,
    acting: Acting,
    contribution: Contribution,
    agreed_on: datetime.date | None,
    reviewed_on: datetime.date | None,
) -> Contribution:
    """When the executive agreed a contribution and when it was last reviewed (seed 004
    9.5: funding is reviewed every year)."""
    partnership = _require(acting)
    if contribution.partnership_id != partnership.pk:
        raise ServiceError("No such contribution")
    _not_after_today(agreed_on, "agreed_on", "The date it was agreed")
    _not_after_today(reviewed_on, "reviewed_on", "The date it was reviewed")
    if agreed_on and reviewed_on and reviewed_on < agreed_on:
        raise ServiceError("It cannot be reviewed before it was agreed", field="reviewed_on")
    before = audit.snapshot(contribution, ["agreed_on", "reviewed_on"])
    contribution.agreed_on, contribution.reviewed_on = agreed_on, reviewed_on
    contribution.save(update_fields=["agreed_on", "reviewed_on"])
    changes = audit.changes_between(
        before, audit.snapshot(contribution, ["agreed_on", "reviewed_on"])
    )
    if changes:
        audit.record(acting, "finance.contribution_set", contribution, changes)
    return contribution


def _pence(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else amount.quantize(Decimal("0.01"))


@transaction.atomic
def reserve_set(
    *,
    acting: Acting,
    year: int,
    brought_forward: Decimal | None,
    carried_forward: Decimal | None,
) -> Reserve:
    partnership = _require(acting)
    brought_forward, carried_forward = _pence(brought_forward), _pence(carried_forward)
    reserve, _ = Reserve.objects.select_for_update().get_or_create(
        partnership=partnership, year=year
    )
    before = audit.snapshot(reserve, ["brought_forward", "carried_forward"])
    reserve.brought_forward, reserve.carried_forward = brought_forward, carried_forward
    reserve.save(update_fields=["brought_forward", "carried_forward"])
    changes = audit.changes_between(
        before, audit.snapshot(reserve, ["brought_forward", "carried_forward"])
    )
    if changes:
        audit.record(acting, "finance.reserve_set", reserve, changes)
    return reserve
