"""Notifications: every email the service sends, in one place.

A message is a pair of plain-text templates, `<app>/emails/<name>.subject.txt` and
`<app>/emails/<name>.body.txt`, rendered without HTML escaping. `send()` records
each email (`Notification`: who, what, when, about which record) inside the
transaction of the change that caused it, and hands it to the mail server only once
that transaction commits, so a refused change tells nobody anything.

House rules for the words (checked by tests/core/test_email_templates.py on every template):
the reader is addressed as "you"; the subject says what to do next and is never cut
mid-word (`fit_subject`); the body says what to do next and links to the page in
MASA where it is done (`link`, built from MASA_BASE_URL); emails carry references,
never a child's name.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template import Engine
from django.urls import reverse
from django.utils import timezone

from masa.core.models import Notification, Partnership, Person

SUBJECT_LIMIT = 78  # characters: what mail programs show before they cut a subject off


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


@functools.cache
def _engine() -> Engine:
    # Plain text: no HTML escaping (an "&" in a course title stays an "&").
    return Engine(app_dirs=True, autoescape=False)


def fit_subject(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """`text` on one line, at most `limit` characters. A long subject "What to do: title"
    keeps what to do and shortens the title at the end of a word, with an ellipsis."""
    whole = " ".join(text.split())
    if len(whole) <= limit:
        return whole
    head, sep, title = whole.partition(": ")
    if not sep or len(head) + len(": …") >= limit:
        head, sep, title = "", "", whole
    room = limit - len(head) - len(sep) - len("…")
    cut = title[: room + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:room]
    return f"{head}{sep}{cut.rstrip(' ,;:–-')}…"


def link(name: str, *args: object, query: str = "") -> str:
    """The full address of a MASA page, from the MASA_BASE_URL setting."""
    return f"{settings.BASE_URL}{reverse(name, args=args)}{query}"


def compose(message: str, context: Mapping[str, Any]) -> Message:
    """Render the message `message` ("app/name") with `context`."""
    app, _, name = message.partition("/")
    engine = _engine()
    subject = engine.get_template(f"{app}/emails/{name}.subject.txt").render(_context(context))
    body = engine.get_template(f"{app}/emails/{name}.body.txt").render(_context(context))
    lines = [line.rstrip() for line in body.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:  # at most one blank line between paragraphs
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return Message(fit_subject(subject), "\n".join(tidy) + "\n")


def _context(context: Mapping[str, Any]) -> Any:
    from django.template import Context

    return Context(dict(context), autoescape=False)


def _address(recipient: Person | str) -> tuple[Person | None, str]:
    if isinstance(recipient, Person):
        return recipient, recipient.email
    return None, recipient


def send(
    message: str,
    to: Iterable[Person | str],
    context: Mapping[str, Any] | None = None,
    *,
    partnership: Partnership | None = None,
    about: models.Model | None = None,
    per_recipient: bool = False,
) -> list[Notification]:
    """Record and (once the transaction commits) send `message` to each of `to`, one
    email each (nobody sees another's address). With `per_recipient`, the context
    also holds `recipient` (the Person, or None) so the words can be theirs."""
    sent: list[Notification] = []
    seen: set[str] = set()
    base = dict(context or {})
    shared = None if per_recipient else compose(message, base)
    with transaction.atomic():
        for recipient in to:
            person, address = _address(recipient)
            if not address or address.lower() in seen:
                continue
            seen.add(address.lower())
            words = shared or compose(message, {**base, "recipient": person})
            notification = Notification.objects.create(
                partnership=partnership or getattr(about, "partnership", None),
                recipient=person,
                address=address,
                message=message,
                subject=words.subject[:200],
                body=words.body,
                target_type=about._meta.label_lower if about is not None else "",
                target_id=str(about.pk) if about is not None else "",
            )
            transaction.on_commit(functools.partial(_deliver, notification.pk))
            sent.append(notification)
    return sent


def _deliver(pk: int) -> None:
    notification = Notification.objects.filter(pk=pk, status=Notification.Status.WAITING).first()
    if notification is None:  # its transaction was rolled back: nothing to tell anyone
        return
    try:
        send_mail(
            subject=notification.subject,
            message=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.address],
        )
    except OSError:
        Notification.objects.filter(pk=pk).update(status=Notification.Status.FAILED)
        return
    Notification.objects.filter(pk=pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now()
    )
