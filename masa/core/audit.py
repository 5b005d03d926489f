"""The audit log: the only way an `AuditEvent` is written, and its catalogue of verbs.

Services call `record(...)` inside their own transaction, so an event exists if
and only if the change it describes was committed. Views of identifiable records
call `record_view(...)`. Where the request came from (address, browser) is taken
from the request being served, set by `IdleTimeoutMiddleware` (`request_context`).

Every verb is registered once (`register`), with a label a person can read, the
kind of event and the fields its payload may carry, as `permissions.py` registers
permissions; `record()` refuses a verb that is not registered, or a payload that is
not the verb's shape. Three shapes, one per kind:

* `Kind.CHANGE`: what changed, `{field: {"old": ..., "new": ...}}` (`changes_between`,
  `created`); a record made from nothing has `old` None.
* `Kind.VIEW`: someone was shown a record: no payload, or plain values saying what
  (`{"search": "..."}`).
* `Kind.EVENT`: something happened to the record (a decision, a reminder, a sign-in):
  plain values, `{field: value}`, each a text, number, yes/no, date or a list of them.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from masa.core.acting import Acting
from masa.core.models import AuditEvent, Partnership, Person


class Kind(enum.StrEnum):
    CHANGE = "change"
    VIEW = "view"
    EVENT = "event"


@dataclass(frozen=True)
class Verb:
    """One kind of audit event: its name in the log, what a person reads, its shape and
    the fields its payload may carry (field: label). No fields: any field may change
    (a form's fields), each shown by its name."""

    name: str
    label: str
    kind: Kind = Kind.CHANGE
    fields: Mapping[str, str] = field(default_factory=dict)

    def field_label(self, name: str) -> str:
        return self.fields.get(name) or name.replace("_", " ").capitalize()


VERBS: dict[str, Verb] = {}


class UnknownVerb(ValueError):
    """`record()` was given a verb nobody registered, or a payload not of its shape."""


def register(
    name: str, label: str, kind: Kind = Kind.CHANGE, fields: Mapping[str, str] | None = None
) -> Verb:
    """Register the verb `name` once (apps do so in their `audit_verbs` module)."""
    verb = Verb(name, label, kind, dict(fields or {}))
    existing = VERBS.get(name)
    if existing is not None and existing != verb:
        raise ValueError(f"audit verb {name!r} is registered twice, differently")
    VERBS[name] = verb
    return verb


def verb_of(name: str) -> Verb | None:
    return VERBS.get(name)


_PLAIN = (str, int, float, bool, type(None))


def _is_plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, _PLAIN) for item in value)
    return isinstance(value, _PLAIN)


def check_payload(verb: Verb, changes: Mapping[str, Any]) -> None:
    """Refuse a payload that is not the shape of `verb`'s kind, or names a field the
    verb does not declare."""
    if verb.fields:
        unknown = sorted(set(changes) - set(verb.fields))
        if unknown:
            raise UnknownVerb(f"audit verb {verb.name!r} has no field(s) {', '.join(unknown)}")
    for name, value in changes.items():
        if verb.kind == Kind.CHANGE:
            ok = (
                isinstance(value, Mapping)
                and set(value) == {"old", "new"}
                and _is_plain(value["old"])
                and _is_plain(value["new"])
            )
        else:
            ok = _is_plain(value)
        if not ok:
            raise UnknownVerb(
                f"audit verb {verb.name!r} ({verb.kind}): {name!r} is not in the {verb.kind} shape"
            )


