"""A newcomer signs up from an article (or from "Quote" under a comment) and, once the emailed link
is confirmed, is logged in and back where they were; "check your email" sends the email again."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.core.internal import ratelimit
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Member

from .conftest import PASSWORD, french, html_elements, link_in, make_comment

# Assertions wait as long as the page fixture's actions do, on a busy machine too.
expect.set_options(timeout=10_000)

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
DONE = reverse("account_email_verification_sent")
RESEND = reverse("accounts:resend_confirmation")


def text_of(element) -> str:
    return "".join(c if isinstance(c, str) else text_of(c) for c in element.children).strip()


def links(html, text: str) -> list[str]:
    """The addresses of the links reading ``text`` in ``html`` (a page or an element of it)."""
    return [dict(a.attributes)["href"] for a in html_elements(html, "a") if text_of(a) == text]


def form_data(html, action: str, **fields) -> dict:
    """What a browser sends with the form posting to ``action`` in ``html`` (a page or an
    element of it): its hidden fields, plus ``fields``."""
    [form] = html_elements(html, "form", action=action)
    data = {
        dict(i.attributes)["name"]: dict(i.attributes).get("value", "")
        for i in html_elements(form, "input", type="hidden")
    }
    return {**data, **fields}


def next_of(url: str) -> str | None:
    [value] = parse_qs(urlsplit(url).query).get("next", [None])
    return value


def sign_up_from(client, url: str, username: str = "alix", email: str = "alix@example.com"):
    """Open the sign-up page at ``url`` and send its form as a browser does."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(
        page.text,
        SIGNUP,
        email=email,
        username=username,
        password1=PASSWORD,
        password2=PASSWORD,
    )
    return client.post(SIGNUP, data)


CONFIRM_PREFIX = "/compte/confirm-email/"


def confirm(client, message):
    """Follow the emailed link and press "Confirmer", as a browser does."""
    url = link_in(message)
    page = client.get(url)
    assert page.status_code == 200
    # The page's form posts to a key made anew when the page is rendered (allauth's keys carry
    # the second they were signed in), which is not the emailed one once a second has passed.
    forms = [
        form
        for form in html_elements(page.text, "form")
        if dict(form.attributes).get("action", "").startswith(CONFIRM_PREFIX)
    ]
    assert len(forms) == 1, (url, [text_of(m) for m in html_elements(page.text, "main")])
    [form] = forms
    action = dict(form.attributes)["action"]
    assert [text_of(b) for b in html_elements(form, "button")] == ["Confirmer"]
    return client.post(action, form_data(page.text, action))


def three_minutes_later(email: str) -> None:
    """allauth sends one confirmation per address every three minutes (ACCOUNT_RATE_LIMITS
    ["confirm_email"]): that time has passed."""
    request = RequestFactory().get("/")
    ratelimit.clear(request, app="allauth.account", action="confirm_email", key=email.lower())


def shown(client, response) -> tuple[str, list[str]]:
    """Where a redirect leads, and the messages the page there shows."""
    page = client.get(response.url)
    [flash] = html_elements(page.text, "div", id="flash")
    return response.url, [text_of(p) for p in html_elements(flash, "p")]


def test_create_an_account_under_an_article_comes_back_to_its_comment_form(client, article):
    comment_form = f"{article.get_absolute_url()}#commenter"
    page = client.get(article.get_absolute_url())
    [commenter] = html_elements(page.text, "div", id="commenter")
    [signup_url] = links(commenter, "Créer un compte")
    assert next_of(signup_url) == comment_form

    response = sign_up_from(client, signup_url)
    assert response.status_code == 302
    assert urlsplit(response.url).path == DONE
    member = Member.objects.get(username="alix")
    assert "_auth_user_id" not in client.session

    [message] = mail.outbox
    assert message.to == ["alix@example.com"]
    response = confirm(client, message)
    # Confirmed, logged in, and back on the article's comment form.
    assert response.status_code == 302
    assert response.url == comment_form
    assert client.session["_auth_user_id"] == str(member.pk)
    page = client.get(response.url)
    assert page.context["user"] == member
    [commenter] = html_elements(page.text, "div", id="commenter")
    assert html_elements(commenter, "form", id="comment-form")
    assert "Vous avez confirmé alix@example.com" in page.text.replace("&#x27;", "'")


