"""Charges for late cancellations and no-shows, as the partnership sets them.

And, until the notifications move to masa.core.notify, sending an email."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from masa.core.models import Person
from masa.learning import emails
from masa.learning.models import (
    Booking,
    ChargeRule,
)


def _charge(booking: Booking, kind: str) -> None:
    rule = ChargeRule.objects.filter(partnership=booking.partnership, kind=kind).first()
    booking.charge = rule.amount if rule else Decimal("0")
    booking.charge_reason = rule.get_kind_display() if rule else ""


def _send(person: Person | None, email: emails.Email) -> None:
    """Send one email to one person once the transaction commits (each reader gets the
    words meant for them, and nobody sees anyone else's address)."""
    if person is None or not person.email:
        return
    subject, message = email
    address = person.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    )
