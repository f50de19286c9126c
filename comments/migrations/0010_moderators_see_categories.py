from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Modérateurs"
# Moderators read the articles in the admin; an article's page links to its category, which
# they could not open: they may now see (never change) categories and tags.
CODENAMES = ["view_category", "view_tag"]


def forwards(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    app_config = apps.get_app_config("articles")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # the historical registry has none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        moderators.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        moderators.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_reports_queue"),
        ("articles", "0008_publication_date_help"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
