"""A comment's public edit history: each change, newest first, as a word-level diff of the
version before and the version after, with its time and whether a moderator made it.

Who reads it: everyone while the comment is visible; only moderators once it is hidden or
deleted (the view answers 404 to the others). The cost is bounded: a page shows at most
CHANGES_PER_PAGE changes, read in one query, and each diff compares two texts of at most
MAX_BODY_LENGTH characters, with the quadratic part (difflib) confined to the words that differ
and capped (see word_diff)."""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from html import escape

from django.core.paginator import Page, Paginator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from accounts.cache import versioned_get_many, versioned_set_many

from .models import Comment, CommentRevision

CHANGES_PER_PAGE = 10
# Past this many word pairs between the first and the last word that differ, the middle is
# shown as replaced as a whole rather than compared word by word: difflib's matcher is
# quadratic in the worst case, and a rewrite that large is read better whole anyway.
MAX_COMPARED_PAIRS = 150 * 150  # the worst found: a few ms of CPU (random text of two words)

_WORD = re.compile(r"(\S+)\s*")


@dataclass(frozen=True)
class Change:
    """One edit: the text before it and when that was written, when the edit was made,
    whether by a moderator, and the diff."""

    before: str
    written_at: datetime
    made_at: datetime
    by_moderator: bool
    diff: SafeString


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of a text (compared), and each word with the blank that follows it (shown)."""
    matches = list(_WORD.finditer(text.strip()))
    return [m.group(1) for m in matches], [m.group(0) for m in matches]


def _marked(tag: str, tokens: list[str], start: str, end: str) -> str:
    """Added or removed words, visibly (the stylesheet's <ins>/<del>) and for screen readers,
    which mostly do not announce those elements: a hidden word before and after. The blank
    after the last word stays outside, unmarked."""
    text = "".join(tokens)
    words = text.rstrip()
    if not words:
        return escape(text)
    return (
        f'<{tag}><span class="visually-hidden">[{start}] </span>{escape(words)}'
        f'<span class="visually-hidden"> [{end}]</span></{tag}>{escape(text[len(words) :])}'
    )


def word_diff(before: str, after: str) -> SafeString:
    """``before`` turned into ``after``, word by word, as HTML: unchanged words as they are,
    removed ones in <del>, added ones in <ins>. Blanks follow the text they belong to (a line
    break stays a line break: the page shows the diff with white-space: pre-wrap)."""
    a_words, a_shown = _words(before)
    b_words, b_shown = _words(after)
    # The common beginning and end first, in linear time: most edits change a few words.
    head = 0
    while head < min(len(a_words), len(b_words)) and a_words[head] == b_words[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(a_words), len(b_words)) - head and a_words[-1 - tail] == b_words[-1 - tail]
    ):
        tail += 1
    a_mid = slice(head, len(a_words) - tail)
    b_mid = slice(head, len(b_words) - tail)
    added, added_end = gettext("added"), gettext("end of addition")
    deleted, deleted_end = gettext("removed"), gettext("end of removal")

    def ins(tokens):
        return _marked("ins", tokens, added, added_end)

    def dele(tokens):
        return _marked("del", tokens, deleted, deleted_end)

    parts = [escape("".join(b_shown[:head]))]
    a_part, b_part = a_words[a_mid], b_words[b_mid]
    if len(a_part) * len(b_part) > MAX_COMPARED_PAIRS:
        parts += [dele(a_shown[a_mid]), ins(b_shown[b_mid])]
    else:
        offset = head
        matcher = SequenceMatcher(None, a_part, b_part, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            a_tokens = a_shown[offset + i1 : offset + i2]
            b_tokens = b_shown[offset + j1 : offset + j2]
            if op == "equal":
                parts.append(escape("".join(b_tokens)))
            else:
                parts += [dele(a_tokens), ins(b_tokens)]
    parts.append(escape("".join(b_shown[len(b_shown) - tail :])) if tail else "")
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def _diffs(pairs: list[tuple[int, int | None, str, str]]) -> list[SafeString]:
    """word_diff of each (before id, after id, before, after), computed once: two versions
    never change, so the diff between them is kept under their ids and texts (``after`` id
    None: the comment's current text), in this process's memory and the shared cache
    (accounts.cache). One read and at most one write for a whole page."""
    keys = [
        "history-diff:{}:{}:{}".format(
            before_pk,
            after_pk,
            hashlib.sha256(f"{before}\x00{after}".encode()).hexdigest()[:32],
        )
        for before_pk, after_pk, before, after in pairs
    ]
    found = versioned_get_many(keys) if keys else {}
    made = {}
    diffs = []
    for key, (_before_pk, _after_pk, before, after) in zip(keys, pairs, strict=True):
        if key not in found:
            made[key] = found[key] = str(word_diff(before, after))
        diffs.append(mark_safe(found[key]))  # noqa: S308 (word_diff escapes every piece)
    if made:
        versioned_set_many(made)
    return diffs


def may_read(comment: Comment, member) -> bool:
    """The history of a visible comment is public; a hidden or deleted one's is the
    moderators' only (as its text is)."""
    return comment.is_visible or bool(member.is_authenticated and member.is_moderator)


def changes_page(
    comment: Comment, number, *, moderator: bool = False
) -> tuple[Page, list[Change], bool]:
    """A page of the comment's changes, newest first: one query counts them, one reads the
    page's earlier versions and the one just newer (the text each change produced). Also
    whether earlier versions are withheld: a moderator's change removed something (a phone
    number, an insult) that the versions before it still hold, so for readers other than
    moderators the history starts after the latest such change."""
    revisions = CommentRevision.objects.filter(comment=comment).order_by("-created_at", "-pk")
    withheld_up_to = None
    if not moderator:
        withheld_up_to = (
            CommentRevision.objects.filter(comment=comment, by_moderator=True)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if withheld_up_to is not None:
            revisions = revisions.filter(pk__gt=withheld_up_to)
    page = Paginator(revisions.values_list("pk", flat=True), CHANGES_PER_PAGE).get_page(number)
    start = page.start_index() - 1 if page.paginator.count else 0
    rows = list(
        revisions.values_list("pk", "body", "created_at", "by_moderator")[
            max(start - 1, 0) : start + CHANGES_PER_PAGE
        ]
    )
    if start == 0:
        after_pk, after, made_at = None, comment.body, comment.edited_at
    else:
        after_pk, after, made_at, _ = rows.pop(0)
    pairs, moments = [], []
    for pk, body, written_at, by_moderator in rows:
        pairs.append((pk, after_pk, body, after))
        moments.append((body, written_at, made_at, by_moderator))
        after_pk, after, made_at = pk, body, written_at
    changes = [
        Change(body, written_at, made_at, by_moderator, diff)
        for (body, written_at, made_at, by_moderator), diff in zip(
            moments, _diffs(pairs), strict=True
        )
    ]
    return page, changes, withheld_up_to is not None
