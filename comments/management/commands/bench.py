"""make bench: how fast the discussion pages are, on the configured database.

1. Makes (once) a bench article with 500 comments and replies, another with 50, one to post
   under, and members.
2. Measures in this process the CPU time and the SQL queries of the article page: anonymous and
   member, when nothing changed (from the cache) and first after a change (cold).
3. Serves the site with gunicorn (DEBUG off, 2 workers, 127.0.0.1) and loads it from a second
   process (comments.loadgen) for a fixed time per scenario: the article page read anonymously,
   the same page read by a logged-in member, a vote POST and a comment POST (htmx), the home
   page, and, as the ceiling, a view that returns a fixed page of the same size without
   touching the database, measured before and after each scenario: each scenario is compared
   with the mean of the two, taken in the same minute (the machine's speed varies).

It prints each figure beside its goal (the issue's); it is not a test and fails on no
threshold.
"""

import io
import json
import os
import platform
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from importlib import import_module
from urllib.parse import quote

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.markdown import has_links, render_member_text
from accounts.models import Member
from articles.models import Article, Category, Edition
from articles.votes import recount_votes
from comments.models import MAX_BODY_LENGTH, Comment, CommentVote
from comments.services import recount_comments, refresh_standing

BENCH_SLUG = "banc-d-essai-500-commentaires"
SMALL_SLUG = "banc-d-essai-50-commentaires"
POST_SLUG = "banc-d-essai-on-y-ecrit"
MEMBERS = 16


