"""Markdown for what editors and members write: rendered once, when the text is saved.

markdown-it-py turns the text into HTML with raw HTML disabled (a ``<script>`` typed in a message
stays text), Pygments colours fenced code, and nh3 then keeps only an allow-list of tags and
attributes, as a second line of defence. User-supplied URLs must be http, https or mailto.

Two levels of trust:

- Articles are written by editors: every Pygments lexer, tables, headings and images. Their links
  that leave the site get ``rel="nofollow noopener"`` (no "ugc": the site vouches for what its
  editors write, but does not pass ranking to pages it does not control).
- Members' text (comments, biographies) is written by anyone who signed up, so it is also an
  attack surface on the server: whoever posts chooses the input of a parser that runs on every
  save. It gets only what cannot be turned against the server or the page:

  * highlighting only for a short allow-list of languages whose lexers were fuzzed for
    super-linear time (``MEMBER_LANGUAGES``), within a character and a CPU-time budget per text;
    anything else is plain escaped code;
  * no tables, no reference-link definitions (both let a few characters of source repeat long
    output many times), limited nesting, and at most 2,000 blocks and markup characters in
    paragraphs in all (``_MAX_MARKUP``): past it, the text is shown as written;
  * a bound on the size of the HTML: 8 times the source plus 1 KB, and up to 16 times for
    highlighted code (see ``_MAX_RATIO``). Past it, highlighting is dropped, and past it again
    the source is shown as plain text;
  * every link that leaves the site gets ``rel="ugc nofollow noopener"``;
  * ``has_links`` tells, from the parsed tokens rather than from a regex on the source, whether a
    text links elsewhere, so that newcomers can be kept from posting links.

Members' text may also mention members (``@pseudo``): see ``Mentions``. The renderer finds the
names (never in code, in quotes or in a link's text), asks the caller once for the addresses of
those that exist, and links them.
"""

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import escape, unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import strip_tags
from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer, RegexLexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.c_cpp import CFamilyLexer, CLexer, CppLexer
from pygments.lexers.python import PythonLexer
from pygments.lexers.shell import BashLexer
from pygments.token import Text, Whitespace
from pygments.util import ClassNotFound

BASE_TAGS = {"p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "span", "blockquote"}
BASE_TAGS |= {"ul", "ol", "li", "a"}
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "ol": {"start"},
}
# nh3 passes any CSS through a style attribute (``position:fixed`` included): the only style
# kept is the column alignment markdown-it writes on table cells, value for value.
ALIGNMENTS = {f"text-align:{side}" for side in ("left", "center", "right")}
# A mention is the only link with a class, and that class the only one it may have.
TAG_ATTRIBUTE_VALUES = {
    "th": {"style": ALIGNMENTS},
    "td": {"style": ALIGNMENTS},
    "a": {"class": {"mention"}},
}
URL_SCHEMES = {"http", "https", "mailto"}

EDITOR_REL = "nofollow noopener"
MEMBER_REL = "ugc nofollow noopener"

