"""Ranks, reputation, public profiles, avatars and leaving the site."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertInHTML

from accounts.models import Member, Rank
from articles.models import ArticleVote
from comments import services
from comments.models import Comment, CommentVote

from .conftest import PASSWORD, french, make_comment, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(db):
    """A short ladder, easy to climb in a test."""
    Rank.objects.filter(is_staff_rank=False).delete()
    return {
        "new": Rank.objects.create(name="Débutant", position=0),
        "club": Rank.objects.create(name="Habitué", position=1, min_messages=2),
        "known": Rank.objects.create(name="Reconnu", position=2, min_messages=2, min_reputation=2),
    }


def rank_of(member):
    member.refresh_from_db()
    return member.rank.name if member.rank else None


def test_messages_move_the_rank_up_and_removal_moves_it_down(ladder, article, camille):
    assert rank_of(camille) == "Débutant"
    make_comment(article, camille, "Un")
    second = make_comment(article, camille, "Deux")
    assert rank_of(camille) == "Habitué"
    assert camille.message_count == 2
    services.delete_comment(second)
    assert rank_of(camille) == "Débutant"
    assert camille.message_count == 1


def test_reputation_moves_the_rank_and_stays_exact(
    ladder, article, camille, yannick, editor, instant_votes
):
    first = make_comment(article, camille, "Un")
    make_comment(article, camille, "Deux")
    services.record_vote(first, yannick, 1)
    services.record_vote(first, editor, 1)
    assert rank_of(camille) == "Reconnu"
    assert camille.reputation == 2
    services.record_vote(first, editor, -1)  # switched
    camille.refresh_from_db()
    assert camille.reputation == 0
    assert rank_of(camille) == "Habitué"
    services.record_vote(first, editor, -1)  # taken back
    camille.refresh_from_db()
    assert camille.reputation == 1
    # Votes on a comment that is no longer visible do not count.
    services.delete_comment(first)
    camille.refresh_from_db()
    assert camille.reputation == 0


def test_staff_ranks_and_overrides_win_over_numbers(ladder, article, camille, client, admin_member):
    moderator = Rank.objects.get(name="Modérateur")
    camille.rank_override = moderator
    camille.save()
    make_comment(article, camille)
    make_comment(article, camille)
    assert rank_of(camille) == "Modérateur"
    client.force_login(admin_member)
    client.post(
        reverse("admin:accounts_member_changelist"),
        {"action": "clear_rank_override", "_selected_action": [camille.pk]},
    )
    assert rank_of(camille) == "Habitué"


def test_editing_the_ladder_reranks_everyone_in_a_fixed_number_of_queries(
    ladder, article, django_assert_num_queries
):
    members = [make_member(f"membre{i}") for i in range(3)]
    for member in members:
        make_comment(article, member)
        make_comment(article, member)
    club = ladder["club"]
    club.min_messages = 3
    # save the rank, read the ladder, one UPDATE of everyone, one UPDATE of the discussions'
    # versions (ranks show beside comments), in a transaction of its own (savepoint, release)
    with django_assert_num_queries(6):
        club.save()
    assert {rank_of(m) for m in members} == {"Débutant"}
    # Twenty more members, as rows (how a member is made is not the subject here).
    more = Member.objects.bulk_create(
        Member(username=f"autre{i}", email=f"autre{i}@example.com", rank=ladder["new"])
        for i in range(20)
    )
    club.min_messages = 0
    with django_assert_num_queries(6):
        club.save()
    assert {rank_of(m) for m in members + more} == {"Habitué"}


def test_ladder_page_and_admin(client, admin_member):
    page = client.get(reverse("accounts:ranks")).text
    for name in ["Nouveau membre", "Membre averti", "Expert éminent sénior", "Modérateur"]:
        assert name in page
    client.force_login(admin_member)
    response = client.get(reverse("admin:accounts_rank_changelist"))
    assert "Membre éclairé" in response.text
    response = client.get(
        reverse("admin:accounts_member_changelist"),
        {"rank__id__exact": Rank.objects.get(name="Responsable").pk},
    )
    assert response.status_code == 200


# Profiles -------------------------------------------------------------------------------------


def test_public_profile(client, article, camille, yannick, instant_votes):
    camille.website = "https://camille.example.org"
    camille.bio = "Développeuse **Rust**. <script>alert(1)</script>"
    camille.save()
    comment = make_comment(article, camille, "Mon dernier message")
    services.record_vote(comment, yannick, 1)
    page = client.get(camille.get_absolute_url()).text
    assertInHTML("<h1>camille</h1>", page)
    assert "Nouveau membre" in page
    assertInHTML(
        '<a href="https://camille.example.org" rel="ugc nofollow noopener">'
        "https://camille.example.org</a>",
        page,
    )
    # The biography's Markdown rendered, its HTML shown as text.
    assertInHTML(
        "<p>Développeuse <strong>Rust</strong>. &lt;script&gt;alert(1)&lt;/script&gt;</p>", page
    )
    assert "<script>alert(1)" not in page
    assert "Mon dernier message" in page
    assert f'href="{comment.get_absolute_url()}"' in page
    assertInHTML("<dt>Réputation</dt><dd>1</dd>", page)
    assert client.get(reverse("accounts:profile", args=[99999])).status_code == 404


def test_own_profile_shows_the_way_to_the_next_rank(client, camille):
    client.force_login(camille)
    page = client.get(camille.get_absolute_url()).text
    assert french("Encore 5 messages pour devenir Membre du Club.") in page


def test_members_list_sorts_and_paginates(client, article, camille, yannick):
    Member.objects.filter(pk=camille.pk).update(date_joined=timezone.now() - timedelta(days=2))
    Member.objects.filter(pk=yannick.pk).update(date_joined=timezone.now() - timedelta(days=1))
    make_comment(article, yannick)
    page = client.get(reverse("accounts:members"), {"tri": "messages"}).text
    assert page.index("yannick") < page.index("camille")
    page = client.get(reverse("accounts:members"), {"tri": "date"}).text
    assert page.index("yannick") < page.index("camille")
    assert (
        client.get(reverse("accounts:members"), {"tri": "'; DROP", "page": "x"}).status_code == 200
    )


def test_profile_edit_refuses_dangerous_websites(client, camille):
    client.force_login(camille)
    for website in ["javascript:alert(1)", "data:text/html,<b>x</b>"]:
        response = client.post(reverse("accounts:account"), {"website": website, "bio": ""})
        assert "Saisissez une URL valide." in response.text
    camille.refresh_from_db()
    assert camille.website == ""


# Avatars -----------------------------------------------------------------------------------------


def image_file(name="avatar.png", kind="PNG", size=(300, 200), exif=False, content_type=None):
    buffer = BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "AppareilSecret"  # camera maker
        options["exif"] = data.tobytes()
    image.save(buffer, kind, **options)
    types = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type or types[kind])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, file):
    return client.post(reverse("accounts:account"), {"website": "", "bio": "", "new_avatar": file})


def test_avatar_is_cropped_resized_and_stripped(client, camille, media):
    client.force_login(camille)
    response = upload(client, image_file("photo.jpg", "JPEG", (640, 480), exif=True))
    assert response.status_code == 302
    camille.refresh_from_db()
    with Image.open(camille.avatar.path) as large, Image.open(camille.avatar_small.path) as small:
        assert large.size == (256, 256)
        assert small.size == (96, 96)
        assert large.format == "WEBP"
        assert not large.getexif()
    page = client.get(camille.get_absolute_url()).text
    assert camille.avatar.url in page


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image", content_type="image/png"),
            french("Ce fichier n'est pas une image lisible."),
        ),
        (
            image_file("faux.png", "JPEG", content_type="image/png"),
            french(
                "Ce fichier se présente comme une image d'un type mais en est une autre (JPEG)."
            ),
        ),
        (
            image_file("anim.gif", "PNG", content_type="image/gif"),
            french("Ce fichier se présente comme une image d'un type mais en est une autre (PNG)."),
        ),
        (
            image_file("geant.png", "PNG", size=(5000, 4000)),
            french("L'image a trop de pixels : 16 mégapixels au plus."),
        ),
    ],
)
def test_bad_avatars_are_refused_and_nothing_is_stored(client, camille, media, file, message):
    client.force_login(camille)
    response = upload(client, file)
    assert response.status_code == 200
    assert message in response.text.replace("&#x27;", "'")
    camille.refresh_from_db()
    assert not camille.avatar
    assert not list(media.rglob("*.webp"))


def test_oversized_avatar_file_is_refused(client, camille, media):
    client.force_login(camille)
    big = SimpleUploadedFile(
        "lourd.png", b"\x89PNG" + b"0" * (10 * 1024 * 1024 + 1), content_type="image/png"
    )
    response = upload(client, big)
    assert french("L'image est trop lourde : 10 Mo au plus.") in response.text.replace(
        "&#x27;", "'"
    )


def test_comment_list_shows_ranks_and_avatars_in_fixed_queries(
    client, article, media, django_assert_num_queries
):
    authors = [make_member(f"auteur{i}") for i in range(3)]
    authors[0].avatar_small = "avatars/x-96.webp"
    authors[0].avatar = "avatars/x-256.webp"
    authors[0].save()
    for author in authors:
        make_comment(article, author)
    # After a change: the versions (the right column's with them), what is cached of the page
    # and its discussion (one look; the page outlives its discussion's version: the article
    # is not read again), the discussion's comments (one page: all of them in one query,
    # authors and ranks joined), the cache written.
    client.get(article.get_absolute_url())
    from articles.models import Article

    Article.objects.filter(pk=article.pk).touch()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(article.get_absolute_url()).text
    assert len(queries) == 4, "\n".join(q["sql"][:200] for q in queries.captured_queries)
    # Twenty more authors and their comments, as rows (the posting path is not the subject
    # here), then their counts and ranks as posting leaves them.
    Member.objects.bulk_create(
        Member(username=f"encore{i}", email=f"encore{i}@example.com") for i in range(20)
    )
    more = list(Member.objects.filter(username__startswith="encore"))
    Comment.objects.bulk_create(
        Comment(article=article, author=author, body="Un avis.", body_html="<p>Un avis.</p>")
        for author in more
    )
    services.recount_comments([article.pk])
    services.refresh_standing(*(m.pk for m in more))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(article.get_absolute_url()).text
    # as above, and the right column made again (its latest comments changed): one statement
    assert len(queries) == 5, "\n".join(q["sql"][:200] for q in queries.captured_queries)
    assertInHTML('<span class="rank">Nouveau membre</span>', page, count=23)
    assert "/media/avatars/x-96.webp" in page


# Leaving ---------------------------------------------------------------------------------------


def test_leaving_and_keeping_comments(client, article, camille, yannick, instant_votes):
    mine = make_comment(article, camille, "Je reste, signé membre supprimé.")
    theirs = make_comment(article, yannick, "Un avis")
    services.record_vote(theirs, camille, 1)
    client.force_login(camille)
    response = client.post(reverse("accounts:delete"), {"comments": "keep", "password": PASSWORD})
    assert response.status_code == 302
    assert not Member.objects.filter(username="camille").exists()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    yannick.refresh_from_db()
    assert mine.author is None and mine.is_visible
    assert (theirs.upvotes, yannick.reputation) == (0, 0)
    assert not CommentVote.objects.exists()
    page = client.get(article.get_absolute_url()).text
    assert "Je reste, signé membre supprimé." in page
    assert "membre supprimé" in page


def test_leaving_and_removing_comments_keeps_the_replies_context(client, article, camille, yannick):
    mine = make_comment(article, camille, "À effacer")
    make_comment(article, yannick, "Une réponse qui reste", parent=mine)
    ArticleVote.objects.create(article=article, member=camille, value=1)
    type(article).objects.filter(pk=article.pk).update(upvotes=1)
    client.force_login(camille)
    client.post(reverse("accounts:delete"), {"comments": "remove", "password": PASSWORD})
    mine.refresh_from_db()
    article.refresh_from_db()
    assert mine.status == Comment.Status.DELETED
    assert (article.comment_count, article.upvotes) == (1, 0)
    page = client.get(article.get_absolute_url()).text
    assert "À effacer" not in page
    assert "Message supprimé par son auteur" in page
    assert "Une réponse qui reste" in page


def test_leaving_needs_the_password_and_editors_must_ask(client, camille, editor, article):
    client.force_login(camille)
    response = client.post(reverse("accounts:delete"), {"comments": "keep", "password": "non"})
    assert french("Ce n'est pas votre mot de passe.") in response.text.replace("&#x27;", "'")
    assert Member.objects.filter(pk=camille.pk).exists()
    client.force_login(editor)
    response = client.post(reverse("accounts:delete"), {"comments": "keep", "password": PASSWORD})
    assert "Vous avez écrit des articles" in response.text
    assert Member.objects.filter(pk=editor.pk).exists()
