"""What editors and members write comes back as safe HTML."""

import pytest

from accounts.markdown import render_markdown

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        '<a href="javascript:alert(1)">clic</a>',
        "<iframe src='https://example.com'></iframe>",
        '<p onclick="alert(1)">texte</p>',
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_dangerous_input_comes_back_inert(text):
    html = render_markdown(text)
    # Raw HTML stays visible text (escaped); no tag, handler or dangerous link gets through.
    for forbidden in [
        "<script",
        "<img",
        "<iframe",
        "<p onclick",
        '<a href="javascript:',
        '<a href="data:',
    ]:
        assert forbidden not in html


def test_external_links_get_nofollow_noopener_and_local_ones_do_not():
    html = render_markdown("[dehors](https://example.org/) et [ici](/actualites/x/)")
    assert '<a href="https://example.org/" rel="nofollow noopener">dehors</a>' in html
    assert '<a href="/actualites/x/">ici</a>' in html


def test_code_blocks_are_highlighted():
    html = render_markdown("```python\ndef f():\n    return 1\n```")
    assert '<pre class="highlight"><code>' in html
    assert '<span class="k">def</span>' in html


def test_headings_step_down_under_the_page_title_and_comments_have_none():
    assert "<h2>Titre</h2>" in render_markdown("# Titre")
    comment = render_markdown(
        "# Titre\n\n![image](https://example.org/i.png)", headings=False, images=False
    )
    assert "<h" not in comment
    assert "<img" not in comment


def test_article_html_is_rendered_once_at_save(editor):
    from .conftest import make_article

    article = make_article(editor, body="**gras**")
    assert article.body_html == "<p><strong>gras</strong></p>\n"
    article.body = "*italique*"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p><em>italique</em></p>\n"
