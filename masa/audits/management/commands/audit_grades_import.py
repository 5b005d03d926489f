"""`manage.py audit_grades_import`: import earlier years' multi-agency audit grades.

    manage.py audit_grades_import PATH --partnership SLUG

PATH is a CSV with the header year,quarter,theme,case_reference,grade. Each bad row is
reported with its line and reason and nothing is imported if any row is bad;
importing the same file twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masa.audits.services.grades_import import grades_import
from masa.core.errors import ServiceError
from masa.core.models import Partnership


class Command(BaseCommand):
    help = "Import earlier years' multi-agency audit grades from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV file.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership {options['partnership']!r}.")
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        console = Console(stderr=True)
        columns = (
            TextColumn("Importing {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(path.name, total=None)
            try:
                result = grades_import(
                    acting=None,
                    partnership=partnership,
                    data=path.read_bytes(),
                    file_name=path.name,
                    progress=lambda done, total: progress.update(task, completed=done, total=total),
                )
            except ServiceError as error:
                raise CommandError(str(error)) from error
        if not result.ok:
            for bad in result.bad:
                self.stderr.write(str(bad))
            raise CommandError(f"{len(result.bad)} bad row(s): nothing was imported.")
        self.stdout.write(
            f"{result.added} case(s) added in {result.rounds_added} new round(s); "
            f"{result.already} already imported."
        )