def test_quote_before_signing_up_opens_the_reply_with_the_quote_after_confirmation(
    client, article, camille
):
    comment = make_comment(article, camille, "Rust 2030 sera mémorable.")
    page = client.get(article.get_absolute_url())
    [quote_url] = links(page.text, "Citer")
    assert quote_url == f"{reverse('comments:reply', args=[comment.pk])}?citer=1"

    # An anonymous reader is asked to log in; the log-in page's link to sign up keeps the reply.
    response = client.get(quote_url)
    assert urlsplit(response.url).path == LOGIN
    assert next_of(response.url) == quote_url
    page = client.get(response.url)
    [main] = html_elements(page.text, "main")
    hrefs = [dict(a.attributes).get("href", "") for a in html_elements(main, "a")]
    [signup_url] = [href for href in hrefs if urlsplit(href).path == SIGNUP]
    assert next_of(signup_url) == quote_url

    response = sign_up_from(client, signup_url)
    assert urlsplit(response.url).path == DONE
    [message] = mail.outbox
    response = confirm(client, message)
    assert response.url == quote_url

    # The reply form is open, with the quote, as after a plain log-in.
    page = client.get(response.url)
    assert page.context["user"].username == "alix"
    assert html_elements(page.text, "form", id=f"reply-form-{comment.pk}")
    quoted = french("camille a écrit :") + "\n&gt; Rust 2030 sera mémorable.\n"
    assert re.search(rf"<textarea [^>]*>\s*{re.escape(quoted)}", page.text)


def test_confirming_in_another_browser_leads_to_log_in_then_to_the_article(client, article):
    """The session that signed up is not there (another browser, a phone): the link still takes
    the newcomer, through the log-in page, back to the article's comment form."""
    comment_form = f"{article.get_absolute_url()}#commenter"
    sign_up_from(client, f"{SIGNUP}?{urlencode({'next': comment_form})}")
    [message] = mail.outbox

    phone = Client()
    response = confirm(phone, message)
    assert "_auth_user_id" not in phone.session
    assert urlsplit(response.url).path == LOGIN
    assert next_of(response.url) == comment_form
    [main] = html_elements(phone.get(response.url).text, "main")
    response = phone.post(LOGIN, form_data(main, LOGIN, login="alix", password=PASSWORD))
    assert response.url == comment_form
    assert phone.session["_auth_user_id"] == str(Member.objects.get(username="alix").pk)


def test_check_your_email_sends_the_email_again(client, article):
    comment_form = f"{article.get_absolute_url()}#commenter"
    response = sign_up_from(client, f"{SIGNUP}?{urlencode({'next': comment_form})}")
    done_url, messages = shown(client, response)
    assert messages == ["E-mail de confirmation envoyé à alix@example.com."]
    page = client.get(done_url)
    assert "Merci de nous contacter" not in page.text
    [form] = html_elements(page.text, "form", action=RESEND)
    assert [text_of(b) for b in html_elements(form, "button")] == [french("Renvoyer l'e-mail")]
    data = form_data(page.text, RESEND)
    assert data["next"] == comment_form
    # Another browser, or much later: logging in sends a new email, and keeps `next` too.
    [main] = html_elements(page.text, "main")
    [login_url] = links(main, "Connectez-vous")
    assert urlsplit(login_url).path == LOGIN and next_of(login_url) == comment_form

    # At once, allauth's limit holds the second email back, and says why.
    response = client.post(RESEND, data)
    assert shown(client, response) == (
        done_url,
        [
            french(
                "Un e-mail vient de vous être envoyé : attendez quelques minutes, et regardez "
                "dans vos courriers indésirables, avant d'en demander un autre."
            )
        ],
    )
    assert len(mail.outbox) == 1

    three_minutes_later("alix@example.com")
    response = client.post(RESEND, data)
    assert shown(client, response) == (
        done_url,
        ["E-mail de confirmation envoyé à alix@example.com."],
    )
    first, second = mail.outbox
    assert second.to == ["alix@example.com"]
    assert second.subject == first.subject

    # The second link confirms too, and goes back to the article's comment form.
    response = confirm(client, second)
    assert response.url == comment_form
    assert client.session["_auth_user_id"]


