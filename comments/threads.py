"""A page of an article's discussion, in a fixed number of queries however many comments it
holds, and mostly from the cache.

The page's top-level comments are chosen by a subquery, and the comments of their threads come
back in one ordered query of plain values (a discussion that most likely fits on one page is
read whole, in that one query, and its page chosen from it); they are put in reading order and
rendered by comments.rendering, with holes for the reader's state. That rendering is cached
under the article's ``version`` (moved in the same transaction as anything the discussion
shows: the list is in the README's "Caching"), the language and the page: a change makes the
old entry unreachable at once, on every process. Each request then fills the holes for its
reader (their votes, one more query; "nouveau" marks, edit links)."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts import prepared
from accounts.cache import versioned_get_many
from accounts.params import small_number
from articles.models import Article

from . import rendering
from .models import Comment, CommentVote
from .rendering import VISIBLE, Reader, Shown

ORDERS = ("date", "score")


# Where a page's template puts the discussion: ThreadPage.into() puts its bytes there once the
# page is rendered (a megabyte of comments through the template engine, joined and copied at
# each level of its blocks and includes, cost more than all the rest of a member's page). The
# mark is new for each page: the page also shows what the address carries (the search box's
# ``q``), which must not be able to write it first.
def _place() -> str:
    return f"\x00D{secrets.token_hex(8)}\x00"


@dataclass
class ThreadPage:
    page: Page
    order: str
    parts: list[bytes]  # the comments of the page, in reading order, for this reader (UTF-8)
    count: int  # comments shown on the page
    new_count: int = 0  # in the whole discussion, not only on this page
    first_unread_url: str = ""  # the earliest new comment, wherever it is
    seen_until: datetime | None = None  # how far the reader has now read (see ArticleRead)
    my_votes: dict[int, int] = field(default_factory=dict)
    fresh: dict = field(default_factory=dict)  # renderings made for this request, to cache
    made_at: datetime | None = None  # what the live notice counts new comments from
    place: str = field(default_factory=_place)  # where the template puts the comments
    source: "_Rendered | None" = None  # the discussion as cached, the same for every reader

    @property
    def html(self) -> bytes:
        return b"".join(self.parts)

    @property
    def place_mark(self):
        return mark_safe(self.place)  # noqa: S308 - NUL and hex digits

    @property
    def live_every(self) -> int:  # how often the page asks for new comments, in seconds
        return settings.LIVE_POLL_SECONDS

    def into(self, response):
        """The response of a page rendered with ``place`` in it, with the comments there."""
        before, after = response.content.split(self.place.encode(), 1)
        response.content = b"".join((before, self.html, after))
        return response


def anonymous_parts(rendered: "_Rendered") -> list[bytes]:
    """A cached discussion as an anonymous reader sees it: the same bytes for every one."""
    return rendered.holes(False).anonymous_parts()


def root_queryset(article: Article, order: str, *, moderator: bool = False):
    roots = Comment.objects.filter(article_id=article.pk).top_level()
    if moderator:  # moderators also see what they hid, to restore it if need be
        roots = roots.exclude(status=Comment.Status.DELETED) | roots.shown()
    else:
        roots = roots.shown()
    return roots.ordered_roots(order)


@dataclass
class _Rendered:
    """What is cached of a page of a discussion: the same for every reader."""

    html: bytes  # with holes (comments.rendering), UTF-8
    meta: dict[int, rendering.Meta]
    total: int  # top-level comments in the discussion (the pagination's count)
    number: int  # the page actually shown (a number past the last shows the last)
    # When it was made, before its query: a comment posted later is new to its readers (the
    # live notice counts from it; any new comment moves the version, so a cached one is right).
    made_at: datetime | None = None

    def holes(self, authenticated: bool) -> rendering.Holes:
        """The list cut at its holes for anonymous readers or for members, made once for each
        in this process (the object stays in its memory: accounts.cache) and never pickled."""
        prepared = self.__dict__.setdefault("_holes", {})
        if authenticated not in prepared:
            prepared[authenticated] = rendering.Holes(
                self.html, self.meta, authenticated=authenticated
            )
        return prepared[authenticated]

    def __getstate__(self):
        return {name: value for name, value in self.__dict__.items() if name != "_holes"}

    @property
    def size(self) -> int:  # for the process's cache, which keeps the largest out
        return 3 * len(self.html)  # the HTML, and its parts for anonymous readers and members


def _page_param(page_number) -> str:
    number = small_number(str(page_number or ""), 6)
    return "1" if number is None else str(number)


def discussion_key(article: Article, order: str = "date", page_number=1) -> str:
    """The cache key of a page of the article's discussion as every reader sees it."""
    order = order if order in ORDERS else "date"
    page_number = _page_param(page_number)
    return (
        f"discussion:{article.pk}:{article.version}:{order}:{page_number}:{get_language()}:"
        f"{settings.COMMENTS_PER_PAGE}:{settings.COMMENT_MAX_DEPTH}:"
        f"{'closed' if article.comments_closed else 'open'}"
    )


