"""Who sees the engagement log: the business unit adds to it (engagement.view and
engagement.manage); the executive, the scrutineer, subgroup chairs and members read it
(engagement.view). Copied here, not imported, so this migration means the same thing
forever."""

from django.db import migrations

P = "partnership"
GRANTS = {
    "business-manager": {"engagement.view": P, "engagement.manage": P},
    "business-unit-officer": {"engagement.view": P, "engagement.manage": P},
    "executive-member": {"engagement.view": P},
    "independent-scrutineer": {"engagement.view": P},
    "subgroup-chair": {"engagement.view": P},
    "subgroup-member": {"engagement.view": P},
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
    RolePermission.objects.filter(permission__startswith="engagement.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_notifications"),
        ("engagement", "0001_engagement_log_and_evidence"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
