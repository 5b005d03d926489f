"""Housekeeping for people and access, run daily from cron: flag accounts unused for
longer than each partnership's `account_unused` timescale to their agency's leads
(once for each gap), and forget rate-limit counts that no limit looks at any more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from masa.people.services import leavers


class Command(BaseCommand):
    help = "Flag unused accounts to their agency's leads (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = leavers.dormant_accounts_flag()
        self.stdout.write(f"Flagged {flagged} unused account(s) to their agency's leads.")
