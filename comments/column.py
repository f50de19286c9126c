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
(for_page); rendering it, on a miss, costs four or five whatever the number of
articles and comments. The pages put it in as they leave (articles.views): the anonymous
pages cached as bytes have a hole where it goes, filled with the column of the moment.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

from accounts.cache import versioned_get_many, versioned_set_many
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
        cursor.execute(_versions_sql(), [Article.Status.PUBLISHED, _now_for_sql()])
        activity, edition, latest = cursor.fetchone()
    return for_versions(activity, edition, latest, article_id)


def for_versions(activity, edition, latest, article_id: int | None = None) -> Column:
    """The column of a page whose own query already read the edition's versions and the
    latest publication (articles.views): no query."""
    if isinstance(latest, str):  # SQLite hands times back as text
        latest = datetime.fromisoformat(latest)
    latest = latest.timestamp() if latest else 0
    activity, edition = activity or 0, edition or 0
    today = timezone.localdate().isoformat()
    made_of = f"{activity}:{edition}:{latest}:{today}:{get_language()}:{article_id}"
    return Column("column:" + hashlib.sha256(made_of.encode()).hexdigest()[:40], article_id)


def _now_for_sql():
    return connection.ops.adapt_datetimefield_value(timezone.now())


@cache
def _versions_sql() -> str:
    return (
        f'SELECT (SELECT "activity" FROM "{Edition._meta.db_table}" WHERE "id" = 1), '  # noqa: S608
        f'(SELECT "version" FROM "{Edition._meta.db_table}" WHERE "id" = 1), '
        f'(SELECT MAX("published_at") FROM "{Article._meta.db_table}" WHERE "status" = %s '
        f'AND "published_at" <= %s)'
    )


def render(article_id: int | None = None) -> str:
    """The column's HTML: four queries, five on an article page."""
    published = Article.objects.published()
    since = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(
        days=WINDOW_DAYS
    )
    most_commented = list(
        published.filter(published_at__gte=since, comment_count__gt=0)
        .order_by("-comment_count", "-published_at", "-pk")
        .only("slug", "title", "comment_count")[:MOST_COMMENTED]
    )
    latest = list(
        Comment.objects.visible()
        .filter(article__in=published)
        .select_related("author", "article")
        .only(
            "pk", "body_html", "created_at", "author__username", "article__title", "article__slug"
        )
        .order_by("-created_at", "-pk")[:LATEST_COMMENTS]
    )
    for comment in latest:
        comment.excerpt = Truncator(strip_tags(comment.body_html).strip()).words(EXCERPT_WORDS)
    categories = list(Category.objects.order_by("name"))
    same_category, article = [], None
    if article_id is not None:
        article = (
            Article.objects.select_related("category").only("pk", "category").get(pk=article_id)
        )
        same_category = list(
            published.filter(category=article.category_id)
            .exclude(pk=article_id)
            .order_by("-published_at", "-pk")
            .only("slug", "title", "published_at")[:SAME_CATEGORY]
        )
    return render_to_string(
        "comments/_column.html",
        {
            "most_commented": most_commented,
            "latest": latest,
            "categories": categories,
            "category": article.category if article else None,
            "same_category": same_category,
            "window_days": WINDOW_DAYS,
        },
    )
