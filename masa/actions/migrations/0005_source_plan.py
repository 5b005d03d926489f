"""Actions get a second kind of source, a priority of the strategic plan (its delivery
actions), and may name the partnership priority they serve (`serves`); the check that
the key of the action's kind is the one set is rebuilt for both kinds."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_source_governance_risks"),
        ("plan", "0001_plan_periods_priorities_and_progress"),
    ]

    operations = [
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
    ]
