"""What members do to comments. Each entry point runs in one transaction and keeps the counters
that follow comments (the article's comment count, the author's message count, vote counts) in
step with the rows, with F() updates or counts of the rows."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from articles.models import Article
from articles.votes import toggle_vote

from .models import Comment, CommentReport, CommentRevision, CommentVote


def _count_visible(comment: Comment, delta: int) -> None:
    """A comment became visible (+1) or stopped being visible (-1)."""
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)
    if comment.author_id:
        Member.objects.filter(pk=comment.author_id).update(message_count=F("message_count") + delta)


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
    except IntegrityError:
        # The same token won a race against this request: show the comment it made.
        return Comment.objects.get(author=author, submission_token=token), False
    return comment, True


def edit_comment(comment: Comment, body: str) -> Comment:
    """Replace the text, keeping the earlier version for the moderators."""
    if body == comment.body:
        return comment
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
    comment.status = Comment.Status.DELETED


def vote_comment(comment: Comment, member: Member, value: int) -> CommentVote | None:
    return toggle_vote(CommentVote, comment, member, value)


def report_comment(comment: Comment, reporter: Member, reason: str, details: str = "") -> bool:
    """Record the member's report; False when they had already reported this comment."""
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reporter=reporter, reason=reason, details=details
            )
    except IntegrityError:
        return False
    return True
