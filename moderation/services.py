"""Moderators' decisions. Each runs in one transaction with its entry in the moderation log, and
keeps every count it moves exact (the article's comments, the author's messages, reputation and
rank, vote counts): the comments app's withdraw_* functions and recounts do that part. A decision
that no longer applies (hiding a comment already removed, lifting a ban that has ended) raises
ModerationError with a clear message and changes nothing."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import BAN_FOREVER, Member, Rank
from articles.models import ErrorReport
from comments import notifications
from comments.models import Comment, CommentVote
from comments.services import (
    edit_comment,
    recount_comments,
    refresh_standing,
    touch_discussions_of,
    withdraw_comments,
    withdraw_votes,
)

from .models import CommentReport, ModerationAction

Action = ModerationAction.Action
Status = CommentReport.Status


class ModerationError(Exception):
    pass


def _check_target(member: Member | None, moderator) -> None:
    """Moderators act on members, not on the team: see Member.may_be_moderated_by."""
    if member is None or moderator is None:
        return
    if member.pk == moderator.pk:
        raise ModerationError(_("You cannot take this decision about yourself."))
    if not member.may_be_moderated_by(moderator):
        raise ModerationError(
            _("Only an administrator can take this decision about a staff member.")
        )


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ModerationError(_("Give a reason: it is shown on the public moderation log."))


def _log(action, moderator, *, comment=None, member=None, reason="", note=""):
    return ModerationAction.objects.create(
        action=action,
        moderator=moderator,
        comment=comment,
        member=member if member is not None else getattr(comment, "author", None),
        reason=reason,
        note=note,
    )


def _set_status(comment: Comment, status: str, moderator, reason: str) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        status=status, moderated_by=moderator, moderation_reason=reason
    )
    comment.status, comment.moderated_by, comment.moderation_reason = status, moderator, reason
    recount_comments([comment.article_id])
    refresh_standing(comment.author_id)
    notifications.comment_removed(comment)


def _locked(comment: Comment) -> Comment:
    # Only the comment's row is locked (PostgreSQL cannot lock the nullable side of the join
    # to its author, who may have left).
    return (
        Comment.objects.select_for_update(of=("self",)).select_related("author").get(pk=comment.pk)
    )


def hide(comment: Comment, moderator, reason: str, note: str = "") -> None:
    _require_reason(reason)
    with transaction.atomic():
        comment = _locked(comment)
        _check_target(comment.author, moderator)
        if comment.status != Comment.Status.VISIBLE:
            raise ModerationError(_("This comment is no longer visible: there is nothing to hide."))
        _set_status(comment, Comment.Status.HIDDEN, moderator, reason)
        _log(Action.HIDE, moderator, comment=comment, reason=reason, note=note)


def restore(comment: Comment, moderator, note: str = "") -> None:
    """Show a hidden comment again; the reports that led to hiding it are dismissed with it,
    so that they do not hide it again."""
    with transaction.atomic():
        comment = _locked(comment)
        _check_target(comment.author, moderator)
        if comment.status != Comment.Status.HIDDEN:
            raise ModerationError(_("Only a comment hidden by the moderators can be restored."))
        _set_status(comment, Comment.Status.VISIBLE, None, "")
        for report in comment.reports.open():
            report.close(moderator, Status.DISMISSED, note)
        _log(Action.RESTORE, moderator, comment=comment, note=note)


def _is_pending_review(comment: Comment) -> bool:
    return comment.status == Comment.Status.HIDDEN and comment.moderated_by_id is None


def edit_text(comment: Comment, moderator, body: str, reason: str, note: str = "") -> None:
    """A moderator changes a member's text (a phone number, an insult): the earlier version
    stays in the comment's history, marked as replaced by the moderators, and the decision is
    logged with its public reason."""
    _require_reason(reason)
    with transaction.atomic():
        comment = _locked(comment)
        _check_target(comment.author, moderator)
        if body.strip() == comment.body.strip():
            raise ModerationError(_("The text is unchanged: there is nothing to save."))
        edit_comment(comment, body, editor=moderator)
        _log(Action.EDIT, moderator, comment=comment, reason=reason, note=note)


def delete(comment: Comment, moderator, reason: str, note: str = "") -> None:
    """Delete for good a comment that has no reply (hide the others: replies need their context)."""
    _require_reason(reason)
    with transaction.atomic():
        comment = _locked(comment)
        _check_target(comment.author, moderator)
        if comment.replies.exists():
            raise ModerationError(
                _("This comment has replies: hide it instead, so that they keep their context.")
            )
        author_id, article_id = comment.author_id, comment.article_id
        _log(
            Action.DELETE,
            moderator,
            member=comment.author,
            reason=reason,
            note=f"{note}\n\n{comment.body}".strip(),
        )
        recipients = list(comment.notifications.values_list("recipient", flat=True))
        comment.delete()
        notifications.recount_unread(recipients)
        recount_comments([article_id])
        refresh_standing(author_id)


def report_comment(comment: Comment, reporter: Member, reason: str, details: str = "") -> bool:
    """Record the member's report; False when they had already reported this comment. Enough
    distinct reporters hide the comment pending review."""
    if not comment.can_be_reported_by(reporter):
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
    """Hide, pending review, a comment that enough distinct established members reported.
    Newcomers' reports go to the moderators' queue but do not count here (three throwaway
    accounts must not hide whatever they like), and the team's comments are never hidden
    without a moderator."""
    if comment.status != Comment.Status.VISIBLE or (comment.author and comment.author.is_staff):
        return False
    reporters = comment.reports.open().filter(reporter__in=Member.objects.established()).count()
    if reporters < settings.AUTO_HIDE_REPORTS:
        return False
    reason = _("Hidden pending review, after several reports")
    _set_status(comment, Comment.Status.HIDDEN, None, reason)
    _log(Action.AUTO_HIDE, None, comment=comment, reason=reason)
    return True


def _log_closed(report, moderator, status: str, note: str, **subject) -> None:
    action = Action.RESOLVE if status == Status.RESOLVED else Action.DISMISS
    _log(action, moderator, note=note, **subject)


def close_comment_reports(reports, moderator, status: str, note: str = "") -> int:
    """Close open comment reports as resolved (the report was right) or dismissed. A comment
    hidden pending review whose every report is dismissed comes back."""
    closed = 0
    with transaction.atomic():
        for report in reports:
            if not report.close(moderator, status, note):
                continue
            comment = report.comment
            if (
                status == Status.DISMISSED
                and _is_pending_review(comment)
                and not comment.reports.open().exists()
            ):
                _set_status(comment, Comment.Status.VISIBLE, None, "")
                _log(Action.RESTORE, moderator, comment=comment, note=note)
            _log_closed(report, moderator, status, note, comment=comment)
            closed += 1
    if not closed:
        raise ModerationError(_("These reports have already been handled."))
    return closed


def close_error_reports(reports, editor, status: str, note: str = "") -> int:
    """Close open article error reports as resolved or dismissed (without a correction)."""
    closed = 0
    with transaction.atomic():
        for report in reports:
            if report.close(editor, status, note):
                _log_closed(report, editor, status, note, reason=_("Article error report"))
                closed += 1
    if not closed:
        raise ModerationError(_("These reports have already been handled."))
    return closed


def correct_article(report: ErrorReport, editor, correction_note: str, note: str = "") -> None:
    """An editor corrected the article: the report is resolved and the public correction note
    published under the article."""
    with transaction.atomic():
        if not report.correct(editor, correction_note, note):
            raise ModerationError(_("This report has already been handled."))
        _log(
            Action.RESOLVE,
            editor,
            reason=_("Article corrected: %(note)s") % {"note": correction_note},
            note=note,
        )


def hide_reported(report: CommentReport, moderator, reason: str, note: str = "") -> None:
    """From a report: hide the comment and resolve every open report on it, in one step."""
    _require_reason(reason)
    with transaction.atomic():
        comment = _locked(report.comment)
        if comment.status == Comment.Status.VISIBLE:
            hide(comment, moderator, reason, note)
        elif _is_pending_review(comment):  # hidden automatically: the moderator confirms it
            _check_target(comment.author, moderator)
            _set_status(comment, Comment.Status.HIDDEN, moderator, reason)
            _log(Action.HIDE, moderator, comment=comment, reason=reason, note=note)
        close_comment_reports(comment.reports.open(), moderator, Status.RESOLVED, note)


def ban(member: Member, moderator, reason: str, until: datetime | None, note: str = "") -> None:
    """Ban until a date, or for good (``until`` None). The member's open sessions end at once."""
    _check_target(member, moderator)
    if not reason.strip():
        raise ModerationError(_("A ban needs a reason."))
    if until is not None and until <= timezone.now():
        raise ModerationError(_("The end of the ban must be in the future."))
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            banned_until=until or BAN_FOREVER,
            ban_reason=reason,
            session_epoch=F("session_epoch") + 1,
        )
        member.refresh_from_db(fields=["banned_until", "ban_reason", "session_epoch"])
        _log(Action.BAN, moderator, member=member, reason=reason, note=note)


