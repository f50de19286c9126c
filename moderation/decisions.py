"""The moderators' decisions as the admin's detail pages offer them (a comment, a report, a
member): one button each, which opens its form in place (a <details>: no JavaScript needed)
asking for what the decision needs, a public reason, a private note, a ban's length. Each form
posts to one URL per subject, checked on the server, and hands its clean values to the
services, which hold the rules and write the log."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accounts.models import Member
from comments.models import Comment

from . import services
from .forms import BanForm, NoteForm, ReasonForm


@dataclass
class Decision:
    """One decision offered on a page: its button, and the form it opens."""

    name: str
    label: str
    form: forms.Form
    url: str
    confirm: str
    help: str = ""
    danger: bool = False
    open: bool = field(default=False)


def ban_message(member: Member) -> str:
    """What the admin says once a member is banned (the same words as the members' list)."""
    return _("%(member)s: %(status)s.") % {"member": member, "status": member.ban_label()}


def _withdrawn(withdrawn: dict[str, int]) -> str:
    if not withdrawn["comments"] and not withdrawn["reports"]:
        return ""
    return " " + services._withdrawn_note(withdrawn)


# Comments ---------------------------------------------------------------------------------------


class CommentDecisions:
    """Hide, restore, delete for good, ban the author, dismiss the reports: what a moderator
    decides about one comment, from its page, its report's page or the queue."""

    url_name = "admin:comments_comment_decision"

    @staticmethod
    def subject(pk) -> Comment:
        return Comment.objects.select_related("author", "article", "parent__author").get(pk=pk)

    @staticmethod
    def available(comment: Comment, user, *, open_reports: int, has_replies: bool) -> list[str]:
        if not comment.is_moderatable_by(user):  # moderators only, never on the team's comments
            return []
        pending = comment.status == Comment.Status.HIDDEN and comment.moderated_by_id is None
        names = []
        if comment.is_visible or pending:
            names.append("hide")
        if comment.status == Comment.Status.HIDDEN:
            names.append("restore")
        if not has_replies:
            names.append("delete")
        author = comment.author
        if author is not None and not author.is_banned and user.has_perm("accounts.change_member"):
            names.append("ban_author")
        if open_reports and user.has_perm("comments.change_commentreport"):
            names.append("dismiss")
        return names

    @classmethod
    def context(cls, comment: Comment, user) -> dict[str, Any]:
        """What the page shows to decide: the comment's open reports (never who sent them)
        and whether it has replies (then it can be hidden, not deleted)."""
        reports = list(comment.reports.open().only("created_at", "reason", "details"))
        has_replies = comment.replies.exists()
        return {
            "reports": reports,
            "has_replies": has_replies,
            "names": cls.available(
                comment, user, open_reports=len(reports), has_replies=has_replies
            ),
        }

    @staticmethod
    def form(name: str, comment: Comment, data=None) -> forms.Form:
        prefix = name
        if name in ("hide", "delete"):
            return ReasonForm(data, prefix=prefix)
        if name == "ban_author":
            return BanForm(data, prefix=prefix, preview=services.withdrawal_preview(comment.author))
        return NoteForm(data, prefix=prefix)

    @staticmethod
    def describe(name: str, comment: Comment, open_reports: int) -> dict[str, Any]:
        """The button's label, the confirming button's, a line of help, and whether it cannot
        be undone."""
        if name == "hide":
            help_text = (
                ngettext(
                    "The comment is replaced by a notice with the reason; its %(count)d open "
                    "report is resolved.",
                    "The comment is replaced by a notice with the reason; its %(count)d open "
                    "reports are resolved.",
                    open_reports,
                )
                % {"count": open_reports}
                if open_reports
                else _("The comment is replaced by a notice with the reason.")
            )
            return {"label": _("Hide"), "confirm": _("Hide the comment"), "help": help_text}
        if name == "restore":
            return {
                "label": _("Restore"),
                "confirm": _("Restore the comment"),
                "help": _(
                    "The comment shows again; its reports are dismissed and the public log no "
                    "longer names its author for hiding it."
                ),
            }
        if name == "delete":
            return {
                "label": _("Delete for good"),
                "confirm": _("Delete the comment for good"),
                "help": _("Cannot be undone: the text is kept only in the moderators' log."),
                "danger": True,
            }
        if name == "ban_author":
            return {
                "label": _("Ban the author"),
                "confirm": _("Ban %(member)s") % {"member": comment.author},
                "help": _("They can no longer log in or take part; their sessions end at once."),
                "danger": True,
            }
        return {
            "label": ngettext("Dismiss the report", "Dismiss the %(count)d reports", open_reports)
            % {"count": open_reports},
            "confirm": _("Dismiss"),
            "help": _(
                "The reports were wrong: the comment stays (or, hidden pending review, shows "
                "again)."
            ),
        }

    @staticmethod
    def apply(name: str, comment: Comment, user, data: dict) -> tuple[str, bool]:
        """Take the decision; returns the message and whether the comment is gone."""
        if name == "hide":
            resolved = services.hide_and_resolve(comment, user, data["reason"], data["note"])
            message = _("Comment hidden.")
            if resolved:
                message += " " + ngettext(
                    "%(count)d report resolved.", "%(count)d reports resolved.", resolved
                ) % {"count": resolved}
            return message, False
        if name == "restore":
            services.restore(comment, user, data["note"])
            return _("Comment restored."), False
        if name == "delete":
            services.delete(comment, user, data["reason"], data["note"])
            return _("Comment deleted for good."), True
        if name == "ban_author":
            author = comment.author
            withdrawn = services.ban(
                author,
                user,
                data["reason"],
                data["until"],
                data["note"],
                withdraw=data.get("withdraw", False),
            )
            return ban_message(author) + _withdrawn(withdrawn), False
        dismissed = services.dismiss_reports(comment, user, data["note"])
        return ngettext(
            "%(count)d report dismissed.", "%(count)d reports dismissed.", dismissed
        ) % {"count": dismissed}, False


# Members ----------------------------------------------------------------------------------------


class MemberDecisions:
    """Ban (with, in the same step, their comments hidden and the reports on them resolved),
    lift the ban, hide all their comments, cancel their votes."""

    url_name = "admin:accounts_member_decision"

    @staticmethod
    def subject(pk) -> Member:
        return Member.objects.get(pk=pk)

    @staticmethod
    def available(member: Member, user) -> list[str]:
        if not (
            user.has_perm("accounts.change_member")
            and user.is_moderator
            and member.may_be_moderated_by(user)
        ):
            return []
        names = ["unban" if member.is_banned else "ban"]
        if member.message_count:
            names.append("hide_all")
        names.append("cancel_votes")
        return names

    @classmethod
    def context(cls, member: Member, user) -> dict[str, Any]:
        return {"names": cls.available(member, user)}

    @staticmethod
    def form(name: str, member: Member, data=None) -> forms.Form:
        if name == "ban":
            return BanForm(data, prefix=name, preview=services.withdrawal_preview(member))
        if name == "hide_all":
            return ReasonForm(data, prefix=name)
        return NoteForm(data, prefix=name)

    @staticmethod
    def describe(name: str, member: Member, open_reports: int = 0) -> dict[str, Any]:
        if name == "ban":
            return {
                "label": pgettext("a decision", "Ban"),
                "confirm": _("Ban %(member)s") % {"member": member},
                "help": _("They can no longer log in or take part; their sessions end at once."),
                "danger": True,
            }
        if name == "unban":
            return {
                "label": _("Lift the ban"),
                "confirm": _("Lift the ban"),
                "help": member.ban_label(),
            }
        if name == "hide_all":
            return {
                "label": ngettext(
                    "Hide their comment", "Hide their %(count)d comments", member.message_count
                )
                % {"count": member.message_count},
                "confirm": _("Hide them"),
                "help": _("One line on the moderation log, with the reason."),
                "danger": True,
            }
        return {
            "label": pgettext("one member", "Cancel their votes"),
            "confirm": pgettext("one member", "Cancel their votes"),
            "help": _("Every vote they cast goes; counts, reputations and ranks are put right."),
            "danger": True,
        }

    @staticmethod
    def apply(name: str, member: Member, user, data: dict) -> tuple[str, bool]:
        if name == "ban":
            withdrawn = services.ban(
                member,
                user,
                data["reason"],
                data["until"],
                data["note"],
                withdraw=data.get("withdraw", False),
            )
            return ban_message(member) + _withdrawn(withdrawn), False
        if name == "unban":
            services.unban(member, user, data["note"])
            return _("%(member)s: the ban is lifted.") % {"member": member}, False
        if name == "hide_all":
            count = services.hide_all_comments(member, user, data["reason"], data["note"])
            return ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", count) % {
                "count": count
            }, False
        count = services.cancel_votes(member, user, data["note"])
        return ngettext("%(count)d vote cancelled.", "%(count)d votes cancelled.", count) % {
            "count": count
        }, False


