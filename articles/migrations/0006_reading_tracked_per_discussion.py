from django.db import migrations


class Migration(migrations.Migration):
    """The time of the last visit becomes how far the discussion has been read: the same value
    to start with (everything until the last visit was shown then)."""

    dependencies = [("articles", "0005_alter_articlevote_member")]

    operations = [
        migrations.RenameField(
            model_name="articleread", old_name="last_visit_at", new_name="seen_until"
        ),
    ]
