"""The dashboards' priorities are the plan's one list now: plan 0003 copied every
priority and every indicator's link to it, so the old table and links go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0004_reminder_by_hand"),
        ("plan", "0003_priorities_from_insight_themes_and_actions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="indicator",
            name="priorities",
        ),
        migrations.DeleteModel(
            name="Priority",
        ),
    ]
