"""CSV cells a spreadsheet would run as a formula are kept as text (masa.core.csvsafe)."""

from __future__ import annotations

from masa.core.csvsafe import csv_safe


def test_csv_safe_neutralises_formulas() -> None:
    assert csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert [csv_safe(v) for v in ("+1", "-1", "@a", "\tx", "\rx")] == [
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
    ]
    assert csv_safe("Schools") == "Schools"
    assert csv_safe("") == ""
