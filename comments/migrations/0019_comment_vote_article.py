"""A comment vote keeps its comment's article (a comment never moves), filled in from the comments
for the votes cast before, and an index that reads a member's votes in one discussion."""

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    'UPDATE "comments_commentvote" SET "article_id" = (SELECT "article_id" FROM '
    '"comments_comment" WHERE "comments_comment"."id" = "comments_commentvote"."comment_id")'
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_edition_activity"),
        ("comments", "0018_new_comments_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="commentvote",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="commentvote",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AddIndex(
            model_name="commentvote",
            index=models.Index(
                fields=["member", "article", "comment", "value"],
                name="comment_vote_reader_idx",
            ),
        ),
    ]
