"""The moderators' workspace in the admin: the reports queue (one row per reported comment), the
decisions taken from the detail pages with their log entries, bans with their lengths, the public
log's rules, and no link a moderator cannot open."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import BAN_FOREVER
from comments.models import Comment
from moderation import services as moderation
from moderation.models import CommentReport, ModerationAction

from .conftest import html_elements, make_comment, make_member

pytestmark = pytest.mark.django_db
QUEUE = "admin:comments_reportedcomment_changelist"


def decide(client, comment, name, next_url="", **data):
    """Send a decision's form as the comment's page does (fields prefixed by its name)."""
    fields = {f"{name}-{key}": value for key, value in data.items()}
    return client.post(
        reverse("admin:comments_comment_decision", args=[comment.pk, name]),
        {**fields, "next": next_url},
    )


def decide_member(client, member, name, **data):
    fields = {f"{name}-{key}": value for key, value in data.items()}
    return client.post(reverse("admin:accounts_member_decision", args=[member.pk, name]), fields)


def report(comment, *reporters, reason="spam", details=""):
    for reporter in reporters:
        CommentReport.objects.create(
            comment=comment, reporter=reporter, reason=reason, details=details
        )


def public_log(client) -> str:
    return client.get(reverse("moderation:log")).text


def log_lines(client) -> list[str]:
    """The public log's rows, as text."""
    page = public_log(client)
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


# The queue --------------------------------------------------------------------------------------


def test_the_queue_shows_one_row_per_reported_comment_with_its_reasons(
    client, moderator, article, camille, yannick, editor
):
    spam = make_comment(article, camille, "Achetez des montres pas chères sur mon site !")
    report(spam, yannick, editor, reason="spam")
    report(spam, make_member("zoe"), reason="off_topic", details="Rien à voir avec l'article")
    calm = make_comment(article, yannick, "Un avis tranquille, signalé une fois.")
    report(calm, camille, reason="abusive")
    make_comment(article, yannick, "Jamais signalé")
    client.force_login(moderator)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    page = response.text
    assert "<h1>Signalements à traiter</h1>" in page
    assert "Sélectionnez" not in page
    rows = html_elements(page, "tr")[1:]  # the header row first
    assert len(rows) == 2  # three reports of one comment are one row
    assert "Achetez des montres pas chères sur mon site !" in page  # the whole text
    assert "3 signalements" in page and "1 signalement" in page
    assert "Spam ou publicité (2), Hors sujet" in page
    assert "camille" in page and article.title in page
    assert "Jamais signalé" not in page
    # The index says how many comments wait, and leads to the queue.
    index = client.get(reverse("admin:index")).text
    assert "2 commentaires signalés à traiter" in index
    assert f'href="{reverse(QUEUE)}"' in index


def test_the_queue_puts_auto_hidden_then_the_oldest_first(
    client, moderator, article, camille, settings
):
    settings.AUTO_HIDE_REPORTS = 2
    old = make_comment(article, camille, "Signalé il y a longtemps")
    report(old, make_member("r0"), reason="other")
    CommentReport.objects.filter(comment=old).update(created_at=timezone.now() - timedelta(days=2))
    recent = make_comment(article, camille, "Signalé tout récemment")
    report(recent, make_member("r1"), reason="other")
    heated = make_comment(article, camille, "Masqué par les signalements")
    for i in range(2):
        moderation.report_comment(heated, make_member(f"s{i}"), "abusive")
    heated.refresh_from_db()
    assert heated.status == "hidden"
    client.force_login(moderator)
    page = client.get(reverse(QUEUE)).text
    assert (
        page.index("Masqué par les signalements")
        < page.index("Signalé il y a longtemps")
        < page.index("Signalé tout récemment")
    )
    assert "Masqué en attente de vérification" in page


def test_confirming_an_automatic_hiding_leaves_one_public_line(
    client, moderator, article, camille, settings
):
    settings.AUTO_HIDE_REPORTS = 2
    comment = make_comment(article, camille, "Insultes")
    for i in range(2):
        moderation.report_comment(comment, make_member(f"s{i}"), "abusive")
    client.force_login(moderator)
    decide(client, comment, "hide", reason="Insultes envers un membre")
    lines = log_lines(client)
    assert len(lines) == 1
    assert "Commentaire masqué" in lines[0] and "Insultes envers un membre" in lines[0]
    assert ModerationAction.objects.count() == 3  # auto_hide, hide, resolve: all kept privately


