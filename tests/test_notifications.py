"""Replies and followed discussions reach members by email and on the site."""

import smtplib

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from accounts.models import Ignore, Member
from comments import notifications, services, unsubscribe
from comments.models import Follow, Notification
from moderation import services as moderation

from .conftest import french, make_comment, make_member

pytestmark = pytest.mark.django_db


def test_a_reply_emails_the_parent_author_and_not_the_replier(
    article, camille, yannick, django_capture_on_commit_callbacks
):
    parent = make_comment(article, camille, "Une question sur Rust ?")
    mail.outbox.clear()
    reply = make_comment(article, yannick, "Oui, **bien sûr**.", parent=parent)
    [message] = mail.outbox
    assert message.to == ["camille@example.com"]
    assert message.subject == "[Causerie] yannick vous a répondu"
    assert "Oui, **bien sûr**." in message.body
    assert f"http://127.0.0.1:8000/commentaires/{reply.pk}/" in message.body
    html = message.alternatives[0].content
    assertInHTML("Oui, <strong>bien sûr</strong>.", html)
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/notifications/desabonnement/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    camille.refresh_from_db()
    assert camille.unread_notifications == 1
    # Replying to oneself sends oneself nothing.
    mail.outbox.clear()
    make_comment(article, yannick, "Je précise.", parent=reply)
    assert not [m for m in mail.outbox if m.to == ["yannick@example.com"]]
    yannick.refresh_from_db()
    assert yannick.unread_notifications == 0


def test_no_email_for_a_reply_hidden_before_it_leaves(
    article, camille, yannick, moderator, django_capture_on_commit_callbacks
):
    parent = make_comment(article, camille)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply, _created = services.post_comment(article, yannick, "Insulte", parent=parent)
    moderation.hide(reply, moderator, "Injurieux")
    mail.outbox.clear()
    for callback in callbacks:  # the commit: notifications, then the email task
        callback()
    assert mail.outbox == []
    camille.refresh_from_db()
    assert camille.unread_notifications == 0


def test_preferences_are_honoured(
    client, article, camille, yannick, django_capture_on_commit_callbacks
):
    client.force_login(camille)
    client.post(reverse("comments:preferences"), {"follow_on_comment": "on"})  # emails off
    parent = make_comment(article, camille)
    mail.outbox.clear()
    make_comment(article, yannick, "Réponse", parent=parent)
    assert mail.outbox == []
    camille.refresh_from_db()
    assert camille.unread_notifications == 1  # still on the site


def test_followed_discussions_are_grouped_at_most_one_email_per_hour(
    article, camille, yannick, editor, django_capture_on_commit_callbacks
):
    Follow.objects.create(member=camille, article=article)
    mail.outbox.clear()
    make_comment(article, yannick, "Premier")
    make_comment(article, editor, "Deuxième")
    make_comment(article, yannick, "Troisième")
    to_camille = [m for m in mail.outbox if m.to == ["camille@example.com"]]
    assert len(to_camille) == 1
    assert french("1 nouveau commentaire sous") in to_camille[0].body
    # An hour later, the next comment brings one email counting all that is new.
    Follow.objects.filter(member=camille).update(
        last_emailed_at=timezone.now() - timezone.timedelta(hours=2)
    )
    make_comment(article, editor, "Quatrième")
    to_camille = [m for m in mail.outbox if m.to == ["camille@example.com"]]
    assert len(to_camille) == 2
    assert french("3 nouveaux commentaires sous") in to_camille[1].body
    camille.refresh_from_db()
    assert camille.unread_notifications == 4


def test_every_follower_is_told_once_and_their_bells_count_it(
    article, camille, yannick, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notifications, "NOTIFY_BATCH", 2)  # written a few at a time
    readers = [make_member(f"lecteur{i}") for i in range(5)]
    muet = make_member("muet")
    Ignore.objects.create(member=muet, ignored=yannick)
    for member in [*readers, muet]:
        Follow.objects.create(member=member, article=article)
    parent = make_comment(article, camille)  # camille follows the discussion from now on
    make_comment(article, yannick, "Une réponse", parent=parent)
    make_comment(article, yannick, "Un autre sujet")
    told = Notification.objects.filter(comment__author=yannick)
    assert sorted(told.values_list("recipient__username", "kind")) == sorted(
        [("camille", "reply"), ("camille", "followed")]
        + [(member.username, "followed") for member in readers] * 2
    )
    bells = dict(Member.objects.values_list("username", "unread_notifications"))
    expected = {"camille": 2, "yannick": 0, "muet": 1} | {m.username: 3 for m in readers}
    assert {name: bells[name] for name in expected} == expected
    notifications.recount_unread(Member.objects.values_list("pk", flat=True))  # from the rows
    assert dict(Member.objects.values_list("username", "unread_notifications")) == bells


def test_members_follow_what_they_comment_on_unless_they_opt_out(article, camille, yannick):
    make_comment(article, camille)
    assert Follow.objects.filter(member=camille, article=article).exists()
    yannick.follow_on_comment = False
    yannick.save()
    make_comment(article, yannick, "Sans suivre")
    assert not Follow.objects.filter(member=yannick).exists()


