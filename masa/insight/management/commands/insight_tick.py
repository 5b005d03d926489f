"""`manage.py insight_tick`: the data-return housekeeping, run by cron once a day or more.

Agencies' data leads are emailed before their quarterly return is due and again once it
is overdue, in every partnership. Each reminder is sent once (they are recorded), so
running it more often does no harm and a missed run is caught up by the next.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masa.core.models import Partnership
from masa.insight import services


class Command(BaseCommand):
    help = "Email data leads before their quarterly return is due and when it is overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        for partnership in Partnership.objects.order_by("name"):
            sent += services.returns_remind(partnership=partnership)
        self.stdout.write(f"Data return reminders sent: {sent}.")
