import hashlib
import re
import secrets
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotModified,
)
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import csrf, prepared, ratelimit, theme
from accounts.cache import incarnation, remembered, versioned_get_many, versioned_set_many
from accounts.models import Ignore, Member
from accounts.params import small_number
from accounts.participation import refuse, require_participant

# The article page composes the discussion under it, and lists say what is new in each
# discussion: the comments app renders those parts (and the right column, comments.column).
from comments import column, threads
from comments.forms import CommentForm, blank_form_html
from comments.models import Comment, CommentVote, Follow
from comments.reading import with_new_comments

from . import services, shares
from .forms import ErrorReportForm, SearchForm
from .models import (
    Article,
    ArticleRead,
    ArticleVote,
    Category,
    Edition,
    Page,
    RelatedArticle,
    Tag,
)
from .votes import parse_vote

ARTICLES_PER_PAGE = 15
SEE_ALSO_FALLBACK = 3  # latest articles of the same category, when the editor chose none


def _listing(
    request: HttpRequest, articles, template: str, context: dict, **within
) -> HttpResponse:
    """A list of articles. Anonymous readers get it from the cache, keyed by the sum of the
    listed articles' versions (any count or title shown moves it), their number, the edition
    and the latest publication: one query when nothing changed (``within``: the category or
    the tag that ``articles`` are of, as ``Article.objects.listing_versions`` takes it)."""

    def render_listing(page_holes: bool = False, found=None):
        listed = with_new_comments(articles.for_listing(), request.user)
        page = Paginator(listed, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        extra = {"csrf_token": PAGE_CSRF, "csp_nonce": PAGE_NONCE} if page_holes else {}
        extra["site_column"] = PAGE_COLUMN if page_holes else mark_safe(column.for_page().html())  # noqa: S308
        response = render(
            request, template, {**context, "page_obj": page, "articles": page.object_list, **extra}
        )
        return response, {}

    if not (is_plain_anonymous(request) and _usual_address(request)):
        return render_listing()[0]
    versions, count, latest, edition, activity, latest_of_all = Article.objects.listing_versions(
        **within
    )
    latest = latest.timestamp() if latest else 0
    made_of = f"{request.path}:{versions}:{count}:{latest}:{edition}"
    page_column = column.for_versions(activity, edition, latest_of_all)
    return cached_anonymous_page(request, made_of, ("page",), render_listing, page_column)


def home(request: HttpRequest) -> HttpResponse:
    return _listing(request, Article.objects.published(), "articles/home.html", {})


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().filter(category=category)
    return _listing(
        request, articles, "articles/category.html", {"category": category}, category_id=category.pk
    )


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag)
    return _listing(request, articles, "articles/tag.html", {"tag": tag}, tag_id=tag.pk)


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


DETAIL_PARAMS = ("page", "tri", "partage")  # what the article page reads of its address
SHARE_NETWORKS = [(name, label) for name, (label, _url) in shares.NETWORKS.items()]
# Holes in a cached page (see accounts.cache and comments.rendering): the request's CSRF token
# and CSP nonce, put in when the page leaves.
PAGE_CSRF, PAGE_NONCE = "\x00C\x00", "\x00N\x00"
PAGE_CSRF_BYTES, PAGE_NONCE_BYTES = PAGE_CSRF.encode(), PAGE_NONCE.encode()
# The right column (comments.column), cached on its own: put in as the page leaves.
PAGE_COLUMN = mark_safe("\x00K\x00")
PAGE_COLUMN_BYTES = PAGE_COLUMN.encode()
# Holes in the cached article, by the part of _article_parts.html that fills them.
BLOCK_HOLES = {"shares": "\x00S\x00", "copy_link": "\x00L\x00", "votes": "\x00V\x00"}
BLOCK_HOLES["reading"] = "\x00R\x00"
# Holes of a member's page cached without its reader (MemberFrame): their header, the "new
# comments" line, the pagination (it may point to their first unread comment), the comment
# form's one-time token, and the discussion with their state; and what the discussion's
# version changes around it (its heading's count, the sort links, when it was made, which the
# live notice counts from), so that a frame outlives the versions of its discussion.
FRAME_HOLES = {
    "header": "\x00H\x00",
    "new_comments": "\x00W\x00",
    "pagination": "\x00P\x00",
    "token": "\x00T\x00",
    "discussion": "\x00D\x00",
    "heading": "\x00E\x00",
    "sort": "\x00O\x00",
    "since": "\x00M\x00",
}


