"""What members do to comments. Each entry point runs in one transaction and keeps the counters
that follow comments (the article's comment count, the author's message count, vote counts) in
step with the rows, with F() updates or counts of the rows."""

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import prepared
from accounts.models import Member
from accounts.participation import wait_in_words
from articles import votes
from articles.models import Article, ArticleVote, Edition

from . import notifications
from .models import Comment, CommentRevision, CommentVote, Follow, Notification


def _count_visible(comment: Comment, delta: int) -> None:
    """A comment became visible (+1) or stopped being visible (-1): its votes count toward its
    author's reputation, or stop counting."""
    _count_in_article(comment, delta)
    refresh_standing(comment.author_id)


def _count_in_article(comment: Comment, delta: int) -> int | None:
    """The article counts one more visible comment (or one less), and its version moves;
    returns its count now."""
    count = Article.objects.count_comments(comment.article_id, delta)
    Edition.bump_activity()  # the right column (comments.column)
    return count


def recount_comments(article_ids) -> None:
    """Set the articles' comment counts from their visible comments, in one UPDATE that also
    moves their version (what their discussions show has changed)."""
    visible = Comment.objects.visible().filter(article=OuterRef("pk")).values("article")
    Article.objects.filter(pk__in=article_ids).update(
        comment_count=Coalesce(Subquery(visible.annotate(n=Count("pk")).values("n")), 0),
        version=F("version") + 1,
    )
    Edition.bump_activity()  # the right column (comments.column)


def touch_discussions_of(member_ids=None) -> None:
    """What shows beside these members' comments (name, avatar, website, rank) changed: the
    discussions they took part in change with it (all of them for None: the ladder changed)."""
    articles = Article.objects.all()
    if member_ids is not None:
        commented = Comment.objects.filter(author__in=list(member_ids)).values("article")
        articles = articles.filter(pk__in=commented)
    articles.touch()


def refresh_standing(*member_ids: int | None) -> None:
    """Recompute members' message count and reputation from the rows behind them (their visible
    comments, and the votes those received), then their rank. Call it inside the transaction
    that changed those rows."""
    ids = sorted({pk for pk in member_ids if pk})
    if not ids:
        return
    # Lock the members' rows first: the counts below then see everything committed before,
    # even what another transaction wrote while this one waited.
    ranks = dict(
        Member.objects.select_for_update(no_key=True).filter(pk__in=ids).values_list("pk", "rank")
    )
    visible = Comment.objects.visible().filter(author=OuterRef("pk")).values("author")
    Member.objects.filter(pk__in=ids).update(
        message_count=Coalesce(Subquery(visible.annotate(n=Count("pk")).values("n")), 0),
        reputation=Coalesce(
            Subquery(visible.annotate(score=Sum(F("upvotes") - F("downvotes"))).values("score")), 0
        ),
    )
    Member.objects.filter(pk__in=ids).rerank()
    reranked = [
        pk
        for pk, rank in Member.objects.filter(pk__in=ids).values_list("pk", "rank")
        if rank != ranks.get(pk)
    ]
    if reranked:  # the rank shows beside their comments: see _touch_after_commit
        _touch_after_commit(reranked)


def submitted(author: Member, token: str | None) -> Comment | None:
    """The comment that the form with this one-time token already made, if any (asked by every
    post: a statement written once, and the comment read only when there is one)."""
    if not token or not prepared.row(_SUBMITTED_SQL(), [author.pk, token]):
        return None
    return Comment.objects.filter(author=author, submission_token=token).first()


@cache
def _SUBMITTED_SQL() -> str:
    return (
        f'SELECT 1 FROM "{Comment._meta.db_table}" '  # noqa: S608
        'WHERE "author_id" = %s AND "submission_token" = %s'
    )


@cache
def _FOLLOW_SQL() -> str:
    return (
        f'INSERT INTO "{Follow._meta.db_table}" ("member_id", "article_id", "created_at", '  # noqa: S608
        '"last_emailed_at", "digest_queued") VALUES (%s, %s, %s, NULL, %s) '
        'ON CONFLICT ("member_id", "article_id") DO NOTHING'
    )


