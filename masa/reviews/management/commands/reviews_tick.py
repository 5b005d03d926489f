"""`manage.py reviews_tick`: the case review housekeeping, run by cron once a day.

Sends reminder emails before and after due dates (Panel notifications, rapid reviews,
agency summaries, review targets, actions due or overdue, actions with no recent
update). Each reminder is sent once: running it again the same day sends nothing new.
"Overdue" itself is worked out whenever it is read, so nothing else needs updating.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from masa.reviews.services import reminders as reminders_services


class Command(BaseCommand):
    help = "Send case review reminders (each once) for due and overdue dates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD); for testing a schedule.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_services.reviews_remind(today=options["today"])
        self.stdout.write(f"Case review reminders sent: {sent}.")
