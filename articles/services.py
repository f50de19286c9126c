"""What readers do to an article: vote, share, read. Each is one atomic entry point that keeps the
article's counters equal to the rows behind them, whatever arrives at the same time."""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Member

from .models import Article, ArticleRead, ArticleShare, ArticleVote


def record_vote(article: Article, member: Member, value: int) -> ArticleVote | None:
    """The member votes ``value`` (+1 or -1). The same vote again takes it back; the other value
    switches it. Returns the member's vote afterwards (None when taken back)."""
    if value not in ArticleVote.Value.values:
        raise ValueError(f"not a vote: {value!r}")
    for attempt in range(2):
        try:
            with transaction.atomic():
                vote = (
                    ArticleVote.objects.select_for_update()
                    .filter(article=article, member=member)
                    .first()
                )
                if vote is None:
                    vote = ArticleVote.objects.create(article=article, member=member, value=value)
                elif vote.value == value:
                    vote.delete()
                    vote = None
                else:
                    vote.value = value
                    vote.save(update_fields=["value", "created_at"])
                _recount_votes(article)
                return vote
        except IntegrityError:
            # The same member's other request (double click, second tab) inserted first:
            # run again, now against that row.
            if attempt:
                raise
    return None  # not reached


def _recount_votes(article: Article) -> None:
    counts = ArticleVote.objects.filter(article=article).aggregate(
        up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1))
    )
    Article.objects.filter(pk=article.pk).update(upvotes=counts["up"], downvotes=counts["down"])
    article.upvotes, article.downvotes = counts["up"], counts["down"]


def reader_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"m{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return "s" + hashlib.sha256(request.session.session_key.encode()).hexdigest()[:40]


def record_share(article: Article, reader: str, network: str) -> bool:
    """Count a share once per reader and article; True when it was the reader's first."""
    try:
        with transaction.atomic():
            ArticleShare.objects.create(article=article, reader=reader, network=network)
            Article.objects.filter(pk=article.pk).update(shares=F("shares") + 1)
    except IntegrityError:
        return False
    return True


def record_read(article: Article, member: Member) -> bool:
    """Record the member's first visit to the article; later visits change nothing. The member's
    own counter ("Vous avez lu N articles depuis …") moves with it."""
    if ArticleRead.objects.filter(article=article, member=member).exists():
        return False
    now = timezone.now()
    try:
        with transaction.atomic():
            ArticleRead.objects.create(article=article, member=member, read_at=now)
            Article.objects.filter(pk=article.pk).update(reads=F("reads") + 1)
            Member.objects.filter(pk=member.pk).update(
                articles_read=F("articles_read") + 1,
                first_read_at=Coalesce(F("first_read_at"), now),
            )
    except IntegrityError:
        return False
    member.articles_read += 1
    member.first_read_at = member.first_read_at or now
    return True
