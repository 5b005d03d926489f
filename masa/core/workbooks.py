"""Small helpers for Excel workbooks (openpyxl) and other Office files that any app's
exports share: safe sheet names, text cells that can never become formulas, and text
an XML document can hold."""

from __future__ import annotations

import re
from typing import Any

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_UNSAFE = str.maketrans({c: " " for c in "[]:*?/\\"})
# The characters an XML 1.0 document (so an .xlsx cell) cannot hold.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def sheet_title(text: str, used: set[str]) -> str:
    """A worksheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = text.translate(_SHEET_UNSAFE).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def xml_text(value: str) -> str:
    """`value` without the control characters an XML document (xlsx, docx) cannot hold."""
    return _ILLEGAL.sub("", value)


def text_cell(cell: Any, value: str) -> None:
    """Text that stays text: never a formula, whatever it starts with."""
    cell.value = xml_text(value)
    cell.data_type = "s"