def created(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The change payload of a record made from nothing: each field from None."""
    return changes_between({}, snapshot(obj, fields))


def values(**recorded: Any) -> dict[str, Any]:
    """The payload of an event: plain values (model instances by name, dates as ISO)."""
    return {name: _plain(value) for name, value in recorded.items()}


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    user_agent: str


_context: ContextVar[RequestContext | None] = ContextVar("masa_audit_context", default=None)


@contextmanager
def request_context(ip_address: str | None, user_agent: str) -> Iterator[None]:
    token = _context.set(RequestContext(ip_address or None, user_agent[:300]))
    try:
        yield
    finally:
        _context.reset(token)


class AuditOutsideTransaction(RuntimeError):
    """An audit event must be written in the same transaction as the change."""


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable by a person in the audit page."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_plain(item) for item in value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` on `obj`, for a later `changes_between`."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """{field: {"old": ..., "new": ...}} for each field whose value differs."""
    changed: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old != new:
            changed[name] = {"old": old, "new": new}
    return changed


def label_of(target: models.Model | None) -> str:
    """How the audit log names a record. A model whose name identifies someone (a
    child, a contact) says how to name it by reference only (`audit_label()`): people
    who read the log may not be allowed to open the record."""
    if target is None:
        return ""
    labeller = getattr(target, "audit_label", None)
    return str(labeller() if callable(labeller) else target)


def identifiable_models() -> dict[str, type[models.Model]]:
    """The models the audit log names by reference only (those with `audit_label`),
    by the `target_type` their events carry."""
    from django.apps import apps

    return {
        model._meta.label_lower: model
        for model in apps.get_models()
        if callable(getattr(model, "audit_label", None))
    }


def records_labelled(model: type[models.Model], text: str) -> list[str]:
    """The ids of `model`'s records whose reference-only label matches `text` (the
    model's `audit_search`, if it has one): how the log is searched for them, since
    labels stored by older events may hold a name that must not be searchable."""
    search = getattr(model, "audit_search", None)
    if not callable(search):
        return []
    return [str(pk) for pk in search(text)[:500]]


def shown_labels(events: Iterable[AuditEvent]) -> dict[int, str]:
    """The label to show for each event (by id), by reference only for identifiable
    records, whatever older events stored (their labels may hold a child's name)."""
    from django.apps import apps

    wanted: dict[str, set[str]] = {}
    shown: dict[int, str] = {}
    listed = list(events)
    for event in listed:
        shown[event.pk] = event.target_label
        try:
            model = apps.get_model(event.target_type) if event.target_type else None
        except (LookupError, ValueError):
            model = None
        if model is not None and callable(getattr(model, "audit_label", None)):
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    for target_type, ids in wanted.items():
        model = apps.get_model(target_type)
        found = model._default_manager.in_bulk([i for i in ids if i.isdigit()])
        for event in listed:
            if event.target_type != target_type:
                continue
            obj = found.get(int(event.target_id)) if event.target_id.isdigit() else None
            name = str(model._meta.verbose_name).capitalize()
            shown[event.pk] = label_of(obj) if obj is not None else f"{name} {event.target_id}"
    return shown


@dataclass(frozen=True)
class ShownChange:
    name: str
    new: str
    old: str | None = None  # None: a value recorded as it was, not a change from one


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {_shown(item)}" for key, item in value.items()) or "(none)"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(item) for item in value) or "(none)"
    return str(value)


def shown_changes(changes: Any, verb: str = "") -> list[ShownChange]:
    """An event's payload as a person reads it, whatever its shape: changes from
    `changes_between` ({"level": {"old": 1, "new": 2}}), values recorded as they were
    ({"level": 2}, as `contact.decide` records them), and values that are lists or
    mappings themselves ({"stages": [...]}, {"statuses": {"booked": 3}})."""
    if not isinstance(changes, Mapping):
        return [ShownChange("Value", _shown(changes))] if changes else []
    registered = VERBS.get(verb)
    shown = []
    for name, change in changes.items():
        label = registered.field_label(str(name)) if registered else str(name)
        if isinstance(change, Mapping) and "new" in change and set(change) <= {"old", "new"}:
            shown.append(ShownChange(label, _shown(change["new"]), _shown(change.get("old"))))
        else:
            shown.append(ShownChange(label, _shown(change)))
    return shown


def shown_verb(verb: str) -> str:
    """What a person reads for `verb` (its registered label; older verbs as stored)."""
    registered = VERBS.get(verb)
    return registered.label if registered else verb


def record(
    actor: Acting | Person | None,
    verb: str,
    target: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    *,
    partnership: Partnership | None = None,
    target_label: str | None = None,
) -> AuditEvent:
    """Write one audit event. Must be called inside the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(f"audit.record({verb!r}) was called outside a transaction")
    registered = VERBS.get(verb)
    if registered is None:
        raise UnknownVerb(f"audit verb {verb!r} is not registered (masa.core.audit.register)")
    check_payload(registered, changes or {})
    acting_partnership = actor.partnership if isinstance(actor, Acting) else None
    if isinstance(actor, Acting):
        actor = actor.person
    if partnership is None and target is not None:
        candidate = (
            target if isinstance(target, Partnership) else getattr(target, "partnership", None)
        )
        partnership = candidate if isinstance(candidate, Partnership) else None
    if partnership is None:
        partnership = acting_partnership
    context = _context.get()
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.email if actor is not None else "system",
        partnership=partnership,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label if target_label is not None else label_of(target))[:200],
        changes=dict(changes or {}),
        ip_address=context.ip_address if context else None,
        user_agent=context.user_agent if context else "",
    )


@transaction.atomic
def record_view(
    actor: Acting | Person,
    target: models.Model,
    *,
    partnership: Partnership | None = None,
    verb: str = "view",
    **what: Any,
) -> AuditEvent:
    """An access event: `actor` was shown the identifiable record `target`."""
    return record(actor, verb, target, values(**what), partnership=partnership)
