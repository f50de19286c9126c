"""Demo discussions for a living development site (``manage.py seed_demo``)."""

import random
from datetime import timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Member
from articles.demo_content import COMMENT_SNIPPETS, DISCUSSION_ARTICLE, REPLY_SNIPPETS
from articles.models import Article

from .models import Comment, CommentVote
from .services import refresh_standing


def create_discussions(articles: list[Article], members: list[Member], seed: int = 2026) -> None:
    rng = random.Random(seed)
    now = timezone.now()
    for article in articles:
        count = 360 if article.slug == DISCUSSION_ARTICLE else rng.randint(0, 14)
        _discussion(article, members, count, rng, now)
    _count_votes_and_messages(members, rng)


def _discussion(article, members, count, rng, now):
    thread: list[Comment] = []
    moment = article.published_at
    span = max((now - article.published_at) / max(count, 1), timedelta(minutes=1))
    for _ in range(count):
        moment = min(moment + span * rng.uniform(0.2, 1.0), now)
        parent = rng.choice(thread) if thread and rng.random() < 0.55 else None
        author = rng.choice([m for m in members if not parent or m != parent.author])
        comment = Comment(
            article=article,
            author=author,
            parent=parent,
            root_id=(parent.root_id or parent.pk) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            body=rng.choice(REPLY_SNIPPETS if parent else COMMENT_SNIPPETS),
            created_at=moment,
        )
        comment.save()
        thread.append(comment)
    if thread:
        Article.objects.filter(pk=article.pk).update(comment_count=len(thread))


def _count_votes_and_messages(members, rng):
    votes = []
    for comment in Comment.objects.all():
        for member in rng.sample(members, k=rng.randint(0, min(5, len(members)))):
            if member.pk != comment.author_id:
                votes.append(
                    CommentVote(
                        comment=comment,
                        article_id=comment.article_id,
                        member=member,
                        value=1 if rng.random() < 0.75 else -1,
                    )
                )
    CommentVote.objects.bulk_create(votes)
    tally = CommentVote.objects.filter(comment=OuterRef("pk")).values("comment")
    Comment.objects.update(
        upvotes=Coalesce(Subquery(tally.annotate(n=Count("pk", filter=Q(value=1))).values("n")), 0),
        downvotes=Coalesce(
            Subquery(tally.annotate(n=Count("pk", filter=Q(value=-1))).values("n")), 0
        ),
    )
    refresh_standing(*(m.pk for m in members))
