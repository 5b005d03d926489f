"""Actions gain a source: a case of a multi-agency audit (ADR 0012)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0002_copy_actions_from_reviews"),
        ("audits", "0001_rounds_cases_grades_concerns"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="action",
            name="actions_source_set",
        ),
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
        migrations.AlterField(
            model_name="action",
            name="source_kind",
            field=models.CharField(
                choices=[
                    ("recommendation", "Case review recommendation"),
                    ("audit_case", "Multi-agency case audit"),
                ],
                default="recommendation",
                max_length=30,
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("audit_case__isnull", True),
                        ("recommendation__isnull", False),
                        ("source_kind", "recommendation"),
                    ),
                    models.Q(
                        ("audit_case__isnull", False),
                        ("recommendation__isnull", True),
                        ("source_kind", "audit_case"),
                    ),
                    _connector="OR",
                ),
                name="actions_source_set",
            ),
        ),
    ]
