"""Editors in the admin: writing and publishing articles, handling error reports."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertHTMLEqual, assertInHTML

from articles.models import Article, Correction, ErrorReport

from .conftest import make_article, make_category

pytestmark = pytest.mark.django_db


def test_editors_can_add_and_change_articles_but_not_members(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    assert client.get(reverse("admin:articles_errorreport_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_member_changelist")).status_code == 403


def test_editor_writes_and_publishes_an_article(client, editor):
    category = make_category()
    client.force_login(editor)
    data = {
        "title": "Une nouvelle toute fraîche",
        "slug": "nouvelle-fraiche",
        "category": category.pk,
        "lead": "Le chapeau.",
        "body": "Le **corps**.",
        "status": "published",
        "published_at_0": "01/06/2026",
        "published_at_1": "10:00:00",
        "author": editor.pk,
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-0-position": "0",
        "sources-0-name": "La Gazette",
        "sources-0-url": "https://example.org/",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-position": "0",
        "questions-0-text": "Qu'en pensez-vous ?",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get(slug="nouvelle-fraiche")
    assertHTMLEqual(article.body_html, "<p>Le <strong>corps</strong>.</p>")
    assert article.sources.get().name == "La Gazette"
    page = client.get(article.get_absolute_url()).text
    assert "Qu'en pensez-vous ?" in page.replace("&#x27;", "'")


def test_article_changelist_has_filters_search_and_counters(client, editor):
    make_article(editor, "un", title="Premier sujet", upvotes=7)
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "Premier"})
    assert response.status_code == 200
    assert "Premier sujet" in response.text
    assertInHTML('<td class="field-upvotes">7</td>', response.text)
    response = client.get(reverse("admin:articles_article_changelist"), {"status__exact": "draft"})
    assert "Premier sujet" not in response.text


def test_resolving_a_report_with_a_correction_publishes_the_note(client, editor, article):
    report = ErrorReport.objects.create(article=article, message="La date est fausse.")
    client.force_login(editor)
    url = reverse("admin:articles_errorreport_change", args=[report.pk])
    response = client.post(
        url, {"decision": "correct", "correct-correction_note": "la date a été rectifiée"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.RESOLVED
    assert report.handled_by == editor
    assert report.correction.note == "la date a été rectifiée"
    page = client.get(article.get_absolute_url()).text
    assert "la date a été rectifiée" in page
    assert "Corrigé le" in page


def test_reject_action_on_reports(client, editor, article):
    report = ErrorReport.objects.create(article=article, message="Je n'aime pas le titre.")
    client.force_login(editor)
    url = reverse("admin:articles_errorreport_changelist")
    # The action first asks for the reason given to the reader, and a private note…
    page = client.post(url, {"action": "reject", "_selected_action": [report.pk]})
    assert "Motif donné au lecteur" in page.text
    assert "Note privée" in page.text
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.OPEN
    # …then applies, with its entry in the moderation log.
    client.post(
        url,
        {
            "action": "reject",
            "_selected_action": [report.pk],
            "apply": "1",
            "reason": "Le titre est exact.",
            "note": "Question de goût.",
        },
    )
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.DISMISSED
    assert (report.reason, report.note) == ("Le titre est exact.", "Question de goût.")
    assert not Correction.objects.exists()
    from moderation.models import ModerationAction

    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator) == ("dismiss", editor)
    assert "Question de goût." in entry.note


def test_ordinary_members_cannot_reach_the_articles_admin(client, camille):
    client.force_login(camille)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302


def test_an_article_with_comments_cannot_be_deleted_and_loses_no_text(client, article, camille):
    from django.contrib.auth.models import Group
    from django.db.models import ProtectedError

    from comments.models import Comment

    from .conftest import make_comment, make_member

    make_comment(article, camille, "Un avis à garder")
    with pytest.raises(ProtectedError):
        article.delete()
    chief = make_member("chef", is_staff=True, is_superuser=True)
    chief.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(chief)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    page = client.post(url, {"post": "yes"}).content.decode()
    assert "Un avis à garder" in page or "commentaire" in page  # the admin names what protects it
    assert Comment.objects.filter(body="Un avis à garder").exists()


def test_publishing_a_draft_dates_it_now_unless_it_was_scheduled(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    from .conftest import make_article

    written = timezone.now() - timedelta(days=3)
    later = timezone.now() + timedelta(days=2)
    old_draft = make_article(editor, "brouillon-ancien", status="draft", published_at=written)
    scheduled = make_article(editor, "programme", status="draft", published_at=later)
    saved = make_article(editor, "par-le-formulaire", status="draft", published_at=written)
    Article.objects.filter(pk__in=[old_draft.pk, scheduled.pk]).publish()
    old_draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert old_draft.published_at > timezone.now() - timedelta(minutes=1)  # news now
    assert scheduled.published_at == later  # the editor's date stands
    saved = Article.objects.get(pk=saved.pk)
    saved.status = Article.Status.PUBLISHED
    saved.save()
    saved.refresh_from_db()
    assert saved.published_at > timezone.now() - timedelta(minutes=1)
    assert Article.objects.published().order_by("-published_at").first() == saved
