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
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
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
    ignored: frozenset[int] = frozenset()  # authors whose comments are folded for them

    @property
    def pk(self):
        return self.member.pk if self.member.is_authenticated else None


# Each comment's entry in the cached list: what fill() needs about it.
Meta = tuple[int | None, datetime, bool, int, int]  # author id, created, visible, up, down

_HOLE = re.compile(b"\x00([a-z])([0-9]*)\x00")
CSRF_HOLE = "\x00c\x00"
_KINDS = {kind.encode(): kind for kind in "nbvaij"}
_KIND = {kind: re.compile(re.escape(kind)) for kind in (b"c", b"v", b"a")}


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    """The interface's words in the current language, escaped once (the cache is keyed by
    the language)."""
    words = {
        "deleted_member": gettext("deleted member"),
        "edited": gettext("edited"),
        "edited_hint": gettext("see the earlier versions"),
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
        "ignore": gettext("Ignore its author"),
        "unignore": gettext("Stop ignoring its author"),
        "ignored": gettext("Message from a member you ignore — show"),
    }
    words = {key: escape(value) for key, value in words.items()}
    # The hidden words after a vote count, by count: 0, 1, and 2 or more (the plural rules of
    # the site's languages, French and English, differ no further).
    words["up"] = tuple(escape(ngettext("up vote", "up votes", n)) for n in (0, 1, 2))
    words["down"] = tuple(escape(ngettext("down vote", "down votes", n)) for n in (0, 1, 2))
    words["in_reply_to"] = gettext("in reply to %(name)s")
    # As the "dated" template filter writes it, escaped: the date and time put in it are
    # digits, slashes and colons, which escaping leaves alone.
    words["dated"] = escape(gettext("On %(date)s at %(time)s"))
    words["zone"] = timezone.get_current_timezone()
    return words


def _dated(moment: datetime, w: dict) -> str:
    """ "Le 14/06/2025 à 15:24", as the ``dated`` template filter writes it, without the
    template machinery (it was a third of a long thread's rendering time)."""
    local_moment = moment.astimezone(w["zone"])
    return w["dated"] % {
        "date": f"{local_moment.day:02d}/{local_moment.month:02d}/{local_moment.year}",
        "time": f"{local_moment.hour}:{local_moment.minute:02d}",
    }


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
        "history": "comments:history",
        "delete": "comments:delete",
        "report": "moderation:report",
        "moderate": "moderation:moderate",
        "profile": "accounts:profile",
        "ignore": "accounts:ignore",
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


def comment_html(
    c: Shown,
    *,
    moderator: bool = False,
    w=None,
    answerable: bool = True,
    known: dict | None = None,
) -> str:
    """One comment, with holes for the reader's state (``moderator``: the moderators'
    version, with hidden bodies and controls: never cached). ``w``: the words, looked up once
    for a whole list. ``answerable``: False in a closed discussion (no reply nor quote).
    ``known``: what a whole list renders once for each author and for each name replied to."""
    w, u, ref = w or _words(get_language()), _urls(), c.pk
    visible = c.status == VISIBLE
    if visible and not moderator:  # most comments: in one piece
        return (
            f'<article class="comment\x00n{ref}\x00" id="c{ref}" tabindex="-1" '
            f'aria-labelledby="c{ref}-by">\x00i{ref}\x00'
            f"{_header(c, w, u, {} if known is None else known)}"
            f'<div class="comment__body prose">{c.body_html}</div>'
            f"{_footer(ref, w, u, answerable)}</article>"
        )
    moderate = moderator and (
        c.author_id is None or not c.author_is_staff
    )  # the team's comments are the administrators' (Member.may_be_moderated_by)
    parts = [
        f'<article class="comment\x00n{ref}\x00{"" if visible else " comment--removed"}" '
        f'id="c{ref}" tabindex="-1" aria-labelledby="c{ref}-by">'
    ]
    if visible:
        parts.append(f"\x00i{ref}\x00")  # a fold, for a reader who ignores its author
    if visible or moderator:
        parts.append(_header(c, w, u, {} if known is None else known))
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
        parts.append(_footer(ref, w, u, answerable))
    parts.append("</article>")
    return "".join(parts)


def _footer(ref: int, w: dict, u: dict, answerable: bool) -> str:
    """A visible comment's votes and actions, the slot where a reply opens, and the end of a
    fold (see the "i" hole)."""
    reply = u["reply"].format(ref)
    answers = (
        f'<li><a href="{reply}" hx-get="{reply}" hx-target="#reply-slot-{ref}">'
        f"{w['reply']}</a></li>"
        f'<li><a href="{reply}?citer=1" hx-get="{reply}?citer=1" '
        f'hx-target="#reply-slot-{ref}">{w["quote"]}</a></li>'
        if answerable
        else ""
    )
    return (
        f'<footer class="comment__footer">{votes_form_html(ref, u)}'
        f'<ul class="comment__actions">{answers}'
        f"\x00a{ref}\x00</ul></footer>"
        f'<div class="comment__slot" id="reply-slot-{ref}"></div>\x00j{ref}\x00'
    )


