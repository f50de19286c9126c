"""Sign-up, email confirmation, log-in, log-out and password recovery, through allauth."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Member

from .conftest import PASSWORD, link_in

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")


def signup(client, **overrides):
    data = {
        "email": "alix@example.com",
        "username": "alix",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return client.post(SIGNUP, data)


def test_signup_confirm_login_logout(client):
    response = signup(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    member = Member.objects.get(username="alix")
    assert not EmailAddress.objects.get(user=member).verified

    # Not confirmed yet: logging in leads back to "check your email", not into the site.
    response = client.post(LOGIN, {"login": "alix", "password": PASSWORD})
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    [message] = [m for m in mail.outbox if "alix@example.com" in m.to]
    assert message.subject.startswith("[Causerie]")
    confirm_url = link_in(message)
    response = client.get(confirm_url)
    assert response.status_code == 200
    assert "Confirmer" in response.text
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=member).verified

    response = client.post(LOGIN, {"login": "alix", "password": PASSWORD}, follow=True)
    assert response.context["user"] == member
    assert "alix" in response.text
    assert "Déconnexion" in response.text

    client.post(LOGOUT)
    assert "_auth_user_id" not in client.session

    # The email address works as the identifier too, in any case.
    response = client.post(LOGIN, {"login": "ALIX@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_logout_needs_a_post(client, camille):
    client.force_login(camille)
    client.get(LOGOUT)
    assert "_auth_user_id" in client.session
    client.post(LOGOUT)
    assert "_auth_user_id" not in client.session


def test_a_session_lasts_until_the_password_changes_or_the_account_is_closed(client, camille):
    account = reverse("accounts:account")
    client.post(LOGIN, {"login": "camille", "password": PASSWORD})
    assert client.get(account).status_code == 200
    camille.set_password("Un-Autre-Mot-De-Passe-7")  # changed elsewhere (another browser)
    camille.save()
    assert client.get(account).status_code == 302  # to the log-in page
    client.post(LOGIN, {"login": "camille", "password": "Un-Autre-Mot-De-Passe-7"})
    assert client.get(account).status_code == 200
    Member.objects.filter(pk=camille.pk).update(is_active=False)
    assert client.get(account).status_code == 302


def test_a_request_reads_the_session_and_its_member_in_one_query(client, camille):
    """The session names its member (accounts.Session): one statement reads both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Session

    account = reverse("accounts:account")
    client.post(LOGIN, {"login": "camille", "password": PASSWORD})
    assert Session.objects.get(session_key=client.session.session_key).member_id == camille.pk
    with CaptureQueriesContext(connection) as queries:
        request = client.get(account).wsgi_request
    assert request.user == camille and request.user.can_take_part()
    assert sum("accounts_member" in query["sql"] for query in queries) == 1
    # A session saved before sessions named their member is read as before, in two.
    Session.objects.filter(member=camille).update(member=None)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(account).wsgi_request.user == camille
    assert sum("accounts_member" in query["sql"] for query in queries) == 2


def test_a_members_sessions_end_with_their_account(client, camille):
    from accounts.models import Session

    client.force_login(camille)
    assert Session.objects.filter(member=camille).exists()
    camille.delete()
    assert not Session.objects.exists()
    assert "_auth_user_id" not in client.session