def _reader_article(request: HttpRequest, slug: str) -> Article:
    """The article (404 for a reader who may not see it), with its author and category, and
    what the page's cache keys and this reader's state need: the edition, the latest
    publication, and for a member their vote, whether they follow the discussion and how far
    they had read it. One statement written once as SQL (building it with the ORM, and its
    subqueries, cost more than the rest of a member's page); editors, who also see drafts and
    scheduled articles, two."""
    user = request.user
    member = user.pk if user.is_authenticated else None
    if user.is_staff and user.has_perm("articles.change_article"):
        article = get_object_or_404(Article.objects.select_related("author", "category"), slug=slug)
        with connection.cursor() as cursor:
            cursor.execute(_reader_state_sql(), _state_params(member, article.pk))
            state = cursor.fetchone()
    else:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        row = prepared.row(
            _reader_article_sql(),
            [*_state_params(member), slug, Article.Status.PUBLISHED, now],
        )
        if row is None:
            raise Http404
        article = _article_of(row)
        state = row[-len(_STATE) :]
    edition, latest, my_vote, following, seen_until, new_count, activity, votes, ignored = state
    article.edition, article.latest, article.activity = edition, prepared.moment(latest), activity
    if member is not None:
        article.my_vote, article.following = my_vote, bool(following)
        article.seen_until = prepared.moment(seen_until)
        article.new_count = new_count or 0
        pairs = (pair.split(":") for pair in votes.split(",")) if votes else ()
        article.reader_marks = (
            {int(pk): int(value) for pk, value in pairs},
            frozenset(int(pk) for pk in ignored.split(",")) if ignored else frozenset(),
        )
    return article


# What the article page knows of its reader, read with the article (as SQL expressions of the
# article's id, ``{article}``, and of the reader's, ``{member}``): the edition's version, the
# latest publication, their vote, whether they follow, how far they had read, what is new for
# them since (visible comments of others, not of members they ignore), the right column's
# activity.
_STATE = (
    '(SELECT "version" FROM "{edition}" WHERE "id" = 1)',
    '(SELECT MAX("latest"."published_at") FROM "{article_table}" AS "latest" '
    'WHERE "latest"."status" = %s AND "latest"."published_at" <= %s)',
    '(SELECT "value" FROM "{vote}" WHERE "article_id" = {article} AND "member_id" = {member})',
    'EXISTS (SELECT 1 FROM "{follow}" WHERE "article_id" = {article} AND "member_id" = {member})',
    '(SELECT "seen_until" FROM "{read}" WHERE "article_id" = {article} AND "member_id" = {member})',
    '(SELECT COUNT(*) FROM "{comment}" WHERE "{comment}"."article_id" = {article} AND '
    '"{comment}"."created_at" > (SELECT "seen_until" FROM "{read}" WHERE "article_id" = '
    '{article} AND "member_id" = {member}) AND "{comment}"."status" = %s AND '
    '("{comment}"."author_id" IS NULL OR ("{comment}"."author_id" != {member} AND '
    '"{comment}"."author_id" NOT IN (SELECT "ignored_id" FROM "{ignore}" WHERE '
    '"member_id" = {member}))))',
    '(SELECT "activity" FROM "{edition}" WHERE "id" = 1)',
    # Their votes on the article's comments ("id:value,…"), which their page of the discussion
    # shows: one range of an index (comment_vote_reader_idx), bounded by the article's
    # comments, however many votes they cast elsewhere; and those cast while the code before
    # CommentVote.article still served (a range of the same index), found by their comment.
    '(SELECT {concat_votes} FROM "{comment_vote}" WHERE "member_id" = {member} AND '
    '("article_id" = {article} OR ("article_id" IS NULL AND (SELECT "article_id" FROM '
    '"{comment}" WHERE "id" = "{comment_vote}"."comment_id") = {article})))',
    # and whom they ignore ("id,…"; bounded by MAX_IGNORED)
    '(SELECT {concat_ignored} FROM "{ignore}" WHERE "member_id" = {member})',
)


def _state_params(member, article_id=None) -> list:
    """The parameters of _STATE, in order (``article_id``: where the article is a parameter)."""
    article = [article_id] if article_id is not None else []
    mine = [*article, member]
    return [
        Article.Status.PUBLISHED,
        connection.ops.adapt_datetimefield_value(timezone.now()),
        *mine,  # their vote
        *mine,  # whether they follow
        *mine,  # how far they had read
        *article,  # what is new for them: the article's comments,
        *mine,  # after how far they had read,
        Comment.Status.VISIBLE,  # visible,
        member,  # not theirs
        member,  # nor of members they ignore
        member,  # their votes
        *article,  # on its comments
        *article,  # (and those without an article, on its comments)
        member,  # whom they ignore
    ]


def _state_sql(article: str) -> str:
    concat = "STRING_AGG({}, ',')" if connection.vendor == "postgresql" else "GROUP_CONCAT({}, ',')"
    concat_votes = concat.format(
        '"{comment_vote}"."comment_id" || \':\' || "{comment_vote}"."value"'
    )
    concat_ignored = concat.format('CAST("ignored_id" AS TEXT)')
    # The reader, as a value PostgreSQL's planner does not look into. A statement prepared
    # once is planned anew at each run while a plan made for its values looks cheaper than
    # one made for any values; the member's row counts (how many votes they cast) made it so
    # for nearly every member, and planning it cost more than running it (1.1 -> 0.4 ms a
    # page). Their value hidden, every run takes the one plan made for any values, which
    # reads by the same indexes.
    member = "(SELECT CAST(%s AS BIGINT))" if connection.vendor == "postgresql" else "%s"
    tables = {
        "comment_vote": CommentVote._meta.db_table,
        "article_table": Article._meta.db_table,
        "edition": Edition._meta.db_table,
        "vote": ArticleVote._meta.db_table,
        "follow": Follow._meta.db_table,
        "read": ArticleRead._meta.db_table,
        "comment": Comment._meta.db_table,
        "ignore": Ignore._meta.db_table,
    }
    return ", ".join(
        each.format(
            article=article,
            concat_votes=concat_votes.format(**tables),
            concat_ignored=concat_ignored,
            member=member,
            **tables,
        )
        for each in _STATE
    )


