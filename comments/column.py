"""The right column of the home page, the lists and the article page: what keeps a reader on
the site ("Les plus commentées" of the last days, the latest comments, the categories with their
feeds, and on an article page the other articles of its category).

It is a fragment of its own, cached under its own key, so that no page depends on site-wide
data: a comment posted under one article changes the column of every page, not the pages. The
key is made of

- ``Edition.activity``, moved in the transaction of every change of what the column shows of
  the discussions (comments.services: a comment posted, edited, deleted, hidden, restored, or
  a commenter's name changed);
- ``Edition.version`` and the time of the latest publication, as for the lists (an article
  published, withdrawn or edited, a category changed, a scheduled article coming out);
- the day (the window of "the last days" moves at midnight), the language, and the article.

Its versions are read with the page's own (articles.views: for_versions), or in one query
(for_page); rendering it, on a miss, costs one, whatever the number of articles and
comments. The pages put it in as they leave (articles.views): the anonymous
pages cached as bytes have a hole where it goes, filled with the column of the moment.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language

from accounts import prepared
from accounts.cache import versioned_get_many, versioned_set_many
from accounts.markdown import plain_text
from accounts.models import Member
from articles.models import Article, Category, Edition

from .models import Comment

WINDOW_DAYS = 7  # "Les plus commentées" of the articles published in the last days
MOST_COMMENTED = 5
LATEST_COMMENTS = 5
SAME_CATEGORY = 5
EXCERPT_WORDS = 14


@dataclass(frozen=True)
class Column:
    """The column for one page: its cache key, and how to make it on a miss."""

    key: str
    article_id: int | None

    @property
    def etag_part(self) -> str:
        return self.key.removeprefix("column:")

    def made(self, found: dict) -> tuple[str, dict]:
        """The column, from ``found`` (what the caller read from the cache with its own keys)
        or rendered; and what the caller is to write to the cache with its own (``{}`` when
        it was found)."""
        html = found.get(self.key)
        if html is not None:
            return html, {}
        html = render(self.article_id)
        return html, {self.key: html}

    def html(self) -> str:
        """The column, from the cache, or rendered and cached."""
        html, fresh = self.made(versioned_get_many([self.key]))
        if fresh:
            versioned_set_many(fresh)
        return html


def for_page(article_id: int | None = None) -> Column:
    """The column of a page (of the article ``article_id``, or a list): one query."""
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(), [Article.Status.PUBLISHED, _for_sql(timezone.now())])
        activity, edition, latest = cursor.fetchone()
    return for_versions(activity, edition, latest, article_id)


def for_versions(activity, edition, latest, article_id: int | None = None) -> Column:
    """The column of a page whose own query already read the edition's versions and the
    latest publication (articles.views): no query."""
    latest = prepared.moment(latest)
    latest = latest.timestamp() if latest else 0
    activity, edition = activity or 0, edition or 0
    today = timezone.localdate().isoformat()
    made_of = f"{activity}:{edition}:{latest}:{today}:{get_language()}:{article_id}"
    return Column("column:" + hashlib.sha256(made_of.encode()).hexdigest()[:40], article_id)


@cache
def _versions_sql() -> str:
    return (
        f'SELECT (SELECT "activity" FROM "{Edition._meta.db_table}" WHERE "id" = 1), '  # noqa: S608
        f'(SELECT "version" FROM "{Edition._meta.db_table}" WHERE "id" = 1), '
        f'(SELECT MAX("published_at") FROM "{Article._meta.db_table}" WHERE "status" = %s '
        f'AND "published_at" <= %s)'
    )


def render(article_id: int | None = None) -> str:
    """The column's HTML, from one query (_column_sql): its four lists."""
    now = timezone.now()
    since = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0) - (
        timedelta(days=WINDOW_DAYS)
    )
    published, visible = Article.Status.PUBLISHED, Comment.Status.VISIBLE
    now, since = _for_sql(now), _for_sql(since)
    with connection.cursor() as cursor:
        cursor.execute(
            _column_sql(),
            [
                *(published, now, since, MOST_COMMENTED),
                *(visible, published, now, LATEST_COMMENTS),
                *(published, now, article_id, article_id, SAME_CATEGORY),
                article_id,
            ],
        )
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    lists = {kind: [] for kind in "mlcsa"}
    for kind, _position, *row in rows:
        lists[kind].append(row)
    most_commented = [
        Article(pk=pk, slug=slug, title=title, comment_count=number)
        for pk, slug, title, number, _text, _name in lists["m"]
    ]
    latest = []
    for pk, slug, title, _number, body_html, username in lists["l"]:
        comment = Comment(pk=pk, body_html=body_html)
        comment.excerpt = Truncator(plain_text(body_html)).words(EXCERPT_WORDS)
        comment.author = Member(username=username) if username is not None else None
        comment.article = Article(slug=slug, title=title)
        latest.append(comment)
    categories = [Category(pk=pk, slug=slug, name=title) for pk, slug, title, *_ in lists["c"]]
    category = None
    if lists["a"]:
        category_id = lists["a"][0][0]
        category = next((each for each in categories if each.pk == category_id), None)
    return render_to_string(
        "comments/_column.html",
        {
            "most_commented": most_commented,
            "latest": latest,
            "categories": categories,
            "category": category,
            "same_category": [
                Article(pk=pk, slug=slug, title=title) for pk, slug, title, *_ in lists["s"]
            ],
            "window_days": WINDOW_DAYS,
        },
    )


