"""The article page is served from the cache, and every change it shows makes the cached copy
unreachable at once: each source of change, for an anonymous reader and for a member."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.cache import local
from accounts.models import Member, Rank
from articles import services as article_services
from articles.models import Article, ArticleRead, Category, ErrorReport, RelatedArticle
from comments import services
from comments.models import Comment, CommentVote
from moderation import services as moderation

from .conftest import french, make_article, make_comment, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def scene(article, editor, camille, yannick):
    comment = make_comment(article, yannick, "Le premier avis")
    return {
        "article": article,
        "editor": editor,
        "camille": camille,
        "yannick": yannick,
        "comment": comment,
    }


def _readers(camille):
    anonymous, member = Client(), Client()
    member.force_login(make_member("lectrice"))
    return {"anonymous": anonymous, "member": member}


def _page(client, article):
    return client.get(article.get_absolute_url()).text


def change_post(s):
    make_comment(s["article"], s["camille"], "Un tout nouvel avis")
    return "Un tout nouvel avis"


def change_edit(s):
    services.edit_comment(s["comment"], "Un avis revu et corrigé")
    return "Un avis revu et corrigé"


def change_delete(s):
    make_comment(s["article"], s["camille"], "Une réponse", parent=s["comment"])
    services.delete_comment(s["comment"])
    return "Message supprimé par son auteur"


def change_hide(s):
    moderation.hide(s["comment"], _moderator(), "Hors sujet")
    return None, "Le premier avis"  # gone


def change_restore(s):
    moderator = _moderator()
    moderation.hide(s["comment"], moderator, "Hors sujet")
    Client().get(s["article"].get_absolute_url())  # cached while hidden
    moderation.restore(s["comment"], moderator)
    return "Le premier avis"


def change_delete_for_good(s):
    moderation.delete(s["comment"], _moderator(), "Spam")
    return None, "Le premier avis"


def change_comment_vote(s):
    services.record_vote(s["comment"], s["camille"], 1)
    return f'id="votes-{s["comment"].pk}"', '<span class="vote__count">1</span>'


def change_article_vote(s):
    article_services.record_vote(s["article"], s["camille"], -1)
    return french("Voter contre (1 vote)")


def change_share(s):
    article_services.record_share(s["article"], "m1", "x")
    return "<strong>1</strong> PARTAGE"


def change_article_edit(s):
    article = Article.objects.get(pk=s["article"].pk)
    article.body = "Un corps **réécrit** par la rédaction."
    article.save()
    return "<strong>réécrit</strong>"


def change_correction(s):
    report = ErrorReport.objects.create(article=s["article"], message="Une coquille")
    report.correct(s["editor"], "La date était fausse.")
    return "La date était fausse."


def change_author_name(s):
    yannick = Member.objects.get(pk=s["yannick"].pk)
    yannick.username = "yannick_renomme"
    yannick.save()
    return "yannick_renomme"


def change_article_author_name(s):
    editor = Member.objects.get(pk=s["editor"].pk)
    editor.username = "redaction_renommee"
    editor.save()
    return "redaction_renommee"  # "par …" under the title


def change_author_website(s):
    yannick = Member.objects.get(pk=s["yannick"].pk)
    yannick.website = "https://nouveau-site.example.org"
    yannick.save()
    return "nouveau-site.example.org"


def change_author_avatar(s):
    yannick = Member.objects.get(pk=s["yannick"].pk)
    yannick.avatar_small.save("y-96.webp", ContentFile(b"x"), save=False)
    yannick.save()
    return "y-96.webp"


def change_author_rank(s):
    moderation.give_rank(Member.objects.get(pk=s["yannick"].pk), _admin(), _staff_rank())
    return "Rang de la maison"


def change_ladder(s):
    rank = Rank.objects.get(name="Nouveau membre")
    rank.name = "Tout nouveau"
    rank.save()
    return "Tout nouveau"


def change_author_leaves(s):
    Member.objects.get(pk=s["yannick"].pk).delete()
    return "membre supprimé"


def change_see_also_title(s):
    other = make_article(s["editor"], "voisin", title="Un voisin")
    RelatedArticle.objects.create(article=s["article"], target=other)
    Client().get(s["article"].get_absolute_url())  # cached with the old title
    other = Article.objects.get(pk=other.pk)
    other.title = "Un voisin renommé"
    other.save()
    return "Un voisin renommé"


def change_scheduled_publication(s):
    soon = timezone.now() + timedelta(seconds=2)
    make_article(s["editor"], "prochain", title="Le prochain titre", published_at=soon)
    Client().get(s["article"].get_absolute_url())  # cached before it comes out
    Article.objects.filter(slug="prochain").update(published_at=timezone.now())  # its time came
    return "Le prochain titre"  # "see also": the latest of the category


def change_category_name(s):
    category = Category.objects.get(pk=s["article"].category_id)
    category.name = "Langages et outils"
    category.save()
    return "Langages et outils"


def _moderator():
    member = make_member("modo_cache", is_staff=True)
    member.groups.add(Group.objects.get(name="Modérateurs"))
    return member


def _admin():
    return make_member("admin_cache", is_staff=True, is_superuser=True)


def _staff_rank():
    return Rank.objects.create(name="Rang de la maison", is_staff_rank=True)


CHANGES = [
    change_post,
    change_edit,
    change_delete,
    change_hide,
    change_restore,
    change_delete_for_good,
    change_comment_vote,
    change_article_vote,
    change_share,
    change_article_edit,
    change_correction,
    change_author_name,
    change_article_author_name,
    change_author_website,
    change_author_avatar,
    change_author_rank,
    change_ladder,
    change_author_leaves,
    change_see_also_title,
    change_scheduled_publication,
    change_category_name,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__[7:] for c in CHANGES])
@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_every_change_shows_on_the_next_page(scene, change, reader, media):
    clients = _readers(scene["camille"])
    client = clients[reader]
    first = client.get(scene["article"].get_absolute_url())
    if reader == "anonymous":  # the same page again: from the cache
        again = client.get(scene["article"].get_absolute_url())
        assert again.headers["ETag"] == first.headers["ETag"]
    expected = change(scene)
    shown, gone = expected if isinstance(expected, tuple) else (expected, None)
    for fresh_process in (False, True):
        if fresh_process:
            local.clear()  # another server process: only the shared cache
        page = _page(client, scene["article"])
        if shown and shown.startswith("id="):  # a comment's vote widget: look inside it
            page = page[page.index(shown) :]
            page = page[: page.index("</form>")]
            shown = gone
            gone = None
        if shown:
            assert shown in page, (change.__name__, reader)
        if gone:
            assert gone not in page, (change.__name__, reader)


def test_the_anonymous_page_is_the_same_bytes_but_its_token_and_nonce(client, scene):
    article = scene["article"]
    first = client.get(article.get_absolute_url())
    other = Client().get(article.get_absolute_url())
    assert first.headers["ETag"] == other.headers["ETag"]
    assert first.cookies["csrftoken"].value != other.cookies["csrftoken"].value
    nonce = first.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in first.text and "\x00" not in first.text
    assert first.text.count('name="csrfmiddlewaretoken"') > 2  # every form carries a token


def test_the_log_in_box_of_a_cached_page_takes_its_token(scene, camille):
    """The token put in a cached page (accounts.csrf) is one Django's check accepts: for a
    reader whose first page gave them the cookie, and for one who had it already."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS

    article = scene["article"]
    reader = Client(enforce_csrf_checks=True)
    for visit in ("first", "again"):
        page = reader.get(article.get_absolute_url())
        assert visit == "again" or "csrftoken" in page.cookies  # a new secret, sent
        box = page.text.split('class="login-box"', 1)[1]
        token = box.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        response = reader.post(
            reverse("account_login"),
            {"login": "camille", "password": "nope", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 200  # the form again (a wrong password), not a 403
    response = reader.post(
        reverse("account_login"),
        {"login": "camille", "password": "x", "csrfmiddlewaretoken": "a" * 64},
    )
    assert response.status_code == 403


def test_csrf_secrets_and_masks_use_every_character_alike():
    """accounts.csrf draws its characters from random bytes: none is likelier than another
    (bytes past the last multiple of 62 are drawn again)."""
    from collections import Counter

    from accounts.csrf import _random_string

    counts = Counter("".join(_random_string() for _ in range(4000)))
    assert len(counts) == 62
    expected = 4000 * 32 / 62
    assert all(abs(count - expected) < 0.15 * expected for count in counts.values())


def test_a_browser_that_has_the_page_gets_a_304(client, scene):
    article = scene["article"]
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304
    make_comment(article, scene["camille"], "Du nouveau")
    changed = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert changed.status_code == 200 and "Du nouveau" in changed.text


def test_a_cached_page_never_carries_another_readers_things(client, scene):
    article = scene["article"]
    member = Client()
    member.force_login(scene["camille"])
    member_page = member.get(article.get_absolute_url()).text
    assert "camille" in member_page
    anonymous_page = client.get(article.get_absolute_url()).text
    assert 'class="member-menu' not in anonymous_page
    assert "login-box" in anonymous_page  # the header's log-in box, for the anonymous
    # A language chosen is its own page.
    client.cookies["django_language"] = "en"
    english = client.get(article.get_absolute_url()).text
    assert 'lang="en"' in english and "Le premier avis" in english
    # A reader with a message waiting (after an action) gets a page made for them.
    client.cookies["messages"] = "x"
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_nothing_cached_before_the_database_restarts_is_served_after(scene, reader, monkeypatch):
    """A vote's commit does not wait for the disk (settings.VOTES_WAIT_FOR_DISK): a crash of
    the database server may lose the versions its last votes moved, and the next changes move
    them to the same numbers again. Keys and ETags name the server's run
    (accounts.cache.incarnation: on PostgreSQL, when it started), so that nothing cached
    before its restart is served after it, from any process's memory or the shared cache."""
    from django.db import connection

    from accounts import cache
    from articles import views

    if connection.vendor == "postgresql":
        assert cache.incarnation()  # the server's start
    article, comment = scene["article"], scene["comment"]
    client = _readers(scene["camille"])[reader]
    first = client.get(article.get_absolute_url())
    assert "Le premier avis" in first.text
    # What a crash may leave: a change whose version is one that was cached already.
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>Un avis corrigé</p>")
    assert "Le premier avis" in _page(client, article)
    for module in (cache, views):  # the server restarted
        monkeypatch.setattr(module, "incarnation", lambda: "1234567890.5")
    page = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.get("ETag", ""))
    assert page.status_code == 200
    assert "Un avis corrigé" in page.text and "Le premier avis" not in page.text


def test_a_cache_that_is_down_costs_speed_not_the_page(client, scene, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "accounts.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    local.clear()
    response = client.get(scene["article"].get_absolute_url())
    assert response.status_code == 200 and "Le premier avis" in response.text


def test_other_parameters_get_a_page_of_their_own_not_a_shared_one(client, scene):
    article = scene["article"]
    tagged = client.get(article.get_absolute_url() + "?utm_source=lettre")
    assert "ETag" not in tagged.headers  # made for this address, not cached
    plain = client.get(article.get_absolute_url())
    assert "utm_source" not in plain.text and "ETag" in plain.headers
    odd = ["?page=123456789", "?tri=nimporte", "?page=abc", "?partage=x"]  # not its links
    # Digits that str.isdigit() takes: a superscript (int() refuses it), another script's
    # digit (int() reads it as 3), a leading zero: each would be one more address for a page.
    odd += ["?page=%C2%B2", "?page=%D9%A3", "?page=02", "?page=0002"]
    for address in odd:
        response = client.get(article.get_absolute_url() + address)
        assert response.status_code == 200 and "ETag" not in response.headers, address
    assert "ETag" in client.get(article.get_absolute_url() + "?page=2&tri=score").headers


def test_the_shared_cache_table_stays_bounded(db, settings):
    """The database cache writes without expiry (versioned keys are never rewritten): its
    table is culled past MAX_ENTRIES, looked at every CACHE_CULL_EVERY writes on average (at
    each one here)."""
    from django.db import connection

    from accounts.cache import DatabaseCache

    settings.CACHE_CULL_EVERY = 1
    small = DatabaseCache("causerie_cache", {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    for number in range(60):
        small.set(f"entry-{number}", "x" * 100)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM causerie_cache")
        assert cursor.fetchone()[0] <= 11
    assert small.get("entry-59") == "x" * 100  # what was just written is there


def test_the_settings_that_shape_a_discussion_are_part_of_the_anonymous_pages_key(
    client, settings, editor, yannick
):
    """Two server processes with different page sizes share the cache: each serves its own."""
    article = make_article(editor, "deux-fils")
    make_comment(article, yannick, "Premier fil.")
    make_comment(article, yannick, "Second fil.")
    settings.COMMENTS_PER_PAGE = 1
    assert client.get(article.get_absolute_url()).text.count('class="comment-item') == 1
    settings.COMMENTS_PER_PAGE = 50
    assert client.get(article.get_absolute_url()).text.count('class="comment-item') == 2


def _menu_name(page: str) -> str:
    return page.split('class="member-menu__name">', 1)[1].split("<", 1)[0]


def test_members_share_a_cached_frame_each_with_their_own_parts(scene):
    """A member's page is made from a frame cached for every member (the same article, page,
    language and theme): what is theirs is put in at each request, never another's."""
    article, camille, yannick = scene["article"], scene["camille"], scene["yannick"]
    staff = make_member("equipe", is_staff=True)
    Member.objects.filter(pk=camille.pk).update(unread_notifications=3)
    article_services.record_vote(article, camille, 1)
    clients = {}
    for member in (camille, yannick, staff):
        clients[member.username] = Client()
        clients[member.username].force_login(member)
    pages = {name: [_page(client, article) for _ in range(2)] for name, client in clients.items()}
    for name, (first, again) in pages.items():
        assert _menu_name(first) == _menu_name(again) == name
        tokens = [
            page.split('name="token" value="', 1)[1].split('"', 1)[0] for page in (first, again)
        ]
        assert tokens[0] != tokens[1]  # the comment form's one-time token: new each time
        assert "\x00" not in again
    camille_page = pages["camille"][1]
    assert 'bell__count">3<' in camille_page
    assert 'bell__count bell__count--zero">0<' in pages["yannick"][1]
    assert 'aria-pressed="true"' in camille_page.split('id="votes"', 1)[1].split("</form>", 1)[0]
    assert (
        'aria-pressed="true"'
        not in (pages["yannick"][1].split('id="votes"', 1)[1].split("</form>", 1)[0])
    )
    assert "/admin/" in pages["equipe"][1]
    assert "/admin/" not in camille_page and "/admin/" not in pages["yannick"][1]


def test_a_members_own_parts_change_with_what_they_show(scene):
    """The small parts a member's frame is filled with (their header, their vote on the
    article, their reading notice, the share count) are kept by each process under what they
    show (accounts.cache.remembered): each change shows on the next page, and the CSRF tokens
    in them are the request's own."""
    article, camille = scene["article"], scene["camille"]
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(camille)
    for _ in range(2):  # the second page from what the first left in memory
        page = _page(reader, article)
    assert 'bell__count bell__count--zero">0<' in page and "/admin/" not in page
    assert french("Vous avez lu 1 article depuis") in page

    Member.objects.filter(pk=camille.pk).update(unread_notifications=2)
    assert 'bell__count">2<' in _page(reader, article)
    article_services.record_vote(article, camille, 1)
    votes = _page(reader, article).split('id="votes"', 1)[1].split("</form>", 1)[0]
    assert 'aria-pressed="true"' in votes and '<span class="vote__count">1</span>' in votes
    article_services.record_share(article, "m1", "x")
    assert "<strong>1</strong> PARTAGE" in _page(reader, article)
    Member.objects.filter(pk=camille.pk).update(username="camille_renommee", is_staff=True)
    page = _page(reader, article)
    assert _menu_name(page) == "camille_renommee" and "/admin/" in page
    reader.get(make_article(scene["editor"], "autre").get_absolute_url())
    assert french("Vous avez lu 2 articles depuis") in _page(reader, article)

    # The comment form, rendered once per process for the article: the request's tokens.
    for text in ("Un avis par le formulaire", "Un second avis"):
        form = _page(reader, article).split('id="comment-form"', 1)[1].split("</form>", 1)[0]
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', form))
        response = reader.post(
            reverse("comments:add", args=[article.slug]), {"body": text, **fields}
        )
        assert response.status_code == 302 and text in _page(reader, article)

    reader.cookies["django_language"] = "en"
    page = _page(reader, article)
    assert "Log out" in page and "You have read 2 articles in the past" in page
    token = page.split('action="/compte/logout/"', 1)[1].split('value="', 1)[1]
    response = reader.post(reverse("account_logout"), {"csrfmiddlewaretoken": token[:64]})
    assert response.status_code == 302  # the request's token, not one remembered


def test_a_members_votes_are_pressed_on_the_page_and_no_others(scene):
    """The page reads a member's votes on its comments (their votes elsewhere are not its),
    for a reader and for an editor, whose state is read on its own."""
    article, camille = scene["article"], scene["camille"]
    liked = make_comment(article, scene["yannick"], "Un avis à soutenir")
    elsewhere = make_comment(make_article(scene["editor"], "ailleurs"), scene["yannick"])
    for member in (camille, scene["editor"]):  # an editor's state is read on its own
        services.record_vote(liked, member, 1)
        services.record_vote(scene["comment"], member, -1)
        services.record_vote(elsewhere, member, 1)
        reader = Client()
        reader.force_login(member)
        page = _page(reader, article)
        assert 'class="vote vote--up" aria-pressed="true"' in _widget(page, liked.pk)
        assert 'class="vote vote--down" aria-pressed="true"' in _widget(page, scene["comment"].pk)
        assert page.count('aria-pressed="true"') == 2
    # A vote cast by the code before votes kept their article (migration 0019 runs while it
    # still serves) is pressed too.
    CommentVote.objects.filter(member=camille, comment=liked).update(article=None)
    Article.objects.filter(pk=article.pk).touch()
    reader = Client()
    reader.force_login(camille)
    page = _page(reader, article)
    assert 'class="vote vote--up" aria-pressed="true"' in _widget(page, liked.pk)
    assert page.count('aria-pressed="true"') == 2


def _widget(page: str, pk: int) -> str:
    return page.split(f'id="votes-{pk}"', 1)[1].split("</form>", 1)[0]


def test_a_members_frame_outlives_its_discussions_versions(scene):
    """What a discussion's version changes around it in a member's page (the heading's count,
    the sort links, when the discussion was made, which the live notice counts from) is put in
    the frame at each request: a new comment shows there at once, and makes no new frame."""
    article = make_article(scene["editor"], "calme", title="Un article calme")
    reader = Client()
    reader.force_login(scene["camille"])
    page = _page(reader, article)
    assert french("Aucun commentaire") in page and 'class="sort"' not in page
    since = re.search(r'data-since="([^"]+)"', page).group(1)
    make_comment(article, scene["yannick"], "Le tout premier avis")
    page = _page(reader, article)
    assert french("1 commentaire") in page and "Le tout premier avis" in page
    assert 'class="sort"' in page and "?tri=score#commentaires" in page
    assert re.search(r'data-since="([^"]+)"', page).group(1) > since
    make_comment(article, scene["yannick"], "Un deuxième avis")
    page = _page(reader, article)
    assert french("2 commentaires") in page
    page = reader.get(article.get_absolute_url() + "?tri=score").text
    assert 'href="?tri=date#commentaires"' in page and "\x00" not in page
    frames = [key for key in local.entries if ":frame:" in key]
    assert len(frames) == 2  # one for each order, made once each


def test_an_anonymous_page_outlives_its_discussions_versions(client, scene, settings):
    """The anonymous page is cached whatever its discussion's version: what a version changes
    around the discussion (heading, sort links, pagination, the live notice's time) and the
    article's counts are put in as it leaves, new at once; its ETag still moves."""
    settings.COMMENTS_PER_PAGE = 2
    article = make_article(scene["editor"], "calme", title="Un article calme")
    first = client.get(article.get_absolute_url())
    page = first.text
    assert french("Aucun commentaire") in page and 'class="sort"' not in page
    assert 'class="pagination"' not in page
    since = re.search(r'data-since="([^"]+)"', page).group(1)
    for number in range(1, 4):
        make_comment(article, scene["yannick"], f"Avis numéro {number}")
    article_services.record_vote(article, scene["camille"], 1)
    article_services.record_share(article, "m1", "x")
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert response.status_code == 200  # a new version: not the browser's copy
    page = response.text
    assert french("3 commentaires") in page and 'class="sort"' in page
    assert "Page 1 sur 2" in page and "?page=2#commentaires" in page
    assert re.search(r'data-since="([^"]+)"', page).group(1) > since
    assert "<strong>1</strong> PARTAGE" in page
    votes = page.split('id="votes"', 1)[1].split("</form>", 1)[0]
    assert '<span class="vote__count">1</span>' in votes and 'name="csrfmiddlewaretoken"' in votes
    assert "\x00" not in page
    second = client.get(article.get_absolute_url() + "?page=2").text
    assert "Avis numéro 3" in second and "Page 2 sur 2" in second
    pages = [key for key in local.entries if ":page:" in key]
    assert len(pages) == 2  # one for each address, made once each


def test_a_page_rendered_after_a_change_it_was_not_asked_for_is_not_kept(scene, monkeypatch):
    """The anonymous page is keyed by what versions_of() read, then rendered from the article
    read again: a discussion closed in between gives a closed page, served once but never
    kept under the open key (it would come back once the discussion is open again)."""
    from articles import views

    article, original = scene["article"], views._reader_article

    def closing_meanwhile(request, slug):
        Article.objects.filter(pk=article.pk).close_discussions()  # a moderator, meanwhile
        return original(request, slug)

    monkeypatch.setattr(views, "_reader_article", closing_meanwhile)
    closed = "Cette discussion est fermée"
    assert closed in _page(Client(), article)  # read open, rendered closed: as it now is
    monkeypatch.setattr(views, "_reader_article", original)
    Article.objects.filter(pk=article.pk).open_discussions()
    page = _page(Client(), article)
    assert closed not in page and 'id="live-notice"' in page


def test_an_address_that_repeats_a_parameter_gets_a_page_of_its_own(client, scene):
    """?page=1&page=1… is not what the page's links write: made for it, never cached (each
    such address would otherwise be one more entry in each process's memory)."""
    url = scene["article"].get_absolute_url()
    response = client.get(url + "?page=1&page=1")
    assert response.status_code == 200 and "ETag" not in response.headers
    assert "ETag" in client.get(url + "?page=1").headers


def test_a_members_follow_button_new_comments_and_messages_are_theirs(scene):
    article, camille, yannick = scene["article"], scene["camille"], scene["yannick"]
    reader, other = Client(), Client()
    reader.force_login(camille)
    other.force_login(yannick)  # who follows: he wrote in it
    outsider = Client()
    outsider.force_login(make_member("de_passage"))
    for client in (reader, other, outsider):
        _page(client, article)  # their first visit: the frame is cached
    response = reader.post(reverse("comments:follow", args=[article.slug]), follow=True)
    # a message waiting: the page is made for them, and shows it, once
    assert 'class="message message--success"' in response.text
    assert 'class="message message--success"' not in _page(reader, article)
    assert "Vous suivez la discussion" in _page(reader, article)
    assert "Vous suivez la discussion" in _page(other, article)
    assert "Vous suivez la discussion" not in _page(outsider, article)
    # Something new since each one's last visit: their own line, to their own first unread.
    ArticleRead.objects.filter(member=camille).update(
        seen_until=timezone.now() - timedelta(hours=1)
    )
    new = make_comment(article, make_member("nouvelle_voix"), "Tout frais")
    for client, first_unread in ((reader, scene["comment"]), (other, new)):
        line = _page(client, article).split('class="new-comments"', 1)[1].split("</p>", 1)[0]
        assert f'href="#comment-{first_unread.pk}"' in line


def test_an_anonymous_page_whose_discussion_was_evicted_is_made_again_whole(client, scene):
    """The anonymous page is cached without its discussion (cached once, on its own): if the
    shared cache evicted the discussion and kept the page, the page is made again, whole."""
    from django.core.cache import cache

    article = scene["article"]
    assert "Le premier avis" in _page(client, article)
    discussions = [key for key in _shared_keys() if ":discussion:" in key]
    assert discussions
    cache.delete_many(discussions)
    local.clear()
    page = _page(client, article)
    assert "Le premier avis" in page and "\x00" not in page


def _shared_keys() -> list[str]:
    from django.core.cache import cache
    from django.db import connection

    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis
        client = cache._cache.get_client()
        return [key.decode().split(":", 2)[2] for key in client.keys("*")]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {cache._table}")
        return [row[0].split(":", 2)[2] for row in cursor.fetchall()]


def test_a_moderators_frame_is_not_an_ordinary_members(scene):
    """Moderators see the hidden comments (their discussion is made for them): a frame made
    for one must not give others what shows only with those comments (the sort links over a
    discussion that has nothing to sort for them), nor the other way round."""
    article, moderator = scene["article"], _moderator()
    moderation.hide(scene["comment"], moderator, "Hors sujet")
    modo, reader = Client(), Client()
    modo.force_login(moderator)
    reader.force_login(make_member("lectrice"))
    assert "?tri=score" in _page(modo, article)  # the hidden comment is there, to sort
    assert "?tri=score" not in _page(reader, article)
    local.clear()
    from django.core.cache import cache

    cache.clear()
    assert "?tri=score" not in _page(reader, article)
    assert "?tri=score" in _page(modo, article)


def test_the_anonymous_discussion_is_the_same_bytes_for_every_reader(scene):
    """Its vote forms carry no CSRF token (an anonymous vote only leads to the log-in page),
    so that the megabyte of a long discussion is sent as it is to every anonymous reader; the
    page's own forms (log-in box, language, theme) have the reader's token."""
    article = scene["article"]
    pages = [Client().get(article.get_absolute_url()).text for _ in range(2)]
    discussions = [page.split('id="comment-list"', 1)[1].split("</ol>", 1)[0] for page in pages]
    assert discussions[0] == discussions[1] and 'id="votes-' in discussions[0]
    assert "csrfmiddlewaretoken" not in discussions[0]
    assert pages[0].count('name="csrfmiddlewaretoken"') >= 3


def test_an_anonymous_vote_without_a_token_leads_to_log_in_and_a_members_is_refused(scene):
    comment = scene["comment"]
    url = reverse("comments:vote", args=[comment.pk])
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(url, {"value": "up"})
    assert response.status_code == 302 and reverse("account_login") in response.url
    member = Client(enforce_csrf_checks=True)
    member.force_login(scene["camille"])
    assert member.post(url, {"value": "up"}).status_code == 403  # no token: CSRF still holds
    page = member.get(scene["article"].get_absolute_url()).text
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert member.post(url, {"value": "up", "csrfmiddlewaretoken": token}).status_code == 302
    comment.refresh_from_db()
    assert comment.upvotes == 1