def _render(article: Article, order: str, page_number, *, moderator: bool) -> _Rendered:
    made_at = timezone.now()
    if article.comment_count <= settings.COMMENTS_PER_PAGE:
        # Most likely one page: every comment of the article in one query, and its page of
        # threads chosen here rather than by two more (the count of its threads, and its
        # threads by a subquery).
        total, number, rows = _page_of_all(article, order, page_number, moderator=moderator)
    else:
        roots = root_queryset(article, order, moderator=moderator)
        page = Paginator(roots, settings.COMMENTS_PER_PAGE).get_page(page_number)
        total, number, rows = page.paginator.count, page.number, []
        if total:
            root_ids = page.object_list.values("pk")  # a subquery: the page's threads at once
            rows = (
                Comment.objects.filter(Q(pk__in=root_ids) | Q(root__in=root_ids))
                .order_by("created_at", "pk")
                .values_list(*rendering.FIELDS)
            )
    shown = _reading_order([Shown(*row) for row in rows], order, moderator=moderator)
    return _Rendered(
        html=rendering.render_list(
            shown, moderator=moderator, answerable=not article.comments_closed
        ).encode(),
        meta={c.pk: rendering.meta_of(c) for c in shown},
        total=total,
        number=number,
        made_at=made_at,
    )


def _page_of_all(article: Article, order: str, page_number, *, moderator: bool):
    """The number of threads, the page's number and its comments' rows, as root_queryset()
    and its paginator choose them, from one query of all the article's comments."""
    rows = [
        (*row[:5], prepared.moment(row[5]), prepared.moment(row[6]), *row[7:-1], bool(row[-1]))
        for row in prepared.rows(_ALL_COMMENTS_SQL(), [article.pk])
    ]
    pk, parent, root, created, status, up, down = (
        rendering.FIELDS.index(name)
        for name in ("pk", "parent_id", "root_id", "created_at", "status", "upvotes", "downvotes")
    )
    answered = {row[parent] for row in rows}
    roots = [
        row
        for row in rows
        if row[parent] is None
        and (
            row[status] == VISIBLE
            or row[pk] in answered  # removed, but with replies: shown as removed
            or (moderator and row[status] != Comment.Status.DELETED)
        )
    ]
    if order == "score":  # as ordered_roots
        roots.sort(key=lambda row: (row[down] - row[up], row[created], row[pk]))
    page = Paginator(roots, settings.COMMENTS_PER_PAGE).get_page(page_number)
    if len(page.object_list) < len(roots):
        on_page = {row[pk] for row in page.object_list}
        rows = [row for row in rows if row[pk] in on_page or row[root] in on_page]
    return page.paginator.count, page.number, rows


