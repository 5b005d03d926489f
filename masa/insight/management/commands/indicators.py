"""`manage.py indicators`: the Children in Need census figures for a year, as JSON.

    manage.py indicators --partnership SLUG --year YYYY --format json

The year is the census year, 1 April YYYY-1 to 31 March YYYY; the figures are worked
out from the census imported for it (`manage.py cin_import`), as defined in
`masa.insight.cin.indicators`. Percentages without anything to divide by, and rates
without a child population for the year, are null.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masa.core.models import Partnership
from masa.insight.cin.indicators import CODES
from masa.insight.cin.stored import census_values, current_census


class Command(BaseCommand):
    help = "Print a census year's Children in Need figures as a JSON object of code to value."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="The census year: 2026 is 1 April 2025 to 31 March 2026.",
        )
        parser.add_argument("--format", choices=["json"], default="json", help="Only json.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            slugs = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No partnership {options['partnership']!r} (there are: {slugs}).")
        year: int = options["year"]
        census = current_census(partnership, year)
        if census is None:
            raise CommandError(
                f"No Children in Need census for {year - 1}-{year % 100:02d} has been imported "
                f"for {partnership}. Import one with: manage.py cin_import FILE "
                f"--partnership {partnership.slug}"
            )
        values = census_values(census)
        self.stdout.write(json.dumps({code: values[code].value for code in CODES}, indent=2))
