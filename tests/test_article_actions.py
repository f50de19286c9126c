"""Votes, shares, reads and error reports on an article."""

from datetime import timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from articles.models import ArticleRead, ArticleShare, ArticleVote, ErrorReport

from .conftest import french, html_elements, make_article

pytestmark = pytest.mark.django_db


def vote(client, article, value, **extra):
    return client.post(reverse("articles:vote", args=[article.slug]), {"value": value}, **extra)


def test_vote_take_back_and_switch(client, article, camille, instant_votes):
    client.force_login(camille)
    response = vote(client, article, "up")
    assert response.status_code == 302
    assert response.url == article.get_absolute_url() + "#votes"
    article.refresh_from_db()
    assert (article.upvotes, article.downvotes) == (1, 0)

    vote(client, article, "down")  # switches
    article.refresh_from_db()
    assert (article.upvotes, article.downvotes) == (0, 1)
    assert ArticleVote.objects.get().value == -1

    vote(client, article, "down")  # takes it back
    article.refresh_from_db()
    assert (article.upvotes, article.downvotes) == (0, 0)
    assert not ArticleVote.objects.exists()


def test_a_double_click_keeps_the_vote(client, article, camille, settings):
    # However slowly the test runs, the second click is still within the window.
    settings.VOTE_REPEAT_WINDOW = timedelta(hours=1)
    client.force_login(camille)
    vote(client, article, "up")
    vote(client, article, "up")
    article.refresh_from_db()
    assert article.upvotes == 1
    assert ArticleVote.objects.get().value == 1


def test_vote_through_htmx_returns_the_widget(client, article, camille):
    client.force_login(camille)
    response = vote(client, article, "up", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    [widget] = html_elements(html, top=True)  # the widget alone, no page around it
    assert html_elements(widget, "form", class_="votes", id="votes") == [widget]
    assert not html_elements(html, "html")
    assert html_elements(html, "button", value="up", class_="vote vote--up", aria_pressed="true")
    assertInHTML('<span class="vote__count">1</span>', html)


def test_my_vote_shows_on_the_page(client, article, camille):
    client.force_login(camille)
    vote(client, article, "down")
    page = client.get(article.get_absolute_url()).text
    assert html_elements(
        page, "button", value="down", class_="vote vote--down", aria_pressed="true"
    )


def test_one_vote_per_member_between_members(client, article, camille, editor):
    client.force_login(camille)
    vote(client, article, "up")
    client.force_login(editor)
    vote(client, article, "up")
    article.refresh_from_db()
    assert article.upvotes == 2
    assert ArticleVote.objects.count() == 2


def test_anonymous_vote_leads_to_login_and_back(client, article):
    response = vote(client, article, "up")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/actualites/rust-2030/%23votes" in response.url
    response = vote(client, article, "up", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith(reverse("account_login"))
    assert not ArticleVote.objects.exists()


@pytest.mark.parametrize("value", ["sideways", "", "1"])
def test_bad_vote_value_is_a_400(client, article, camille, value):
    client.force_login(camille)
    response = vote(client, article, value)
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.upvotes == article.downvotes == 0


def test_vote_needs_post(client, article, camille):
    client.force_login(camille)
    assert client.get(reverse("articles:vote", args=[article.slug])).status_code == 405


def test_vote_without_csrf_token_is_refused(article, camille):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(camille)
    assert vote(client, article, "up").status_code == 403
    assert not ArticleVote.objects.exists()


def test_votes_are_rate_limited(client, article, camille, settings, instant_votes):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "article_vote": (3, 600)}
    client.force_login(camille)
    for _ in range(3):
        vote(client, article, "up")  # cast, taken back, cast again
    response = vote(client, article, "up", follow=True)
    assert "Vous votez trop vite" in response.text
    assert ArticleVote.objects.get().value == 1  # the fourth click took nothing back
    response = vote(client, article, "up", headers={"HX-Request": "true"})
    assert response.status_code == 429


def test_read_counter_counts_each_article_once(client, editor, camille):
    first = make_article(editor, "un")
    second = make_article(editor, "deux")
    client.force_login(camille)
    client.get(first.get_absolute_url())
    client.get(first.get_absolute_url())
    page = client.get(second.get_absolute_url()).text
    camille.refresh_from_db()
    assert camille.articles_read == 2
    assert ArticleRead.objects.count() == 2
    first.refresh_from_db()
    assert first.reads == 1
    assert french("Vous avez lu 2 articles depuis") in page
    assert "Soutenez le club" in page


def test_share_is_counted_once_per_reader(client, article, camille):
    url = reverse("articles:share", args=[article.slug, "x"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("https://x.com/intent/post?")
    assert "rust-2030" in response.url
    article.refresh_from_db()
    assert article.shares == 0  # a request without a session is nobody in particular: a script
    session = client.session  # a reader whose browser already has a session counts, once
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    client.get(url)
    client.get(url)
    client.get(reverse("articles:share", args=[article.slug, "linkedin"]))
    article.refresh_from_db()
    assert article.shares == 1
    client.force_login(camille)
    client.get(url)
    article.refresh_from_db()
    assert article.shares == 2
    assert ArticleShare.objects.count() == 2


def test_email_share_and_copy_link(client, article):
    response = client.get(reverse("articles:share", args=[article.slug, "email"]))
    assert response.url.startswith("mailto:?subject=")
    response = client.get(reverse("articles:share", args=[article.slug, "lien"]))
    assert response.url == article.get_absolute_url() + "?partage=lien#partager"
    page = client.get(response.url).text
    assertInHTML(
        '<input id="share-url" type="text" readonly value="http://testserver/actualites/rust-2030/">',
        page,
    )


def test_unknown_share_network_is_a_400(client, article):
    response = client.get(reverse("articles:share", args=[article.slug, "myspace"]))
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.shares == 0


def test_anonymous_error_report_with_email(client, article):
    url = reverse("articles:report_error", args=[article.slug])
    page = client.get(url).text
    assert "Votre adresse e-mail (facultatif)" in page
    response = client.post(url, {"message": "Le chiffre est faux.", "email": "lecteur@example.com"})
    assert response.status_code == 302
    report = ErrorReport.objects.get()
    assert report.article == article
    assert report.email == "lecteur@example.com"
    assert report.reporter is None
    assert report.status == ErrorReport.Status.OPEN


def test_member_error_report_is_signed(client, article, camille):
    client.force_login(camille)
    url = reverse("articles:report_error", args=[article.slug])
    assert "facultatif" not in client.get(url).text
    client.post(url, {"message": "Une coquille au deuxième paragraphe."})
    assert ErrorReport.objects.get().reporter == camille


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Ce champ est obligatoire."),
        ("   ", "Ce champ est obligatoire."),
        ("x" * 10_001, "Assurez-vous que cette valeur comporte au plus 10000 caractères"),
    ],
)
def test_bad_error_reports_store_nothing(client, article, message, error):
    url = reverse("articles:report_error", args=[article.slug])
    response = client.post(url, {"message": message})
    assert response.status_code == 200
    assert error in response.text
    assert not ErrorReport.objects.exists()


def test_error_reports_are_rate_limited(client, article, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "error_report": (2, 3600)}
    url = reverse("articles:report_error", args=[article.slug])
    for i in range(3):
        response = client.post(url, {"message": f"Erreur {i}"}, follow=True)
    assert "Vous avez envoyé beaucoup de signalements" in response.text
    assert ErrorReport.objects.count() == 2
