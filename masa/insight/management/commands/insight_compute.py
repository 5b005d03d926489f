"""`manage.py insight_compute [--partnership SLUG]`: work out the platform's own indicators
(front door and training) for every period that has ended, nightly from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from masa.core.models import Partnership
from masa.insight.compute import platform_measurements_compute


class Command(BaseCommand):
    help = "Work out the front-door and training indicators from the platform's own records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--partnership", metavar="SLUG", help="Only this partnership (default: every one)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = Partnership.objects.order_by("slug")
        if options["partnership"]:
            partnerships = partnerships.filter(slug=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership {options['partnership']!r}.")
        today = timezone.localdate()
        for partnership in partnerships:
            computed = platform_measurements_compute(partnership=partnership, today=today)
            self.stdout.write(
                f"{partnership.slug}: {computed.front_door} front-door and "
                f"{computed.training} training figures written."
            )
