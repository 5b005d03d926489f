"""Groups and meetings granted to the shipped roles: the business unit runs every
group (governance.manage); the executive, chairs, members, the scrutineer, data leads
and the case review group see them (governance.view). A group's chair runs their own
group through the group's record, not a role. The grants are copied here, not imported,
so this migration means the same thing forever."""

from django.db import migrations

P = "partnership"
GRANTS = {
    "business-manager": {"governance.view": P, "governance.manage": P},
    "business-unit-officer": {"governance.view": P, "governance.manage": P},
    "executive-member": {"governance.view": P},
    "subgroup-chair": {"governance.view": P},
    "subgroup-member": {"governance.view": P},
    "independent-scrutineer": {"governance.view": P},
    "agency-data-lead": {"governance.view": P},
    "case-review-group": {"governance.view": P},
}


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    for slug, permissions in GRANTS.items():
        role = Role.objects.filter(slug=slug).first()
        if role is None:
            continue
        for permission, scope in permissions.items():
            RolePermission.objects.get_or_create(
                role=role, permission=permission, defaults={"scope": scope}
            )


def backwards(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    RolePermission.objects.filter(
        role__slug__in=list(GRANTS), permission__in=["governance.view", "governance.manage"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_notifications"),
        ("reviews", "0002_starter_themes_and_case_review_group"),
        ("governance", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
