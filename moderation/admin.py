from collections import Counter
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.admin import MemberAdmin, PrivateLookups
from accounts.models import Member
from articles.models import ErrorReport
from comments.models import Comment, CommentRevision, CommentVote

from . import services
from .forms import BanForm, EditTextForm, NoteForm, ReasonForm
from .models import CommentReport, ModerationAction


def ask_then_apply(modeladmin, request, queryset, title, apply, *, form_class=ReasonForm):
    """An admin action that first asks for a reason (and a private note), then applies
    ``apply(obj, form.cleaned_data)`` to each selected object, reporting what failed."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        done = 0
        for obj in queryset:
            try:
                apply(obj, form.cleaned_data)
                done += 1
            except services.ModerationError as error:
                modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request,
                _("%(title)s: %(count)d done.") % {"title": title, "count": done},
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
    fields = [
        "article",
        "author",
        "parent",
        "body",
        "created_at",
        "edited_at",
        "status",
        "moderated_by",
        "moderation_reason",
        "upvotes",
        "downvotes",
        "edit_text",
    ]
    readonly_fields = fields  # decisions go through the actions, which log them
    inlines = [ReportInline, RevisionInline]
    actions = ["hide", "restore", "delete_for_good"]
    ordering = ["-created_at"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Nothing to save here: decisions are taken from the list's actions, with a reason.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

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
        return Truncator(comment.article.title).chars(40)

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
            reverse("admin:comments_comment_edit_text", args=[comment.pk]),
            _("Edit the text (with a reason)"),
            reverse("comments:history", args=[comment.pk]),
            _("Edit history"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/texte/",
                self.admin_site.admin_view(self.edit_text_view),
                name="comments_comment_edit_text",
            ),
            *super().get_urls(),
        ]

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
            lambda c, data: services.hide(c, request.user, data["reason"], data["note"]),
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


class ReportActions:
    """Resolve or dismiss reports, with a private note, through the model admin's
    ``close_reports`` service (which logs the decision): shared by comment reports and article
    error reports."""

    close_reports = None  # services.close_comment_reports or services.close_error_reports

    def _close(self, request, queryset, title, status):
        close = type(self).close_reports
        return ask_then_apply(
            self,
            request,
            queryset,
            title,
            lambda report, data: close([report], request.user, status, data["note"]),
            form_class=NoteForm,
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
    list_display = ["created_at", "action", "moderator", "member", "comment", "reason"]
    list_filter = ["action", "created_at", ("moderator", admin.RelatedOnlyFieldListFilter)]
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
        return format_html(
            '<a href="{}">{}</a>', url, _("%(count)s messages") % {"count": member.message_count}
        )

    @admin.action(description=_("Ban (until a date or for good)"), permissions=["change"])
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
            request, _("%d member(s) back on the ladder.") % len(members), messages.SUCCESS
        )


class ErrorReportAdminForm(forms.ModelForm):
    correction_note = forms.CharField(
        label=_("Public correction note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "After correcting the article, describe the correction: it is shown under the article "
            "(“Corrected on …: …”) and the report is marked resolved."
        ),
    )

    class Meta:
        model = ErrorReport
        fields = ["status"]


@admin.register(ErrorReport)
class ErrorReportAdmin(PrivateLookups, ReportActions, admin.ModelAdmin):
    form = ErrorReportAdminForm
    close_reports = staticmethod(services.close_error_reports)
    list_display = ["created_at", "article", "excerpt", "reporter", "email", "status", "handled_by"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article", "reporter", "handled_by"]
    search_fields = ["message", "article__title", "email", "reporter__username"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "article",
        "reporter",
        "email",
        "message",
        "created_at",
        "handled_at",
        "handled_by",
        "correction",
        "note",
    ]
    fields = [
        *readonly_fields[:5],
        "status",
        "correction_note",
        "handled_at",
        "handled_by",
        "correction",
        "note",
    ]
    actions = ["resolve", "dismiss"]

    def has_delete_permission(self, request, obj=None):
        return False  # reports are resolved or dismissed, with a trace, not deleted

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get("correction_note", "").strip()
        status = form.cleaned_data["status"]
        try:
            if note and request.user.has_perm("articles.change_article"):
                services.correct_article(obj, request.user, note)
            elif "status" in form.changed_data and status != ErrorReport.Status.OPEN:
                obj.status = ErrorReport.Status.OPEN  # closing moves it, and logs it
                services.close_error_reports([obj], request.user, status)
        except services.ModerationError as error:
            self.message_user(request, str(error), messages.WARNING)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not request.user.has_perm("articles.change_article"):  # corrections are the editors'
            fields = [f for f in fields if f != "correction_note"]
        return fields

    @admin.display(description=_("message"))
    def excerpt(self, report):
        return report.message[:80]
