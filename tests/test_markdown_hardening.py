"""Members' text cannot be turned against the server or the page: the worst inputs found while
hardening the renderer, each at the comment length limit, render in little CPU time, into HTML
of bounded size, and links that leave the site are marked and detected.

The inputs come from fuzzing: for Pygments, every character and pair of characters repeated, and
some 300 openers (quotes, comments, keywords, heredocs...) followed by such runs, on each lexer;
for markdown-it, the pathological cases of markdown-it's and cmark's own test suites, and every
construct that writes more HTML than it reads.
"""

import re
import time

import pytest

from accounts import markdown
from accounts.markdown import (
    MEMBER_LANGUAGES,
    has_links,
    is_external,
    render_markdown,
    render_member_text,
)

LIMIT = 10_000  # comments.models.MAX_BODY_LENGTH; biographies are 2,000
# The worst inputs of the allowed size cost 80 to 100 ms of CPU on the development machine
# (make bench prints the figure); before the fixes they took seconds. The bound catches such a
# blow-up without failing on a machine a little slower or busier.
CPU_LIMIT_MS = 150


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://causerie.example"
    settings.ALLOWED_HOSTS = ["causerie.example", "www.causerie.example", ".causerie.example"]


def fill(unit: str, length: int = LIMIT, head: str = "", tail: str = "") -> str:
    body = (unit * (length // len(unit) + 1))[: length - len(head) - len(tail)]
    return head + body + tail


def fences(lang: str, unit: str, head: str = "") -> str:
    """Two code blocks that fill a comment, each within the size that may be highlighted."""
    size = (LIMIT - 2 * (len(lang) + 9) - 1) // 2
    block = f"```{lang}\n{fill(unit, size, head)}\n```\n"
    return block + "\n" + block


def cpu_ms(function, text: str) -> float:
    """CPU time (not wall time) of the fastest of three runs: the machine may be busy."""
    runs = []
    for _ in range(3):
        start = time.process_time()
        function(text)
        runs.append(time.process_time() - start)
    return min(runs) * 1000


def sparse(markup: str) -> str:
    """A comment with as much of ``markup`` as stays under the limit on markup characters
    (2,000), the rest letters: inline parsing at its most costly without being refused."""
    units = 1_950 // len(markup.translate(str.maketrans("", "", "abc ")))
    return fill(markup + "a" * (LIMIT // units - len(markup)))


# Markdown that costs the most time, or writes the most HTML for what it reads. Past 2,000
# blocks (quote and list markers, blank lines) and markup characters in paragraphs, a text is
# shown as written: cases come at the comment's length, and as dense as is still parsed.
MARKDOWN_WORST = {
    "table cells": "|a" * 500 + "|\n" + "|-" * 500 + "|\n" + "|\n" * 3998,
    "reference reused": (
        f'[r]: https://evil.example/{"a" * 2000} "{"t" * 2000}"\n\n' + fill("[a][r]", LIMIT - 4040)
    ),
    "nested blockquotes": fill(">" * 19 + " a\n\n"),
    "blockquote per line": fill(">\n"),
    "nested lists": fill("- " * 9 + "a\n"),
    "empty list items": fill("-\n"),
    "ordered items": fill("1.\n"),
    "empty links": fill("[](x)"),
    "external links": fill("[](//x)"),
    "titled links": fill('[](//x "t")'),
    "autolinks": fill("<http:x>"),
    "mail autolinks": fill("<a@b.c>"),
    "code spans": fill("`a`"),
    "emphasis": fill("*a* "),
    "strong": fill("**a**"),
    "strikethrough": fill("~~a~~"),
    "nested emphasis": fill("*a **a ", LIMIT // 2) + "b" + fill(" a** a*", LIMIT // 2 - 1),
    "emphasis openers": fill("*a"),
    "emphasis closers": fill("a_ "),
    "mismatched emphasis": fill("*a_ "),
    "brackets": fill("["),
    "link openers": fill("[a"),
    "link closers": fill("a]"),
    "nested brackets": "[" * (LIMIT // 2 - 1) + "a" + "]" * (LIMIT // 2),
    "link and emphasis": fill("[ a_"),
    "bracket parens": fill("[ (]("),
    "unclosed destinations": fill("[a](b"),
    "unclosed angle destinations": fill("[a](<b"),
    "unclosed titles": fill('[a](b "'),
    "backticks": fill("`"),
    "backtick runs": "".join("e" + "`" * i for i in range(1, 200))[:LIMIT],
    "hard breaks": fill("a\\\n"),
    "ampersands": fill("&"),
    "less-than signs": fill("<"),
    "html tags": fill("<a>"),
    "html comments": fill("<!--"),
    "empty fences": fill("```\n"),
    "headings": fill("# a\n"),
    "setext headings": fill("a\n=\n"),
    "tabs in lists": fill("-\t"),
    "nul characters": fill("a\0"),
    "long info string": "```" + "a" * (LIMIT - 8) + "\n```",
    # Block structure: no markup in the paragraphs, so no limit but the nesting.
    "nested ordered lists": fill("1. " * 9 + "a\n"),
    "nested lists and quotes": fill("- > - > a\n"),
    "indented lists": "".join("  " * (i % 10) + "- a\n" for i in range(3_000))[:LIMIT],
    "empty quotes": fill(">\n\n"),
    "paragraphs": fill("a\n\n"),
    # Quote and list markers, and inline markup, just under the limit on markup (2,000).
    "quotes at the limit": (">" * 19 + " " + "a" * 73 + "\n\n") * 97,
    "lists at the limit": ("- " * 9 + "a" * 80 + "\n") * 100,
    "quotes and links at the limit": (">" * 10 + " " + "[aaaaaaaa" * 10 + "\n\n") * 90,
    "lists and links at the limit": ("- " * 5 + "[aaaaaaa" * 5 + "\n") * 195,
    "paragraphs at the limit": ("[aaaaaaa" + "\n\n") * 995,
    # Inline markup, just under the limit.
    **{
        f"sparse {markup}": sparse(markup)
        for markup in r"[ [* []( [[a] [a]( a] * _ ** ~~ ` < & \ *a_ [(]( ![".split()  # noqa: SIM905
    },
}

# For each language members may have highlighted, the inputs its lexer handles worst.
FENCE_WORST = [
    ("python", "!", ""),
    ("python", "a+", ""),
    ("python", " x", "case"),
    ("python", " ", "case"),
    ("python", "\t ", "match"),
    ("python", "\n ", "public "),
    ("python", "\n ", "'"),
    ("python", "$", "mut "),
    ("javascript", "\\'", ""),
    ("javascript", "~", 'b"'),
    ("json", "- ", "class "),
    ("bash", "x", "<<"),
    ("bash", "x y ", "<<"),
    ("c", " ", "val"),
    ("c", "\t ", "int "),
    ("c", "\n ", "object "),
    ("c", ";", "select"),
    ("cpp", " ", "val"),
    ("cpp", "\n ", "operator"),
    ("cpp", ";", "if"),
    ("go", '"\\', ""),
    ("rust", "#", "while "),
    ("rust", "#{_", ""),
    ("ruby", ": ", "true"),
    ("ruby", "/*&", ""),
    ("kotlin", "=", "%w("),
    ("kotlin", "\0", "do "),
    ("yaml", ":\t", ""),
    ("diff", "\n?", ""),
    ("sql", ".", "%"),
    ("toml", "< ", "'''"),
    ("toml", "& ", "'a"),
]


# Highlighting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang", ["ragel", "csharp", "java", "typescript", "php", "css", "html", "xml", "nonsense"]
)
def test_languages_outside_the_allow_list_are_plain_escaped_code_for_members(lang):
    html = render_member_text(f"```{lang}\nif (a < b) {{ x = '&'; }}\n```")
    assert html == (
        f"<pre><code class=\"language-{lang}\">if (a &lt; b) {{ x = '&amp;'; }}\n</code></pre>\n"
    )


@pytest.mark.parametrize("lang", ["python", "py", "Python", "js", "sh", "yml", "c++", "rs"])
def test_allowed_languages_are_highlighted_by_alias(lang):
    html = render_member_text(f"```{lang}\nx = 1\n```")
    assert html.startswith('<pre class="highlight"><code>')
    assert "<span" in html


def test_every_allowed_language_has_a_lexer_and_was_tried_at_its_worst():
    for name in MEMBER_LANGUAGES:
        assert markdown._member_lexer(name) is not None, name
    assert set(MEMBER_LANGUAGES.values()) == {lang for lang, _unit, _head in FENCE_WORST}


def test_articles_keep_every_lexer():
    html = render_markdown("```csharp\npublic class A {}\n```")
    assert '<span class="k">public</span>' in html


def test_member_code_beyond_the_size_limits_is_plain():
    line = "# Un commentaire, vite lu.\n"  # one token a line: fast, whatever the machine's load
    one_too_long = render_member_text(f"```python\n{line * 200}```")
    assert one_too_long.startswith('<pre><code class="language-python">')
    # 4,000 + 4,000 characters may be highlighted; the third block would pass 10,000.
    block = f"```python\n{line * 150}```\n\n"
    html = render_member_text(block * 3)
    assert html.count('<pre class="highlight">') == 2
    assert html.count('<pre><code class="language-python">') == 1


def test_member_code_past_the_cpu_budget_is_plain(monkeypatch):
    from dataclasses import replace

    monkeypatch.setattr(markdown, "MEMBER_LIMITS", replace(markdown.MEMBER_LIMITS, cpu_seconds=0))
    html = render_member_text("```python\n" + "x = 1\n" * 100 + "```")
    assert html.startswith('<pre><code class="language-python">x = 1\n')


def test_code_that_highlighting_would_swell_is_plain():
    # One-character tokens of alternating kinds: each character would get its own <span>.
    html = render_member_text("```python\n" + "a+" * 1000 + "\n```")
    assert html.startswith('<pre><code class="language-python">a+a+')


@pytest.mark.parametrize(("lang", "unit", "head"), FENCE_WORST)
def test_pathological_code_takes_little_cpu_time(lang, unit, head):
    text = fences(lang, unit, head)
    assert len(text) <= LIMIT
    assert cpu_ms(render_member_text, text) < CPU_LIMIT_MS


@pytest.mark.parametrize("markup", ["[](", "[a]("])
@pytest.mark.parametrize(("lang", "unit", "head"), [("python", "!", ""), ("javascript", "\\'", "")])
def test_pathological_code_and_markup_together_take_little_cpu_time(lang, unit, head, markup):
    # Highlighting stops at a deadline counted from the start of the rendering: the time the
    # parsing took leaves that much less for the colours.
    code = f"```{lang}\n{fill(unit, 4_900, head)}\n```\n\n"
    text = code + sparse(markup)[: LIMIT - len(code)]
    assert len(text) <= LIMIT
    assert cpu_ms(render_member_text, text) < CPU_LIMIT_MS


@pytest.mark.parametrize(
    ("lang", "code", "upstream_ms"),
    [
        ("python", "case" + " " * 5_000, 145),
        ("python", "public " + "\n " * 2_500, 440),
        ("bash", "<<" + "x" * 5_000, 1_650),
        ("c", "int" + " " * 5_000, 2_400),
        ("c", "object " + "\n " * 2_500, 3_000),
        ("cpp", "int" + " " * 5_000, 2_450),
    ],
)
def test_lexer_rules_that_took_more_than_linear_time_are_fixed(lang, code, upstream_ms):
    """Each of these took ``upstream_ms`` with Pygments' own rules (most in a single token, out of
    reach of the CPU budget), time growing with the square of its length. Now the time grows
    with the length: four times the text, about four times the time, never the sixteen times
    of a quadratic rule (compared on the same machine at the same moment, not against a
    number of milliseconds that a busy machine would miss)."""
    lexer = markdown._member_lexer(lang)
    quarter = code[: len(code) // 4]

    def lex(text):
        return list(lexer.get_tokens(text))

    assert cpu_ms(lex, code) < 8 * cpu_ms(lex, quarter) + 5


def test_every_lexer_fix_still_applies():
    for fixed in markdown._FIXED_LEXERS.values():
        upstream = fixed.__mro__[1].get_tokendefs()
        for state, rules in fixed.tokens.items():
            changed = [new for new, old in zip(rules, upstream[state], strict=True) if new != old]
            assert changed, f"{fixed.__name__}: nothing replaced in {state!r}"


def test_fixed_lexers_colour_ordinary_code_as_upstream_does():
    from pygments.lexers import get_lexer_by_name

    samples = {
        "python": (
            'def f(x):\n    """Doc."""\n    match x:\n        case [a, _]:\n            return _\n'
        ),
        "bash": "cat <<EOF > out\nhello $name\nEOF\necho done\n",
        "c": (
            "#include <stdio.h>\n  #define N 3\nstatic int *f(int a) /* c */ {\n"
            "    return &a;\n}\nint g(void);\n"
        ),
        "cpp": "template <class T>\nconst T& max(const T& a, const T& b) { return a; }\n",
    }
    for lang, code in samples.items():
        ours = list(markdown._member_lexer(lang).get_tokens(code))
        assert ours == list(get_lexer_by_name(lang).get_tokens(code)), lang


# Size and time of members' text ------------------------------------------------------------------


@pytest.mark.parametrize("name", MARKDOWN_WORST)
def test_member_html_is_a_bounded_multiple_of_its_source(name):
    text = MARKDOWN_WORST[name]
    assert len(text) <= LIMIT
    html = render_member_text(text)
    assert len(html) <= 8 * len(text) + 1024


@pytest.mark.parametrize(("lang", "unit", "head"), FENCE_WORST)
def test_member_html_of_pathological_code_is_bounded(lang, unit, head):
    # Highlighted code may take up to 16 times its size: each of its tokens gets a <span>.
    text = fences(lang, unit, head)
    assert len(render_member_text(text)) <= 16 * len(text) + 1024


def test_ordinary_code_keeps_its_colours():
    # Highlighted, "x = 1" comes out at 13 times its size: more than the rest of a text may.
    # (Two blocks of 150 lines: about a third of the highlighting budget on this machine.)
    code = "x = 1\n" * 150
    html = render_member_text(f"```python\n{code}```\n\n```python\n{code}```")
    assert html.count('<pre class="highlight">') == 2


@pytest.mark.parametrize("name", MARKDOWN_WORST)
def test_pathological_markdown_takes_little_cpu_time(name):
    text = MARKDOWN_WORST[name]
    assert cpu_ms(render_member_text, text) < CPU_LIMIT_MS
    assert cpu_ms(has_links, text) < CPU_LIMIT_MS


def test_tables_and_reference_links_are_not_member_markdown():
    html = render_member_text(MARKDOWN_WORST["table cells"])
    assert "<table" not in html
    assert len(html) < 8 * len(MARKDOWN_WORST["table cells"]) + 1024  # the members' bound
    html = render_member_text("[a][r]\n\n[r]: https://evil.example/")
    assert html == "<p>[a][r]</p>\n<p>[r]: https://evil.example/</p>\n"
    # Articles keep both.
    assert "<table>" in render_markdown("| a |\n|---|\n| b |")
    assert 'href="https://example.org/"' in render_markdown("[a][r]\n\n[r]: https://example.org/")


def test_member_text_that_would_swell_anyway_comes_back_as_escaped_text():
    text = fill(">" * 19 + " <a>\n\n", 2_000)
    html = render_member_text(text)
    assert html.startswith("<p>&gt;&gt;&gt;")
    assert "&lt;a&gt;<br>\n<br>\n&gt;" in html
    assert "<blockquote" not in html


def test_member_text_past_the_bound_with_colours_keeps_its_code_blocks():
    # Highlighted, "x = 1" comes out at 13 times its size, which the bound allows code; with
    # nested blockquotes after it, the whole passes the bound, and the text is rendered again
    # without colours before anything else is given up.
    text = "```python\n" + "x = 1\n" * 500 + "```\n\n" + (">" * 19 + " a\n\n") * 48
    html = render_member_text(text)
    assert len(html) <= 8 * len(text) + 1024
    assert html.startswith('<pre><code class="language-python">x = 1\nx = 1\n')
    assert html.count("<blockquote>") == 48 * 19


def test_styles_are_only_the_alignment_of_table_cells():
    html = render_markdown("| a | b | c |\n|:-|:-:|-:|\n| x | y | z |")
    styles = set(re.findall(r'style="([^"]*)"', html))
    assert styles == {"text-align:left", "text-align:center", "text-align:right"}


def test_strikethrough_is_kept():
    assert render_member_text("~~barré~~") == "<p><s>barré</s></p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        "[clic](JAVASCRIPT:alert(1))",
        "[clic](java&#09;script:alert(1))",
        "<javascript:alert(1)>",
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="x" hx-get="/admin/" style="position:fixed">clic</a>',
        "```python\n<script>alert(1)</script>\n```",
        "```<script>\nx\n```",
        '```"onmouseover="alert(1)\nx\n```',
    ],
)
def test_member_text_stays_inert(text):
    html = render_member_text(text)
    for tag, attributes in re.findall(r"<(/?\w+)([^>]*)>", html):
        assert tag.strip("/") in {"p", "a", "pre", "code", "span", "br", "em", "strong", "s"}
        names = re.findall(r'([^\s=]+)="[^"]*"', attributes)
        assert set(names) <= {"href", "rel", "class", "title"}, html
    assert not re.search(r'href="\s*(javascript|data|vbscript):', html, re.IGNORECASE), html


# Links ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "https://evil.example/",
        "http://evil.example",
        "HTTPS://EVIL.EXAMPLE/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "\\/evil.example/",
        " //evil.example/",
        "\t//evil.example/",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "\x00//evil.example/",
        "http:evil.example",
        "https:evil.example",
        "http:///evil.example",
        "https://causerie.example@evil.example/",
        "https://causerie.example.evil.example/",
        "https://other.causerie.example/",
        "mailto:spam@evil.example",
        "ftp://evil.example/",
        "javascript:alert(1)",
        "http://[::1",
    ],
)
def test_addresses_that_may_leave_the_site_are_external(href):
    assert is_external(href)


@pytest.mark.parametrize(
    "href",
    [
        "/actualites/x/",
        "actualites/x/",
        "../x",
        "?page=2",
        "#c12",
        "",
        "https://causerie.example/x",
        "HTTPS://Causerie.Example/x",
        "http://causerie.example:8000/x",
        "//causerie.example/x",
        "https://www.causerie.example/",
        "/%5Cevil.example/",
        "https://causerie.example\\@evil.example/",  # browsers end the host at the backslash
    ],
)
def test_addresses_on_the_site_are_not_external(href):
    assert not is_external(href)


@pytest.mark.parametrize(
    "text",
    [
        "[a](https://evil.example/)",
        "[a](HTTPS://EVIL.EXAMPLE/)",
        "[a](//evil.example/)",
        "[a](<//evil.example/>)",
        "[a]( //evil.example/ )",
        "[a](http:evil.example)",
        "[a](https://causerie.example@evil.example/)",
        '[a](//evil.example "titre")',
        "<https://evil.example/>",
        "<HTTP://evil.example/>",
        "<spam@evil.example>",
        "[a](mailto:spam@evil.example)",
    ],
)
def test_member_links_that_leave_the_site_are_ugc_nofollow_noopener(text):
    html = render_member_text(text)
    anchors = re.findall(r"<a [^>]*>", html)
    assert len(anchors) == 1, html
    assert 'rel="ugc nofollow noopener"' in anchors[0]
    assert has_links(text)


@pytest.mark.parametrize(
    "text", ["[ici](/actualites/x/)", "[ici](https://causerie.example/x)", "[ici](#c12)"]
)
def test_member_links_on_the_site_get_no_rel_and_are_not_links_for_newcomers(text):
    html = render_member_text(text)
    assert "<a href=" in html
    assert "rel=" not in html
    assert not has_links(text)


def test_backslash_hosts_stay_on_the_site_once_rendered():
    # markdown-it percent-encodes the backslash: the browser reads a path, not a host.
    assert (
        render_member_text("[a](/\\evil.example/)") == '<p><a href="/%5Cevil.example/">a</a></p>\n'
    )


def test_article_links_that_leave_the_site_are_nofollow_noopener():
    html = render_markdown("[a](//evil.example/) [b](http:evil.example) [c](/x)")
    assert '<a href="//evil.example/" rel="nofollow noopener">a</a>' in html
    assert '<a href="http:evil.example" rel="nofollow noopener">b</a>' in html
    assert '<a href="/x">c</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "Voyez https://example.com",
        "Voyez [ce lien](https://example.com)",
        "www.example.com",
        "WWW.EXAMPLE.COM",
        "ww*w.example.com*",
        "**www**.example.com",
        "www\\.example.com",
        "&#119;ww.example.com",
        "https&#58;//example.com",
        "hxxps://example.com",
        "`https://example.com`",
        "```\nhttps://example.com\n```",
        "    www.example.com",
        "> - [a](//example.com)",
        "[a][r]\n\n[r]: https://example.com",
        "![image](https://example.com/i.png)",
        "[texte](https://causerie.example/x) et www.example.com",
    ],
)
def test_has_links_sees_links_and_written_addresses(text):
    assert has_links(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour à tous",
        "Node.js, setup.py et example.com",
        "Un rapport: voir plus haut",
        "[ici](/actualites/x/)",
        "[mon profil](https://causerie.example/membres/3/)",
        "[clic](javascript:alert(1))",
        "",
    ],
)
def test_has_links_ignores_text_and_links_within_the_site(text):
    assert not has_links(text)


