from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.admin import ReportActions

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
        "title", "status", "published_at", "category", "author",
        "upvotes", "downvotes", "shares", "comment_count", "reads", "open_reports",
    ]  # fmt: skip
    list_filter = [
        "status", "category", ("author", admin.RelatedOnlyFieldListFilter), "published_at",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]  # fmt: skip
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
                    "error_reports", filter=Q(error_reports__status=ErrorReport.Status.OPEN)
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
        count = queryset.update(status=Article.Status.PUBLISHED)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Turn the selected articles back into drafts"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT)
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
class ErrorReportAdmin(ReportActions, admin.ModelAdmin):
    form = ErrorReportAdminForm
    list_display = ["created_at", "article", "excerpt", "reporter", "email", "status", "handled_by"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article", "reporter", "handled_by"]
    search_fields = ["message", "article__title", "email", "reporter__username"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "article", "reporter", "email", "message", "created_at", "handled_at", "handled_by",
        "correction", "note",
    ]  # fmt: skip
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
        from comments import moderation

        note = form.cleaned_data.get("correction_note", "").strip()
        stored = ErrorReport.objects.get(pk=obj.pk).status
        if stored != ErrorReport.Status.OPEN:
            self.message_user(request, _("This report has already been handled."), messages.WARNING)
            return
        if note and request.user.has_perm("articles.change_article"):
            moderation.correct_article(obj, request.user, note)
        elif "status" in form.changed_data and obj.status != ErrorReport.Status.OPEN:
            resolve = obj.status == ErrorReport.Status.RESOLVED
            obj.status = ErrorReport.Status.OPEN  # handle_reports moves it, and logs it
            moderation.handle_reports([obj], request.user, resolve=resolve)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not request.user.has_perm("articles.change_article"):  # corrections are the editors'
            fields = [f for f in fields if f != "correction_note"]
        return fields

    @admin.display(description=_("message"))
    def excerpt(self, report):
        return report.message[:80]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
