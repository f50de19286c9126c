"""Shared fixtures: named members, and a real Chromium driven by Playwright."""

import importlib
import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from accounts.models import Member

PASSWORD = "Vraiment-Pas-Simple-42"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def make_member(username: str, *, verified: bool = True, **fields) -> Member:
    fields.setdefault("email", f"{username}@example.com")
    member = Member.objects.create_user(username=username, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=verified)
    return member


@pytest.fixture(autouse=True)
def empty_caches(request):
    """Each test starts with empty caches: the database is emptied between tests, so ids and
    versions come again, and an entry kept in this process's memory would be another test's.
    The shared cache is emptied too: allauth's counters live there, and a test that commits
    (a browser test) would leave them to the next ones."""
    from django.conf import settings

    from accounts.cache import local

    local.clear()
    uses_database = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_database or "redis" in settings.CACHES["default"]["BACKEND"].lower():
        # Also allauth's counters (sign-ups, emails per address), which a test that commits
        # (a browser test) would otherwise leave to the next ones.
        from django.core.cache import cache

        if uses_database:
            request.getfixturevalue(
                "db" if "transactional_db" not in request.fixturenames else "transactional_db"
            )
        cache.clear()


@pytest.fixture(autouse=True)
def established_members(settings):
    """Members in tests are established ones: no newcomer limits and no cooling down, unless a
    test about those limits puts them back."""
    from datetime import timedelta

    settings.NEWCOMER_DAYS = timedelta(0)
    settings.NEWCOMER_MESSAGES = 0
    settings.COOLDOWN_FREE_MESSAGES = 1000


@pytest.fixture
def camille(db):
    """An ordinary member with a verified address."""
    return make_member("camille")


@pytest.fixture
def newcomer(db):
    """Signed up, but has not confirmed the address yet."""
    return make_member("newcomer", verified=False)


@pytest.fixture
def admin_member(db):
    return make_member("root", is_staff=True, is_superuser=True)


@pytest.fixture
def instant_votes(settings):
    """Votes repeated at test speed are taken back, as a reader's second click later would be."""
    from datetime import timedelta

    settings.VOTE_REPEAT_WINDOW = timedelta(0)


def link_in(message, pattern: str = r"https?://[^\s\"'<>]+") -> str:
    """The first link in an email's plain-text body."""
    match = re.search(pattern, message.body)
    assert match, f"no link in: {message.body}"
    return match.group(0)


def html_elements(html, tag: str | None = None, *, top: bool = False, **attrs) -> list:
    """The elements named ``tag`` (any name if None) with at least the attributes ``attrs``, in
    document order, in an HTML text or inside an element this returned. Parsed as assertInHTML
    parses (django.test.html, on html.parser): attribute order and whitespace do not matter, and
    a class compares as a set of names. ``class_`` stands for ``class``, ``_`` for ``-``
    (``hx_swap_oob``), True for a boolean attribute (``readonly=True``). ``top``: only the
    outermost elements of the text (or the element's own children). Each element has ``name``,
    ``attributes`` (pairs: ``dict()`` them) and ``children``; ``parse_html(needle) in element``
    is assertInHTML's test inside it."""
    from django.test.html import Parser, normalize_attributes

    if isinstance(html, str):
        parser = Parser()
        parser.feed(html)
        parser.close()
        root = parser.root
        root.finalize()
    else:
        root = html
    wanted = normalize_attributes(
        [(name.rstrip("_").replace("_", "-"), value) for name, value in attrs.items()]
    )
    wanted = [(name, None if value is True else value) for name, value in wanted]

    def matches(element) -> bool:
        have = dict(element.attributes)
        return (tag is None or element.name == tag) and all(
            name in have and have[name] == value for name, value in wanted
        )

    def walk(element):
        for child in element.children:
            if not isinstance(child, str):
                yield child
                if not top:
                    yield from walk(child)

    found = [e for e in walk(root) if matches(e)]
    if not top and not isinstance(html, str) and matches(root):
        found.insert(0, root)
    return found


# Browser tests ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and REQUIRE_BROWSER=1 makes browser tests mandatory.")
        pytest.skip(f"{reason}: browser tests skipped.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


DATA_MIGRATIONS = [
    "articles.migrations.0002_editors_group_and_support_page",
    "accounts.migrations.0005_default_ladder",
    "comments.migrations.0003_moderators_group",
]


@pytest.fixture
def migrated_data(transactional_db):
    """Transactional tests empty the tables after each test, data migrations' rows included
    (groups, pages): they are made again here, with the migrations' own code."""
    from django.apps import apps

    for name in DATA_MIGRATIONS:
        importlib.import_module(name).forwards(apps, None)


@pytest.fixture
def live_site(live_server, migrated_data):
    return live_server


@pytest.fixture
def page(browser, live_site):
    context = browser.new_context(base_url=live_site.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


# Articles ---------------------------------------------------------------------------------------


def make_category(slug: str = "langages", name: str = "Langages"):
    from articles.models import Category

    return Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_article(author, slug: str = "rust-2030", **fields):
    from django.utils import timezone

    from articles.models import Article

    fields.setdefault("title", f"Titre de {slug}")
    fields.setdefault("lead", "Un chapeau qui résume la nouvelle.")
    fields.setdefault("body", "Le corps de l'article, en **Markdown**.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timezone.timedelta(hours=1))
    fields.setdefault("category", make_category())
    return Article.objects.create(author=author, slug=slug, **fields)


@pytest.fixture
def editor(db):
    """A member of the "Rédacteurs" group: writes and publishes articles in the admin."""
    from django.contrib.auth.models import Group

    member = make_member("lea_redaction", is_staff=True)
    member.groups.add(Group.objects.get(name="Rédacteurs"))
    return member


@pytest.fixture
def article(editor):
    return make_article(editor)


# Comments ---------------------------------------------------------------------------------------


def make_comment(article, author, body="Un avis argumenté.", parent=None, **fields):
    """Post through the service, as the site does, and run what waits for the commit
    (notifications, and the emails they queue)."""
    from django.test import TestCase

    from comments import services

    with TestCase.captureOnCommitCallbacks(execute=True):
        comment, _created = services.post_comment(article, author, body, parent=parent)
    if fields:
        for name, value in fields.items():
            setattr(comment, name, value)
        comment.save()
    return comment


@pytest.fixture
def yannick(db):
    """Another member, who argues with camille."""
    return make_member("yannick")


@pytest.fixture
def moderator(db):
    """A member of the "Modérateurs" group."""
    from django.contrib.auth.models import Group

    member = make_member("modo", is_staff=True)
    member.groups.add(Group.objects.get(name="Modérateurs"))
    return member


# French typography ------------------------------------------------------------------------------

NNBSP, NBSP = "\u202f", "\u00a0"


def french(text: str) -> str:
    """An interface string typed plainly, as the catalogue writes it: the typographic apostrophe,
    a narrow no-break space (U+202F) before ? ! ; : and inside « », a no-break space (U+00A0)
    between a number and the word it counts and in dates ("Le 14/06/2025 à 15:24"). Members'
    own text is never written so (test_typography)."""
    text = text.replace("'", "\u2019")
    text = re.sub(r"[ \u00a0\u202f]+([?!;:])", NNBSP + r"\1", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NNBSP + "»", text)
    text = re.sub(r"\bLe (\d\d/\d\d/\d{4}) à (\d)", f"Le{NBSP}\\1 à{NBSP}\\2", text)
    return re.sub(r"(?<![\d/:])(\d+) (?=[^\W\d])", r"\1" + NBSP, text)
