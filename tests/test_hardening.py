"""What one hostile free account could do, and the rules that now stop each class of it."""

import threading
import time
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.forms import ProfileForm
from accounts.models import Member
from articles.models import Article
from comments import unsubscribe
from comments.models import Comment, CommentVote, Notification
from moderation import services as moderation
from moderation.models import CommentReport

from .conftest import PASSWORD, french, make_article, make_comment, make_member

pytestmark = pytest.mark.django_db


# 1. Stale saves ---------------------------------------------------------------------------------


def test_a_profile_save_never_puts_back_a_password_changed_meanwhile(camille):
    # The profile request read the member at its start; the password changed in another
    # session before the profile form was saved.
    stale = Member.objects.get(pk=camille.pk)
    other_session = Member.objects.get(pk=camille.pk)
    other_session.set_password("Un-Tout-Nouveau-Secret-7")
    other_session.save()
    form = ProfileForm({"website": "https://camille.example.org", "bio": "Bio"}, instance=stale)
    assert form.is_valid(), form.errors
    form.save()
    camille.refresh_from_db()
    assert camille.check_password("Un-Tout-Nouveau-Secret-7")
    assert camille.bio == "Bio" and camille.website == "https://camille.example.org"


def test_a_password_change_never_puts_back_an_old_biography(camille):
    stale = Member.objects.get(pk=camille.pk)  # the password page's member, read first
    form = ProfileForm(
        {"website": "", "bio": "Nouvelle bio"}, instance=Member.objects.get(pk=camille.pk)
    )
    assert form.is_valid()
    form.save()
    stale.set_password("Encore-Un-Autre-Secret-8")
    stale.save()
    camille.refresh_from_db()
    assert camille.bio == "Nouvelle bio"
    assert camille.check_password("Encore-Un-Autre-Secret-8")


def test_preferences_and_staff_flags_are_never_written_by_a_preferences_save(camille):
    from comments.notification_views import PreferencesForm

    stale = Member.objects.get(pk=camille.pk)  # the preferences page's member, read first
    Member.objects.filter(pk=camille.pk).update(is_staff=True, email="nouvelle@example.com")
    form = PreferencesForm({"email_on_reply": "on"}, instance=stale)
    assert form.is_valid()
    form.save()
    camille.refresh_from_db()
    assert camille.email == "nouvelle@example.com" and camille.is_staff
    assert camille.email_on_reply and not camille.email_on_follow


def test_an_edit_saves_only_its_columns_and_still_moves_the_modified_time(article):
    stale = Article.objects.get(pk=article.pk)  # the editor's page, opened earlier
    Article.objects.filter(pk=article.pk).update(upvotes=7)  # a vote meanwhile
    before = stale.updated_at
    stale.title = "Un titre revu"
    stale.save()
    article.refresh_from_db()
    assert article.title == "Un titre revu" and article.upvotes == 7
    assert article.updated_at > before


def test_logging_in_renders_no_markdown(client, camille):
    camille.bio = "Une **bio**"
    camille.save()
    with mock.patch("accounts.models.render_member_text") as render:
        assert client.login(username="camille", password=PASSWORD)
    assert render.call_count == 0


# 2, 3. Every request a member can make is bounded, and quotas hold under concurrency -------------


