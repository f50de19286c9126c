"""Telling members about new comments: on the site (the bell), and by email in the background.

A reply notifies the author of the comment it answers; a mention ("@pseudo") notifies the member
it names (at most MAX_MENTIONS_NOTIFIED per comment); every new comment notifies the members who
follow the article. Each member is told of a comment once, as the most personal of these. The notification rows are written once the posting transaction has committed,
in a transaction of their own (so that a busy discussion's followers never hold up the post), and
the emails are queued when that one commits (comments.tasks): neither slows down the page that
posts."""

from functools import cache, lru_cache

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import prepared
from accounts.markdown import mentioned_names
from accounts.models import Ignore, Member
from articles.models import Article

from . import tasks
from .models import Comment, Follow, Mention, Notification

# Members notified of their mention in one comment, edits included; the further ones are linked
# but not notified (a comment cannot be made into a mass mailing).
MAX_MENTIONS_NOTIFIED = 5
# Notifications written per statement (each has five parameters; SQLite and PostgreSQL bound
# them per statement).
NOTIFY_BATCH = 500


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
    article's followers. Nothing comes to them from a member they ignore. Every post makes this:
    the followers are read, the notifications written and the bells moved in three statements
    written once (accounts.prepared), whatever the number of followers."""
    author = comment.author
    recipients: dict[int, str] = {}
    if comment.parent_id and comment.parent.author_id and comment.parent.author_id != author.pk:
        answered = comment.parent.author_id
        if not Ignore.objects.filter(member=answered, ignored=author).exists():
            recipients[answered] = Notification.Kind.REPLY
    # _mentioned() leaves out those who ignore the author, and the followers' query too.
    for member_id in list(_mentioned(comment, excluding=recipients))[:MAX_MENTIONS_NOTIFIED]:
        recipients[member_id] = Notification.Kind.MENTION
    followers = prepared.rows(_FOLLOWERS_SQL(), [comment.article_id, author.pk, author.pk])
    for member_id, _follow, _queued, _emailed in followers:
        recipients.setdefault(member_id, Notification.Kind.FOLLOWED)
    if not recipients:
        return
    now = transaction.get_connection().ops.adapt_datetimefield_value(timezone.now())
    ids = {}
    members = list(recipients)
    for start in range(0, len(members), NOTIFY_BATCH):  # a statement's parameters are bounded
        batch = members[start : start + NOTIFY_BATCH]
        rows = prepared.rows(
            _NOTIFY_SQL(len(batch)),
            [
                value
                for member_id in batch
                for value in (member_id, recipients[member_id], comment.pk, comment.article_id, now)
            ],
        )
        ids.update(rows)
        _count_unread_new(comment, batch, now)
    told = [
        Notification(
            pk=ids[member_id],
            recipient_id=member_id,
            kind=kind,
            comment=comment,
            article_id=comment.article_id,
        )
        for member_id, kind in recipients.items()
        if kind != Notification.Kind.FOLLOWED
    ]
    reply = next((n for n in told if n.kind == Notification.Kind.REPLY), None)
    if reply and Member.objects.filter(pk=reply.recipient_id, email_on_reply=True).exists():
        transaction.on_commit(lambda: tasks.email_reply.enqueue(reply.pk))
    _email_mentions([n for n in told if n.kind == Notification.Kind.MENTION])
    # Claimed row by row: a digest already on its way is not queued twice.
    digests = [
        follow
        for member_id, follow, queued, emailed in followers
        if recipients[member_id] == Notification.Kind.FOLLOWED and emailed and not queued
        if Follow.objects.filter(pk=follow, digest_queued=False).update(digest_queued=True)
    ]
    if digests:
        transaction.on_commit(lambda: [tasks.email_digest.enqueue(pk) for pk in digests])


def _count_unread_new(comment: Comment, member_ids: list[int], now) -> None:
    """One more unread notification for each of these members, of the comment, just written:
    their bells move by one, as recount_unread() would set them, if the comment still counts
    (visible, under a published article: see NotificationQuerySet.unread)."""
    prepared.execute(
        _COUNT_UNREAD_SQL(len(member_ids)),
        [*member_ids, comment.pk, Comment.Status.VISIBLE, Article.Status.PUBLISHED, now],
    )


@cache
def _FOLLOWERS_SQL() -> str:
    """The article's followers but the author and those who ignore them: their member id, the
    follow's id, whether a digest is on its way, whether they want one."""
    follows, members, ignores = (
        Follow._meta.db_table,
        Member._meta.db_table,
        Ignore._meta.db_table,
    )
    return (
        f'SELECT "{follows}"."member_id", "{follows}"."id", "{follows}"."digest_queued", '  # noqa: S608
        f'"{members}"."email_on_follow" FROM "{follows}" INNER JOIN "{members}" '
        f'ON "{members}"."id" = "{follows}"."member_id" WHERE "{follows}"."article_id" = %s '
        f'AND "{follows}"."member_id" <> %s AND NOT EXISTS (SELECT 1 FROM "{ignores}" '
        f'WHERE "{ignores}"."member_id" = "{follows}"."member_id" '
        f'AND "{ignores}"."ignored_id" = %s)'
    )