class Command(BaseCommand):
    help = "Benchmarks the article page and comment votes; prints requests/s and latencies."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10, help="Load time per scenario.")
        parser.add_argument("--concurrency", type=int, default=4, help="Connections at once.")

    def handle(self, *args, seconds, concurrency, **options):
        members = self._members()
        big = self._article(BENCH_SLUG, "Banc d'essai : 500 commentaires", 500, members)
        small = self._article(SMALL_SLUG, "Banc d'essai : 50 commentaires", 50, members)
        posting = self._article(POST_SLUG, "Banc d'essai : on y écrit", 5, members)
        self._forget_posts(posting)
        reader = members[-1]
        if connection.vendor == "postgresql":
            # The planner's statistics, as autovacuum gathers them a minute after rows come:
            # the bench's articles were just written, and a page planned without them is not
            # what a server that has run for a while does. And the rows of earlier runs' posts
            # vacuumed now, rather than by autovacuum on the other core during the figures.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; database: "
            f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; shared cache: "
            f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
        )
        self.stdout.write(
            "\nIn this process, CPU time per request (median and best of 15), and SQL queries:"
        )
        self.stdout.write(
            f"  {'page':<52} {'CPU ms':>7} {'best':>6} {'goal':>6} {'queries':>8} {'goal':>5}"
        )
        rows = [
            ("500 comments, anonymous, nothing changed", big, None, "warm", 1.5, 8),
            ("500 comments, anonymous, first after a change", big, None, "cold", 35, 8),
            ("50 comments, member, nothing changed", small, reader, "warm", 6, 10),
            ("500 comments, member, nothing changed", big, reader, "warm", 35, 10),
            ("500 comments, member, first after a change", big, reader, "cold", 35, 10),
        ]
        reference = _reference()
        for label, article, member, state, cpu_goal, query_goal in rows:
            (cpu, best), queries, _size = self._cpu(article, member, cold=state == "cold")
            self.stdout.write(
                f"  {label:<52} {cpu:7.2f} {best:6.2f} {cpu_goal:>6g} {queries:>8} {query_goal:>5}"
            )
        live_url, live_etag = self._live(big)
        (cpu, best), queries = self._cpu_of(live_url, {"HTTP_IF_NONE_MATCH": live_etag})
        self.stdout.write(
            f"  {'live notice: nothing new (304), a member polling':<52} {cpu:7.2f} {best:6.2f} "
            f"{1:>6g} {queries:>8} {1:>5}"
        )
        self.stdout.write(
            "  (every comment of the page shown: COMMENTS_PER_PAGE=500; the shared cache and "
            "this process's memory both warm, or both missing the page's entries when cold)"
        )
        reference = (reference + _reference()) / 2
        self.stdout.write(
            f"  The machine's own speed, for comparing runs: a fixed Python loop took "
            f"{reference:.1f} ms of CPU in this run (median of 7, before and after the rows "
            f"above; the README's runs: 16 to 44 ms on the same kind of machine, whose speed "
            f"varies that much from minute to minute)."
        )
        _cpu, _queries, page_size = self._cpu(big, None, cold=False)
        self._member_text()

        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(40),
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "COMMENTS_PER_PAGE": "500",
            # The load is the bench's few members acting fast: no limit may refuse them.
            "RATE_COMMENT_VOTES": "100000000",
            "RATE_COMMENT_POSTS": "100000000",
            "VOTES_PER_AUTHOR_PER_DAY": "100000000",
            "NEWCOMER_DAYS": "0",
            "NEWCOMER_MESSAGES": "0",
            "COOLDOWN_FREE_MESSAGES": "100000000",
            "CAUSERIE_BENCH_CEILING_BYTES": str(page_size),
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(f"{base}/__bench__/plafond/")
            page = f"{base}{big.get_absolute_url()}"
            csrf = secrets.token_hex(16)
            target = big.comments.filter(parent__isnull=True).first()
            voters = [m for m in members if m.pk != target.author_id]  # no vote on one's own
            cookies = [f"sessionid={_session_for(m)}; csrftoken={csrf}" for m in voters]
            vote = f"{base}/commentaires/{target.pk}/voter/"
            post = f"{base}/actualites/{posting.slug}/commentaires/"
            htmx = ["--header", "HX-Request: true"]
            member_cookies = ["--cookie", *_each(cookies)]
            ceiling_url = f"{base}/__bench__/plafond/"
            scenarios = [
                ("article page, anonymous", page, [], 0.50),
                ("article page, logged-in member", page, member_cookies, 0.20),
                (
                    # before any vote moves the article's version
                    "live notice, nothing new (304)",
                    f"{base}{live_url}",
                    ["--header", f"If-None-Match: {live_etag}", *member_cookies],
                    None,
                ),
                (
                    "comment vote POST (htmx)",
                    vote,
                    ["--post", "value=up|value=down", "--csrf", csrf, *member_cookies, *htmx],
                    0.30,
                ),
                (
                    "comment POST (htmx)",
                    post,
                    ["--post", "body=Un avis.", "--csrf", csrf, *member_cookies, *htmx],
                    0.10,
                ),
                ("home page, anonymous", f"{base}/", [], 0.50),
            ]
            self.stdout.write(
                f"\ngunicorn, 2 workers, 127.0.0.1; load: {concurrency} connections for "
                f"{seconds:g} s per scenario, from a second process; 500 comments on the page. "
                f"The ceiling is measured for {seconds / 2:g} s before and after each scenario, "
                "which is compared with the mean of the two (the machine's speed varies from "
                "minute to minute)."
            )
            self.stdout.write(
                f"  {'scenario':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ceiling':>8} "
                f"{'vs ceiling':>10} {'goal':>6}  statuses"
            )
            self._warm(ceiling_url, [])
            ceilings = [_load(ceiling_url, seconds / 2, concurrency, [])]
            rows = []
            for label, url, extra, goal in scenarios:
                self._warm(url, extra)
                result = _load(url, seconds, concurrency, extra)
                ceilings.append(_load(ceiling_url, seconds / 2, concurrency, []))
                around = (ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2
                rows.append((label, result, around, goal))
            every = {
                "rps": statistics.median(c["rps"] for c in ceilings),
                "p50_ms": statistics.median(c["p50_ms"] for c in ceilings),
                "p99_ms": statistics.median(c["p99_ms"] for c in ceilings),
                "statuses": {"200": sum(c["statuses"].get("200", 0) for c in ceilings)},
            }
            median_label = f"ceiling (median of {len(ceilings)})"
            for label, result, around, goal in [(median_label, every, every["rps"], None), *rows]:
                goal_text = f"≥{goal:.0%}" if goal else ""
                self.stdout.write(
                    f"  {label:<36} {result['rps']:8.1f} {result['p50_ms']:8.1f} "
                    f"{result['p99_ms']:8.1f} {around:8.1f} {result['rps'] / around:9.0%} "
                    f"{goal_text:>6}  {result['statuses']}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _member_text(self):
        """The worst member texts found (tests/test_markdown_hardening.py has them all): what a
        post of each costs to check for links and render, in CPU time."""
        limit = MAX_BODY_LENGTH
        units = {
            "emphasis openers": "*a",
            "link openers": "[a",
            "links and emphasis": "[ a_",
            "nested lists": "- " * 9 + "a\n",
            "ordered items": "1.\n",
            "nested quotes": ">" * 19 + " a\n\n",
            "code spans": "`a`",
        }
        texts = {}
        for name, unit in units.items():
            texts[f"{name}, {limit} characters"] = (unit * limit)[:limit]
            # just under the markup a text may have and still be parsed (accounts.markdown)
            texts[f"{name}, parsed"] = (unit * limit)[
                : 1990 * len(unit) // max(sum(char in "*_[]()<>`~&!\\#|-+" for char in unit), 1)
            ]
        texts["python fence of blank lines"] = "```python\n" + " \n" * 2400 + "```"
        texts["shell here-document"] = "```sh\n<<" + "a" * 4900 + "\n```"
        worst = ("", 0.0)
        for name, text in texts.items():
            runs = []
            for _ in range(3):
                started = time.process_time()
                has_links(text)
                render_member_text(text)
                runs.append((time.process_time() - started) * 1000)
            if min(runs) > worst[1]:
                worst = (name, min(runs))
        self.stdout.write(
            f"\nMembers' text: the slowest of {len(texts)} worst inputs (links checked, then "
            f"rendered): {worst[1]:.1f} ms CPU (goal ≤ 100), for {worst[0]}."
        )

    def _warm(self, url, extra):
        _load(url, 1, 1, extra)

    def _members(self) -> list[Member]:
        members = []
        for i in range(MEMBERS):
            member, created = Member.objects.get_or_create(
                username=f"banc_{i}", defaults={"email": f"banc_{i}@example.com"}
            )
            if created:
                member.set_unusable_password()
                member.save()
                EmailAddress.objects.create(
                    user=member, email=member.email, primary=True, verified=True
                )
            members.append(member)
        return members

    @transaction.atomic
    def _article(self, slug, title, count, members) -> Article:
        article = Article.objects.filter(slug=slug).first()
        if article:
            return article
        category, _ = Category.objects.get_or_create(
            slug="banc-d-essai", defaults={"name": "Banc d'essai"}
        )
        article = Article.objects.create(
            slug=slug,
            title=title,
            author=members[0],
            category=category,
            status=Article.Status.PUBLISHED,
            lead="Un article pour mesurer la vitesse du site.",
            body="Rien à lire ici : on mesure.",
            published_at=timezone.now() - timezone.timedelta(days=1),
        )
        rng = random.Random(count)
        made = []
        for i in range(count):
            parent = rng.choice(made) if made and i % 3 else None
            comment = Comment(
                article=article,
                author=members[i % len(members)],
                parent=parent,
                root_id=(parent.root_id or parent.pk) if parent else None,
                depth=parent.depth + 1 if parent else 0,
                body=f"Commentaire n° {i}, avec un peu de **Markdown** et du `code`.\n\n> Une citation.",
                created_at=article.published_at + timezone.timedelta(minutes=i),
            )
            comment.save()
            made.append(comment)
        CommentVote.objects.bulk_create(
            CommentVote(comment=c, article=article, member=m, value=1)
            for c in made[::2]
            for m in members[:3]
            if m.pk != c.author_id
        )
        recount_votes(CommentVote, Comment, [c.pk for c in made])  # the counts the rows make
        refresh_standing(*(m.pk for m in members))  # and the authors' reputations and ranks
        Article.objects.filter(pk=article.pk).update(comment_count=count)
        return article

    @transaction.atomic
    def _forget_posts(self, article):
        """The comments that earlier runs posted under the article the bench writes in: each
        run posts a thousand or more, and a post's cost grows with the threads of its
        discussion (the page of a new thread counts those before it), so that each run would
        measure a longer discussion than the last."""
        made = list(article.comments.order_by("pk").values_list("pk", flat=True)[:5])
        if article.comments.exclude(pk__in=made).exists():
            article.comments.exclude(pk__in=made).delete()
            recount_comments([article.pk])
            refresh_standing(
                *Member.objects.filter(username__startswith="banc_").values_list("pk", flat=True)
            )

    def _live(self, article) -> tuple[str, str]:
        """The address the article page's script polls for new comments, and the ETag of its
        answer when nothing changed."""
        client = Client(HTTP_HOST="127.0.0.1")
        page = client.get(article.get_absolute_url()).content.decode()
        since = re.search(r'id="live-notice"[^>]*data-since="([^"]+)"', page).group(1)
        url = f"{reverse('comments:live', args=[article.slug])}?depuis={quote(since)}"
        return url, client.get(url)["ETag"]

    def _cpu_of(self, url, headers) -> tuple[tuple[float, float], int]:
        """The median and best CPU time of a GET of ``url`` by a member, and its SQL queries."""
        member = Member.objects.get(username=f"banc_{MEMBERS - 1}")
        serve = _Server(member, headers)
        times = []
        for _ in range(15):
            with CaptureQueriesContext(connection) as queries:
                started = time.process_time()
                serve(url)
                times.append((time.process_time() - started) * 1000)
        return (statistics.median(times), min(times)), len(queries)

    def _cpu(self, article, member, *, cold: bool) -> tuple[tuple[float, float], int, int]:
        """The median and best CPU time of a GET of the article page, its SQL queries, and its
        size. Cold: before each GET, the article's version and the right column's move, as a
        new comment moves them, so that nothing of its discussion, its page or its column is
        in the cache."""
        serve = _Server(member)
        with override_settings(COMMENTS_PER_PAGE=500, DEBUG=False):
            serve(article.get_absolute_url())
            times = []
            for _ in range(15):
                if cold:
                    with transaction.atomic():
                        Article.objects.filter(pk=article.pk).touch()
                        Edition.bump_activity()
                with CaptureQueriesContext(connection) as queries:
                    started = time.process_time()
                    content = serve(article.get_absolute_url())
                    times.append((time.process_time() - started) * 1000)
        return (statistics.median(times), min(times)), len(queries), len(content)


class _Server:
    """GET requests handled by Django's WSGI handler as a server calls it (for a member: with
    their session cookie), without the test client's instrumentation (its signals, its
    response wrapping), which cost more than a page served from the cache."""

    def __init__(self, member=None, headers=None):
        self.handler = WSGIHandler()
        self.extra = {"HTTP_HOST": "127.0.0.1", **(headers or {})}
        if member is not None:
            self.extra["HTTP_COOKIE"] = f"{settings.SESSION_COOKIE_NAME}={_session_for(member)}"

    def __call__(self, url) -> bytes:
        environ = RequestFactory().get(url, **self.extra).environ
        environ["wsgi.input"] = io.BytesIO(b"")
        response = self.handler(environ, lambda status, headers, exc_info=None: None)
        try:
            return b"".join(response)
        finally:
            response.close()


def _reference() -> float:
    """The CPU time of a fixed pure-Python loop (median of 7), in ms: how fast this machine is
    at the moment, to read the figures beside it (a virtual machine's speed varies)."""
    times = []
    for _ in range(7):
        started = time.process_time()
        total = 0
        for i in range(300_000):
            total += i * i % 7
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def _each(cookies):
    return [item for cookie in cookies for item in ("--cookie", cookie)][1:]


def _session_for(member) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(member.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store.create()
    return store.session_key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own loopback server)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def _load(url, seconds, concurrency, extra) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "comments.loadgen",
            url,
            "--seconds",
            str(seconds),
            "--concurrency",
            str(concurrency),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)
