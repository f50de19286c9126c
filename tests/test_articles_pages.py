"""The home page, the article page with every element of the seed page, categories and tags."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from pytest_django.asserts import assertInHTML

from articles.models import Article, Correction, Question, RelatedArticle, Source, Tag

from .conftest import french, make_article, make_category

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_in_the_seed_form(client, editor):
    when = timezone.make_aware(timezone.datetime(2025, 6, 14, 15, 24))
    make_article(editor, "premier", title="Premier titre", published_at=when, upvotes=3)
    response = client.get("/")
    page = response.text
    assert "Premier titre" in page
    assert french("Le 14/06/2025 à 15:24, par lea_redaction") in strip_tags(page)
    assertInHTML(f'<a href="/membres/{editor.pk}/">lea_redaction</a>', page)
    assert "Un chapeau qui résume la nouvelle." in page
    assert "Langages" in page
    assert "Aucun commentaire" in page
    assert "▲ 3" in page


def test_drafts_and_scheduled_articles_are_hidden_from_readers(client, editor, camille):
    make_article(editor, "brouillon", title="Un brouillon", status=Article.Status.DRAFT)
    make_article(
        editor,
        "plus-tard",
        title="Pour plus tard",
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    page = client.get("/").text
    assert "Un brouillon" not in page
    assert "Pour plus tard" not in page
    for slug in ["brouillon", "plus-tard"]:
        response = client.get(reverse("articles:detail", args=[slug]))
        assert response.status_code == 404
        assert "Page introuvable" in response.text
    client.force_login(camille)
    assert client.get(reverse("articles:detail", args=["brouillon"])).status_code == 404


def test_editors_preview_drafts(client, editor):
    make_article(editor, "brouillon", title="Un brouillon", status=Article.Status.DRAFT)
    client.force_login(editor)
    response = client.get(reverse("articles:detail", args=["brouillon"]))
    assert response.status_code == 200
    assert french("Brouillon : seuls les rédacteurs voient cet aperçu.") in response.text


def test_unknown_slug_is_a_404(client):
    assert client.get("/actualites/nulle-part/").status_code == 404


def test_home_is_paginated(client, editor):
    for i in range(17):
        make_article(editor, f"article-{i}", title=f"Article numéro {i}")
    first = client.get("/")
    assert first.text.count('class="card"') == 15
    assert "Page 1 sur 2" in first.text
    second = client.get("/?page=2")
    assert second.text.count('class="card"') == 2
    assert client.get("/?page=abc").status_code == 200


def test_article_page_carries_every_element_of_the_seed_page(client, editor):
    when = timezone.make_aware(timezone.datetime(2025, 6, 14, 15, 24))
    article = make_article(
        editor,
        "gros-titre",
        title="Un gros titre",
        published_at=when,
        body="Premier paragraphe.\n\n```python\nprint('bonjour')\n```",
        shares=129,
        upvotes=3,
    )
    Source.objects.create(article=article, position=1, name="The Information")
    Source.objects.create(
        article=article, position=0, name="Bloomberg", url="https://example.com/b"
    )
    Question.objects.create(article=article, position=0, text="Quel est votre avis ?")
    other = make_article(editor, "autre", title="Une autre nouvelle")
    RelatedArticle.objects.create(article=article, target=other)
    article.tags.add(Tag.objects.create(name="python", slug="python"))
    Correction.objects.create(
        article=article,
        note="le montant était faux",
        created_at=timezone.make_aware(timezone.datetime(2025, 6, 15, 9, 0)),
    )

    page = client.get(article.get_absolute_url()).text.replace("&#x27;", "'")
    assertInHTML("<h1>Un gros titre</h1>", page)
    assert french("Le 14/06/2025 à 15:24, par lea_redaction") in strip_tags(page)
    assertInHTML('<span class="shares__count"><strong>129</strong> PARTAGES</span>', page)
    assertInHTML('<span class="vote__count">3</span>', page)
    assertInHTML('<span class="vote__count">0</span>', page)
    assertInHTML('<span class="nb">print</span>', page)  # highlighted by Pygments
    assert french("Sources :") in page
    assert page.index("Bloomberg") < page.index("The Information")
    assertInHTML('<a href="https://example.com/b" rel="nofollow noopener">Bloomberg</a>', page)
    assert french("Et vous ?") in page
    assert "Quel est votre avis ?" in page
    assert french("Voir aussi :") in page
    assert "Une autre nouvelle" in page
    assert "#python" in page
    assert french("Corrigé le 15/06/2025 : le montant était faux") in page
    assert french("Une erreur dans cette actualité ? Signalez-nous-la !") in page
    # Anonymous readers are invited to join instead of the read counter.
    assert "Créer un compte" in page
    # Share links need no third-party script.
    assert reverse("articles:share", args=["gros-titre", "x"]) in page
    assert reverse("articles:share", args=["gros-titre", "email"]) in page
    assertInHTML('<link rel="canonical" href="http://testserver/actualites/gros-titre/">', page)
    assertInHTML('<meta property="og:title" content="Un gros titre">', page)


def test_see_also_falls_back_to_the_latest_of_the_category(client, editor):
    article = make_article(editor, "seul")
    make_article(editor, "voisin", title="Voisin de catégorie")
    make_article(editor, "ailleurs", title="Ailleurs", category=make_category("web", "Web"))
    page = client.get(article.get_absolute_url()).text
    assert french("Voir aussi :") in page
    assert "Voisin de catégorie" in page
    assert "Ailleurs" not in page


def test_category_and_tag_pages(client, editor):
    web = make_category("web", "Développement web")
    article = make_article(editor, "htmx", title="htmx partout", category=web)
    article.tags.add(Tag.objects.create(name="htmx", slug="htmx"))
    make_article(editor, "autre", title="Autre sujet")
    page = client.get(reverse("articles:category", args=["web"])).text
    assert "htmx partout" in page
    assert "Autre sujet" not in page
    page = client.get(reverse("articles:tag", args=["htmx"])).text
    assert "htmx partout" in page
    assert "Autre sujet" not in page
    assert client.get(reverse("articles:category", args=["inconnue"])).status_code == 404


def test_support_page_exists(client):
    response = client.get(reverse("articles:page", args=["soutenir"]))
    assert response.status_code == 200
    assert "Soutenez le club" in response.text


def test_home_runs_a_fixed_number_of_queries(client, editor, django_assert_num_queries):
    # The state of the published articles with the edition's (and the right column's
    # activity), in one statement; the page and the column from the cache; on a change, + the
    # count and the page of articles (with author and category), the column made again (one
    # statement: comments.column), and the cache written.
    for i in range(3):
        make_article(editor, f"a-{i}")
    with django_assert_num_queries(6):
        client.get("/")
    with django_assert_num_queries(1):
        client.get("/")
    for i in range(3, 30):
        make_article(editor, f"a-{i}")
    with django_assert_num_queries(6):
        client.get("/")
    with django_assert_num_queries(1):
        assert "Titre de a-29" in client.get("/").text


def test_article_page_runs_a_fixed_number_of_queries(
    client, editor, camille, yannick, django_assert_num_queries
):
    from .conftest import make_comment

    article = make_article(editor, "principal")
    for i in range(5):
        other = make_article(editor, f"lie-{i}")
        RelatedArticle.objects.create(article=article, target=other, position=i)
        Source.objects.create(article=article, name=f"Source {i}")
    # Nothing cached: the versions (the right column's with them), what is cached of the page
    # (nothing: the page, the column, the article, its discussion's page, in one look), the
    # column made (one statement), the article, the discussion's comments (one page: all of
    # them, in one query); the article's sources, questions, tags, corrections, see-also links
    # (rendered once per edition); the cache written.
    with django_assert_num_queries(12):
        client.get(article.get_absolute_url())
    make_comment(article, yannick, "Un avis")  # a change of the discussion (and the column)
    # the versions, what is cached (the page, which outlives its discussion's version, and the
    # article are), the column made, the discussion's comments, the cache written: no more
    # than a cold page may cost (8)
    with django_assert_num_queries(5):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(1):  # the versions: the page and the column from the cache
        client.get(article.get_absolute_url())
    client.force_login(camille)
    client.get(article.get_absolute_url())  # first read recorded
    # the session with its member, the article with the reader's state (their vote,
    # following, how far they had read and what is new since, their votes on its comments,
    # whom they ignore, and the right column's versions; nothing new: their reading stays)
    with django_assert_num_queries(2):
        client.get(article.get_absolute_url())
