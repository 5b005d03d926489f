"""Errors services raise for the person who asked (shown on the form, never a 500)."""

from __future__ import annotations


class ServiceError(ValueError):
    """A domain rule refused the action; the message is for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotAllowed(ServiceError):
    """A service was asked to do something the acting person may not do."""
