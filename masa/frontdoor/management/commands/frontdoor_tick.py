"""`manage.py frontdoor_tick`: the front door's housekeeping, run by cron every 15 minutes.

Emails the people who answer an agency's partner checks once when a check becomes
overdue (a check on a red contact can be due within hours). Each reminder is sent once
(it is recorded on the check), so running it more often does no harm and a missed run
is caught up by the next. Checks that fell due more than a week ago are left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masa.frontdoor import services


class Command(BaseCommand):
    help = "Email agencies' responders once when a partner check becomes overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.partner_checks_remind()
        self.stdout.write(f"Overdue partner check reminders sent: {sent}.")
