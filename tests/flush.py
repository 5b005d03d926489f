"""Transactional tests (the live server, concurrency) empty the database with `flush`
after each test. Some migrations put things in the database that a flush breaks
or removes:

- core 0002 adds triggers that refuse DELETE (and TRUNCATE) on the audit log, so
  the flush itself would fail: they are dropped just before it and put back after;
- core 0003 ships the roles (0005 rewords two of their descriptions) and frontdoor
  0002 the DASH checklist, which the flush deletes: they are shipped again, with the
  later apps' grants to the roles (governance, people, plan, finance, engagement, audits).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


def _migration(app: str, name: str) -> ModuleType:
    return importlib.import_module(f"masa.{app}.migrations.{name}")


class _Executor:
    """Just enough of a schema editor for the RunPython functions of core migration 0002."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def execute(self, sql: str, params: Any = None) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)


def audit_triggers(on: bool) -> None:
    from django.apps import apps
    from django.db import connection

    module = _migration("core", "0002_audit_events_append_only")
    editor = _Executor(connection)
    module.backwards(apps, editor)  # DROP ... IF EXISTS: safe to repeat
    if on:
        module.forwards(apps, editor)


def ship_reference_data() -> None:
    """Put back what data migrations ship (roles, the DASH checklist) after a flush."""
    from django.apps import apps

    from masa.core.models import Role, RolePermission
    from masa.frontdoor.models import RiskChecklist

    if not Role.objects.exists():
        _migration("core", "0003_ship_roles").forwards(apps, None)
        _migration("core", "0008_role_descriptions_without_yearly_report").forwards(apps, None)
    if not RiskChecklist.objects.exists():
        _migration("frontdoor", "0002_ship_dash_checklist").ship(apps, None)
    if not Role.objects.filter(slug="case-review-group").exists():
        _migration("reviews", "0002_starter_themes_and_case_review_group").forwards(apps, None)
    if (
        not Role.objects.filter(slug="agency-lead").exists()
        or not RolePermission.objects.filter(permission="agency.manage").exists()
    ):
        _migration("people", "0002_agency_lead_role_and_agency_pages").forwards(apps, None)
    if not RolePermission.objects.filter(permission__startswith="plan.").exists():
        _migration("plan", "0002_plan_permissions_for_shipped_roles").forwards(apps, None)
    if not Role.objects.filter(permissions__permission="finance.view").exists():
        _migration("finance", "0002_default_budget_lines_and_money_grants").forwards(apps, None)
    if not Role.objects.filter(permissions__permission="engagement.view").exists():
        _migration("engagement", "0002_engagement_grants").forwards(apps, None)
    if not RolePermission.objects.filter(permission__startswith="case_audit.").exists():
        _migration("audits", "0002_audit_roles_and_starter_tool").forwards(apps, None)
    if not RolePermission.objects.filter(permission="governance.manage").exists():
        _migration("governance", "0002_grant_groups_and_meetings").forwards(apps, None)
    if not RolePermission.objects.filter(permission="risk.view").exists():
        _migration("governance", "0004_grant_risks_escalations_scrutiny").forwards(apps, None)
