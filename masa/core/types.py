"""Types for requests that have been through MASA's middleware."""

from __future__ import annotations

from django.http import HttpRequest

from masa.core.acting import Acting
from masa.core.models import Membership, Person


class SignedInRequest(HttpRequest):
    """A request from a signed-in person (views behind `login_required`)."""

    user: Person
    membership: Membership | None
    memberships: list[Membership]
    # Who is acting and where (None for a person in no partnership); see `ActingRequest`.
    acting: Acting | None


class ActingRequest(SignedInRequest):
    """A request to a page behind `pages.guard`: the person acts in a partnership."""

    acting: Acting
