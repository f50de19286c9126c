"""Telling members about new comments: on the site (the bell), and by email in the background.

A reply notifies the author of the comment it answers; a mention ("@pseudo") notifies the member
it names (at most MAX_MENTIONS_NOTIFIED per comment); every new comment notifies the members who
follow the article. Each member is told of a comment once, as the most personal of these. The notification rows are written once the posting transaction has committed,
in a transaction of their own (so that a busy discussion's followers never hold up the post), and
the emails are queued when that one commits (comments.tasks): neither slows down the page that
posts."""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.markdown import mentioned_names
from accounts.models import Ignore, Member

from . import tasks
from .models import Comment, Follow, Mention, Notification

# Members notified of their mention in one comment, edits included; the further ones are linked
# but not notified (a comment cannot be made into a mass mailing).
MAX_MENTIONS_NOTIFIED = 5


def not_ignoring(members, author_id: int | None):
    """The members among ``members`` (a queryset) who want to hear from the author: all but
    those who ignore them (accounts.models.Ignore)."""
    if author_id is None:
        return members
    return members.exclude(pk__in=Ignore.objects.filter(ignored=author_id).values("member"))


def _mentioned(comment: Comment, *, excluding=()) -> dict[int, str]:
    """Members the comment mentions who may be notified of it, in order of mention: listed,
    not banned, not its author, not ignoring the author, not in ``excluding``; their id and
    username. One query, none when the comment was just saved without mentions."""
    if getattr(comment, "mentioned_ids", None) == []:
        return {}
    members = not_ignoring(Member.objects.notifiable(), comment.author_id)
    return dict(
        Mention.objects.filter(comment=comment, member__in=members)
        .exclude(member=comment.author_id)
        .exclude(member__in=list(excluding))
        .order_by("position")
        .values_list("member", "member__username")
    )


@transaction.atomic
def notify_new_comment(comment: Comment) -> None:
    """Notify, once the comment is stored: the parent's author, the members it mentions and the
    article's followers."""
    author = comment.author
    recipients: dict[int, str] = {}
    if comment.parent_id and comment.parent.author_id and comment.parent.author_id != author.pk:
        recipients[comment.parent.author_id] = Notification.Kind.REPLY
    for member_id in list(_mentioned(comment, excluding=recipients))[:MAX_MENTIONS_NOTIFIED]:
        recipients[member_id] = Notification.Kind.MENTION
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
    _email_mentions([n for n in notifications if n.kind == Notification.Kind.MENTION])
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


@transaction.atomic
def notify_mentions(comment: Comment, previous_body: str = "") -> None:
    """After an edit: notify the members the new text mentions and ``previous_body`` did not,
    within what is left of the comment's MAX_MENTIONS_NOTIFIED. A member already told of the
    comment as a reply or a mention is not told again; a follower told of it as a new comment
    is now told of the mention."""
    if not comment.is_visible:
        return
    before = mentioned_names(previous_body) if previous_body else set()
    told = dict(Notification.objects.filter(comment=comment).values_list("recipient", "kind"))
    left = MAX_MENTIONS_NOTIFIED - sum(kind == Notification.Kind.MENTION for kind in told.values())
    newly = [
        member_id
        for member_id, username in _mentioned(comment).items()
        if username.lower() not in before
        and told.get(member_id) in {None, Notification.Kind.FOLLOWED}
    ][: max(left, 0)]
    if not newly:
        return
    # A follower's notification of the comment becomes the mention, unread again, emailed anew.
    followers = [member_id for member_id in newly if member_id in told]
    upgraded = []
    if followers:
        upgraded = Notification.objects.filter(comment=comment, recipient__in=followers)
        upgraded.update(
            kind=Notification.Kind.MENTION, read_at=None, emailed_at=None, created_at=timezone.now()
        )
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=member_id,
            kind=Notification.Kind.MENTION,
            comment=comment,
            article_id=comment.article_id,
        )
        for member_id in newly
        if member_id not in told
    )
    recount_unread(newly)
    _email_mentions([*created, *upgraded])


def _email_mentions(notifications) -> None:
    """Queue the email of each mention whose member wants it, after the commit."""
    if not notifications:
        return
    wanted = set(
        Member.objects.filter(
            pk__in=[n.recipient_id for n in notifications], email_on_mention=True
        ).values_list("pk", flat=True)
    )
    ids = [n.pk for n in notifications if n.recipient_id in wanted]
    if ids:
        transaction.on_commit(lambda: [tasks.email_mention.enqueue(pk) for pk in ids])


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
