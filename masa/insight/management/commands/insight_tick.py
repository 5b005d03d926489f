"""`manage.py insight_tick`: the data-return housekeeping, run by cron once a day or more.

Agencies' data leads are emailed before their quarterly return is due and again once it
is overdue, in every partnership. Each reminder is sent once (they are recorded), so
running it more often does no harm and a missed run is caught up by the next.

It also marks census imports that stopped part-way (still "importing" after an hour)
as refused, so nobody waits for them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masa.core.models import Partnership
from masa.insight import services
from masa.insight.cin.importer import census_imports_stalled


class Command(BaseCommand):
    help = (
        "Email data leads before their quarterly return is due and when it is overdue; "
        "mark census imports that stopped part-way."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        for partnership in Partnership.objects.order_by("name"):
            sent += services.returns_remind(partnership=partnership)
        self.stdout.write(f"Data return reminders sent: {sent}.")
        stalled = census_imports_stalled()
        if stalled:
            self.stdout.write(f"Census imports that had stopped, marked refused: {stalled}.")
