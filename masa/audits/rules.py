"""The rules of multi-agency case audits, as data and pure functions: the four grades,
the seven practice areas of the audit tool, and how a year's grades become the shares
of the yearly report (whole per cent, halves rounded up, as the published table is)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

GRADES: tuple[tuple[str, str], ...] = (
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate"),
)
GRADE_CODES = tuple(code for code, _ in GRADES)
GOOD_OR_BETTER = frozenset({"outstanding", "good"})

# The seven practice areas of the audit tool (seed 001, the audit themes table).
PRACTICE_AREAS: tuple[tuple[str, str], ...] = (
    ("risk", "Identification and response to risk"),
    ("assessment", "Assessment"),
    ("engagement", "Child and family engagement"),
    ("oversight", "Decision making and management oversight"),
    ("planning", "Planning"),
    ("multi_agency", "Multi-agency working"),
    ("impact", "Impact for the child"),
)
QUARTERS: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4")

YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def is_year(text: str) -> bool:
    """A financial year as the reports write it: "2022-23" (the second year follows)."""
    match = YEAR.match(text)
    if match is None:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    return (first + 1) % 100 == second


def whole_per_cent(part: int, whole: int) -> int:
    """`part` of `whole` in whole per cent, halves going up (22.5% is 23%)."""
    if whole <= 0:
        return 0
    share = Decimal(part * 100) / Decimal(whole)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def shares(counts: dict[str, int]) -> dict[str, int]:
    """Each grade's share of the cases counted, in whole per cent."""
    total = sum(counts.get(code, 0) for code in GRADE_CODES)
    return {code: whole_per_cent(counts.get(code, 0), total) for code in GRADE_CODES}


def close_blockers(
    *, ungraded: int, inadequate_without_action: int, open_concerns: int, cases: int
) -> list[str]:
    """Why a round cannot close yet (none: it may close)."""
    reasons = []
    if cases == 0:
        reasons.append("The round has no cases")
    if ungraded:
        reasons.append(f"{ungraded} case{'s' if ungraded != 1 else ''} not graded yet")
    if inadequate_without_action:
        reasons.append(
            f"{inadequate_without_action} case{'s' if inadequate_without_action != 1 else ''} "
            "graded inadequate without a follow-up action"
        )
    if open_concerns:
        reasons.append(
            f"{open_concerns} urgent concern{'s' if open_concerns != 1 else ''} not answered yet"
        )
    return reasons
