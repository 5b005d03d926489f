"""Signals the capabilities listen for, so that core never imports them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by `services.partnership_set_up` with `partnership` and `actor` (a Person, or
# None for a command): each capability gives the partnership what it starts with.
# Receivers must be idempotent: the set-up may run again on a partnership that has it.
partnership_created = Signal()
