"""The editors' workspace in the admin: the error-report workflow and its emails, the admin's
links for each group, the preview of drafts, the article form and its Markdown preview."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, Correction, ErrorReport
from moderation import services
from moderation.models import ModerationAction

from .conftest import html_elements, make_article, make_category, make_member

pytestmark = pytest.mark.django_db
N = "\u202f"  # the narrow no-break space of French typography
A = "\u2019"  # its apostrophe


@pytest.fixture
def ines(db):
    """A second editor."""
    member = make_member("ines_redaction", is_staff=True)
    member.groups.add(Group.objects.get(name="Rédacteurs"))
    return member


def make_report(article, message="Le chiffre du deuxième paragraphe est faux.", **fields):
    return ErrorReport.objects.create(article=article, message=message, **fields)


def decide(client, report, decision, **data):
    """Fill in and send the decision's form as the report's page shows it, CSRF token and
    all (the client checks it, as a browser's request is checked)."""
    client.handler.enforce_csrf_checks = True
    url = reverse("admin:articles_errorreport_change", args=[report.pk])
    page = client.get(url)
    forms = html_elements(page.text, "form", id=f"decision-{decision}")
    if not forms:  # not offered to this member: sent anyway, as a forged request would be
        fields = {"csrfmiddlewaretoken": page.context["csrf_token"], "decision": decision}
    else:
        fields = {
            dict(field.attributes)["name"]: dict(field.attributes).get("value", "")
            for field in html_elements(forms[0], "input", type="hidden")
        }
    fields |= {f"{decision}-{name}": value for name, value in data.items()}
    return client.post(url, fields, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# The workflow -----------------------------------------------------------------------------------


def test_a_moderator_passes_a_report_to_one_editor_who_finds_it_on_their_home(
    client, moderator, editor, ines, article
):
    report = make_report(article)
    client.force_login(moderator)
    page = client.get(reverse("admin:articles_errorreport_change", args=[report.pk])).text
    assert "Le chiffre du deuxième paragraphe est faux." in page
    assert "Transmettre à la rédaction" in page
    assert 'name="correct-correction_note"' not in page  # corrections are the editors'
    assert 'name="reject-reason"' in page  # moderators may reject junk

    response = decide(client, report, "forward", editor=editor.pk, note="Vérifier la source.")
    assert "Le signalement a été transmis à la rédaction." in messages_of(response)
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.FORWARDED
    assert (report.assigned_to, report.forwarded_by) == (editor, moderator)
    assert report.forward_note == "Vérifier la source."
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator) == (ModerationAction.Action.FORWARD, moderator)
    assert editor.username in entry.note

    # Léa finds it on her admin home, with a link to it; Inès, another editor, does not.
    client.force_login(editor)
    home = client.get(reverse("admin:index")).text
    [desk] = html_elements(home, "div", id="editors-desk")
    link = reverse("admin:articles_errorreport_change", args=[report.pk])
    assert html_elements(desk, "a", href=link)
    assert "Vérifier la source." in home
    client.force_login(ines)
    home = client.get(reverse("admin:index")).text
    assert link not in home
    assert f"Aucun signalement d{A}erreur ne vous attend." in home


def test_a_report_passed_to_all_the_editors_waits_on_each_of_their_homes(
    client, moderator, editor, ines, article
):
    report = make_report(article)
    client.force_login(moderator)
    decide(client, report, "forward", editor="", note="")
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.FORWARDED
    assert report.assigned_to is None
    link = reverse("admin:articles_errorreport_change", args=[report.pk])
    for member in (editor, ines):
        client.force_login(member)
        assert link in client.get(reverse("admin:index")).text
        listed = client.get(reverse("admin:articles_errorreport_changelist"), {"pour": "moi"})
        assert link in listed.text
    # Moderators see how many reports are new, not the editors' desk.
    make_report(article, "Une autre erreur")
    client.force_login(moderator)
    home = client.get(reverse("admin:index")).text
    assert f"1 nouveau signalement d{A}erreur" in home
    assert not html_elements(home, "div", id="editors-desk")


def test_an_editor_corrects_and_the_reader_gets_the_correction_by_email(
    client, editor, moderator, article, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(article, email="lecteur@example.org")
    services.forward_error_report(report, moderator)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            client,
            report,
            "correct",
            correction_note="Le chiffre est 42 et non 24.",
            note="Merci au lecteur.",
        )
    assert response.status_code == 200
    assert any("Le lecteur en est informé par e-mail." in m for m in messages_of(response))
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.RESOLVED
    assert report.get_status_display() == "Corrigé"
    assert (report.handled_by, report.note) == (editor, "Merci au lecteur.")
    assert report.correction.note == "Le chiffre est 42 et non 24."
    assert report.reader_emailed_at is not None
    entry = ModerationAction.objects.filter(action=ModerationAction.Action.RESOLVE).get()
    assert entry.moderator == editor
    assert "Le chiffre est 42 et non 24." in entry.reason

    [email] = mailoutbox
    assert email.to == ["lecteur@example.org"]
    assert email.subject == f"[Causerie] Votre signalement sur «{N}{article.title}{N}»{N}: corrigé"
    assert "Le chiffre est 42 et non 24." in email.body
    # Not their own words: the address was typed in the form, it may be anyone's (below).
    assert "Le chiffre du deuxième paragraphe est faux." not in email.body
    assert "http://testserver" not in email.body
    assert article.get_absolute_url() in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Le chiffre est 42 et non 24." in html
    assert "Merci au lecteur." not in email.body + html  # the private note stays private

    page = client.get(article.get_absolute_url()).text
    assert "Le chiffre est 42 et non 24." in page


def test_a_rejected_report_tells_the_member_why(
    client, moderator, article, camille, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(article, reporter=camille)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, report, "reject", reason="", note="")
    assert "Indiquez le motif" in response.text  # asked in place, nothing changed
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, report, "reject", reason="Le chiffre vient du rapport officiel.", note="")
    report.refresh_from_db()
    assert (report.status, report.reason) == (
        ErrorReport.Status.DISMISSED,
        "Le chiffre vient du rapport officiel.",
    )
    assert report.get_status_display() == "Rejeté"
    [email] = mailoutbox
    assert email.to == [camille.email]  # a member is answered at their address
    assert email.subject == f"[Causerie] Votre signalement sur «{N}{article.title}{N}»"
    assert "Bonjour camille," in email.body
    assert "Le chiffre vient du rapport officiel." in email.body
    assert "Le chiffre vient du rapport officiel." in email.alternatives[0][0]
    assert not Correction.objects.exists()
    entry = ModerationAction.objects.get()
    assert entry.action == ModerationAction.Action.DISMISS
    # The public log says a report was rejected, never what the reader was told.
    assert "rapport officiel" not in entry.reason
    assert "rapport officiel" not in client.get(reverse("moderation:log")).text


