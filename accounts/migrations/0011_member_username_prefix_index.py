"""An index for the completion of names after "@" (MemberQuerySet.completing): LIKE 'prefix%'
on lower(username).

On PostgreSQL, the unique index on lower(username) follows the database's collation, which a
LIKE cannot use; an index with text_pattern_ops can. SQLite cannot use an index for a LIKE on
an expression at all, and has no operator classes: there, nothing is made (a development
database's members table is small)."""

from django.db import migrations

INDEX = "member_username_prefix_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_member "
            "(lower(username) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_member_email_on_mention")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
