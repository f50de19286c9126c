"""A discussion's HTML, built from prepared strings rather than a template: this is the part of
the article page whose cost grows with the comments shown, and measured on 500 comments the
template engine spent most of the page's time looking values up (see the README's Speed).

The HTML comes in two steps, so that the costly one is shared by every reader and cached:

1. ``render_list()`` renders the comments as any reader sees them, with *holes* where one
   reader's state goes: ``\\x00<kind><id>\\x00`` (NUL never occurs in what we render: forms
   refuse it, escaping keeps it out of attributes). The result depends only on the comments,
   the language and the settings: it is cached under the discussion's version.
2. ``fill()`` puts one reader's state in the holes, in one pass: the CSRF token, their votes
   pressed, "nouveau" marks, their edit and delete links within the edit window, report links.

A single comment (the answer to an in-place action) goes through the same two steps.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from html import escape  # what django.utils.html.escape does, without its lazy wrapper

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext

from accounts.models import Member

from .models import Comment

VISIBLE, HIDDEN, DELETED = Comment.Status.VISIBLE, Comment.Status.HIDDEN, Comment.Status.DELETED

# What a discussion's rendering reads of each comment, in one query without model instances
# (building 500 comments and their authors as model instances cost four times the query).
FIELDS = (
    "pk",
    "parent_id",
    "root_id",
    "depth",
    "body_html",
    "created_at",
    "edited_at",
    "status",
    "moderation_reason",
    "upvotes",
    "downvotes",
    "author_id",
    "author__username",
    "author__avatar_small",
    "author__website",
    "author__rank__name",
    "author__is_staff",
)


class Shown:
    """One comment as a discussion shows it: its row, then its place in the reading order
    (``display_depth``, ``reply_to``, ``nest``, ``unwind``: see threads)."""

    __slots__ = (
        "author",
        "author_id",
        "author_is_staff",
        "avatar",
        "body_html",
        "created_at",
        "depth",
        "display_depth",
        "down",
        "edited_at",
        "nest",
        "parent_id",
        "pk",
        "rank",
        "reason",
        "reply_to",
        "root_id",
        "status",
        "unwind",
        "up",
        "website",
    )

    def __init__(self, *row):
        (
            self.pk,
            self.parent_id,
            self.root_id,
            self.depth,
            self.body_html,
            self.created_at,
            self.edited_at,
            self.status,
            self.reason,
            self.up,
            self.down,
            self.author_id,
            self.author,
            self.avatar,
            self.website,
            self.rank,
            self.author_is_staff,
        ) = row
        self.display_depth = min(self.depth, settings.COMMENT_MAX_DEPTH)
        self.reply_to = None
        self.nest = False
        self.unwind = ()

    @classmethod
    def of(cls, comment: Comment) -> "Shown":
        """A comment model instance (with its author and parent's author loaded) as shown."""
        author = comment.author
        shown = cls(
            comment.pk,
            comment.parent_id,
            comment.root_id,
            comment.depth,
            comment.body_html,
            comment.created_at,
            comment.edited_at,
            comment.status,
            comment.moderation_reason,
            comment.upvotes,
            comment.downvotes,
            comment.author_id,
            author.username if author else None,
            author.avatar_small.name if author else "",
            author.website if author else "",
            author.rank.name if author and author.rank_id else None,
            author.is_staff if author else False,
        )
        if comment.parent_id:
            parent = comment.parent
            shown.reply_to = cls.__new__(cls)
            shown.reply_to.pk = parent.pk
            shown.reply_to.author = parent.author.username if parent.author_id else None
        return shown

    @property
    def visible(self) -> bool:
        return self.status == VISIBLE

    @property
    def score(self) -> int:
        return self.up - self.down

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"


@dataclass
class Reader:
    """Whose page it is: what ``fill()`` needs to know about them."""

    member: object  # a Member, or AnonymousUser
    my_votes: dict[int, int] = field(default_factory=dict)
    since: datetime | None = None  # comments after it are "nouveau"
    now: datetime = field(default_factory=timezone.now)

    @property
    def pk(self):
        return self.member.pk if self.member.is_authenticated else None


# Each comment's entry in the cached list: what fill() needs about it.
Meta = tuple[int | None, datetime, bool, int, int]  # author id, created, visible, up, down

_HOLE = re.compile("\x00([a-z])([0-9]*)\x00")
CSRF_HOLE = "\x00c\x00"


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    """The interface's words in the current language, escaped once (the cache is keyed by
    the language)."""
    words = {
        "deleted_member": gettext("deleted member"),
        "edited": gettext("edited"),
        "new": gettext("new"),
        "deleted": gettext("Message deleted by its author"),
        "hidden": gettext("Message hidden by the moderators"),
        "moderate": gettext("Moderate"),
        "public_reason": gettext("Public reason"),
        "hide": gettext("Hide"),
        "restore": gettext("Restore"),
        "reply": gettext("Reply"),
        "quote": gettext("Quote"),
        "edit": gettext("Edit"),
        "delete": gettext("Delete"),
        "delete_confirm": gettext("Delete this comment?"),
        "report": gettext("Report"),
    }
    words = {key: escape(value) for key, value in words.items()}
    # The hidden words after a vote count, by count: 0, 1, and 2 or more (the plural rules of
    # the site's languages, French and English, differ no further).
    words["up"] = tuple(escape(ngettext("up vote", "up votes", n)) for n in (0, 1, 2))
    words["down"] = tuple(escape(ngettext("down vote", "down votes", n)) for n in (0, 1, 2))
    words["in_reply_to"] = gettext("in reply to %(name)s")
    words["dated"] = gettext("On %(date)s at %(time)s")  # as the "dated" template filter
    words["zone"] = timezone.get_current_timezone()
    return words


def _dated(moment: datetime, w: dict) -> str:
    """ "Le 14/06/2025 à 15:24", as the ``dated`` template filter writes it, without the
    template machinery (it was a third of a long thread's rendering time)."""
    local_moment = moment.astimezone(w["zone"])
    return escape(
        w["dated"]
        % {
            "date": f"{local_moment.day:02d}/{local_moment.month:02d}/{local_moment.year}",
            "time": f"{local_moment.hour}:{local_moment.minute:02d}",
        }
    )


_PLACEHOLDER = 987654321


@lru_cache(maxsize=1)
def _urls() -> dict[str, str]:
    """Each action's address with a hole for the comment's id: reversing them for each of
    hundreds of comments would be a large part of the page's time."""
    names = {
        "permalink": "comments:permalink",
        "reply": "comments:reply",
        "vote": "comments:vote",
        "edit": "comments:edit",
        "delete": "comments:delete",
        "report": "moderation:report",
        "moderate": "moderation:moderate",
        "profile": "accounts:profile",
    }
    return {
        name: escape(reverse(url_name, args=[_PLACEHOLDER])).replace(str(_PLACEHOLDER), "{}")
        for name, url_name in names.items()
    }


@lru_cache(maxsize=2048)
def _avatar_url(name: str) -> str:
    return escape(default_storage.url(name))


def _website_label(website: str) -> str:
    return escape(Truncator(website.removeprefix("https://").removeprefix("http://")).chars(40))


def comment_html(c: Shown, *, moderator: bool = False, w=None) -> str:
    """One comment, with holes for the reader's state (``moderator``: the moderators'
    version, with hidden bodies and controls: never cached). ``w``: the words, looked up once
    for a whole list."""
    w, u, ref = w or _words(get_language()), _urls(), c.pk
    visible = c.status == VISIBLE
    moderate = moderator and (
        c.author_id is None or not c.author_is_staff
    )  # the team's comments are the administrators' (Member.may_be_moderated_by)
    parts = [
        f'<article class="comment\x00n{ref}\x00{"" if visible else " comment--removed"}" '
        f'id="c{ref}" tabindex="-1" aria-labelledby="c{ref}-by">'
    ]
    if visible or moderator:
        parts.append(_header(c, w, u))
    if visible:
        parts.append(f'<div class="comment__body prose">{c.body_html}</div>')
    else:
        if c.status == DELETED:
            placeholder = w["deleted"]
        else:
            placeholder = w["hidden"] + (f" ({escape(c.reason)})" if c.reason else "")
        parts.append(f'<p class="comment__placeholder">{placeholder}</p>')
        if moderate and c.status == HIDDEN:
            parts.append(
                f'<div class="comment__body comment__body--hidden prose">{c.body_html}</div>'
            )
    if moderate:
        parts.append(_moderation(c, w, u))
    if visible:
        reply = u["reply"].format(ref)
        parts.append(
            f'<footer class="comment__footer">{votes_form_html(ref)}'
            f'<ul class="comment__actions">'
            f'<li><a href="{reply}" hx-get="{reply}" hx-target="#reply-slot-{ref}">'
            f"{w['reply']}</a></li>"
            f'<li><a href="{reply}?citer=1" hx-get="{reply}?citer=1" '
            f'hx-target="#reply-slot-{ref}">{w["quote"]}</a></li>'
            f"\x00a{ref}\x00</ul></footer>"
            f'<div class="comment__slot" id="reply-slot-{ref}"></div>'
        )
    parts.append("</article>")
    return "".join(parts)


def _header(c: Shown, w: dict, u: dict) -> str:
    ref = c.pk
    if c.author is None:
        avatar = '<span class="avatar avatar--small" aria-hidden="true">?</span>'
        who = f'<span id="c{ref}-by" class="comment__author">{w["deleted_member"]}</span>'
    else:
        if c.avatar:
            avatar = (
                f'<img class="avatar avatar--small" src="{_avatar_url(c.avatar)}" alt="" '
                'width="40" height="40">'
            )
        else:
            avatar = (
                f'<span class="avatar avatar--small avatar--c{c.author_id % 8}" '
                f'aria-hidden="true">{escape(Member.initials_of(c.author))}</span>'
            )
        who = (
            f'<a id="c{ref}-by" class="comment__author" href="{u["profile"].format(c.author_id)}">'
            f"{escape(c.author)}</a>"
        )
        if c.rank:
            who += f' <span class="rank">{escape(c.rank)}</span>'
    if c.reply_to is not None:
        name = c.reply_to.author if c.reply_to.author is not None else w["deleted_member"]
        note = escape(w["in_reply_to"] % {"name": name})
        if c.depth > c.display_depth:
            who += f' <a class="comment__reply-to" href="#comment-{c.reply_to.pk}">{note}</a>'
        else:
            who += f' <span class="visually-hidden">{note}</span>'
    if c.website:
        who += (
            f' <a class="comment__website" href="{escape(c.website)}" '
            f'rel="ugc nofollow noopener">{_website_label(c.website)}</a>'
        )
    edited = f' <span class="comment__edited">{w["edited"]}</span>' if c.edited_at else ""
    return (
        f'<header class="comment__header">{avatar}<p class="comment__who">{who}</p>'
        f'<p class="comment__meta"><a class="comment__date" href="#comment-{ref}">'
        f'<time datetime="{c.created_at.isoformat()}">{_dated(c.created_at, w)}</time></a>'
        f"{edited}\x00b{ref}\x00</p></header>"
    )


def _moderation(c: Shown, w: dict, u: dict) -> str:
    ref, url = c.pk, u["moderate"].format(c.pk)
    if c.status == VISIBLE:
        control = (
            f'<label for="reason-{ref}">{w["public_reason"]}</label>'
            f'<input id="reason-{ref}" name="reason" required maxlength="300">'
            '<button type="submit" name="action" value="hide" '
            f'class="button button--small button--secondary">{w["hide"]}</button>'
        )
    elif c.status == HIDDEN:
        control = (
            '<button type="submit" name="action" value="restore" '
            f'class="button button--small button--secondary">{w["restore"]}</button>'
        )
    else:
        control = ""
    return (
        f'<details class="moderate"{" open" if c.status == HIDDEN else ""}>'
        f'<summary>{w["moderate"]}</summary><form method="post" action="{url}" '
        f'hx-post="{url}" hx-target="#c{ref}" hx-swap="outerHTML">{CSRF_HOLE}{control}</form>'
        "</details>"
    )


def votes_form_html(ref: int) -> str:
    """A comment's vote widget, its buttons a hole (who may press them, and what is pressed,
    is the reader's)."""
    url = _urls()["vote"].format(ref)
    return (
        f'<form class="votes votes--small" id="votes-{ref}" method="post" action="{url}" '
        f'hx-post="{url}" hx-target="this" hx-swap="outerHTML" hx-sync="this:drop">'
        f"{CSRF_HOLE}\x00v{ref}\x00</form>"
    )


def meta_of(c: Shown) -> Meta:
    return (c.author_id, c.created_at, c.status == VISIBLE, c.up, c.down)


def render_list(comments: list[Shown], *, moderator: bool = False) -> str:
    """The discussion's list, in reading order, its replies nested (see threads), with holes."""
    parts = []
    w = _words(get_language())
    for c in comments:
        parts.append(f'<li id="comment-{c.pk}" class="comment-item">')
        parts.append(comment_html(c, moderator=moderator, w=w))
        if c.nest:
            parts.append('<ul class="replies">')
        else:
            parts.append(f'<div class="new-replies" id="new-replies-{c.pk}"></div></li>')
            for closed in c.unwind:
                parts.append(
                    f'</ul><div class="new-replies" id="new-replies-{closed.pk}"></div></li>'
                )
    return "".join(parts)


def fill(html: str, meta: dict[int, Meta], reader: Reader, csrf_token: str) -> str:
    """Put one reader's state in the holes of ``html`` (see the module's docstring)."""
    w, u = _words(get_language()), _urls()
    member_pk = reader.pk
    authenticated = member_pk is not None
    since, now, votes = reader.since, reader.now, reader.my_votes
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'

    def hole(match: re.Match) -> str:
        kind, ref = match.group(1), match.group(2)
        if kind == "c":
            return csrf
        pk = int(ref)
        author_id, created_at, visible, up, down = meta[pk]
        mine = authenticated and author_id == member_pk
        if kind in "nb":  # "nouveau": posted since the reader's last visit, by someone else
            if not (since and created_at > since and not mine):
                return ""
            return " comment--new" if kind == "n" else f' <span class="badge">{w["new"]}</span>'
        if kind == "v":
            return vote_buttons(up, down, votes.get(pk), static=authenticated and mine, w=w)
        if kind == "a":
            if mine:
                items = ""
                if visible and Comment.in_edit_window(created_at, now):
                    url = u["edit"].format(pk)
                    items += (
                        f'<li><a href="{url}" hx-get="{url}" hx-target="#c{pk} .comment__body" '
                        f'hx-swap="outerHTML">{w["edit"]}</a></li>'
                    )
                if visible:
                    url = u["delete"].format(pk)
                    items += (
                        f'<li><form method="get" action="{url}" hx-post="{url}" '
                        f'hx-target="#c{pk}" hx-swap="outerHTML" '
                        f'hx-confirm="{w["delete_confirm"]}"><button type="submit" '
                        f'class="link-button">{w["delete"]}</button></form></li>'
                    )
                return items
            if authenticated and visible:
                url = u["report"].format(pk)
                return (
                    f'<li><a href="{url}" hx-get="{url}" hx-target="#reply-slot-{pk}">'
                    f"{w['report']}</a></li>"
                )
            return ""
        raise ValueError(f"unknown hole {kind!r}")

    return _HOLE.sub(hole, html)


def vote_buttons(up: int, down: int, my_vote: int | None, *, static: bool, w=None) -> str:
    """The inside of a comment's vote widget: counts only on one's own comment (no vote on
    it), buttons otherwise, the reader's vote pressed."""
    w = w or _words(get_language())
    if static:
        return (
            '<span class="vote vote--up vote--static"><span aria-hidden="true">▲</span> '
            f'<span class="vote__count">{up}</span>'
            f'<span class="visually-hidden"> {w["up"][min(up, 2)]}</span></span>'
            '<span class="vote vote--down vote--static"><span aria-hidden="true">▼</span> '
            f'<span class="vote__count">{down}</span>'
            f'<span class="visually-hidden"> {w["down"][min(down, 2)]}</span></span>'
        )
    return (
        '<button type="submit" name="value" value="up" class="vote vote--up" '
        f'aria-pressed="{"true" if my_vote == 1 else "false"}"><span aria-hidden="true">▲</span> '
        f'<span class="vote__count">{up}</span>'
        f'<span class="visually-hidden"> {w["up"][min(up, 2)]}</span></button>'
        '<button type="submit" name="value" value="down" class="vote vote--down" '
        f'aria-pressed="{"true" if my_vote == -1 else "false"}"><span aria-hidden="true">▼</span> '
        f'<span class="vote__count">{down}</span>'
        f'<span class="visually-hidden"> {w["down"][min(down, 2)]}</span></button>'
    )


def one_comment(comment: Comment, reader: Reader, csrf_token: str) -> str:
    """A single comment for this reader (the answer to an in-place action)."""
    shown = Shown.of(comment)
    moderator = reader.member.is_authenticated and reader.member.is_moderator
    html = comment_html(shown, moderator=moderator)
    return fill(html, {shown.pk: meta_of(shown)}, reader, csrf_token)


def one_vote_form(comment: Comment, reader: Reader, csrf_token: str) -> str:
    """A comment's vote widget alone (the answer to an in-place vote)."""
    shown = Shown.of(comment)
    return fill(votes_form_html(shown.pk), {shown.pk: meta_of(shown)}, reader, csrf_token)