def _header(c: Shown, w: dict, u: dict, known: dict) -> str:
    ref = c.pk
    author = known.get(c.author_id)
    if author is None:
        author = known[c.author_id] = _author_html(c, w, u)
    avatar, who_open, who_close, website = author
    who = f"{who_open}{ref}{who_close}"
    if c.reply_to is not None:
        name = c.reply_to.author if c.reply_to.author is not None else w["deleted_member"]
        note = known.get(("to", name))
        if note is None:
            note = known["to", name] = escape(w["in_reply_to"] % {"name": name})
        if c.depth > c.display_depth:
            who += f' <a class="comment__reply-to" href="#comment-{c.reply_to.pk}">{note}</a>'
        else:
            who += f' <span class="visually-hidden">{note}</span>'
    edited = (
        f' <a class="comment__edited" href="{u["history"].format(ref)}">{w["edited"]}'
        f'<span class="visually-hidden"> ({w["edited_hint"]})</span></a>'
        if c.edited_at
        else ""
    )
    return (
        f'<header class="comment__header">{avatar}<p class="comment__who">{who}{website}</p>'
        f'<p class="comment__meta"><a class="comment__date" href="#comment-{ref}">'
        f'<time datetime="{c.created_at.isoformat()}">{_dated(c.created_at, w)}</time></a>'
        f"{edited}\x00b{ref}\x00</p></header>"
    )


def _author_html(c: Shown, w: dict, u: dict) -> tuple[str, str, str, str]:
    """What a comment's header shows of its author, the same on each of their comments: the
    avatar, their name around the comment's id (its start and its end), their website."""
    if c.author is None:
        avatar = '<span class="avatar avatar--small" aria-hidden="true">?</span>'
        return (
            avatar,
            '<span id="c',
            f'-by" class="comment__author">{w["deleted_member"]}</span>',
            "",
        )
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
    who_close = (
        f'-by" class="comment__author" href="{u["profile"].format(c.author_id)}">'
        f"{escape(c.author)}</a>"
    )
    if c.rank:
        who_close += f' <span class="rank">{escape(c.rank)}</span>'
    website = (
        f' <a class="comment__website" href="{escape(c.website)}" '
        f'rel="ugc nofollow noopener">{_website_label(c.website)}</a>'
        if c.website
        else ""
    )
    return avatar, '<a id="c', who_close, website


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


def votes_form_html(ref: int, u: dict | None = None) -> str:
    """A comment's vote widget, its buttons a hole (who may press them, and what is pressed,
    is the reader's)."""
    url = (u or _urls())["vote"].format(ref)
    return (
        f'<form class="votes votes--small" id="votes-{ref}" method="post" action="{url}" '
        f'hx-post="{url}" hx-target="this" hx-swap="outerHTML" hx-sync="this:drop">'
        f"{CSRF_HOLE}\x00v{ref}\x00</form>"
    )


def meta_of(c: Shown) -> Meta:
    return (c.author_id, c.created_at, c.status == VISIBLE, c.up, c.down)


def render_list(comments: list[Shown], *, moderator: bool = False, answerable: bool = True) -> str:
    """The discussion's list, in reading order, its replies nested (see threads), with holes
    (``answerable``: see comment_html)."""
    parts = []
    w = _words(get_language())
    known: dict = {}
    for c in comments:
        parts.append(f'<li id="comment-{c.pk}" class="comment-item">')
        parts.append(comment_html(c, moderator=moderator, w=w, answerable=answerable, known=known))
        if c.nest:
            parts.append('<ul class="replies">')
        else:
            parts.append(f'<div class="new-replies" id="new-replies-{c.pk}"></div></li>')
            for closed in c.unwind:
                parts.append(
                    f'</ul><div class="new-replies" id="new-replies-{closed.pk}"></div></li>'
                )
    return "".join(parts)


