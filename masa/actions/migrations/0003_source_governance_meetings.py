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
    ]