@pytest.mark.parametrize("url", [QUEUE, "admin:comments_commentreport_changelist"])
def test_the_queue_costs_the_same_queries_for_5_or_50_reported_comments(
    client, moderator, article, camille, url
):
    reporters = [make_member(f"r{i}") for i in range(3)]

    def add(count):
        for i in range(count):
            comment = make_comment(article, camille, f"Message douteux {i}")
            for reporter in reporters[: 1 + i % 3]:
                report(comment, reporter, reason=["spam", "abusive", "other"][i % 3])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(url))
        assert response.status_code == 200
        return len(context.captured_queries)

    client.force_login(moderator)
    add(5)
    with_5 = queries()
    add(45)
    assert queries() == with_5


def test_the_queue_fits_1366_pixels(page, live_server):
    """Seen in a browser as a moderator sees it: the table is not cut at 1366 px."""
    from django.contrib.auth.models import Group

    from .conftest import PASSWORD, make_article

    moderator = make_member("modo", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Modérateurs"))
    author = make_member("auteur")
    article = make_article(
        moderator, slug="une-actualite-au-titre-assez-long-pour-passer-a-la-ligne"
    )
    for i in range(4):
        comment = make_comment(article, author, "Un message assez long pour occuper la place. " * 8)
        report(comment, make_member(f"r{i}"), reason="abusive", details="Insultant")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("input[name=login]", "modo")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}{reverse(QUEUE)}")
    assert page.locator("#result_list tbody tr").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    table = page.locator("#result_list").bounding_box()
    assert table["x"] + table["width"] <= 1366
    # A row opens the comment, with its decisions.
    page.locator("#result_list tbody tr").first.locator("a").first.click()
    page.get_by_text("Masquer", exact=True).click()
    page.get_by_label("Motif public").first.fill("Insultes")
    page.get_by_role("button", name="Masquer le commentaire").click()
    page.wait_for_url(f"**{reverse(QUEUE)}")
    assert "Commentaire masqué. 1 signalement traité." in page.content()
    assert page.locator("#result_list tbody tr").count() == 3


# Decisions from the detail pages ----------------------------------------------------------------


def test_the_comment_page_shows_the_comment_its_context_and_the_decisions(
    client, moderator, article, camille, yannick
):
    question = make_comment(article, yannick, "Quelqu'un a essayé la version 2 ?")
    answer = make_comment(article, camille, "Oui, et c'est **nul**, comme toi.", parent=question)
    report(answer, yannick, reason="abusive", details="Il m'insulte")
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_comment_change", args=[answer.pk])).text
    assert "<strong>nul</strong>" in page  # the comment as on the site
    assert "Quelqu&#x27;un a essayé la version 2 ?" in page  # what it answers
    assert article.title in page
    assert "Il m&#x27;insulte" in page
    assert "yannick</a>" not in page.split("case__reports")[1]  # never who reported
    buttons = [el.children[0] for el in html_elements(page, "summary")]
    assert buttons == [
        "Masquer",
        "Supprimer définitivement",
        "Bannir l\u2019auteur",
        "Classer le signalement",
    ]
    forms = html_elements(page, "form", class_="decision__form")
    assert all(html_elements(form, "input", name="csrfmiddlewaretoken") for form in forms)
    assert 'name="ENREGISTRER"' not in page and 'name="_save"' not in page
    # The report's page offers the same decisions about its comment.
    page = client.get(
        reverse("admin:comments_commentreport_change", args=[answer.reports.get().pk])
    ).text
    assert "<strong>nul</strong>" in page and "Classer le signalement" in page


