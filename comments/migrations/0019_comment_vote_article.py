"""A comment vote keeps its comment's article (a comment never moves), and an index reads a
member's votes in one discussion.

Written to run while the earlier code still serves (README, Production: migrations run before
the app servers reload): the column is added without a constraint nor a default (no rewrite of
the table, no lock on the articles), the votes cast before are filled in by batches, each in a
short transaction of its own, and the index is built without blocking votes on PostgreSQL
(CONCURRENTLY). A vote cast meanwhile by the earlier code has no article: its reader's page
finds it through its comment (articles.views._STATE)."""

import django.db.models.deletion
from django.db import migrations, models, transaction

BATCH = 5000


def fill(apps, schema_editor):
    votes = apps.get_model("comments", "CommentVote")
    alias = schema_editor.connection.alias
    table = votes._meta.db_table
    comments = apps.get_model("comments", "Comment")._meta.db_table
    last = 0
    while True:
        with transaction.atomic(using=alias):
            upto = list(
                votes.objects.using(alias)
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[BATCH - 1 : BATCH]
            )
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE "{table}" SET "article_id" = (SELECT "article_id" FROM '  # noqa: S608
                    f'"{comments}" WHERE "{comments}"."id" = "{table}"."comment_id") '
                    f'WHERE "article_id" IS NULL AND "id" > %s'
                    + (' AND "id" <= %s' if upto else ""),
                    [last, *upto],
                )
        if not upto:
            return
        last = upto[0]


class AddIndexWithoutBlockingWrites(migrations.AddIndex):
    """AddIndex, built CONCURRENTLY on PostgreSQL (outside a transaction: the migration is not
    atomic); elsewhere as AddIndex builds it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0011_edition_activity"),
        ("comments", "0018_new_comments_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="commentvote",
            name="article",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        AddIndexWithoutBlockingWrites(
            model_name="commentvote",
            index=models.Index(
                fields=["member", "article", "comment", "value"],
                name="comment_vote_reader_idx",
            ),
        ),
    ]
