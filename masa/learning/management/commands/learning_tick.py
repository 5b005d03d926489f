"""`manage.py learning_tick`: the learning housekeeping, run by cron every few minutes.

* Offers of a place from the waiting list that nobody accepted in time expire, and
  each place is offered to the next person.
* Reminders are sent for evaluation stages that have opened and are unanswered; each
  reminder is sent once (they are recorded).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masa.learning import services


class Command(BaseCommand):
    help = "Expire unaccepted waiting-list offers and send evaluation reminders."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = services.offers_expire()
        reminded = services.evaluation_reminders_send()
        self.stdout.write(f"Offers expired: {expired}. Evaluation reminders sent: {reminded}.")
