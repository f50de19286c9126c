"""The weekly digest: an opt-in email, on the day and hour each member chose (Europe/Paris),
with the week's most discussed articles they have not read to the end, and the replies and
mentions addressed to them that they have not read. Nothing is sent when there is nothing
to say.

Who sends it: ``manage.py send_digests``, run every few minutes by a systemd timer
(config/deploy/causerie-digests.timer), queues the task ``comments.tasks.send_weekly_digests``
when someone is due; the task worker runs it, batch after batch (DIGEST_BATCH_SIZE members),
each in a fixed number of queries whatever the number of members, articles or notifications.

Never two digests for one member and one week: a member's digest is *claimed* before it is
sent, by writing its WeeklyDigest row (one INSERT for the batch, the unique constraint
(member, week) letting only one run write each row), and the run sends only the rows it wrote.
Two runs at once share the members out; a run that restarts finds the members already claimed
and skips them. The price of that guarantee: a worker killed in the middle of a batch leaves
that batch's claims without an outcome, and since their emails may have left, they are not
sent again (they are marked UNKNOWN and logged by the next run). A mail server that fails
releases the claims not sent, and the next run tries again, within DIGEST_LATE."""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from accounts.models import Member
from articles.models import Article, ArticleRead

from .models import Comment, Notification, WeeklyDigest
from .tasks import MAIL_ERRORS, _send

logger = logging.getLogger(__name__)

ZONE = ZoneInfo(settings.TIME_ZONE)  # Europe/Paris: the hours members choose are Paris hours
# A digest goes out from its hour until this much later (the worker was down, the timer
# late); past it, that week's digest is skipped rather than sent days late.
LATE = timedelta(days=1)
TOP_ARTICLES = 5  # the week's most discussed articles, at most
MAX_NOTIFICATIONS = 10  # replies and mentions listed, at most (then "and N more")
EXCERPT_CHARS = 200
# Claims older than this without an outcome belong to a run that died (a batch takes seconds).
INTERRUPTED_AFTER = timedelta(hours=1)


def due_slots(now: datetime) -> dict[date, dict[int, list[int]]]:
    """The (day, hour) choices whose digest is due at ``now``, by week (its Monday): the
    hour has come, and is less than LATE ago. Worked out on Paris wall-clock time, so that
    "Monday 8:00" stays 8:00 across the changes of summer time."""
    local = now.astimezone(ZONE)
    monday = local.date() - timedelta(days=local.weekday())
    due: dict[date, dict[int, list[int]]] = {}
    for week in (monday - timedelta(days=7), monday):
        for day in range(7):
            for hour in range(24):
                slot = datetime.combine(week + timedelta(days=day), time(hour), tzinfo=ZONE)
                if slot <= now < slot + LATE:
                    due.setdefault(week, {}).setdefault(day, []).append(hour)
    return due


def due_members(now: datetime):
    """Members whose digest is due and not claimed yet: opted in, able to take part (address
    confirmed, not banned), their chosen hour come, and no digest row for that week."""
    condition = Q(pk__in=[])
    for week, days in due_slots(now).items():
        claimed = WeeklyDigest.objects.filter(member=OuterRef("pk"), week=week)
        chosen = Q(pk__in=[])
        for day, hours in days.items():
            chosen |= Q(digest_weekday=day, digest_hour__in=hours)
        condition |= chosen & ~Exists(claimed)
    return (
        Member.objects.listed()
        .filter(email_weekly_digest=True)
        .filter(Q(banned_until__isnull=True) | Q(banned_until__lte=now))
        .filter(condition)
    )


def weeks_of(now: datetime) -> dict[tuple[int, int], date]:
    """The week (its Monday) of each (day, hour) whose digest is due at ``now``."""
    return {
        (day, hour): week
        for week, days in due_slots(now).items()
        for day, hours in days.items()
        for hour in hours
    }


@dataclass
class Digest:
    """What one member's email says."""

    member: Member
    articles: list = field(default_factory=list)  # (article, new comments this week)
    notifications: list = field(default_factory=list)
    more_notifications: int = 0

    def is_empty(self) -> bool:
        return not self.articles and not self.notifications


def most_discussed(now: datetime) -> list:
    """The week's most discussed published articles: by visible comments posted in the last
    seven days, with the time of the latest one (one query)."""
    recent = Q(
        comments__status=Comment.Status.VISIBLE, comments__created_at__gte=now - timedelta(days=7)
    )
    return list(
        Article.objects.published()
        .annotate(
            new=Count("comments", filter=recent),
            latest=Max("comments__created_at", filter=recent),
        )
        .filter(new__gt=0)
        .order_by("-new", "-latest", "pk")
        .only("pk", "slug", "title")[:TOP_ARTICLES]
    )