# Languages members may have highlighted: the name written after the fence (lower-cased), and
# the lexer it stands for. Each lexer was fuzzed (every character and pair of characters
# repeated, and some 300 openers -- quotes, comments, keywords, heredocs... -- followed by such
# runs) and is here because, on 5,000 characters, no input found spends more than 1 ms in a
# single token (a token cannot be interrupted: see ``_timed``), and none takes more than 250 ms
# in all (five times the CPU budget, which stops them; beyond, it would cut too often). Worst
# found, fastest of several runs: YAML 225 ms, JavaScript 214, Go 174, TOML 109, the others
# under 100. Python, shell, C and C++ meet this once some of their rules are rewritten
# (``_FIXED_LEXERS``). Left out: C# ("\n_" repeated: 3.3 s, 4 ms in one token), Java ("/" then
# "_ "s: 0.74 s), TypeScript ("._" repeated: 0.44 s), HTML, whose <style> is CSS, and CSS ("{"
# then "_"s: 0.45 s), PHP ("<?php " then "$"s: 0.36 s), XML ("<<EOF" then "_"s: 0.30 s).
# See tests/test_markdown_hardening.py before adding one.
MEMBER_LANGUAGES = {
    **dict.fromkeys(["python", "py", "python3", "py3"], "python"),
    **dict.fromkeys(["javascript", "js", "node"], "javascript"),
    **dict.fromkeys(["bash", "sh", "shell", "zsh"], "bash"),
    **dict.fromkeys(["c", "h"], "c"),
    **dict.fromkeys(["cpp", "c++", "cxx", "hpp"], "cpp"),
    **dict.fromkeys(["go", "golang"], "go"),
    **dict.fromkeys(["rust", "rs"], "rust"),
    **dict.fromkeys(["ruby", "rb"], "ruby"),
    **dict.fromkeys(["kotlin", "kt"], "kotlin"),
    **dict.fromkeys(["yaml", "yml"], "yaml"),
    **dict.fromkeys(["diff", "patch"], "diff"),
    "json": "json",
    "sql": "sql",
    "toml": "toml",
}


@dataclass(frozen=True)
class _Limits:
    """How much highlighting one text may cost. Beyond any of these, code stays plain."""

    fence_chars: int  # one code block
    total_chars: int  # all the code blocks of the text
    # CPU time, from the start of the rendering, after which no more code is highlighted: the
    # markdown-it parsing of a pathological text counts too, but not the compilation of a
    # lexer's regular expressions on its first use in the process.
    cpu_seconds: float


# A member's text takes at most 100 ms of CPU: 50 for the parsing and highlighting, the rest for
# what follows (rendering, sanitizing, the size bound), with room for a busy machine.
MEMBER_LIMITS = _Limits(fence_chars=5_000, total_chars=10_000, cpu_seconds=0.05)
EDITOR_LIMITS = _Limits(fence_chars=30_000, total_chars=100_000, cpu_seconds=1.0)
# Members' HTML may be at most _MAX_RATIO times the source plus _MAX_SLACK characters, and
# highlighted code up to _HIGHLIGHT_RATIO times its own size: every token of it gets a <span>,
# so real code comes out at 4 to 11 times its size, and short lines like "x = 1" at 13. Code
# made of one-character tokens of alternating kinds comes out at 25: such a block stays plain.
_MAX_RATIO = 8
_MAX_SLACK = 1024
_HIGHLIGHT_RATIO = 16
_HIGHLIGHT_SLACK = 200  # per block: short snippets are mostly <span>s
_MEMBER_NESTING = 20  # blockquotes, lists and inline markup: deep enough for any real text
# markdown-it's time goes to the markup it meets: each block a line starts (every ">" of a
# line's prefix is a blockquote, every "-" or "1." a list, a blank line a new paragraph), and
# each character of a paragraph at which the inline parser stops to try all its rules (a link
# looks ahead for its closing bracket). At the comment's length limit, a text made only of them
# cost 60 to 250 ms: a member's text with more than _MAX_MARKUP of them in all is shown as
# written. Real text, even long and full of formatting, has a few hundred. Blocks are counted in
# the source before parsing (code blocks included), the inline markup in what the inline parser
# would read.
_MAX_MARKUP = 2_000
_DROP_MARKUP = str.maketrans("", "", "\n!#$%&*+-:<=>@[\\]^_`{}~")
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+", re.MULTILINE)
_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)

_formatter = HtmlFormatter(nowrap=True)


def _made_linear(lexer_class: type[RegexLexer], fixes: dict[str, list[tuple[str, str]]]) -> type:
    """``lexer_class`` with parts of the regular expressions of some states replaced:
    {state: [(old, new), ...]}.

    The states are taken whole, inherited rules included, and replace the parent's. Should a
    future Pygments rewrite one of these rules, its replacement stops applying: the tests of
    tests/test_markdown_hardening.py check that each one still does."""
    tokens = {}
    for state, replacements in fixes.items():
        rules = []
        for rule in lexer_class.get_tokendefs()[state]:
            if isinstance(rule, tuple) and isinstance(rule[0], str):
                regex = rule[0]
                for old, new in replacements:
                    regex = regex.replace(old, new)
                rule = (regex, *rule[1:])
            rules.append(rule)
        tokens[state] = rules
    return type(f"Linear{lexer_class.__name__}", (lexer_class,), {"tokens": tokens})