def test_hide_from_the_comment_page_resolves_its_reports_and_logs_one_line(
    client, moderator, article, camille, yannick, editor
):
    comment = make_comment(article, camille, "Publicité")
    report(comment, yannick, editor)
    client.force_login(moderator)
    page_url = reverse("admin:comments_comment_change", args=[comment.pk])
    # Without a reason: the form comes back with its error, the comment shown above it.
    response = decide(client, comment, "hide", page_url, reason="", note="")
    assert response.status_code == 200
    assert "Indiquez un motif" in response.text and "Publicité" in response.text
    comment.refresh_from_db()
    assert comment.is_visible
    response = decide(client, comment, "hide", page_url, reason="Spam", note="Compte jetable")
    assert response.status_code == 302 and response["Location"] == page_url
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderation_reason) == (
        "hidden",
        moderator,
        "Spam",
    )
    assert set(comment.reports.values_list("status", flat=True)) == {"resolved"}
    private = list(
        ModerationAction.objects.order_by("pk").values_list("action", "reason", "note", "public")
    )
    assert private == [
        ("hide", "Spam", "Compte jetable", True),
        ("resolve", "", "2 signalements clos.\nCompte jetable", False),
    ]
    follow = client.get(page_url).text
    assert "Commentaire masqué. 2 signalements traités." in follow
    assert [line.split(" ", 4)[-1] for line in log_lines(client)] == [
        f"Commentaire masqué un commentaire sous {article.title} , camille Spam"
    ]


def test_restore_from_the_comment_page_and_the_public_log_forgets_the_member(
    client, moderator, article, camille
):
    comment = make_comment(article, camille, "Mal compris")
    moderation.hide(comment, moderator, "Propos injurieux")
    assert "camille" in public_log(client)
    client.force_login(moderator)
    response = decide(client, comment, "restore", note="Relu : c'était de l'ironie")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_visible
    client.logout()
    page = public_log(client)
    assert "camille" not in page and "Propos injurieux" not in page
    assert "Commentaire rétabli" in page
    # The moderators' log keeps every line.
    assert list(
        ModerationAction.objects.order_by("pk").values_list("action", "member", "public")
    ) == [("hide", camille.pk, False), ("restore", camille.pk, True)]


def test_delete_for_good_from_the_comment_page(client, moderator, article, camille):
    comment = make_comment(article, camille, "Lien vers un site frauduleux")
    client.force_login(moderator)
    queue = reverse(QUEUE)
    response = client.post(
        reverse("admin:comments_comment_decision", args=[comment.pk, "delete"]),
        {
            "delete-reason": "Arnaque",
            "next": reverse("admin:comments_comment_change", args=[comment.pk]),
            "next_if_gone": queue,
        },
    )
    assert response.status_code == 302 and response["Location"] == queue
    assert not Comment.objects.filter(pk=comment.pk).exists()
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.member, entry.reason) == ("delete", camille, "Arnaque")
    assert "Lien vers un site frauduleux" in entry.note  # the text stays for the moderators


def test_dismiss_the_reports_of_a_comment_is_one_line(
    client, moderator, article, camille, yannick, editor, settings
):
    settings.AUTO_HIDE_REPORTS = 3
    comment = make_comment(article, camille, "Un avis qui dérange")
    for reporter in [yannick, editor, make_member("zoe")]:
        moderation.report_comment(comment, reporter, "abusive")
    comment.refresh_from_db()
    assert comment.status == "hidden"
    assert "camille" in public_log(client)  # hidden pending review, named
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_comment_change", args=[comment.pk])).text
    assert "Classer les 3 signalements" in page
    response = decide(client, comment, "dismiss", note="Désaccord, pas une insulte")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_visible  # every report dismissed: it comes back
    assert set(comment.reports.values_list("status", flat=True)) == {"dismissed"}
    client.logout()
    lines = log_lines(client)
    assert len(lines) == 1 and "Signalement rejeté" in lines[0]
    assert "camille" not in public_log(client)