def post_comment(
    article: Article,
    author: Member,
    body: str,
    *,
    parent: Comment | None = None,
    token: str | None = None,
) -> tuple[Comment, bool]:
    """Post a comment (a reply when ``parent`` is given: the form has checked that it belongs
    to the article). Returns it, and False when the same form (``token``) had already posted
    it: a double click or a resubmitted form."""
    if existing := submitted(author, token):
        return existing, False
    article.check_accepts_comments()
    if parent is not None and not parent.can_be_answered():
        raise ValidationError(_("This comment has been removed: it can no longer be answered."))
    author.check_links(body)
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
            if author.is_newcomer():
                check_newcomer_quota(author, parent)
            comment.save()
            # One more visible comment, with no votes yet: the article counts it, and its
            # author has one more message, their reputation unmoved (no recount needed).
            article.comment_count = _count_in_article(comment, +1)
            if Member.objects.move_standing(author.pk, messages=1):
                _touch_after_commit([author.pk])
            if author.follow_on_comment:  # members follow the discussions they take part in
                now = transaction.get_connection().ops.adapt_datetimefield_value(timezone.now())
                prepared.execute(_FOLLOW_SQL(), [author.pk, article.pk, now, False])
    except IntegrityError:
        # The same token won a race against this request: show the comment it made. Or the
        # parent was deleted meanwhile.
        if existing := submitted(author, token):
            return existing, False
        raise ValidationError(
            _("This comment has been removed: it can no longer be answered.")
        ) from None
    # Notifications fan out after the post is safely stored, in their own transaction: a
    # busy discussion's followers are never locked by the posting one.
    transaction.on_commit(lambda: notifications.notify_new_comment(comment))
    return comment, True


def answers_a_reply_to(author: Member, parent: Comment | None) -> bool:
    """Whether the comment answered is a reply to one of the author's own comments: someone
    talked to them, and they may always answer."""
    return bool(parent and parent.parent_id and parent.parent.author_id == author.pk)


