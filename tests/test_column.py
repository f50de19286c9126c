"""The right column (comments.column) and the theme: the column is cached on its own, so a
change it shows reaches every page at once without making the pages themselves again; the
theme a reader chose never reaches another reader through the cached anonymous page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.cache import local
from accounts.models import Member
from articles.models import Article, Category
from comments import services
from comments.models import Comment
from moderation import services as moderation

from .conftest import french, html_elements, make_article, make_category, make_comment, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(editor, camille, yannick):
    """Two articles of one category: changes happen under ``there``, readers look ``here``."""
    there = make_article(editor, "la-bas", title="Un article là-bas")
    here = make_article(editor, "ici", title="Un article ici")
    comment = make_comment(there, yannick, "Le premier avis sur la question du jour")
    return {
        "there": there,
        "here": here,
        "editor": editor,
        "camille": camille,
        "yannick": yannick,
        "comment": comment,
    }


def _column(client, url) -> str:
    page = client.get(url).text
    start = page.index('<aside class="column"')
    return page[start : page.index("</aside>", start)]


def _moderator():
    member = make_member("modo_colonne", is_staff=True)
    member.groups.add(Group.objects.get(name="Modérateurs"))
    return member


def change_post(s):
    make_comment(s["there"], s["camille"], "Un tout nouvel avis")
    return "Un tout nouvel avis", None


def change_edit(s):
    services.edit_comment(s["comment"], "Un avis revu et corrigé")
    return "Un avis revu et corrigé", "Le premier avis"


def change_delete(s):
    services.delete_comment(Comment.objects.get(pk=s["comment"].pk))
    return None, "Le premier avis"


def change_hide(s):
    moderation.hide(s["comment"], _moderator(), "Hors sujet")
    return None, "Le premier avis"


def change_restore(s):
    moderator = _moderator()
    moderation.hide(s["comment"], moderator, "Hors sujet")
    Client().get(s["here"].get_absolute_url())  # cached while hidden
    moderation.restore(Comment.objects.get(pk=s["comment"].pk), moderator)
    return "Le premier avis", None


def change_delete_for_good(s):
    moderation.delete(s["comment"], _moderator(), "Spam")
    return None, "Le premier avis"


def change_hide_all_of_member(s):
    moderation.hide_all_comments(Member.objects.get(pk=s["yannick"].pk), _moderator(), "Spam")
    return None, "Le premier avis"


def change_author_name(s):
    yannick = Member.objects.get(pk=s["yannick"].pk)
    yannick.username = "yannick_renomme"
    yannick.save()
    return "yannick_renomme", None


def change_author_leaves(s):
    Member.objects.get(pk=s["yannick"].pk).delete()
    return "membre supprimé", None


def change_article_title(s):
    there = Article.objects.get(pk=s["there"].pk)
    there.title = "Un titre revu"
    there.save()
    return "Un titre revu", "Un article là-bas"


def change_article_published(s):
    make_article(s["editor"], "nouvelle", title="Une toute nouvelle")  # same category
    return "Une toute nouvelle", None


def change_article_unpublished(s):
    Article.objects.filter(pk=s["there"].pk).unpublish()
    return None, "Un article là-bas"


def change_scheduled_publication(s):
    soon = timezone.now() + timedelta(seconds=2)
    make_article(s["editor"], "prochain", title="Le prochain titre", published_at=soon)
    Client().get(s["here"].get_absolute_url())  # cached before it comes out
    Article.objects.filter(slug="prochain").update(published_at=timezone.now())  # its time came
    return "Le prochain titre", None


def change_category_name(s):
    category = Category.objects.get(pk=s["here"].category_id)
    category.name = "Langages et outils"
    category.save()
    return "Langages et outils", None


def change_category_added(s):
    make_category("securite", "Sécurité")
    return "Sécurité", None


CHANGES = [
    change_post,
    change_edit,
    change_delete,
    change_hide,
    change_restore,
    change_delete_for_good,
    change_hide_all_of_member,
    change_author_name,
    change_author_leaves,
    change_article_title,
    change_article_published,
    change_article_unpublished,
    change_scheduled_publication,
    change_category_name,
    change_category_added,
]


# A new article shows in the column of its category's other articles: on an article page only
# (it has no comment yet, so it is not among the most commented).
ARTICLE_PAGE_ONLY = {change_article_published, change_scheduled_publication}
WHERE = [
    pytest.param(change, where, id=f"{where}-{change.__name__[7:]}")
    for change in CHANGES
    for where in ("article", "home")
    if where == "article" or change not in ARTICLE_PAGE_ONLY
]


@pytest.mark.parametrize(("change", "where"), WHERE)
@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_every_change_shows_in_the_column_of_the_next_page(scene, change, reader, where):
    client = Client()
    if reader == "member":
        client.force_login(make_member("lectrice"))
    url = scene["here"].get_absolute_url() if where == "article" else reverse("articles:home")
    _column(client, url)
    _column(client, url)  # from the cache
    shown, gone = change(scene)
    for fresh_process in (False, True):
        if fresh_process:
            local.clear()  # another server process: only the shared cache
        column = _column(client, url)
        if shown:
            assert shown in column, (change.__name__, reader, where)
        if gone:
            assert gone not in column, (change.__name__, reader, where)


def test_a_comment_elsewhere_changes_the_column_not_the_page(client, scene):
    """The page under its own key stays cached; the column and the ETag move."""
    here = scene["here"]
    first = client.get(here.get_absolute_url())
    version = Article.objects.get(pk=here.pk).version
    make_comment(scene["there"], scene["camille"], "Du nouveau là-bas")
    assert Article.objects.get(pk=here.pk).version == version
    again = client.get(here.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 200 and "Du nouveau là-bas" in again.text
    assert (
        client.get(here.get_absolute_url(), HTTP_IF_NONE_MATCH=again.headers["ETag"]).status_code
        == 304
    )


def test_the_column_shows_what_keeps_readers_on_the_site(client, scene):
    for i in range(3):
        make_comment(scene["there"], scene["camille"], f"Encore un avis numéro {i}")
    old = make_article(
        scene["editor"],
        "ancienne",
        title="Une ancienne très commentée",
        published_at=timezone.now() - timedelta(days=30),
    )
    for i in range(6):
        make_comment(old, scene["camille"], f"Avis ancien {i}")
    column = _column(client, scene["here"].get_absolute_url())
    most = html_elements(column, "section", aria_labelledby="column-most-commented")[0]
    titles = [str(a.children[0]) for a in html_elements(most, "a")]
    assert titles == ["Un article là-bas"]  # the last 7 days only; none without comments
    assert french("4 commentaires") in column
    latest = html_elements(column, "section", aria_labelledby="column-latest-comments")[0]
    assert [str(p.children[0]) for p in html_elements(latest, "p", class_="column__excerpt")][
        :2
    ] == ["Avis ancien 5", "Avis ancien 4"]
    assert "camille" in column
    also = html_elements(column, "section", aria_labelledby="column-same-category")[0]
    assert "Un article là-bas" in str(also) and "Un article ici" not in str(also)
    assert reverse("articles:category_feed", args=["langages"]) in column
    # Nothing in it comes from another site.
    assert "http" not in column


def test_an_excerpt_shows_the_characters_its_author_typed(client, scene):
    """A comment's excerpt is its text as readers see it: "<" and "&" typed in it are shown
    as such, not as the entities of its HTML ("&lt;" on the screen), and its markup is gone."""
    make_comment(scene["there"], scene["camille"], "Si a < b && **c** > d, alors `x`.")
    column = _column(client, scene["here"].get_absolute_url())
    latest = html_elements(column, "section", aria_labelledby="column-latest-comments")[0]
    excerpts = [str(p.children[0]) for p in html_elements(latest, "p", class_="column__excerpt")]
    assert excerpts[0] == "Si a < b && c > d, alors x."
    assert "&amp;lt;" not in column and "&amp;amp;" not in column


def test_the_column_costs_the_same_queries_whatever_the_numbers(
    client, editor, camille, django_assert_num_queries
):
    from comments import column

    def measure(articles, comments):
        for i in range(articles):
            category = make_category(f"cat-{i % 4}-{articles}", f"Catégorie {i % 4} {articles}")
            article = make_article(editor, f"a-{articles}-{i}", category=category)
            for j in range(comments):
                make_comment(article, camille, f"Avis {j}")
        with django_assert_num_queries(1):  # the versions
            page_column = column.for_page(article.pk)
        with django_assert_num_queries(1):  # its lists, in one statement
            column.render(page_column.article_id)

    measure(2, 1)
    measure(12, 5)


def test_the_theme_switch_remembers_the_choice_and_goes_back(client):
    response = client.post(reverse("accounts:set_theme"), {"theme": "dark", "next": "/membres/"})
    assert response.status_code == 302 and response.url == "/membres/"
    assert response.cookies["theme"].value == "dark"
    assert response.cookies["theme"]["samesite"] == "Lax"
    assert 'data-theme="dark"' in client.get("/membres/").text
    away = client.post(
        reverse("accounts:set_theme"), {"theme": "light", "next": "https://ailleurs.example/"}
    )
    assert away.url == "/"
    back = client.post(reverse("accounts:set_theme"), {"theme": "auto", "next": "/"})
    assert back.cookies["theme"].value == ""  # deleted: the system's preference again
    assert client.get(reverse("accounts:set_theme")).status_code == 405


def test_the_cached_anonymous_page_never_carries_one_readers_theme_to_another(scene):
    url = scene["here"].get_absolute_url()
    plain = Client().get(url)
    assert "data-theme" not in plain.text
    dark_reader = Client()
    dark_reader.cookies["theme"] = "dark"
    dark = dark_reader.get(url)
    assert '<html lang="fr" data-theme="dark">' in dark.text
    assert html_elements(dark.text, "option", value="dark", selected=True)
    assert dark.headers["ETag"] != plain.headers["ETag"]
    # The browser that had the light page does not get a 304 for it once dark.
    switched = dark_reader.get(url, HTTP_IF_NONE_MATCH=plain.headers["ETag"])
    assert switched.status_code == 200 and 'data-theme="dark"' in switched.text
    # Another reader, with no cookie, still gets the system's theme, from the cache too.
    again = Client().get(url)
    assert "data-theme" not in again.text and again.headers["ETag"] == plain.headers["ETag"]
    home_dark = dark_reader.get("/")
    assert 'data-theme="dark"' in home_dark.text and "data-theme" not in Client().get("/").text
    # A theme we do not know is the system's.
    odd = Client()
    odd.cookies["theme"] = "fuchsia"
    assert "data-theme" not in odd.get(url).text