@cache
def _reader_state_sql() -> str:
    """The reader's state alone, for an article already read (by id)."""
    return f"SELECT {_state_sql('%s')}"


_ARTICLE_FIELDS = prepared.fields(Article, None)
_AUTHOR_FIELDS = prepared.fields(Member, None)
_CATEGORY_FIELDS = prepared.fields(Category, None)


@cache
def _reader_article_sql() -> str:
    """The published article at a slug, its author and category, and the reader's state."""
    article, member, category = (
        Article._meta.db_table,
        Member._meta.db_table,
        Category._meta.db_table,
    )
    article_id = f'"{article}"."id"'
    return (
        f"SELECT {prepared.columns(Article, _ARTICLE_FIELDS)}, "  # noqa: S608
        f"{prepared.columns(Member, _AUTHOR_FIELDS)}, "
        f"{prepared.columns(Category, _CATEGORY_FIELDS)}, "
        f'{_state_sql(article_id)} FROM "{article}" '
        f'LEFT OUTER JOIN "{member}" ON "{member}"."id" = "{article}"."author_id" '
        f'LEFT OUTER JOIN "{category}" ON "{category}"."id" = "{article}"."category_id" '
        f'WHERE "{article}"."slug" = %s AND "{article}"."status" = %s '
        f'AND "{article}"."published_at" <= %s'
    )


def _article_of(row) -> Article:
    """The article of a row of _reader_article_sql, with its author and category."""
    first = len(_ARTICLE_FIELDS)
    ends = (first, first + len(_AUTHOR_FIELDS), first + len(_AUTHOR_FIELDS) + len(_CATEGORY_FIELDS))
    article = prepared.instance(Article, _ARTICLE_FIELDS, row[: ends[0]])
    author = row[ends[0] : ends[1]]
    article.author = (
        prepared.instance(Member, _AUTHOR_FIELDS, author) if author[0] is not None else None
    )
    category = row[ends[1] : ends[2]]
    article.category = (
        prepared.instance(Category, _CATEGORY_FIELDS, category) if category[0] is not None else None
    )
    return article


def _block_key(request: HttpRequest, article: Article) -> str:
    latest = article.latest.timestamp() if article.latest else 0
    made_of = f"{article.pk}:{article.edition}:{latest}:{get_language()}:{request.get_host()}"
    return "article:" + hashlib.sha256(made_of.encode()).hexdigest()[:40]


def _render_block(request: HttpRequest, article: Article, *, preview: bool = False) -> str:
    """The article as every reader sees it, with holes (_article_block.html): loaded with its
    sources, questions, tags, corrections and links only when it is rendered."""
    article = (
        Article.objects.select_related("author", "category")
        .prefetch_related(
            "sources",
            "questions",
            "tags",
            "corrections",
            Prefetch(
                "related_links",
                queryset=RelatedArticle.objects.filter(
                    target__in=Article.objects.published()
                ).select_related("target"),
            ),
        )
        .get(pk=article.pk)
    )
    see_also = [link.target for link in article.related_links.all()]
    if not see_also:
        see_also = list(
            Article.objects.published()
            .filter(category=article.category_id)
            .exclude(pk=article.pk)
            .order_by("-published_at")[:SEE_ALSO_FALLBACK]
        )
    return render_to_string(
        "articles/_article_block.html",
        {
            "article": article,
            "see_also": see_also,
            "share_networks": SHARE_NETWORKS,
            "article_url": request.build_absolute_uri(article.get_absolute_url()),
            "hole": BLOCK_HOLES,
            "preview": preview,
        },
        request,
    )


def _fill_block(
    request: HttpRequest, block: str, article: Article, my_vote, csrf_token, names=BLOCK_HOLES
) -> str:
    """The reader's parts (``names``: those of them), in the holes of the cached article."""
    for part, value in _block_parts(request, article, my_vote, csrf_token, names).items():
        block = block.replace(BLOCK_HOLES[part], value)
    return block


