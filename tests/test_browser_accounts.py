"""A real browser signs up, confirms its address from the email, and logs in."""

import pytest
from django.core import mail

from .conftest import PASSWORD, link_in

pytestmark = pytest.mark.browser


def test_sign_up_confirm_and_log_in(page):
    page.goto("/")
    page.get_by_role("link", name="Je m'inscris ! (gratuit)").click()
    form = page.locator("main form")
    form.get_by_label("E-mail").fill("noemie@example.com")
    form.get_by_label("Pseudonyme").fill("noemie")
    form.get_by_label("Mot de passe :").fill(PASSWORD)
    form.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    form.get_by_role("button", name="Création de compte").click()
    page.wait_for_url("**/compte/confirm-email/")
    assert "Vérifiez votre adresse e-mail" in page.content()

    [message] = mail.outbox
    page.goto(link_in(message))
    page.get_by_role("button", name="Confirmer").click()

    # After confirming, allauth asks to log in; use the header's login box.
    login_box = page.locator("header form.login-box")
    login_box.get_by_label("Identifiant").fill("noemie")
    login_box.get_by_label("Mot de passe").fill(PASSWORD)
    login_box.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    assert page.locator(".member-menu__name").inner_text() == "noemie"
    assert page.console_errors == []


def test_admin_works_under_the_content_security_policy(page, admin_member):
    page.goto("/admin/accounts/member/")
    # The admin's login is allauth's page, with its limits.
    form = page.locator("main form")
    form.get_by_label("Identifiant").fill("root")
    form.get_by_label("Mot de passe").fill(PASSWORD)
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/admin/accounts/member/")
    page.get_by_role("link", name="root", exact=True).click()
    page.wait_for_url("**/change/")
    assert page.locator("#id_website").is_visible()
    assert page.console_errors == []
