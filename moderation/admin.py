from collections import Counter
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import MemberAdmin, PrivateLookups
from accounts.models import Member
from articles.models import ErrorReport, editors
from comments.models import Comment, CommentRevision, CommentVote

from . import services
from .decisions import CommentDecisions, MemberDecisions, decision_view, decisions_for
from .forms import BanForm, EditTextForm, NoteForm, ReasonForm
from .models import CommentReport, ModerationAction, ReportedComment


def ask_then_apply(
    modeladmin, request, queryset, title, apply, *, form_class=ReasonForm, together=False
):
    """An admin action that first asks for a reason (and a private note), then applies
    ``apply(obj, form.cleaned_data)`` to each selected object, reporting what failed
    (``together``: ``apply(objects, data)`` once, as one decision, returning how many it did)."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        done = 0
        if together:
            try:
                done = apply(list(queryset), form.cleaned_data)
            except services.ModerationError as error:
                modeladmin.message_user(request, str(error), messages.ERROR)
        for obj in [] if together else queryset:
            try:
                apply(obj, form.cleaned_data)
                done += 1
            except services.ModerationError as error:
                modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(title)s: done for %(count)d item.",
                    "%(title)s: done for %(count)d items.",
                    done,
                )
                % {"title": title, "count": done},
                messages.SUCCESS,
            )
        return None
    return TemplateResponse(
        request,
        "admin/moderation/reason_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "objects": queryset,
            "action": request.POST["action"],
            "opts": modeladmin.model._meta,
        },
    )


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [
            ("open", _("Open reports")),
            ("any", _("Ever reported")),
            ("no", _("Never reported")),
        ]

    def queryset(self, request, queryset):
        reports = CommentReport.objects.filter(comment=OuterRef("pk"))
        if self.value() == "open":
            return queryset.filter(Exists(reports.filter(status=CommentReport.Status.OPEN)))
        if self.value() == "any":
            return queryset.filter(Exists(reports))
        if self.value() == "no":
            return queryset.exclude(Exists(reports))
        return queryset


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    fields = ["created_at", "body", "edited_by", "by_moderator"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    can_delete = False
    fields = ["created_at", "reason", "details", "status"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(PrivateLookups, admin.ModelAdmin):
    list_display = [
        "excerpt",
        "article_title",
        "author",
        "created_at",
        "status",
        "upvotes",
        "downvotes",
        "open_reports",
        "on_site",
    ]
    list_filter = [
        "status",
        ReportedFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article", "author"]
    search_fields = ["body", "author__username", "author__email"]
    date_hierarchy = "created_at"
    fields = [  # the message itself is shown above, as on the site, with its context
        "article",
        "author",
        "parent",
        "created_at",
        "edited_at",
        "status",
        "moderated_by",
        "moderation_reason",
        "upvotes",
        "downvotes",
        "edit_text",
    ]
    readonly_fields = fields  # decisions go through their buttons, which log them
    inlines = [ReportInline, RevisionInline]
    actions = ["hide", "restore", "delete_for_good"]
    ordering = ["-created_at"]
    change_form_template = "admin/moderation/case_change_form.html"
    changelist_title = _("Comments")

    class Media:
        css = {"all": ["moderation/admin.css"]}

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/decision/<slug:name>/",
                self.admin_site.admin_view(self.decision_view),
                name="{}_{}_decision".format(*info),
            ),
            path(
                "<int:pk>/texte/",
                self.admin_site.admin_view(self.edit_text_view),
                name="{}_{}_edit_text".format(*info),
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request, object_id, name):
        return decision_view(
            self,
            CommentDecisions,
            request,
            object_id,
            name,
            template="admin/moderation/decision.html",
        )

    def decisions_return(self, request, comment):
        """Where a decision taken on this page goes back to: the page itself (and the list of
        comments when the comment is deleted)."""
        return request.get_full_path(), reverse("admin:comments_comment_changelist")

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": self.changelist_title, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Nothing to save here: decisions are taken with their buttons, each with its reason.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        if object_id is not None and request.method == "GET":
            extra_context.update(self.case_context(request, unquote(object_id)))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def case_context(self, request, object_id):
        try:
            comment = CommentDecisions.subject(object_id)
        except (ValueError, Comment.DoesNotExist):
            return {}  # the admin answers as it does for a missing object
        next_url, next_if_gone = self.decisions_return(request, comment)
        return {
            **decisions_for(CommentDecisions, comment, request.user, next_url=next_url),
            "comment": comment,
            "next_if_gone": next_if_gone,
            "subtitle": None,
            "title": _("Comment #%(id)s by %(author)s")
            % {"id": comment.pk, "author": comment.author or _("deleted member")},
        }

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_report_count=Count(
                    "reports", filter=Q(reports__status=CommentReport.Status.OPEN)
                )
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # "Delete for good" keeps the counts and the log; Django's delete would not

    @admin.display(description=_("message"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("article"), ordering="article__title")
    def article_title(self, comment):
        return Truncator(comment.article.title).chars(80)

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, comment):
        return comment.open_report_count

    @admin.display(description=_("on the site"))
    def on_site(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), _("see"))

    @admin.display(description=_("text"))
    def edit_text(self, comment):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_edit_text",
                args=[comment.pk],
            ),
            _("Edit the text (with a reason)"),
            reverse("comments:history", args=[comment.pk]),
            _("Edit history"),
        )

    def edit_text_view(self, request, pk: int):
        """A moderator changes a member's text: the earlier version stays in the public
        history, marked as the moderators' change, and the decision is logged."""
        comment = self.get_object(request, str(pk))
        if comment is None:
            raise Http404
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        form = EditTextForm(request.POST or None, initial={"body": comment.body})
        if request.method == "POST" and form.is_valid():
            try:
                services.edit_text(
                    comment,
                    request.user,
                    form.cleaned_data["body"],
                    form.cleaned_data["reason"],
                    form.cleaned_data["note"],
                )
            except (services.ModerationError, ValidationError) as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The text has been changed."), messages.SUCCESS)
                return redirect("admin:comments_comment_change", comment.pk)
        return TemplateResponse(
            request,
            "admin/moderation/edit_text.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Edit the text of a comment"),
                "form": form,
                "comment": comment,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Hide (with a reason)"), permissions=["change"])
    def hide(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Hide comments"),
            lambda c, data: services.hide_and_resolve(
                c, request.user, data["reason"], data["note"]
            ),
        )

    @admin.action(description=_("Restore"), permissions=["change"])
    def restore(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Restore comments"),
            lambda c, data: services.restore(c, request.user, data["note"]),
            form_class=NoteForm,
        )

    @admin.action(
        description=_("Delete for good (comments without replies)"), permissions=["change"]
    )
    def delete_for_good(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Delete comments for good"),
            lambda c, data: services.delete(c, request.user, data["reason"], data["note"]),
        )