# Rules of essential languages whose time grew faster than their input, most of them within a
# single token, which no deadline can interrupt (times on 5,000 characters), rewritten to match
# the same text in linear time; on real code (600 C headers, 400 Django modules), the tokens
# are the same. Possessive quantifiers (*+, ++) need Python 3.11.
_C_COMMENTS = CFamilyLexer._possible_comments
_C_LINE_START = "^(" + CFamilyLexer._ws1
_C_FAMILY_FIXES = {
    # A function's return type ended with [&*\s]+ and the comments that could follow began
    # with \s*: every split of a run of spaces was tried ("int" and 5,000 spaces: 2.4 s).
    "root": [
        (r"(?:[&*\s])+)", r"(?:[&*\s])++)"),
        (_C_COMMENTS, _C_COMMENTS.replace(r"\s*", r"\s*+")),
    ],
    # Preprocessor lines began with ^(\s*, scanning all the blank lines after each line start
    # (5,000 characters of " \n": 0.5 s); only the line's own indentation is scanned now.
    "whitespace": [(_C_LINE_START, _C_LINE_START.replace(r"\s*", r"[ \t]*+"))],
}
_FIXED_LEXERS = {
    "python": _made_linear(
        PythonLexer,
        {
            # Docstrings began with ^(\s*), scanning all the blank lines after each line start
            # (5,000 characters of " \n": 330 ms, spread over many tokens). Only the line's own
            # indentation is scanned now: a docstring after a line of trailing spaces is then
            # coloured as a string.
            "root": [(r"^(\s*)([rRuUbB]{,2})", r"^([ \t]*+)([rRuUbB]{,2})")],
            # match/case backtracked over each split of a run of spaces ("case" and 5,000
            # spaces: 130 ms).
            "soft-keywords-inner": [(r"(\s+)([^\n_]*)(_\b)", r"(\s++)([^\n_]*+)(_\b)")],
        },
    ),
    # A here-document tried every length of its delimiter word against every later position
    # ("<<" and 5,000 letters: 1.6 s). The word is now taken whole, and 64 characters at most.
    "bash": _made_linear(
        BashLexer,
        {"basic": [(r"<<-?\s*(\'?)\\?(\w+)", r"<<-?\s*+(\'?)\\?(\w{1,64}+)")]},
    ),
    "c": _made_linear(CLexer, _C_FAMILY_FIXES),
    "cpp": _made_linear(CppLexer, _C_FAMILY_FIXES),
}


def _member_lexer(name: str) -> Lexer | None:
    alias = MEMBER_LANGUAGES.get(name)
    return _lexer(alias) if alias else None


@cache  # keyed by the allow-list's aliases only: a cache keyed by what members type would grow
def _lexer(alias: str) -> Lexer:
    fixed = _FIXED_LEXERS.get(alias)
    return fixed() if fixed else get_lexer_by_name(alias)


@lru_cache(maxsize=128)
def _editor_lexer(name: str) -> Lexer | None:
    if MEMBER_LANGUAGES.get(name) in _FIXED_LEXERS:
        return _lexer(MEMBER_LANGUAGES[name])
    try:
        return get_lexer_by_name(name)
    except ClassNotFound:
        return None


class _OutOfTime(Exception):
    pass


@dataclass
class _Budget:
    """What highlighting may still spend on the text being rendered (lives in markdown-it's env)."""

    limits: _Limits
    lexer: Callable[[str], Lexer | None]  # the lexer for a fence's language name, if allowed
    chars: int = 0  # characters of code that may still be highlighted
    deadline: float = 0.0  # on the thread's CPU clock
    highlighted: int = 0  # characters of code highlighted
    enabled: bool = True

    def __post_init__(self):
        self.chars = self.limits.total_chars
        self.deadline = time.thread_time() + self.limits.cpu_seconds


