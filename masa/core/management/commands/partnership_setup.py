"""`manage.py partnership_setup [SLUG ...]`: give partnerships what each capability
starts them with (insight's indicator catalogue, the starter case review themes).

A partnership made in the admin gets these at once; run this after an upgrade that
adds a capability, for the partnerships that were there before. With no slugs, every
partnership. Only what is missing is added, and each addition is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masa.core import services
from masa.core.models import Partnership


class Command(BaseCommand):
    help = "Give partnerships the starter catalogue and themes they lack."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="Partnership slugs (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = Partnership.objects.order_by("name")
        if options["slugs"]:
            partnerships = partnerships.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - {p.slug for p in partnerships}
            if missing:
                slugs = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(
                    f"No partnership {', '.join(sorted(missing))} (there are: {slugs})."
                )
        for partnership in partnerships:
            added = services.partnership_set_up(actor=None, partnership=partnership)
            self.stdout.write(f"{partnership.name}: {'; '.join(added) or 'nothing missing'}.")
