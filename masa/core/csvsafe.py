"""CSV cells that stay text in a spreadsheet.

A cell starting with = + - @ (or a tab or a carriage return) is run as a formula by
Excel and LibreOffice (CSV injection); a leading apostrophe makes it text. Every CSV
the service writes passes text it did not make itself through `csv_safe`.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def csv_safe(value: str) -> str:
    """`value`, with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + value if value[:1] in FORMULA_STARTS else value
