import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.markdown import render_markdown
from accounts.models import Member

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
    editors,
)


class SaysWhatItAdds:
    """An inline whose button says what it adds (« Ajouter une source »), where the admin's
    own says « Ajouter un objet Source supplémentaire »: see ArticleAdmin.get_inline_formsets."""

    add_label = None


class SourceInline(SaysWhatItAdds, admin.TabularInline):
    model = Source
    extra = 1
    fields = ["position", "name", "url"]
    add_label = _("Add a source")


class QuestionInline(SaysWhatItAdds, admin.TabularInline):
    model = Question
    extra = 1
    fields = ["position", "text"]
    verbose_name = _("“And you?” question")
    verbose_name_plural = _("“And you?” questions, put to the readers under the article")
    add_label = _("Add an “And you?” question")


class RelatedArticleInline(SaysWhatItAdds, admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 1
    fields = ["position", "target"]
    autocomplete_fields = ["target"]
    verbose_name_plural = _("“See also” links")
    add_label = _("Add a “See also” link")


class CorrectionInline(SaysWhatItAdds, admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created_at", "note"]
    add_label = _("Add a correction")


class MarkdownEditor(forms.Textarea):
    """The body of an article: a textarea tall enough to write in, and a preview of the
    Markdown rendered as the site renders it. Without JavaScript the « Prévisualiser » button
    posts the form to the preview in a new tab; with htmx the preview follows the typing."""

    frame_template = "admin/articles/widgets/markdown_editor.html"
    preview_url = reverse_lazy("admin:articles_article_markdown_preview")

    def __init__(self, attrs=None):
        super().__init__(
            {
                "rows": 24,
                "class": "vLargeTextField markdown-editor",
                "hx-post": self.preview_url,
                "hx-trigger": "input changed delay:600ms, load",
                "hx-params": "body,csrfmiddlewaretoken",
                "hx-sync": "this:replace",
                **(attrs or {}),
            }
        )

    @staticmethod
    def _output_id(name, attrs) -> str:
        return f"{(attrs or {}).get('id') or name}_preview"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        output = self._output_id(name, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["hx-target"] = f"#{output}"
        widget_attrs["aria-describedby"] = f"{widget_attrs.get('aria-describedby', '')} {output}"
        widget_attrs["aria-describedby"] = widget_attrs["aria-describedby"].strip()
        return context

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        return render_to_string(
            self.frame_template,
            {
                "textarea": textarea,
                "textarea_id": (attrs or {}).get("id") or name,
                "output_id": self._output_id(name, attrs),
                "preview_url": self.preview_url,
            },
        )


class ArticleAdminForm(forms.ModelForm):
    body = forms.CharField(
        label=_("Body"),
        max_length=Article.BODY_MAX_LENGTH,
        widget=MarkdownEditor,
        help_text=_("Markdown: the preview shows it as readers will see it."),
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
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
        "comments_closed",
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
    readonly_fields = ["upvotes", "downvotes", "shares", "comment_count", "reads", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "tags", "lead", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at", "author", "comments_closed"]}),
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
    actions = ["publish", "unpublish", "close_discussions", "open_discussions"]

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # By name, among those who write: the editors, whoever wrote an article already,
            # and the member writing this one.
            wrote = Article.objects.filter(author=OuterRef("pk"))
            kwargs["queryset"] = Member.objects.filter(
                Q(pk__in=editors().values("pk")) | Q(pk=request.user.pk) | Exists(wrote)
            ).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The admin's own titles read « Ajout de article », « Modification de article ».
        if add:
            context["title"] = _("New article")
        elif self.has_change_permission(request, obj):
            context["title"] = _("Edit the article")
        else:
            context["title"] = _("Article")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            label = getattr(inline_formset.opts, "add_label", None)
            if label:
                data = json.loads(inline_formset.inline_formset_data())
                data["options"]["addText"] = str(label)
                inline_formset.inline_formset_data = lambda data=data: json.dumps(data)
        return inline_formsets

    def get_urls(self):
        return [
            path(
                "apercu-markdown/",
                self.admin_site.admin_view(self.markdown_preview),
                name="articles_article_markdown_preview",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def markdown_preview(self, request: HttpRequest) -> HttpResponse:
        """The article's Markdown rendered by the site's renderer, for the editors only: in
        place with htmx, or as a page of its own (the form posted to a new tab). Bounded like
        the body itself: a longer text is refused before it is rendered."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        body = request.POST.get("body", "")
        too_long = len(body) > Article.BODY_MAX_LENGTH
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview of the article's body"),
            "opts": self.opts,
            "html": "" if too_long else render_markdown(body),
            "length": len(body),
            "limit": Article.BODY_MAX_LENGTH,
            "too_long": too_long,
        }
        template = "admin/articles/article/markdown_preview.html"
        if request.htmx:
            template += "#rendered"
        response = TemplateResponse(request, template, context, status=413 if too_long else 200)
        add_never_cache_headers(response)
        return response

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

    @admin.action(description=_("Close the selected discussions"), permissions=["change"])
    def close_discussions(self, request, queryset):
        count = queryset.close_discussions()
        self.message_user(
            request,
            ngettext("%d discussion closed.", "%d discussions closed.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Reopen the selected discussions"), permissions=["change"])
    def open_discussions(self, request, queryset):
        count = queryset.open_discussions()
        self.message_user(
            request,
            ngettext("%d discussion reopened.", "%d discussions reopened.", count) % count,
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
