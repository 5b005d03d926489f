"""The admin saves new inline rows (a role's permissions, a partnership's agencies)
through the audited service: each new row is created and leaves its own event."""

from __future__ import annotations

import pytest

from masa.core.models import AuditEvent, Role
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


def test_a_new_role_with_permissions_is_saved_and_audited() -> None:
    h.admin_add(
        "core/role",
        {
            "name": "Panel liaison",
            "slug": "panel-liaison",
            "description": "Sends rapid review reports to the national Panel.",
            "permissions-0-permission": "review.view",
            "permissions-0-scope": "partnership",
            "permissions-1-permission": "review.manage",
            "permissions-1-scope": "partnership",
        },
        {"permissions": 2},
    )
    role = Role.objects.get(slug="panel-liaison")
    assert sorted(role.permissions.values_list("permission", "scope")) == [
        ("review.manage", "partnership"),
        ("review.view", "partnership"),
    ]
    events = AuditEvent.objects.filter(actor=h.person(h.SYSADMIN))
    assert events.filter(verb="role.create").count() == 1
    assert events.filter(verb="rolepermission.create").count() == 2
