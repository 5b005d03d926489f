"""Password resets by email, with Django's token machinery.

The link carries the person's id and a token from `default_token_generator`: it
expires after `PASSWORD_RESET_TIMEOUT` and is spent once the password changes (the
token is made from the password's hash and the last sign-in). Asking for a link
answers the same whether or not the address has an account, and is rate-limited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from masa.core import audit, notify
from masa.core.errors import ServiceError
from masa.core.models import Person
from masa.people import throttle
from masa.people.models import Attempt


class Throttled(Exception):
    """Too many requests from this address or place: try again later."""


def reset_path_args(person: Person) -> tuple[str, str]:
    """The (uid, token) a reset link for `person` carries."""
    return urlsafe_base64_encode(force_bytes(person.pk)), default_token_generator.make_token(person)


@transaction.atomic
def password_reset_request(*, email: str, ip: str | None) -> None:
    """Email a reset link to the active person with this address, if there is one.
    Raises `Throttled` when the address or the IP has asked too often; otherwise says
    nothing either way, so the answer does not show who has an account."""
    if not throttle.allow(Attempt.Kind.PASSWORD_RESET, address=email, ip=ip):
        raise Throttled
    person = Person.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        return
    uid, token = reset_path_args(person)
    notify.send(
        "people/password_reset",
        [person],
        {"link": notify.link("people:password-reset-confirm", uid, token)},
        about=person,
    )
    audit.record(None, "person.password_reset_sent", person)


def person_for_reset(uid: str, token: str) -> Person | None:
    """The active person a reset link is for, if its token is still good."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError):
        return None
    person = Person.objects.filter(pk=pk, is_active=True).first()
    if person is None or not default_token_generator.check_token(person, token):
        return None
    return person


@transaction.atomic
def password_reset_complete(*, person: Person, token: str, password: str) -> Person:
    """Set a new password from a reset link (checked again, under a lock, so the link
    works once), clear any lockout, and tell the person by email."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.is_active or not default_token_generator.check_token(person, token):
        raise ServiceError("This link has expired or has been used. Ask for a new one.")
    try:
        validate_password(password, person)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), field="password") from error
    person.set_password(password)
    person.save(update_fields=["password"])
    from axes.utils import reset as axes_reset

    axes_reset(username=person.email)
    audit.record(person, "person.password_reset", person)
    notify.send(
        "people/password_changed",
        [person],
        {"link": notify.link("people:password-reset")},
        about=person,
    )
    return person
