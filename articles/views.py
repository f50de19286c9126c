from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import ratelimit
from accounts.participation import refuse, require_participant

# The article page composes the discussion under it, and lists say what is new in each
# discussion: the comments app renders those parts.
from comments import threads
from comments.forms import CommentForm
from comments.reading import with_new_comments

from . import services, shares
from .forms import ErrorReportForm, SearchForm
from .models import Article, Category, Page, RelatedArticle, Tag
from .votes import parse_vote

ARTICLES_PER_PAGE = 15
SEE_ALSO_FALLBACK = 3  # latest articles of the same category, when the editor chose none


def _listing(request: HttpRequest, articles, template: str, context: dict) -> HttpResponse:
    articles = with_new_comments(articles.for_listing(), request.user)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, template, {**context, "page_obj": page, "articles": page.object_list})


def home(request: HttpRequest) -> HttpResponse:
    return _listing(request, Article.objects.published(), "articles/home.html", {})


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().filter(category=category)
    return _listing(request, articles, "articles/category.html", {"category": category})


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag)
    return _listing(request, articles, "articles/tag.html", {"tag": tag})


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    terms = form.cleaned_data["q"].strip() if form.is_valid() else ""
    articles = Article.objects.published().search(terms) if terms else Article.objects.none()
    page = Paginator(articles.select_related("author", "category"), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "articles/search.html",
        {
            "form": form,
            "terms": terms,
            "page_obj": page,
            "articles": page.object_list,
        },
    )


def get_article_for(request: HttpRequest, slug: str) -> Article:
    """The article at ``slug`` if this reader may see it (drafts: editors only), else 404."""
    return get_object_or_404(Article.objects.visible_to(request.user), slug=slug)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    published_links = RelatedArticle.objects.filter(
        target__in=Article.objects.published()
    ).select_related("target")
    article = get_object_or_404(
        Article.objects.visible_to(request.user)
        .select_related("author", "category")
        .prefetch_related(
            "sources",
            "questions",
            "tags",
            "corrections",
            Prefetch("related_links", queryset=published_links),
        ),
        slug=slug,
    )
    see_also = [link.target for link in article.related_links.all()]
    if not see_also:
        see_also = list(
            Article.objects.published()
            .filter(category=article.category_id)
            .exclude(pk=article.pk)
            .order_by("-published_at")[:SEE_ALSO_FALLBACK]
        )
    my_vote = previous_visit = None
    following = False
    if request.user.is_authenticated:
        if article.is_published:
            previous_visit = services.record_visit(article, request.user)
        my_vote = article.votes.filter(member=request.user).values_list("value", flat=True).first()
        following = article.follows.filter(member=request.user).exists()
    thread = threads.load_page(
        article,
        page_number=request.GET.get("page"),
        order=request.GET.get("tri", "date"),
        member=request.user,
        since=previous_visit,
    )
    if thread.seen_until is not None:
        services.mark_seen(article, request.user, thread.seen_until)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "see_also": see_also,
            "my_vote": my_vote,
            "share_networks": [(name, label) for name, (label, _url) in shares.NETWORKS.items()],
            "article_url": request.build_absolute_uri(article.get_absolute_url()),
            "thread": thread,
            "comment_form": (
                CommentForm(article=article) if request.user.is_authenticated else None
            ),
            "following": following,
        },
    )


@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_article_for(request, slug)
    if response := require_participant(request, article.get_absolute_url() + "#votes"):
        return response
    value = parse_vote(request.POST.get("value", ""))
    if value is None:
        return HttpResponseBadRequest(_("A vote is either up or down."))
    if not article.is_published:
        return HttpResponseBadRequest(_("Drafts cannot be voted on."))
    if not ratelimit.take(request, "article_vote"):
        return refuse(
            request,
            _("You are voting too fast. Please wait a few minutes."),
            article.get_absolute_url() + "#votes",
        )
    my_vote = services.record_vote(article, request.user, value)
    if request.htmx:
        return render(
            request,
            "articles/article_detail.html#votes",
            {"article": article, "my_vote": my_vote.value if my_vote else None},
        )
    return redirect(article.get_absolute_url() + "#votes")


@require_GET
def share(request: HttpRequest, slug: str, network: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if network != shares.COPY and network not in shares.NETWORKS:
        return HttpResponseBadRequest(_("Unknown sharing service."))
    # Counted once per reader (a member, or a browser that already has a session: a request
    # without one is a script's or a bot's); past the limit the reader still goes on to share,
    # uncounted.
    reader = services.reader_key(request)
    if reader and ratelimit.take(request, "article_share"):
        services.record_share(article, reader, network)
    url = request.build_absolute_uri(article.get_absolute_url())
    if network == shares.COPY:
        return redirect(article.get_absolute_url() + "?partage=lien#partager")
    return shares.ShareRedirect(shares.NETWORKS[network][1](url, article.title))


def report_error(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = ErrorReportForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.take(request, "error_report"):
            messages.error(request, _("You have sent many reports lately. Please try again later."))
            return render(request, "articles/report_error.html", {"article": article, "form": form})
        report = form.save(commit=False)
        report.article = article
        if request.user.is_authenticated:
            report.reporter = request.user
        report.save()
        messages.success(request, _("Thank you! The editors will look at your report."))
        return redirect(article)
    return render(request, "articles/report_error.html", {"article": article, "form": form})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "articles/page.html", {"page": get_object_or_404(Page, slug=slug)})