def compose(members: list[Member], now: datetime) -> list[Digest]:
    """Each member's digest, in three queries whatever their number: the week's articles,
    how far each member read them, and their unread replies and mentions (the latest
    MAX_NOTIFICATIONS each, with how many there are)."""
    articles = most_discussed(now)
    seen = {
        (member_id, article_id): seen_until
        for member_id, article_id, seen_until in ArticleRead.objects.filter(
            member__in=members, article__in=articles
        ).values_list("member", "article", "seen_until")
    }
    notifications = (
        Notification.objects.unread()
        .addressed()
        .filter(recipient__in=members)
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("recipient")], order_by=[F("created_at").desc()]
            ),
            total=Window(Count("pk"), partition_by=[F("recipient")]),
        )
        .filter(place__lte=MAX_NOTIFICATIONS)
        .select_related("comment__author", "article")
        .order_by("recipient", "place")
    )
    by_member: dict[int, list[Notification]] = {}
    for notification in notifications:
        notification.excerpt = Truncator(notification.comment.body).chars(EXCERPT_CHARS)
        by_member.setdefault(notification.recipient_id, []).append(notification)
    digests = []
    for member in members:
        mine = by_member.get(member.pk, [])
        digests.append(
            Digest(
                member,
                # Discussions read to their latest comment are no news to this member.
                articles=[
                    (article, article.new)
                    for article in articles
                    if (member.pk, article.pk) not in seen
                    or seen[(member.pk, article.pk)] < article.latest
                ],
                notifications=mine,
                more_notifications=(mine[0].total - len(mine)) if mine else 0,
            )
        )
    return digests


def claim(members: list[Member], now: datetime, run: str) -> list[tuple[int, Member]]:
    """Write the digest rows of these members for their week; return those this run wrote
    (the others were claimed meanwhile by another run), as (row id, member). Two queries."""
    weeks = weeks_of(now)
    WeeklyDigest.objects.bulk_create(
        [
            WeeklyDigest(
                member=member,
                week=weeks[(member.digest_weekday, member.digest_hour)],
                claimed_at=now,
                claimed_by=run,
            )
            for member in members
        ],
        ignore_conflicts=True,
    )
    by_pk = {member.pk: member for member in members}
    return [
        (pk, by_pk[member_id])
        for pk, member_id in WeeklyDigest.objects.filter(claimed_by=run).values_list("pk", "member")
    ]


def send(digest: Digest, connection) -> None:
    site = settings.SITE_URL
    _send(
        digest.member,
        gettext_noop("Your week on Causerie"),
        {},
        "comments/email/weekly",
        {
            "articles": [
                (article, count, site + article.get_absolute_url() + "#commentaires")
                for article, count in digest.articles
            ],
            "notifications": [
                (n, site + n.comment.get_absolute_url()) for n in digest.notifications
            ],
            "more_notifications": digest.more_notifications,
            "notifications_url": site + reverse("comments:notifications"),
            "preferences_url": site + reverse("comments:preferences"),
        },
        "digest",
        connection=connection,
    )


@dataclass
class BatchResult:
    due: int = 0  # members found due
    sent: int = 0
    empty: int = 0
    mail_failed: bool = False


def send_batch(now: datetime | None = None, size: int | None = None) -> BatchResult:
    """One batch: find up to ``size`` members due, claim them, compose their digests, send
    them over one connection, record what became of each. A fixed number of queries."""
    now = now or timezone.now()
    size = size or settings.DIGEST_BATCH_SIZE
    result = BatchResult()
    members = list(
        due_members(now)
        .order_by("pk")
        .only("pk", "username", "email", "digest_weekday", "digest_hour")[:size]
    )
    result.due = len(members)
    if not members:
        return result
    run = uuid.uuid4().hex
    claimed = claim(members, now, run)
    if not claimed:
        return result
    digests = compose([member for _pk, member in claimed], now)
    sent, empty, released = [], [], []
    connection = mail.mailers.default  # one connection for the batch
    try:
        for (pk, _member), digest in zip(claimed, digests, strict=True):
            if result.mail_failed:
                released.append(pk)
            elif digest.is_empty():
                empty.append(pk)
            else:
                try:
                    send(digest, connection)
                except MAIL_ERRORS:
                    logger.warning("Could not send the weekly digest %s", pk, exc_info=True)
                    result.mail_failed = True
                    released.append(pk)
                else:
                    sent.append(pk)
    finally:
        connection.close()
    WeeklyDigest.objects.filter(pk__in=sent).update(
        status=WeeklyDigest.Status.SENT, sent_at=timezone.now()
    )
    WeeklyDigest.objects.filter(pk__in=empty).update(status=WeeklyDigest.Status.NOTHING)
    # The mail server failed: these are claimed again by the next run, within LATE.
    WeeklyDigest.objects.filter(pk__in=released, status=WeeklyDigest.Status.CLAIMED).delete()
    result.sent, result.empty = len(sent), len(empty)
    return result


def mark_interrupted(now: datetime | None = None) -> int:
    """Claims left without an outcome by a run that died: said once, never sent again."""
    now = now or timezone.now()
    count = WeeklyDigest.objects.filter(
        status=WeeklyDigest.Status.CLAIMED, claimed_at__lt=now - INTERRUPTED_AFTER
    ).update(status=WeeklyDigest.Status.UNKNOWN)
    if count:
        logger.warning(
            "%d weekly digest(s) were claimed by a run that stopped before recording whether "
            "they left: they are not sent again (a member never gets two).",
            count,
        )
    return count