class Holes:
    """A list's HTML cut at its holes, as UTF-8, the holes filled for a reader with no state of
    their own on the page (anonymous, or a member who wrote, voted and missed none of it).
    Filling it for one reader copies the list of parts and changes only the holes that differ
    for them: the CSRF token, their comments, their votes, what is new for them; then one join.
    A page of hundreds of comments is prepared once per process (``_Rendered.holes``), not at
    each request: refilling every hole with a regular expression, then encoding a megabyte,
    was most of a member's page."""

    def __init__(self, html: str | bytes, meta: dict[int, Meta], *, authenticated: bool):
        self.meta, self.authenticated = meta, authenticated
        w = _words(get_language())
        if isinstance(html, str):
            html = html.encode()
        pieces = _HOLE.split(html)  # text, kind, id, text, kind, id, ..., text (UTF-8)
        kinds, refs = pieces[1::3], pieces[2::3]
        # Each hole's kind, one letter each: the holes of one kind are found in it by the
        # regular expression engine (a loop over thousands of holes for each kind was a sixth
        # of the cut of a long discussion).
        letters = b"".join(kinds)
        # Texts and holes alternating: hole i is at 2 * i + 1. Empty for a reader with no state
        # of their own but the vote buttons (unpressed) and, for members, the report links.
        parts = [b""] * (2 * len(kinds) + 1)
        parts[0::2] = pieces[0::3]
        self.csrf = [2 * found.start() + 1 for found in _KIND[b"c"].finditer(letters)]
        buttons: dict[tuple[int, int], bytes] = {}  # by counts: the same for many comments
        for found in _KIND[b"v"].finditer(letters):
            i = found.start()
            _author, _created, _visible, up, down = meta[int(refs[i])]
            counts = (up, down)
            if counts not in buttons:
                buttons[counts] = vote_buttons(up, down, None, static=False, w=w).encode()
            parts[2 * i + 1] = buttons[counts]
        self.parts = parts
        self.by_author: dict[int, list[int]] = {}
        self.by_date: list[tuple[datetime, int]] = []
        if not authenticated:
            return  # an anonymous reader's holes are all filled: none is looked up again
        u = _urls()
        for found in _KIND[b"a"].finditer(letters):
            i = found.start()
            pk = int(refs[i])
            author_id, _created, visible, _up, _down = meta[pk]
            parts[2 * i + 1] = _others_actions(pk, author_id, visible, w, u).encode()
        # Where each comment's holes are, found when a reader first needs them (``_slots_of``):
        # a comment's holes follow one another, with only CSRF holes (no id) between them.
        self.kinds, self.refs = kinds, refs
        self.slots: dict[int, tuple[tuple[str, int], ...]] = {}
        # A voter's widget, by its counts and their vote: the same for many comments and readers.
        self.voted: dict[tuple[int, int, int], bytes] = {}
        for pk, (author_id, *_rest) in meta.items():
            self.by_author.setdefault(author_id, []).append(pk)
        self.by_date = sorted((created_at, pk) for pk, (_a, created_at, *_r) in meta.items())

    @cached_property
    def first(self) -> dict[bytes, int]:
        """Where each comment's holes begin, by its id (for ``_slots_of``)."""
        refs = self.refs
        return dict(zip(reversed(refs), range(len(refs) - 1, -1, -1), strict=True))

    def _hole(
        self, kind, pk, w, u, *, mine=False, new=False, my_vote=None, now=None, ignored=False
    ) -> str:
        """What a hole holds for a reader (by default: one with no state of their own)."""
        author_id, created_at, visible, up, down = self.meta[pk]
        if kind == "i":
            return (
                f'<details class="comment__fold"><summary>{w["ignored"]}</summary>'
                if ignored
                else ""
            )
        if kind == "j":
            return "</details>" if ignored else ""
        if kind in "nb":  # "nouveau": posted since the reader's last visit, by someone else
            if not new:
                return ""
            return " comment--new" if kind == "n" else f' <span class="badge">{w["new"]}</span>'
        if kind == "v":
            return vote_buttons(up, down, my_vote, static=mine, w=w)
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
            if self.authenticated:
                return _others_actions(pk, author_id, visible, w, u, ignored=ignored)
            return ""
        raise ValueError(f"unknown hole {kind!r}")

    def filled(self, reader: Reader, csrf_token: str) -> bytes:
        return b"".join(self.filled_parts(reader, csrf_token))

    def filled_parts(self, reader: Reader, csrf_token: str) -> list[bytes]:
        """The list for this reader, in parts (joined once, with what surrounds it)."""
        if not self.authenticated:
            return self.anonymous_parts()
        token = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        ).encode()
        parts = self.parts.copy()
        for index in self.csrf:
            parts[index] = token
        member_pk = reader.pk
        if member_pk is not None and self.authenticated:
            mine = set(self.by_author.get(member_pk, ()))
            new = set()
            if reader.since is not None:
                first = bisect_right(self.by_date, (reader.since, _LAST))
                new = {pk for _created, pk in self.by_date[first:]} - mine
            votes = reader.my_votes
            w, u = _words(get_language()), _urls()
            ignored = {pk for author in reader.ignored for pk in self.by_author.get(author, ())}
            new -= ignored  # folded, and never announced as new
            for pk in mine | new | votes.keys() | ignored:
                if pk not in self.meta:
                    continue
                if pk not in mine and pk not in new and pk not in ignored:
                    # Only their vote differs, in its widget: the widgets are few, and shared.
                    _author, _created, _visible, up, down = self.meta[pk]
                    key = (up, down, votes[pk])
                    widget = self.voted.get(key)
                    if widget is None:
                        widget = self._hole("v", pk, w, u, my_vote=key[2]).encode()
                        self.voted[key] = widget
                    for kind, index in self._slots_of(pk):
                        if kind == "v":
                            parts[index] = widget
                    continue
                state = {
                    "mine": pk in mine,
                    "new": pk in new,
                    "my_vote": votes.get(pk),
                    "now": reader.now,
                    "ignored": pk in ignored,
                }
                for kind, index in self._slots_of(pk):
                    parts[index] = self._hole(kind, pk, w, u, **state).encode()
        return parts

    def anonymous_parts(self) -> list[bytes]:
        """For an anonymous reader, whose holes are all filled: the list, joined once per
        process, the same bytes for every anonymous reader. Its forms (votes) carry no CSRF
        token: an anonymous reader's vote only ever leads to the log-in page, and the vote
        view checks the token of members' votes itself (comments.views.vote)."""
        whole = self.__dict__.get("_whole")
        if whole is None:
            parts = self.parts.copy()
            for index in self.csrf:
                parts[index] = b""
            whole = self._whole = b"".join(parts)
        return [whole]

    def _slots_of(self, pk: int) -> tuple[tuple[str, int], ...]:
        """The kind of each hole of a comment, and its index in ``parts``."""
        slots = self.slots.get(pk)
        if slots is None:
            ref, kinds, refs, found = str(pk).encode(), self.kinds, self.refs, []
            i = self.first.get(ref, len(refs))
            while i < len(refs) and refs[i] in (ref, b""):
                if refs[i]:
                    found.append((_KINDS[kinds[i]], 2 * i + 1))
                i += 1
            slots = self.slots[pk] = tuple(found)
        return slots


