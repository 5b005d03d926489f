"""Actions gain a source: a case of a multi-agency audit (ADR 0012)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_source_plan"),
        ("audits", "0001_rounds_cases_grades_concerns"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="audit_case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="actions",
                to="audits.case",
            ),
        ),
    ]
