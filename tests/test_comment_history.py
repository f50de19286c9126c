"""A comment's public edit history: every earlier version, with the time of each change, a
word-level diff, the moderators' edits marked as theirs; hidden and deleted comments' history
for moderators only; edited by moderators from the admin, with a reason on the log."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import history, services
from comments.models import Comment, CommentRevision
from moderation import services as moderation
from moderation.models import ModerationAction

from .conftest import french, html_elements, make_comment, make_member

pytestmark = pytest.mark.django_db


def text(element) -> str:
    """An element's text, without its tags."""
    return re.sub(r"<[^>]+>", "", str(element)).strip()


def history_url(comment) -> str:
    return reverse("comments:history", args=[comment.pk])


def edit_at(comment, body, moment, **kwargs):
    """An edit made at ``moment`` (the history shows each change's time)."""
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=moment):
        services.edit_comment(Comment.objects.get(pk=comment.pk), body, **kwargs)


def test_word_diff_marks_removed_and_added_words_visibly_and_for_screen_readers():
    diff = history.word_diff(
        "Rust sort en 2030, <b>peut-être</b>.", "Rust sortira en 2030, <b>peut-être</b>."
    )
    assert diff == (
        "Rust "
        '<del><span class="visually-hidden">[supprimé] </span>sort'
        '<span class="visually-hidden"> [fin de la suppression]</span></del> '
        '<ins><span class="visually-hidden">[ajouté] </span>sortira'
        '<span class="visually-hidden"> [fin de l\u2019ajout]</span></ins> '
        "en 2030, &lt;b&gt;peut-être&lt;/b&gt;."
    )
    # Unchanged texts have nothing marked; line breaks are kept where they were.
    assert history.word_diff("Un\ndeux", "Un\ndeux") == "Un\ndeux"
    assert "<ins>" in history.word_diff("", "Nouveau") and "<del>" not in history.word_diff(
        "", "Nouveau"
    )


def test_word_diff_of_two_long_rewrites_is_bounded():
    """Past MAX_COMPARED_PAIRS words to compare, the middle is shown as replaced whole."""
    before = " ".join(f"a{i % 3}" for i in range(5000))
    after = " ".join(f"b{i % 3}" for i in range(5000))
    diff = history.word_diff("Début " + before + " fin", "Début " + after + " fin")
    assert diff.startswith("Début <del>") and diff.endswith("</ins> fin")
    assert diff.count("<del>") == diff.count("<ins>") == 1


def test_edited_comment_links_to_its_history_with_each_version_and_time(client, article, camille):
    first = timezone.make_aware(timezone.datetime(2025, 6, 14, 15, 24))
    comment = make_comment(
        article, camille, "Premier jet de mon avis.", created_at=first - timedelta(minutes=30)
    )
    second = first + timedelta(hours=2, minutes=3)
    edit_at(comment, "Deuxième jet de mon avis.", first)
    edit_at(comment, "Deuxième jet de mon avis, corrigé.", second)

    page = client.get(article.get_absolute_url()).text
    [link] = html_elements(page, "a", class_="comment__edited")
    assert dict(link.attributes)["href"] == history_url(comment)
    assert "modifié" in text(link)

    response = client.get(history_url(comment))  # anonymous: public
    assert response.status_code == 200
    html = response.text
    assert "Historique des modifications" in html
    assert "Il a été modifié 2 fois." in html
    changes = html_elements(html, "li", class_="history__change")
    assert len(changes) == 2
    newest, oldest = (text(change) for change in changes)
    assert french("Le 14/06/2025 à 17:27") in newest  # Europe/Paris
    assert french("Le 14/06/2025 à 15:24") in oldest
    [ins] = html_elements(changes[0], "ins")
    assert "corrigé." in text(ins)
    [deleted] = html_elements(changes[1], "del")
    assert "Premier" in text(deleted)
    assert "Premier jet de mon avis." in oldest  # the earlier version itself
    assert "modifié par la modération" not in html


