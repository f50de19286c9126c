"""Discussing in a real browser: replies and votes in place, and the same without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommentVote

from .conftest import make_comment
from .test_browser_articles import log_in

pytestmark = pytest.mark.browser
# Assertions wait as long as the page fixture's actions do, on a busy machine too.
expect.set_options(timeout=10_000)


def test_reply_appears_in_place_and_the_vote_changes_in_place(
    page, live_site, article, camille, yannick
):
    parent = make_comment(article, yannick, "Qui utilise encore Perl ?")
    log_in(page, live_site, "camille")
    page.goto(article.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    card = page.locator(f"#c{parent.pk}")

    card.get_by_role("link", name="Répondre").click()
    textarea = page.locator(f"#reply-form-{parent.pk} textarea")
    expect(textarea).to_be_focused()
    textarea.fill("Moi, pour mes scripts d'administration.")
    page.get_by_role("button", name="Publier la réponse").click()
    reply = page.locator(f"#comment-{parent.pk} .replies article.comment").first
    expect(reply).to_contain_text("Moi, pour mes scripts d'administration.")
    expect(reply).to_be_focused()
    assert Comment.objects.get(parent=parent).author == camille

    # Opening the reply form again keeps the reply just posted.
    card.get_by_role("link", name="Répondre").click()
    expect(page.locator(f"#reply-form-{parent.pk} textarea")).to_be_focused()
    expect(reply).to_contain_text("Moi, pour mes scripts d'administration.")

    # Voting with the keyboard: the focus stays on the button used.
    up = card.locator("button[value=up]")
    up.focus()
    page.keyboard.press("Enter")
    expect(card.locator("button[value=up]")).to_have_attribute("aria-pressed", "true")
    expect(card.locator("button[value=up]")).to_be_focused()
    expect(card.locator("button[value=up] .vote__count")).to_have_text("1")
    assert page.evaluate("window.notReloaded") is True
    assert CommentVote.objects.get().comment == parent
    assert page.console_errors == []


def test_new_comment_at_the_bottom_in_place(page, live_site, article, camille):
    log_in(page, live_site, "camille")
    page.goto(article.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    form = page.locator("#comment-form")
    form.get_by_label("Votre message").fill("Premier !")
    form.get_by_role("button", name="Publier").click()
    expect(page.locator("#comment-list")).to_contain_text("Premier !")
    # The form is fresh again, ready for another comment.
    expect(page.locator("#comment-form textarea")).to_have_value("")
    page.locator("#comment-form textarea").fill("Second message.")
    page.locator("#comment-form").get_by_role("button", name="Publier").click()
    expect(page.locator("#comment-list")).to_contain_text("Second message.")
    assert page.evaluate("window.notReloaded") is True
    assert Comment.objects.count() == 2


def test_reply_and_vote_without_javascript(browser, live_site, article, camille, yannick):
    parent = make_comment(article, yannick, "Tabs ou espaces ?")
    context = browser.new_context(base_url=live_site.url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_site, "camille")
    page.goto(article.get_absolute_url())
    page.locator(f"#c{parent.pk}").get_by_role("link", name="Répondre").click()
    # The reply's own page, not the article's form for a new comment.
    expect(page).to_have_url(re.compile(rf"/commentaires/{parent.pk}/repondre/$"))
    page.get_by_label("Votre message").fill("Espaces, évidemment.")
    page.get_by_role("button", name="Publier la réponse").click()
    # Back on the article, at the reply: only then is it stored for certain.
    expect(page).to_have_url(re.compile(r"/actualites/rust-2030/#comment-\d+$"))
    reply = Comment.objects.get(parent=parent)
    expect(page).to_have_url(re.compile(rf"#comment-{reply.pk}$"))
    expect(page.locator(f"#c{reply.pk}")).to_contain_text("Espaces, évidemment.")
    page.locator(f"#c{parent.pk} button[value=down]").click()
    expect(page).to_have_url(re.compile(rf"#comment-{parent.pk}$"))
    expect(page.locator(f"#c{parent.pk} button[value=down]")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert CommentVote.objects.get(comment=parent).value == -1
    context.close()


def test_new_comments_appear_while_reading_when_the_reader_asks(
    page, live_site, article, camille, yannick, settings
):
    settings.LIVE_POLL_SECONDS = 1
    parent = make_comment(article, camille, "Une question ?")
    log_in(page, live_site, "camille")
    page.goto(article.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    reply = make_comment(article, yannick, "Une réponse en direct.", parent=parent)
    top = make_comment(article, yannick, "Un nouveau fil.")

    notice = page.locator("#live-notice")
    expect(notice).to_have_attribute("aria-live", "polite")
    button = notice.get_by_role("button", name="2 nouveaux commentaires — Afficher")
    expect(button).to_be_visible()
    expect(page.locator(f"#c{reply.pk}")).to_have_count(0)  # nothing moves on its own

    button.focus()
    page.keyboard.press("Enter")
    shown = page.locator(f"#comment-{parent.pk} .replies #c{reply.pk}")
    expect(shown).to_contain_text("Une réponse en direct.")
    expect(shown).to_have_class(re.compile("comment--new"))
    expect(shown).to_be_focused()
    expect(page.locator(f"#comment-list > li:last-child #c{top.pk}")).to_be_visible()
    expect(notice.get_by_role("button")).to_have_count(0)

    # The next one is counted from then on, once.
    later = make_comment(article, yannick, "Encore un.", parent=parent)
    notice.get_by_role("button", name="1 nouveau commentaire — Afficher").click()
    expect(page.locator(f"#c{later.pk}")).to_have_count(1)
    expect(page.locator(f"#c{reply.pk}")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []
