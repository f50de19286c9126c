"""Moderators' decisions. Each runs in one transaction with its entry in the moderation log, and
keeps every count it moves exact (the article's comments, the author's messages, reputation and
rank, vote counts). A decision that no longer applies (hiding a comment already removed, lifting
a ban that has ended) raises ModerationError with a clear message and changes nothing."""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import BAN_FOREVER, Member, Rank
from articles.models import Article, ArticleVote, ErrorReport
from articles.votes import recount_votes

from . import notifications
from .models import Comment, CommentReport, CommentVote, ModerationAction, Notification
from .services import recount_comments, refresh_standing

Action = ModerationAction.Action


class ModerationError(Exception):
    pass


def _check_target(member: Member, moderator) -> None:
    """Moderators act on members, not on the team: staff accounts are the superusers' to
    handle, and nobody moderates themself."""
    if moderator is not None and member.pk == moderator.pk:
        raise ModerationError(_("You cannot take this decision about yourself."))
    if member.is_staff and not (moderator is not None and moderator.is_superuser):
        raise ModerationError(
            _("Only an administrator can take this decision about a staff member.")
        )


def _log(action, moderator, *, comment=None, member=None, reason="", note=""):
    return ModerationAction.objects.create(
        action=action, moderator=moderator, comment=comment,
        member=member if member is not None else getattr(comment, "author", None),
        reason=reason, note=note,
    )  # fmt: skip


def _set_status(comment: Comment, status: str, moderator, reason: str) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        status=status, moderated_by=moderator, moderation_reason=reason
    )
    comment.status, comment.moderated_by, comment.moderation_reason = status, moderator, reason
    recount_comments([comment.article_id])
    refresh_standing(comment.author_id)
    notifications.comment_removed(comment)


