"""New comments while reading: the notice the article page asks for now and then, and the new
comments put in place (the browser side is in test_browser_comments.py)."""

import re
from datetime import timedelta

import pytest

from comments.models import Comment
from moderation import services as moderation

from .conftest import html_elements, make_comment, make_member


def attrs(element) -> dict:
    return dict(element.attributes)


def text(element) -> str:
    return " ".join(
        child if isinstance(child, str) else text(child) for child in element.children
    ).strip()


def since_of(client, article) -> str:
    """The time the page was made, as it writes it for its script."""
    page = client.get(article.get_absolute_url()).text
    (notice,) = html_elements(page, "div", id="live-notice")
    assert attrs(notice)["aria-live"] == "polite"
    return attrs(notice)["data-since"]


def ask(client, article, since, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(
        f"/actualites/{article.slug}/commentaires/nouveaux/", {"depuis": since}, **headers
    )


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_nothing_new_is_a_304_from_one_query(
    client, article, camille, reader, django_assert_num_queries
):
    if reader == "member":
        client.force_login(camille)
    since = since_of(client, article)
    first = ask(client, article, since)
    assert first.status_code == 200
    assert first.text.strip() == ""  # nothing to say
    with django_assert_num_queries(1):  # the article's version; the session is not even read
        again = ask(client, article, since, first["ETag"])
    assert again.status_code == 304
    assert "no-cache" in again["Cache-Control"]


def test_a_comment_by_someone_else_shows_in_the_notice(client, article, camille, yannick):
    client.force_login(camille)
    since = since_of(client, article)
    etag = ask(client, article, since)["ETag"]
    make_comment(article, camille, "Le mien ne compte pas.")
    hidden = make_comment(article, yannick, "Masqué.")
    moderation.hide(hidden, make_member("modo"), "Hors sujet")
    make_comment(article, yannick, "Un nouveau point de vue.")
    answer = ask(client, article, since, etag)
    assert answer.status_code == 200
    assert answer["ETag"] != etag
    (button,) = html_elements(answer.text, "button")
    assert text(button) == "1 nouveau commentaire — Afficher"
    make_comment(article, yannick, "Et un autre.")
    (button,) = html_elements(ask(client, article, since, answer["ETag"]).text, "button")
    assert text(button) == "2 nouveaux commentaires — Afficher"
    assert "depuis=" in attrs(button)["hx-get"]


def test_a_page_served_from_the_cache_counts_from_when_it_was_made(client, article, yannick):
    since = since_of(client, article)
    assert since_of(client, article) == since  # the same page, from the cache
    make_comment(article, yannick, "Nouveau.")
    assert since_of(client, article) > since  # the discussion changed: a page made anew
    (button,) = html_elements(ask(client, article, since).text, "button")
    assert text(button).startswith("1 nouveau commentaire")


def test_the_new_comments_go_where_they_belong(client, article, camille, yannick, settings):
    client.force_login(camille)
    parent = make_comment(article, camille, "Une question ?")
    since = since_of(client, article)
    reply = make_comment(article, yannick, "Une réponse.", parent=parent)
    deep = make_comment(article, yannick, "Plus bas.", parent=reply)
    top = make_comment(article, yannick, "Un nouveau fil.")
    response = client.get(
        f"/actualites/{article.slug}/commentaires/nouveaux/liste/",
        {"depuis": since},
        HTTP_HX_REQUEST="true",
    )
    swaps = html_elements(response.text, "div", top=True)
    targets = [attrs(swap)["hx-swap-oob"] for swap in swaps]
    assert targets == [
        f"beforeend:#new-replies-{parent.pk}",
        f"beforeend:#new-replies-{reply.pk}",
        "beforeend:#comment-list",
    ]
    for swap, comment in zip(swaps, [reply, deep, top], strict=True):
        (item,) = html_elements(str(swap), "li", id=f"comment-{comment.pk}")
        assert "comment--new" in str(item)  # "nouveau", as on reload
        assert comment.body in str(item)
    assert '<ul class="replies">' in str(swaps[0])  # a reply opens its parent's replies
    moment = response["X-Live-Since"]
    assert moment > since
    # Next time, only what came after.
    latest = make_comment(article, yannick, "Encore.")
    again = client.get(
        f"/actualites/{article.slug}/commentaires/nouveaux/liste/",
        {"depuis": moment},
        HTTP_HX_REQUEST="true",
    ).text
    assert re.findall(r'id="comment-(\d+)"', again) == [str(latest.pk)]


def test_new_comments_cost_the_same_queries_whatever_their_number(
    client, article, camille, yannick, django_assert_num_queries
):
    client.force_login(camille)
    since = since_of(client, article)
    url = f"/actualites/{article.slug}/commentaires/nouveaux/liste/"

    def measure(count):
        for number in range(count):
            make_comment(article, yannick, f"Avis {number}")
        # the session with its member, the article, the comments (authors, ranks, parents
        # joined), votes
        with django_assert_num_queries(4):
            client.get(url, {"depuis": since}, HTTP_HX_REQUEST="true")

    measure(2)
    measure(20)


def test_at_most_a_bounded_number_at_once(client, article, yannick, settings):
    settings.LIVE_MAX_COMMENTS = 3
    since = since_of(client, article)
    made = [make_comment(article, yannick, f"Avis {number}") for number in range(5)]
    Comment.objects.filter(pk__in=[c.pk for c in made]).update(
        created_at=Comment.objects.get(pk=made[0].pk).created_at
    )
    for offset, comment in enumerate(made):
        Comment.objects.filter(pk=comment.pk).update(
            created_at=comment.created_at + timedelta(seconds=offset)
        )
    response = client.get(
        f"/actualites/{article.slug}/commentaires/nouveaux/liste/", {"depuis": since}
    )
    assert len(re.findall(r'id="comment-\d+"', response.text)) == 3
    third = Comment.objects.get(pk=made[2].pk)
    assert response["X-Live-Since"] == third.created_at.isoformat()  # the rest next time


@pytest.mark.parametrize(
    "since",
    [
        "",
        "hier",
        "2026-13-45",
        "2026-01-01T00:00:00" + "0" * 100,
        "9999-12-31T23:59:59-12:00",  # out of what the database can compare with
        "0001-01-01T00:00:00+14:00",
    ],
)
def test_a_malformed_time_is_a_404(client, article, since):
    assert ask(client, article, since).status_code == 404
    answer = client.get(
        f"/actualites/{article.slug}/commentaires/nouveaux/liste/", {"depuis": since}
    )
    assert answer.status_code == 404


def test_the_address_cannot_move_the_discussion(client, article, yannick):
    """The page shows what its address carries (the search box's q): it must not be able to
    write the mark where the comments go."""
    make_comment(article, yannick, "À sa place.")
    page = client.get(article.get_absolute_url(), {"q": "\x00D\x00"}).text
    (item,) = html_elements(page, "ol", id="comment-list")
    assert "À sa place." in str(item)
    (box,) = html_elements(page, "input", id="site-search-q")
    assert "comment-item" not in str(box)


def test_drafts_and_unknown_articles_have_no_notice(client, article):
    article.status = article.Status.DRAFT
    article.save()
    assert ask(client, article, "2026-01-01T00:00:00+00:00").status_code == 404