def _block_parts(
    request: HttpRequest, article: Article, my_vote, csrf_token, names=BLOCK_HOLES
) -> dict[str, str]:
    """The reader's parts of the article (``names``: those of them), by the name of their hole:
    rendered with what they show only (the context processors, run for each, cost more than
    the parts), and those that many requests share kept in this process's memory, under what
    they show (accounts.cache.remembered); the CSRF token is put in afterwards."""
    member = request.user
    first_read = getattr(member, "first_read_at", None)
    since = timesince(first_read) if first_read and getattr(member, "articles_read", 0) else ""
    context = {
        "article": article,
        "my_vote": my_vote,
        "csrf_token": PAGE_CSRF,
        "article_url": request.build_absolute_uri(article.get_absolute_url()),
        "user": member,
        "request": request,
        "reading_since": since,
    }

    def part(name):
        if name in _COUNTS_PARTS:
            return _counts_part(name, article, my_vote)
        if name == "copy_link" and request.GET.get("partage") != "lien":
            return ""
        template = get_template(f"articles/_article_parts.html#{name}")
        if name == "reading" and member.is_authenticated:
            made_of = f"{member.articles_read}:{since}"
            return remembered(f"article-reading:{made_of}", lambda: template.render(context))
        # An anonymous reader's notice links back to the address they read (not remembered).
        return template.render(context)

    return {name: part(name).replace(PAGE_CSRF, csrf_token) for name in names}


# The article's parts that show its counts (and the reader's vote): the same for every reader
# who voted alike, whatever else they are.
_COUNTS_PARTS = ("shares", "votes")


def _counts_part(name: str, article, my_vote) -> str:
    """The share count or the vote buttons of ``article`` (an Article, or what versions_of()
    read of it: its slug and counts), as a reader whose vote is ``my_vote`` sees them, with
    PAGE_CSRF for the token; kept under what they show."""
    made_of = (
        f"{article.shares}"
        if name == "shares"
        else f"{article.slug}:{article.upvotes}:{article.downvotes}:{my_vote}"
    )
    return remembered(
        f"article-{name}:{made_of}",
        lambda: get_template(f"articles/_article_parts.html#{name}").render(
            {"article": article, "my_vote": my_vote, "csrf_token": PAGE_CSRF}
        ),
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The article and its discussion. Anonymous readers (no session, nothing to tell them)
    get the whole page from the cache (anonymous_detail); others get it assembled from the
    cached article and discussion, with their own state filled in."""
    if is_plain_anonymous(request, DETAIL_PARAMS) and _usual_address(request):
        return anonymous_detail(request, slug)
    response, fresh = _detail(request, slug)
    if fresh:
        versioned_set_many(fresh)
    return response


def _detail(
    request: HttpRequest,
    slug: str,
    *,
    page_holes: bool = False,
    found: dict | None = None,
) -> tuple[HttpResponse, dict]:
    """The page, and the renderings it made that were not in the cache (``found``: what the
    caller already looked for in it, None where it missed). A member's page is its frame from
    the cache (MemberFrame), filled with their parts."""
    article = _reader_article(request, slug)
    if not article.is_published:
        return _preview(request, article), {}
    member = request.user
    previous_visit = None
    if member.is_authenticated and article.is_published:
        previous_visit = article.seen_until
        if previous_visit is None:
            services.record_visit(article, member)  # the first visit: a read
    order, page_number = request.GET.get("tri", "date"), request.GET.get("page")
    block_key = _block_key(request, article)
    discussion_key = threads.discussion_key(article, order, page_number)
    keys = [block_key, discussion_key]
    # The right column (comments.column), read with the rest; the cached page has a hole for it.
    page_column = (
        None
        if page_holes
        else column.for_versions(article.activity, article.edition, article.latest, article.pk)
    )
    if page_column is not None:
        keys.append(page_column.key)
    frame_key = None
    if member.is_authenticated and _framed(request):
        frame_key = _frame_key(request, article, block_key)
        keys.append(frame_key)
    if found is None or any(key not in found for key in keys):
        found = {**(found or {}), **versioned_get_many(keys)}
    csrf_token = PAGE_CSRF if page_holes else csrf.token(request)
    thread = threads.load_page(
        article,
        page_number=page_number,
        order=order,
        member=member,
        since=previous_visit,
        new_count=getattr(article, "new_count", None),
        csrf_token=csrf_token,
        found=found,
        marks=getattr(article, "reader_marks", None),
    )
    fresh = dict(thread.fresh)
    block = found.get(block_key)
    if block is None:
        block = fresh[block_key] = _render_block(request, article)
    if thread.seen_until is not None:
        services.mark_seen(article, member, thread.seen_until)
    if frame_key is not None:
        frame = found.get(frame_key)
        if frame is None:
            frame = fresh[frame_key] = _render_frame(request, article, block, thread)
        column_html, column_fresh = page_column.made(found)
        fresh |= column_fresh
        content = frame.filled(_frame_parts(request, article, thread, csrf_token, column_html))
        return HttpResponse(content), fresh
    # The anonymous page cached leaves the article's counts in their holes (anonymous_detail).
    names = [name for name in BLOCK_HOLES if not (page_holes and name in _COUNTS_PARTS)]
    context = {
        "article": article,
        "article_html": mark_safe(  # noqa: S308 - our own rendering, escaped where it is made
            _fill_block(
                request, block, article, getattr(article, "my_vote", None), csrf_token, names
            )
        ),
        "article_url": request.build_absolute_uri(article.get_absolute_url()),
        "thread": thread,
        "comment_form": CommentForm(article=article) if member.is_authenticated else None,
        "following": getattr(article, "following", False),
    }
    if page_holes:
        # The anonymous page is cached without its discussion, which is cached on its own
        # (cached_anonymous_page puts it in as the page leaves): each megabyte is stored once.
        context |= {"csrf_token": PAGE_CSRF, "csp_nonce": PAGE_NONCE, "site_column": PAGE_COLUMN}
        # and what the discussion's version changes around it, in holes too: the page is
        # cached whatever the version (anonymous_detail fills them).
        context["frame"] = {
            name: mark_safe(FRAME_HOLES[name])  # noqa: S308 - NUL and a letter
            for name in ("heading", "sort", "since", "pagination", "new_comments")
        }
        thread.place = FRAME_HOLES["discussion"]
        response = render(request, "articles/article_detail.html", context)
        response.discussion = thread.source
        response.versions = (article.edition, article.latest, article.comments_closed)
        return response, fresh
    if page_column is not None:  # (the page cached for anonymous readers has a hole for it)
        column_html, column_fresh = page_column.made(found)
        context["site_column"] = mark_safe(column_html)  # noqa: S308
        fresh |= column_fresh
    response = thread.into(render(request, "articles/article_detail.html", context))
    return response, fresh


def _framed(request: HttpRequest) -> bool:
    """Whether a member's page may be made from its cached frame: at an address as the page's
    own links write it, and with no message waiting for them (the frame has no place for
    messages: a page that shows one is made for them)."""
    return (
        set(request.GET) <= set(DETAIL_PARAMS)
        and _usual_address(request)
        and not len(messages.get_messages(request))
    )


def _frame_key(request: HttpRequest, article: Article, block_key: str):
    """The key of the frame of the article page that members see alike: everything it shows
    is named by the article's key (its edition, the latest publication, the language, the
    host), whether its discussion is closed (the comment form or the notice that replaces it,
    the live notice), the theme, the address's parameters (the page, the order; the footer's
    forms return to it), whether the member follows the discussion (the follow button) and
    whether they moderate; the rest, and all that the discussion's version changes, is in its
    holes (FRAME_HOLES): a new comment, a vote, a hidden comment make no new frame."""
    query = "&".join(f"{name}={request.GET[name]}" for name in DETAIL_PARAMS if name in request.GET)
    made_of = (
        f"{block_key}:{article.comments_closed}:{theme.of(request)}:{query}:"
        f"{bool(article.following)}:{request.user.is_moderator}"
    )
    return "frame:" + hashlib.sha256(made_of.encode()).hexdigest()[:40]


def _render_frame(request: HttpRequest, article: Article, block: str, thread) -> "MemberFrame":
    """The member's page without its member: the template rendered with holes for their
    header, the CSRF token and nonce, the article's reader parts, the "new comments" line,
    the pagination, the comment form's one-time token, the right column and the discussion."""
    thread.place = FRAME_HOLES["discussion"]
    context = {
        "article": article,
        "article_html": mark_safe(block),  # noqa: S308 - our own rendering, holes left in it
        "article_url": request.build_absolute_uri(article.get_absolute_url()),
        "thread": thread,
        # The comment form, the same in every frame of the article: its one-time token and
        # CSRF token are holes of the frame.
        "comment_form_html": blank_form_html(
            article, token=FRAME_HOLES["token"], csrf_token=PAGE_CSRF
        ),
        "following": article.following,
        "csrf_token": PAGE_CSRF,
        "csp_nonce": PAGE_NONCE,
        "site_column": PAGE_COLUMN,
        "messages": (),  # none are waiting (_framed)
        "frame": {name: mark_safe(hole) for name, hole in FRAME_HOLES.items()},  # noqa: S308
    }
    return MemberFrame.of(render(request, "articles/article_detail.html", context).content)