def _timed(tokens, deadline: float):
    """Pygments' tokens, stopping once the thread's CPU clock passes ``deadline``. Pygments lexes
    lazily and the formatter consumes tokens as they come, so this bounds lexing and formatting
    together, to within a few tokens.

    The thread's CPU clock is the measure: wall time and the process's clock would count other
    requests served meanwhile. Whitespace tokens become plain text, which the formatter writes
    without a <span>: a third less HTML for most code, and the same look."""
    for count, (kind, value) in enumerate(tokens):
        if not count % 16 and time.thread_time() > deadline:
            raise _OutOfTime
        yield (Text if kind in Whitespace else kind), value


def _highlight(code: str, lexer: Lexer, budget: _Budget) -> str | None:
    """Highlighted HTML for ``code``, or None when it would cost too much time or size."""
    if len(code) > min(budget.limits.fence_chars, budget.chars):
        return None
    budget.chars -= len(code)
    out = io.StringIO()
    try:
        _formatter.format(_timed(lexer.get_tokens(code), budget.deadline), out)
    except _OutOfTime:
        return None
    html = out.getvalue()
    if len(html) > _HIGHLIGHT_RATIO * len(code) + _HIGHLIGHT_SLACK:
        return None
    budget.highlighted += len(code)
    return f'<pre class="highlight"><code>{html}</code></pre>\n'


def _render_fence(self, tokens, idx, options, env):
    token = tokens[idx]
    info = unescapeAll(token.info).split(maxsplit=1) if token.info else []
    budget: _Budget | None = env.get("highlight")
    if info and budget and budget.enabled and time.thread_time() < budget.deadline:
        looking_up = time.thread_time()
        lexer = budget.lexer(info[0].lower())
        # A lexer's first use in the process compiles its regular expressions: not the text's
        # doing, and not to be held against it.
        budget.deadline += time.thread_time() - looking_up
        html = lexer and _highlight(token.content, lexer, budget)
        if html:
            return html
    return self.fence(tokens, idx, options, env)  # escaped, in <pre><code class="language-…">


_DROPPED_ANYWHERE = re.compile(r"[\t\n\r]")
_TRIMMED = "".join(map(chr, range(0x21)))


def _site_hosts() -> set[str]:
    hosts = {urlsplit(settings.SITE_URL).hostname or ""}
    for host in settings.ALLOWED_HOSTS:
        if not host.startswith((".", "*")):  # patterns: not one host we can name
            hosts.add(host.strip("[]").lower())
    return hosts - {""}


def is_external(href: str) -> bool:
    """Whether following ``href`` may leave this site: anything but a path, query or fragment on
    it, or an address of one of its own host names (http, https or protocol-relative).

    The address is read the way browsers read it, since they decide where a click goes: tabs and
    line breaks removed anywhere, controls and spaces trimmed at both ends, backslashes taken as
    slashes (``/\\evil.example`` is ``//evil.example``), schemes in any case. Anything else with a
    scheme counts as external, ``http:evil.example`` included (from an https page, browsers go to
    ``http://evil.example``), and so does anything that does not parse.
    """
    url = _DROPPED_ANYWHERE.sub("", href).strip(_TRIMMED).replace("\\", "/")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return True
    if not parts.scheme and not parts.netloc:
        return False
    return not (parts.scheme in {"", "http", "https"} and host and host in _site_hosts())


def _link_open_rule(rel: str):
    def render_link_open(self, tokens, idx, options, env):
        token = tokens[idx]
        if is_external(token.attrGet("href") or ""):
            token.attrSet("rel", rel)
        return self.renderToken(tokens, idx, options, env)

    return render_link_open