def load_page(
    article: Article,
    *,
    page_number=1,
    order: str = "date",
    member=None,
    since: datetime | None = None,
    csrf_token: str = "",
    found: dict | None = None,
    new_count: int | None = None,
    marks: tuple | None = None,
) -> ThreadPage:
    """The page for this reader. For moderators, hidden comments stay in the thread (they
    read them and restore them while reading): their pages are rendered afresh, never cached.
    ``found``: what the caller already read from the cache (accounts.cache); a rendering made
    here is in the page's ``fresh``, for the caller to keep with what else it made.
    ``new_count``: how many comments are new for the reader since ``since``, if the caller
    knows already (it spares a query). ``marks``: the member's votes on the discussion's
    comments and whom they ignore, if the caller read them (it spares another)."""
    reader = Reader(member, since=since)  # now: before the queries, what is posted meanwhile
    moderator = bool(member is not None and member.is_authenticated and member.is_moderator)
    order = order if order in ORDERS else "date"
    number = _page_param(page_number)
    fresh = {}
    if moderator:
        rendered = _render(article, order, number, moderator=True)
    else:
        rendered, fresh = cached_discussion(article, order, number, found)
    page = Paginator(range(rendered.total), settings.COMMENTS_PER_PAGE).get_page(rendered.number)
    authenticated = member is not None and member.is_authenticated
    if authenticated and marks is not None:  # read by the caller, with the article
        reader.my_votes, reader.ignored = marks
    elif authenticated and rendered.meta:
        reader.my_votes, reader.ignored = CommentVote.reader_marks(member.pk, rendered.meta)
    thread = ThreadPage(
        page=page,
        order=order,
        parts=rendered.holes(authenticated).filled_parts(reader, csrf_token),
        count=len(rendered.meta),
        my_votes=reader.my_votes,
        fresh=fresh,
        made_at=rendered.made_at,
        source=rendered,
    )
    if since is not None and member is not None and member.is_authenticated:
        _follow_reading(
            thread,
            article,
            member,
            since,
            rendered.meta,
            reader.now,
            new_count,
            reader.ignored,
        )
    return thread


def cached_discussion(article, order: str, page_number, found: dict | None = None):
    """A page of the discussion as cached for every reader but moderators, from ``found``
    (what the caller read from the cache), else from the cache, else rendered; and what was
    rendered, by key, for the caller to cache. ``article``: an Article, or what the keys and
    the rendering read of one (pk, version, comment_count, comments_closed)."""
    order = order if order in ORDERS else "date"
    number = _page_param(page_number)
    key = discussion_key(article, order, number)
    if found is None:
        found = versioned_get_many([key])
    rendered = found.get(key)
    if rendered is not None:
        return rendered, {}
    rendered = _render(article, order, number, moderator=False)
    return rendered, {key: rendered}


def _follow_reading(
    thread, article, member, since, meta, loaded_at, new_count=None, ignored=frozenset()
):
    """What is new in the whole discussion since the reader's ``since``, and how far this page
    takes their reading: up to the earliest new comment it did not show (so that a new reply
    on page 3 stays new after page 1 was read), or to when it was loaded if it showed them all.
    No query when the caller counted what is new and the page shows it all; otherwise one, and
    two more when the earliest new comment is on another page."""
    shown_new = sorted(
        (created_at, pk)
        for pk, (author_id, created_at, visible, _up, _down) in meta.items()
        if visible and created_at > since and author_id != member.pk and author_id not in ignored
    )

    def new():  # built only when asked (building it costs more than the page's other holes)
        new = Comment.objects.visible().filter(article=article, created_at__gt=since)
        # Not theirs, nor of members they ignore (nothing of those is announced to them).
        return new.exclude(author=member).exclude(author__in=list(ignored))

    if new_count is not None and new_count <= len(shown_new):
        thread.new_count, first_unseen = new_count, None
    else:
        found = new().aggregate(
            count=Count("pk"), first_unseen=Min("created_at", filter=~Q(pk__in=list(meta)))
        )
        thread.new_count, first_unseen = found["count"], found["first_unseen"]
    if not thread.new_count:
        return  # nothing new to them: how far they have read need not move (no write)
    thread.seen_until = (
        first_unseen - timedelta(microseconds=1) if first_unseen is not None else loaded_at
    )
    if shown_new and (first_unseen is None or shown_new[0][0] <= first_unseen):
        thread.first_unread_url = f"#comment-{shown_new[0][1]}"
    elif first_unseen is not None:
        unseen = (
            new()
            .exclude(pk__in=list(meta))
            .filter(created_at=first_unseen)
            .select_related("root")
            .first()
        )
        unseen.article = article
        page = page_of(unseen)
        query = f"?page={page}" if page > 1 else ""
        thread.first_unread_url = f"{article.get_absolute_url()}{query}#{unseen.anchor}"


