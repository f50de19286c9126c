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
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext, pgettext

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
    return _html(lists)


def _html(lists: dict[str, list]) -> str:
    """The column's markup (its four lists, and on an article page its category's), written
    with prepared strings: through the template engine, its twenty links and their plurals
    took 2 to 3 ms, on the first page after every comment in every process."""
    language = get_language()
    w, u = _words(language), _urls()
    parts = [f'<aside class="column" aria-label="{w["around"]}">']
    # the most commented articles published in the last days
    parts.append(
        '<section class="column__box" aria-labelledby="column-most-commented">'
        f'<h2 id="column-most-commented">{w["most_commented"]}</h2>'
        f'<p class="column__note">{w["window"]}</p>'
    )
    if lists["m"]:
        parts.append('<ol class="column__list">')
        for _pk, slug, title, number, _text, _name in lists["m"]:
            count = ngettext("%(counter)s comment", "%(counter)s comments", number) % {
                "counter": number
            }
            parts.append(
                f'<li><a href="{u["article"].format(slug=slug)}">{escape(title)}</a> '
                f'<span class="column__count">{count}</span></li>'
            )
        parts.append("</ol>")
    else:
        parts.append(f'<p class="empty">{w["no_discussion"]}</p>')
    parts.append("</section>")
    # the latest comments, with their author and article
    parts.append(
        '<section class="column__box" aria-labelledby="column-latest-comments">'
        f'<h2 id="column-latest-comments">{w["latest"]}</h2>'
    )
    if lists["l"]:
        parts.append('<ul class="column__list column__comments">')
        for pk, _slug, title, _number, body_html, username in lists["l"]:
            who = escape(username) if username is not None else w["deleted_member"]
            excerpt = escape(Truncator(plain_text(body_html)).words(EXCERPT_WORDS))
            parts.append(
                f'<li><p class="column__who"><strong>{who}</strong> {w["under"]} '
                f'<a href="{u["comment"].format(pk=pk)}">{escape(title)}</a></p>'
                f'<p class="column__excerpt" lang="fr">{excerpt}</p></li>'
            )
        parts.append("</ul>")
    else:
        parts.append(f'<p class="empty">{w["no_comment"]}</p>')
    parts.append("</section>")
    categories = lists["c"]
    # on an article page: the other articles of its category
    category = None
    if lists["a"]:
        category = next((each for each in categories if each[0] == lists["a"][0][0]), None)
    if category is not None:
        also = gettext("Also in %(name)s") % {"name": escape(category[2])}
        parts.append(
            '<section class="column__box" aria-labelledby="column-same-category">'
            f'<h2 id="column-same-category">{also}</h2>'
        )
        if lists["s"]:
            parts.append('<ul class="column__list">')
            parts.extend(
                f'<li><a href="{u["article"].format(slug=slug)}">{escape(title)}</a></li>'
                for _pk, slug, title, *_rest in lists["s"]
            )
            parts.append("</ul>")
        else:
            parts.append(f'<p class="empty">{w["no_other"]}</p>')
        parts.append("</section>")
    # the categories, each with its feed
    parts.append(
        '<section class="column__box" aria-labelledby="column-categories">'
        f'<h2 id="column-categories">{w["categories"]}</h2>'
        '<ul class="column__list column__categories">'
    )
    for _pk, slug, name, *_rest in categories:
        feed = gettext("Atom feed of %(name)s") % {"name": escape(name)}
        parts.append(
            f'<li><a href="{u["category"].format(slug=slug)}">{escape(name)}</a> '
            f'<a class="column__feed" href="{u["feed"].format(slug=slug)}">'
            f'<span aria-hidden="true">{w["feed"]}</span>'
            f'<span class="visually-hidden">{feed}</span></a></li>'
        )
    parts.append("</ul></section></aside>")
    return "".join(parts)


@cache
def _words(language: str) -> dict[str, str]:
    """The column's words in ``language`` (the cache is keyed by it), escaped once."""
    window = ngettext(
        "Published in the last %(days)s day", "Published in the last %(days)s days", WINDOW_DAYS
    ) % {"days": WINDOW_DAYS}
    words = {
        "around": gettext("Around the site"),
        "most_commented": gettext("Most commented"),
        "window": window,
        "no_discussion": gettext("No discussion in these days yet."),
        "latest": gettext("Latest comments"),
        "deleted_member": gettext("deleted member"),
        "under": pgettext("a comment under an article", "under"),
        "no_comment": gettext("No comment yet."),
        "no_other": gettext("No other news in this category yet."),
        "categories": gettext("Categories"),
        "feed": pgettext("short link to a category feed", "feed"),
    }
    return {key: escape(value) for key, value in words.items()}


@cache
def _urls() -> dict[str, str]:
    """The addresses the column links to, with a field for each one's slug or id."""
    return {
        "article": reverse("articles:detail", args=["SLUG"]).replace("SLUG", "{slug}"),
        "comment": reverse("comments:permalink", args=[987654321]).replace("987654321", "{pk}"),
        "category": reverse("articles:category", args=["SLUG"]).replace("SLUG", "{slug}"),
        "feed": reverse("articles:category_feed", args=["SLUG"]).replace("SLUG", "{slug}"),
    }


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
