"""`manage.py finance_import`: import the budget against actual, or partners'
contributions, from the council's finance system.

    manage.py finance_import PATH --partnership SLUG
    manage.py finance_import PATH --partnership SLUG --contributions

The budget file's header is `year,section,line,budget,actual` (year as 2022-23; section
staffing, non_staffing or income; amounts in pounds, income as positive numbers); the
contributions file's is `year,agency,amount`. Every bad row is listed with its line
and then nothing is imported; importing the same file twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masa.core.models import Partnership
from masa.finance import imports


class Command(BaseCommand):
    help = "Import a budget-against-actual CSV file (or, with --contributions, contributions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV file.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument(
            "--contributions",
            action="store_true",
            help="The file is partners' contributions (year,agency,amount).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            slugs = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No partnership {options['partnership']!r} (there are: {slugs}).")
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        run = imports.contributions_import if options["contributions"] else imports.budget_import
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
                result = run(
                    acting=None,
                    partnership=partnership,
                    data=path.read_bytes(),
                    file_name=path.name,
                    progress=lambda done, total: progress.update(task, completed=done, total=total),
                )
            except imports.ImportRefused as refused:
                for bad in refused.bad_rows:
                    self.stderr.write(str(bad))
                raise CommandError(str(refused)) from refused
        self.stdout.write(f"Imported {path.name} into {partnership.name}: {result}.")
