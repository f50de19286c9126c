"""Accessibility, measured in a real browser: axe-core (shipped by axe-playwright-python) on the
reader's pages at a phone's and a laptop's width, in both themes, failing on any "serious" or
"critical" violation; every action reachable and usable with the keyboard, with a visible focus
ring; tap targets of 24 by 24 CSS px at least on a phone (the vote buttons 44 by 44); and no sideways
scroll at 320 px, long code and long addresses in comments included."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment, CommentVote, Follow

from .conftest import make_comment
from .test_browser_articles import log_in

pytestmark = pytest.mark.browser
expect.set_options(timeout=10_000)

PHONE, LAPTOP, NARROWEST = (390, 844), (1366, 768), (320, 640)
LONG_CODE = (
    "```python\n" + "x = compute(" + ", ".join(f"argument_{i}" for i in range(40)) + ")\n```"
)
LONG_URL = "https://example.org/" + "un-chemin-tres-long/" * 12 + "?q=" + "x" * 80


@pytest.fixture
def scene(article, camille, yannick):
    """An article with a discussion: others' comments (with long code and a long address),
    camille's own comment, and a reply to it that notifies her."""
    theirs = make_comment(article, yannick, "Un avis, avec du code :\n\n" + LONG_CODE)
    make_comment(article, yannick, f"Une source : <{LONG_URL}>")
    mine = make_comment(article, camille, "Mon propre avis, que je peux modifier.")
    make_comment(article, yannick, "Une réponse à camille.", parent=mine)
    return {"article": article, "theirs": theirs, "mine": mine, "camille": camille}


def _open(browser, site, size, scheme="light", member=None):
    context = browser.new_context(
        base_url=site.url,
        locale="fr-FR",
        viewport={"width": size[0], "height": size[1]},
        color_scheme=scheme,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    if member:
        log_in(page, site, member)
    return context, page


def _pages(scene):
    article = scene["article"]
    anonymous = [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("account_login"),
        reverse("account_signup"),
        scene["camille"].get_absolute_url(),
        reverse("accounts:members"),
    ]
    member = [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("comments:notifications"),
        scene["camille"].get_absolute_url(),
    ]
    return anonymous, member


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url} {v['id']} ({v['impact']}): "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_axe_finds_no_serious_violation(browser, live_site, scene, size, scheme):
    anonymous, member = _pages(scene)
    found = []
    for who, paths in ((None, anonymous), ("camille", member)):
        context, page = _open(browser, live_site, size, scheme, who)
        for path in paths:
            page.goto(path)
            found += _serious(page)
        context.close()
    assert not found, "\n".join(found)


def test_the_dark_theme_chosen_at_the_foot_of_the_page_is_dark_and_passes_axe(
    browser, live_site, scene
):
    """The switch works without JavaScript, and wins over the system's preference."""
    context = browser.new_context(base_url=live_site.url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(scene["article"].get_absolute_url())
    page.select_option("#theme-select", "dark")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.url.endswith(scene["article"].get_absolute_url())
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(17, 21, 26)"  # --wash, dark
    context.close()
    context, page = _open(browser, live_site, LAPTOP)
    context.add_cookies([{"name": "theme", "value": "dark", "url": live_site.url}])
    page.goto(scene["article"].get_absolute_url())
    assert not _serious(page)
    context.close()


def _tab_to(page, selector: str, limit: int = 400):
    """Press Tab until the focus is on ``selector``: it is reachable from the keyboard."""
    target = page.locator(selector).first
    target.wait_for(state="attached")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return target
    raise AssertionError(f"{selector} is not reachable with Tab")


def _has_focus_ring(element) -> bool:
    style = element.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    return style[0] not in ("none", "") and float(style[1].removesuffix("px")) >= 2


def test_the_header_disclosure_works_with_the_keyboard_on_a_phone(browser, live_site, scene):
    context, page = _open(browser, live_site, PHONE)
    page.goto(scene["article"].get_absolute_url())
    # One line: the name, a search button and "Connexion"; the article starts in the first screen.
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 60
    assert page.locator(".article__lead").bounding_box()["y"] < PHONE[1]
    login_field = page.locator("#login-box-login")
    expect(login_field).to_be_hidden()
    toggle = _tab_to(page, ".login-drop__toggle")
    assert _has_focus_ring(toggle)
    page.keyboard.press("Enter")
    expect(login_field).to_be_visible()
    page.keyboard.press("Tab")
    expect(login_field).to_be_focused()
    assert _has_focus_ring(login_field)
    page.keyboard.type("camille")
    page.keyboard.press("Tab")
    page.keyboard.type("Vraiment-Pas-Simple-42")
    page.keyboard.press("Enter")
    expect(page.locator(".member-menu summary")).to_contain_text("camille")
    # The member's menu, from the keyboard too.
    menu = _tab_to(page, ".member-menu summary")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Mon profil")).to_be_visible()
    assert _has_focus_ring(menu)
    context.close()


def test_every_action_is_reachable_and_usable_with_the_keyboard(browser, live_site, scene):
    context, page = _open(browser, live_site, LAPTOP, member="camille")
    article, theirs, mine = scene["article"], scene["theirs"], scene["mine"]
    page.goto(article.get_absolute_url())

    # Vote on someone else's comment.
    up = _tab_to(page, f"#c{theirs.pk} button[value=up]")
    assert _has_focus_ring(up)
    page.keyboard.press("Enter")
    expect(page.locator(f"#c{theirs.pk} button[value=up]")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert CommentVote.objects.filter(comment=theirs, value=1).exists()

    # Reply: the form opens in place, focused; Tab to its button and send.
    page.goto(article.get_absolute_url())
    reply = _tab_to(page, f"#c{theirs.pk} .comment__actions a[href$='repondre/']")
    assert _has_focus_ring(reply)
    page.keyboard.press("Enter")
    textarea = page.locator(f"#reply-form-{theirs.pk} textarea")
    expect(textarea).to_be_focused()
    page.keyboard.type("Répondu au clavier.")
    _tab_to(page, f"#reply-form-{theirs.pk} button[type=submit]", limit=5)
    page.keyboard.press("Enter")
    expect(page.locator(f"#comment-{theirs.pk} .replies")).to_contain_text("Répondu au clavier.")

    # Quote: the form opens with the quote.
    page.goto(article.get_absolute_url())
    _tab_to(page, f"#c{theirs.pk} .comment__actions a[href*='citer=1']")
    page.keyboard.press("Enter")
    expect(page.locator(f"#reply-form-{theirs.pk} textarea")).to_have_value(
        re.compile("yannick a écrit")
    )

    # Report: the report form, from the keyboard.
    page.goto(article.get_absolute_url())
    report = _tab_to(page, f"#c{theirs.pk} .comment__actions a[href*='signaler']")
    assert _has_focus_ring(report)
    page.keyboard.press("Enter")
    expect(page.locator("main form textarea, main form select").first).to_be_visible()

    # Edit one's own comment.
    page.goto(article.get_absolute_url())
    _tab_to(page, f"#c{mine.pk} .comment__actions a[href$='modifier/']")
    page.keyboard.press("Enter")
    edit_box = page.locator(f"#c{mine.pk} textarea")
    expect(edit_box).to_be_focused()  # the form opens in place, on the text
    expect(edit_box).to_have_value(re.compile("Mon propre avis"))
    page.keyboard.press("Control+End")
    page.keyboard.type(" Modifié au clavier.")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.type")
    assert focused == "submit"
    page.keyboard.press("Enter")
    expect(page.locator(f"#c{mine.pk}")).to_contain_text("Modifié au clavier.")

    # Follow the discussion (and stop).
    page.goto(article.get_absolute_url())
    following = Follow.objects.filter(member=scene["camille"], article=article).exists()
    follow = _tab_to(page, ".follow-form button")
    assert _has_focus_ring(follow)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".follow-form button")).to_have_attribute(
        "aria-pressed", "false" if following else "true"
    )

    # Delete one's own comment (confirmed).
    page.goto(article.get_absolute_url())
    page.on("dialog", lambda dialog: dialog.accept())
    delete = _tab_to(page, f"#c{mine.pk} .comment__actions button")
    assert _has_focus_ring(delete)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    if page.locator("main form button[type=submit]").count() and "supprimer" in page.url:
        page.locator("main form button[type=submit]").first.focus()
        page.keyboard.press("Enter")
    expect(page.locator(f"#c{mine.pk}")).to_contain_text("Message supprimé par son auteur")
    assert Comment.objects.get(pk=mine.pk).status == Comment.Status.DELETED
    context.close()


