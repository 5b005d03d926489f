"""Amounts in pounds as the yearly report prints them: "223,050", with pence only when
there are some, and income in brackets ("(122,094)") as seed 001 appendix 2 does."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


def pounds_text(amount: Decimal | None) -> str:
    if amount is None:
        return "not recorded"
    whole = amount == amount.to_integral_value()
    text = f"{abs(amount):,.0f}" if whole else f"{abs(amount):,.2f}"
    return f"-{text}" if amount < 0 else text


@register.filter
def pounds(amount: Decimal | None) -> str:
    return pounds_text(amount)


@register.filter
def bracketed(amount: Decimal | None) -> str:
    """Income, shown as money coming in: in brackets (a zero is shown as a dash)."""
    if amount is None or amount == 0:
        return "–"
    return f"({pounds_text(amount)})"