def test_ban_the_author_from_the_comment_page_with_its_withdrawal(
    client, moderator, article, camille, yannick
):
    spam = [make_comment(article, camille, f"Pub {i}") for i in range(3)]
    report(spam[0], yannick)
    report(spam[1], yannick)
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_comment_change", args=[spam[0].pk])).text
    # The preview: what the one step will touch, before confirming.
    assert "3 messages visibles à masquer, 2 signalements ouverts à traiter" in page
    response = decide(
        client,
        spam[0],
        "ban_author",
        reason="Spam",
        duration="forever",
        withdraw="on",
        note="",
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert camille.is_banned_for_good and camille.message_count == 0
    assert not Comment.objects.visible().filter(author=camille).exists()
    assert not CommentReport.objects.open().exists()
    assert set(CommentReport.objects.values_list("status", flat=True)) == {"resolved"}
    assert [line.split(" ", 4)[-1] for line in log_lines(client)] == ["Membre banni camille Spam"]
    assert set(ModerationAction.objects.values_list("action", "public")) == {
        ("ban", True),
        ("hide", False),
        ("resolve", False),
    }
    assert "Banni définitivement" in client.get(response["Location"]).text


def test_moderators_cannot_decide_about_the_team_nor_members_about_anything(
    client, moderator, admin_member, editor, article, camille
):
    staff_comment = make_comment(article, editor, "Mot de la rédaction")
    report(staff_comment, camille)
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_comment_change", args=[staff_comment.pk])).text
    assert "decision__form" not in page  # no button on the team's comments
    for name in ["hide", "delete", "ban_author", "dismiss"]:
        response = decide(client, staff_comment, name, reason="x", duration="7d")
        assert response.status_code == 403
    page = client.get(reverse("admin:accounts_member_change", args=[admin_member.pk])).text
    assert "decision__form" not in page
    assert decide_member(client, admin_member, "ban", reason="x", duration="7d").status_code == 403
    staff_comment.refresh_from_db()
    admin_member.refresh_from_db()
    assert staff_comment.is_visible and not admin_member.is_banned
    # Members do not reach the admin at all; a GET changes nothing either.
    comment = make_comment(article, camille, "Texte")
    client.force_login(camille)
    response = decide(client, comment, "hide", reason="x")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(moderator)
    client.get(reverse("admin:comments_comment_decision", args=[comment.pk, "hide"]))
    comment.refresh_from_db()
    assert comment.is_visible and not ModerationAction.objects.exists()


def test_a_decision_that_no_longer_applies_is_refused(client, moderator, article, camille):
    comment = make_comment(article, camille)
    client.force_login(moderator)
    assert decide(client, comment, "restore", note="").status_code == 403  # not hidden
    assert decide(client, comment, "dismiss", note="").status_code == 403  # no report
    assert decide(client, comment, "explode").status_code == 403


# Members and bans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "length"),
    [("1d", timedelta(hours=24)), ("7d", timedelta(days=7)), ("30d", timedelta(days=30))],
)
def test_ban_durations_from_the_member_page(client, moderator, camille, duration, length):
    client.force_login(moderator)
    before = timezone.now()
    response = decide_member(client, camille, "ban", reason="Insultes", duration=duration)
    assert response.status_code == 302
    camille.refresh_from_db()
    assert before + length <= camille.banned_until <= timezone.now() + length
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.member, entry.reason) == ("ban", camille, "Insultes")
    page = client.get(response["Location"]).text
    end = timezone.localtime(camille.banned_until)
    assert f"Banni jusqu\u2019au {end:%d/%m/%Y} à {end.hour}:{end:%M}" in page


