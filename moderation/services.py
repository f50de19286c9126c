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
from django.utils.translation import ngettext

from accounts.models import BAN_FOREVER, Member, Rank
from articles.models import ErrorReport, editors
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


def _log(action, moderator, *, comment=None, member=None, reason="", note="", public=True):
    return ModerationAction.objects.create(
        action=action,
        moderator=moderator,
        comment=comment,
        member=member if member is not None else getattr(comment, "author", None),
        reason=reason,
        note=note,
        public=public,
    )


def _forget_hiding(comment: Comment) -> None:
    """A comment shown again was not at fault: the public log stops naming its author for
    hiding it (the moderators' log keeps the lines)."""
    ModerationAction.objects.filter(
        comment=comment, action__in=[Action.HIDE, Action.AUTO_HIDE], public=True
    ).update(public=False)


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
        _forget_hiding(comment)
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


def _reports_note(count: int, note: str) -> str:
    if count == 1:
        return note
    summary = ngettext("%(count)d report closed.", "%(count)d reports closed.", count) % {
        "count": count
    }
    return f"{summary}\n{note}".strip()


def close_comment_reports(
    reports, moderator, status: str, note: str = "", *, public: bool = True
) -> int:
    """Close open comment reports as resolved (the report was right) or dismissed: one entry
    in the log per comment, however many members reported it (``public``: False when closing
    them only follows from another decision, hiding the comment). A comment hidden pending
    review whose every report is dismissed comes back."""
    closed_by_comment: dict[int, list] = {}
    with transaction.atomic():
        for report in reports:
            if report.close(moderator, status, note):
                closed_by_comment.setdefault(report.comment_id, []).append(report)
        for closed in closed_by_comment.values():
            comment = closed[0].comment
            restored = (
                status == Status.DISMISSED
                and _is_pending_review(comment)
                and not comment.reports.open().exists()
            )
            if restored:
                _set_status(comment, Comment.Status.VISIBLE, None, "")
                _forget_hiding(comment)
                # Part of this decision: the public log shows the dismissal alone.
                _log(Action.RESTORE, moderator, comment=comment, note=note, public=False)
            action = Action.RESOLVE if status == Status.RESOLVED else Action.DISMISS
            _log(
                action,
                moderator,
                comment=comment,
                note=_reports_note(len(closed), note),
                public=public,
            )
    if not closed_by_comment:
        raise ModerationError(_("These reports have already been handled."))
    return sum(len(closed) for closed in closed_by_comment.values())


def dismiss_reports(comment: Comment, moderator, note: str = "") -> int:
    """The reports on this comment were wrong: every open one is closed as dismissed, in one
    decision (and a comment hidden pending review comes back)."""
    with transaction.atomic():
        comment = _locked(comment)
        _check_target(comment.author, moderator)
        return close_comment_reports(comment.reports.open(), moderator, Status.DISMISSED, note)


def forward_error_report(report: ErrorReport, moderator, editor=None, note: str = "") -> None:
    """Pass a new article error report to the editors: to one of them (``editor``), or to all
    of them. Once: a report already passed on or closed raises ModerationError."""
    if editor is not None and not editors().filter(pk=editor.pk).exists():
        raise ModerationError(_("%(name)s is not an editor.") % {"name": editor})
    with transaction.atomic():
        if not report.forward(moderator, editor, note):
            raise ModerationError(_("This report has already been passed on or handled."))
        to = (
            _("Passed to %(name)s.") % {"name": editor}
            if editor
            else _("Passed to all the editors.")
        )
        _log(
            Action.FORWARD,
            moderator,
            reason=_("Article error report"),
            note=f"{to}\n{note}".strip(),
            public=False,  # an internal step: the public log shows the decision that closes it
        )


def correct_article(report: ErrorReport, editor, correction_note: str, note: str = "") -> None:
    """An editor corrected the article: the report is closed as corrected and the public
    correction note published under the article; the reader is told by email."""
    if not correction_note.strip():
        raise ModerationError(_("Describe the correction: it is published under the article."))
    with transaction.atomic():
        if not report.correct(editor, correction_note.strip(), note):
            raise ModerationError(_("This report has already been handled."))
        _log(
            Action.RESOLVE,
            editor,
            reason=_("Article corrected: %(note)s") % {"note": correction_note.strip()},
            note=note,
        )


def reject_error_report(report: ErrorReport, member, reason: str, note: str = "") -> None:
    """The report was wrong: it is closed as rejected, with the reason the reader is given by
    email (the public log says only that a report was rejected)."""
    if not reason.strip():
        raise ModerationError(_("Give the reason: it is sent to the reader who left an address."))
    with transaction.atomic():
        if not report.reject(member, reason.strip(), note):
            raise ModerationError(_("This report has already been handled."))
        _log(
            Action.DISMISS,
            member,
            reason=_("Article error report"),
            note=(_("Reason given to the reader: %(reason)s") % {"reason": reason.strip()})
            + (f"\n{note}" if note else ""),
        )


