from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    Article,
    Category,
    Correction,
    ErrorReport,
    Page,
    Question,
    RelatedArticle,
    Source,
    Tag,
)


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ["position", "name", "url"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ["position", "text"]


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 1
    fields = ["position", "target"]
    autocomplete_fields = ["target"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created_at", "note"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "category",
        "author",
        "upvotes",
        "downvotes",
        "shares",
        "comment_count",
        "reads",
        "open_reports",
    ]
    list_filter = [
        "status",
        "category",
        ("author", admin.RelatedOnlyFieldListFilter),
        "published_at",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category", "author"]
    search_fields = ["title", "lead", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    raw_id_fields = ["author"]
    readonly_fields = ["upvotes", "downvotes", "shares", "comment_count", "reads", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "tags", "lead", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at", "author"]}),
        (
            _("Counters"),
            {
                "fields": [
                    "upvotes",
                    "downvotes",
                    "shares",
                    "comment_count",
                    "reads",
                    "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [SourceInline, QuestionInline, RelatedArticleInline, CorrectionInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_report_count=Count(
                    "error_reports", filter=Q(error_reports__status__in=ErrorReport.OPEN_STATUSES)
                )
            )
        )

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, article):
        return article.open_report_count

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Turn the selected articles back into drafts"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, category):
        return category.article_total


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