def _frame_parts(request: HttpRequest, article: Article, thread, csrf_token, column_html):
    """What fills the holes of a member's frame, by the name of their hole."""
    member = request.user
    parts = {
        PAGE_CSRF: csrf_token,
        PAGE_NONCE: str(get_nonce(request) or ""),
        PAGE_COLUMN: column_html,
        FRAME_HOLES["header"]: remembered(
            f"header:{member.pk}:{member.username}:{member.unread_notifications}:{member.is_staff}",
            lambda: get_template("base.html#member_header").render(
                {"user": member, "csrf_token": PAGE_CSRF}
            ),
        ).replace(PAGE_CSRF, csrf_token),
        FRAME_HOLES["new_comments"]: (
            get_template("comments/_section.html#new_comments").render({"thread": thread})
            if thread.new_count
            else ""
        ),
        FRAME_HOLES["pagination"]: _pagination(request, thread.page, thread.first_unread_url),
        FRAME_HOLES["token"]: secrets.token_urlsafe(16),
        **_around_discussion(
            request, article.comment_count, thread.order, thread.count, thread.made_at
        ),
    }
    block_parts = _block_parts(request, article, getattr(article, "my_vote", None), csrf_token)
    parts |= {BLOCK_HOLES[part]: value for part, value in block_parts.items()}
    parts = {hole[1:2].encode(): value.encode() for hole, value in parts.items()}
    parts[FRAME_HOLES["discussion"][1:2].encode()] = thread.parts  # joined with the page
    return parts