def _others_actions(pk, author_id, visible, w, u, *, ignored=False) -> str:
    """A member's actions on someone else's comment: report it, ignore its author."""
    if not visible:
        return ""
    url = u["report"].format(pk)
    items = (
        f'<li><a href="{url}" hx-get="{url}" hx-target="#reply-slot-{pk}">{w["report"]}</a></li>'
    )
    if author_id is not None:
        url = u["ignore"].format(author_id)
        label = w["unignore"] if ignored else w["ignore"]
        items += f'<li><a href="{url}?commentaire={pk}">{label}</a></li>'
    return items


_LAST = float("inf")  # sorts after every id: bisect past the comments made at ``since`` itself


def fill(html: str, meta: dict[int, Meta], reader: Reader, csrf_token: str) -> str:
    """Put one reader's state in the holes of ``html`` (see the module's docstring)."""
    holes = Holes(html, meta, authenticated=reader.pk is not None)
    return holes.filled(reader, csrf_token).decode()


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


def new_items(comments: list[Comment], reader: Reader, csrf_token: str) -> str:
    """Comments posted since a reader's page was made, for that page (the live notice's
    "show"), oldest first: each as an htmx out-of-band swap to where it belongs, a reply at the
    end of its parent's replies (as on reload), a top-level comment at the end of the list;
    their "nouveau" mark on. (A reply whose parent the page does not show finds no place and
    is left out by htmx.)"""
    parts, meta = [], {}
    for comment in comments:
        shown = Shown.of(comment)
        meta[shown.pk] = meta_of(shown)
        ref = shown.pk
        item = (
            f'<li id="comment-{ref}" class="comment-item comment-item--live">'
            f'{comment_html(shown)}<div class="new-replies" id="new-replies-{ref}"></div></li>'
        )
        if comment.parent_id is None:
            target = "#comment-list"
        else:
            target = f"#new-replies-{comment.parent_id}"
            if comment.parent.depth < settings.COMMENT_MAX_DEPTH:
                item = f'<ul class="replies">{item}</ul>'
        parts.append(f'<div hx-swap-oob="beforeend:{target}">{item}</div>')
    return fill("".join(parts), meta, reader, csrf_token)


def one_vote_form(comment: Comment, reader: Reader, csrf_token: str) -> str:
    """A comment's vote widget alone (the answer to an in-place vote): its counts, and the
    reader's own vote pressed."""
    meta = (
        comment.author_id,
        comment.created_at,
        comment.status == VISIBLE,
        comment.upvotes,
        comment.downvotes,
    )
    return fill(votes_form_html(comment.pk), {comment.pk: meta}, reader, csrf_token)
