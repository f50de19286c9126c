"""Ignoring a member: their comments folded for the one who ignores them, their replies and
notifications silenced for them, nothing visible to them."""

import pytest
from django.urls import reverse

from accounts import models as accounts_models
from accounts.models import Ignore
from comments.models import Notification

from .conftest import html_elements, make_comment, make_member


def ignore(client, member, **params):
    url = f"/membres/{member.pk}/ignorer/"
    page = client.get(url, params)
    assert page.status_code == 200
    (form,) = [
        form
        for form in html_elements(page.text, "form", method="post")
        if html_elements(form, "input", name="action")
    ]
    data = dict(_hidden_inputs(form))
    return client.post(url, data)


def _hidden_inputs(form):
    for element in html_elements(form, "input", type="hidden"):
        attributes = dict(element.attributes)
        yield attributes["name"], attributes["value"]


def folds(page_text) -> list:
    return html_elements(page_text, "details", class_="comment__fold")


def test_ignoring_from_a_comment_folds_that_members_comments_for_the_reader_only(
    client, article, camille, yannick
):
    theirs = make_comment(article, yannick, "Encore moi, toujours moi.")
    reply = make_comment(article, make_member("zoe"), "Je réponds quand même.", parent=theirs)
    client.force_login(camille)
    page = client.get(article.get_absolute_url()).text
    assert folds(page) == []
    ignore_link = f"/membres/{yannick.pk}/ignorer/?commentaire={theirs.pk}"
    assert len(html_elements(page, "a", href=ignore_link)) == 1  # in the comment's actions

    answer = ignore(client, yannick, commentaire=theirs.pk)
    assert answer.status_code == 302
    assert answer["Location"] == f"/commentaires/{theirs.pk}/"
    assert Ignore.objects.filter(member=camille, ignored=yannick).exists()

    page = client.get(article.get_absolute_url()).text
    (fold,) = folds(page)
    assert "Message d’un membre ignoré — afficher" in str(fold)
    assert "Encore moi, toujours moi." in str(fold)  # folded, not removed: it unfolds
    (item,) = html_elements(page, "li", id=f"comment-{reply.pk}")
    assert folds(str(item)) == []  # a reply to them stays readable

    # Nobody else's page changes, and the member ignored sees no trace of it.
    for other in (yannick, make_member("autre")):
        client.force_login(other)
        assert folds(client.get(article.get_absolute_url()).text) == []
    client.logout()
    assert folds(client.get(article.get_absolute_url()).text) == []
    client.force_login(yannick)
    assert "ignor" not in client.get(f"/membres/{yannick.pk}/").text.lower()


def test_the_list_of_ignored_members_and_stopping(client, article, camille, yannick):
    client.force_login(camille)
    ignore(client, yannick)
    listing = client.get("/compte/membres-ignores/").text
    assert "yannick" in listing
    profile = client.get(f"/membres/{yannick.pk}/").text
    assert "Ne plus ignorer ce membre" in profile
    answer = ignore(client, yannick)  # the same page, now offering to stop
    assert answer["Location"] == "/compte/membres-ignores/"
    assert not Ignore.objects.exists()
    assert "Vous n’ignorez personne." in client.get("/compte/membres-ignores/").text


def test_one_cannot_ignore_oneself_nor_more_than_the_limit(client, camille, monkeypatch):
    monkeypatch.setattr(accounts_models, "MAX_IGNORED", 2)
    client.force_login(camille)
    assert (
        "Vous ne pouvez pas vous ignorer vous-même."
        in client.get(f"/membres/{camille.pk}/ignorer/").text
    )
    client.post(f"/membres/{camille.pk}/ignorer/", {"action": "start"})
    assert not Ignore.objects.exists()
    others = [make_member(f"membre{number}") for number in range(3)]
    for other in others:
        client.post(f"/membres/{other.pk}/ignorer/", {"action": "start"})
    assert Ignore.objects.count() == 2
    messages = client.get("/compte/membres-ignores/").text
    assert "Vous ignorez déjà 2 membres" in messages


def test_anonymous_readers_are_asked_to_log_in(client, yannick):
    answer = client.post(f"/membres/{yannick.pk}/ignorer/", {"action": "start"})
    assert answer.status_code == 302
    assert "/connexion/" in answer["Location"] or "login" in answer["Location"]
    assert not Ignore.objects.exists()


@pytest.mark.parametrize("count", [0, 30])
def test_the_page_costs_the_same_queries_whatever_the_number_ignored(
    client, article, camille, yannick, count, django_assert_num_queries
):
    for number in range(count):
        Ignore.objects.create(member=camille, ignored=make_member(f"ignore{number}"))
    make_comment(article, yannick, "Un avis.")
    client.force_login(camille)
    client.get(article.get_absolute_url())  # the first visit, and the rendering cached
    # the session with its member, the article with their state, their votes and whom they
    # ignore (the rendering from this process's memory)
    with django_assert_num_queries(2):
        client.get(article.get_absolute_url())


def test_no_reply_nor_followed_discussion_notification_from_an_ignored_member(
    article, camille, yannick
):
    mine = make_comment(article, camille, "Ma question.")
    Ignore.objects.create(member=camille, ignored=yannick)
    make_comment(article, yannick, "Ma réponse.", parent=mine)
    make_comment(article, yannick, "Et un autre message.")
    assert not Notification.objects.filter(recipient=camille).exists()
    make_comment(article, make_member("zoe"), "Moi aussi.", parent=mine)
    assert Notification.objects.filter(recipient=camille).count() == 1


def test_the_live_notice_does_not_count_them(client, article, camille, yannick):
    from .test_live import ask, since_of, text

    Ignore.objects.create(member=camille, ignored=yannick)
    client.force_login(camille)
    since = since_of(client, article)
    make_comment(article, yannick, "Ignoré.")
    assert ask(client, article, since).text.strip() == ""
    make_comment(article, make_member("zoe"), "Lu.")
    (button,) = html_elements(ask(client, article, since).text, "button")
    assert text(button).startswith("1 nouveau commentaire")


def test_their_comments_are_not_announced_as_new_anywhere(client, article, camille, yannick):
    """Neither the banner « N nouveaux commentaires depuis votre dernière visite » nor « Non
    lus » counts what a member the reader ignores wrote."""
    make_comment(article, make_member("zoe"), "Avant.")
    client.force_login(camille)
    client.get(article.get_absolute_url())  # read to the end
    Ignore.objects.create(member=camille, ignored=yannick)
    make_comment(article, yannick, "Ignoré, pas nouveau.")
    page = client.get(article.get_absolute_url()).text
    assert not html_elements(page, "p", class_="new-comments")
    assert article.title not in client.get("/non-lus/").text
    make_comment(article, make_member("lea"), "Nouveau, lui.")
    assert article.title in client.get("/non-lus/").text
    page = client.get(article.get_absolute_url()).text
    (banner,) = html_elements(page, "p", class_="new-comments")
    assert "1" in str(banner)


@pytest.mark.parametrize("typed", ["%C2%B2", "%D9%A3", "0", "1" * 12, "-3"])
def test_a_comment_number_that_is_not_one_sends_back_to_the_list(client, camille, yannick, typed):
    """``commentaire`` as the site's links write it (ASCII digits): anything else, even what
    str.isdigit() takes ("²", which int() refuses), leads back to the list of ignored members,
    never to a server error."""
    client.force_login(camille)
    url = reverse("accounts:ignore", args=[yannick.pk]) + f"?commentaire={typed}"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("accounts:ignored")
