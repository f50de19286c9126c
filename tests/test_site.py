"""The page frame, error pages, languages, security headers and the admin's front door."""

import pytest
from django.urls import reverse

from .conftest import french, html_elements

pytestmark = pytest.mark.django_db


def test_anonymous_home_shows_the_login_box(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text.replace("&#x27;", "'")
    assert html_elements(page, "html", lang="fr")
    for text in [
        "Identifiant",
        "Mot de passe",
        "Connexion",
        "Mot de passe oublié ?",
        "Je m'inscris ! (gratuit)",
    ]:
        assert french(text) in page
    assert f'action="{reverse("account_login")}"' in page


def test_member_sees_their_name_and_menu(client, camille):
    client.force_login(camille)
    response = client.get("/")
    assert "camille" in response.text
    assert "Mon compte" in response.text
    assert "Déconnexion" in response.text
    assert 'name="password"' not in response.text


def test_english_is_available(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get("/")
    assert html_elements(response.text, "html", lang="en")
    assert "Forgotten password?" in response.text


def test_unknown_page_is_a_french_404(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert french("Retour à l'accueil") in response.text.replace("&#x27;", french("'"))


def test_content_security_policy_is_enforced_with_nonces(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_ordinary_member_cannot_reach_the_admin(client, camille):
    client.force_login(camille)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_admin_lists_members_with_filters_and_search(client, admin_member, camille, newcomer):
    client.force_login(admin_member)
    url = reverse("admin:accounts_member_changelist")
    response = client.get(url, {"verified": "no"})
    assert response.status_code == 200
    assert "newcomer" in response.text
    assert "camille@example.com" not in response.text
    response = client.get(url, {"q": "camille"})
    assert "camille@example.com" in response.text
    assert "newcomer@example.com" not in response.text
    assert client.get(reverse("admin:accounts_member_add")).status_code == 200


def test_server_error_page_is_french_and_standalone(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Erreur du serveur" in html
    assert html_elements(html, "html", lang="fr")


def test_forbidden_page_is_french(rf, camille):
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = camille
    response = permission_denied(request, exception=None)
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()