def test_expired_sessions_are_deleted_now_and_then_in_bounded_batches(client, camille, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from accounts import sessions
    from accounts.models import Session

    past = timezone.now() - timedelta(days=1)
    for number in range(5):
        Session.objects.create(session_key=f"ancienne{number}", session_data="", expire_date=past)
    client.force_login(camille)  # an open one
    assert sessions.purge_expired(batch=3) == 3
    monkeypatch.setattr(sessions, "PURGE_PROBABILITY", 1)  # each new session purges
    client.logout()
    client.force_login(camille)
    assert not Session.objects.filter(expire_date__lte=timezone.now()).exists()
    assert client.get(reverse("accounts:account")).status_code == 200


def test_sessions_opened_before_the_move_stay_open(client, camille):
    """Migration accounts.0014: Django's table's sessions are copied, each with its member."""
    import importlib

    from django.apps import apps
    from django.contrib.sessions.models import Session as DjangoSession

    from accounts.models import Session

    client.force_login(camille)
    session = Session.objects.get()
    Session.objects.all().delete()
    DjangoSession.objects.create(
        session_key=session.session_key,
        session_data=session.session_data,  # the same encoding
        expire_date=session.expire_date,
    )
    importlib.import_module("accounts.migrations.0014_sessions_move_to_accounts").forwards(
        apps, None
    )
    assert Session.objects.get(session_key=session.session_key).member_id == camille.pk
    assert not DjangoSession.objects.exists()
    assert client.get(reverse("accounts:account")).status_code == 200
    # One made by the code before, still serving while the release is deployed, after the
    # migration ran: moved at its first request.
    Session.objects.all().delete()
    DjangoSession.objects.create(
        session_key=session.session_key,
        session_data=session.session_data,
        expire_date=session.expire_date,
    )
    assert client.get(reverse("accounts:account")).status_code == 200
    assert Session.objects.get(session_key=session.session_key).member_id == camille.pk
    assert not DjangoSession.objects.exists()
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(member=camille).exists()
    assert client.get(reverse("accounts:account")).status_code == 302


def test_wrong_password_is_refused_in_french(client, camille):
    response = client.post(LOGIN, {"login": "camille", "password": "pas-le-bon"})
    assert response.status_code == 200
    assert "Le pseudo et/ou le mot de passe sont incorrects" in (
        response.text.replace("&#x27;", "'")
    )
    assert "_auth_user_id" not in client.session


def test_duplicate_email_in_another_case_creates_nothing_and_reveals_nothing(client, camille):
    """Addresses are private: a sign-up with a taken address (in any case) looks like any other
    sign-up to the visitor, creates no account, and the owner of the address is told by email."""
    response = signup(client, email="CAMILLE@Example.com")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert Member.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["camille@example.com"]
    assert "existe déjà" in message.subject + message.body


def test_duplicate_username_in_another_case_is_refused(client, camille):
    response = signup(client, username="Camille")
    assert response.status_code == 200
    assert "Un utilisateur avec ce nom existe déjà." in response.text.replace("&#x27;", "'")
    assert Member.objects.count() == 1


def test_mismatched_passwords_are_refused(client):
    response = signup(client, password2=PASSWORD + "x")
    assert response.status_code == 200
    assert "Vous devez saisir deux fois le même mot de passe." in response.text
    assert not Member.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("123456789012", "Ce mot de passe est entièrement numérique."),
        ("motdepasse", "Ce mot de passe est trop courant."),
        ("a1b2", "Ce mot de passe est trop court."),
    ],
)
def test_weak_passwords_are_refused(client, password, message):
    response = signup(client, password1=password, password2=password)
    assert response.status_code == 200
    assert message in response.text
    assert not Member.objects.exists()


def test_signup_honeypot_creates_nothing(client):
    response = signup(client, telephone="0102030405")
    assert response.status_code == 302
    assert not Member.objects.exists()
    assert not mail.outbox


def test_forgotten_password_end_to_end(client, camille):
    response = client.post(reverse("account_reset_password"), {"email": "camille@example.com"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == ["camille@example.com"]
    reset_url = link_in(message)

    # allauth moves the key into the session and redirects to a key-less address.
    response = client.get(reset_url, follow=True)
    assert response.status_code == 200
    assert "Nouveau mot de passe" in response.text
    form_url = response.redirect_chain[-1][0]
    new_password = "Encore-Plus-Long-2026"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    # Logged in straight away, with the new password in force.
    assert client.session["_auth_user_id"] == str(camille.pk)
    camille.refresh_from_db()
    assert camille.check_password(new_password)


def test_reset_for_unknown_address_looks_the_same(client, camille):
    known = client.post(reverse("account_reset_password"), {"email": "camille@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "personne@example.com"})
    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url
    # The unknown address is told no account exists; no password changes anywhere.
    [to_unknown] = [m for m in mail.outbox if m.to == ["personne@example.com"]]
    assert "http" not in to_unknown.body or "password/reset/key" not in to_unknown.body
    camille.refresh_from_db()
    assert camille.check_password(PASSWORD)


def test_account_page_needs_login(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_account_page_updates_website(client, camille):
    client.force_login(camille)
    response = client.post(reverse("accounts:account"), {"website": "https://camille.example.org"})
    assert response.status_code == 302
    camille.refresh_from_db()
    assert camille.website == "https://camille.example.org"


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "ftp://example.com/", "pas une adresse"]
)
def test_account_page_refuses_unsafe_website(client, camille, website):
    client.force_login(camille)
    response = client.post(reverse("accounts:account"), {"website": website})
    assert response.status_code == 200
    assert "Saisissez une URL valide." in response.text
    camille.refresh_from_db()
    assert camille.website == ""


def test_change_email_requires_reverification(client, camille):
    client.force_login(camille)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "camille.new@example.com"}
    )
    assert response.status_code == 302
    new = EmailAddress.objects.get(email="camille.new@example.com")
    assert not new.verified
    assert any(m.to == ["camille.new@example.com"] for m in mail.outbox)


def test_change_password(client, camille):
    client.force_login(camille)
    new_password = "Tout-Nouveau-Secret-7"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert camille.check_password(new_password)
