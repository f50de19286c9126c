"""Closing a discussion: no new comment nor reply, the page says so at once (cached or not), and
the live notice stops asking."""

import pytest

from articles.models import Article
from comments.models import Comment

from .conftest import html_elements, make_comment


def close_from_the_admin(client, admin_member, article):
    client.force_login(admin_member)
    response = client.post(
        "/admin/articles/article/",
        {"action": "close_discussions", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    client.logout()


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_a_closed_discussion_shows_at_once_and_takes_no_comment(
    client, article, camille, yannick, admin_member, reader
):
    comment = make_comment(article, yannick, "Dernier mot ?")
    reader_client = client.__class__()
    if reader == "member":
        reader_client.force_login(camille)
    before = reader_client.get(article.get_absolute_url()).text  # cached, for anonymous readers
    assert html_elements(before, "div", id="live-notice")
    assert html_elements(before, "a", href=f"/commentaires/{comment.pk}/repondre/")

    close_from_the_admin(client, admin_member, article)
    assert Article.objects.get(pk=article.pk).comments_closed

    page = reader_client.get(article.get_absolute_url()).text
    assert "Cette discussion est fermée" in page
    assert not html_elements(page, "div", id="live-notice")
    assert not html_elements(page, "a", href=f"/commentaires/{comment.pk}/repondre/")
    assert not html_elements(page, "form", id="comment-form")
    assert "Dernier mot ?" in page  # what was said stays


def test_posting_and_replying_are_refused(client, article, camille, yannick):
    parent = make_comment(article, yannick, "Une question.")
    Article.objects.filter(pk=article.pk).close_discussions()
    client.force_login(camille)
    reply_form = client.get(f"/commentaires/{parent.pk}/repondre/")
    assert reply_form.status_code == 400
    answer = client.post(f"/actualites/{article.slug}/commentaires/", {"body": "Trop tard ?"})
    assert "Cette discussion est fermée" in answer.content.decode()
    answer = client.post(
        f"/actualites/{article.slug}/commentaires/", {"body": "Et là ?", "parent": parent.pk}
    )
    assert Comment.objects.count() == 1


def test_the_live_notice_is_told_to_stop(client, article):
    Article.objects.filter(pk=article.pk).close_discussions()
    answer = client.get(
        f"/actualites/{article.slug}/commentaires/nouveaux/",
        {"depuis": "2026-01-01T00:00:00+00:00"},
    )
    assert answer.status_code == 410
    answer = client.get(
        f"/actualites/{article.slug}/commentaires/nouveaux/liste/",
        {"depuis": "2026-01-01T00:00:00+00:00"},
    )
    assert answer.status_code == 410


def test_reopening_from_the_change_form(client, article, admin_member, camille):
    Article.objects.filter(pk=article.pk).close_discussions()
    client.force_login(camille)
    assert "Cette discussion est fermée" in client.get(article.get_absolute_url()).text
    Article.objects.filter(pk=article.pk).open_discussions()
    page = client.get(article.get_absolute_url()).text
    assert "Cette discussion est fermée" not in page
    assert html_elements(page, "form", id="comment-form")
