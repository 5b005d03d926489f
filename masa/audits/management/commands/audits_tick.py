"""`manage.py audits_tick`: reminders of multi-agency case audits (run once a day).

Emails an agency whose audit of its own file is overdue, and an agency's lead whose
answer to an urgent concern is overdue, once each.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from masa.audits.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the reminders of multi-agency case audits that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        sent = reminders_send(today=today)
        self.stdout.write(f"{sent} reminder(s) sent.")
