"""The groups and meetings (0003, 0004 highlight reports) and the risk register,
escalation and scrutiny (0003, 0004 grants) were built side by side: this joins the two
lines of migrations. It changes nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_highlight_reports"),
        ("governance", "0004_grant_risks_escalations_scrutiny"),
    ]

    operations = []
