"""Posting, replying, editing, deleting and reporting comments, as plain forms and with htmx."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Member
from comments.models import Comment, CommentRevision
from moderation.models import CommentReport

from .conftest import french, html_elements, make_article, make_comment

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def post(client, article, body="Mon avis sur la question.", **data):
    return client.post(
        reverse("comments:add", args=[article.slug]),
        {"body": body, **data},
        **data.pop("extra", {}),
    )


def test_member_posts_a_comment_with_a_plain_form(client, article, camille):
    client.force_login(camille)
    response = post(client, article, token="t1")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.author == camille
    article.refresh_from_db()
    camille.refresh_from_db()
    assert article.comment_count == 1
    assert camille.message_count == 1
    page = client.get(article.get_absolute_url()).text
    assert "Mon avis sur la question." in page
    assert french("1 commentaire") in page


def test_comment_posted_with_htmx_comes_back_as_a_fragment(client, article, camille):
    client.force_login(camille)
    response = client.post(
        reverse("comments:add", args=[article.slug]),
        {"body": "En place !", "token": "t"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.text
    comment = Comment.objects.get()
    [item, *_] = html_elements(html, top=True)
    assert html_elements(item, "li", id=f"comment-{comment.pk}") == [item]
    assert not html_elements(html, "html")
    assert "En place !" in html
    # A fresh form, with a new one-time token, replaces the one that was used.
    assert 'id="comment-form"' in html
    assert html_elements(html, "form", id="comment-form", hx_swap_oob="true")
    assert 'value="t"' not in html


def test_the_fresh_form_after_each_post_has_tokens_of_its_own(article, camille):
    """The form that replaces the one used (rendered once per process, its tokens put in each
    time: comments.forms.blank_form_html) posts again, with a new one-time token each time and
    the reader's CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(camille)
    page = client.get(article.get_absolute_url()).text
    html = page.split('id="comment-form"', 1)[1].split("</form>", 1)[0]
    tokens = []
    for text in ("Premier avis", "Deuxième avis", "Troisième avis"):
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]*)"', html))
        tokens.append(fields["token"])
        response = client.post(
            reverse("comments:add", args=[article.slug]), {"body": text, **fields}, headers=HTMX
        )
        assert response.status_code == 200 and text in response.text
        html = response.text.split('id="comment-form"', 1)[1].split("</form>", 1)[0]
    assert len(set(tokens)) == 3 and all(tokens)
    assert Comment.objects.count() == 3


def test_a_resubmitted_form_makes_one_comment(client, article, camille):
    client.force_login(camille)
    first = post(client, article, token="meme-jeton")
    second = post(client, article, token="meme-jeton")
    assert first.url == second.url
    assert Comment.objects.count() == 1
    article.refresh_from_db()
    assert article.comment_count == 1


def test_reply_in_place_and_without_javascript(client, article, camille, yannick):
    parent = make_comment(article, yannick, "Le premier avis.")
    client.force_login(camille)
    # The reply form opens in place with htmx…
    form = client.get(reverse("comments:reply", args=[parent.pk]), headers=HTMX)
    assert form.status_code == 200
    [reply_form] = html_elements(form.text, top=True)
    assert html_elements(
        reply_form, "form", class_="form comment-form", id=f"reply-form-{parent.pk}"
    ) == [reply_form]
    assert html_elements(reply_form, "input", name="parent", value=str(parent.pk))
    # …and on a page of its own without JavaScript.
    page = client.get(reverse("comments:reply", args=[parent.pk]))
    assert html_elements(page.text, "html")
    assert "Le premier avis." in page.text
    response = client.post(
        reverse("comments:add", args=[article.slug]),
        {"body": "Une réponse.", "parent": parent.pk, "token": "r1"},
        headers=HTMX,
    )
    reply = Comment.objects.get(parent=parent)
    # Added in place at the end of the parent's replies: <div oob><ul.replies><li#comment-…
    [oob] = html_elements(response.text, "div", hx_swap_oob=f"beforeend:#new-replies-{parent.pk}")
    [replies] = html_elements(oob, top=True)
    assert html_elements(replies, "ul", class_="replies") == [replies]
    [item, *_] = html_elements(replies, top=True)
    assert html_elements(item, "li", id=f"comment-{reply.pk}") == [item]
    assert (reply.root_id, reply.depth) == (parent.pk, 1)
    response = post(client, article, "Encore une.", parent=parent.pk, token="r2")
    assert response.status_code == 302
    assert Comment.objects.filter(parent=parent).count() == 2


