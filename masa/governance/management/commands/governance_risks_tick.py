"""`manage.py governance_risks_tick`: the risk register's and escalations' reminders,
run by cron once a day. Each reminder is sent once: running it again sends nothing new.
"Overdue" itself is worked out whenever it is read, so nothing else needs updating."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from masa.governance.services import reminders_risks


class Command(BaseCommand):
    help = "Send reminders (each once) for risks overdue for review and late escalations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD); for testing a schedule.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_risks.governance_risks_remind(today=options["today"])
        self.stdout.write(f"Risk register and escalation reminders sent: {sent}.")
