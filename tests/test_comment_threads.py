"""How a discussion reads: threads, order, pages, permalinks, new comments, votes and counts."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from articles.models import ArticleRead
from comments.models import Comment, CommentVote

from .conftest import french, html_elements, make_comment, make_member

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def vote(client, comment, value, **extra):
    return client.post(reverse("comments:vote", args=[comment.pk]), {"value": value}, **extra)


def test_comment_shows_like_on_the_seed_page(client, article, yannick):
    yannick.website = "https://yannick.example.org"
    yannick.save()
    when = timezone.make_aware(timezone.datetime(2025, 6, 14, 15, 24))
    comment = make_comment(article, yannick, "Un **avis** tranché.", created_at=when, upvotes=4)
    page = client.get(article.get_absolute_url()).text
    assert f'id="comment-{comment.pk}"' in page
    assertInHTML(
        f'<span class="avatar avatar--small avatar--c{yannick.pk % 8}" aria-hidden="true">Y</span>',
        page,
    )
    assertInHTML(
        f'<a id="c{comment.pk}-by" class="comment__author" href="/membres/{yannick.pk}/">yannick</a>',
        page,
    )
    assertInHTML('<span class="rank">Nouveau membre</span>', page)
    assertInHTML(
        '<a class="comment__website" href="https://yannick.example.org" rel="ugc nofollow noopener">'
        "yannick.example.org</a>",
        page,
    )
    assert french("Le 14/06/2025 à 15:24") in page
    assert f'href="#comment-{comment.pk}"' in page
    assertInHTML("Un <strong>avis</strong> tranché.", page)
    assertInHTML('<span class="vote__count">4</span>', page)
    # Every form in the thread works without JavaScript. A member's carries their CSRF token;
    # an anonymous reader's vote needs none: it only leads to the log-in page (test_caching).
    [vote_form] = html_elements(page, "form", id=f"votes-{comment.pk}")
    assert not html_elements(vote_form, "input", type="hidden", name="csrfmiddlewaretoken")
    client.force_login(make_member("lectrice"))
    page = client.get(article.get_absolute_url()).text
    [vote_form] = html_elements(page, "form", id=f"votes-{comment.pk}")
    assert html_elements(vote_form, "input", type="hidden", name="csrfmiddlewaretoken")


def test_replies_nest_and_deep_ones_go_flat_with_whom_they_answer(
    client, article, camille, yannick, settings
):
    settings.COMMENT_MAX_DEPTH = 2
    top = make_comment(article, camille, "Niveau 0")
    one = make_comment(article, yannick, "Niveau 1", parent=top)
    two = make_comment(article, camille, "Niveau 2", parent=one)
    make_comment(article, yannick, "Niveau 3", parent=two)
    make_comment(article, yannick, "Second fil")
    page = client.get(article.get_absolute_url()).text
    section = page[page.index('id="comment-list"') : page.index('id="commenter"')]
    [thread] = html_elements(page, "ol", id="comment-list")
    # depth 1 and 2; depth 3 shown flat
    assert len(html_elements(thread, "ul", class_="replies")) == 2
    # shown flat, it says whom it answers, with a link to that comment
    flat_note = f'<a class="comment__reply-to" href="#comment-{two.pk}">en réponse à camille</a>'
    assert parse_html(flat_note) in thread
    # for screen readers
    assert parse_html('<span class="visually-hidden">en réponse à yannick</span>') in thread
    order = [section.index(f"Niveau {i}") for i in range(4)]
    assert order == sorted(order)
    assert section.index("Niveau 3") < section.index("Second fil")
    assert section.count("<li") == section.count("</li>")
    assert section.count("<ul") == section.count("</ul>")


def test_order_by_date_or_score(client, article, camille, yannick):
    now = timezone.now()
    make_comment(
        article, camille, "Ancien mais discuté", upvotes=0, created_at=now - timedelta(hours=2)
    )
    make_comment(
        article, yannick, "Récent et apprécié", upvotes=9, created_at=now - timedelta(hours=1)
    )
    by_date = client.get(article.get_absolute_url()).text
    assert by_date.index("Ancien mais discuté") < by_date.index("Récent et apprécié")
    by_score = client.get(article.get_absolute_url() + "?tri=score").text
    assert by_score.index("Récent et apprécié") < by_score.index("Ancien mais discuté")
    assert client.get(article.get_absolute_url() + "?tri=n'importe").status_code == 200


def test_pages_hold_whole_threads_and_permalinks_find_their_page(
    client, article, camille, yannick, settings
):
    settings.COMMENTS_PER_PAGE = 2
    start = timezone.now() - timedelta(hours=1)
    tops = [
        make_comment(article, camille, f"Fil {i}", created_at=start + timedelta(minutes=i))
        for i in range(5)
    ]
    reply = make_comment(article, yannick, "Réponse tardive au fil 4", parent=tops[4])
    first = client.get(article.get_absolute_url()).text
    first = first[: first.index('<aside class="column"')]  # the right column names the latest
    assert "Fil 1" in first and "Fil 2" not in first
    third = client.get(article.get_absolute_url() + "?page=3").text
    assert "Fil 4" in third and "Réponse tardive au fil 4" in third
    response = client.get(reverse("comments:permalink", args=[reply.pk]))
    assert response.status_code == 302
    assert response.url == f"{article.get_absolute_url()}?page=3#comment-{reply.pk}"
    response = client.get(reverse("comments:permalink", args=[tops[0].pk]))
    assert response.url == f"{article.get_absolute_url()}#comment-{tops[0].pk}"


def test_a_removed_thread_keeps_its_place_in_the_pages(client, article, camille, yannick, settings):
    """A removed comment with replies still holds its thread's place in the pages, even when
    nothing of it is left to show: the threads after it are on the pages they were on."""
    from comments.services import recount_comments

    settings.COMMENTS_PER_PAGE = 2
    start = timezone.now() - timedelta(hours=1)
    gone = make_comment(article, camille, "Fil retiré", created_at=start)
    make_comment(article, yannick, "Réponse masquée", parent=gone, created_at=start)
    make_comment(article, yannick, "Fil B", created_at=start + timedelta(minutes=1))
    make_comment(article, camille, "Fil C", upvotes=3, created_at=start + timedelta(minutes=2))
    Comment.objects.filter(pk=gone.pk).update(status=Comment.Status.DELETED)
    Comment.objects.filter(parent=gone).update(status=Comment.Status.HIDDEN)
    recount_comments([article.pk])  # two visible comments: as many as a page holds

    def discussion(query=""):
        page = client.get(article.get_absolute_url() + query).text
        return page[: page.index('<aside class="column"')]

    first, second = discussion(), discussion("?page=2")
    assert "Fil B" in first and "Fil C" not in first
    assert "Fil C" in second and "Fil B" not in second
    assert "Fil retiré" not in first + second and "Réponse masquée" not in first + second
    by_score = discussion("?tri=score")  # C first, then the removed thread
    assert "Fil C" in by_score and "Fil B" not in by_score
    assert "Fil B" in discussion("?tri=score&page=2")


def test_comments_since_the_last_visit_are_marked_new(client, article, camille, yannick):
    # Times set apart explicitly: before the last visit, after it, and that visit itself.
    now = timezone.now()
    client.force_login(camille)
    old = make_comment(article, yannick, "Déjà lu", created_at=now - timedelta(hours=2))
    client.get(article.get_absolute_url())
    ArticleRead.objects.filter(member=camille).update(seen_until=now - timedelta(hours=1))
    later = now - timedelta(minutes=30)
    new = make_comment(article, yannick, "Tout frais", created_at=later)
    make_comment(article, camille, "Le mien ne compte pas", created_at=later)
    page = client.get(article.get_absolute_url()).text
    assert french("1 nouveau commentaire depuis votre dernière visite") in page
    assertInHTML(
        f'<p class="new-comments"><a href="#comment-{new.pk}">'
        + french("1 nouveau commentaire depuis votre dernière visite : y aller")
        + "</a></p>",
        page,
    )
    assert html_elements(page, "article", class_="comment comment--new", id=f"c{new.pk}")
    assert html_elements(page, "article", class_="comment", id=f"c{old.pk}")
    # Seen now: nothing is new on the next visit.
    assert "nouveau commentaire" not in client.get(article.get_absolute_url()).text


# Votes -----------------------------------------------------------------------------------------


def test_vote_take_back_and_switch_with_htmx_and_plain_forms(
    client, article, camille, yannick, instant_votes
):
    comment = make_comment(article, yannick)
    client.force_login(camille)
    response = vote(client, comment, "up", headers=HTMX)
    [widget] = html_elements(response.text, top=True)  # the widget alone
    assert html_elements(widget, "form", class_="votes votes--small", id=f"votes-{comment.pk}") == [
        widget
    ]
    assert html_elements(widget, "button", value="up", class_="vote vote--up", aria_pressed="true")
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (1, 0)
    response = vote(client, comment, "down")
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (0, 1)
    vote(client, comment, "down")
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (0, 0)
    assert not CommentVote.objects.exists()


def test_the_widget_shows_my_own_vote(client, article, camille, yannick):
    comment = make_comment(article, yannick)
    client.force_login(camille)
    vote(client, comment, "up")
    page = client.get(article.get_absolute_url()).text
    [widget] = html_elements(page, "form", id=f"votes-{comment.pk}")
    assert html_elements(widget, "button", value="up", class_="vote vote--up", aria_pressed="true")


def test_no_vote_on_own_removed_or_with_a_bad_value(client, article, camille, yannick):
    mine = make_comment(article, camille)
    removed = make_comment(article, yannick, status=Comment.Status.DELETED)
    theirs = make_comment(article, yannick)
    client.force_login(camille)
    assert vote(client, mine, "up").status_code == 400
    assert vote(client, removed, "up").status_code == 400
    assert vote(client, theirs, "sideways").status_code == 400
    assert client.get(reverse("comments:vote", args=[theirs.pk])).status_code == 405
    assert not CommentVote.objects.exists()


def test_anonymous_vote_leads_to_login_and_back_to_the_comment(client, article, yannick):
    comment = make_comment(article, yannick)
    response = vote(client, comment, "up")
    assert response.url.startswith(reverse("account_login"))
    assert f"%23comment-{comment.pk}" in response.url


# Counts under concurrent use -------------------------------------------------------------------


def test_concurrent_votes_keep_counts_equal_to_the_vote_rows(migrated_data, editor, settings):
    from .conftest import make_article

    # The same member's votes at once are one double click, however long a thread waits for
    # the database's lock.
    settings.VOTE_REPEAT_WINDOW = timedelta(hours=1)
    article = make_article(editor, "concurrence")
    author = make_member("auteur")
    comment = make_comment(article, author)
    voters = [make_member(f"votant{i}") for i in range(12)]
    errors = []
    barrier = threading.Barrier(len(voters) + 2)

    def cast(member, value):
        from comments import services

        try:
            barrier.wait()
            services.record_vote(comment, member, value)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    jobs = [
        threading.Thread(target=cast, args=(m, 1 if i % 3 else -1)) for i, m in enumerate(voters)
    ]
    # The same member twice at once (a double click): one vote row, no error.
    jobs += [threading.Thread(target=cast, args=(voters[0], -1)) for _ in range(2)]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    assert errors == []
    comment.refresh_from_db()
    rows = CommentVote.objects.filter(comment=comment)
    assert comment.upvotes == rows.filter(value=1).count()
    assert comment.downvotes == rows.filter(value=-1).count()
    assert rows.filter(member=voters[0]).count() == 1
    assert rows.count() == len(voters)


@pytest.mark.parametrize("wait", [False, True])
def test_a_votes_commit_waits_for_the_disk_only_if_asked(
    migrated_data, article, yannick, camille, settings, wait
):
    """On PostgreSQL, a vote's transaction alone commits without waiting for the disk
    (settings.VOTES_WAIT_FOR_DISK); the next transaction waits again."""
    from django.db import transaction

    from articles.models import Article
    from comments import services

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    settings.VOTES_WAIT_FOR_DISK = wait
    comment = make_comment(article, yannick)

    def commit_waits():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0] == "on"

    with transaction.atomic():
        services.record_vote(comment, camille, 1)
        assert commit_waits() is wait
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).touch()
        assert commit_waits()


def test_statements_sent_together_answer_in_order_and_one_failing_changes_nothing(article, yannick):
    """A vote's statements go to PostgreSQL together (accounts.prepared.together): each is
    answered as if run alone, and when one fails, the error comes out at the end of the block
    and the transaction keeps none of them (on SQLite they run one at a time: the same)."""
    from django.db import IntegrityError, transaction

    from accounts import prepared
    from articles.models import Article

    comment = make_comment(article, yannick)
    version = Article.objects.get(pk=article.pk).version
    with transaction.atomic():
        with prepared.together():
            first = prepared.later("SELECT %s + 1", [1])
            prepared.send(
                'UPDATE "articles_article" SET "version" = "version" + 1 WHERE "id" = %s',
                [article.pk],
            )
            second = prepared.later(
                'SELECT "version" FROM "articles_article" WHERE "id" = %s', [article.pk]
            )
        assert first() == (2,)
        assert second() == (version + 1,)
    with pytest.raises(IntegrityError), transaction.atomic(), prepared.together():
        prepared.send(
            'UPDATE "articles_article" SET "version" = "version" + 1 WHERE "id" = %s',
            [article.pk],
        )
        prepared.send('UPDATE "comments_comment" SET "upvotes" = -1 WHERE "id" = %s', [comment.pk])
        prepared.send(
            'UPDATE "articles_article" SET "version" = "version" + 1 WHERE "id" = %s',
            [article.pk],
        )
    assert Article.objects.get(pk=article.pk).version == version + 1
    comment.refresh_from_db()
    assert comment.upvotes == 0


# Query counts ----------------------------------------------------------------------------------


def _fill(article, members, count):
    """``count`` comments: a third top-level, the rest replies spread over them. Written with
    bulk_create (the rows a discussion has, counters recounted once): posting 500 comments
    through the service would cost most of the suite's time and prove nothing more here."""
    from comments.services import recount_comments

    existing = Comment.objects.filter(article=article).count()
    numbers = range(existing, existing + count)
    tops = Comment.objects.bulk_create(
        Comment(
            article=article,
            author=members[i % len(members)],
            body=f"Commentaire {i}",
            body_html=f"<p>Commentaire {i}</p>",
        )
        for i in numbers
        if i % 3 == 0
    )
    tops = list(Comment.objects.filter(article=article, parent=None)) if not tops[0].pk else tops
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author=members[i % len(members)],
            body=f"Réponse {i}",
            body_html=f"<p>Réponse {i}</p>",
            parent=(top := tops[i % len(tops)]),
            root=top,
            depth=1,
        )
        for i in numbers
        if i % 3
    )
    recount_comments([article.pk])


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_article_page_costs_the_same_queries_with_5_or_500_comments(
    client, article, camille, yannick, editor, reader, django_assert_num_queries, settings
):
    """The same number of queries with 5 or 500 comments: rendered after a change (cold), and
    served from the cache; and from the shared cache alone, as another server process is."""
    from accounts.cache import local
    from articles.models import Article

    settings.COMMENTS_PER_PAGE = 500
    if reader == "member":
        client.force_login(camille)
    members = [yannick, editor, make_member("troisieme")]
    client.get(article.get_absolute_url())  # the first visit, the first read

    def measure(count):
        _fill(article, members, count)  # a change: the discussion's version moves
        with django_assert_num_queries(cold) as cold_run:
            page = client.get(article.get_absolute_url())
        with django_assert_num_queries(warm):
            client.get(article.get_absolute_url())
        local.clear()  # another process: its memory is empty, the shared cache is not
        with django_assert_num_queries(warm + 1):
            client.get(article.get_absolute_url())
        assert cold_run.captured_queries
        return page

    # anonymous: the article's versions; the page from the cache (with the article's and its
    # discussion's, in one look), or when cold: the discussion's comments (one page: all of
    # them in one query), and the cache written (the page outlives its discussion's version:
    # the article itself is not read again).
    # member: the session with its member, the article with their state (their vote,
    # following, how far they had read, what is new since, their votes and whom they ignore),
    # what is cached; when cold + the discussion's comments, the cache written, and how far
    # they have now read (when nothing is new to them, as when they come back, that does not
    # move).
    # both: when cold, the right column made again, in one statement; its versions are read
    # with the page's.
    cold, warm = (5, 1) if reader == "anonymous" else (7, 2)
    small = measure(5)
    CommentVote.objects.bulk_create(
        CommentVote(comment=c, article_id=c.article_id, member=camille, value=1)
        for c in Comment.objects.exclude(author=camille)[:200]
    )
    Article.objects.filter(pk=article.pk).touch()
    large = measure(495)
    assert small.text.count('class="comment-item"') == 5
    assert large.text.count('class="comment-item"') == 500


def test_discussion_pages_go_forward_and_keep_to_the_discussion(client, article, camille, settings):
    settings.COMMENTS_PER_PAGE = 1
    for i in range(3):
        make_comment(article, camille, f"Fil {i}")
    page = client.get(article.get_absolute_url() + "?page=2").text
    assertInHTML('<a rel="prev" href="?page=1#commentaires">← Page précédente</a>', page)
    assertInHTML('<a rel="next" href="?page=3#commentaires">Page suivante →</a>', page)
