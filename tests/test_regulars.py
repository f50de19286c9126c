"""A newcomer who wants to answer, and a regular who comes back: what keeps the thread."""

import io
import random
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import ArticleRead
from comments.models import Comment

from .conftest import french, html_elements, make_article, make_comment, make_member

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


# The newcomer ----------------------------------------------------------------------------------


@pytest.fixture
def newcomer_rules(settings):
    settings.NEWCOMER_DAYS = timedelta(days=3)
    settings.NEWCOMER_POSTS_PER_HOUR = 3


def post(client, article, body, parent=None, **headers):
    data = {"body": body, **({"parent": parent.pk} if parent else {})}
    return client.post(reverse("comments:add", args=[article.slug]), data, **headers)


def test_a_newcomer_at_the_quota_can_answer_whoever_replied(
    client, article, yannick, newcomer_rules
):
    nouveau = make_member("nouveau")
    client.force_login(nouveau)
    mine = [make_comment(article, nouveau, f"Message {i}") for i in range(3)]
    response = post(client, article, "Un quatrième")
    text = response.text.replace("&#x27;", "'")
    assert french("Les nouveaux membres publient au plus 3 commentaires par heure") in text
    assert french("dans 60 minutes") in text  # the refusal says when it ends
    answer = make_comment(article, yannick, "Je vous réponds", parent=mine[0])
    response = post(client, article, "Merci de votre réponse", parent=answer)
    assert Comment.objects.filter(author=nouveau, parent=answer).exists(), response.text
    # A deleted message gives its slot back.
    client.post(reverse("comments:delete", args=[mine[1].pk]))
    post(client, article, "Un nouveau départ")
    assert Comment.objects.filter(author=nouveau, body="Un nouveau départ").exists()


def test_a_newcomer_may_give_a_website(client, newcomer_rules):
    nouveau = make_member("nouveau")
    client.force_login(nouveau)
    response = client.post(
        reverse("accounts:account"), {"website": "https://nouveau.example.org", "bio": ""}
    )
    assert response.status_code == 302
    nouveau.refresh_from_db()
    assert nouveau.website == "https://nouveau.example.org"


def test_a_phone_photo_of_5_mb_is_taken_and_resized(client, camille, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    noise = random.Random(7).randbytes(2600 * 1950 * 3)
    photo = io.BytesIO()
    Image.frombytes("RGB", (2600, 1950), noise).save(photo, "JPEG", quality=95)
    assert photo.tell() > 5 * 1024 * 1024
    client.force_login(camille)
    upload = SimpleUploadedFile("IMG_2041.jpg", photo.getvalue(), content_type="image/jpeg")
    response = client.post(
        reverse("accounts:account"), {"website": "", "bio": "", "new_avatar": upload}
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    with Image.open(camille.avatar.path) as avatar:
        assert avatar.size == (256, 256)


# Replies in place land where a reload shows them --------------------------------------------


def test_a_reply_in_place_lands_after_the_replies_already_there(client, article, camille, yannick):
    parent = make_comment(article, yannick, "La question")
    make_comment(article, yannick, "Une première réponse", parent=parent)
    page = client.get(article.get_absolute_url()).text
    # The slot for replies posted in place comes after the replies already shown.
    assert page.index("Une première réponse") < page.index(f'id="new-replies-{parent.pk}"')
    client.force_login(camille)
    response = post(client, article, "Ma réponse", parent=parent, headers=HTMX)
    [heading] = html_elements(response.text, "h2", id="commentaires-titre")
    assert french("3 commentaires") in str(heading)  # the heading's count follows


def test_a_comment_posted_from_an_earlier_page_says_where_it_went(
    client, article, camille, yannick, settings
):
    settings.COMMENTS_PER_PAGE = 1
    for i in range(3):
        make_comment(article, yannick, f"Fil {i}")
    client.force_login(camille)
    first_page = "http://testserver" + article.get_absolute_url()
    response = post(client, article, "Le mien", headers={**HTMX, "HX-Current-URL": first_page})
    mine = Comment.objects.get(author=camille)
    assert "il se trouve en page 4" in response.text
    assert f"?page=4#comment-{mine.pk}" in response.text
    last_page = f"{first_page}?page=5"
    response = post(client, article, "Encore", headers={**HTMX, "HX-Current-URL": last_page})
    assert "il se trouve en page" not in response.text  # shown where it will stay


# The regular --------------------------------------------------------------------------------


def test_new_marks_survive_across_pages_until_shown(client, article, camille, yannick, settings):
    settings.COMMENTS_PER_PAGE = 1
    start = timezone.now() - timedelta(days=1)
    threads = [
        make_comment(article, yannick, f"Fil {i}", created_at=start + timedelta(minutes=i))
        for i in range(4)
    ]
    client.force_login(camille)
    client.get(article.get_absolute_url())  # the first visit: everything there is read
    ArticleRead.objects.filter(member=camille).update(seen_until=start + timedelta(hours=1))
    late = make_comment(
        article,
        yannick,
        "Réponse tardive",
        parent=threads[2],
        created_at=start + timedelta(hours=2),
    )
    for _ in range(2):  # reading page 1, twice, does not make page 3's reply old
        page = client.get(article.get_absolute_url()).text
        assert french("1 nouveau commentaire depuis votre dernière visite") in page
        [banner] = html_elements(page, "p", class_="new-comments")
        assert f'href="{article.get_absolute_url()}?page=3#comment-{late.pk}"' in str(banner)
        [nav] = html_elements(page, "nav", class_="pagination")
        assert "Premier non lu" in str(nav) and "Dernière page" in str(nav)
    third = client.get(article.get_absolute_url() + "?page=3").text
    assert html_elements(third, "article", class_="comment comment--new", id=f"c{late.pk}")
    assert "Première page" in third
    assert "nouveau commentaire" not in client.get(article.get_absolute_url()).text


def test_home_and_unread_say_what_is_new_in_fixed_queries(
    client, editor, camille, yannick, django_assert_num_queries
):
    client.force_login(camille)
    old = timezone.now() - timedelta(days=2)

    def read_then_discuss(slug, comments):
        article = make_article(editor, slug)
        client.get(article.get_absolute_url())
        ArticleRead.objects.filter(member=camille, article=article).update(seen_until=old)
        for i in range(comments):
            make_comment(article, yannick, f"{slug} {i}", created_at=old + timedelta(hours=i + 1))
        return article

    quiet = read_then_discuss("calme", 0)
    busy = read_then_discuss("anime", 2)
    home = client.get(reverse("articles:home")).text
    assert french("2 nouveaux depuis votre dernière visite") in home
    # the session with its member, count, page (new comments included), the right column's
    # versions
    with django_assert_num_queries(4):
        client.get(reverse("articles:home"))
    unread = client.get(reverse("comments:unread")).text
    assert busy.title in unread and quiet.title not in unread
    assert french("2 nouveaux commentaires") in unread
    livelier = read_then_discuss("tres-anime", 5)
    for i in range(3):
        read_then_discuss(f"autre-{i}", 1)
    unread = client.get(reverse("comments:unread")).text
    assert unread.index(livelier.title) < unread.index(busy.title)  # most recent activity first
    with django_assert_num_queries(3):  # the session with its member, count, page
        client.get(reverse("comments:unread"))
    # as on the first visit, and the right column made again (comments were posted since): the
    # cache read, the column's lists (one statement), the cache written
    with django_assert_num_queries(7):
        client.get(reverse("articles:home"))
    with django_assert_num_queries(4):
        client.get(reverse("articles:home"))
