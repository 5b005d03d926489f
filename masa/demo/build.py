"""Build the demo partnerships. Deterministic and idempotent: running it twice
changes nothing the second time."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from masa.core import services
from masa.core.models import (
    Agency,
    ChildPopulation,
    Membership,
    Partnership,
    PartnershipAgency,
    Person,
    Role,
)
from masa.demo import anchor as demo_anchor
from masa.demo import audits as case_audits
from masa.demo import engagement, finance, frontdoor, governance_risks, insight, learning
from masa.demo import governance as demo_governance
from masa.demo import people as demo
from masa.demo import plan as strategic_plan
from masa.demo import reviews as case_reviews

Progress = Callable[[str], None]


def demo_totp_key(email: str) -> str:
    """A fixed authenticator key for a demo person (development only), as hex."""
    return hashlib.sha256(f"masa-demo-totp:{email}".encode()).hexdigest()[:40]


@transaction.atomic
def build_core(progress: Progress = lambda _: None) -> None:
    progress("Partnerships and agencies")
    partnerships = {}
    for item in demo.PARTNERSHIPS:
        partnership, _ = Partnership.objects.get_or_create(
            slug=item.slug, defaults={"name": item.name, "area": item.area, "code": item.code}
        )
        partnerships[item.slug] = partnership
        for year, children in item.children.items():
            ChildPopulation.objects.get_or_create(
                partnership=partnership, year=year, defaults={"children": children}
            )
    agencies = {}
    for spec in demo.AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=spec.name, defaults={"kind": spec.kind, "email_domain": spec.domain}
        )
        agencies[spec.name] = agency
        for slug in spec.partnerships:
            PartnershipAgency.objects.get_or_create(
                partnership=partnerships[slug],
                agency=agency,
                defaults={
                    "statutory_partner": spec.statutory,
                    "answers_partner_checks": spec.casework,
                    "takes_part_in_training": spec.casework,
                },
            )

    progress("Demo people and their roles")
    roles = {role.slug: role for role in Role.objects.all()}
    password = demo.DEMO_PASSWORD if settings.DEV else None
    for spec_person in demo.PEOPLE:
        person = Person.objects.filter(email=spec_person.email).first()
        if person is None:
            person = services.person_create(
                actor=None,
                email=spec_person.email,
                full_name=spec_person.full_name,
                job_title=spec_person.job_title,
                password=password,
            )
        for member in spec_person.memberships:
            partnership = partnerships[member.partnership]
            if not Membership.objects.filter(person=person, partnership=partnership).exists():
                services.membership_create(
                    actor=None,
                    person=person,
                    partnership=partnership,
                    agency=agencies[member.agency],
                    roles=[roles[slug] for slug in member.roles],
                )
        if settings.DEV and not TOTPDevice.objects.filter(user=person).exists():
            # Development only: a known authenticator key, so `demo --totp` can show codes.
            TOTPDevice.objects.create(
                user=person,
                name="Demo authenticator",
                key=demo_totp_key(person.email),
                confirmed=True,
            )


def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    """Everything the demo shows, dated up to `anchor`: by default the afternoon of the
    working day it is first built, and the same anchor on every later build (see
    masa/demo/anchor.py). Later capabilities add their own steps here."""
    anchor = demo_anchor.resolve(anchor)
    build_core(progress)
    progress("Front door: two years of contacts")
    frontdoor.build(progress, anchor=anchor)
    learning.build(progress, anchor=anchor)
    insight.build(progress, anchor=anchor)
    progress("Starter data for each partnership")
    for partnership in Partnership.objects.all():
        # What the admin gives a new partnership (the catalogue is in already; here: the
        # starter review themes).
        services.partnership_set_up(actor=None, partnership=partnership)
    case_reviews.build(progress, anchor=anchor)
    demo_governance.build(progress, anchor=anchor)
    governance_risks.build(progress, anchor=anchor)
    strategic_plan.build(progress, anchor=anchor)
    finance.build(progress, anchor=anchor)
    engagement.build(progress, anchor=anchor)
    case_audits.build(progress, anchor=anchor)
