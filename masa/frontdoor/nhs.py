"""NHS numbers: 10 digits, the last a modulus 11 check digit (REFERENCE.md section 2)."""

from __future__ import annotations

WEIGHTS = range(10, 1, -1)


def normalise(value: str) -> str:
    """The digits of an NHS number as typed, without spaces or dashes."""
    return "".join(ch for ch in value if ch not in " -")


def is_valid(value: str) -> bool:
    """Whether `value` (spaces allowed) is a well-formed NHS number with a correct check digit."""
    digits = normalise(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def formatted(value: str) -> str:
    """`9434765919` as `943 476 5919`, the way the NHS writes it."""
    digits = normalise(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else value


def with_check_digit(first_nine: str) -> str | None:
    """The full number for nine digits, or None when no check digit fits (demo data)."""
    total = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return None if check == 10 else f"{first_nine}{check}"
