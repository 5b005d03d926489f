"""Grant the strategic plan to the shipped roles. The grants are copied here, not
imported, so this migration means the same thing forever.

* The business unit (officer and manager) edit the plan and the list of priorities and
  may write any priority's quarterly progress.
* Subgroup chairs see the plan and write the progress of the priorities they lead.
* Subgroup members, agency data leads, the scrutineer and the executive see it."""

from django.db import migrations

P, OWN = "partnership", "own"
GRANTS = {
    "business-unit-officer": {"plan.view": P, "plan.update": P, "plan.manage": P},
    "business-manager": {"plan.view": P, "plan.update": P, "plan.manage": P},
    "subgroup-chair": {"plan.view": P, "plan.update": OWN},
    "subgroup-member": {"plan.view": P},
    "agency-data-lead": {"plan.view": P},
    "independent-scrutineer": {"plan.view": P},
    "executive-member": {"plan.view": P},
}


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    RolePermission = apps.get_model("core", "RolePermission")
    for role in Role.objects.filter(slug__in=GRANTS):
        for permission, scope in GRANTS[role.slug].items():
            RolePermission.objects.update_or_create(
                role=role, permission=permission, defaults={"scope": scope}
            )


def backwards(apps, schema_editor):
    RolePermission = apps.get_model("core", "RolePermission")
    RolePermission.objects.filter(permission__startswith="plan.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_notifications"),
        ("plan", "0001_plan_periods_priorities_and_progress"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