def test_follow_and_unfollow_from_the_article(client, article, camille):
    client.force_login(camille)
    page = client.get(article.get_absolute_url()).text
    assert "Suivre la discussion" in page
    client.post(reverse("comments:follow", args=[article.slug]))
    assert "Vous suivez la discussion" in client.get(article.get_absolute_url()).text
    page = client.get(reverse("comments:preferences")).text
    assert article.title in page
    client.post(
        reverse("comments:follow", args=[article.slug]), {"follow": "0", "from": "preferences"}
    )
    assert not Follow.objects.exists()
    assert client.post(reverse("comments:follow", args=["inconnu"])).status_code == 404


def test_bell_page_open_and_mark_all_read(client, article, camille, yannick):
    parent = make_comment(article, camille)
    first = make_comment(article, yannick, "Première réponse", parent=parent)
    second = make_comment(article, make_member("troisieme"), "Seconde réponse", parent=parent)
    # An hour apart, whatever the clock did between the two posts.
    now = timezone.now()
    Notification.objects.filter(comment=first).update(created_at=now - timezone.timedelta(hours=2))
    Notification.objects.filter(comment=second).update(created_at=now - timezone.timedelta(hours=1))
    client.force_login(camille)
    page = client.get("/").text
    assertInHTML('<span class="bell__count">2</span>', page)
    page = client.get(reverse("comments:notifications")).text
    assert page.index("Seconde réponse") < page.index("Première réponse")
    notification = Notification.objects.get(comment=first)
    response = client.get(reverse("comments:notification", args=[notification.pk]))
    assert response.url == reverse("comments:permalink", args=[first.pk])
    camille.refresh_from_db()
    assert camille.unread_notifications == 1
    client.post(reverse("comments:mark_all_read"))
    camille.refresh_from_db()
    assert camille.unread_notifications == 0
    assertInHTML('<span class="bell__count bell__count--zero">0</span>', client.get("/").text)
    # Someone else's notification is not one's own to open.
    client.force_login(yannick)
    assert client.get(reverse("comments:notification", args=[notification.pk])).status_code == 404


def test_one_click_unsubscribe_without_logging_in(camille):
    token = unsubscribe.unsubscribe_token(camille, "replies")
    client = Client(enforce_csrf_checks=True)
    url = reverse("comments:unsubscribe", args=[token])
    assert (
        "Ne plus recevoir les e-mails" in client.get(url).text or client.get(url).status_code == 200
    )
    camille.refresh_from_db()
    assert camille.email_on_reply  # looking changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    camille.refresh_from_db()
    assert not camille.email_on_reply
    assert camille.email_on_follow


@pytest.mark.parametrize("token", ["n-importe-quoi", "eyJtIjo5OTk5OSwiayI6InJlcGxpZXMifQ:xyz"])
def test_tampered_or_unknown_unsubscribe_link(client, camille, token):
    response = client.post(reverse("comments:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert french("Ce lien de désabonnement n'est pas valide") in response.text.replace(
        "&#x27;", "'"
    )
    camille.refresh_from_db()
    assert camille.email_on_reply and camille.email_on_follow


def test_a_failing_mail_server_is_retried_and_the_email_sent_once(
    article, camille, yannick, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMultiAlternatives

    original = EmailMultiAlternatives.send
    calls = []

    def flaky_send(self, *args, **kwargs):
        calls.append(self.to)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    parent = make_comment(article, camille)
    mail.outbox.clear()
    reply = make_comment(article, yannick, "Réponse", parent=parent)
    assert len(calls) == 2
    assert len(mail.outbox) == 1
    notification = Notification.objects.get(comment=reply)
    assert notification.emailed_at is not None
    # Running the task again sends nothing more.
    from comments.tasks import email_reply

    email_reply.call(notification.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_database_queue_keeps_emails_until_the_worker_runs(settings, migrated_data, editor):
    """With the production backend, nothing is sent while no worker runs; then all go, once."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from .conftest import make_article

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    article = make_article(editor, "file-attente")
    camille, yannick = make_member("camille"), make_member("yannick")
    parent = make_comment(article, camille)
    mail.outbox.clear()
    make_comment(article, yannick, "Réponse en attente", parent=parent)
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay")
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille@example.com"]


def test_the_bell_page_shows_a_replys_characters_as_typed(client, article, camille, yannick):
    """Its excerpt is the reply's text as readers see it: "<" and "&" typed in it are shown as
    such (the HTML's entities were escaped a second time: "&lt;" on the screen)."""
    parent = make_comment(article, camille)
    make_comment(article, yannick, "Si a < b && **c** > d, alors `x`.", parent=parent)
    client.force_login(camille)
    page = client.get(reverse("comments:notifications")).text
    assertInHTML(
        '<p class="notification__excerpt">Si a &lt; b &amp;&amp; c &gt; d, alors x.</p>', page
    )