def hide(comment: Comment, moderator, reason: str, note: str = "") -> None:
    if not reason.strip():
        raise ModerationError(_("Give a reason: it is shown on the public moderation log."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.status != Comment.Status.VISIBLE:
            raise ModerationError(_("This comment is no longer visible: there is nothing to hide."))
        _set_status(comment, Comment.Status.HIDDEN, moderator, reason)
        _log(Action.HIDE, moderator, comment=comment, reason=reason, note=note)


def restore(comment: Comment, moderator, note: str = "") -> None:
    """Show a hidden comment again; the reports that led to hiding it are dismissed with it,
    so that they do not hide it again."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.status != Comment.Status.HIDDEN:
            raise ModerationError(_("Only a comment hidden by the moderators can be restored."))
        _set_status(comment, Comment.Status.VISIBLE, None, "")
        _close_reports(comment.reports.open(), moderator, CommentReport.Status.DISMISSED, note)
        _log(Action.RESTORE, moderator, comment=comment, note=note)


def _close_reports(reports, moderator, status, note) -> None:
    reports.update(status=status, handled_by=moderator, handled_at=timezone.now(), note=note)


def _is_pending_review(comment: Comment) -> bool:
    return comment.status == Comment.Status.HIDDEN and comment.moderated_by_id is None


def delete(comment: Comment, moderator, reason: str, note: str = "") -> None:
    """Delete for good a comment that has no reply (hide the others: replies need their context)."""
    if not reason.strip():
        raise ModerationError(_("Give a reason: it is shown on the public moderation log."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.replies.exists():
            raise ModerationError(
                _("This comment has replies: hide it instead, so that they keep their context.")
            )
        author_id, article_id = comment.author_id, comment.article_id
        _log(Action.DELETE, moderator, member=comment.author, reason=reason,
             note=f"{note}\n\n{comment.body}".strip())  # fmt: skip
        recipients = list(comment.notifications.values_list("recipient", flat=True))
        comment.delete()
        notifications.recount_unread(recipients)
        recount_comments([article_id])
        refresh_standing(author_id)


def report(comment: Comment, reporter: Member, reason: str, details: str = "") -> bool:
    """Record the member's report; False when they had already reported this comment. Enough
    distinct reporters hide the comment pending review."""
    if not comment.is_visible:
        raise ModerationError(_("This comment is no longer visible: there is nothing to report."))
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reporter=reporter, reason=reason, details=details
            )
            auto_hide_if_reported(comment)
    except IntegrityError:
        return False
    return True


def auto_hide_if_reported(comment: Comment) -> bool:
    """Hide, pending review, a comment that enough distinct members reported."""
    reporters = comment.reports.filter(status=CommentReport.Status.OPEN).count()
    if reporters < settings.AUTO_HIDE_REPORTS or comment.status != Comment.Status.VISIBLE:
        return False
    reason = _("Hidden pending review, after several reports")
    _set_status(comment, Comment.Status.HIDDEN, None, reason)
    _log(Action.AUTO_HIDE, None, comment=comment, reason=reason)
    return True


def handle_reports(reports, moderator, *, resolve: bool, note: str = "") -> int:
    """Resolve (the report was right) or dismiss open comment or error reports."""
    action = Action.RESOLVE if resolve else Action.DISMISS
    handled = 0
    with transaction.atomic():
        for report in reports:
            if report.status != report.Status.OPEN:
                continue
            report.status = report.Status.RESOLVED if resolve else report.Status.DISMISSED
            report.handled_by, report.handled_at, report.note = moderator, timezone.now(), note
            report.save(update_fields=["status", "handled_by", "handled_at", "note"])
            comment = getattr(report, "comment", None)
            if (
                comment is not None and not resolve and _is_pending_review(comment)
                and not comment.reports.open().exists()
            ):  # fmt: skip
                # Every report on a comment hidden pending review was dismissed: it comes back.
                _set_status(comment, Comment.Status.VISIBLE, None, "")
                _log(Action.RESTORE, moderator, comment=comment, note=note)
            _log(action, moderator, comment=comment, member=getattr(comment, "author", None),
                 reason=_("Article error report") if isinstance(report, ErrorReport) else "",
                 note=note)  # fmt: skip
            handled += 1
    if not handled:
        raise ModerationError(_("These reports have already been handled."))
    return handled


def correct_article(report: ErrorReport, editor, correction_note: str, note: str = "") -> None:
    """An editor corrected the article: the report is resolved and the public correction note
    published under the article."""
    with transaction.atomic():
        report.resolve(by=editor, correction_note=correction_note)
        report.note = note
        report.save(update_fields=["note"])
        _log(
            Action.RESOLVE,
            editor,
            reason=_("Article corrected: %(note)s") % {"note": correction_note},
            note=note,
        )


def hide_reported(report: CommentReport, moderator, reason: str, note: str = "") -> None:
    """From a report: hide the comment and resolve every open report on it, in one step."""
    if not reason.strip():
        raise ModerationError(_("Give a reason: it is shown on the public moderation log."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=report.comment_id)
        if comment.status == Comment.Status.VISIBLE:
            hide(comment, moderator, reason, note)
        elif _is_pending_review(comment):  # hidden automatically: the moderator confirms it
            _set_status(comment, Comment.Status.HIDDEN, moderator, reason)
            _log(Action.HIDE, moderator, comment=comment, reason=reason, note=note)
        handle_reports(comment.reports.open(), moderator, resolve=True, note=note)


def ban(member: Member, moderator, reason: str, until: datetime | None, note: str = "") -> None:
    """Ban until a date, or for good (``until`` None). The member's open sessions end at once."""
    _check_target(member, moderator)
    if not reason.strip():
        raise ModerationError(_("A ban needs a reason."))
    if until is not None and until <= timezone.now():
        raise ModerationError(_("The end of the ban must be in the future."))
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            banned_until=until or BAN_FOREVER, ban_reason=reason,
            session_epoch=F("session_epoch") + 1,
        )  # fmt: skip
        member.refresh_from_db()
        _log(Action.BAN, moderator, member=member, reason=reason, note=note)


def unban(member: Member, moderator, note: str = "") -> None:
    _check_target(member, moderator)
    if not member.is_banned:
        raise ModerationError(_("This member is not banned (or the ban has already ended)."))
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(banned_until=None, ban_reason="")
        member.refresh_from_db()
        _log(Action.UNBAN, moderator, member=member, note=note)


def give_rank(member: Member, moderator, rank: Rank | None, note: str = "") -> None:
    _check_target(member, moderator)
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(rank_override=rank)
        Member.objects.filter(pk=member.pk).rerank()
        member.refresh_from_db()
        _log(Action.RANK, moderator, member=member, reason=rank.name if rank else "", note=note)


def hide_all_comments(member: Member, moderator, reason: str, note: str = "") -> int:
    """Hide every visible comment of a member (a banned spammer, say): one log entry."""
    _check_target(member, moderator)
    if not reason.strip():
        raise ModerationError(_("Give a reason: it is shown on the public moderation log."))
    with transaction.atomic():
        comments = Comment.objects.visible().filter(author=member)
        articles = set(comments.values_list("article", flat=True))
        recipients = set(
            Notification.objects.filter(comment__in=comments).values_list("recipient", flat=True)
        )
        count = comments.update(
            status=Comment.Status.HIDDEN, moderated_by=moderator, moderation_reason=reason
        )
        notifications.recount_unread(recipients)
        recount_comments(articles)
        refresh_standing(member.pk)
        _log(Action.HIDE, moderator, member=member, reason=reason,
             note=(_("%d comments hidden at once.") % count + "\n" + note).strip())  # fmt: skip
    return count


def cancel_votes(member: Member, moderator, note: str = "") -> int:
    """Cancel every vote a member cast, putting right the counts, reputations and ranks they
    moved."""
    _check_target(member, moderator)
    with transaction.atomic():
        votes = CommentVote.objects.filter(member=member)
        comments = list(votes.values_list("comment", flat=True))
        authors = set(Comment.objects.filter(pk__in=comments).values_list("author", flat=True))
        articles = list(ArticleVote.objects.filter(member=member).values_list("article", flat=True))
        count = votes.delete()[0] + ArticleVote.objects.filter(member=member).delete()[0]
        recount_votes(CommentVote, Comment, comments)
        recount_votes(ArticleVote, Article, articles)
        refresh_standing(*authors)
        _log(Action.VOTES, moderator, member=member, note=note or _("%d votes cancelled.") % count)
    return count


def vote_pairs(*, min_votes: int = 5, days: int = 30):
    """Voter → author pairs with many up votes lately: a simple lead towards vote rings."""
    since = timezone.now() - timezone.timedelta(days=days)
    return (
        CommentVote.objects.filter(created_at__gte=since, value=1, comment__author__isnull=False)
        .values(
            "member__id",
            "member__username",
            "member__date_joined",
            "comment__author__id",
            "comment__author__username",
        )
        .annotate(votes=Count("pk"))
        .filter(votes__gte=min_votes)
        .order_by("-votes")[:100]
    )