def check_newcomer_quota(author: Member, parent: Comment | None) -> None:
    """Newcomers post at most NEWCOMER_POSTS_PER_HOUR messages an hour, counted from their
    visible comments (a deleted one gives its slot back), except to answer someone who replied
    to them (such answers neither wait nor count). Call it inside the posting transaction: the member's row is locked first, so that
    simultaneous posts are counted one after the other and never pass the quota together."""
    if answers_a_reply_to(author, parent):
        return
    list(Member.objects.select_for_update(no_key=True).filter(pk=author.pk).values_list("pk"))
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = list(
        Comment.objects.visible()
        .filter(author=author, created_at__gt=hour_ago)
        .exclude(parent__parent__author=author)  # answers to replies: free, and not counted
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    allowed = settings.NEWCOMER_POSTS_PER_HOUR
    if len(recent) < allowed:
        return
    frees_up = recent[len(recent) - allowed] + timedelta(hours=1)
    raise ValidationError(
        _(
            "New members post at most %(count)s comments an hour: you can post again in "
            "%(wait)s. (Answering someone who replied to you is always possible.)"
        )
        % {"count": allowed, "wait": wait_in_words((frees_up - timezone.now()).total_seconds())},
        code="newcomer_quota",
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


def current_vote(member: Member, comment: Comment):
    """The member's vote on the comment, or a false value when they have none (only new votes
    count toward the daily cap on one author's comments: changing or taking back a vote is
    always allowed), read inside the voting transaction, where record_vote() then takes it
    (articles.votes.current_vote)."""
    return votes.current_vote(CommentVote, comment, member)


def reading_vote(member: Member, comment_pk: int):
    """current_vote()'s statement run, for a prepared.together() block; the function returned
    reads its answer (articles.votes.reading_vote)."""
    return votes.reading_vote(CommentVote, comment_pk, member)


def edit_comment(comment: Comment, body: str, *, editor: Member | None = None) -> Comment:
    """Replace the text (``editor``: the author by default, or a moderator, whose change the
    history marks as theirs), keeping the earlier version for the comment's public history,
    in the same transaction. The row is locked and read again first: the version kept is the
    one this edit replaces, even when two edits cross."""
    if body == comment.body:
        return comment
    editor = editor or comment.author
    by_moderator = editor.pk != comment.author_id
    editor.check_links(body)
    with transaction.atomic():
        current = (
            Comment.objects.select_for_update()
            .filter(pk=comment.pk)
            .values("body", "created_at", "edited_at")
            .get()
        )
        if body == current["body"]:
            return comment
        CommentRevision.objects.create(
            comment=comment,
            body=current["body"],
            created_at=current["edited_at"] or current["created_at"],
            edited_by=editor,
            by_moderator=by_moderator,
        )
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        # The article's version moves: its cached discussion shows the new text and the
        # "modifié" link to the history.
        Article.objects.filter(pk=comment.article_id).touch()
        notify_mentions(comment, current["body"])  # the names new in this edit
        Edition.bump_activity()  # the right column shows the latest comments' first words
    return comment


def notify_mentions(comment: Comment, previous_body: str) -> None:
    """An edit may mention members: those it adds are notified once the edit is stored."""
    transaction.on_commit(lambda: notifications.notify_mentions(comment, previous_body))


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


def record_vote(
    comment: Comment, member: Member, value: int, *, current=None
) -> CommentVote | None:
    """The member votes on the comment (see articles.votes.record_vote; ``current``: what
    current_vote() said in the same transaction); the article's version moves, and its
    author's reputation with its score, and their rank when it crosses a threshold
    (MemberQuerySet.move_standing): the discussions they took part in change only when the
    rank does. The vote's statements and these go to the database together (one round
    trip on PostgreSQL, where they were four)."""
    with transaction.atomic(savepoint=False):  # within the caller's transaction, if any
        rank_changed = None
        with prepared.together():
            done = votes.cast(CommentVote, comment, member, value, current=current)
            if done.delta:
                Article.objects.touch_one(comment.article_id)
                if comment.author_id:
                    rank_changed = Member.objects.moving_standing(
                        comment.author_id, reputation=done.delta
                    )
        vote = done.apply()
        if rank_changed is not None and rank_changed():
            _touch_after_commit([comment.author_id])
    return vote


def _touch_after_commit(member_ids) -> None:
    """A rank changed: the discussions of these members change, right after the transaction
    commits. Not inside it: the member rows are locked by then, and taking their discussions'
    article rows after them would deadlock with a post, which takes the article row first
    (found by make failover on PostgreSQL). Until then, for those milliseconds, readers may
    still be served the page with the former rank."""
    transaction.on_commit(lambda: touch_discussions_of(member_ids))


def withdraw_comments(member: Member, status: str, *, moderator=None, reason: str = "") -> int:
    """Take every visible comment of the member off the discussions (``status``: deleted by
    its author when they leave, hidden by a moderator), putting right what followed them: the
    articles' comment counts, the member's standing, the bells of those they notified. Replies
    keep their place under a placeholder. Returns how many comments were withdrawn."""
    with transaction.atomic():
        comments = Comment.objects.visible().filter(author=member)
        articles = set(comments.values_list("article", flat=True))
        recipients = set(
            Notification.objects.filter(comment__in=comments).values_list("recipient", flat=True)
        )
        count = comments.update(status=status, moderated_by=moderator, moderation_reason=reason)
        notifications.recount_unread(recipients)
        recount_comments(articles)
        refresh_standing(member.pk)
    return count


def withdraw_votes(member: Member) -> int:
    """Cancel every vote the member cast, on comments and on articles, putting right the
    counts, reputations and ranks they moved. Returns how many votes went."""
    with transaction.atomic():
        authors = set(Comment.objects.filter(votes__member=member).values_list("author", flat=True))
        Article.objects.filter(
            Q(pk__in=Comment.objects.filter(votes__member=member).values("article"))
            | Q(pk__in=ArticleVote.objects.filter(member=member).values("article"))
        ).touch()
        count = votes.withdraw_votes(CommentVote, member) + votes.withdraw_votes(
            ArticleVote, member
        )
        refresh_standing(*authors)
    return count


def withdraw_votes_of_leaving_member(sender, instance: Member, **kwargs) -> None:
    """Connected to the deletion of a member (comments.apps), whatever deletes it (the
    account page, the admin, a script): their votes go with them, and the counts follow.
    Django sends it inside the deletion's transaction. Their comments stay, signed "membre
    supprimé": the discussions they took part in change too."""
    withdraw_votes(instance)
    touch_discussions_of([instance.pk])
    Edition.bump_activity()  # the right column names the latest comments' authors


def retouch_discussions_of(sender, member_ids=None, **kwargs) -> None:
    """Connected to accounts.signals.member_display_changed (comments.apps). An editor's name
    also shows on their articles and in the lists: that is an editorial change."""
    touch_discussions_of(member_ids)
    if member_ids is not None:  # None: the ladder, whose ranks the right column does not show
        Edition.bump_activity()  # the right column names the latest comments' authors
    if member_ids is not None and Article.objects.filter(author__in=member_ids).exists():
        Edition.bump()
