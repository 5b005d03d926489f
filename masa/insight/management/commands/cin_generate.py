"""`manage.py cin_generate OUT.xml --children N --year YYYY --seed S [--la 301]`.

Writes a synthetic, realistic Children in Need census file for the year ending 31 March
YYYY (for the demo, tests and benchmarks; see masa.insight.cin.generate). The same
arguments always write the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masa.insight.cin.generate import MAX_CHILDREN, generate


class Command(BaseCommand):
    help = "Write a synthetic CIN census XML file (deterministic from --seed)."
    requires_system_checks: list[str] = []  # writes a file; touches no model or URL

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The XML file to write.")
        parser.add_argument("--children", type=int, required=True, help="How many children.")
        parser.add_argument(
            "--year", type=int, required=True, help="Census year: the year ending 31 March."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--la", default="301", help="The local authority's 3-digit DfE code (default 301)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        children: int = options["children"]
        if not 1 <= children <= MAX_CHILDREN:
            raise CommandError(f"--children must be between 1 and {MAX_CHILDREN:,}.")
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent} to write {out.name} in.")
        console = Console(stderr=True)
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Writing children", total=children)
            try:
                generate(
                    out,
                    children=children,
                    year=options["year"],
                    seed=options["seed"],
                    la=options["la"],
                    progress=lambda done: progress.update(task, completed=done),
                )
            except ValueError as error:  # refused before the file is opened
                raise CommandError(str(error)) from error
        year = options["year"]
        self.stdout.write(
            f"Wrote {out}: CIN census {year - 1}-{year % 100:02d}, {children:,} children, "
            f"seed {options['seed']}."
        )
