"""The business manager's and the executive member's role descriptions (shown on the
home page) promised the yearly report, which MASA does not have yet. Say what the roles
do today. A description an administrator has changed is left as it is."""

from django.db import migrations

CHANGES = [
    (
        "business-manager",
        "Runs the business unit; manages people, settings, the audit log and the yearly report.",
        "Runs the business unit: people, settings, timescales and the audit log; training, "
        "the partnership's figures and case reviews.",
    ),
    (
        "executive-member",
        "A lead safeguarding partner or delegate: decisions, sign-off, the yearly report.",
        "A lead safeguarding partner or delegate: decisions, the partnership's figures and "
        "the sign-off of case reviews and their actions.",
    ),
]


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for slug, old, new in CHANGES:
        Role.objects.filter(slug=slug, description=old).update(description=new)


def backwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for slug, old, new in CHANGES:
        Role.objects.filter(slug=slug, description=new).update(description=old)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_agency_work")]
    operations = [migrations.RunPython(forwards, backwards)]
