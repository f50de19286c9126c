from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Modérateurs"
PERMISSIONS = {
    "comments": {
        "comment": ["view", "change", "delete"],
        "commentreport": ["view", "change"],
        "commentrevision": ["view"],
        "commentvote": ["view"],
        "moderationaction": ["view"],
    },
    "articles": {"errorreport": ["view", "change"], "article": ["view"]},
    "accounts": {"member": ["view", "change"], "rank": ["view"]},
}


def forwards(apps, schema_editor):
    for label in PERMISSIONS:
        # Permissions are normally made after all migrations; the group needs them now.
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # the historical registry has none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    for label, models in PERMISSIONS.items():
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        moderators.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderation_log"),
        ("articles", "0004_errorreport_note"),
        ("accounts", "0006_bans"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