def _reading_order(rows: list[Shown], order: str, *, moderator: bool = False) -> list[Shown]:
    """Depth-first order, replies by date under their parent; removed comments with nothing
    shown under them are left out. Each comment gets ``display_depth`` (capped), ``reply_to``
    (the parent, named when the reply is shown flat), ``nest`` (the next comment is its reply)
    and ``unwind`` (the comments whose reply lists close after it)."""
    by_id = {c.pk: c for c in rows}
    children: dict[int | None, list[Shown]] = {}
    for comment in rows:
        parent_id = comment.parent_id if comment.parent_id in by_id else None
        children.setdefault(parent_id, []).append(comment)
    roots = children.get(None, [])
    if order == "score":
        roots.sort(key=lambda c: (-c.score, c.created_at, c.pk))

    max_depth = settings.COMMENT_MAX_DEPTH
    ordered: list[Shown] = []

    def kept(comment: Shown) -> bool:
        return comment.visible or (moderator and comment.status == Comment.Status.HIDDEN)

    # Depth first, with a stack of its own rather than recursion: a chain of thousands of
    # replies must not exhaust Python's call stack. Each comment is appended on the way down;
    # on the way back up (its replies done), a removed comment with nothing shown under it is
    # taken out again, with whatever it had appended.
    for root in roots:
        stack: list[tuple[Shown, int, int, bool]] = [(root, 0, 0, False)]
        shown_below: dict[int, bool] = {}
        while stack:
            comment, depth, start, done = stack.pop()
            if not done:
                comment.display_depth = min(depth, max_depth)
                comment.reply_to = by_id.get(comment.parent_id)
                start = len(ordered)
                ordered.append(comment)
                stack.append((comment, depth, start, True))
                for reply in reversed(children.get(comment.pk, ())):
                    stack.append((reply, depth + 1, 0, False))
                continue
            shown = kept(comment) or shown_below.pop(comment.pk, False)
            if not shown:
                del ordered[start:]
            elif comment.parent_id in by_id:
                shown_below[comment.parent_id] = True
    # The list's markup: ``nest`` opens a reply list after the comment; ``unwind`` names the
    # comments whose reply lists close after it, innermost first (each list ends with the slot
    # where a reply posted in place goes: after the replies already there, as on reload).
    open_lists: list[Shown] = []
    for current, following in zip(ordered, [*ordered[1:], None], strict=False):
        next_depth = following.display_depth if following else 0
        current.nest = next_depth > current.display_depth
        if current.nest:
            open_lists.append(current)
            current.unwind = ()
        else:
            closing = max(current.display_depth - next_depth, 0)
            current.unwind = [open_lists.pop() for _ in range(closing)]
    return ordered


@cache
def _ALL_COMMENTS_SQL() -> str:
    """_page_of_all's statement, written once from the ORM's (its one parameter: the article):
    building it again for each rendering cost as much as running it (1.6 ms of the 3 ms its
    500 rows took on PostgreSQL). Its times come back as the database gives them (SQLite:
    text), its flag as 0 or 1 there: _page_of_all reads them as the ORM would."""
    query = Comment.objects.filter(article_id=0).order_by("created_at", "pk")
    sql, params = query.values_list(*rendering.FIELDS).query.sql_with_params()
    assert list(params) == [0] and rendering.FIELDS[5:7] == ("created_at", "edited_at")
    assert rendering.FIELDS[-1] == "author__is_staff"
    return sql


def page_of(comment: Comment) -> int:
    """The page, in date order, that holds the comment's thread: the threads shown before it
    (root_queryset(article, "date"), counted by a statement written once: each post asks)."""
    root = comment.root or comment
    created_at = connection.ops.adapt_datetimefield_value(root.created_at)
    (before,) = prepared.row(
        _THREADS_BEFORE_SQL(),
        [root.article_id, Comment.Status.VISIBLE, created_at, created_at, root.pk],
    )
    return before // settings.COMMENTS_PER_PAGE + 1


@cache
def _THREADS_BEFORE_SQL() -> str:
    table = Comment._meta.db_table
    return (
        f'SELECT COUNT(*) FROM "{table}" WHERE "{table}"."article_id" = %s '  # noqa: S608
        f'AND "{table}"."parent_id" IS NULL AND ("{table}"."status" = %s OR EXISTS '
        f'(SELECT 1 FROM "{table}" AS "reply" WHERE "reply"."parent_id" = "{table}"."id")) '
        f'AND ("{table}"."created_at" < %s OR ("{table}"."created_at" = %s '
        f'AND "{table}"."id" < %s))'
    )
