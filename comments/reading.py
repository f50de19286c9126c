"""What a member has not read yet: comments posted in the discussions they opened, after how far
they had read each (ArticleRead.seen_until). Each function is one query, whatever the number of
articles or comments."""

from django.db.models import Count, DateTimeField, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Ignore
from articles.models import Article, ArticleRead

from .models import Comment


def _new_since_seen(member):
    """Visible comments of the outer article posted after the member's ``seen_until`` (an
    annotation of the outer query), not theirs nor of members they ignore."""
    return (
        Comment.objects.visible()
        .filter(article=OuterRef("pk"), created_at__gt=OuterRef("seen_until"))
        .exclude(author=member)
        .exclude(author__in=Ignore.of(member))
        .order_by()
        .values("article")
    )


def with_new_comments(articles, member):
    """``articles`` annotated with ``new_comments``: for a member, how many comments were
    posted since they last read each discussion (None for those they never opened)."""
    if not member.is_authenticated:
        return articles
    seen = ArticleRead.objects.filter(article=OuterRef("pk"), member=member).values("seen_until")
    articles = articles.annotate(seen_until=Subquery(seen[:1], output_field=DateTimeField()))
    new = _new_since_seen(member).annotate(n=Count("pk")).values("n")
    return articles.annotate(new_comments=Coalesce(Subquery(new, output_field=IntegerField()), 0))


def unread_discussions(member):
    """The published discussions the member opened that have comments they have not read,
    the most recently active first, each with ``new_comments`` and ``last_comment_at``."""
    read = Article.objects.published().filter(read_rows__member=member)
    read = with_new_comments(read, member).filter(new_comments__gt=0)
    latest = _new_since_seen(member).annotate(at=Max("created_at")).values("at")
    return (
        read.annotate(last_comment_at=Subquery(latest, output_field=DateTimeField()))
        .select_related("category")
        .order_by("-last_comment_at", "-pk")
    )