def test_sending_again_reveals_nothing_about_an_address_already_taken(client, camille):
    """Someone signs up with camille's address: "check your email" and its button behave exactly
    as for a new address, and only camille is told (again) that her account exists."""

    def resend_page(browser, username, email):
        shown(browser, sign_up_from(browser, SIGNUP, username=username, email=email))
        three_minutes_later(email)
        url, messages = shown(browser, browser.post(RESEND))
        [main] = html_elements(browser.get(url).text, "main")
        page = re.sub(r'value="[^"]+"', "", str(main))  # the CSRF token differs
        return url, [m.replace(email, "ADDRESS") for m in messages], page

    newcomer = resend_page(client, "alix", "alix@example.com")
    intruder = resend_page(Client(), "intrus", "camille@example.com")
    assert newcomer == intruder
    assert not Member.objects.filter(username="intrus").exists()
    to_camille = [m for m in mail.outbox if m.to == ["camille@example.com"]]
    assert len(to_camille) == 2
    assert all("existe déjà" in m.subject + m.body for m in to_camille)


def test_sending_again_without_a_sign_up_in_this_browser_sends_nothing(client, newcomer):
    response = client.post(RESEND, {"next": "/"})
    assert urlsplit(response.url).path == LOGIN
    assert next_of(response.url) == "/"
    assert shown(client, response)[1] == [
        french(
            "Aucune inscription n'attend sa confirmation dans ce navigateur. Connectez-vous avec "
            "votre pseudo et votre mot de passe : si votre adresse n'est pas encore confirmée, un "
            "nouvel e-mail vous sera envoyé."
        )
    ]
    assert not mail.outbox
    assert client.get(RESEND).status_code == 405


def test_a_newcomer_banned_before_confirming_is_not_logged_in_by_the_confirmation(
    client, article, moderator
):
    from moderation import services as moderation

    comment_form = f"{article.get_absolute_url()}#commenter"
    sign_up_from(client, f"{SIGNUP}?{urlencode({'next': comment_form})}")
    moderation.ban(Member.objects.get(username="alix"), moderator, "Spam", None)
    [message] = mail.outbox
    response = confirm(client, message)
    assert "_auth_user_id" not in client.session
    url, messages = shown(client, response)
    assert urlsplit(url).path == LOGIN
    assert any("Votre compte est banni définitivement" in m for m in messages)


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "https:evil.example", "\\\\evil"]
)
def test_next_to_another_site_is_ignored(client, db, elsewhere):
    response = sign_up_from(client, f"{SIGNUP}?{urlencode({'next': elsewhere})}")
    assert response.url == DONE
    response = client.post(RESEND, {"next": elsewhere})
    assert response.url == DONE
    [message] = mail.outbox
    assert "evil" not in message.body
    response = confirm(client, message)
    assert response.url == reverse("articles:home")

    # A link made up with such a `next`, opened where no sign-up waits: the log-in page.
    sign_up_from(Client(), SIGNUP, username="bob", email="bob@example.com")
    [message] = [m for m in mail.outbox if m.to == ["bob@example.com"]]
    response = Client().post(urlsplit(link_in(message)).path, {"next": elsewhere})
    assert response.url == LOGIN


# In a real browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_browser_from_the_article_to_its_comment_form_through_sign_up(page, live_site, article):
    """What the client cannot show: the browser lands on the comment form itself (the anchor
    survives every redirect), logged in."""
    # Browser tests share the cache table, where allauth counts emails per address.
    three_minutes_later("maelle@example.com")
    page.goto(article.get_absolute_url())
    page.locator("#commenter").get_by_role("link", name="Créer un compte").click()
    form = page.locator("main form")
    form.get_by_label("E-mail").fill("maelle@example.com")
    form.get_by_label("Pseudonyme").fill("maelle")
    form.get_by_label("Mot de passe :").fill(PASSWORD)
    form.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    form.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_role("button", name=french("Renvoyer l'e-mail"))).to_be_visible()

    [message] = mail.outbox
    page.goto(link_in(message))
    page.get_by_role("button", name="Confirmer").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(article.get_absolute_url())}#commenter$"))
    expect(page.locator(".member-menu__name")).to_have_text("maelle")
    expect(page.locator("#comment-form textarea")).to_be_in_viewport()
    assert page.console_errors == []