TAP_TARGETS = """() => {
  const targets = [...document.querySelectorAll(
    'a[href], button, summary, input:not([type=hidden]), select, textarea')]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .filter(el => !el.closest('.skip-link, .visually-hidden'));
  const boxes = targets.map(el => el.getBoundingClientRect());
  // A link in a sentence is exempt (WCAG 2.5.8, "inline").
  const inline = el => el.tagName === 'A' && getComputedStyle(el).display === 'inline'
    && [...el.parentElement.childNodes].some(n => n !== el && n.nodeType === 3 && n.textContent.trim());
  const small = [];
  targets.forEach((el, i) => {
    const box = boxes[i];
    if (box.width >= 24 && box.height >= 24) return;
    if (inline(el)) return;
    // Spacing exception: a 24 px circle on its centre overlaps no other target.
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const clear = boxes.every((other, j) => {
      if (j === i) return true;
      const dx = Math.max(other.x - cx, 0, cx - (other.x + other.width));
      const dy = Math.max(other.y - cy, 0, cy - (other.y + other.height));
      return Math.hypot(dx, dy) >= 12;
    });
    if (!clear) small.push(`${el.tagName} ${el.className} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
  });
  return small;
}"""


def test_tap_targets_are_big_enough_on_a_phone(browser, live_site, scene):
    anonymous, member = _pages(scene)
    small = []
    for who, paths in ((None, anonymous), ("camille", member)):
        context, page = _open(browser, live_site, PHONE, member=who)
        for path in paths:
            page.goto(path)
            small += [f"{path}: {target}" for target in page.evaluate(TAP_TARGETS)]
        if who:
            page.goto(scene["article"].get_absolute_url())
            for button in page.locator(".vote").all():
                box = button.bounding_box()
                assert box["width"] >= 44 and box["height"] >= 44, box
        context.close()
    assert not small, "\n".join(small)


def test_no_sideways_scroll_at_320_px(browser, live_site, scene):
    anonymous, member = _pages(scene)
    extra = [
        reverse("articles:search") + "?q=titre",
        reverse("accounts:ranks"),
        reverse("moderation:log"),
    ]
    wide = []
    for who, paths in ((None, anonymous + extra), ("camille", member)):
        context, page = _open(browser, live_site, NARROWEST, member=who)
        for path in paths:
            page.goto(path)
            if page.locator(".login-drop__toggle").is_visible():
                page.locator(".login-drop__toggle").click()  # the open log-in box too
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                wide.append(f"{path}: {scroll} > {client}")
        context.close()
    assert not wide, "\n".join(wide)
    assert LONG_URL[:40] in scene["article"].comments.values_list("body", flat=True)[1]
