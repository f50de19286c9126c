"""Completing a member's name after "@" in a real browser, with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment, Notification

from .conftest import make_member
from .test_browser_articles import log_in

pytestmark = pytest.mark.browser
expect.set_options(timeout=10_000)


def test_completing_a_name_with_the_keyboard(page, live_site, article, camille, yannick):
    make_member("camelia")
    make_member("camouflee", verified=False)  # not listed: never offered
    log_in(page, live_site, "yannick")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/suggestions/" in r.url else None)
    page.goto(article.get_absolute_url())
    field = page.locator("#comment-form").get_by_label("Votre message")
    field.click()
    expect(field).to_have_attribute("role", "combobox")
    expect(field).to_have_attribute("aria-expanded", "false")

    field.press_sequentially("Bonjour @cam")
    listbox = page.get_by_role("listbox", name="Membres")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("@camelia")
    expect(options.nth(1)).to_contain_text("@camille")
    # The first is active; the arrows move, and wrap around.
    expect(field).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    field.press("ArrowDown")
    field.press("ArrowUp")
    # Enter chooses: the name is completed, the list closes, the focus stays in the field.
    field.press("Enter")
    expect(field).to_have_value("Bonjour @camille ")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(field).to_be_focused()

    # Escape closes without choosing; typing on opens it again; Tab chooses too.
    field.press_sequentially("et @ca")
    expect(listbox).to_be_visible()
    field.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_have_value("Bonjour @camille et @ca")
    field.press_sequentially("me")
    expect(options).to_have_count(1)
    field.press("Tab")
    expect(field).to_have_value("Bonjour @camille et @camelia ")
    expect(field).to_be_focused()

    # Enter with the list closed is a new line, as in any text field.
    field.press("Enter")
    field.press_sequentially("Merci.")
    expect(field).to_have_value("Bonjour @camille et @camelia \nMerci.")

    page.locator("#comment-form").get_by_role("button", name="Publier").click()
    posted = page.locator("article.comment", has_text="Merci.")
    expect(posted.locator("a.mention")).to_have_count(2)
    expect(posted.get_by_role("link", name="@camille")).to_have_attribute(
        "href", f"/membres/{camille.pk}/"
    )
    comment = Comment.objects.get(author=yannick)
    assert set(
        Notification.objects.filter(comment=comment).values_list("recipient__username", flat=True)
    ) == {"camille", "camelia"}
    # Only the name typed goes to the server, never the message.
    assert asked and all("body=" not in url and "Bonjour" not in url for url in asked)
    assert page.console_errors == []


def test_without_javascript_the_field_is_a_plain_textarea(browser, live_site, article, camille):
    context = browser.new_context(base_url=live_site.url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_site, "camille")
        page.goto(article.get_absolute_url())
        field = page.locator("#comment-form textarea")
        expect(field).not_to_have_attribute("role", re.compile(".*"))
        field.fill("Merci @camille")
        page.locator("#comment-form").get_by_role("button", name="Publier").click()
        expect(page.get_by_role("link", name="@camille")).to_be_visible()
    finally:
        context.close()
