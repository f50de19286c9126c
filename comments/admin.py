from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Comment, CommentReport, CommentRevision


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    fields = ["created_at", "body"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "article",
        "author",
        "created_at",
        "status",
        "upvotes",
        "downvotes",
        "open_reports",
        "on_site",
    ]
    list_filter = ["status", "created_at"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "author__username", "author__email"]
    date_hierarchy = "created_at"
    raw_id_fields = ["article", "author", "parent", "moderated_by"]
    readonly_fields = ["created_at", "edited_at", "upvotes", "downvotes"]
    fields = [
        "article", "author", "parent", "body", "created_at", "edited_at", "status",
        "moderated_by", "moderation_reason", "upvotes", "downvotes",
    ]  # fmt: skip
    inlines = [RevisionInline]

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

    @admin.display(description=_("message"))
    def excerpt(self, comment):
        return comment.body[:80]

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, comment):
        return comment.open_report_count

    @admin.display(description=_("on the site"))
    def on_site(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), _("see"))


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reason", "comment", "reporter", "status"]
    list_filter = ["status", "reason", "created_at"]
    list_select_related = ["comment", "reporter"]
    search_fields = ["comment__body", "reporter__username", "details"]
    raw_id_fields = ["comment", "reporter"]
    date_hierarchy = "created_at"
