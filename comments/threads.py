"""A page of an article's discussion, loaded in a fixed number of queries however many comments
it holds: the page's top-level comments are chosen by a subquery, and the comments of their
threads come back in one ordered query; the reader's own votes on them in one more."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext

from articles.models import Article
from articles.templatetags.causerie import dated

from .models import Comment, CommentVote

ORDERS = ("date", "score")


@dataclass
class ThreadPage:
    page: Page
    order: str
    comments: list[Comment]  # in reading order, each with its display attributes set
    new_count: int = 0  # in the whole discussion, not only on this page
    first_unread_url: str = ""  # the earliest new comment, wherever it is
    seen_until: datetime | None = None  # how far the reader has now read (see ArticleRead)
    my_votes: dict[int, int] = field(default_factory=dict)


def root_queryset(article: Article, order: str, *, moderator: bool = False):
    roots = article.comments.top_level()
    if moderator:  # moderators also see what they hid, to restore it if need be
        roots = roots.exclude(status=Comment.Status.DELETED) | roots.shown()
    else:
        roots = roots.shown()
    return roots.ordered_roots(order)


def load_page(
    article: Article,
    *,
    page_number=1,
    order: str = "date",
    member=None,
    since: datetime | None = None,
) -> ThreadPage:
    """For moderators, hidden comments stay in the thread (they read them and restore them
    while reading)."""
    loaded_at = timezone.now()  # before the queries: what is posted meanwhile stays new
    moderator = bool(member is not None and member.is_authenticated and member.is_moderator)
    order = order if order in ORDERS else "date"
    roots = root_queryset(article, order, moderator=moderator)
    page = Paginator(roots, settings.COMMENTS_PER_PAGE).get_page(page_number)
    rows = []
    if page.paginator.count:
        root_ids = page.object_list.values("pk")  # a subquery: the page's threads in one query
        rows = list(
            Comment.objects.filter(Q(pk__in=root_ids) | Q(root__in=root_ids))
            .select_related("author__rank")
            .order_by("created_at", "pk")
        )
    comments = _reading_order(rows, order, moderator=moderator)
    thread = ThreadPage(page=page, order=order, comments=comments)
    if member is not None and member.is_authenticated and comments:
        thread.my_votes = dict(
            CommentVote.objects.filter(
                member=member, comment__in=[c.pk for c in comments]
            ).values_list("comment_id", "value")
        )
    for comment in comments:
        prepare(comment, member, my_vote=thread.my_votes.get(comment.pk), since=since)
    if since is not None and member is not None and member.is_authenticated:
        _follow_reading(thread, article, member, since, loaded_at)
    return thread


def _follow_reading(thread: ThreadPage, article: Article, member, since, loaded_at) -> None:
    """What is new in the whole discussion since the reader's ``since``, and how far this page
    takes their reading: up to the earliest new comment it did not show (so that a new reply
    on page 3 stays new after page 1 was read), or to when it was loaded if it showed them all.
    One query; two more only when the earliest new comment is on another page."""
    shown = [c.pk for c in thread.comments]
    new = Comment.objects.visible().filter(article=article, created_at__gt=since)
    new = new.exclude(author=member)
    found = new.aggregate(
        count=Count("pk"), first_unseen=Min("created_at", filter=~Q(pk__in=shown))
    )
    thread.new_count = found["count"]
    first_unseen = found["first_unseen"]
    thread.seen_until = (
        first_unseen - timedelta(microseconds=1) if first_unseen is not None else loaded_at
    )
    shown_new = min(
        (c for c in thread.comments if c.is_new), key=lambda c: c.created_at, default=None
    )
    if shown_new is not None and (first_unseen is None or shown_new.created_at <= first_unseen):
        thread.first_unread_url = f"#{shown_new.anchor}"
    elif first_unseen is not None:
        unseen = (
            new.exclude(pk__in=shown).filter(created_at=first_unseen).select_related("root").first()
        )
        page = page_of(unseen)
        query = f"?page={page}" if page > 1 else ""
        thread.first_unread_url = f"{article.get_absolute_url()}{query}#{unseen.anchor}"


ACTIONS = {
    "permalink": "comments:permalink",
    "reply": "comments:reply",
    "vote": "comments:vote",
    "edit": "comments:edit",
    "delete": "comments:delete",
    "report": "moderation:report",
    "moderate": "moderation:moderate",
}
_PLACEHOLDER = 987654321


@cache
def _action_urls() -> dict[str, str]:
    """Each action's address with a hole for the comment's id (and the author's profile with a
    hole for the member's): reversing them for each of hundreds of comments would be most of
    the page's rendering time."""
    urls = {
        name: reverse(url_name, args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
        for name, url_name in ACTIONS.items()
    }
    urls["profile"] = reverse("accounts:profile", args=[_PLACEHOLDER]).replace(
        str(_PLACEHOLDER), "{}"
    )
    return urls


def prepare(comment: Comment, member, *, my_vote: int | None = None, since=None) -> Comment:
    """Set what the comment's template shows for this reader, as ``comment.v``: a plain dict
    of ready values. The template reads each with one dictionary lookup, where attribute
    lookups on model instances (and the addresses, dates and labels built here once) would be
    most of a long thread's rendering time."""
    if not hasattr(comment, "display_depth"):
        comment.display_depth = min(comment.depth, settings.COMMENT_MAX_DEPTH)
        comment.reply_to = comment.parent if comment.parent_id else None
    ref = str(comment.pk)
    member = member if member is not None else AnonymousUser()
    mine = comment.is_by(member)
    visible = comment.status == Comment.Status.VISIBLE
    moderator = member.is_authenticated and member.is_moderator
    author = comment.author
    is_new = bool(since and comment.created_at > since and not mine)
    reply_to = comment.reply_to
    v = {
        "ref": SafeString(ref),
        "css": SafeString(
            "comment"
            + (" comment--new" if is_new else "")
            + ("" if visible else " comment--removed")
        ),
        "visible": visible,
        "header": visible or moderator,
        "hidden": comment.status == Comment.Status.HIDDEN,
        "deleted": comment.status == Comment.Status.DELETED,
        "reason": comment.moderation_reason,
        "date_iso": SafeString(comment.created_at.isoformat()),
        "date_text": dated(comment.created_at),
        "edited": comment.edited_at is not None,
        "new": is_new,
        "body_html": SafeString(comment.body_html),
        "mine": mine,
        "editable": mine and comment.is_editable_by(member),
        "deletable": mine and comment.is_deletable_by(member),
        "can_vote": comment.can_be_voted_by(member),
        "can_report": comment.can_be_reported_by(member),
        "moderate": moderator and comment.is_moderatable_by(member),
        "up": SafeString(comment.upvotes),
        "down": SafeString(comment.downvotes),
        "up_pressed": SafeString("true" if my_vote == 1 else "false"),
        "down_pressed": SafeString("true" if my_vote == -1 else "false"),
        **{f"{name}_url": SafeString(url.format(ref)) for name, url in _action_urls().items()},
    }
    if author is not None:
        v |= {
            "author": author.username,
            "author_url": SafeString(_action_urls()["profile"].format(author.pk)),
            "initials": author.initials,
            "colour": SafeString(author.avatar_colour),
            "avatar_url": author.avatar_small.url if author.avatar_small else "",
            "rank": author.rank.name if author.rank_id else "",
            "website": author.website,
            "website_label": Truncator(
                author.website.removeprefix("https://").removeprefix("http://")
            ).chars(40),
        }
    if reply_to is not None:
        name = reply_to.author.username if reply_to.author_id else gettext("deleted member")
        v["reply_note"] = gettext("in reply to %(name)s") % {"name": name}
        v["reply_flat"] = comment.depth > comment.display_depth
        v["reply_to_ref"] = SafeString(reply_to.pk)
    comment.v = v
    comment.ref, comment.is_new = v["ref"], is_new  # for the thread's list and "nouveau" count
    return comment


def _reading_order(rows: list[Comment], order: str, *, moderator: bool = False) -> list[Comment]:
    """Depth-first order, replies by date under their parent; removed comments with nothing
    shown under them are left out. Each comment gets ``display_depth`` (capped), ``reply_to``
    (the parent, named when the reply is shown flat), ``nest`` (the next comment is its reply)
    and ``unwind`` (how many reply lists close after it)."""
    by_id = {c.pk: c for c in rows}
    children: dict[int | None, list[Comment]] = {}
    for comment in rows:
        parent_id = comment.parent_id if comment.parent_id in by_id else None
        children.setdefault(parent_id, []).append(comment)
    roots = children.get(None, [])
    if order == "score":
        roots.sort(key=lambda c: (-c.score, c.created_at, c.pk))

    max_depth = settings.COMMENT_MAX_DEPTH
    ordered: list[Comment] = []

    def kept(comment: Comment) -> bool:
        return comment.is_visible or (moderator and comment.status == Comment.Status.HIDDEN)

    # Depth first, with a stack of its own rather than recursion: a chain of thousands of
    # replies must not exhaust Python's call stack. Each comment is appended on the way down;
    # on the way back up (its replies done), a removed comment with nothing shown under it is
    # taken out again, with whatever it had appended.
    for root in roots:
        stack: list[tuple[Comment, int, int, bool]] = [(root, 0, 0, False)]
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
    open_lists: list[Comment] = []
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


def page_of(comment: Comment) -> int:
    """The page, in date order, that holds the comment's thread."""
    root = comment.root or comment
    before = (
        root_queryset(comment.article, "date")
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
        .count()
    )
    return before // settings.COMMENTS_PER_PAGE + 1
