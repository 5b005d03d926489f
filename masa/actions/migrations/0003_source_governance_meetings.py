"""Actions raised in a group's meeting: a meeting is a source of actions (ADR 0012)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0002_copy_actions_from_reviews"),
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="action",
            name="actions_source_set",
        ),
        migrations.AddField(
            model_name="action",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                help_text="The group meeting that raised the action.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="governance.meeting",
            ),
        ),
        migrations.AlterField(
            model_name="action",
            name="source_kind",
            field=models.CharField(
                choices=[
                    ("recommendation", "Case review recommendation"),
                    ("meeting", "Group meeting"),
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
                        ("meeting__isnull", True),
                        ("recommendation__isnull", False),
                        ("source_kind", "recommendation"),
                    ),
                    models.Q(
                        ("meeting__isnull", False),
                        ("recommendation__isnull", True),
                        ("source_kind", "meeting"),
                    ),
                    _connector="OR",
                ),
                name="actions_source_set",
            ),
        ),
    ]
