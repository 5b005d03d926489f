"""`manage.py cin_import`: import a Children in Need census file.

    manage.py cin_import PATH --partnership SLUG [--year YYYY]

The file's header says which census year it is (the year ending 31 March); `--year`
only checks that it is the one you meant. Importing a year already imported replaces
it, all at once: if the file is refused, the year's census stays as it was.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from masa.core.errors import ServiceError
from masa.core.models import Partnership
from masa.insight.cin.importer import census_import
from masa.insight.models import CinCensus


class Command(BaseCommand):
    help = "Import a Children in Need census XML file, replacing that year's census."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The census XML file.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument(
            "--year",
            type=int,
            help="The census year you expect (e.g. 2026 for April 2025 to March 2026); "
            "the file's header must agree.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            slugs = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No partnership {options['partnership']!r} (there are: {slugs}).")
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        console = Console(stderr=True)
        started = time.perf_counter()
        columns = (
            TextColumn("Importing {task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(path.name, total=path.stat().st_size)
            try:
                census = census_import(
                    acting=None,
                    partnership=partnership,
                    source=path,
                    file_name=path.name,
                    progress=lambda done, total: progress.update(task, completed=done, total=total),
                    year=options["year"],
                )
            except ServiceError as error:
                raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.report(census, seconds)
        if census.status != CinCensus.Status.COMPLETE:
            raise CommandError(f"The file was refused: {census.failure}")

    def report(self, census: CinCensus, seconds: float) -> None:
        write = self.stdout.write
        write(f"{census} for {census.partnership}: {census.get_status_display().lower()}.")
        if census.status != CinCensus.Status.COMPLETE:
            return
        write(f"Children imported: {census.children:,}")
        write(f"Children refused: {census.rejected:,}")
        write(f"Time: {seconds:.1f} s")
        for problem in census.problems:
            line = f" (line {problem['line']:,})" if problem.get("line") else ""
            write(f"  Refused {problem['child']}{line}: {problem['reason']}")
        if census.rejected > len(census.problems):
            write(
                f"  ... and {census.rejected - len(census.problems):,} more; the first "
                f"{len(census.problems):,} are listed."
            )
