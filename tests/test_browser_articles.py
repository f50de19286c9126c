"""Voting on an article in a real browser: in place with htmx, and as a plain form without JS."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Member
from articles.models import ArticleVote

from .conftest import make_article

pytestmark = pytest.mark.browser
# Assertions wait as long as the page fixture's actions do, on a busy machine too.
expect.set_options(timeout=10_000)


def log_in(page, site, username):
    """Give the browser a session of the member's, as the login form would. Logging in through
    the pages is test_browser_accounts' subject; here it would cost each test a second."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(Member.objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": site.url}])


def test_vote_changes_in_place_without_reload(page, live_site, editor, camille):
    article = make_article(editor, "en-place", title="Voter en place")
    log_in(page, live_site, "camille")
    page.goto(article.get_absolute_url())
    expect(page.locator(".member-menu__name")).to_have_text("camille")
    page.evaluate("window.notReloaded = true")
    up = page.locator("#votes button[value=up]")
    down = page.locator("#votes button[value=down]")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up.locator(".vote__count")).to_have_text("1")
    assert page.evaluate("window.notReloaded") is True
    # The other button switches the vote, still in place.
    down.click()
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up.locator(".vote__count")).to_have_text("0")
    expect(down.locator(".vote__count")).to_have_text("1")
    assert page.evaluate("window.notReloaded") is True
    assert ArticleVote.objects.get().value == -1
    assert page.console_errors == []


def test_vote_works_without_javascript(browser, live_site, editor, camille):
    article = make_article(editor, "sans-js", title="Voter sans JavaScript")
    context = browser.new_context(base_url=live_site.url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_site, "camille")
    page.goto(article.get_absolute_url())
    expect(page.locator(".member-menu__name")).to_have_text("camille")
    page.locator("#votes button[value=up]").click()
    expect(page).to_have_url(re.compile(r"/actualites/sans-js/#votes$"))
    expect(page.locator("#votes button[value=up]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#votes button[value=up] .vote__count")).to_have_text("1")
    context.close()