def _pagination(request, page, first_unread_url: str = "") -> str:
    """The discussion's pagination (and the link to the reader's first unread comment), or
    nothing when there is neither."""
    if not (page.has_other_pages() or first_unread_url):
        return ""
    return render_to_string(
        "_pagination.html",
        {
            "page_obj": page,
            "anchor": "#commentaires",
            "chronological": True,
            "first_unread_url": first_unread_url,
        },
        request,
    )


def _around_discussion(request, comment_count, order, shown, made_at) -> dict[str, str]:
    """What the discussion's version changes around it, by hole: the heading's count, the
    sort links (when it shows comments), the time the live notice counts from; the few words
    each kept under what they show (accounts.cache.remembered)."""
    return {
        FRAME_HOLES["heading"]: remembered(
            f"discussion-heading:{comment_count}",
            lambda: get_template("comments/_section.html#heading").render(
                {"article": {"comment_count": comment_count}}
            ),
        ),
        FRAME_HOLES["sort"]: (
            remembered(
                f"discussion-sort:{order}:{request.GET.urlencode()}",
                lambda: get_template("comments/_section.html#sort").render(
                    {"thread": {"order": order}}, request
                ),
            )
            if shown
            else ""
        ),
        FRAME_HOLES["since"]: made_at.isoformat() if made_at else "",
    }


class MemberFrame:
    """The article page as every member sees it, cut at its holes once, when it is made:
    filling it is one join, and what fills a hole (a member's name, say) is never searched
    for holes again."""

    HOLES = [PAGE_CSRF, PAGE_NONCE, PAGE_COLUMN, *FRAME_HOLES.values(), *BLOCK_HOLES.values()]
    HOLE = re.compile(b"\\x00([%s])\\x00" % "".join(hole[1] for hole in HOLES).encode())

    def __init__(self, pieces: tuple[bytes, ...]):
        self.pieces = pieces  # the page's text at even indexes, the holes' names between

    @classmethod
    def of(cls, content: bytes) -> "MemberFrame":
        return cls(tuple(cls.HOLE.split(content)))

    def filled(self, parts: dict[bytes, bytes | list[bytes]]) -> bytes:
        """The page, each hole filled with its part (bytes, or a list of them)."""
        pieces = []
        for index, piece in enumerate(self.pieces):
            if not index % 2:
                pieces.append(piece)
            elif isinstance(part := parts[piece], list):
                pieces.extend(part)
            else:
                pieces.append(part)
        return b"".join(pieces)

    @property
    def size(self) -> int:  # for the process's cache, which keeps the largest out
        return sum(len(piece) for piece in self.pieces)


def _preview(request: HttpRequest, article: Article) -> HttpResponse:
    """An editor's preview of a draft or a scheduled article: the article as readers will see
    it, under a banner, without the controls that work only once it is published (votes,
    shares, comments, following, error reports). Never cached: neither the article block nor
    the page is stored, and the browser is told to keep nothing."""
    context = {
        "article": article,
        "article_html": mark_safe(_render_block(request, article, preview=True)),  # noqa: S308
        "article_url": request.build_absolute_uri(article.get_absolute_url()),
        "preview": True,
        "article_admin_url": reverse("admin:articles_article_change", args=[article.pk]),
    }
    response = render(request, "articles/article_detail.html", context)
    add_never_cache_headers(response)
    return response


def _usual_address(request: HttpRequest) -> bool:
    """The page's parameters as its own links write them: a sort it knows, a page number of a
    few digits. Others get the page made for them, so that nobody fills the shared cache with
    copies of the same page under endless addresses."""
    page, order = request.GET.get("page", "1"), request.GET.get("tri", "date")
    share = request.GET.get("partage", "lien")
    return (
        small_number(page, 4) is not None
        and order in threads.ORDERS
        and share == "lien"
        and all(len(values) == 1 for _name, values in request.GET.lists())  # each once
    )


