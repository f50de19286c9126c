"""Search, the Atom feeds and the sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from articles.models import Article

from .conftest import french, make_article, make_category

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(editor):
    make_article(
        editor,
        "compilateur",
        title="Le nouveau compilateur accélère les builds",
        lead="Des temps de compilation divisés par deux.",
        body="Les développeurs apprécient.",
    )
    make_article(
        editor,
        "navigateurs",
        title="Les navigateurs adoptent une nouvelle API",
        lead="Une API pour les fichiers.",
        body="Le compilateur JavaScript n'y est pour rien.",
    )
    make_article(
        editor, "brouillon", title="Brouillon sur le compilateur", status=Article.Status.DRAFT
    )


def search(client, terms, **params):
    return client.get(reverse("articles:search"), {"q": terms, **params})


def test_search_finds_title_lead_and_body_of_published_articles(client, news):
    response = search(client, "compilateur")
    assert response.status_code == 200
    page = response.text
    assert french("2 résultats pour « compilateur »") in page
    assert "Le nouveau compilateur accélère les builds" in page
    assert "Les navigateurs adoptent une nouvelle API" in page
    assert "Brouillon sur le compilateur" not in page


def test_search_ranks_title_matches_first_and_is_case_insensitive(client, news):
    page = search(client, "COMPILATEUR").text
    assert page.index("Le nouveau compilateur") < page.index("Les navigateurs adoptent")


def test_search_with_nothing_found_and_empty_query(client, news):
    assert french("0 résultat pour « zzzz »") in search(client, "zzzz").text
    response = client.get(reverse("articles:search"))
    assert response.status_code == 200
    assert "résultat" not in response.text


def test_search_refuses_overlong_queries_politely(client, news):
    response = search(client, "x" * 500)
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur comporte au plus 200 caractères" in response.text


def test_search_results_are_paginated_with_the_query_kept(client, editor):
    for i in range(17):
        make_article(editor, f"rust-{i}", title=f"Rust, épisode {i}")
    page = search(client, "Rust").text
    assert french("17 résultats") in page
    assert "?q=Rust&amp;page=2" in page
    assert search(client, "Rust", page=2).text.count('class="card"') == 2


def test_atom_feed_is_valid_and_lists_published_articles(client, news):
    response = client.get(reverse("articles:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ["id", "title", "updated", "link", "author"]:
            assert entry.find(f"{ATOM}{required}") is not None
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Brouillon sur le compilateur" not in titles


def test_category_feed_and_head_links(client, editor):
    make_article(editor, "dans", title="Dans la catégorie", category=make_category("web", "Web"))
    make_article(editor, "hors", title="Hors catégorie")
    response = client.get(reverse("articles:category_feed", args=["web"]))
    titles = [
        e.find(f"{ATOM}title").text for e in ET.fromstring(response.content).iter(f"{ATOM}entry")
    ]
    assert titles == ["Dans la catégorie"]
    assert client.get(reverse("articles:category_feed", args=["nulle"])).status_code == 404
    home = client.get("/").text
    assertInHTML(
        '<link rel="alternate" type="application/atom+xml" title="Causerie"'
        f' href="{reverse("articles:feed")}">',
        home,
    )


def test_sitemap_lists_published_articles(client, news):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"/actualites/compilateur/" in response.content
    assert b"/actualites/brouillon/" not in response.content