def test_ban_until_a_picked_date_and_for_good_only_when_chosen(client, moderator, camille):
    client.force_login(moderator)
    page = client.get(reverse("admin:accounts_member_change", args=[camille.pk])).text
    [picker] = html_elements(page, "input", name="ban-until")
    assert dict(picker.attributes)["type"] == "datetime-local"
    # No length chosen: refused, never "for good" by default.
    response = decide_member(client, camille, "ban", reason="Spam", until="")
    assert "Choisissez la durée du bannissement." in response.text
    response = decide_member(client, camille, "ban", reason="Spam", duration="until", until="")
    assert "Choisissez le jour et l\u2019heure" in response.text
    camille.refresh_from_db()
    assert not camille.is_banned
    end = (timezone.localtime() + timedelta(days=12)).replace(second=0, microsecond=0)
    response = decide_member(
        client, camille, "ban", reason="Spam", duration="until", until=f"{end:%Y-%m-%dT%H:%M}"
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert camille.banned_until == end
    # Lifted, then for good when chosen so.
    assert decide_member(client, camille, "unban", note="Excuses").status_code == 302
    decide_member(client, camille, "ban", reason="Récidive", duration="forever")
    camille.refresh_from_db()
    assert camille.banned_until == BAN_FOREVER
    assert [a.action for a in ModerationAction.objects.order_by("pk")] == ["ban", "unban", "ban"]


def test_the_members_list_says_how_long_a_ban_lasts(client, moderator, camille, yannick):
    moderation.ban(camille, moderator, "Spam", None)
    end = timezone.now() + timedelta(days=7)
    moderation.ban(yannick, moderator, "Insultes", end)
    client.force_login(moderator)
    page = client.get(reverse("admin:accounts_member_changelist")).text
    assert "Banni définitivement" in page
    end = timezone.localtime(end)
    assert f"Banni jusqu\u2019au {end:%d/%m/%Y}" in page
    cells = html_elements(page, "td", class_="field-banned")
    assert len(cells) == 3 and not any(html_elements(cell, "img") for cell in cells)  # no tick


def test_the_member_is_told_banned_as_the_admin_says(client, moderator, camille):
    from .conftest import PASSWORD

    moderation.ban(camille, moderator, "Spam", timezone.now() + timedelta(days=1))
    response = client.post(reverse("account_login"), {"login": "camille", "password": PASSWORD})
    assert "Votre compte est banni jusqu\u2019au" in response.text
    assert "suspendu" not in response.text


def test_member_page_decisions_hide_all_and_cancel_votes(
    client, moderator, article, camille, yannick
):
    for i in range(2):
        make_comment(article, camille, f"Message {i}")
    client.force_login(moderator)
    page = client.get(reverse("admin:accounts_member_change", args=[camille.pk])).text
    assert "Masquer ses 2 messages" in page
    assert "2 messages</a>" in page  # not "2 message(s)"
    response = decide_member(client, camille, "hide_all", reason="Compte de spam")
    assert response.status_code == 302
    assert "2 messages masqués." in client.get(response["Location"]).text
    response = decide_member(client, camille, "cancel_votes", note="")
    assert "0 vote annulé." in client.get(response["Location"]).text
    assert [a.action for a in ModerationAction.objects.order_by("pk")] == ["hide", "votes"]


# Wording ----------------------------------------------------------------------------------------


def test_admin_actions_speak_proper_plurals(client, moderator, article, camille):
    comments = [make_comment(article, camille, f"Message {i}") for i in range(2)]
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {
            "action": "hide",
            "_selected_action": [comments[0].pk],
            "apply": "1",
            "reason": "Hors sujet",
        },
        follow=True,
    )
    assert "Masquer des commentaires\u202f: fait pour 1 élément." in response.text
    assert "(s)" not in response.text
    response = client.post(
        reverse("admin:accounts_member_changelist"),
        {"action": "clear_rank_override", "_selected_action": [camille.pk]},
        follow=True,
    )
    assert "0 membre de retour" in response.text and "(s)" not in response.text


# Public log -------------------------------------------------------------------------------------


def test_closing_several_reports_of_a_comment_is_one_public_line(
    client, moderator, article, camille, yannick, editor
):
    comment = make_comment(article, camille, "Discutable")
    report(comment, yannick, editor, make_member("zoe"))
    client.force_login(moderator)
    # From the list of reports, the three selected at once.
    client.post(
        reverse("admin:comments_commentreport_changelist"),
        {
            "action": "resolve",
            "_selected_action": list(comment.reports.values_list("pk", flat=True)),
            "apply": "1",
            "note": "",
        },
    )
    assert not comment.reports.open().exists()
    lines = log_lines(client)
    assert len(lines) == 1 and "Signalement traité" in lines[0]


# No dead links ----------------------------------------------------------------------------------


def test_no_link_in_the_moderators_admin_answers_403(
    client, moderator, editor, admin_member, article, camille, yannick, settings
):
    """Every admin page a moderator can reach from the index, followed link by link: none
    answers 403 (what they cannot open is not shown to them)."""
    settings.AUTO_HIDE_REPORTS = 2
    comment = make_comment(article, camille, "Signalé")
    reply = make_comment(article, yannick, "Réponse", parent=comment)
    for reporter in [yannick, make_member("zoe")]:
        moderation.report_comment(comment, reporter, "abusive")
    report(reply, camille, reason="other")
    moderation.ban(make_member("banni"), moderator, "Spam", None)
    make_comment(article, editor, "Mot de la rédaction")
    client.force_login(moderator)
    start = reverse("admin:index")
    seen, queue, refused = set(), [start], []
    while queue and len(seen) < 250:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == 403:
            refused.append(url)
            continue
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for href in re.findall(r'href="([^"#]+)"', response.text):
            href = href.replace("&amp;", "&")
            path = urlsplit(href).path
            if not path.startswith("/admin/") or "/logout" in path:
                continue
            if "?" in href and len([u for u in seen if u.startswith(path)]) > 3:
                continue  # enough of a list's sorting and filtering links
            if href not in seen:
                queue.append(href)
    assert not refused, refused
    assert reverse(QUEUE) in seen
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in "".join(seen)
