"""What members do to comments. Each entry point runs in one transaction and keeps the counters
that follow comments (the article's comment count, the author's message count, vote counts) in
step with the rows, with F() updates or counts of the rows."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from articles.models import Article, ArticleVote
from articles.votes import recount_votes, toggle_vote

from . import notifications
from .models import Comment, CommentRevision, CommentVote, Follow, Notification

# A link in Markdown or a bare address: what newcomers may not post yet.
LINK = re.compile(r"https?://|www\.|\]\(", re.IGNORECASE)


def _count_visible(comment: Comment, delta: int) -> None:
    """A comment became visible (+1) or stopped being visible (-1)."""
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)
    refresh_standing(comment.author_id)


def recount_comments(article_ids) -> None:
    """Set the articles' comment counts from their visible comments, in one UPDATE."""
    visible = Comment.objects.visible().filter(article=OuterRef("pk")).values("article")
    Article.objects.filter(pk__in=article_ids).update(
        comment_count=Coalesce(Subquery(visible.annotate(n=Count("pk")).values("n")), 0)
    )


def refresh_standing(*member_ids: int | None) -> None:
    """Recompute members' message count and reputation from the rows behind them (their visible
    comments, and the votes those received), then their rank. Call it inside the transaction
    that changed those rows."""
    ids = sorted({pk for pk in member_ids if pk})
    if not ids:
        return
    # Lock the members' rows first: the counts below then see everything committed before,
    # even what another transaction wrote while this one waited.
    list(Member.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    visible = Comment.objects.visible().filter(author=OuterRef("pk")).values("author")
    Member.objects.filter(pk__in=ids).update(
        message_count=Coalesce(Subquery(visible.annotate(n=Count("pk")).values("n")), 0),
        reputation=Coalesce(
            Subquery(visible.annotate(score=Sum(F("upvotes") - F("downvotes"))).values("score")), 0
        ),
    )
    Member.objects.filter(pk__in=ids).rerank()


def post_comment(
    article: Article,
    author: Member,
    body: str,
    *,
    parent: Comment | None = None,
    token: str | None = None,
) -> tuple[Comment, bool]:
    """Post a comment (a reply when ``parent`` is given). Returns it, and False when the same
    form (``token``) had already posted it: a double click or a resubmitted form."""
    if parent is not None:
        if parent.article_id != article.pk:
            raise ValidationError(_("You can only reply to a comment of the same article."))
        if not parent.is_visible:
            raise ValidationError(_("This comment has been removed: it can no longer be answered."))
    if token:
        existing = Comment.objects.filter(author=author, submission_token=token).first()
        if existing:
            return existing, False
    check_links(author, body)
    if wait := cooldown(article, author, parent):
        raise ValidationError(
            _("This discussion is heated: wait %(seconds)s seconds before posting in it again.")
            % {"seconds": wait}
        )
    comment = Comment(
        article=article,
        author=author,
        body=body,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        submission_token=token or None,
    )
    try:
        with transaction.atomic():
            comment.save()
            _count_visible(comment, +1)
            if author.follow_on_comment:  # members follow the discussions they take part in
                Follow.objects.bulk_create(
                    [Follow(member=author, article=article)], ignore_conflicts=True
                )
    except IntegrityError:
        # The same token won a race against this request: show the comment it made. Or the
        # parent was deleted meanwhile.
        existing = token and Comment.objects.filter(author=author, submission_token=token).first()
        if existing:
            return existing, False
        raise ValidationError(
            _("This comment has been removed: it can no longer be answered.")
        ) from None
    # Notifications fan out after the post is safely stored, in their own transaction: a
    # busy discussion's followers are never locked by the posting one.
    transaction.on_commit(lambda: notifications.notify_new_comment(comment))
    return comment, True


def check_links(member: Member, text: str) -> None:
    """Newcomers may not post links yet (comments, edits, biography): a clear message says why."""
    if not member.can_post_links() and LINK.search(text or ""):
        raise ValidationError(
            _(
                "New members cannot post links yet: they can after %(days)s days and "
                "%(messages)s accepted messages. Write the address without http, or wait a little."
            )
            % {"days": settings.NEWCOMER_DAYS.days, "messages": settings.NEWCOMER_MESSAGES}
        )


def cooldown(article: Article, author: Member, parent: Comment | None) -> int:
    """Seconds the author must still wait before another message in this thread: after a few
    messages within the hour, each further one waits a step longer (against flame wars)."""
    thread = (parent.root_id or parent.pk) if parent else None
    if thread is None:
        return 0
    recent = list(
        Comment.objects.filter(author=author, created_at__gte=timezone.now() - timedelta(hours=1))
        .filter(Q(pk=thread) | Q(root=thread))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    extra = len(recent) - settings.COOLDOWN_FREE_MESSAGES + 1
    if extra <= 0:
        return 0
    wait = timedelta(seconds=settings.COOLDOWN_STEP_SECONDS * extra) - (timezone.now() - recent[0])
    return max(int(wait.total_seconds()) + 1, 0) if wait > timedelta(0) else 0


def may_vote_for(member: Member, comment: Comment) -> bool:
    """A member's new votes on one author's comments are capped per day (against vote rings);
    changing or taking back a vote is always allowed."""
    if CommentVote.objects.filter(comment=comment, member=member).exists():
        return True
    today = CommentVote.objects.filter(
        member=member,
        comment__author=comment.author_id,
        created_at__gte=timezone.now() - timedelta(days=1),
    ).count()
    return today < settings.VOTES_PER_AUTHOR_PER_DAY


def edit_comment(comment: Comment, body: str) -> Comment:
    """Replace the text, keeping the earlier version for the moderators."""
    if body == comment.body:
        return comment
    check_links(comment.author, body)
    with transaction.atomic():
        CommentRevision.objects.create(
            comment=comment, body=comment.body, created_at=comment.edited_at or comment.created_at
        )
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
    return comment


def delete_comment(comment: Comment) -> None:
    """The author deletes their comment; replies keep their place under a placeholder."""
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, status=Comment.Status.VISIBLE).update(
            status=Comment.Status.DELETED
        )
        if updated:  # a second click on "delete" changes nothing
            _count_visible(comment, -1)
            notifications.comment_removed(comment)
    comment.status = Comment.Status.DELETED


def vote_comment(comment: Comment, member: Member, value: int) -> CommentVote | None:
    """Vote on the comment (see articles.votes.toggle_vote); its author's reputation follows."""
    with transaction.atomic():
        vote = toggle_vote(CommentVote, comment, member, value)
        refresh_standing(comment.author_id)
    return vote


def delete_account(member: Member, *, remove_comments: bool) -> None:
    """The member leaves: their account and personal data go. Their comments stay, signed
    "membre supprimé", or are removed (replies keep their place under a placeholder); their
    votes go, and every count and reputation they moved is put right."""
    with transaction.atomic():
        voted_comments = list(
            CommentVote.objects.filter(member=member).values_list("comment", flat=True)
        )
        voted_articles = list(
            ArticleVote.objects.filter(member=member).values_list("article", flat=True)
        )
        authors = set(
            Comment.objects.filter(pk__in=voted_comments).values_list("author", flat=True)
        )
        if remove_comments:
            removed = Comment.objects.visible().filter(author=member)
            articles = set(removed.values_list("article", flat=True))
            notified = set(
                Notification.objects.filter(comment__in=removed).values_list("recipient", flat=True)
            )
            removed.update(status=Comment.Status.DELETED)
            recount_comments(articles)
            notifications.recount_unread(notified - {member.pk})
        member.avatar.delete(save=False)
        member.avatar_small.delete(save=False)
        member.delete()  # votes, reads and addresses go with it; comments keep author = NULL
        recount_votes(CommentVote, Comment, voted_comments)
        recount_votes(ArticleVote, Article, voted_articles)
        refresh_standing(*authors)