def test_moderators_edit_from_the_admin_marked_as_theirs_and_logged(client, article, moderator):
    member = make_member("auteur")
    comment = make_comment(article, member, "Appelez-moi au 06 12 34 56 78.")
    client.force_login(moderator)
    change = client.get(reverse("admin:comments_comment_change", args=[comment.pk])).text
    edit_url = reverse("admin:comments_comment_edit_text", args=[comment.pk])
    assert edit_url in change
    response = client.post(edit_url, {"body": "Appelez-moi.", "reason": "", "note": ""})
    assert response.status_code == 200  # a public reason is required
    assert Comment.objects.get(pk=comment.pk).body == "Appelez-moi au 06 12 34 56 78."
    response = client.post(
        edit_url,
        {"body": "Appelez-moi [numéro retiré].", "reason": "Données personnelles", "note": "n"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Appelez-moi [numéro retiré]."
    revision = CommentRevision.objects.get(comment=comment)
    assert (revision.body, revision.edited_by, revision.by_moderator) == (
        "Appelez-moi au 06 12 34 56 78.",
        moderator,
        True,
    )
    action = ModerationAction.objects.get(action=ModerationAction.Action.EDIT)
    assert (action.comment, action.reason) == (comment, "Données personnelles")

    # Moderators read the change, marked as theirs; others do not read what it removed.
    html = client.get(history_url(comment)).text
    [change] = html_elements(html, "li", class_="history__change")
    assert "modifié par la modération" in text(change)
    public = Client().get(history_url(comment)).text
    assert "06 12 34 56 78" not in public
    assert html_elements(public, "li", class_="history__change") == []
    assert "lisibles que par les modérateurs" in public
    # The author's own later edits are public again, from the moderated version on.
    edit_at(comment, "Appelez-moi [numéro retiré]. Merci.", timezone.now())
    public = Client().get(history_url(comment)).text
    [change] = html_elements(public, "li", class_="history__change")
    assert "Merci." in text(change) and "06 12" not in public
    log = Client().get(reverse("moderation:log")).text  # the public log, with the reason
    assert "Commentaire modifié" in log and "Données personnelles" in log


def test_authors_own_edits_are_theirs(article, camille):
    comment = make_comment(article, camille, "Avant.")
    services.edit_comment(comment, "Après.")
    revision = CommentRevision.objects.get()
    assert (revision.edited_by, revision.by_moderator) == (camille, False)


def test_history_of_a_hidden_or_deleted_comment_is_for_moderators_only(
    client, article, camille, yannick, moderator
):
    hidden = make_comment(article, camille, "Une version.")
    services.edit_comment(hidden, "Une autre version.")
    deleted = make_comment(article, camille, "Je retire.")
    services.edit_comment(deleted, "Je retire tout.")
    moderation.hide(hidden, moderator, "Hors sujet")
    services.delete_comment(deleted)
    for comment in (hidden, deleted):
        assert client.get(history_url(comment)).status_code == 404
        client.force_login(camille)  # even its author
        assert client.get(history_url(comment)).status_code == 404
        client.logout()
        client.force_login(moderator)
        response = client.get(history_url(comment))
        assert response.status_code == 200
        assert "seuls les modérateurs" in response.text
        client.logout()
    # A comment under an unpublished article, or none at all: 404 too.
    assert client.get(reverse("comments:history", args=[99999])).status_code == 404


def test_unedited_comment_has_no_link_and_an_empty_history(client, article, camille):
    comment = make_comment(article, camille, "Jamais modifié.")
    assert not html_elements(
        client.get(article.get_absolute_url()).text, "a", class_="comment__edited"
    )
    assert "Ce commentaire n\u2019a pas été modifié." in client.get(history_url(comment)).text


def test_history_is_paginated_in_fixed_queries(client, article, camille):
    start = timezone.now() - timedelta(hours=10)
    comment = make_comment(article, camille, "Version 0", created_at=start)

    def page(number):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(history_url(comment), {"page": number})
        assert response.status_code == 200
        changes = html_elements(response.text, "li", class_="history__change")
        # Each change: the version it replaced, and what it added.
        shown = [
            (
                text(html_elements(change, "div", class_="history__text")[0]),
                text(html_elements(change, "ins")[0]).split()[1],
            )
            for change in changes
        ]
        return len(queries), response.text, shown

    for n in range(1, 4):
        edit_at(comment, f"Version {n}", start + timedelta(minutes=n))
    few, _html, _shown = page(1)
    for n in range(4, 26):
        edit_at(comment, f"Version {n}", start + timedelta(minutes=n))
    many, html, first = page(1)
    assert few == many
    assert "Page 1 sur 3" in html
    assert len(first) == history.CHANGES_PER_PAGE
    assert first[0] == ("Version 24", "25")
    _count, _html, second = page(2)
    assert (second[0], second[-1]) == (("Version 14", "15"), ("Version 5", "6"))
    last_count, _html, last = page(3)
    assert last_count == many
    assert len(last) == 25 - 2 * history.CHANGES_PER_PAGE
    assert (last[0], last[-1]) == (("Version 4", "5"), ("Version 0", "1"))


def test_an_edit_moves_the_cached_page_to_show_the_history_link(article, camille):
    comment = make_comment(article, camille, "Le premier avis")
    reader = Client()
    assert "comment__edited" not in reader.get(article.get_absolute_url()).text  # cached now
    services.edit_comment(Comment.objects.get(pk=comment.pk), "Le premier avis, revu")
    page = reader.get(article.get_absolute_url()).text
    assert "Le premier avis, revu" in page
    assert f'href="{history_url(comment)}"' in page