def test_a_typed_address_is_answered_without_the_text_typed_next_to_it(
    client, moderator, article, camille, mailoutbox, django_capture_on_commit_callbacks
):
    """Anyone may type any address in the form: the site must not mail a stranger the text
    typed beside it (a spammer's link, sent by us). A confirmed member's own words come back."""
    spam = make_report(
        article, message="GAGNEZ 10000 EUR http://arnaque.example/x", email="victime@example.org"
    )
    own = make_report(article, message="Une coquille au titre.", reporter=camille)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_error_report(spam, moderator, "Ce n’est pas une erreur.")
        services.reject_error_report(own, moderator, "C’est voulu.")
    to_stranger, to_member = sorted(mailoutbox, key=lambda email: email.to[0] != spam.email)
    assert to_stranger.to == ["victime@example.org"]
    for part in (to_stranger.body, to_stranger.alternatives[0][0]):
        assert "arnaque" not in part and "GAGNEZ" not in part
    assert "Une coquille au titre." in to_member.body


def test_a_reader_who_left_no_address_gets_no_email(
    editor, article, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(article)
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_article(report, editor, "Coquille corrigée.")
    assert mailoutbox == []


def test_the_answer_leaves_once_even_if_its_task_runs_twice(
    editor, article, mailoutbox, django_capture_on_commit_callbacks
):
    from articles import tasks

    report = make_report(article, email="lecteur@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_error_report(report, editor, "L'article est exact.")
    tasks.email_report_closed.enqueue(report.pk)
    assert len(mailoutbox) == 1


def test_a_failed_answer_is_tried_again(
    editor, article, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMultiAlternatives

    sent = EmailMultiAlternatives.send
    failures = iter([OSError("mail server down")])

    def flaky_send(message, *args, **kwargs):
        if error := next(failures, None):
            raise error
        return sent(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    report = make_report(article, email="lecteur@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_error_report(report, editor, "L'article est exact.")
    assert len(mailoutbox) == 1  # the second try went out


# Two decisions at once ---------------------------------------------------------------------------


def test_a_report_closes_once_when_two_decisions_cross(
    client, editor, ines, article, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(article, email="lecteur@example.org")
    # Both editors opened the report while it was new: each holds an "open" copy.
    seen_by_lea = ErrorReport.objects.get(pk=report.pk)
    seen_by_ines = ErrorReport.objects.get(pk=report.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_article(seen_by_lea, editor, "Date rectifiée.")
        with pytest.raises(services.ModerationError, match="déjà été traité"):
            services.reject_error_report(seen_by_ines, ines, "Rien à corriger.")
        with pytest.raises(services.ModerationError):
            services.correct_article(seen_by_ines, ines, "Une seconde note.")
    report.refresh_from_db()
    assert (report.status, report.handled_by, report.reason) == (
        ErrorReport.Status.RESOLVED,
        editor,
        "",
    )
    assert list(Correction.objects.values_list("note", flat=True)) == ["Date rectifiée."]
    assert ModerationAction.objects.count() == 1
    assert len(mailoutbox) == 1

    # The same through the admin: Inès's page was open before Léa decided.
    client.force_login(ines)
    response = decide(client, report, "reject", reason="Rien à corriger.", note="")
    assert "Ce signalement a déjà été traité." in messages_of(response)
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.RESOLVED
    assert ModerationAction.objects.count() == 1


def test_a_report_is_passed_on_once(moderator, editor, ines, article):
    report = make_report(article)
    first, second = (ErrorReport.objects.get(pk=report.pk) for _ in range(2))
    services.forward_error_report(first, moderator, editor)
    with pytest.raises(services.ModerationError):
        services.forward_error_report(second, moderator, ines)
    report.refresh_from_db()
    assert report.assigned_to == editor
    assert ModerationAction.objects.count() == 1


def test_only_editors_correct_and_only_to_editors_are_reports_passed(
    client, moderator, editor, camille, article
):
    report = make_report(article)
    client.force_login(moderator)
    response = decide(client, report, "correct", correction_note="Corrigé.", note="")
    assert response.status_code == 403
    with pytest.raises(services.ModerationError, match=f"n{A}est pas rédacteur"):
        services.forward_error_report(report, moderator, camille)
    response = decide(client, report, "forward", editor=camille.pk, note="")
    assert "Sélectionnez un choix valide" in response.text
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.OPEN
    assert not ModerationAction.objects.exists()


def test_the_reports_list_shows_the_readers_message_first(client, moderator, article):
    make_report(article, "Le nom du ministre est mal orthographié.", email="lecteur@example.org")
    client.force_login(moderator)
    page = client.get(reverse("admin:articles_errorreport_changelist")).text
    assert "Le nom du ministre est mal orthographié." in page
    assert "Nouveau" in page
    assert "lecteur@example.org" not in page  # readers' addresses are the administrators'


# The preview of an unpublished article -----------------------------------------------------------


def controls_of(page: str, article) -> dict[str, bool]:
    """Which of the controls that work only on a published article a page shows."""
    return {
        "vote": bool(
            html_elements(page, "form", action=reverse("articles:vote", args=[article.slug]))
        ),
        "share": reverse("articles:share", args=[article.slug, "lien"]) in page,
        "follow": reverse("comments:follow", args=[article.slug]) in page,
        "comment": bool(html_elements(page, "div", id="commenter")),
        "report": reverse("articles:report_error", args=[article.slug]) in page,
    }


def test_a_draft_is_previewed_without_the_controls_of_a_published_article(client, editor):
    draft = make_article(editor, "brouillon", title="Un brouillon", status=Article.Status.DRAFT)
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    page = response.text
    [banner] = html_elements(page, "aside", role="status")
    assert f"Aperçu — cet article n{A}est pas publié" in str(banner)
    assert "Brouillon" in str(banner)
    assert html_elements(
        banner, "a", href=reverse("admin:articles_article_change", args=[draft.pk])
    )
    assert "Un brouillon" in page
    assert not any(controls_of(page, draft).values()), controls_of(page, draft)
    assert html_elements(page, "meta", name="robots", content="noindex")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]

    # Published, the same article has every control back, for a member and for anyone.
    Article.objects.filter(pk=draft.pk).publish()
    page = client.get(draft.get_absolute_url()).text
    assert all(controls_of(page, draft).values()), controls_of(page, draft)
    assert "Aperçu" not in page
    client.logout()
    page = client.get(draft.get_absolute_url()).text
    assert controls_of(page, draft)["vote"]
    assert "Aperçu" not in page


def test_a_scheduled_article_is_previewed_too(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    later = make_article(editor, "plus-tard", published_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)
    page = client.get(later.get_absolute_url()).text
    assert f"Aperçu — cet article n{A}est pas publié" in page
    assert "Programmé" in page
    assert not any(controls_of(page, later).values())


def test_a_preview_is_never_cached(client, editor):
    from accounts.cache import local

    draft = make_article(editor, "brouillon", body="Première version.", status="draft")
    client.force_login(editor)
    assert "Première version." in client.get(draft.get_absolute_url()).text
    assert not local.entries  # nothing kept in this process's memory…
    # …nor in the shared cache: a change that moves no version shows at once.
    Article.objects.filter(pk=draft.pk).update(body_html="<p>Seconde version.</p>")
    page = client.get(draft.get_absolute_url()).text
    assert "Seconde version." in page
    assert "Première version." not in page


# The article form ------------------------------------------------------------------------------


def inline_add_texts(page: str) -> dict[str, str]:
    """The « add another » button of each inline, by its prefix (the admin's JavaScript makes
    the button from this data)."""
    import json

    texts = {}
    for group in html_elements(page, "div", class_="js-inline-admin-formset inline-group"):
        data = json.loads(dict(group.attributes)["data-inline-formset"])
        texts[data["options"]["prefix"]] = data["options"]["addText"]
    return texts


def test_the_article_form_speaks_plainly_and_names_the_author(client, editor, ines, camille):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_add")).text
    assert html_elements(page, "h1")[0].children == ["Nouvel article"]
    assert "<title>Nouvel article" in page
    assert "Ajout de article" not in page and "Ajouter article" not in page
    assert inline_add_texts(page) == {
        "sources": "Ajouter une source",
        "questions": f"Ajouter une question «{N}Et vous{N}?{N}»",
        "related_links": f"Ajouter un lien «{N}Voir aussi{N}»",
        "corrections": "Ajouter une correction",
    }
    assert f"Questions «{N}Et vous{N}?{N}», posées aux lecteurs" in page
    assert "objet Source" not in page
    # The author, by name, among those who write; the editor writing by default.
    [author] = html_elements(page, "select", name="author")
    options = {
        child.children[0]: dict(child.attributes) for child in html_elements(author, "option")
    }
    assert "selected" in options[editor.username]
    assert ines.username in options
    assert camille.username not in options
    # A body tall enough to write in, previewed as the site renders it.
    [body] = html_elements(page, "textarea", name="body")
    attributes = dict(body.attributes)
    assert int(attributes["rows"]) >= 20
    assert attributes["hx-post"] == reverse("admin:articles_article_markdown_preview")
    assert attributes["maxlength"] == str(Article.BODY_MAX_LENGTH)
    [button] = html_elements(page, "button", formaction=attributes["hx-post"])
    assert dict(button.attributes)["formmethod"] == "post"  # without JavaScript: a new tab

    article = make_article(editor, "un-sujet", title="Un sujet d'actualité")
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert html_elements(page, "h1")[0].children == [f"Modifier l{A}article"]
    assert "Modification de" not in page


def test_an_article_is_written_with_its_author_chosen_by_name(client, editor, ines):
    category = make_category()
    client.force_login(editor)
    data = {
        "title": "Écrit pour Inès",
        "slug": "pour-ines",
        "category": category.pk,
        "lead": "Le chapeau.",
        "body": "Le corps.",
        "status": "draft",
        "published_at_0": "01/06/2026",
        "published_at_1": "10:00:00",
        "author": ines.pk,
        **{
            f"{prefix}-{name}": "0"
            for prefix in ("sources", "questions", "related_links", "corrections")
            for name in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.get(slug="pour-ines").author == ines
    data |= {"slug": "trop-long", "body": "x" * (Article.BODY_MAX_LENGTH + 1)}
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert not Article.objects.filter(slug="trop-long").exists()


# The Markdown preview --------------------------------------------------------------------------

MARKDOWN = "## Intertitre\n\nDu **gras**, un [lien](https://example.org/) et <script>x()</script>."


@pytest.fixture
def csrf_client(client):
    """A client that checks CSRF tokens, as browsers' requests are checked."""
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def preview(client, body=MARKDOWN, *, htmx=True, token=True):
    url = reverse("admin:articles_article_markdown_preview")
    page = client.get(reverse("admin:articles_article_add"))  # sets the CSRF cookie
    data = {"body": body}
    if token:
        data["csrfmiddlewaretoken"] = page.context["csrf_token"] if page.context else "x"
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, data, headers=headers)


def test_the_markdown_preview_renders_as_the_site_does(csrf_client, editor):
    from accounts.markdown import render_markdown

    csrf_client.force_login(editor)
    response = preview(csrf_client)
    assert response.status_code == 200
    site = render_markdown(MARKDOWN)
    assert response.text.strip() == site.strip()  # in place: the rendering alone
    assert "Intertitre</h" in site
    assert "<script>" not in response.text
    assert html_elements(response.text, "a", href="https://example.org/", rel="nofollow noopener")
    assert "no-store" in response["Cache-Control"]
    # Without JavaScript, the form posted to a new tab: a page of its own.
    response = preview(csrf_client, htmx=False)
    assert response.status_code == 200
    assert site.strip() in response.text
    assert "<title>Aperçu du corps" in response.text


def test_the_markdown_preview_is_the_editors_and_takes_a_csrf_token(
    client, csrf_client, editor, moderator
):
    url = reverse("admin:articles_article_markdown_preview")
    csrf_client.force_login(editor)
    assert preview(csrf_client, token=False).status_code == 403
    assert csrf_client.get(url).status_code == 405
    client.force_login(moderator)  # moderators read articles, they do not write them
    assert client.post(url, {"body": MARKDOWN}).status_code == 403
    client.logout()
    response = client.post(url, {"body": MARKDOWN})
    assert response.status_code == 302  # to the log-in page
    assert "Intertitre" not in response.text


def test_the_markdown_preview_refuses_more_than_an_article_holds(csrf_client, editor, monkeypatch):
    from articles import admin as articles_admin

    csrf_client.force_login(editor)
    assert preview(csrf_client, "x" * Article.BODY_MAX_LENGTH).status_code == 200

    def never(*args, **kwargs):
        raise AssertionError("rendered a text past the bound")

    monkeypatch.setattr(articles_admin, "render_markdown", never)
    response = preview(csrf_client, "x" * (Article.BODY_MAX_LENGTH + 1))
    assert response.status_code == 413
    assert f"Trop long pour l{A}aperçu" in response.text


# Each group sees only what it can open ---------------------------------------------------------


def reachable_links(client, start: str) -> dict[str, tuple[str, int]]:
    """Every link of the ``start`` page and of the pages it links to, on this site, with the
    page it was found on and the status it answers (redirects followed). On the pages reached,
    links to the same address with other parameters (sorting, filters) are tried once."""
    from urllib.parse import urljoin, urlsplit

    def links_of(url: str, html: str) -> list[str]:
        found = []
        for element in html_elements(html, "a"):
            href = dict(element.attributes).get("href")
            if not href or href.startswith(("#", "mailto:", "javascript:")):
                continue
            absolute = urljoin(url, href)
            parts = urlsplit(absolute)
            if parts.netloc not in ("", "testserver"):
                continue  # another site
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return found

    results: dict[str, tuple[str, int]] = {}
    tried_paths = set()
    home = client.get(start)
    assert home.status_code == 200
    pages = [(start, home.text)]
    for link in links_of(start, home.text):
        if link in results:
            continue
        response = client.get(link, follow=True)
        results[link] = (start, response.status_code)
        tried_paths.add(urlsplit(link).path)
        if response.status_code == 200 and link.startswith("/admin/"):
            pages.append((link, response.content.decode()))
    for page_url, html in pages[1:]:
        for link in links_of(page_url, html):
            path = urlsplit(link).path
            if link in results or path in tried_paths:
                continue
            tried_paths.add(path)
            response = client.get(link, follow=True)
            results[link] = (page_url, response.status_code)
    return results


@pytest.fixture
def admin_content(editor, moderator, camille, yannick):
    """Something on every list: an article with a reported comment, a new error report and one
    passed to the editors, a moderation decision."""
    from moderation.services import report_comment

    from .conftest import make_comment

    article = make_article(editor)
    comment = make_comment(article, camille, "Un avis discutable.")
    report_comment(comment, yannick, "off_topic")
    make_report(article, "Une coquille dans le titre.")
    services.forward_error_report(make_report(article, "Le lien est mort."), moderator)
    return article


@pytest.mark.parametrize("who", ["editor", "moderator", "staff", "admin_member"])
def test_every_link_of_the_admin_opens_for_whoever_sees_it(client, admin_content, who, request):
    member = (
        make_member("stagiaire", is_staff=True) if who == "staff" else request.getfixturevalue(who)
    )
    client.force_login(member)
    results = reachable_links(client, reverse("admin:index"))
    failing = {link: found for link, found in results.items() if found[1] != 200}
    assert not failing, failing
    assert len(results) > 2  # the check walked somewhere
    if who == "editor":
        assert reverse("admin:comments_commentreport_changelist") not in " ".join(results)
        assert reverse("admin:articles_article_add") in results
    if who == "moderator":
        assert any(
            link.startswith(reverse("admin:comments_commentreport_changelist")) for link in results
        )


@pytest.mark.parametrize("url", ["admin:index", "admin:articles_errorreport_changelist"])
def test_the_editors_pages_cost_the_same_queries_for_5_or_40_reports(
    client, editor, moderator, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def queries_with(count: int) -> int:
        while ErrorReport.objects.count() < count:
            article = make_article(editor, f"sujet-{ErrorReport.objects.count()}")
            report = make_report(article)
            services.forward_error_report(
                report, moderator, editor if len(article.slug) % 2 else None
            )
            make_report(article, "Encore une erreur")
        client.get(reverse(url))  # the session and the permissions, read once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url)).status_code == 200
        return len(queries)

    assert queries_with(5) == queries_with(40)
