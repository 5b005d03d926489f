"""Checks the case review forms share: a date on which something happened is not in
the future, and a link is https. The services make the same checks as rules
(`services._happened`, `services._secure_link`); these give the GOV.UK field message
before a service is called."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.utils import timezone

HTTP_REFUSED = "Enter a web address starting https:// (an http:// link is not secure)"


def today() -> datetime.date:
    """The day the rule measures "in the future" from (one place, so tests can set it)."""
    return timezone.localdate()


def happened(noun: str) -> Callable[[datetime.date | None], None]:
    """A validator for the date `noun` of an event that has already happened."""

    def check(day: datetime.date | None) -> None:
        if day is not None and day > today():
            raise forms.ValidationError(f"{noun} must be today or in the past", code="future")

    return check


def https_only(value: str) -> None:
    if value and not value.lower().startswith("https://"):
        raise forms.ValidationError(HTTP_REFUSED, code="http")
