"""`manage.py finance_summary --partnership SLUG --year 2022-23`: the year's financial
summary as JSON (amounts in pounds, as strings with pence): `total_staffing`,
`total_non_staffing`, `total_income` and `net_position`, each {"budget", "actual"},
`contributions_total`, the reserve, and the lines and contributions themselves."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masa.core.figures import parse_year_label
from masa.core.models import Partnership
from masa.finance.selectors import build_summary


class Command(BaseCommand):
    help = "Print a year's financial summary as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--year", required=True, help="The financial year, e.g. 2022-23.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership {options['partnership']!r}.")
        try:
            year = parse_year_label(options["year"])
        except ValueError as error:
            raise CommandError(
                f"{options['year']!r} is not a financial year like 2022-23"
            ) from error
        self.stdout.write(json.dumps(build_summary(partnership, year).as_json(), indent=2))
