"""`make bench-compare`: each figure of the latest run over the same figure of the run
before it (var/bench/latest.json against var/bench/previous.json), to catch a
regression between commits. Ratios above 1 are slower for times, faster for rates.

    bench/compare.py                          latest against previous
    bench/compare.py OLD.json NEW.json        any two reports
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PREVIOUS, RESULTS


def _figures(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{row['benchmark']}: {row['figure']}": row for row in report.get("rows", [])}


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Rows of (figure, before, now, now ÷ before, note) for every figure in either."""
    before, now = _figures(old), _figures(new)
    lines = []
    for name in [*now, *(name for name in before if name not in now)]:
        a, b = before.get(name), now.get(name)
        if a is None or b is None:
            note = "new" if a is None else "gone"
            value = (b or a or {}).get("value")
            shown = "—" if value is None else f"{value:.1f}"
            lines.append(
                (name, shown if b is None else "—", shown if a is None else "—", "—", note)
            )
            continue
        ratio = b["value"] / a["value"] if a["value"] else None
        unit = b.get("unit", "")
        note = ""
        if ratio is not None and unit in {"ms", "s", "×", "MB"} and ratio > 1.2:
            note = "slower" if unit in {"ms", "s"} else "higher"
        lines.append(
            (
                name,
                f"{a['value']:.1f} {unit}",
                f"{b['value']:.1f} {unit}",
                "—" if ratio is None else f"{ratio:.2f}",
                note,
            )
        )
    return lines


def main(argv: list[str]) -> int:
    old_path, new_path = (Path(argv[0]), Path(argv[1])) if len(argv) == 2 else (PREVIOUS, RESULTS)
    for path in (old_path, new_path):
        if not path.exists():
            print(f"No {path}: run `make bench` (twice, to have a run to compare with).")
            return 1
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    print(
        f"{old_path.name} ({old.get('generated_at')}) → {new_path.name} ({new.get('generated_at')})"
    )
    rows = compare(old, new)
    width = max((len(row[0]) for row in rows), default=10)
    print(f"{'figure':<{width}}  {'before':>12}  {'now':>12}  {'ratio':>6}  note")
    for figure, a, b, ratio, note in rows:
        print(f"{figure:<{width}}  {a:>12}  {b:>12}  {ratio:>6}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