def _render_heading(self, tokens, idx, options, env):
    # The page's title is the only <h1>: a "# " in the text becomes an <h2>, and so on down.
    # Marked as done, so that rendering the same tokens twice does not step down twice.
    token = tokens[idx]
    if not token.meta.get("stepped"):
        token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
        token.meta["stepped"] = True
    return self.renderToken(tokens, idx, options, env)


# Mentions ---------------------------------------------------------------------------------------

# "@" and a name made of what usernames are made of (Django's validator: letters, digits and
# . + - _; the "@" it also allows cannot be mentioned), not glued to a word, an address or a
# path ("jean@example.com", "/@home"). 150 is the username's length limit: the match is bounded.
_MENTION = re.compile(r"(?<![\w.+\-@/])@([\w.+\-]{1,150})")
# Distinct names looked up for one text (a mention ending a sentence, "@alice.", counts as two:
# with and without its trailing punctuation). Further ones stay text.
MAX_MENTION_NAMES = 20
# A mention's link adds this much HTML at most, on top of the size bound of members' text.
_MENTION_HTML = 64


@dataclass
class Mentions:
    """What the caller of ``render_member_text`` gives to have ``@pseudo`` linked.

    ``resolve`` receives the names found in the text (lower-cased, distinct, in order of first
    appearance, at most MAX_MENTION_NAMES) and returns, for those that name a member who may be
    linked, the address of their profile. It is called once per rendering, and not at all when
    the text mentions no one: one query, whatever the number of mentions. ``linked`` is then
    the names that were linked, lower-cased, in order of first appearance."""

    resolve: Callable[[list[str]], dict[str, str]]
    linked: list[str] = field(default_factory=list)


def _forms(name: str) -> list[str]:
    """The names a match may stand for, longest first: "@alice." is "alice." or "alice"."""
    trimmed = name.rstrip(".+-")
    return [name] if trimmed in {name, ""} else [name, trimmed]


def _mention_places(tokens: list[Token]):
    """The text tokens where a mention counts: not in a blockquote (someone else's words), not
    in a link's text; code spans and code blocks are other token types."""
    quotes = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "inline" and not quotes and token.children:
            links = 0
            for index, child in enumerate(token.children):
                if child.type == "link_open":
                    links += 1
                elif child.type == "link_close":
                    links -= 1
                elif child.type == "text" and not links and "@" in child.content:
                    yield token, index