def _for_sql(moment):
    return connection.ops.adapt_datetimefield_value(moment)


@cache
def _column_sql() -> str:
    """The column's four lists in one statement: each a subquery with its own order and limit,
    numbered by that order; a first column names the list. On an article page, the articles of
    its category and that category (without an article, those two lists are empty)."""
    article, comment = Article._meta.db_table, Comment._meta.db_table
    category, member = Category._meta.db_table, Member._meta.db_table
    integer, text = "CAST(NULL AS INTEGER)", "CAST(NULL AS TEXT)"
    published = '"status" = %s AND "published_at" <= %s'

    def numbered(kind: str, columns: str, rows: str, order: str) -> str:
        # The list's own rows (their ORDER BY and LIMIT first, so that the database stops
        # early), then numbered by that order: a window over the whole table would read it all.
        return (
            f"SELECT '{kind}' AS kind, ROW_NUMBER() OVER (ORDER BY {order}) AS position, "  # noqa: S608
            f"{columns} FROM ({rows} ORDER BY {order} LIMIT %s) AS {kind}_rows"
        )

    lists = [
        # the most commented articles published in the last days
        numbered(
            "m",
            f'"id", "slug", "title", "comment_count" AS number, {text} AS text, {text} AS name',
            f'SELECT "id", "slug", "title", "comment_count", "published_at" FROM "{article}" '  # noqa: S608
            f'WHERE {published} AND "published_at" >= %s AND "comment_count" > 0',
            '"comment_count" DESC, "published_at" DESC, "id" DESC',
        ),
        # the latest comments shown, under published articles, with their author's name
        numbered(
            "l",
            f'"id", "slug", "title", {integer}, "body_html", "username"',
            f'SELECT c."id" AS "id", a."slug" AS "slug", a."title" AS "title", '  # noqa: S608
            f'c."body_html" AS "body_html", m."username" AS "username", '
            f'c."created_at" AS "created_at" '
            f'FROM "{comment}" c JOIN "{article}" a ON a."id" = c."article_id" '
            f'LEFT JOIN "{member}" m ON m."id" = c."author_id" '
            f'WHERE c."status" = %s AND a."status" = %s AND a."published_at" <= %s',
            '"created_at" DESC, "id" DESC',
        ),
        # every category, by name
        f'SELECT \'c\', ROW_NUMBER() OVER (ORDER BY "name", "id"), "id", "slug", '  # noqa: S608
        f'"name", {integer}, {text}, {text} FROM "{category}"',
        # the other articles of the article's category, latest first
        numbered(
            "s",
            f'"id", "slug", "title", {integer}, {text}, {text}',
            f'SELECT "id", "slug", "title", "published_at" FROM "{article}" '  # noqa: S608
            f'WHERE {published} AND "category_id" = '
            f'(SELECT "category_id" FROM "{article}" WHERE "id" = %s) AND "id" != %s',
            '"published_at" DESC, "id" DESC',
        ),
        # the article's category
        f"SELECT 'a', 1, \"category_id\", {text}, {text}, {integer}, {text}, {text} "  # noqa: S608
        f'FROM "{article}" WHERE "id" = %s',
    ]
    return " UNION ALL ".join(
        f"SELECT * FROM ({each}) AS list_{number}"  # noqa: S608 - our own statements
        for number, each in enumerate(lists)
    )
