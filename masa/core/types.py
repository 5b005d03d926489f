"""Types for requests that have been through MASA's middleware."""

from __future__ import annotations

from django.http import HttpRequest

from masa.core.models import Membership, Person


class SignedInRequest(HttpRequest):
    """A request from a signed-in person (views behind `login_required`)."""

    user: Person
    membership: Membership | None
    memberships: list[Membership]
