"""Meetings, risks, scrutiny recommendations, plan priorities and audit cases became
sources of actions side by side (each its own 0003): this joins them. It changes
nothing; 0005 rebuilds the source constraint from every kind of source."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_source_audits"),
        ("actions", "0003_source_governance_meetings"),
        ("actions", "0003_source_governance_risks"),
        ("actions", "0003_source_plan"),
    ]

    operations = []