def _link_mentions(state) -> None:
    """A core rule of members' parser: replaces each "@name" naming a member by a link to them."""
    mentions: Mentions | None = state.env.get("mentions")
    if mentions is None:
        return
    places = list(_mention_places(state.tokens))
    names: dict[str, None] = {}
    for _inline, index in places:
        for match in _MENTION.finditer(_inline.children[index].content):
            for form in _forms(match[1]):
                if len(names) < MAX_MENTION_NAMES:
                    names.setdefault(form.lower())
    if not names:
        return
    found = mentions.resolve(list(names))
    if not found:
        return
    linked: dict[str, None] = {}
    # From the last place to the first, so that the indexes of the earlier ones stay right.
    for inline, index in reversed(places):
        text = inline.children[index]
        pieces: list[Token] = []
        start = 0
        for match in _MENTION.finditer(text.content):
            form = next((f for f in _forms(match[1]) if f.lower() in found), None)
            if form is None:
                continue
            end = match.start() + 1 + len(form)
            pieces.append(_text(text.content[start : match.start()]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": found[form.lower()], "class": "mention"}
            pieces += [link, _text("@" + form), Token("link_close", "a", -1)]
            start = end
            linked[form.lower()] = None
        if pieces:
            pieces.append(_text(text.content[start:]))
            inline.children[index : index + 1] = [
                piece for piece in pieces if piece.content or piece.type != "text"
            ]
    mentions.linked = sorted(linked, key=list(names).index)


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def mentioned_names(text: str) -> set[str]:
    """The names (lower-cased) that ``text`` mentions where a mention counts, linked or not, as
    ``render_member_text`` finds them: to tell which mentions an edit adds."""
    seen: list[str] = []

    def remember(names: list[str]) -> dict[str, str]:
        seen.extend(names)
        return {}

    md = _parser(headings=False, images=False, trusted=False)
    try:
        _parse_member_text(md, text, {"mentions": Mentions(remember)})
    except _TooMuchMarkup:
        return set()
    return set(seen)


@cache
def _parser(*, headings: bool, images: bool, trusted: bool) -> MarkdownIt:
    options = {"html": False, "linkify": False}
    if not trusted:
        options["maxNesting"] = _MEMBER_NESTING
    md = MarkdownIt("commonmark", options)
    md.enable(["strikethrough", *(["table"] if trusted else [])])
    disabled = [
        *(["heading", "lheading"] if not headings else []),
        *(["image"] if not images else []),
        # A definition "[r]: <long address> 'long title'" is written once and repeated in full
        # by every "[a][r]", six characters each: members write their addresses inline.
        *(["reference"] if not trusted else []),
    ]
    if disabled:
        md.disable(disabled)
    if not trusted:
        md.core.ruler.before("inline", "count_markup", _count_markup)
        # Before text_join: a "\\@" escaped by the member is still its own token there.
        md.core.ruler.before("text_join", "mentions", _link_mentions)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("link_open", _link_open_rule(EDITOR_REL if trusted else MEMBER_REL))
    md.add_render_rule("heading_open", _render_heading)
    md.add_render_rule("heading_close", _render_heading)
    return md


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes={tag: attrs for tag, attrs in ATTRIBUTES.items() if tag in tags},
        tag_attribute_values={t: v for t, v in TAG_ATTRIBUTE_VALUES.items() if t in tags},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _as_plain_text(text: str) -> str:
    """The source itself, escaped, line for line: at most five times its size."""
    lines = escape(text.replace("\0", "\ufffd"), quote=False).splitlines()
    return "<p>" + "<br>\n".join(lines) + "</p>\n"


class _TooMuchMarkup(Exception):
    pass


def _blocks(text: str) -> int:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # markdown-it's line breaks
    containers = sum(
        len(prefix) - prefix.count(" ") - prefix.count("\t") for prefix in _CONTAINERS.findall(text)
    )
    return containers + len(_BLANK_LINE.findall(text))


def _count_markup(state) -> None:
    """A core rule of members' parser, run between the block and the inline parsing: counts what
    the inline parser would stop at, in the exact text it would read (not code blocks, not list
    or quote markers), and stops everything past what is left of _MAX_MARKUP."""
    allowed = state.env.get("markup_allowed", _MAX_MARKUP)
    for token in state.tokens:
        if token.type == "inline":
            allowed -= len(token.content) - len(token.content.translate(_DROP_MARKUP))
    if allowed < 0:
        raise _TooMuchMarkup


def _parse_member_text(md: MarkdownIt, text: str, env: dict) -> list[Token]:
    """markdown-it's tokens for a member's text, or _TooMuchMarkup."""
    if len(text) > _MAX_MARKUP:  # shorter, it cannot hold too much
        env["markup_allowed"] = _MAX_MARKUP - _blocks(text)
        if env["markup_allowed"] < 0:
            raise _TooMuchMarkup
    return md.parse(text, env)


def render_markdown(
    text: str,
    *,
    headings: bool = True,
    images: bool = True,
    trusted: bool | None = None,
    mentions: Mentions | None = None,
) -> str:
    """Safe HTML for ``text``. Articles allow headings and images; comments allow neither.

    ``trusted`` says whether an editor wrote the text (see the module's docstring for what
    members do not get). Left out, it follows the other flags: text without headings or images
    is a member's, as comments and biographies have always been rendered.
    """
    if trusted is None:
        trusted = headings or images
    md = _parser(headings=headings, images=images, trusted=trusted)
    tags = (
        BASE_TAGS
        | (TABLE_TAGS if trusted else set())
        | (HEADING_TAGS if headings else set())
        | ({"img"} if images else set())
    )
    if trusted:
        budget = _Budget(EDITOR_LIMITS, _editor_lexer)
    else:
        budget = _Budget(MEMBER_LIMITS, _member_lexer)
    env = {"highlight": budget, "mentions": None if trusted else mentions}
    try:
        tokens = md.parse(text, env) if trusted else _parse_member_text(md, text, env)
    except _TooMuchMarkup:
        return _as_plain_text(text)
    html = _clean(md.renderer.render(tokens, md.options, env), tags)
    if trusted:
        return html
    # Whatever in Markdown multiplies its source (nested blockquotes and lists, links, code
    # spans...) stops here. Past the bound, the text goes without colours; past it again, it
    # is shown as written.
    bound = _MAX_RATIO * len(text) + _MAX_SLACK
    if mentions is not None:
        bound += _MENTION_HTML * len(mentions.linked)
    if len(html) > bound + (_HIGHLIGHT_RATIO - _MAX_RATIO) * budget.highlighted:
        if budget.highlighted:
            budget.enabled = False
            html = _clean(md.renderer.render(tokens, md.options, env), tags)
        if len(html) > bound:
            html = _as_plain_text(text)
            if mentions is not None:
                mentions.linked = []
    return html


def render_member_text(text: str, *, mentions: Mentions | None = None) -> str:
    """Safe HTML for what a member writes (a comment, a biography): no headings, no images.
    With ``mentions``, "@pseudo" links to the member it names (see Mentions)."""
    return render_markdown(text, headings=False, images=False, trusted=False, mentions=mentions)


# Addresses written out without Markdown: not links on this site (linkify is off), but whoever
# reads them can copy them. Only "www." and "scheme://" count: a bare "example.com" cannot be
# told from a file name ("setup.py") or a library ("Node.js"). The pattern has a fixed width
# ("://" after a scheme's last character), linear whatever the text: reading the whole scheme,
# "[a-z][a-z0-9+.-]*://", took quadratic time on a long run of letters (200 ms for 5,000).
_WRITTEN_ADDRESS = re.compile(r"[a-z0-9+.-]://|www\.", re.IGNORECASE)
_TEXT_TOKENS = {"text", "code_inline", "text_special"}
_BREAK_TOKENS = {"softbreak", "hardbreak"}


def _visible_text(inline: Token) -> str:
    # Inline markup may split an address over several tokens ("ww*w.example.com*"): what
    # counts is the text as read, with the markup taken out.
    return "".join(
        child.content if child.type in _TEXT_TOKENS else "\n" if child.type in _BREAK_TOKENS else ""
        for child in inline.children or ()
    )


def has_links(text: str) -> bool:
    """Whether a member's ``text`` links outside the site once rendered: a link (inline or
    ``<autolink>``) to anything ``is_external`` calls external, or an address written out in the
    text or in code ("www." or "scheme://"). Links to the site's own pages do not count.

    It reads the tokens markdown-it makes of the text as ``render_member_text`` would, so
    escapes, entities and unusual link syntax cannot hide a link from it.
    """
    md = _parser(headings=False, images=False, trusted=False)
    try:
        tokens = _parse_member_text(md, text, {})
    except _TooMuchMarkup:  # shown as written: only addresses written out can be links
        return bool(_WRITTEN_ADDRESS.search(text))
    for token in tokens:
        if token.type == "inline":
            for child in token.children or ():
                if child.type in {"link_open", "image"}:
                    href = child.attrGet("href") or child.attrGet("src") or ""
                    if is_external(str(href)):
                        return True
            if _WRITTEN_ADDRESS.search(_visible_text(token)):
                return True
        elif token.type in {"fence", "code_block"} and _WRITTEN_ADDRESS.search(token.content):
            return True
    return False


def plain_text(html: str) -> str:
    """A rendered text (ours, sanitized) as the words a reader sees, for an excerpt: without
    its tags, its characters unescaped (``&lt;`` is ``<`` again: a template escapes it once
    more, once) and its white space run together."""
    return " ".join(unescape(strip_tags(str(html))).split())
