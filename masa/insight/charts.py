"""Charts for the dashboards: trend charts drawn by matplotlib as SVG, and the scorecard's
tiny sparklines, drawn here as SVG polylines.

Every chart on a page has its figures in a table beside it, and a chart's missing or
suppressed figures are gaps, never zeros. matplotlib runs headless (Agg), draws text
as SVG text (`svg.fonttype: none`, so no font is embedded or downloaded), and writes
the same bytes for the same figures (a fixed hash salt, no date). Its settings are
global, so charts are drawn one at a time under a lock, inside an `rc_context`.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# The partnership's line, then England, the region and statistical neighbours: colours
# with at least 3:1 contrast on white, told apart by line style and marker as well.
STYLES: tuple[dict[str, Any], ...] = (
    {"color": "#1d70b8", "linestyle": "-", "marker": "o", "linewidth": 2.5},
    {"color": "#0b0c0c", "linestyle": "--", "marker": "s", "linewidth": 1.5},
    {"color": "#912b88", "linestyle": ":", "marker": "^", "linewidth": 1.8},
    {"color": "#00703c", "linestyle": "-.", "marker": "D", "linewidth": 1.5},
)
WIDTH_INCHES = 6.5
AXIS_LABELS = {
    "count": "Count",
    "percent": "Percentage",
    "rate": "Rate per 10,000 children",
    "days": "Days",
    "number": "Number",
}
_lock = threading.Lock()


def _writable(path: Path) -> bool:
    """Whether `path`, or the nearest folder above it that exists, may be written."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return os.access(candidate, os.W_OK)
    return False


def _settle_config_dir() -> None:
    """matplotlib keeps a font list in its cache folder; where the home folder cannot be
    written (a service account) it would warn and make a new temporary folder in every
    process. Give it one temporary folder instead."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    home = Path.home()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "matplotlib"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "matplotlib"
    if not (_writable(config) and _writable(cache)):
        uid = os.getuid() if hasattr(os, "getuid") else 0
        os.environ["MPLCONFIGDIR"] = str(Path(tempfile.gettempdir()) / f"masa-matplotlib-{uid}")


@dataclass(frozen=True)
class ChartSeries:
    """One line on a trend chart: its name in the legend and a figure per period (None
    for a gap)."""

    label: str
    values: tuple[float | None, ...]


def trend_svg(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[ChartSeries],
    unit: str,
) -> bytes:
    """A line chart of `series` over the periods `labels`, as SVG bytes."""
    _settle_config_dir()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter

    positions = list(range(len(labels)))
    drawn = [s for s in series if any(v is not None for v in s.values)]
    with (
        _lock,
        matplotlib.rc_context(
            {
                "svg.fonttype": "none",
                "svg.hashsalt": "masa-insight",
                "font.family": "sans-serif",
                "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
                "font.size": 13,
                "axes.spines.top": False,
                "axes.spines.right": False,
                "axes.edgecolor": "#505a5f",
                "axes.labelcolor": "#0b0c0c",
                "xtick.color": "#0b0c0c",
                "ytick.color": "#0b0c0c",
                "text.color": "#0b0c0c",
                "text.parse_math": False,
            }
        ),
    ):
        # A fixed layout (no "tight" bounding box, which draws the chart twice): room
        # above for the title, below for the period labels and the legend.
        title_lines = textwrap.wrap(title, 55) or [""]
        rotated = len(labels) > 6
        legend_rows = -(-len(drawn) // 2)  # two to a row, so long names fit
        below = (1.3 if rotated else 0.8) + 0.3 * legend_rows
        above = 0.25 + 0.25 * len(title_lines)
        height = 3.2 + below + above
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=72)
        figure.subplots_adjust(left=0.15, right=0.97, bottom=below / height, top=1 - above / height)
        axes = figure.subplots()
        for index, line in enumerate(series):
            if line not in drawn:
                continue
            # Each line keeps its style whichever others have figures.
            axes.plot(
                positions,
                [math.nan if v is None else v for v in line.values],
                label=line.label,
                markersize=5,
                **STYLES[min(index, len(STYLES) - 1)],
            )
        axes.set_title("\n".join(title_lines), loc="left", fontsize=14, fontweight="bold")
        axes.set_ylabel(AXIS_LABELS.get(unit, "Figure"))
        axes.yaxis.set_major_formatter(
            StrMethodFormatter("{x:,g}%" if unit == "percent" else "{x:,g}")
        )
        axes.set_xticks(positions, list(labels), rotation=45 if rotated else 0)
        if rotated:
            for tick in axes.get_xticklabels():
                tick.set_horizontalalignment("right")
        axes.grid(axis="y", color="#b1b4b6", linewidth=0.6)
        values = [v for line in drawn for v in line.values if v is not None]
        if not values:
            axes.text(
                0.5, 0.5, "No figures to draw", ha="center", va="center", transform=axes.transAxes
            )
            axes.set_yticks([])
        elif min(values) >= 0:
            axes.set_ylim(bottom=0, top=(max(values) * 1.1) or 1)
        if len(positions) == 1:
            axes.set_xlim(-0.5, 0.5)
        if drawn:
            figure.legend(
                loc="lower center",
                bbox_to_anchor=(0.5, 0.0),
                ncol=min(len(drawn), 2),
                frameon=False,
            )
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


# --- sparklines ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sparkline:
    """A tiny trend drawn in a table cell: polylines through runs of figures (a missing
    figure breaks the line), dots for figures standing alone, and the latest marked."""

    width: int
    height: int
    lines: tuple[str, ...]  # each a polyline's points: "x,y x,y ..."
    dots: tuple[tuple[float, float], ...]
    last: tuple[float, float] | None

    def svg(self) -> SafeString:
        """The sparkline as inline SVG, hidden from screen readers (the row has its
        figures in words) and styled by class, never by style attributes (the strict
        CSP). Made here rather than in a template, as the scorecard draws one a row;
        every value in it is a number this module worked out, so nothing needs escaping.
        """
        shapes = [f'<polyline class="masa-sparkline__line" points="{p}"/>' for p in self.lines]
        shapes += [
            f'<circle class="masa-sparkline__dot" cx="{x:g}" cy="{y:g}" r="2"/>'
            for x, y in self.dots
        ]
        if self.last is not None:
            x, y = self.last
            shapes.append(f'<circle class="masa-sparkline__last" cx="{x:g}" cy="{y:g}" r="3"/>')
        return mark_safe(  # numbers only: see above
            f'<svg class="masa-sparkline" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {self.width:d} {self.height:d}" width="{self.width:d}" '
            f'height="{self.height:d}" aria-hidden="true" focusable="false">'
            + "".join(shapes)
            + "</svg>"
        )


def sparkline(
    values: Sequence[float | None], *, width: int = 120, height: int = 28, pad: int = 3
) -> Sparkline | None:
    """The sparkline of `values` (oldest first), scaled to fill the box between the lowest
    and highest figure; None when there is no figure at all."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    low, high = min(present), max(present)
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(value: float) -> float:
        if high == low:
            return height / 2
        return round(pad + (height - 2 * pad) * (high - value) / (high - low), 1)

    points: list[tuple[float, float] | None] = [
        None if v is None else (round(pad + i * step, 1), y(v)) for i, v in enumerate(values)
    ]
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    lines = tuple(" ".join(f"{x:g},{y_:g}" for x, y_ in run) for run in runs if len(run) > 1)
    dots = tuple(run[0] for run in runs if len(run) == 1)
    last = next((p for p in reversed(points) if p is not None), None)
    return Sparkline(width=width, height=height, lines=lines, dots=dots, last=last)