def is_plain_anonymous(request: HttpRequest, params=("page",)) -> bool:
    """A reader with no session and no message waiting, asking for the page with no other
    parameter than ``params``: every such reader sees the same bytes (but for the CSRF token
    and the CSP nonce). Other parameters (``?utm_source=``) get the page made for them: their
    address shows in it (the log-in link's ``next``), and they would make endless keys."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and set(request.GET) <= set(params)
    )


def anonymous_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole page from the cache, keyed by everything it shows but its discussion's
    version: the edition and the latest publication (the article, the articles it names),
    whether its discussion is closed, the language, the host and the address's parameters.
    What the version changes (the discussion, cached on its own; its heading, sort links,
    pagination and the live notice's time; the article's counts) is put in as the page
    leaves. One query when nothing changed; 304 when the browser has it already."""
    row = Article.objects.versions_of(slug)
    if row is None:
        raise Http404
    latest = row[3].timestamp() if row[3] else 0
    made_of = f"article:{row[0]}:{row[2]}:{latest}:{'closed' if row[4] else 'open'}"
    # What a cold page needs of the cache, looked for with the page: the article and its
    # discussion, by the keys their versions make.
    known = _Versions(row[0], row[1], row[4], row[2], row[3], slug, *row[6:10])
    order, page = request.GET.get("tri", "date"), request.GET.get("page")
    parts = [_block_key(request, known), threads.discussion_key(known, order, page)]

    def render_page(page_holes, found):
        response, fresh = _detail(request, slug, page_holes=page_holes, found=found)
        # Read again to be rendered, the article may have changed since versions_of(): a
        # page made from what the key does not name is served, never kept under it (it
        # would outlive the change: a discussion closed, then opened again).
        if getattr(response, "versions", (row[2], row[3], row[4])) != (row[2], row[3], row[4]):
            response.keep = False
        return response, fresh

    return cached_anonymous_page(
        request,
        made_of,
        DETAIL_PARAMS,
        render_page,
        column.for_versions(row[5], row[2], row[3], row[0]),
        parts,
        discussion_key=parts[1],
        discussion=lambda found: threads.cached_discussion(known, order, page, found),
        version=f"{row[1]}:{settings.COMMENTS_PER_PAGE}:{settings.COMMENT_MAX_DEPTH}",
        holes=lambda discussion, token: _anonymous_holes(request, known, order, discussion, token),
    )


class _Versions(NamedTuple):
    """What versions_of() read of an article: what the keys of its page and discussion are
    made of (the keys' functions take it for the article: a model instance cost more to make
    than the rest of an anonymous page served from the cache), and its counts."""

    pk: int
    version: int
    comments_closed: bool
    edition: int
    latest: object
    slug: str
    comment_count: int
    upvotes: int
    downvotes: int
    shares: int


def _anonymous_holes(request, known: _Versions, order, discussion, token) -> dict[bytes, bytes]:
    """What fills the holes of an anonymous page that its discussion's version changes: the
    discussion's surroundings (heading, sort links, pagination, the live notice's time) and
    the article's counts, the same for every anonymous reader of this version and address
    (kept under them), with the reader's CSRF token put in the vote form."""
    made_of = (
        f"{known.pk}:{known.slug}:{known.version}:{order}:{discussion.number}:"
        f"{request.GET.urlencode()}"
    )
    holes = remembered(
        f"anonymous-holes:{made_of}",
        lambda: _anonymous_holes_made(request, known, order, discussion),
    )
    votes = BLOCK_HOLES["votes"].encode()
    return {**holes, votes: holes[votes].replace(PAGE_CSRF_BYTES, token.encode())}


def _anonymous_holes_made(request, known: _Versions, order, discussion) -> dict[bytes, bytes]:
    holes = _around_discussion(
        request, known.comment_count, order, len(discussion.meta), discussion.made_at
    )
    page = Paginator(range(discussion.total), settings.COMMENTS_PER_PAGE).get_page(
        discussion.number
    )
    holes[FRAME_HOLES["pagination"]] = _pagination(request, page)
    holes[FRAME_HOLES["new_comments"]] = ""
    for name in _COUNTS_PARTS:
        holes[BLOCK_HOLES[name]] = _counts_part(name, known, None)
    return {hole.encode(): value.encode() for hole, value in holes.items()}


# The holes of an anonymous article page that its discussion's version fills
# (anonymous_detail), besides the CSRF token's, the nonce's, the column's and the discussion's.
_ANONYMOUS_HOLES = tuple(
    hole.encode()
    for hole in (
        *(FRAME_HOLES[name] for name in ("heading", "sort", "since", "pagination", "new_comments")),
        *(BLOCK_HOLES[name] for name in _COUNTS_PARTS),
    )
)


_ANONYMOUS_HOLE = re.compile(b"(" + b"|".join(re.escape(hole) for hole in _ANONYMOUS_HOLES) + b")")


