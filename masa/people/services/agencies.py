"""The partnership's agencies, run by the business unit on its own pages: name, kind,
statutory partner or relevant agency, the email domains its staff use, active or not.
Its lead contacts are the people holding the agency lead role in it (`leads_of`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, AgencyKind, PartnershipAgency, Person
from masa.people.models import AgencyDomain
from masa.people.policies import agencies

DOMAIN = re.compile(r"^(?=.{3,120}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def clean_domains(domains: Iterable[str]) -> list[str]:
    """Domains as stored: lower case, no "@", each once, each a real-looking domain."""
    cleaned: list[str] = []
    for raw in domains:
        domain = raw.strip().lower().lstrip("@")
        if not domain:
            continue
        if not DOMAIN.match(domain):
            raise ServiceError(
                f"‘{raw.strip()[:60]}’ is not an email domain, like school.example.org",
                field="domains",
            )
        if domain not in cleaned:
            cleaned.append(domain)
    return cleaned


def _snapshot(link: PartnershipAgency) -> dict[str, Any]:
    return {
        "name": link.agency.name,
        "kind": link.agency.get_kind_display(),
        "statutory_partner": link.statutory_partner,
        "domains": sorted(
            AgencyDomain.objects.filter(agency=link.agency).values_list("domain", flat=True)
        ),
        "is_active": link.agency.is_active,
    }


def _set_domains(agency: Agency, domains: list[str]) -> None:
    taken = AgencyDomain.objects.filter(domain__in=domains).exclude(agency=agency)
    if taken.exists():
        raise ServiceError(
            f"{taken.first()} is already used by another agency: a domain belongs to one",
            field="domains",
        )
    AgencyDomain.objects.filter(agency=agency).exclude(domain__in=domains).delete()
    for domain in domains:
        AgencyDomain.objects.get_or_create(agency=agency, domain=domain)


@transaction.atomic
def agency_add(
    *,
    acting: Acting,
    name: str,
    kind: str,
    statutory_partner: bool,
    domains: Iterable[str],
) -> PartnershipAgency:
    """Add an agency to the partnership (an agency already in another partnership, a
    police force say, is joined by its exact name rather than made twice)."""
    agencies.require(acting, "manage")
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Enter the agency's name", field="name")
    if kind not in AgencyKind.values:
        raise ServiceError("Choose what kind of agency it is", field="kind")
    cleaned = clean_domains(domains)
    agency = Agency.objects.filter(name__iexact=name).first()
    if agency is None:
        agency = Agency.objects.create(name=name, kind=kind)
    elif PartnershipAgency.objects.filter(partnership=acting.partnership, agency=agency).exists():
        raise ServiceError(f"{agency} already takes part in this partnership", field="name")
    link = PartnershipAgency.objects.create(
        partnership=acting.partnership, agency=agency, statutory_partner=statutory_partner
    )
    kept = set(AgencyDomain.objects.filter(agency=agency).values_list("domain", flat=True))
    _set_domains(agency, sorted(set(cleaned) | kept))
    audit.record(
        acting,
        "agency.add",
        agency,
        audit.changes_between({}, _snapshot(link)),
        partnership=acting.partnership,
    )
    return link


@transaction.atomic
def agency_change(
    *,
    acting: Acting,
    link: PartnershipAgency,
    name: str,
    kind: str,
    statutory_partner: bool,
    domains: Iterable[str],
    is_active: bool,
) -> PartnershipAgency:
    """Change an agency of the partnership. Its name, kind, domains and whether it is
    active are the agency's own (shared with any other partnership it is in);
    statutory partner or relevant agency is this partnership's."""
    agencies.require(acting, "manage", link)
    link = PartnershipAgency.objects.select_for_update().select_related("agency").get(pk=link.pk)
    agency = link.agency
    before = _snapshot(link)
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Enter the agency's name", field="name")
    if Agency.objects.filter(name__iexact=name).exclude(pk=agency.pk).exists():
        raise ServiceError("Another agency already has this name", field="name")
    if kind not in AgencyKind.values:
        raise ServiceError("Choose what kind of agency it is", field="kind")
    cleaned = clean_domains(domains)
    agency.name, agency.kind, agency.is_active = name, kind, is_active
    agency.save(update_fields=["name", "kind", "is_active"])
    link.statutory_partner = statutory_partner
    link.save(update_fields=["statutory_partner"])
    _set_domains(agency, cleaned)
    changes = audit.changes_between(before, _snapshot(link))
    if changes:
        audit.record(acting, "agency.change", agency, changes, partnership=link.partnership)
    return link


def leads_of(link: PartnershipAgency) -> list[Person]:
    """The agency's lead contacts in the partnership: active members holding the agency
    lead role through it."""
    return list(
        Person.objects.filter(
            is_active=True,
            memberships__partnership_id=link.partnership_id,
            memberships__agency_id=link.agency_id,
            memberships__is_active=True,
            memberships__roles__slug="agency-lead",
        )
        .distinct()
        .order_by("full_name")
    )
