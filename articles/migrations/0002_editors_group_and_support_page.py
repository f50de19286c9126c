from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Rédacteurs"
EDITOR_PERMISSIONS = {
    "article": ["add", "change", "view"],
    "source": ["add", "change", "delete", "view"],
    "question": ["add", "change", "delete", "view"],
    "relatedarticle": ["add", "change", "delete", "view"],
    "correction": ["add", "change", "view"],
    "category": ["add", "change", "view"],
    "tag": ["add", "change", "view"],
    "errorreport": ["change", "view"],
    "page": ["change", "view"],
}
SUPPORT_PAGE = """Causerie vit grâce à ses membres. Les articles sont écrits par une petite équipe de
rédaction, les discussions sont modérées par des bénévoles et les serveurs ont un coût.

Si vous appréciez le site, vous pouvez le soutenir :

- en participant aux discussions avec bienveillance ;
- en signalant les erreurs que vous trouvez dans nos actualités ;
- en parlant de Causerie autour de vous.
"""


def forwards(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    app_config = apps.get_app_config("articles")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # the historical registry has none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    Page = apps.get_model("articles", "Page")
    if not Page.objects.filter(slug="soutenir").exists():
        from accounts.markdown import render_markdown

        Page.objects.create(
            slug="soutenir",
            title="Soutenez le club",
            body=SUPPORT_PAGE,
            body_html=render_markdown(SUPPORT_PAGE),
        )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