# Pages ------------------------------------------------------------------------------------------


def decisions_for(
    kind, subject, user, *, next_url: str, bound: tuple[str, forms.Form] | None = None
):
    """The decisions a page offers on ``subject``, each with its form (``bound``: the one the
    moderator just sent with mistakes, shown open with its errors)."""
    context = kind.context(subject, user)
    open_reports = len(context.get("reports", []))
    decisions = []
    for name in context["names"]:
        form = bound[1] if bound and bound[0] == name else kind.form(name, subject)
        decisions.append(
            Decision(
                name=name,
                form=form,
                url=reverse(kind.url_name, args=[subject.pk, name]),
                open=bool(bound and bound[0] == name),
                **kind.describe(name, subject, open_reports),
            )
        )
    return {**context, "decisions": decisions, "next": next_url}


def _safe_next(request: HttpRequest, url: str | None, fallback: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def decision_view(
    model_admin, kind, request: HttpRequest, object_id: int, name: str, *, template: str
) -> HttpResponse:
    """POST: take the decision and go back (``next``, or the list when the subject is gone);
    a form with mistakes, or a GET, shows the subject with that decision's form open."""
    try:
        subject = kind.subject(object_id)
    except (ValueError, ObjectDoesNotExist):
        raise Http404 from None
    if not model_admin.has_view_permission(request, subject):
        raise PermissionDenied
    if name not in kind.context(subject, request.user)["names"]:
        raise PermissionDenied  # not theirs to decide, or no longer applies
    change_url = reverse(
        f"admin:{subject._meta.app_label}_{subject._meta.model_name}_change", args=[subject.pk]
    )
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"), change_url)
    form = kind.form(name, subject, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message, gone = kind.apply(name, subject, request.user, form.cleaned_data)
        except services.ModerationError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(next_url)
        messages.success(request, message)
        if gone:
            next_url = _safe_next(
                request,
                request.POST.get("next_if_gone"),
                reverse(f"admin:{subject._meta.app_label}_{subject._meta.model_name}_changelist"),
            )
        return HttpResponseRedirect(next_url)
    context = decisions_for(kind, subject, request.user, next_url=next_url, bound=(name, form))
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            **context,
            "decisions": [d for d in context["decisions"] if d.name == name],
            "subject": subject,
            "comment": subject if isinstance(subject, Comment) else None,
            "member": subject if isinstance(subject, Member) else None,
            "title": context_title(name, kind, subject),
            "opts": model_admin.model._meta,
            "change_url": change_url,
            "next_if_gone": request.POST.get("next_if_gone", ""),
        },
    )


def context_title(name: str, kind, subject) -> str:
    return f"{kind.describe(name, subject, 0)['label']} — {subject}"
