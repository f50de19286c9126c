"""Markdown for what editors and members write: rendered once, when the text is saved.

markdown-it-py turns the text into HTML with raw HTML disabled (a ``<script>`` typed in a message
stays text), Pygments colours fenced code, and nh3 then keeps only an allow-list of tags and
attributes, as a second line of defence. Links that leave the site get ``rel="nofollow noopener"``
and user-supplied URLs must be http, https or mailto.
"""

from functools import cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

BASE_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "span", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_formatter = HtmlFormatter(nowrap=True)


def _highlight(code: str, lang: str, _attrs) -> str:
    try:
        lexer = get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return ""  # markdown-it escapes and wraps it as plain code
    return f'<pre class="highlight"><code>{highlight(code, lexer, _formatter)}</code></pre>'


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    if parts.scheme not in {"http", "https"}:
        return False
    site_host = urlsplit(settings.SITE_URL).hostname
    return parts.hostname not in {site_host, *settings.ALLOWED_HOSTS}


def _render_link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    if is_external(token.attrGet("href") or ""):
        token.attrSet("rel", "nofollow noopener")
    return self.renderToken(tokens, idx, options, env)


def _render_heading_open(self, tokens, idx, options, env):
    # The page's title is the only <h1>: a "# " in the text becomes an <h2>, and so on down.
    token = tokens[idx]
    token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return self.renderToken(tokens, idx, options, env)


def _render_heading_close(self, tokens, idx, options, env):
    token = tokens[idx]
    token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return self.renderToken(tokens, idx, options, env)


@cache
def _parser(*, headings: bool, images: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "highlight": _highlight})
    md.enable(["table", "strikethrough"])
    disabled = [
        *(["heading", "lheading"] if not headings else []),
        *(["image"] if not images else []),
    ]
    if disabled:
        md.disable(disabled)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)
    return md


def render_markdown(text: str, *, headings: bool = True, images: bool = True) -> str:
    """Safe HTML for ``text``. Articles allow headings and images; comments allow neither."""
    html = _parser(headings=headings, images=images).render(text)
    tags = BASE_TAGS | (HEADING_TAGS if headings else set()) | ({"img"} if images else set())
    return nh3.clean(
        html,
        tags=tags,
        attributes={tag: attrs for tag, attrs in ATTRIBUTES.items() if tag in tags},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
