"""The weekly digest: opt-in, on the member's day and hour (Europe/Paris); the week's most
discussed articles and the unread replies and mentions, each with its link; nothing when
there is nothing to say; one-click unsubscription; sent in batches of fixed queries, never
twice for one member and one week (a run killed mid-batch, two runs at once)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Member
from articles.models import ArticleRead
from comments import digest
from comments.models import Notification, WeeklyDigest

from .conftest import PASSWORD, link_in, make_article, make_comment, make_member

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
# A Monday, 8:05 in Paris: the default digest (Monday, 8:00) is due.
MONDAY_8 = datetime(2026, 11, 30, 8, 5, tzinfo=PARIS)


def slot_now() -> dict:
    """The day and hour (Paris) of this moment: a digest chosen then is due now."""
    local = timezone.now().astimezone(PARIS)
    return {"digest_weekday": local.weekday(), "digest_hour": local.hour}


def reader(name: str, **fields) -> Member:
    """A member who asked for the digest, due now unless told."""
    return make_member(name, email_weekly_digest=True, **{**slot_now(), **fields})


def discuss(article, author, count: int = 1, *, replying_to=None):
    """Comments posted now under the article (replies to ``replying_to``'s comment, which
    notifies them)."""
    parent = make_comment(article, replying_to, "Mon avis.") if replying_to else None
    return [make_comment(article, author, f"Réponse {n}.", parent=parent) for n in range(count)]


def run(now=None, **kwargs):
    mail.outbox.clear()
    return digest.send_batch(now=now or timezone.now(), **kwargs)


def sent_to(name: str) -> list:
    return [m for m in mail.outbox if m.to == [f"{name}@example.com"]]


@pytest.fixture
def week(article, yannick):
    """A week with news: camille asked for the digest and has an unread reply from yannick
    under a discussed article."""
    camille = reader("camille_d")
    discuss(article, yannick, 2, replying_to=camille)
    return camille


def test_due_on_the_chosen_paris_hour_and_up_to_a_day_late():
    def due(moment, day=0, hour=8):
        return hour in digest.due_slots(moment).get(
            moment.astimezone(PARIS).date()
            - timedelta(days=moment.astimezone(PARIS).weekday())
            - timedelta(days=7 if moment.astimezone(PARIS).weekday() < day else 0),
            {},
        ).get(day, [])

    assert not due(MONDAY_8.replace(hour=7, minute=59))
    assert due(MONDAY_8.replace(minute=0))
    assert due(MONDAY_8 + timedelta(hours=23, minutes=50))  # the worker was down
    assert not due(MONDAY_8 + timedelta(days=1))  # a day late: skipped until next week
    # Summer time starts on Sunday 29 March 2026 at 2:00: "Sunday 2:00" falls in the gap,
    # and is due from the first instant after it.
    sunday = datetime(2026, 3, 29, 3, 0, tzinfo=PARIS)
    assert 2 in digest.due_slots(sunday)[datetime(2026, 3, 23).date()][6]
    # 8:00 is 8:00 Paris time in winter (UTC+1) and in summer (UTC+2).
    summer = datetime(2026, 6, 1, 6, 0, tzinfo=ZoneInfo("UTC"))
    assert 8 in digest.due_slots(summer)[datetime(2026, 6, 1).date()][0]


def test_digest_lists_unread_replies_and_mentions_and_the_discussed_articles(
    settings, article, yannick, week
):
    other = make_article(article.author, slug="autre-sujet", title="Un autre sujet")
    discuss(other, yannick, 1)
    # A mention notifies (every kind but followed discussions is in the digest).
    mention = make_comment(other, yannick, "Qu\u2019en pense @camille_d ?")
    assert Notification.objects.filter(recipient=week, kind="mention", comment=mention).exists()
    followed = make_comment(other, yannick, "Pour les abonnés.")
    Notification.objects.create(
        recipient=week, kind=Notification.Kind.FOLLOWED, comment=followed, article_id=other.pk
    )
    result = run()
    assert (result.due, result.sent) == (1, 1)
    [message] = sent_to("camille_d")
    assert message.subject == "[Causerie] Votre semaine sur Causerie"
    text = message.body
    assert "Vous n\u2019avez pas lu ces 3 réponses et mentions" in text
    plain = text.replace("\u202f", " ")  # French spacing aside
    assert f"yannick vous a répondu sous « {article.title} »" in plain
    assert "yannick vous a mentionné sous « Un autre sujet »" in plain
    assert "Pour les abonnés." not in text  # followed discussions have their own emails
    assert "Les articles les plus discutés de la semaine" in text
    assert "nouveaux commentaires" in text
    reply = Notification.objects.filter(recipient=week, kind=Notification.Kind.REPLY).first()
    assert settings.SITE_URL + reply.comment.get_absolute_url() in text
    assert article.get_absolute_url() + "#commentaires" in text
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert reply.comment.get_absolute_url() in html and "Un autre sujet" in html
    # The same one-click unsubscription as the other emails.
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text
    path = unsubscribe.removeprefix(settings.SITE_URL)
    from django.test import Client

    assert Client().post(path).status_code == 200
    week.refresh_from_db()
    assert not week.email_weekly_digest
    assert WeeklyDigest.objects.get(member=week).status == WeeklyDigest.Status.SENT


def test_digest_in_english(settings, article, week):
    settings.LANGUAGE_CODE = "en"
    run()
    [message] = sent_to("camille_d")
    assert message.subject == "[Causerie] Your week on Causerie"
    assert "You have not read these 2 replies and mentions" in message.body


def test_articles_read_to_the_end_are_no_news_and_nothing_to_say_sends_nothing(article, yannick):
    camille = reader("camille_d")
    discuss(article, yannick, 2)
    ArticleRead.objects.create(article=article, member=camille, seen_until=timezone.now())
    now = timezone.now()
    result = run(now=now)
    assert (result.due, result.sent, result.empty) == (1, 0, 1)
    assert not mail.outbox
    assert WeeklyDigest.objects.get(member=camille).status == WeeklyDigest.Status.NOTHING
    # Claimed for the week: the next runs do not look again.
    assert run(now=now + timedelta(minutes=5)).due == 0


def test_only_members_who_asked_and_may_take_part_get_it(article, yannick, week):
    not_asked = make_member("silencieux")
    unverified = reader("pasconfirme", verified=False)
    banned = reader("banni", banned_until=timezone.now() + timedelta(days=3))
    other_day = reader("autrejour", digest_weekday=(slot_now()["digest_weekday"] + 1) % 7)
    for member in (not_asked, unverified, banned, other_day):
        discuss(article, yannick, 1, replying_to=member)
    result = run()
    assert (result.due, result.sent) == (1, 1)
    assert [m.to for m in mail.outbox] == [["camille_d@example.com"]]


def test_a_run_killed_mid_batch_never_sends_a_digest_twice(settings, article, yannick):
    members = [reader(f"lecteur{n}") for n in range(7)]
    for member in members:
        discuss(article, yannick, 1, replying_to=member)
    settings.MAILERS = {"default": {"BACKEND": "tests.test_weekly_digest.DyingBackend"}}
    DyingBackend.left = 2  # the worker dies while sending the third email of the batch
    with pytest.raises(WorkerKilled):
        run(size=4)
    first_run = [m.to[0] for m in mail.outbox]
    assert len(first_run) == 2
    # The worker is started again (and the timer runs again, maybe twice).
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox.clear()
    later = timezone.now() + timedelta(minutes=5)
    for _run in range(3):  # the restarted worker's batches, then the timer's next run
        digest.send_batch(now=later, size=4)
    second_run = [m.to[0] for m in mail.outbox]
    assert not set(first_run) & set(second_run)
    assert len(second_run) == len(set(second_run)) == 3  # the batch of 4 after the dead one
    # The two claimed by the dead run and not recorded are said once, and never sent.
    # The dead batch's four claims have no outcome: two emails left, one was in flight, one
    # was not tried. Since any of them may have left, none is sent again: they are said once
    # in the log, and stay claimed for the week.
    assert digest.mark_interrupted(later + timedelta(hours=2)) == 4
    assert digest.mark_interrupted(later + timedelta(hours=3)) == 0
    assert WeeklyDigest.objects.filter(status=WeeklyDigest.Status.UNKNOWN).count() == 4
    assert WeeklyDigest.objects.filter(status=WeeklyDigest.Status.SENT).count() == 3
    assert digest.send_batch(now=later + timedelta(hours=3)).due == 0


def test_two_runs_at_once_share_the_members_out(article, yannick):
    members = [reader(f"lecteur{n}") for n in range(5)]
    for member in members:
        discuss(article, yannick, 1, replying_to=member)
    mail.outbox.clear()
    # Run A finds the members due, then run B does a whole batch before A claims them.
    now = timezone.now()
    found_by_a = list(digest.due_members(now).order_by("pk")[:3])
    b = digest.send_batch(now=now, size=3)
    assert b.sent == 3
    claimed_by_a = digest.claim(found_by_a, now, "run-a")
    assert claimed_by_a == []  # B had them: A sends nothing for them
    # The rest go to whichever run comes next; all in all, one each.
    digest.send_batch(now=now, size=3)
    digest.send_batch(now=now, size=3)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)


def test_mail_server_down_releases_the_claims_for_the_next_run(settings, article, yannick):
    members = [reader(f"lecteur{n}") for n in range(3)]
    for member in members:
        discuss(article, yannick, 1, replying_to=member)
    settings.MAILERS = {"default": {"BACKEND": "tests.test_weekly_digest.RefusingBackend"}}
    result = run()
    assert result.mail_failed and result.sent == 0
    assert not WeeklyDigest.objects.exists()  # released
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run(now=timezone.now() + timedelta(minutes=5)).sent == 3


def test_a_batch_costs_the_same_queries_whatever_the_members_articles_and_replies(article, yannick):
    def batch_queries(count: int) -> int:
        Member.objects.update(email_weekly_digest=False)
        for n in range(count):
            member = reader(f"m{count}_{n}")
            discuss(article, yannick, 2, replying_to=member)
            other = make_article(article.author, slug=f"sujet-{count}-{n}")
            discuss(other, yannick, 1, replying_to=member)
            ArticleRead.objects.create(article=other, member=member)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            result = digest.send_batch(now=timezone.now(), size=100)
        assert result.sent == count
        return len(queries)

    assert batch_queries(2) == batch_queries(12)


def test_preferences_choose_the_digest_day_and_hour(client, camille):
    client.force_login(camille)
    page = client.get(reverse("comments:preferences")).text
    assert "Lundi" in page and "8:00" in page
    camille.refresh_from_db()
    assert (camille.email_weekly_digest, camille.digest_weekday, camille.digest_hour) == (
        False,
        0,
        8,
    )
    response = client.post(
        reverse("comments:preferences"),
        {
            "email_on_reply": "on",
            "follow_on_comment": "on",
            "email_weekly_digest": "on",
            "digest_weekday": "4",
            "digest_hour": "18",
        },
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert (camille.email_weekly_digest, camille.digest_weekday, camille.digest_hour) == (
        True,
        4,
        18,
    )
    assert camille.check_password(PASSWORD)  # the preferences only were written


def test_send_digests_command_queues_the_task_and_never_sends_twice(article, yannick):
    camille = reader("camille_d")
    discuss(article, yannick, 1, replying_to=camille)
    mail.outbox.clear()
    call_command("send_digests")  # the immediate backend runs the task at once
    call_command("send_digests")
    call_command("send_digests", now=True)
    [message] = mail.outbox
    assert message.to == ["camille_d@example.com"]
    assert link_in(message)


class WorkerKilled(BaseException):
    """The process dies (SIGKILL, out of memory): nothing after this line runs."""


class DyingBackend(EmailBackend):
    left = 0

    def send_messages(self, messages):
        if DyingBackend.left <= 0:
            raise WorkerKilled
        DyingBackend.left -= 1
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")
