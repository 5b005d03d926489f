"""Comparators (England, region, statistical neighbours) imported from a file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.core.acting import Acting
from masa.insight.models import Comparator, Indicator
from masa.insight.validation import ComparatorRow, RowProblem


@dataclass
class ComparatorImport:
    imported: int = 0
    created: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def replaced(self) -> int:
        return self.imported - self.created


@transaction.atomic
def comparators_import(
    *,
    acting: Acting,
    rows: Sequence[ComparatorRow],
    problems: Sequence[RowProblem] = (),
    file_name: str = "",
) -> ComparatorImport:
    """Keep the good rows of a comparators file (a row for the same indicator,
    comparator and period replaces the one there), and list each bad row with why."""
    partnership = acting.partnership
    result = ComparatorImport(problems=list(problems))
    indicators = {
        indicator.code: indicator for indicator in Indicator.objects.filter(partnership=partnership)
    }
    for row in rows:
        indicator = indicators.get(row.code)
        if indicator is None:
            result.problems.append(
                RowProblem(row.line, f"No indicator has the code {row.code!r} in the catalogue")
            )
            continue
        shown = f"{row.value.normalize():f}"
        if indicator.minimum is not None and row.value < indicator.minimum:
            result.problems.append(
                RowProblem(
                    row.line,
                    f"{shown} is less than {indicator.minimum.normalize():f}, the least "
                    f"{indicator.name} can be",
                )
            )
            continue
        if indicator.maximum is not None and row.value > indicator.maximum:
            result.problems.append(
                RowProblem(
                    row.line,
                    f"{shown} is more than {indicator.maximum.normalize():f}, the most "
                    f"{indicator.name} can be",
                )
            )
            continue
        _, created = Comparator.objects.update_or_create(
            indicator=indicator,
            kind=row.kind,
            period_start=row.period.start,
            period_end=row.period.end,
            defaults={"value": row.value, "imported_at": timezone.now()},
        )
        result.imported += 1
        result.created += int(created)
    result.problems.sort(key=lambda problem: problem.line)
    if result.imported:
        audit.record(
            acting,
            "comparators.import",
            partnership,
            audit.values(
                file=file_name, rows_imported=result.imported, rows_refused=len(result.problems)
            ),
            target_label=f"Comparators of {partnership}",
        )
    return result
