"""A real browser signs up, confirms its address from the email, and logs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from .conftest import PASSWORD, french, link_in

pytestmark = pytest.mark.browser
# Assertions wait as long as the page fixture's actions do, on a busy machine too.
expect.set_options(timeout=10_000)


def test_sign_up_confirm_and_log_in(page):
    page.goto("/")
    page.get_by_role("link", name=french("Je m'inscris ! (gratuit)")).click()
    expect(page).to_have_url(re.compile(r"/compte/signup/$"))
    form = page.locator("main form")
    form.get_by_label("E-mail").fill("noemie@example.com")
    form.get_by_label("Pseudonyme").fill("noemie")
    form.get_by_label("Mot de passe :").fill(PASSWORD)
    form.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    form.get_by_role("button", name="Création de compte").click()
    expect(page).to_have_url(re.compile(r"/compte/confirm-email/$"))
    expect(page.locator("main")).to_contain_text("Vérifiez votre adresse e-mail")

    # The email left with the response the browser has just shown.
    [message] = mail.outbox
    page.goto(link_in(message))
    page.get_by_role("button", name="Confirmer").click()

    # Confirming in the browser that signed up logs in, and leads home, where it started.
    expect(page.locator(".member-menu__name")).to_have_text("noemie")
    expect(page).to_have_url(re.compile(r"://[^/]+/$"))
    # Out, and in again with the header's login box.
    page.locator(".member-menu summary").click()
    page.get_by_role("button", name="Déconnexion").click()
    login_box = page.locator("header form.login-box")
    login_box.get_by_label("Identifiant").fill("noemie")
    login_box.get_by_label("Mot de passe").fill(PASSWORD)
    login_box.get_by_role("button", name="Connexion").click()
    expect(page.locator(".member-menu__name")).to_have_text("noemie")
    assert page.console_errors == []


def test_admin_works_under_the_content_security_policy(page, admin_member):
    page.goto("/admin/accounts/member/")
    # The admin's login is allauth's page, with its limits.
    form = page.locator("main form")
    form.get_by_label("Identifiant").fill("root")
    form.get_by_label("Mot de passe").fill(PASSWORD)
    form.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(r"/admin/accounts/member/$"))
    page.get_by_role("link", name="root", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/accounts/member/{admin_member.pk}/change/$"))
    expect(page.locator("#id_website")).to_be_visible()
    assert page.console_errors == []
