"""Charges for late cancellations and no-shows, as the partnership sets them."""

from __future__ import annotations

from decimal import Decimal

from masa.learning.models import (
    Booking,
    ChargeRule,
)


def charge_apply(booking: Booking, kind: str) -> None:
    """Set the booking's charge for a late cancellation or a no-show (`kind`), as the
    partnership sets it (nothing if it sets none)."""
    rule = ChargeRule.objects.filter(partnership=booking.partnership, kind=kind).first()
    booking.charge = rule.amount if rule else Decimal("0")
    booking.charge_reason = rule.get_kind_display() if rule else ""
