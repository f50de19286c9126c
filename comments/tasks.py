"""Emails about new comments, sent by the task queue (django.tasks) after the posting
transaction commits.

Each email is claimed before it is sent (``emailed_at``), so that two workers, or a task run
twice, never send it twice; when the mail server fails, the claim is released and the task
queued again a little later, up to NOTIFICATION_EMAIL_ATTEMPTS times. A comment hidden or deleted
before its email leaves sends nothing."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from .models import Follow, Notification
from .unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def _send(
    recipient,
    subject: str,
    values: dict,
    template: str,
    context: dict,
    kind: str,
    *,
    connection=None,
) -> None:
    """Send in the site's language (members choose no language of their own yet);
    ``connection``: one opened for a batch of emails."""
    link = unsubscribe_url(recipient, kind)
    context = {
        **context,
        "recipient": recipient,
        "unsubscribe_url": link,
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        message = EmailMultiAlternatives(
            subject="[Causerie] " + translation.gettext(subject) % values,
            body=render_to_string(f"{template}.txt", context),
            to=[recipient.email],
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        if connection is None:
            message.send()
        else:
            connection.send_messages([message])


def _retry(task_function, attempt: int, *args) -> None:
    if attempt >= settings.NOTIFICATION_EMAIL_ATTEMPTS:
        logger.error("Giving up on %s%s after %d attempts", task_function.name, args, attempt)
        return
    delay = timedelta(minutes=2**attempt)
    if default_task_backend.supports_defer:
        task_function.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
    else:  # the immediate backend: try again now
        task_function.enqueue(*args, attempt=attempt + 1)


def _email_notification(
    task_function, notification_id: int, attempt: int, *, kind=None, what: str
) -> None:
    """One email for one notification (a reply, a mention), if its recipient wants it
    (``Member.email_on_<what>``) and the comment is still shown: claimed before it leaves, so
    that it leaves once, and released for a later attempt when the mail server fails."""
    notifications = Notification.objects.select_related(
        "recipient", "comment__author", "comment__article"
    ).filter(pk=notification_id)
    if kind is not None:
        notifications = notifications.filter(kind=kind)
    notification = notifications.first()
    email = EMAILS[what]
    if notification is None or not getattr(notification.recipient, email["preference"]):
        return
    if not notification.comment.is_visible:
        return  # hidden or deleted before the email left: dropped
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return  # already sent
    comment = notification.comment
    try:
        _send(
            notification.recipient,
            email["subject"],
            {"name": comment.author.username if comment.author else "—"},
            email["template"],
            {"comment": comment, "url": settings.SITE_URL + comment.get_absolute_url()},
            email["unsubscribe"],
        )
    except MAIL_ERRORS:
        logger.warning(
            "Could not send the %s email %s (attempt %d)",
            what,
            notification_id,
            attempt,
            exc_info=True,
        )
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        _retry(task_function, attempt, notification_id)


EMAILS = {
    "reply": {
        "preference": "email_on_reply",
        "subject": gettext_noop("%(name)s replied to you"),
        "template": "comments/email/reply",
        "unsubscribe": "replies",
    },
    "mention": {
        "preference": "email_on_mention",
        "subject": gettext_noop("%(name)s mentioned you"),
        "template": "comments/email/mention",
        "unsubscribe": "mentions",
    },
}


@task
def email_reply(notification_id: int, attempt: int = 1) -> None:
    _email_notification(email_reply, notification_id, attempt, what="reply")


@task
def email_digest(follow_id: int, attempt: int = 1) -> None:
    """One email per followed discussion per FOLLOW_EMAIL_INTERVAL, saying how many comments
    are new."""
    now = timezone.now()
    with transaction.atomic():
        # The follow row is locked: two runs of this task take turns, and the second finds
        # the notifications already claimed by the first.
        follow = Follow.objects.select_for_update().filter(pk=follow_id).first()
        if follow is None:
            return
        member, article, last = follow.member, follow.article, follow.last_emailed_at
        if last and now - last < settings.FOLLOW_EMAIL_INTERVAL:
            if default_task_backend.supports_defer:
                later = last + settings.FOLLOW_EMAIL_INTERVAL
                transaction.on_commit(
                    lambda: email_digest.using(run_after=later).enqueue(follow_id)
                )
            else:  # no deferred task here: the next comment after the interval sends it
                Follow.objects.filter(pk=follow_id).update(digest_queued=False)
            return
        pending = Notification.objects.shown().filter(
            recipient=member,
            article=article,
            kind=Notification.Kind.FOLLOWED,
            emailed_at__isnull=True,
        )
        ids = list(pending.values_list("pk", flat=True))
        claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            emailed_at=now
        )
        Follow.objects.filter(pk=follow_id).update(
            digest_queued=False, **({"last_emailed_at": now} if claimed else {})
        )
    if not claimed or not member.email_on_follow:
        return
    try:
        _send(
            member,
            gettext_noop("New comments under “%(title)s”"),
            {"title": article.title},
            "comments/email/digest",
            {
                "article": article,
                "count": claimed,
                "url": settings.SITE_URL + article.get_absolute_url() + "#commentaires",
            },
            "follows",
        )
    except MAIL_ERRORS:
        logger.warning(
            "Could not send the digest %s (attempt %d)", follow_id, attempt, exc_info=True
        )
        with transaction.atomic():
            Notification.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
            Follow.objects.filter(pk=follow_id).update(last_emailed_at=last)
        if attempt < settings.NOTIFICATION_EMAIL_ATTEMPTS:
            Follow.objects.filter(pk=follow_id).update(digest_queued=True)
        _retry(email_digest, attempt, follow_id)


@task
def email_mention(notification_id: int, attempt: int = 1) -> None:
    """One email per mention, like replies."""
    _email_notification(
        email_mention, notification_id, attempt, kind=Notification.Kind.MENTION, what="mention"
    )


@task
def send_weekly_digests() -> None:
    """The digests due now, batch after batch (comments.digest); queued by the send_digests
    command. After DIGEST_BATCHES_PER_TASK batches it queues itself again rather than keep
    the worker, so that the reply emails queued meanwhile are not kept waiting."""
    from . import digest  # digest sends through this module's _send

    digest.mark_interrupted()
    for _batch in range(settings.DIGEST_BATCHES_PER_TASK):
        result = digest.send_batch()
        if result.mail_failed or result.due < settings.DIGEST_BATCH_SIZE:
            return  # all sent, or the mail server fails: the next run tries again
    send_weekly_digests.enqueue()
