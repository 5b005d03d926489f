"""The agency lead role: the person each agency names (a school's designated
safeguarding lead, a trust's safeguarding lead) to manage its own people; and the
agencies pages (agency.view, agency.manage) for the business unit and the system
administrator. The definitions are copied here, not imported, so this migration
means the same forever (ADR 0003)."""

from django.db import migrations

A, P = "agency", "partnership"
# Shipped roles given the agencies pages: (role, permission, scope).
GRANTS = [
    ("business-manager", "agency.view", P),
    ("business-manager", "agency.manage", P),
    ("business-unit-officer", "agency.view", P),
    ("system-administrator", "agency.view", P),
    ("system-administrator", "agency.manage", P),
]
ROLE = (
    "agency-lead",
    "Agency lead",
    "Named by their agency (a school's designated safeguarding lead, a trust's "
    "safeguarding lead): sees and manages their own agency's people, marks leavers, "
    "and is told about accounts nobody uses. Grants only roles they hold, never one "
    "that sees children's records.",
    {"person.view": A, "person.manage": A},
)


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    slug, name, description, permissions = ROLE
    role, _ = Role.objects.update_or_create(
        slug=slug, defaults={"name": name, "description": description}
    )
    for permission, scope in permissions.items():
        RolePermission.objects.update_or_create(
            role=role, permission=permission, defaults={"scope": scope}
        )
    for slug, permission, scope in GRANTS:
        shipped = Role.objects.filter(slug=slug).first()
        if shipped is not None:
            RolePermission.objects.update_or_create(
                role=shipped, permission=permission, defaults={"scope": scope}
            )


def backwards(apps, schema_editor):
    apps.get_model("core", "Role").objects.filter(slug=ROLE[0]).delete()
    RolePermission = apps.get_model("core", "RolePermission")
    for slug, permission, _ in GRANTS:
        RolePermission.objects.filter(role__slug=slug, permission=permission).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_notifications"),
        ("people", "0001_attempts_leavers_dormant_flags"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
