"""Rate limits for what anyone may ask without signing in (a password reset, a sign-up).

Counted in the database (`Attempt`), so every server process sees the same count;
keyed by an HMAC of the address (never stored as typed) and of the client's IP. A
request counts whether or not the address has an account, so being refused says
nothing about who has one."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from masa.people.models import Attempt


@dataclass(frozen=True)
class Limit:
    per_address: int
    per_ip: int
    window: datetime.timedelta


LIMITS = {
    Attempt.Kind.PASSWORD_RESET: Limit(
        per_address=3, per_ip=50, window=datetime.timedelta(hours=1)
    ),
}


def _key(kind: str, value: str) -> str:
    message = f"{kind}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def allow(kind: Attempt.Kind, *, address: str, ip: str | None) -> bool:
    """Count one attempt of `kind`; False if the address or the IP has had its limit
    within the window (the attempt is counted all the same)."""
    limit = LIMITS[kind]
    now = timezone.now()
    since = now - limit.window
    Attempt.objects.filter(kind=kind, at__lt=now - 2 * limit.window).delete()
    keys = [("address", _key("a", address), limit.per_address)]
    if ip:
        keys.append(("ip", _key("i", ip), limit.per_ip))
    allowed = True
    for _, key, most in keys:
        if Attempt.objects.filter(kind=kind, key=key, at__gte=since).count() >= most:
            allowed = False
    Attempt.objects.bulk_create([Attempt(kind=kind, key=key, at=now) for _, key, _ in keys])
    return allowed