def hide_and_resolve(comment: Comment, moderator, reason: str, note: str = "") -> int:
    """Hide the comment (or confirm that it stays hidden, when the site hid it pending review)
    and resolve every open report on it: one decision, one line on the public log. Returns how
    many reports were resolved."""
    _require_reason(reason)
    with transaction.atomic():
        comment = _locked(comment)
        _check_target(comment.author, moderator)
        if comment.status == Comment.Status.VISIBLE:
            hide(comment, moderator, reason, note)
        elif _is_pending_review(comment):  # hidden automatically: the moderator confirms it
            _set_status(comment, Comment.Status.HIDDEN, moderator, reason)
            # The moderator's decision takes the place of the site's on the public log.
            ModerationAction.objects.filter(
                comment=comment, action=Action.AUTO_HIDE, public=True
            ).update(public=False)
            _log(Action.HIDE, moderator, comment=comment, reason=reason, note=note)
        elif not comment.reports.open().exists():
            raise ModerationError(_("This comment is no longer visible: there is nothing to hide."))
        reports = comment.reports.open()
        if not reports.exists():
            return 0
        return close_comment_reports(reports, moderator, Status.RESOLVED, note, public=False)


def hide_reported(report: CommentReport, moderator, reason: str, note: str = "") -> None:
    """From a report: hide the comment and resolve every open report on it, in one step."""
    hide_and_resolve(report.comment, moderator, reason, note)


def ban(
    member: Member,
    moderator,
    reason: str,
    until: datetime | None,
    note: str = "",
    *,
    withdraw: bool = False,
) -> dict[str, int]:
    """Ban until a date, or for good (``until`` None or BAN_FOREVER). The member's open
    sessions end at once. With ``withdraw``, in the same decision: their visible comments are
    hidden and the open reports on their comments resolved (see withdrawal_preview). Returns
    what was withdrawn: {"comments": …, "reports": …}."""
    _check_target(member, moderator)
    if not reason.strip():
        raise ModerationError(_("A ban needs a reason."))
    if until is not None and until <= timezone.now():
        raise ModerationError(_("The end of the ban must be in the future."))
    withdrawn = {"comments": 0, "reports": 0}
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            banned_until=until or BAN_FOREVER,
            ban_reason=reason,
            session_epoch=F("session_epoch") + 1,
        )
        member.refresh_from_db(fields=["banned_until", "ban_reason", "session_epoch"])
        if withdraw:
            withdrawn = _withdraw_for_ban(member, moderator, reason)
        summary = _withdrawn_note(withdrawn) if withdraw else ""
        _log(
            Action.BAN,
            moderator,
            member=member,
            reason=reason,
            note=f"{summary}\n{note}".strip(),
        )
    return withdrawn


def withdrawal_preview(member: Member) -> dict[str, int]:
    """What banning with withdrawal would touch, shown before the moderator confirms: the
    member's visible comments (to hide) and the open reports on their comments (to resolve)."""
    return {
        "comments": Comment.objects.visible().filter(author=member).count(),
        "reports": CommentReport.objects.open().filter(comment__author=member).count(),
    }


def _withdrawn_note(withdrawn: dict[str, int]) -> str:
    return "{} {}".format(
        ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", withdrawn["comments"])
        % {"count": withdrawn["comments"]},
        ngettext("%(count)d report resolved.", "%(count)d reports resolved.", withdrawn["reports"])
        % {"count": withdrawn["reports"]},
    )


def _withdraw_for_ban(member: Member, moderator, reason: str) -> dict[str, int]:
    """The ban's withdrawal: comments hidden (those the site hid pending review are confirmed
    as the moderator's decision) and reports resolved. These follow from the ban: they are in
    the moderators' log, and the public log shows the ban alone."""
    hidden = withdraw_comments(member, Comment.Status.HIDDEN, moderator=moderator, reason=reason)
    Comment.objects.filter(
        author=member, status=Comment.Status.HIDDEN, moderated_by__isnull=True
    ).update(moderated_by=moderator, moderation_reason=reason)
    reports = list(CommentReport.objects.open().filter(comment__author=member))
    resolved = sum(report.close(moderator, Status.RESOLVED) for report in reports)
    withdrawn = {"comments": hidden, "reports": resolved}
    if hidden:
        _log(
            Action.HIDE,
            moderator,
            member=member,
            reason=reason,
            note=_withdrawn_note(withdrawn),
            public=False,
        )
    if resolved:
        _log(
            Action.RESOLVE,
            moderator,
            member=member,
            note=_withdrawn_note(withdrawn),
            public=False,
        )
    return withdrawn


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
            note=(
                ngettext(
                    "%(count)d comment hidden at once.", "%(count)d comments hidden at once.", count
                )
                % {"count": count}
                + "\n"
                + note
            ).strip(),
        )
    return count


def cancel_votes(member: Member, moderator, note: str = "") -> int:
    """Cancel every vote a member cast, putting right the counts, reputations and ranks they
    moved."""
    _check_target(member, moderator)
    with transaction.atomic():
        count = withdraw_votes(member)
        summary = ngettext("%(count)d vote cancelled.", "%(count)d votes cancelled.", count) % {
            "count": count
        }
        _log(Action.VOTES, moderator, member=member, note=f"{summary}\n{note}".strip())
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