def test_render_markdown_without_headings_or_images_is_member_text():
    text = "```ragel\nx\n```\n\n[a](//evil.example)"
    assert render_markdown(text, headings=False, images=False) == render_member_text(text)
    # An explicit trust says otherwise.
    trusted = render_markdown(text, headings=False, images=False, trusted=True)
    assert '<pre class="highlight">' in trusted
    assert 'rel="nofollow noopener"' in trusted


def test_text_thick_with_markup_is_shown_as_written_and_its_links_still_seen():
    text = "*a" * 2_000 + " voir https://evil.example/ " + "[x](//evil.example)"
    html = render_member_text(text)
    assert "<em>" not in html and "<a " not in html  # shown as written, no markup, no link
    assert "https://evil.example/" in html
    assert has_links(text)
    assert not has_links("*a" * 2_000)
    assert cpu_ms(render_member_text, text) < CPU_LIMIT_MS


@pytest.mark.parametrize(
    "text",
    ["a" * LIMIT, "```sh\n<<" + "a" * (LIMIT - 20) + "\n```", "a1" * (LIMIT // 2)],
    ids=["letters", "letters in code", "letters and digits"],
)
def test_looking_for_written_addresses_takes_linear_time(text):
    assert not has_links(text)
    assert cpu_ms(has_links, text) < 20  # the quadratic pattern took 200 ms on 5,000 letters
