"""With the dashboards' own priorities gone (insight 0005), an indicator reaches the
plan's priorities it serves as `indicator.priorities`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0005_priorities_moved_to_the_plan"),
        ("plan", "0003_priorities_from_insight_themes_and_actions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="priority",
            name="indicators",
            field=models.ManyToManyField(
                blank=True,
                help_text="Outcome indicators from the catalogue; dashboards group by them.",
                related_name="priorities",
                to="insight.indicator",
            ),
        ),
    ]