class _AnonymousPage:
    """A cached page as it leaves, cut at its CSRF holes: filling it is one join (a replace
    over a megabyte, for hundreds of forms, cost more than the rest of the request). The
    nonce's, the column's and the discussion's holes are each in one part, found once."""

    def __init__(
        self, parts: list[bytes], nonce_part, column_part=None, discussion_part=None, cut=None
    ):
        self.parts, self.nonce_part, self.column_part = parts, nonce_part, column_part
        self.discussion_part = discussion_part
        # The parts with other holes (_ANONYMOUS_HOLES), cut at them once: the page's text
        # at even indexes, the holes between.
        self.cut: dict[int, list[bytes]] = cut or {}

    @classmethod
    def of(cls, content: bytes) -> "_AnonymousPage":
        parts = content.split(PAGE_CSRF_BYTES)

        def part_with(hole: bytes) -> int | None:
            return next((i for i, part in enumerate(parts) if hole in part), None)

        cut = {}
        for index, part in enumerate(parts):
            pieces = _ANONYMOUS_HOLE.split(part)
            if len(pieces) > 1:
                cut[index] = pieces
        return cls(
            parts,
            part_with(PAGE_NONCE_BYTES),
            part_with(PAGE_COLUMN_BYTES),
            part_with(FRAME_HOLES["discussion"].encode()),
            cut,
        )

    def filled(
        self, csrf_token: str, nonce, column_html: str = "", discussion=(), holes=None
    ) -> list:
        """The page with the reader's token and nonce, the column, the discussion (a list of
        parts) and the other ``holes`` (bytes by hole) filled: in a few parts, the
        discussion's as they are (the same bytes for every anonymous reader, sent without
        being copied into a new page)."""
        parts = self.parts
        if self.nonce_part is not None or self.column_part is not None or self.cut:
            parts = parts.copy()
        holes = holes or {}
        for index, pieces in self.cut.items():
            parts[index] = b"".join(
                [holes.get(piece, b"") if odd % 2 else piece for odd, piece in enumerate(pieces)]
            )
        if self.nonce_part is not None:
            nonce = str(nonce) if nonce is not None else ""  # evaluated: the header names it
            parts[self.nonce_part] = parts[self.nonce_part].replace(
                PAGE_NONCE_BYTES, nonce.encode()
            )
        if self.column_part is not None:
            parts[self.column_part] = parts[self.column_part].replace(
                PAGE_COLUMN_BYTES, column_html.encode()
            )
        token = csrf_token.encode()
        if self.discussion_part is None:
            return [token.join(parts)]
        at = self.discussion_part
        before, after = parts[at].split(FRAME_HOLES["discussion"].encode(), 1)
        head = token.join([*parts[:at], before])
        return [head, *discussion, token.join([after, *parts[at + 1 :]])]

    @property
    def size(self) -> int:  # for the process's cache, which keeps the largest out
        return sum(len(part) for part in self.parts)


def cached_anonymous_page(
    request: HttpRequest,
    made_of: str,
    params,
    render_page,
    page_column: column.Column,
    parts: list[str] = (),
    discussion_key: str | None = None,
    discussion=None,
    version=None,
    holes=None,
):
    """A page every plain anonymous reader sees alike, from the cache: ``made_of`` names the
    versions of everything it shows; the language, the theme, the host and the address's
    ``params`` are added. ``render_page(page_holes=True, found=…)`` makes it, with holes for
    the CSRF token, the CSP nonce and the right column (``page_column``, cached on its own),
    put in when it leaves (``found``: what was looked for in the cache with the page, and its
    ``parts``; None where it missed). A page with a discussion (``discussion_key``) is cached
    without it: the discussion, cached on its own, is put in as the page leaves, with what
    ``holes(discussion, csrf_token)`` gives for the page's other holes (what the discussion's
    ``version`` changes around it); when the page is cached and its discussion is not,
    ``discussion(found)`` makes the discussion alone. 304 when the browser has it already
    (the ETag names the column and that version too)."""
    query = "&".join(f"{name}={request.GET[name]}" for name in params if name in request.GET)
    made_of = f"{made_of}:{get_language()}:{theme.of(request)}:{request.get_host()}:{query}"
    digest = hashlib.sha256(made_of.encode()).hexdigest()[:40]
    key = f"page:{digest}"
    both = hashlib.sha256(
        f"{digest}:{page_column.etag_part}:{version}:{incarnation()}".encode()
    ).hexdigest()
    etag = f'"{both[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        keys = [key, page_column.key, *parts]
        found = dict.fromkeys(keys) | versioned_get_many(keys)
        column_html, fresh = page_column.made(found)
        page = found.get(key)
        rendered_discussion = found.get(discussion_key) if discussion_key else None
        if page is not None and discussion_key and rendered_discussion is None and discussion:
            rendered_discussion, discussion_fresh = discussion(found)  # the page outlived it
            fresh |= discussion_fresh
        if page is None or (discussion_key and rendered_discussion is None):
            rendered, page_fresh = render_page(page_holes=True, found=found)
            if rendered.status_code != 200:
                return rendered
            page = _AnonymousPage.of(rendered.content)
            fresh |= page_fresh
            if getattr(rendered, "keep", True):
                fresh[key] = page
            rendered_discussion = getattr(rendered, "discussion", None)
        if fresh:
            versioned_set_many(fresh)
        token = csrf.token(request)
        filled = None
        if holes is not None and rendered_discussion is not None:
            filled = holes(rendered_discussion, token)
        response = _parts_response(
            page.filled(
                token,
                get_nonce(request),
                column_html,
                () if rendered_discussion is None else threads.anonymous_parts(rendered_discussion),
                filled,
            )
        )
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"  # the browser asks again, and gets a 304
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _parts_response(parts: list[bytes]) -> HttpResponse:
    """A response sent as its parts (the server writes each): a megabyte that every reader
    shares is not copied into a new one for each."""
    response = HttpResponse()
    response._container = parts
    response["Content-Length"] = str(sum(len(part) for part in parts))
    return response


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
            "articles/_article_parts.html#votes",
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
