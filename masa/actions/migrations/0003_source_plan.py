"""Actions get a second kind of source, a priority of the strategic plan (its delivery
actions), and may name the partnership priority they serve (`serves`); the check that
the key of the action's kind is the one set is rebuilt for both kinds."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0002_copy_actions_from_reviews"),
        ("plan", "0001_plan_periods_priorities_and_progress"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="action",
            name="actions_source_set",
        ),
        migrations.AddField(
            model_name="action",
            name="plan_item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delivery_actions",
                to="plan.priority",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="serves",
            field=models.ForeignKey(
                blank=True,
                help_text="The partnership priority it serves.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions_serving",
                to="plan.priority",
            ),
        ),
        migrations.AlterField(
            model_name="action",
            name="source_kind",
            field=models.CharField(
                choices=[
                    ("recommendation", "Case review recommendation"),
                    ("plan_item", "Strategic plan priority"),
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
                        ("plan_item__isnull", True),
                        ("recommendation__isnull", False),
                        ("source_kind", "recommendation"),
                    ),
                    models.Q(
                        ("plan_item__isnull", False),
                        ("recommendation__isnull", True),
                        ("source_kind", "plan_item"),
                    ),
                    _connector="OR",
                ),
                name="actions_source_set",
            ),
        ),
    ]