class ReasonFilter(admin.SimpleListFilter):
    title = _("reason")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return CommentReport.Reason.choices

    def queryset(self, request, queryset):
        if self.value() in CommentReport.Reason.values:
            return queryset.filter(
                Exists(
                    CommentReport.objects.open().filter(comment=OuterRef("pk"), reason=self.value())
                )
            )
        return queryset


@admin.register(ReportedComment)
class ReportedCommentAdmin(CommentAdmin):
    """The reports queue: one row per reported comment, however many reported it, with the
    number of open reports and their reasons, its author and article and its whole text;
    comments the site hid pending review first, then the longest waiting. Its rows open the
    comment's page, with the decisions."""

    list_display = ["reported_on", "text", "reports_summary", "author_link", "article_title"]
    list_display_links = ["reported_on"]
    list_filter = [ReasonFilter]
    list_select_related = ["article", "author"]
    list_per_page = 50
    date_hierarchy = None
    actions = ["hide", "dismiss"]
    ordering = None
    changelist_title = _("Reports to handle")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("comments.view_commentreport") and request.user.has_perm(
            "comments.view_comment"
        )

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("comments.change_commentreport") and request.user.has_perm(
            "comments.change_comment"
        )

    def get_queryset(self, request):
        open_reports = Q(reports__status=CommentReport.Status.OPEN)
        by_reason = {
            f"reports_{reason}": Count("reports", filter=open_reports & Q(reports__reason=reason))
            for reason in CommentReport.Reason.values
        }
        return ReportedComment.objects.filter(
            Exists(CommentReport.objects.open().filter(comment=OuterRef("pk")))
        ).annotate(
            open_report_count=Count("reports", filter=open_reports),
            first_reported=Min("reports__created_at", filter=open_reports),
            pending_review=Case(
                When(status=Comment.Status.HIDDEN, moderated_by__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            **by_reason,
        )

    def get_ordering(self, request):
        return ["pending_review", "first_reported", "pk"]

    def changelist_view(self, request, extra_context=None):
        # The queue needs the width: no navigation column beside it (the breadcrumbs remain).
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def decisions_return(self, request, comment):
        queue = reverse("admin:comments_reportedcomment_changelist")
        filters = request.GET.get("_changelist_filters")
        return (f"{queue}?{filters}" if filters else queue), queue

    @admin.display(description=_("reported"), ordering="first_reported")
    def reported_on(self, comment):
        return format_html(
            '{}<br><span class="queue__since">{}</span>',
            timezone.localtime(comment.first_reported).strftime("%d/%m/%Y %H:%M"),
            _("#%(id)s") % {"id": comment.pk},
        )

    @admin.display(description=_("comment"))
    def text(self, comment):
        status = ""
        if comment.pending_review == 0:
            status = _("Hidden pending review")
        elif comment.status != Comment.Status.VISIBLE:
            status = comment.get_status_display()
        return format_html(
            '{}<div class="queue__text">{}</div>',
            format_html('<strong class="queue__status">{}</strong>', status) if status else "",
            Truncator(comment.body).chars(1500),
        )

    @admin.display(description=_("reports"), ordering="open_report_count")
    def reports_summary(self, comment):
        reasons = [
            (label, getattr(comment, f"reports_{reason}"))
            for reason, label in CommentReport.Reason.choices
        ]
        return format_html(
            "<strong>{}</strong><br>{}",
            ngettext("%(count)d report", "%(count)d reports", comment.open_report_count)
            % {"count": comment.open_report_count},
            ", ".join(
                f"{label} ({count})" if count > 1 else str(label)
                for label, count in reasons
                if count
            ),
        )

    @admin.display(description=_("author"), ordering="author__username")
    def author_link(self, comment):
        if comment.author is None:
            return _("deleted member")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:accounts_member_change", args=[comment.author_id]),
            comment.author,
        )

    @admin.action(description=_("Dismiss their reports (with a note)"), permissions=["change"])
    def dismiss(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Dismiss the reports"),
            lambda c, data: services.dismiss_reports(c, request.user, data["note"]),
            form_class=NoteForm,
        )


class ReportActions:
    """Resolve or dismiss reports, with a private note, through the model admin's
    ``close_reports`` service (which logs the decision): one decision for all the selected
    reports, so one log line per comment."""

    close_reports = None  # e.g. services.close_comment_reports

    def _close(self, request, queryset, title, status):
        close = type(self).close_reports
        return ask_then_apply(
            self,
            request,
            queryset,
            title,
            lambda reports, data: close(reports, request.user, status, data["note"]),
            form_class=NoteForm,
            together=True,
        )

    @admin.action(description=_("Resolve (with a note)"), permissions=["change"])
    def resolve(self, request, queryset):
        return self._close(request, queryset, _("Resolve reports"), CommentReport.Status.RESOLVED)

    @admin.action(description=_("Dismiss (with a note)"), permissions=["change"])
    def dismiss(self, request, queryset):
        return self._close(request, queryset, _("Dismiss reports"), CommentReport.Status.DISMISSED)


@admin.register(CommentReport)
class CommentReportAdmin(PrivateLookups, ReportActions, admin.ModelAdmin):
    """The reports queue: open reports first, comments hidden pending review at the top, then
    the most reported, then the newest."""

    close_reports = staticmethod(services.close_comment_reports)

    list_display = [
        "created_at",
        "reason",
        "comment_excerpt",
        "comment_status",
        "reporters",
        "status",
        "handled_by",
    ]
    list_filter = ["status", "reason", "created_at"]
    list_select_related = ["comment", "handled_by"]
    search_fields = ["comment__body", "details"]
    date_hierarchy = "created_at"
    fields = [
        "comment",
        "comment_link",
        "reason",
        "details",
        "created_at",
        "status",
        "handled_by",
        "handled_at",
        "note",
    ]
    readonly_fields = fields
    actions = ["resolve", "dismiss", "hide_comment"]
    change_form_template = "admin/moderation/case_change_form.html"

    class Media:
        css = {"all": ["moderation/admin.css"]}

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Every comment report"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        report = self.get_object(request, unquote(object_id)) if object_id else None
        if report is not None and request.method == "GET":
            comment = CommentDecisions.subject(report.comment_id)
            queue = reverse("admin:comments_reportedcomment_changelist")
            extra_context.update(
                {
                    **decisions_for(
                        CommentDecisions, comment, request.user, next_url=request.get_full_path()
                    ),
                    "comment": comment,
                    "next_if_gone": queue,
                    "subtitle": None,
                    "title": _("Report of comment #%(id)s") % {"id": comment.pk},
                }
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        pending_review = Q(comment__status="hidden", comment__moderated_by__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                queue=Case(
                    When(Q(status="open") & pending_review, then=Value(0)),
                    When(status="open", then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                ),
                reporter_count=Count("comment__reports", filter=Q(comment__reports__status="open")),
            )
            .order_by("queue", "-reporter_count", "-created_at")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("comment"))
    def comment_excerpt(self, report):
        return report.comment.body[:80]

    @admin.display(description=_("comment status"))
    def comment_status(self, report):
        return report.comment.get_status_display()

    @admin.display(description=_("reporters"), ordering="reporter_count")
    def reporters(self, report):
        return report.reporter_count

    @admin.display(description=_("on the site"))
    def comment_link(self, report):
        return format_html('<a href="{}">{}</a>', report.comment.get_absolute_url(), _("see"))

    @admin.action(description=_("Hide the comment and resolve its reports"), permissions=["change"])
    def hide_comment(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Hide the reported comments"),
            lambda r, data: services.hide_reported(r, request.user, data["reason"], data["note"]),
        )


@admin.register(CommentVote)
class CommentVoteAdmin(PrivateLookups, admin.ModelAdmin):
    """Who voted what and when; and a report of the voting patterns worth a look."""

    list_display = ["created_at", "member", "value", "comment", "comment_author"]
    list_filter = ["value", "created_at"]
    list_select_related = ["member", "comment__author"]
    search_fields = ["member__username", "comment__author__username", "=comment__id"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "member", "value", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # cancel a member's votes from the members' list: counts follow

    @admin.display(description=_("author of the comment"))
    def comment_author(self, vote):
        return vote.comment.author

    def get_urls(self):
        return [
            path(
                "rapport/",
                self.admin_site.admin_view(self.report_view),
                name="comments_commentvote_report",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Votes on comments"),
            **(extra_context or {}),
            "report_url": reverse("admin:comments_commentvote_report"),
        }
        return super().changelist_view(request, extra_context)

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        since = timezone.now() - timedelta(days=30)
        recent = CommentVote.objects.filter(created_at__gte=since).values_list("comment", "member")[
            :50_000
        ]
        voters_of: dict[int, list[int]] = {}
        for comment, member in recent:
            voters_of.setdefault(comment, []).append(member)
        # Pairs of voters per comment; comments with a crowd of voters say little about rings
        # and would cost a lot to pair, so only those with at most 50 voters count.
        together = Counter(
            (a, b)
            for voters in voters_of.values()
            if len(voters) <= 50
            for a in voters
            for b in voters
            if a < b
        )
        pairs = [(a, b, n) for (a, b), n in together.most_common(50) if n >= 5]
        names = Member.objects.in_bulk({pk for a, b, _n in pairs for pk in (a, b)})
        young = timezone.now() - timedelta(days=7)
        return TemplateResponse(
            request,
            "admin/moderation/vote_report.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Voting patterns, last 30 days"),
                "opts": self.model._meta,
                "one_sided": services.vote_pairs(),
                "together": [(names.get(a), names.get(b), n) for a, b, n in pairs],
                "young": young,
            },
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(PrivateLookups, admin.ModelAdmin):
    list_display = ["created_at", "action", "moderator", "member", "comment", "reason", "public"]
    list_filter = [
        "action",
        "public",
        "created_at",
        ("moderator", admin.RelatedOnlyFieldListFilter),
    ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Moderation log"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    list_select_related = ["moderator", "member", "comment__author"]
    search_fields = ["reason", "note", "member__username", "moderator__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Member)


def _with_comments_link(fieldsets):
    """The members admin's fieldsets, with the link to the member's comments in "Standing"."""
    return tuple(
        (title, {**options, "fields": [*options["fields"], "comments_link"]})
        if title == _("Standing")
        else (title, options)
        for title, options in fieldsets
    )


@admin.register(Member)
class ModeratedMemberAdmin(MemberAdmin):
    """The members admin with the moderators' decisions on members, each logged."""

    actions = ["ban", "unban", "hide_all_comments", "cancel_votes", "clear_rank_override"]
    readonly_fields = [*MemberAdmin.readonly_fields, "comments_link"]
    fieldsets = _with_comments_link(MemberAdmin.fieldsets)
    moderator_fieldsets = _with_comments_link(MemberAdmin.moderator_fieldsets)
    change_form_template = "admin/moderation/member_change_form.html"

    class Media:
        css = {"all": ["moderation/admin.css"]}

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decision/<slug:name>/",
                self.admin_site.admin_view(self.decision_view),
                name="accounts_member_decision",
            ),
            *super().get_urls(),
        ]

    def decision_view(self, request, object_id, name):
        return decision_view(
            self,
            MemberDecisions,
            request,
            object_id,
            name,
            template="admin/moderation/decision.html",
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Members"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        member = self.get_object(request, unquote(object_id)) if object_id else None
        if member is not None and request.method == "GET":
            extra_context = {
                **(extra_context or {}),
                **decisions_for(
                    MemberDecisions, member, request.user, next_url=request.get_full_path()
                ),
                "member": member,
                "title": str(member),
                "subtitle": None,
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # A rank given by hand is a moderation decision: it goes to the log.
        if change and "rank_override" in form.changed_data:
            if [field for field in form.changed_data if field != "rank_override"]:
                super().save_model(request, obj, form, change)
            services.give_rank(obj, request.user, form.cleaned_data["rank_override"])
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("their comments"))
    def comments_link(self, member):
        url = reverse("admin:comments_comment_changelist") + f"?author__id__exact={member.pk}"
        count = member.message_count
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext("%(count)d message", "%(count)d messages", count) % {"count": count},
        )

    @admin.action(description=_("Ban (for a time or for good)"), permissions=["change"])
    def ban(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Ban members"),
            lambda member, data: services.ban(
                member, request.user, data["reason"], data["until"], data["note"]
            ),
            form_class=BanForm,
        )

    @admin.action(description=_("Lift the ban"), permissions=["change"])
    def unban(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Lift bans"),
            lambda member, data: services.unban(member, request.user, data["note"]),
            form_class=NoteForm,
        )

    @admin.action(description=_("Hide all their comments"), permissions=["change"])
    def hide_all_comments(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Hide all the comments of these members"),
            lambda member, data: services.hide_all_comments(
                member, request.user, data["reason"], data["note"]
            ),
        )

    @admin.action(description=_("Cancel their votes"), permissions=["change"])
    def cancel_votes(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Cancel the votes of these members"),
            lambda member, data: services.cancel_votes(member, request.user, data["note"]),
            form_class=NoteForm,
        )

    @admin.action(description=_("Clear the rank given by hand"), permissions=["change"])
    def clear_rank_override(self, request, queryset):
        members = list(queryset.exclude(rank_override=None))
        for member in members:
            services.give_rank(member, request.user, None)
        self.message_user(
            request,
            ngettext(
                "%(count)d member back on the ladder.",
                "%(count)d members back on the ladder.",
                len(members),
            )
            % {"count": len(members)},
            messages.SUCCESS,
        )


class ForwardErrorReportForm(forms.Form):
    """Passing an error report to the editors: to one of them, or to all."""

    editor = forms.ModelChoiceField(
        label=_("To"),
        queryset=editors(),
        required=False,
        empty_label=_("All the editors"),
    )
    note = forms.CharField(
        label=_("Note for the editors"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectErrorReportForm(NoteForm):
    correction_note = forms.CharField(
        label=_("Public correction note"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Correct the article first, then describe the correction: it is shown under the "
            "article (“Corrected on …: …”) and sent to the reader who left an address."
        ),
        error_messages={
            "required": _("Describe the correction: it is published under the article.")
        },
    )
    field_order = ["correction_note", "note"]


class RejectErrorReportForm(NoteForm):
    reason = forms.CharField(
        label=_("Reason given to the reader"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent by email to the reader who left an address; never published."),
        error_messages={
            "required": _("Give the reason: it is sent to the reader who left an address.")
        },
    )
    field_order = ["reason", "note"]


class WaitingForMeFilter(admin.SimpleListFilter):
    """The reports an editor should look at: passed to them, or to all the editors."""

    title = _("passed to")
    parameter_name = "pour"

    def lookups(self, request, model_admin):
        return [("moi", _("Me or all the editors"))]

    def queryset(self, request, queryset):
        if self.value() == "moi":
            return queryset.waiting_for(request.user)
        return queryset


@admin.register(ErrorReport)
class ErrorReportAdmin(PrivateLookups, admin.ModelAdmin):
    """Readers' error reports: new ones first, then those passed to the editors, oldest first;
    each report's page has the decisions (pass to the editors, correct, reject) as buttons."""

    list_display = ["message_excerpt", "article_title", "status", "assigned", "created_at"]
    list_display_links = ["message_excerpt"]
    list_filter = ["status", WaitingForMeFilter, "created_at"]
    list_select_related = ["article", "assigned_to"]
    search_fields = ["message", "article__title", "email", "reporter__username"]
    date_hierarchy = "created_at"
    actions = ["forward", "reject"]
    DECISIONS = {
        "forward": ForwardErrorReportForm,
        "correct": CorrectErrorReportForm,
        "reject": RejectErrorReportForm,
    }

    def get_queryset(self, request):
        waiting = Case(
            When(status=ErrorReport.Status.OPEN, then=Value(0)),
            When(status=ErrorReport.Status.FORWARDED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return super().get_queryset(request).annotate(waiting=waiting).order_by("waiting", "-pk")

    def has_add_permission(self, request):
        return False  # reports come from the readers

    def has_delete_permission(self, request, obj=None):
        return False  # reports are corrected or rejected, with a trace, not deleted

    @admin.display(description=_("reader's message"))
    def message_excerpt(self, report):
        return Truncator(report.message).chars(160)

    @admin.display(description=_("article"), ordering="article__title")
    def article_title(self, report):
        return Truncator(report.article.title).chars(50)

    @admin.display(description=_("for"), ordering="assigned_to__username")
    def assigned(self, report):
        if report.status != ErrorReport.Status.FORWARDED:
            return "—"
        return report.assigned_to or _("All the editors")

    def changelist_view(self, request, extra_context=None):
        title = _("Readers' error reports")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The report, and its decisions as buttons, each asking in place for what it needs.
        No model form: every change goes through a decision, which logs it."""
        report = self.get_object(request, unquote(object_id))
        if report is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        allowed = {
            "forward": report.can_be_forwarded_by(request.user),
            "correct": report.can_be_corrected_by(request.user),
            "reject": report.can_be_rejected_by(request.user),
        }
        forms_ = {name: form_class(prefix=name) for name, form_class in self.DECISIONS.items()}
        if request.method == "POST":
            decision = request.POST.get("decision")
            if decision not in self.DECISIONS:
                raise PermissionDenied
            if not allowed[decision] or not self.has_change_permission(request, report):
                if report.is_open:
                    raise PermissionDenied
                self.message_user(
                    request, _("This report has already been handled."), messages.WARNING
                )
                return redirect(request.path)
            form = forms_[decision] = self.DECISIONS[decision](request.POST, prefix=decision)
            if form.is_valid():
                return self._decide(request, report, decision, form.cleaned_data)
        return TemplateResponse(
            request,
            "admin/articles/errorreport/report.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Error report"),
                "subtitle": Truncator(report.article.title).chars(80),
                "opts": self.opts,
                "original": report,
                "report": report,
                "forms": forms_,
                "allowed": allowed,
                "may_decide": self.has_change_permission(request, report) and any(allowed.values()),
                "article_admin_url": (
                    reverse("admin:articles_article_change", args=[report.article_id])
                    if request.user.has_perm("articles.change_article")
                    else None
                ),
                "show_address": request.user.is_superuser,
                "has_view_permission": True,
            },
        )

    def _decide(self, request, report, decision, data):
        try:
            if decision == "forward":
                services.forward_error_report(report, request.user, data["editor"], data["note"])
                done = _("The report was passed to the editors.")
            elif decision == "correct":
                services.correct_article(
                    report, request.user, data["correction_note"], data["note"]
                )
                done = _("The correction is published under the article.")
            else:
                services.reject_error_report(report, request.user, data["reason"], data["note"])
                done = _("The report was rejected.")
        except services.ModerationError as error:
            self.message_user(request, str(error), messages.WARNING)
            return redirect(request.path)
        if report.answer_address and decision != "forward":
            told = _("The reader is told by email.")
            done = f"{done} {told}"
        self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:articles_errorreport_changelist")

    @admin.action(description=_("Pass to the editors"), permissions=["change"])
    def forward(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Pass the reports to the editors"),
            lambda report, data: services.forward_error_report(
                report, request.user, data["editor"], data["note"]
            ),
            form_class=ForwardErrorReportForm,
        )

    @admin.action(description=_("Reject (with a reason for the reader)"), permissions=["change"])
    def reject(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            _("Reject the reports"),
            lambda report, data: services.reject_error_report(
                report, request.user, data["reason"], data["note"]
            ),
            form_class=RejectErrorReportForm,
        )
