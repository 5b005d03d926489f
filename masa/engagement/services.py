"""Writes to the engagement log: adding an entry (with an evidence file, or none) and
adding evidence to an entry. Both need engagement.manage across the partnership."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from masa.core import audit, files
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.engagement import policies
from masa.engagement.models import EngagementFile, Entry, Group, Method, engagement_path


def _require_add(acting: Acting) -> None:
    if not policies.entries.can(acting, "add_here"):
        raise NotAllowed("You do not have permission to add to the engagement log")


def _text(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ServiceError(message, field=field)
    return text


@transaction.atomic
def entry_add(
    *,
    acting: Acting,
    happened_on: datetime.date,
    group: str,
    method: str,
    title: str,
    said: str,
    changed: str = "",
    priority: Any = None,
    work: str = "",
    heard_from: int | None = None,
    file_name: str = "",
    chunks: Iterable[bytes] = (),
) -> Entry:
    """Log a time the partnership listened. Never name a child: who was heard is a
    group. With `file_name`, the evidence file is kept with it, or neither is."""
    _require_add(acting)
    if happened_on > timezone.localdate():
        raise ServiceError("The date must be today or in the past", field="happened_on")
    if group not in Group.values:
        raise ServiceError("Choose who was heard", field="group")
    if method not in Method.values:
        raise ServiceError("Choose how they were heard", field="method")
    if priority is not None and priority.partnership_id != acting.partnership_id:
        raise ServiceError("Choose a priority of this partnership", field="priority")
    entry = Entry.objects.create(
        partnership=acting.partnership,
        happened_on=happened_on,
        group=group,
        method=method,
        priority=priority,
        work=work.strip(),
        title=_text(title, "title", "Enter a title"),
        heard_from=heard_from,
        said=_text(said, "said", "Say what they said"),
        changed=changed.strip(),
        created_by=acting.person,
    )
    audit.record(
        acting,
        "engagement.add",
        entry,
        audit.created(entry, ["happened_on", "group", "method", "priority", "work", "title"]),
    )
    if file_name:
        file_add(acting=acting, entry=entry, name=file_name, chunks=chunks)
    return entry


@transaction.atomic
def file_add(*, acting: Acting, entry: Entry, name: str, chunks: Iterable[bytes]) -> EngagementFile:
    """Keep a checked evidence file (a survey's results, a poll's export) with an entry."""
    _require_add(acting)
    if entry.partnership_id != acting.partnership_id:
        raise NotAllowed("You do not have permission to add to this entry")
    checked = files.checked_upload(name, chunks)
    record = EngagementFile(entry=entry, **files.file_fields(acting.person, name, checked))
    files.keep_file(
        record,
        engagement_path(record, checked.stored_name),
        checked,
        lambda changes: audit.record(
            acting,
            "engagement.file_add",
            record,
            changes,
            partnership=entry.partnership,
            target_label=f"{checked.stored_name} for engagement {entry.pk}",
        ),
    )
    return record


@transaction.atomic
def outcome_record(
    *,
    acting: Acting,
    entry: Entry,
    changed: str,
    file_name: str = "",
    chunks: Iterable[bytes] = (),
) -> Entry:
    """Say what changed as a result ("we did"), often months later, and attach the
    results that came in since (a consultation's report)."""
    _require_add(acting)
    if entry.partnership_id != acting.partnership_id:
        raise NotAllowed("You do not have permission to change this entry")
    text = changed.strip()
    if not text and not file_name:
        raise ServiceError("Say what changed, or attach a file", field="changed")
    if text:  # an empty box with a file attaches the file and keeps what was written
        before = audit.snapshot(entry, ["changed"])
        entry.changed = text
        entry.save(update_fields=["changed"])
        changes = audit.changes_between(before, audit.snapshot(entry, ["changed"]))
        if changes:
            audit.record(acting, "engagement.outcome", entry, changes)
    if file_name:
        file_add(acting=acting, entry=entry, name=file_name, chunks=chunks)
    return entry
