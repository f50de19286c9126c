"""Shared fixtures: named members, and a real Chromium driven by Playwright."""

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


def link_in(message, pattern: str = r"https?://[^\s\"'<>]+") -> str:
    """The first link in an email's plain-text body."""
    match = re.search(pattern, message.body)
    assert match, f"no link in: {message.body}"
    return match.group(0)


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


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