def test_quote_prefills_the_reply(client, article, camille, yannick):
    parent = make_comment(article, yannick, "Première ligne\nseconde ligne")
    client.force_login(camille)
    response = client.get(reverse("comments:reply", args=[parent.pk]) + "?citer=1", headers=HTMX)
    assert french("yannick a écrit :\n&gt; Première ligne\n&gt; seconde ligne") in response.text


def test_anonymous_readers_are_invited_and_sent_to_log_in(client, article):
    page = client.get(article.get_absolute_url()).text
    assert "Vous devez avoir un compte Causerie" in page
    assert 'id="comment-form"' not in page
    response = post(client, article)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    response = client.post(
        reverse("comments:add", args=[article.slug]), {"body": "x"}, headers=HTMX
    )
    assert response.headers["HX-Redirect"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()


def test_members_without_a_confirmed_address_cannot_post(client, article, newcomer):
    client.force_login(newcomer)
    response = post(client, article)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Votre message est vide."),
        ("   \n ", "Votre message est vide."),
        ("x" * 10_001, "Assurez-vous que cette valeur comporte au plus 10000 caractères"),
    ],
)
def test_bad_bodies_are_refused_and_nothing_is_stored(client, article, camille, body, message):
    client.force_login(camille)
    response = post(client, article, body)
    assert response.status_code == 200
    assert message in response.text
    response = client.post(
        reverse("comments:add", args=[article.slug]), {"body": body}, headers=HTMX
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#comment-form"
    assert message in response.text
    assert not Comment.objects.exists()
    article.refresh_from_db()
    assert article.comment_count == 0


def test_a_refused_reply_stays_a_reply(client, article, camille, yannick):
    parent = make_comment(article, yannick, "La question")
    client.force_login(camille)
    url = reverse("comments:add", args=[article.slug])
    response = client.post(url, {"body": "", "parent": parent.pk}, headers=HTMX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#reply-form-{parent.pk}"
    assert html_elements(response.text, "input", name="parent", value=str(parent.pk))
    page = client.post(url, {"body": "", "parent": parent.pk}).text
    assert "Votre message est vide." in page
    assert "La question" in page  # the reply page, with the comment it answers
    assert html_elements(page, "input", name="parent", value=str(parent.pk))
    assert not Comment.objects.filter(author=camille).exists()


def test_parent_from_another_article_or_unknown_is_refused(
    client, article, editor, camille, yannick
):
    elsewhere = make_comment(make_article(editor, "ailleurs"), yannick, "Ailleurs, en secret")
    client.force_login(camille)
    response = post(client, article, "Réponse égarée", parent=elsewhere.pk)
    # Another article's comment is, from this article, one that does not exist: never shown.
    assert french("Le commentaire auquel vous répondez n'existe pas.") in response.text.replace(
        "&#x27;", "'"
    )
    assert "Ailleurs, en secret" not in response.text
    response = post(client, article, "Réponse égarée", parent=999_999)
    assert french("Le commentaire auquel vous répondez n'existe pas.") in response.text.replace(
        "&#x27;", "'"
    )
    response = post(client, article, "Réponse égarée", parent="abc")
    assert response.status_code == 200
    assert Comment.objects.count() == 1


def test_unknown_comment_is_a_404(client, camille):
    client.force_login(camille)
    for name in ["permalink", "reply", "edit", "delete"]:
        assert client.get(reverse(f"comments:{name}", args=[999])).status_code == 404
    assert client.get(reverse("moderation:report", args=[999])).status_code == 404


def test_posting_is_rate_limited(client, article, camille, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_post": (2, 600)}
    client.force_login(camille)
    for i in range(2):
        post(client, article, f"Message {i}", token=f"t{i}")
    response = client.post(
        reverse("comments:add", args=[article.slug]),
        {"body": "De trop", "token": "t9"},
        follow=True,
    )
    assert "Vous publiez trop vite" in response.text
    assert Comment.objects.count() == 2
    response = client.post(
        reverse("comments:add", args=[article.slug]), {"body": "x"}, headers=HTMX
    )
    assert response.status_code == 429
    assert response.headers["HX-Retarget"] == "#comment-form"  # said where the form is


def test_post_without_csrf_token_is_refused(article, camille):
    client = Client(enforce_csrf_checks=True)
    client.force_login(camille)
    assert post(client, article).status_code == 403
    assert not Comment.objects.exists()


def test_user_text_comes_back_inert(client, article, camille):
    client.force_login(camille)
    post(
        client,
        article,
        '<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <b onclick="x()">gras</b>',
    )
    page = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "<b onclick" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# Editing ---------------------------------------------------------------------------------------


def test_author_edits_within_the_window_and_the_earlier_version_is_kept(client, article, camille):
    comment = make_comment(article, camille, "Premier jet.")
    client.force_login(camille)
    url = reverse("comments:edit", args=[comment.pk])
    assert html_elements(client.get(url, headers=HTMX).text, "form", id=f"edit-form-{comment.pk}")
    response = client.post(url, {"body": "Version corrigée."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Version corrigée."
    assert comment.edited_at is not None
    assert CommentRevision.objects.get(comment=comment).body == "Premier jet."
    response = client.post(url, {"body": "Troisième version."}, headers=HTMX)
    [card, *_] = html_elements(response.text, top=True)
    assert html_elements(card, "article", class_="comment", id=f"c{comment.pk}") == [card]
    assert "modifié" in response.text
    page = client.get(article.get_absolute_url()).text
    assert "Troisième version." in page
    assert "modifié" in page


def test_editing_after_the_window_or_another_members_comment_is_refused(
    client, article, camille, yannick
):
    old = make_comment(
        article, camille, "Ancien.", created_at=timezone.now() - timezone.timedelta(days=2)
    )
    theirs = make_comment(article, yannick, "Le sien.")
    client.force_login(camille)
    response = client.post(reverse("comments:edit", args=[old.pk]), {"body": "Trop tard"})
    assert response.status_code == 403
    assert "Le délai pour modifier ce commentaire est dépassé." in response.text
    response = client.post(reverse("comments:edit", args=[theirs.pk]), {"body": "Pas à moi"})
    assert response.status_code == 403
    old.refresh_from_db()
    theirs.refresh_from_db()
    assert (old.body, theirs.body) == ("Ancien.", "Le sien.")
    assert not CommentRevision.objects.exists()


def test_empty_edit_is_refused(client, article, camille):
    comment = make_comment(article, camille, "Texte.")
    client.force_login(camille)
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": " "}, headers=HTMX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#edit-form-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "Texte."


# Deleting --------------------------------------------------------------------------------------


def test_deleting_a_comment_with_replies_leaves_a_placeholder(client, article, camille, yannick):
    comment = make_comment(article, camille, "Je retire ce que j'ai dit.")
    make_comment(article, yannick, "Trop tard, je l'ai lu.", parent=comment)
    client.force_login(camille)
    assert (
        "Supprimer votre commentaire"
        in client.get(reverse("comments:delete", args=[comment.pk])).text
    )
    response = client.post(reverse("comments:delete", args=[comment.pk]))
    assert response.status_code == 302
    client.post(reverse("comments:delete", args=[comment.pk]))  # a second click changes nothing
    comment.refresh_from_db()
    article.refresh_from_db()
    camille.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert article.comment_count == 1
    assert camille.message_count == 0
    page = client.get(article.get_absolute_url()).text.replace("&#x27;", "'")
    assert "Message supprimé par son auteur" in page
    assert "Je retire ce que j'ai dit." not in page
    assert "Trop tard, je l'ai lu." in page


def test_deleted_comment_without_replies_disappears(client, article, camille):
    comment = make_comment(article, camille, "Oubliez ça.")
    client.force_login(camille)
    response = client.post(reverse("comments:delete", args=[comment.pk]), headers=HTMX)
    assert "Message supprimé par son auteur" in response.text
    page = client.get(article.get_absolute_url()).text
    assert "Oubliez ça." not in page
    assert "Message supprimé" not in page


def test_deleting_another_members_comment_is_refused(client, article, camille, yannick):
    theirs = make_comment(article, yannick)
    client.force_login(camille)
    assert client.post(reverse("comments:delete", args=[theirs.pk])).status_code == 403
    theirs.refresh_from_db()
    assert theirs.is_visible


# Reporting -------------------------------------------------------------------------------------


def test_member_reports_a_comment_once(client, article, camille, yannick):
    theirs = make_comment(article, yannick, "Achetez mes montres !")
    client.force_login(camille)
    url = reverse("moderation:report", args=[theirs.pk])
    assert "Spam ou publicité" in client.get(url).text
    response = client.post(url, {"reason": "spam"}, headers=HTMX)
    assert "Merci" in response.text
    response = client.post(url, {"reason": "abusive"}, follow=True)
    assert "Vous aviez déjà signalé ce commentaire." in response.text
    report = CommentReport.objects.get()
    assert (report.reporter, report.reason) == (camille, "spam")


def test_bad_report_reason_and_own_comment(client, article, camille):
    mine = make_comment(article, camille)
    other = make_comment(article, Member.objects.create_user("x", "x@example.com", "p"))
    client.force_login(camille)
    response = client.post(reverse("moderation:report", args=[other.pk]), {"reason": "boring"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
    assert (
        client.post(reverse("moderation:report", args=[mine.pk]), {"reason": "spam"}).status_code
        == 403
    )
    assert not CommentReport.objects.exists()


def test_moderators_find_comments_and_their_history_in_the_admin(
    client, admin_member, article, camille
):
    comment = make_comment(article, camille, "Premier jet.")
    from comments import services

    services.edit_comment(comment, "Version finale.")
    client.force_login(admin_member)
    response = client.get(reverse("admin:comments_comment_changelist"), {"q": "finale"})
    assert "Version finale." in response.text
    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert "Premier jet." in response.text  # the earlier version


def test_report_form_offers_only_real_reasons(client, article, camille, yannick):
    theirs = make_comment(article, yannick)
    client.force_login(camille)
    page = client.get(reverse("moderation:report", args=[theirs.pk])).text
    assert "---------" not in page
    assert page.count('type="radio"') == 4


def test_the_pages_of_their_own_post_plain_forms(client, article, camille, yannick):
    """The reply and edit pages (a link opened in a new tab) have no place for an in-place
    answer: their forms are plain, with JavaScript too, and post to the server."""
    from .conftest import html_elements

    mine = make_comment(article, camille, "Mon avis.")
    theirs = make_comment(article, yannick, "Le sien.")
    client.force_login(camille)
    for url, form_id in (
        (f"/commentaires/{theirs.pk}/repondre/", f"reply-form-{theirs.pk}"),
        (f"/commentaires/{mine.pk}/modifier/", f"edit-form-{mine.pk}"),
    ):
        (form,) = html_elements(client.get(url).text, "form", id=form_id)
        assert "hx-post" not in dict(form.attributes), url
    # In place (htmx), the same forms answer in place.
    (form,) = html_elements(
        client.get(f"/commentaires/{mine.pk}/modifier/", HTTP_HX_REQUEST="true").text,
        "form",
        id=f"edit-form-{mine.pk}",
    )
    assert "hx-post" in dict(form.attributes)