def test_edits_and_profile_saves_are_rate_limited(client, article, camille, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_edit": (1, 600)}
    settings.RATE_LIMITS["profile_save"] = (1, 600)
    comment = make_comment(article, camille, "Première version")
    client.force_login(camille)
    url = reverse("comments:edit", args=[comment.pk])
    client.post(url, {"body": "Deuxième version"})
    response = client.post(url, {"body": "Troisième version"})
    assert "Vous modifiez trop vite" in response.text
    comment.refresh_from_db()
    assert comment.body == "Deuxième version"
    client.post(reverse("accounts:account"), {"bio": "Une"})
    response = client.post(reverse("accounts:account"), {"bio": "Deux"})
    assert "Vous avez modifié votre profil" in response.text
    camille.refresh_from_db()
    assert camille.bio == "Une"


def _at_once(count, prepare):
    """In ``count`` threads, each with its own connection: ``prepare(i)`` (logging in, say)
    returns the action, and the actions start together."""
    barrier = threading.Barrier(count)
    errors = []

    def run(i):
        try:
            action = prepare(i)
            barrier.wait()
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_of_a_newcomer_stop_at_the_quota(settings):
    from datetime import timedelta

    settings.NEWCOMER_DAYS = timedelta(days=3)
    settings.NEWCOMER_POSTS_PER_HOUR = 3
    editor = make_member("redaction", is_staff=True)
    article = make_article(editor)
    make_member("nouveau")

    def post(i):
        client = Client()
        client.login(username="nouveau", password=PASSWORD)
        url = reverse("comments:add", args=[article.slug])
        return lambda: client.post(url, {"body": f"Message {i}"})

    _at_once(8, post)
    assert Comment.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_for_one_author_stop_at_the_daily_cap(settings):
    settings.VOTES_PER_AUTHOR_PER_DAY = 3
    editor = make_member("redaction", is_staff=True)
    article = make_article(editor)
    author, voter = make_member("auteur"), make_member("votant")
    comments = [
        Comment.objects.create(article=article, author=author, body=f"Avis {i}") for i in range(8)
    ]

    def vote(i):
        client = Client()
        client.login(username="votant", password=PASSWORD)
        url = reverse("comments:vote", args=[comments[i].pk])
        return lambda: client.post(url, {"value": "up"})

    _at_once(8, vote)
    assert CommentVote.objects.filter(member=voter).count() == 3


# 4. Nothing under an unpublished article, and no unconfirmed member, can be reached by id ------


def _routes():
    """Every route of the site's own apps that takes an id or a slug, with its name."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = pattern.pattern.converters
                if converters:
                    yield f"{namespace}{pattern.name}", set(converters)

    return sorted(
        (name, params)
        for name, params in walk(get_resolver().url_patterns)
        if name.split(":")[0] in {"articles", "comments", "moderation", "accounts"}
    )


# Routes whose id is not a comment's, an article's or a member's (each checked elsewhere).
OTHER_KINDS = {
    "comments:notification": "a notification: found among the member's own only",
    "comments:unsubscribe": "a signed token",
    "articles:category": "categories are public",
    "articles:category_feed": "categories are public",
    "articles:tag": "tags are public",
    "articles:page": "pages are public",
}


def test_every_route_refuses_what_is_under_a_draft_or_an_unconfirmed_member(
    client, editor, camille
):
    draft = make_article(editor, "brouillon-secret", status=Article.Status.DRAFT)
    published = make_article(editor, "publie")
    hidden_parent = Comment.objects.create(article=draft, author=editor, body="Texte secret")
    ghost = make_member("fantome", verified=False, bio="Bio secrète")
    ids = {"comments": hidden_parent.pk, "moderation": hidden_parent.pk, "accounts": ghost.pk}
    client.force_login(camille)
    checked = []
    for name, params in _routes():
        if name in OTHER_KINDS:
            continue
        if params == {"slug", "network"}:
            url = reverse(name, args=[draft.slug, "x"])
        elif "slug" in params:
            url = reverse(name, args=[draft.slug])
        else:
            url = reverse(name, args=[ids[name.split(":")[0]]])
        for method in (client.get, client.post):
            response = method(url, {"body": "x", "parent": hidden_parent.pk, "value": "up"})
            assert response.status_code in {302, 404, 405}, (name, method, response.status_code)
            if response.status_code == 302:  # unfollowing: the same answer as for no article
                assert response.url == reverse("comments:preferences"), name
            body = response.content.decode()
            assert "Texte secret" not in body and "Bio secrète" not in body, name
        checked.append(name)
    assert {"comments:reply", "comments:edit", "moderation:report", "accounts:profile"} <= set(
        checked
    )
    assert {"articles:detail", "articles:vote", "comments:add", "comments:follow"} <= set(checked)
    # A refused reply on a published article never echoes a parent from a draft.
    response = client.post(
        reverse("comments:add", args=[published.slug]), {"body": "", "parent": hidden_parent.pk}
    )
    assert "Texte secret" not in response.text


def test_unconfirmed_sign_ups_are_not_members_yet(client, camille):
    ghost = make_member("fantome", verified=False)
    listing = client.get(reverse("accounts:members")).text
    assert "camille" in listing and "fantome" not in listing
    assert client.get(reverse("accounts:profile", args=[ghost.pk])).status_code == 404


def test_unfollowing_says_nothing_of_whether_a_draft_exists(client, editor, camille):
    make_article(editor, "brouillon", status=Article.Status.DRAFT)
    client.force_login(camille)
    answers = [
        client.post(reverse("comments:follow", args=[slug]), {"follow": "0"})
        for slug in ("brouillon", "nulle-part")
    ]
    assert [(a.status_code, a.url) for a in answers] == [(302, answers[0].url)] * 2


# 5. A deep chain of replies ---------------------------------------------------------------------


def test_a_chain_of_thousands_of_replies_keeps_the_page_up(client, article, camille, settings):
    settings.COMMENT_MAX_DEPTH = 4
    parent = root = Comment.objects.create(article=article, author=camille, body="Début")
    for depth in range(1, 1500):
        parent = Comment.objects.create(
            article=article,
            author=camille,
            body=f"Niveau {depth}",
            parent=parent,
            root=root,
            depth=depth,
        )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Niveau 1499" in response.text
    section = response.text[response.text.index('id="comment-list"') :]
    assert section.count('<ul class="replies">') == 4  # the display depth stays capped
    assert section.count("<ul") == section.count("</ul>")


# 7. Moderators cannot recover addresses or reporters ------------------------------------------


def test_moderators_cannot_filter_or_search_on_addresses_or_reporters(
    client, article, moderator, camille, yannick, admin_member
):
    comment = make_comment(article, camille, "Un avis")
    CommentReport.objects.create(comment=comment, reporter=yannick, reason="spam")
    client.force_login(moderator)
    for url in [
        reverse("admin:accounts_member_changelist") + "?email__startswith=c",
        reverse("admin:comments_comment_changelist") + "?author__email__startswith=c",
        reverse("admin:comments_commentreport_changelist") + f"?reporter={yannick.pk}",
        reverse("admin:comments_commentreport_changelist") + "?reporter__username=yannick",
    ]:
        assert client.get(url).status_code == 400, url
    found = client.get(reverse("admin:comments_comment_changelist") + "?q=camille@example.com")
    assert "Un avis" not in found.text
    client.force_login(admin_member)  # the administrators keep them
    url = reverse("admin:accounts_member_changelist") + "?email__startswith=c"
    assert client.get(url).status_code == 200
    found = client.get(reverse("admin:comments_comment_changelist") + "?q=camille@example.com")
    assert "Un avis" in found.text


# 8, 9. Automatic hiding counts established members only; the team's comments need a moderator --


def test_newcomers_reports_are_queued_but_hide_nothing(article, camille, settings):
    from datetime import timedelta

    settings.NEWCOMER_DAYS = timedelta(days=3)
    comment = make_comment(article, camille, "Un avis dérangeant")
    Member.objects.filter(pk=camille.pk).update(date_joined=camille.date_joined - timedelta(9))
    throwaways = [make_member(f"jetable{i}") for i in range(3)]
    for member in throwaways:
        moderation.report_comment(comment, member, "abusive")
    comment.refresh_from_db()
    assert comment.is_visible
    assert CommentReport.objects.open().count() == 3  # the moderators still see them all
    veterans = [make_member(f"ancien{i}") for i in range(3)]
    Member.objects.filter(pk__in=[m.pk for m in veterans]).update(
        date_joined=camille.date_joined - timedelta(days=30)
    )
    for member in veterans:
        moderation.report_comment(comment, Member.objects.get(pk=member.pk), "abusive")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN


def test_staff_comments_are_never_hidden_automatically(article, editor):
    comment = make_comment(article, editor, "Précision de la rédaction")
    for i in range(4):
        moderation.report_comment(comment, make_member(f"rapporteur{i}"), "abusive")
    comment.refresh_from_db()
    assert comment.is_visible


def test_moderators_cannot_hide_staff_comments_on_the_site_either(client, article, moderator):
    comment = make_comment(article, article.author, "Mot de la rédaction")
    client.force_login(moderator)
    page = client.get(article.get_absolute_url()).text
    assert reverse("moderation:moderate", args=[comment.pk]) not in page
    response = client.post(
        reverse("moderation:moderate", args=[comment.pk]), {"action": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.is_visible


# 11. What is no longer published leaves the public pages ----------------------------------------


def test_log_and_notifications_forget_articles_turned_back_into_drafts(
    client, article, camille, yannick, moderator
):
    mine = make_comment(article, camille, "Ma question")
    reply = make_comment(article, yannick, "Une réponse très précise", parent=mine)
    moderation.hide(make_comment(article, yannick, "Hors sujet"), moderator, "Hors sujet")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    log = client.get(reverse("moderation:log")).text
    assert article.title not in log and article.get_absolute_url() not in log
    client.force_login(camille)
    inbox = client.get(reverse("comments:notifications")).text
    assert "Une réponse très précise" not in inbox
    assert Notification.objects.filter(comment=reply).exists()


# 14. Request bodies are capped before they are read --------------------------------------------


def test_a_huge_upload_is_refused_before_it_is_read(client, camille, settings):
    client.force_login(camille)
    response = client.post(
        reverse("accounts:account"),
        {"bio": "x"},
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert "12" in response.text
    page = client.get(reverse("accounts:account")).text
    assert french("10 Mo au plus") in page  # the form says the avatar's limit


# 15. Unsubscription links last a year ----------------------------------------------------------


def test_unsubscription_links_expire_after_a_year(client, camille):
    year_and_a_day = 366 * 24 * 3600
    with mock.patch.object(signing, "time") as clock:
        clock.time.return_value = time.time() - year_and_a_day
        old = unsubscribe.unsubscribe_token(camille, "replies")
    response = client.post(reverse("comments:unsubscribe", args=[old]))
    assert response.status_code == 410
    assert french("plus d'un an") in response.text.replace("&#x27;", "'")
    camille.refresh_from_db()
    assert camille.email_on_reply
    fresh = unsubscribe.unsubscribe_token(camille, "replies")
    assert client.post(reverse("comments:unsubscribe", args=[fresh])).status_code == 200
    camille.refresh_from_db()
    assert not camille.email_on_reply


def test_a_form_resubmitted_at_the_limit_finds_the_comment_it_made(
    client, article, camille, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_post": (1, 600)}
    client.force_login(camille)
    url = reverse("comments:add", args=[article.slug])
    client.post(url, {"body": "Une fois", "token": "jeton-unique"})
    again = client.post(url, {"body": "Une fois", "token": "jeton-unique"})  # a resubmission
    mine = Comment.objects.get(author=camille)
    assert again.status_code == 302 and again.url.endswith(f"#comment-{mine.pk}")
    refused = client.post(url, {"body": "Une autre", "token": "autre-jeton"})
    assert refused.status_code == 429
