"""Training reports: aggregate figures of a partnership's learning programme for a
financial year, and the indicators they give the insight catalogue.

Two halves, as for the front-door figures (the pure helpers for financial years,
cells, tables and charts are masa/core/figures.py):

* `counts`: set-based queries (`count_learning`) that count in the database, grouped
  by month, agency or course, and return small structures of numbers, never booking
  rows; and
* `tables`: pure functions that shape those numbers into tables (`build_tables`), with
  rates that are "not available" rather than a division by zero.

Then `indicators` (for the insight catalogue), `workbook` (the Excel export) and
`needs` (the training needs analysis).

Figures only: no learner is named anywhere in them. Impact statements are the
learners' own words, without names, and are shown only to the business unit.

The package re-exports what the views, the insight app and the tests use, so they
say `reports.count_learning` as before.
"""

from __future__ import annotations

from masa.core.figures import NOT_AVAILABLE, Grouping
from masa.core.workbooks import XLSX_CONTENT_TYPE
from masa.learning.reports.counts import (
    Counts,
    Span,
    ThemeStatements,
    count_learning,
    default_year,
    years_with_events,
)
from masa.learning.reports.indicators import INDICATORS, Indicator
from masa.learning.reports.needs import NeedsSummary, needs_summary
from masa.learning.reports.tables import (
    DEFINITIONS,
    MoneyCell,
    build_tables,
    charges_table,
    mean_cell,
    summary_table,
)
from masa.learning.reports.workbook import workbook

__all__ = [
    "DEFINITIONS",
    "INDICATORS",
    "NOT_AVAILABLE",
    "XLSX_CONTENT_TYPE",
    "Counts",
    "Grouping",
    "Indicator",
    "MoneyCell",
    "NeedsSummary",
    "Span",
    "ThemeStatements",
    "build_tables",
    "charges_table",
    "count_learning",
    "default_year",
    "mean_cell",
    "needs_summary",
    "summary_table",
    "workbook",
    "years_with_events",
]
