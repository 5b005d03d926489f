"""Actions, their updates and evidence moved to the `actions` app (issue 13 §5): its
migration 0002 copied every row, ids kept; the old tables go. Reversing this makes the
empty tables again, and reversing actions 0002 copies the rows back."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_review_date_corrections"),
        ("actions", "0002_copy_actions_from_reviews"),
    ]

    operations = [
        migrations.DeleteModel(name="Evidence"),
        migrations.DeleteModel(name="ActionUpdate"),
        migrations.DeleteModel(name="Action"),
    ]