def unban(member: Member, moderator, note: str = "") -> None:
    _check_target(member, moderator)
    if not member.is_banned:
        raise ModerationError(_("This member is not banned (or the ban has already ended)."))
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(banned_until=None, ban_reason="")
        member.refresh_from_db(fields=["banned_until", "ban_reason"])
        _log(Action.UNBAN, moderator, member=member, note=note)


def give_rank(member: Member, moderator, rank: Rank | None, note: str = "") -> None:
    _check_target(member, moderator)
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(rank_override=rank)
        Member.objects.filter(pk=member.pk).rerank()
        touch_discussions_of([member.pk])  # the rank shows beside their comments
        member.refresh_from_db(fields=["rank_override", "rank"])
        _log(Action.RANK, moderator, member=member, reason=rank.name if rank else "", note=note)


def hide_all_comments(member: Member, moderator, reason: str, note: str = "") -> int:
    """Hide every visible comment of a member (a banned spammer, say): one log entry."""
    _check_target(member, moderator)
    _require_reason(reason)
    with transaction.atomic():
        count = withdraw_comments(member, Comment.Status.HIDDEN, moderator=moderator, reason=reason)
        _log(
            Action.HIDE,
            moderator,
            member=member,
            reason=reason,
            note=(_("%d comments hidden at once.") % count + "\n" + note).strip(),
        )
    return count


def cancel_votes(member: Member, moderator, note: str = "") -> int:
    """Cancel every vote a member cast, putting right the counts, reputations and ranks they
    moved."""
    _check_target(member, moderator)
    with transaction.atomic():
        count = withdraw_votes(member)
        _log(Action.VOTES, moderator, member=member, note=note or _("%d votes cancelled.") % count)
    return count


def vote_pairs(*, min_votes: int = 5, days: int = 30):
    """Voter → author pairs with many up votes lately: a simple lead towards vote rings."""
    since = timezone.now() - timedelta(days=days)
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