@lru_cache(maxsize=8)
def _NOTIFY_SQL(count: int) -> str:
    """Notifications for ``count`` members, unread: their ids back, by member."""
    return (
        f'INSERT INTO "{Notification._meta.db_table}" ("recipient_id", "kind", "comment_id", '  # noqa: S608
        '"article_id", "created_at", "read_at", "emailed_at") VALUES '
        + ", ".join(["(%s, %s, %s, %s, %s, NULL, NULL)"] * count)
        + ' RETURNING "recipient_id", "id"'
    )


@lru_cache(maxsize=8)
def _COUNT_UNREAD_SQL(count: int) -> str:
    members, comments, articles = (
        Member._meta.db_table,
        Comment._meta.db_table,
        Article._meta.db_table,
    )
    return (
        f'UPDATE "{members}" SET "unread_notifications" = "unread_notifications" + 1 '  # noqa: S608
        f'WHERE "id" IN ({", ".join(["%s"] * count)}) AND EXISTS (SELECT 1 FROM "{comments}" '
        f'INNER JOIN "{articles}" ON "{articles}"."id" = "{comments}"."article_id" '
        f'WHERE "{comments}"."id" = %s AND "{comments}"."status" = %s '
        f'AND "{articles}"."status" = %s AND "{articles}"."published_at" <= %s)'
    )


@transaction.atomic
def notify_mentions(comment: Comment, previous_body: str = "") -> None:
    """After an edit: notify the members the new text mentions and ``previous_body`` did not,
    within what is left of the comment's MAX_MENTIONS_NOTIFIED. A member already told of the
    comment as a reply or a mention is not told again; a follower told of it as a new comment
    is now told of the mention."""
    if not comment.is_visible:
        return
    before = mentioned_names(previous_body) if previous_body else set()
    with transaction.atomic():
        # Two edits notified at once take turns on the comment's row: the second counts what
        # the first told, and the cap holds.
        Comment.objects.select_for_update().filter(pk=comment.pk).values("pk").first()
        told = dict(Notification.objects.filter(comment=comment).values_list("recipient", "kind"))
        mentions = sum(kind == Notification.Kind.MENTION for kind in told.values())
        newly = [
            member_id
            for member_id, username in _mentioned(comment).items()
            if username.lower() not in before
            and told.get(member_id) in {None, Notification.Kind.FOLLOWED}
        ][: max(MAX_MENTIONS_NOTIFIED - mentions, 0)]
        if not newly:
            return
        # A follower's notification of the comment becomes the mention, unread again, emailed
        # anew.
        followers = [member_id for member_id in newly if member_id in told]
        upgraded = []
        if followers:
            upgraded = Notification.objects.filter(comment=comment, recipient__in=followers)
            upgraded.update(
                kind=Notification.Kind.MENTION,
                read_at=None,
                emailed_at=None,
                created_at=timezone.now(),
            )
            upgraded = list(upgraded)
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
