"""@mentions: "@pseudo" in a comment links to the member and notifies them, within limits."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.cache import local
from accounts.markdown import MAX_MENTION_NAMES, mentioned_names
from accounts.models import Member
from comments import notifications, services, unsubscribe
from comments.models import Follow, Mention, Notification

from .conftest import html_elements, link_in, make_comment, make_member

pytestmark = pytest.mark.django_db


def profile(member) -> str:
    return reverse("accounts:profile", args=[member.pk])


def text_of(element) -> str:
    return "".join(c if isinstance(c, str) else text_of(c) for c in element.children)


def attr(element, name: str):
    return dict(element.attributes).get(name)


def mention_links(html: str) -> list[tuple[str, str]]:
    """(address, text) of each mention link in ``html``."""
    return [(attr(a, "href"), text_of(a)) for a in html_elements(html, "a", class_="mention")]


def edit(comment, body):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.edit_comment(comment, body)


# Rendering --------------------------------------------------------------------------------------


def test_a_mention_links_to_the_profile_with_the_name_as_written(article, camille, yannick):
    comment = make_comment(article, yannick, "Merci @Camille, et @camille encore !")
    assert mention_links(comment.body_html) == [
        (profile(camille), "@Camille"),
        (profile(camille), "@camille"),
    ]
    assert list(comment.mentions.values_list("member", flat=True)) == [camille.pk]
    # The page shows it.
    page = Client().get(article.get_absolute_url()).text
    assert f'<a href="{profile(camille)}" class="mention">@Camille</a>' in page


@pytest.mark.parametrize(
    "body",
    [
        "Voir `@camille` dans le code.",
        "```\n@camille\n```",
        "    @camille en bloc de code indenté",
        "> @camille disait cela.",
        "> > @camille, cité deux fois.",
        "[@camille](https://example.org)",
        "Écrire à camille@example.com",
        "Échappé : \\@camille",
        "Un chemin : /@camille",
    ],
)
def test_no_mention_in_code_quotes_links_addresses_or_escaped(article, camille, yannick, body):
    comment = make_comment(article, yannick, body)
    assert mention_links(comment.body_html) == []
    assert not comment.mentions.exists()
    assert not Notification.objects.filter(recipient=camille).exists()


def test_unknown_unlisted_names_stay_text_and_text_is_escaped(article, camille, yannick):
    make_member("pas_confirme", verified=False)
    make_member("parti", is_active=False)
    comment = make_comment(
        article,
        yannick,
        "<@camille> @inconnu @pas_confirme @parti @camille. *@camille* <script>@camille</script>",
    )
    html = comment.body_html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;" in html and "@inconnu" in html and "@pas_confirme" in html
    # The trailing full stop is not part of the name; emphasis does not hide a mention.
    assert mention_links(html) == [(profile(camille), "@camille")] * 4
    assert f'<a href="{profile(camille)}" class="mention">@camille</a>.' in html
    assert list(Mention.objects.values_list("member", flat=True)) == [camille.pk]


def test_a_name_with_a_final_dot_is_found_whole(article, yannick):
    dotted = make_member("jean.")
    comment = make_comment(article, yannick, "Salut @jean.")
    assert mention_links(comment.body_html) == [(profile(dotted), "@jean.")]


def test_the_names_looked_up_are_bounded(article, yannick):
    members = [make_member(f"membre{n:02}") for n in range(MAX_MENTION_NAMES + 5)]
    body = " ".join(f"@{m.username}" for m in members)
    comment = make_comment(article, yannick, body)
    linked = mention_links(comment.body_html)
    assert len(linked) == MAX_MENTION_NAMES
    assert linked[0] == (profile(members[0]), "@membre00")
    assert Mention.objects.filter(comment=comment).count() == MAX_MENTION_NAMES


def test_mentioned_names_reads_like_the_renderer():
    assert mentioned_names("@Alice, `@bob` > non\n\n> @carl\n\n@dora.") == {
        "alice",
        "dora.",
        "dora",
    }


def test_an_edit_keeps_the_mention_rows_in_step(article, camille, yannick):
    dom = make_member("dom")
    comment = make_comment(article, yannick, "@camille et @dom")
    edit(comment, "@dom seulement")
    assert list(comment.mentions.values_list("member", flat=True)) == [dom.pk]
    assert mention_links(comment.body_html) == [(profile(dom), "@dom")]
    assert camille.pk not in set(Mention.objects.values_list("member", flat=True))


def test_a_rename_leaves_the_link_right_and_a_departure_unlinks(article, camille, yannick):
    """A mention links by the member's id, with the name as the author wrote it: renaming the
    member changes nothing in the discussion (the link still goes to them, and whoever takes
    the old name later does not get it). A member who leaves has no profile: the cached pages
    that link to them change at once, "@name" staying as text."""
    comment = make_comment(article, yannick, "Merci @camille !")
    anonymous, member = Client(), Client()
    member.force_login(make_member("lectrice"))
    for reader in (anonymous, member):
        assert profile(camille) in reader.get(article.get_absolute_url()).text  # now cached

    camille.username = "camille_b"
    camille.save()
    usurper = make_member("camille", email="usurpatrice@example.com")
    for reader in (anonymous, member):
        page = reader.get(article.get_absolute_url()).text
        assert f'<a href="{profile(camille)}" class="mention">@camille</a>' in page
        assert profile(usurper) not in page

    version = type(article).objects.get(pk=article.pk).version
    camille_profile = profile(camille)
    camille.delete()
    assert type(article).objects.get(pk=article.pk).version > version
    comment.refresh_from_db()
    assert mention_links(comment.body_html) == [(None, "@camille")]
    for reader in (anonymous, member, anonymous):
        local.clear()  # from another server process too: the shared cache only
        page = reader.get(article.get_absolute_url()).text
        assert 'Merci <a class="mention">@camille</a> !' in page
        assert camille_profile not in page


# Notifications ----------------------------------------------------------------------------------


def test_a_mention_notifies_in_the_bell_and_by_email(article, camille, yannick):
    mail.outbox.clear()
    comment = make_comment(article, yannick, "Qu'en penses-tu, @camille ?")
    [notification] = Notification.objects.filter(recipient=camille)
    assert notification.kind == Notification.Kind.MENTION
    camille.refresh_from_db()
    assert camille.unread_notifications == 1
    [message] = mail.outbox
    assert message.to == ["camille@example.com"]
    assert message.subject == "[Causerie] yannick vous a mentionné"
    assert "Qu'en penses-tu, @camille ?" in message.body
    assert f"http://127.0.0.1:8000/commentaires/{comment.pk}/" in message.body
    html = message.alternatives[0].content
    # In an email, the link to the profile is a whole address.
    assert f'href="http://127.0.0.1:8000{profile(camille)}"' in html
    assert "mentions.unsubscribe" not in html
    # The bell's page says so.
    client = Client()
    client.force_login(camille)
    page = client.get(reverse("comments:notifications")).text
    assert "yannick vous a mentionné sous «\u202f" in page

    # One click in the email stops them, and only them.
    link = link_in(message, r"http://[^\s\"'<>]+/desabonnement/[^\s\"'<>]+")
    assert Client().post(link).status_code == 200
    camille.refresh_from_db()
    assert not camille.email_on_mention and camille.email_on_reply and camille.email_on_follow
    mail.outbox.clear()
    make_comment(article, yannick, "Encore toi, @camille.")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=camille).count() == 2  # the bell still tells


def test_the_unsubscribe_page_names_mentions(camille):
    token = unsubscribe.unsubscribe_token(camille, "mentions")
    page = Client().get(reverse("comments:unsubscribe", args=[token])).text
    assert "mentions de camille" in page


def test_the_preference_is_on_the_preferences_page(camille):
    client = Client()
    client.force_login(camille)
    url = reverse("comments:preferences")
    assert "on me mentionne" in client.get(url).text
    client.post(url, {"email_on_reply": "on", "email_on_follow": "on"})
    camille.refresh_from_db()
    assert camille.email_on_mention is False and camille.email_on_reply is True


def test_at_most_five_mentions_are_notified_the_others_linked(article, yannick):
    members = [make_member(f"lecteur{n}") for n in range(7)]
    mail.outbox.clear()
    comment = make_comment(article, yannick, " ".join(f"@{m.username}" for m in members))
    assert len(mention_links(comment.body_html)) == 7
    notified = set(
        Notification.objects.filter(kind=Notification.Kind.MENTION).values_list(
            "recipient", flat=True
        )
    )
    assert notified == {m.pk for m in members[:5]}
    assert len(mail.outbox) == 5


def test_never_the_banned_the_unverified_the_inactive_nor_the_author(article, yannick):
    banned = make_member("banni", banned_until=timezone.now() + timedelta(days=3))
    make_member("pas_confirme", verified=False)
    make_member("parti", is_active=False)
    ok = make_member("lectrice")
    mail.outbox.clear()
    comment = make_comment(
        article, yannick, "@banni @pas_confirme @parti @yannick @lectrice, à vous."
    )
    # The banned member's profile is public: linked, not notified. The author: linked.
    assert [href for href, _text in mention_links(comment.body_html)] == [
        profile(banned),
        profile(yannick),
        profile(ok),
    ]
    assert list(Notification.objects.values_list("recipient", flat=True)) == [ok.pk]
    assert [m.to for m in mail.outbox] == [["lectrice@example.com"]]


def test_a_reply_that_mentions_its_parent_author_notifies_once(article, camille, yannick):
    parent = make_comment(article, camille, "Une question ?")
    mail.outbox.clear()
    make_comment(article, yannick, "@camille, voici la réponse.", parent=parent)
    [notification] = Notification.objects.filter(recipient=camille)
    assert notification.kind == Notification.Kind.REPLY
    assert [m.subject for m in mail.outbox] == ["[Causerie] yannick vous a répondu"]
    camille.refresh_from_db()
    assert camille.unread_notifications == 1


def test_a_follower_mentioned_is_told_of_the_mention(article, camille, yannick):
    Follow.objects.create(member=camille, article=article)
    make_comment(article, yannick, "N'est-ce pas, @camille ?")
    [notification] = Notification.objects.filter(recipient=camille)
    assert notification.kind == Notification.Kind.MENTION


def test_an_edit_notifies_only_the_members_it_adds(article, camille, yannick):
    make_member("dom"), make_member("eve")
    comment = make_comment(article, yannick, "Bonjour @camille")
    Notification.objects.update(read_at=timezone.now())
    mail.outbox.clear()
    edit(comment, "Bonjour @camille et @dom")
    assert [m.to for m in mail.outbox] == [["dom@example.com"]]
    assert Notification.objects.get(recipient=camille).read_at is not None  # not again
    # Taking a name out and putting it back does not notify twice either.
    edit(comment, "Bonjour @camille")
    edit(comment, "Bonjour @camille, @dom et @eve")
    assert [m.to for m in mail.outbox] == [["dom@example.com"], ["eve@example.com"]]
    assert Notification.objects.filter(kind=Notification.Kind.MENTION).count() == 3


def test_an_edit_does_not_notify_past_five_for_the_comment(article, yannick):
    members = [make_member(f"lecteur{n}") for n in range(8)]
    comment = make_comment(article, yannick, " ".join(f"@{m.username}" for m in members[:4]))
    edit(comment, " ".join(f"@{m.username}" for m in members))
    notified = Notification.objects.filter(kind=Notification.Kind.MENTION)
    assert set(notified.values_list("recipient", flat=True)) == {m.pk for m in members[:5]}


def test_an_edit_turns_a_followers_notification_into_the_mention(article, camille, yannick):
    Follow.objects.create(member=camille, article=article)
    comment = make_comment(article, yannick, "Un avis.")
    followed = Notification.objects.get(recipient=camille)
    assert followed.kind == Notification.Kind.FOLLOWED
    Notification.objects.update(read_at=timezone.now())
    mail.outbox.clear()
    edit(comment, "Un avis, @camille.")
    followed.refresh_from_db()
    assert followed.kind == Notification.Kind.MENTION and followed.read_at is None
    assert [m.subject for m in mail.outbox] == ["[Causerie] yannick vous a mentionné"]
    camille.refresh_from_db()
    assert camille.unread_notifications == 1


def test_no_email_for_a_mention_hidden_before_it_leaves(article, camille, yannick, moderator):
    from django.test import TestCase

    from moderation import services as moderation

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        comment, _created = services.post_comment(article, yannick, "@camille !")
    moderation.hide(comment, moderator, "Hors sujet")
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        for callback in callbacks:
            callback()
    assert mail.outbox == []
    camille.refresh_from_db()
    assert camille.unread_notifications == 0


def test_the_ignoring_hook_filters_the_members_told(article, camille, yannick, monkeypatch):
    monkeypatch.setattr(
        notifications, "not_ignoring", lambda members, author_id: members.exclude(pk=camille.pk)
    )
    dom = make_member("dom")
    make_comment(article, yannick, "@camille @dom")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [dom.pk]


def _post_counting(article, author, body):
    from django.test import TestCase

    with (
        CaptureQueriesContext(connection) as queries,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        services.post_comment(article, author, body)
    return len(queries)


def test_fixed_queries_whatever_the_number_of_mentions(article, yannick, settings):
    settings.NOTIFICATION_EMAIL_ATTEMPTS = 1
    members = [make_member(f"lecteur{n:02}") for n in range(20)]
    Member.objects.update(email_on_mention=False)  # the emails' own queries aside
    few = _post_counting(article, yannick, "@lecteur00 @lecteur01")
    many = _post_counting(article, yannick, " ".join(f"@{m.username}" for m in members))
    assert few == many
    # An edit too.
    comment = make_comment(article, yannick, "rien")
    with CaptureQueriesContext(connection) as few:
        edit(comment, "@lecteur00 @lecteur01")
    comment = make_comment(article, yannick, "rien")
    with CaptureQueriesContext(connection) as many:
        edit(comment, " ".join(f"@{m.username}" for m in members))
    assert len(few) == len(many)


# Completion -------------------------------------------------------------------------------------


def test_completion_offers_listed_members_by_prefix(camille):
    for name in ["camelia", "Camembert", "cameron", "carla", "c4mille"]:
        make_member(name)
    make_member("camouflee", verified=False)
    make_member("cameo_parti", is_active=False)
    client = Client()
    client.force_login(camille)
    url = reverse("accounts:suggestions")
    response = client.get(url, {"q": "CAM"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    options = html_elements(response.text, "li")
    assert [attr(o, "data-username") for o in options] == [
        "camelia",
        "Camembert",
        "cameron",
        "camille",
    ]
    assert all(attr(o, "role") == "option" and attr(o, "id") for o in options)
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]
    # Without htmx: a page of links to their profiles.
    page = client.get(url, {"q": "cam"}).text
    assert "<html" in page and f'href="{profile(camille)}"' in page


@pytest.mark.parametrize("q", ["", "c", "@c", "c" * 151, "c<", "c%"])
def test_completion_needs_two_characters_of_a_name(camille, q):
    make_member("cc_membre")
    response = Client().get(
        reverse("accounts:suggestions"), {"q": q}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert html_elements(response.text, "li") == []


def test_completion_is_bounded_fixed_in_queries_and_rate_limited(db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "member_lookup": (3, 60)}
    for n in range(12):
        make_member(f"martin{n:02}")
    client = Client()
    url = reverse("accounts:suggestions")
    client.get(url, {"q": "zz"}, headers={"HX-Request": "true"})  # the quota's window opens
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "@mar"}, headers={"HX-Request": "true"})
    assert len(html_elements(response.text, "li")) == 8
    with CaptureQueriesContext(connection) as fewer:
        client.get(url, {"q": "martin01"}, headers={"HX-Request": "true"})
    assert len(queries) == len(fewer)
    refused = client.get(url, {"q": "marti"}, headers={"HX-Request": "true"})
    assert refused.status_code == 429
    assert html_elements(refused.text, "li") == []


def test_the_comment_field_says_where_completion_comes_from(article, camille):
    client = Client()
    client.force_login(camille)
    page = client.get(article.get_absolute_url()).text
    [field] = html_elements(page, "textarea", name="body")
    assert attr(field, "data-mentions") == reverse("accounts:suggestions")
    assert attr(field, "role") is None  # a plain textarea until the script makes it a combobox
