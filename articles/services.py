"""What readers do to an article: vote, share, read. Each is one atomic entry point that keeps the
article's counters equal to the rows behind them, whatever arrives at the same time."""

import hashlib
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Member

from . import votes
from .models import Article, ArticleRead, ArticleShare, ArticleVote


def record_vote(article: Article, member: Member, value: int) -> ArticleVote | None:
    """The member votes on the article: see ``votes.record_vote``."""
    with transaction.atomic():
        vote = votes.record_vote(ArticleVote, article, member, value)
        if article.vote_delta:
            Article.objects.filter(pk=article.pk).touch()
    return vote


def reader_key(request: HttpRequest) -> str | None:
    """Who shares, for counting each reader once: the member, or the session the browser
    already had (its cookie came with the request). None for a request without one: making a
    session for it would let any script count as a new reader at every request."""
    if request.user.is_authenticated:
        return f"m{request.user.pk}"
    if not request.session.session_key or not request.session.exists(request.session.session_key):
        return None
    return "s" + hashlib.sha256(request.session.session_key.encode()).hexdigest()[:40]


def record_share(article: Article, reader: str, network: str) -> bool:
    """Count a share once per reader and article; True when it was the reader's first."""
    try:
        with transaction.atomic():
            ArticleShare.objects.create(article=article, reader=reader, network=network)
            Article.objects.filter(pk=article.pk).update(
                shares=F("shares") + 1, version=F("version") + 1
            )
    except IntegrityError:
        return False
    return True


def record_visit(article: Article, member: Member) -> datetime | None:
    """Record the member's visit; return how far they had read the discussion (None the first
    time, when nothing is "new" yet: the whole discussion is).

    The first visit counts as a read, once: the article's ``reads`` and the member's own counter
    ("Vous avez lu N articles depuis …") move with it."""
    now = timezone.now()
    previous = (
        ArticleRead.objects.filter(article=article, member=member)
        .values_list("seen_until", flat=True)
        .first()
    )
    if previous is not None:
        return previous
    try:
        with transaction.atomic():
            ArticleRead.objects.create(article=article, member=member, read_at=now, seen_until=now)
            Article.objects.filter(pk=article.pk).update(reads=F("reads") + 1)
            Member.objects.filter(pk=member.pk).update(
                articles_read=F("articles_read") + 1,
                first_read_at=Coalesce(F("first_read_at"), now),
            )
    except IntegrityError:  # the same member's other request recorded it first
        return None
    member.articles_read += 1
    member.first_read_at = member.first_read_at or now
    return None


def mark_seen(article: Article, member: Member, until: datetime) -> None:
    """The member has now seen the discussion up to ``until``: it never moves back (another
    tab may have shown more)."""
    ArticleRead.objects.filter(article=article, member=member).update(
        seen_until=Greatest(F("seen_until"), Value(until))
    )
