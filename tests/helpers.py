"""Helpers for tests: sign in as a named demo person, with two-factor done."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from masa.core.acting import Acting, acting_in
from masa.core.models import Membership, Partnership, Person

# The named demo people, one per role (masa/demo/people.py).
PRACTITIONER = "amira.khan@northbridge-academy.example"
GP_PRACTITIONER = "rosa.evans@canalstreet-gp.example"
MASH_PRACTITIONER = "ben.carter@northbridge.example"
MASH_MANAGER = "chloe.davies@northbridge.example"
BUSINESS_UNIT_OFFICER = "dev.patel@northbridge.example"
BUSINESS_MANAGER = "eleanor.hughes@northbridge.example"
DATA_LEAD = "farid.ahmed@merciavale-icb.example"
SUBGROUP_MEMBER = "grace.okafor@northbridge-hospitals.example"
SUBGROUP_CHAIR = "harry.whitfield@merciavale-probation.example"
SCRUTINEER = "imogen.lloyd@scrutiny.example"
EXECUTIVE = "james.morgan@northbridge.example"
TRAINER = "kate.brennan@northbridge-womensaid.example"
SYSADMIN = "liam.foster@northbridge.example"
POLICE_BOTH = "maya.singh@merciavale-police.example"
SOUTHMOOR_MANAGER = "nadia.ross@southmoor.example"
SOUTHMOOR_PRACTITIONER = "owen.price@southmoor-high.example"

EVERYONE = [
    PRACTITIONER,
    GP_PRACTITIONER,
    MASH_PRACTITIONER,
    MASH_MANAGER,
    BUSINESS_UNIT_OFFICER,
    BUSINESS_MANAGER,
    DATA_LEAD,
    SUBGROUP_MEMBER,
    SUBGROUP_CHAIR,
    SCRUTINEER,
    EXECUTIVE,
    TRAINER,
    SYSADMIN,
    POLICE_BOTH,
    SOUTHMOOR_MANAGER,
    SOUTHMOOR_PRACTITIONER,
]


def person(email: str) -> Person:
    return Person.objects.get(email=email)


def membership(email: str, partnership_slug: str = "northbridge") -> Membership:
    return Membership.objects.get(person__email=email, partnership__slug=partnership_slug)


def acting(who: str | Person, partnership: str | Partnership = "northbridge") -> Acting:
    """The acting context of a person (by email or record) in a partnership (by slug or
    record): how every test calls a policy, selector or service."""
    person_ = who if isinstance(who, Person) else person(who)
    if isinstance(partnership, str):
        partnership = Partnership.objects.get(slug=partnership)
    return acting_in(person_, partnership)


def signed_in(email: str, *, verified: bool = True) -> Client:
    """A test client signed in as `email`, two-factor done (as after the real journey)."""
    client = Client()
    who = person(email)
    client.force_login(who, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        device = TOTPDevice.objects.filter(user=who, confirmed=True).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


def admin_add(model: str, fields: dict[str, str], inlines: dict[str, int]) -> None:
    """Add a `model` ("app/model") in the admin as the system administrator, made an
    installation administrator (partnerships and roles are installation-wide), with
    `inlines` new rows under each inline prefix (their fields are in `fields`)."""
    Person.objects.filter(email=SYSADMIN).update(is_installation_admin=True)
    data = dict(fields, _save="Save")
    for prefix, rows in inlines.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(rows)
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    response = signed_in(SYSADMIN).post(f"/admin/{model}/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
