"""`manage.py governance_tick`: governance housekeeping, run by cron once a day.

Sends reminders: papers due for a meeting and not published, actions due before a
group's next meeting, minutes not approved four weeks after a meeting, terms of
reference due for review. Each is sent once to each person: running it again sends
nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masa.governance.services import reminders


class Command(BaseCommand):
    help = "Send governance reminders (each once): papers due, actions due, minutes."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders.governance_remind()
        self.stdout.write(f"Governance reminders sent: {sent}.")
