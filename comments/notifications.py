"""Telling members about new comments: on the site (the bell), and by email in the background.

A reply notifies the author of the comment it answers; every new comment notifies the members who
follow the article. The notification rows are written once the posting transaction has committed,
in a transaction of their own (so that a busy discussion's followers never hold up the post), and
the emails are queued when that one commits (comments.tasks): neither slows down the page that
posts."""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Ignore, Member

from . import tasks
from .models import Comment, Follow, Notification


@transaction.atomic
def notify_new_comment(comment: Comment) -> None:
    """Notify, once the comment is stored: the parent's author and the article's followers."""
    author = comment.author
    recipients: dict[int, str] = {}
    if comment.parent_id and comment.parent.author_id and comment.parent.author_id != author.pk:
        recipients[comment.parent.author_id] = Notification.Kind.REPLY
    followers = Follow.objects.filter(article=comment.article_id).exclude(member=author)
    for member_id in followers.values_list("member", flat=True):
        recipients.setdefault(member_id, Notification.Kind.FOLLOWED)
    if recipients:  # nothing comes to them from a member they ignore
        for member_id in Ignore.objects.filter(
            ignored=author, member__in=list(recipients)
        ).values_list("member", flat=True):
            del recipients[member_id]
    if not recipients:
        return
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=member_id, kind=kind, comment=comment, article_id=comment.article_id
        )
        for member_id, kind in recipients.items()
    )
    recount_unread(recipients)
    reply = next((n for n in notifications if n.kind == Notification.Kind.REPLY), None)
    if reply and Member.objects.filter(pk=reply.recipient_id, email_on_reply=True).exists():
        transaction.on_commit(lambda: tasks.email_reply.enqueue(reply.pk))
    digests = list(
        Follow.objects.filter(
            article=comment.article_id,
            member__in=[m for m, kind in recipients.items() if kind == Notification.Kind.FOLLOWED],
            member__email_on_follow=True,
            digest_queued=False,
        ).values_list("pk", flat=True)
    )
    if digests:
        # Claimed row by row: a digest already on its way is not queued twice.
        digests = [
            pk
            for pk in digests
            if Follow.objects.filter(pk=pk, digest_queued=False).update(digest_queued=True)
        ]
        transaction.on_commit(lambda: [tasks.email_digest.enqueue(pk) for pk in digests])


def recount_unread(member_ids) -> None:
    """Set the bell's number from the rows: unread notifications of visible comments."""
    unread = Notification.objects.unread().filter(recipient=OuterRef("pk")).values("recipient")
    Member.objects.filter(pk__in=list(member_ids)).update(
        unread_notifications=Coalesce(Subquery(unread.annotate(n=Count("pk")).values("n")), 0)
    )


def comment_removed(comment: Comment) -> None:
    """A comment was hidden, deleted or restored: the bells of those it notified follow."""
    recount_unread(comment.notifications.values_list("recipient", flat=True))


def mark_read(member: Member, notifications) -> None:
    notifications.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())
    recount_unread([member.pk])
