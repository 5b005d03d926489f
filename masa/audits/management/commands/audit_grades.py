"""`manage.py audit_grades`: the yearly report's audit grades tables.

    manage.py audit_grades --partnership SLUG --format json

Prints {"table1": [...], "table2": [...]}: Table 1 a row per round of every year,
Table 2 each year's shares in whole per cent (halves up), years oldest first.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masa.audits import exports, tables
from masa.core.models import Partnership


class Command(BaseCommand):
    help = "Print the multi-agency audit grades tables (Table 1 and Table 2)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership {options['partnership']!r}.")
        if options["format"] == "csv":
            self.stdout.write(exports.grades_csv(partnership), ending="")
            return
        self.stdout.write(json.dumps(tables.grades_json(partnership), indent=2))
