"""Voting on an article in a real browser: in place with htmx, and as a plain form without JS."""

import pytest
from playwright.sync_api import expect

from articles.models import ArticleVote

from .conftest import PASSWORD, make_article

pytestmark = pytest.mark.browser


def log_in(page, username):
    page.goto("/compte/login/")
    form = page.locator("main form")
    form.get_by_label("Identifiant").fill(username)
    form.get_by_label("Mot de passe").fill(PASSWORD)
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url("/")


def test_vote_changes_in_place_without_reload(page, editor, camille):
    article = make_article(editor, "en-place", title="Voter en place")
    log_in(page, "camille")
    page.goto(article.get_absolute_url())
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
    log_in(page, "camille")
    page.goto(article.get_absolute_url())
    page.locator("#votes button[value=up]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/actualites/sans-js/#votes")
    assert page.locator("#votes button[value=up]").get_attribute("aria-pressed") == "true"
    assert page.locator("#votes button[value=up] .vote__count").inner_text() == "1"
    context.close()
