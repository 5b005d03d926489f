"""A partnership's system administrator administers their own partnership only; the
installation administrator administers every partnership; each change made in the
admin is filed under the partnership it affects."""

from __future__ import annotations

import pytest
from django.test import Client

from masa.core.models import Agency, AuditEvent, Partnership, Role
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def _agency_form(agency: Agency, name: str) -> dict[str, str]:
    return {
        "name": name,
        "kind": agency.kind,
        "email_domain": agency.email_domain,
        "is_active": "on",
        "_save": "Save",
    }


def _installation_admin() -> Client:
    liam = h.person(h.SYSADMIN)
    liam.is_installation_admin = True
    liam.save(update_fields=["is_installation_admin"])
    return h.signed_in(h.SYSADMIN)


def test_a_partnership_administrator_does_not_read_another_partnerships_audit_log() -> None:
    southmoor = Partnership.objects.get(slug="southmoor")
    event = AuditEvent.objects.filter(partnership=southmoor).latest("id")
    client = h.signed_in(h.SYSADMIN)
    listing = client.get(f"/admin/core/auditevent/?partnership__id__exact={southmoor.pk}")
    assert listing.status_code == 200
    assert f"/admin/core/auditevent/{event.pk}/change/" not in listing.content.decode()
    assert client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code != 200
    own = AuditEvent.objects.filter(partnership__slug="northbridge").latest("id")
    assert client.get(f"/admin/core/auditevent/{own.pk}/change/").status_code == 200


def test_a_partnership_administrator_cannot_change_another_partnerships_agency() -> None:
    client = h.signed_in(h.SYSADMIN)
    southmoor_only = Agency.objects.get(name="Southmoor High School")
    response = client.post(
        f"/admin/core/agency/{southmoor_only.pk}/change/",
        _agency_form(southmoor_only, "Renamed by Northbridge"),
    )
    assert response.status_code in {302, 403, 404}
    southmoor_only.refresh_from_db()
    assert southmoor_only.name == "Southmoor High School"
    assert "Southmoor High School" not in client.get("/admin/core/agency/").content.decode()
    # An agency both partnerships use is read, not changed, by one partnership.
    shared = Agency.objects.get(name="Mercia Vale Probation Service")
    assert client.get(f"/admin/core/agency/{shared.pk}/change/").status_code == 200
    refused = client.post(f"/admin/core/agency/{shared.pk}/change/", _agency_form(shared, "X"))
    assert refused.status_code == 403
    shared.refresh_from_db()
    assert shared.name == "Mercia Vale Probation Service"


def test_installation_wide_data_is_read_only_for_a_partnership_administrator() -> None:
    client = h.signed_in(h.SYSADMIN)
    assert client.get("/admin/core/partnership/add/").status_code == 403
    southmoor = Partnership.objects.get(slug="southmoor")
    assert client.get(f"/admin/core/partnership/{southmoor.pk}/change/").status_code != 200
    role = Role.objects.get(slug="practitioner")
    response = client.post(
        f"/admin/core/role/{role.pk}/change/",
        {"name": "Anything", "slug": role.slug, "_save": "Save"},
    )
    assert response.status_code == 403
    assert Role.objects.get(pk=role.pk).name == role.name


def test_an_agency_added_by_a_partnership_administrator_joins_their_partnership() -> None:
    client = h.signed_in(h.SYSADMIN)
    response = client.post(
        "/admin/core/agency/add/",
        {"name": "Northbridge Food Bank", "kind": "voluntary", "is_active": "on", "_save": "Save"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Northbridge Food Bank")
    assert list(agency.partnerships.values_list("slug", flat=True)) == ["northbridge"]
    assert AuditEvent.objects.get(verb="agency.create", target_id=str(agency.pk)).partnership


def test_the_installation_administrator_changes_any_partnership_filed_under_it() -> None:
    client = _installation_admin()
    southmoor_only = Agency.objects.get(name="Southmoor High School")
    response = client.post(
        f"/admin/core/agency/{southmoor_only.pk}/change/",
        _agency_form(southmoor_only, "Southmoor High School and Sixth Form"),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="agency.update").latest("id")
    assert event.partnership is not None
    assert event.partnership.slug == "southmoor"
    # A change to a shared agency is filed under each partnership it affects.
    shared = Agency.objects.get(name="Mercia Vale Probation Service")
    client.post(f"/admin/core/agency/{shared.pk}/change/", _agency_form(shared, "MV Probation"))
    filed = AuditEvent.objects.filter(verb="agency.update", target_id=str(shared.pk))
    assert sorted(filed.values_list("partnership__slug", flat=True)) == [
        "northbridge",
        "southmoor",
    ]
    assert client.get("/admin/core/partnership/add/").status_code == 200


def test_installation_administration_needs_two_factor() -> None:
    from masa.core.policies import needs_two_factor

    executive = h.person(h.EXECUTIVE)
    assert not needs_two_factor(executive)
    executive.is_installation_admin = True
    assert needs_two_factor(executive)
