"""Who may see and add to the engagement log. view P: every entry of the partnership
and its evidence files; manage P: add entries and files (the business unit)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from masa.core.acting import Acting
from masa.core.models import Membership, Scope
from masa.core.policies import Policy
from masa.engagement.models import EngagementFile, Entry


def adds_here(acting: Acting) -> bool:
    return acting.partnership_wide("engagement.manage")


class EntryPolicy(Policy[Entry]):
    resource = "engagement"
    model = Entry
    abilities: ClassVar[dict[str, Any]] = {"add_here": adds_here}

    def scoped(
        self, records: QuerySet[Entry], membership: Membership, scope: Scope
    ) -> QuerySet[Entry]:
        return records.filter(partnership=membership.partnership)


class FilePolicy(Policy[EngagementFile]):
    resource = "engagement"
    model = EngagementFile

    def scoped(
        self, records: QuerySet[EngagementFile], membership: Membership, scope: Scope
    ) -> QuerySet[EngagementFile]:
        return records.filter(entry__partnership=membership.partnership)


entries = EntryPolicy()
files = FilePolicy()
