"""Moderators at work: the admin, the reports queue, bans, the log, and the limits on abuse."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Member
from comments.models import Comment, CommentVote
from moderation import services as moderation
from moderation.models import CommentReport, ModerationAction

from .conftest import PASSWORD, french, html_elements, make_article, make_comment, make_member

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def admin_action(client, model, action, pks, **data):
    url = reverse(f"admin:{model}_changelist")
    return client.post(
        url, {"action": action, "_selected_action": pks, "apply": "1", **data}, follow=True
    )


# Who may do what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "moderator_sees", "editor_sees"),
    [
        ("admin:comments_comment_changelist", True, False),
        ("admin:comments_commentreport_changelist", True, False),
        ("admin:articles_errorreport_changelist", True, True),
        ("admin:accounts_member_changelist", True, False),
        ("admin:comments_moderationaction_changelist", True, False),
        ("admin:comments_commentvote_changelist", True, False),
        ("admin:articles_article_add", False, True),
        ("admin:accounts_rank_add", False, False),
    ],
)
def test_what_each_group_can_reach_in_the_admin(
    client, moderator, editor, camille, url, moderator_sees, editor_sees
):
    for member, allowed in [(moderator, moderator_sees), (editor, editor_sees)]:
        client.force_login(member)
        assert (client.get(reverse(url)).status_code == 200) is allowed, (member, url)
    client.force_login(camille)
    assert client.get(reverse(url)).status_code == 302  # members never reach the admin


def test_moderators_change_only_what_moderation_needs(client, moderator, camille):
    client.force_login(moderator)
    page = client.get(reverse("admin:accounts_member_change", args=[camille.pk])).text
    assert 'name="rank_override"' in page
    assert 'name="is_superuser"' not in page
    assert 'name="email"' not in page
    assert client.get(reverse("admin:comments_moderationaction_add")).status_code == 403


# Decisions and their log -----------------------------------------------------------------------


def test_hide_and_restore_from_the_admin_are_logged(client, moderator, article, camille):
    comment = make_comment(article, camille, "Hors charte")
    client.force_login(moderator)
    # Without a reason: refused, nothing changes.
    response = admin_action(client, "comments_comment", "hide", [comment.pk], reason="", note="")
    assert "Indiquez un motif" in response.text
    comment.refresh_from_db()
    assert comment.is_visible
    admin_action(
        client, "comments_comment", "hide", [comment.pk], reason="Propos injurieux", note="Récidive"
    )
    comment.refresh_from_db()
    article.refresh_from_db()
    camille.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderation_reason) == (
        "hidden",
        moderator,
        "Propos injurieux",
    )
    assert (article.comment_count, camille.message_count) == (0, 0)
    # Hiding it again is a clear error, not a second decision.
    response = admin_action(client, "comments_comment", "hide", [comment.pk], reason="Encore")
    assert french("n'est plus visible") in response.text.replace("&#x27;", "'")
    admin_action(client, "comments_comment", "restore", [comment.pk], note="Après relecture")
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.is_visible and article.comment_count == 1
    log = list(
        ModerationAction.objects.order_by("created_at", "pk").values_list(
            "action", "moderator", "reason", "note"
        )
    )
    assert log == [
        ("hide", moderator.pk, "Propos injurieux", "Récidive"),
        ("restore", moderator.pk, "", "Après relecture"),
    ]


def test_delete_for_good_only_without_replies(client, moderator, article, camille, yannick):
    lonely = make_comment(article, camille, "Spam")
    answered = make_comment(article, camille, "Question")
    make_comment(article, yannick, "Réponse", parent=answered)
    client.force_login(moderator)
    response = admin_action(
        client, "comments_comment", "delete_for_good", [lonely.pk, answered.pk], reason="Spam"
    )
    assert "a des réponses" in response.text
    assert not Comment.objects.filter(pk=lonely.pk).exists()
    assert Comment.objects.filter(pk=answered.pk).exists()
    article.refresh_from_db()
    assert article.comment_count == 2
    assert ModerationAction.objects.get().action == "delete"


def test_moderators_act_while_reading(client, moderator, article, camille):
    comment = make_comment(article, camille, "À masquer en lisant")
    url = reverse("moderation:moderate", args=[comment.pk])
    client.force_login(camille)
    assert client.post(url, {"action": "hide", "reason": "x"}).status_code == 403
    client.force_login(moderator)
    page = client.get(article.get_absolute_url()).text
    assert f'action="{url}"' in page
    response = client.post(url, {"action": "hide", "reason": "Hors sujet"}, headers=HTMX)
    [card, *_] = html_elements(response.text, top=True)
    assert html_elements(
        card, "article", class_="comment comment--removed", id=f"c{comment.pk}"
    ) == [card]
    assert "Message masqué par la modération" in response.text
    assert "À masquer en lisant" in response.text  # moderators still read it
    assert html_elements(card, "button", name="action", value="restore")
    client.logout()
    assert "À masquer en lisant" not in client.get(article.get_absolute_url()).text
    client.force_login(moderator)
    response = client.post(url, {"action": "restore"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_visible
    assert client.post(url, {"action": "explode"}).status_code == 400


def test_reports_queue_resolve_dismiss_and_hide_in_one_step(
    client, moderator, article, camille, yannick, editor
):
    comment = make_comment(article, camille, "Douteux")
    first = CommentReport.objects.create(comment=comment, reporter=yannick, reason="abusive")
    CommentReport.objects.create(comment=comment, reporter=editor, reason="abusive")
    client.force_login(moderator)
    index = client.get(reverse("admin:index")).text
    assert "1 commentaire signalé à traiter" in index
    assert "2 signalements ouverts" in index
    admin_action(
        client, "comments_commentreport", "hide_comment", [first.pk], reason="Injurieux", note=""
    )
    comment.refresh_from_db()
    assert comment.status == "hidden"
    assert set(comment.reports.values_list("status", flat=True)) == {"resolved"}
    actions = set(ModerationAction.objects.values_list("action", flat=True))
    assert actions == {"hide", "resolve"}
    response = admin_action(client, "comments_commentreport", "dismiss", [first.pk], note="")
    assert "déjà été traités" in response.text.replace("&#x27;", "'")


# Bans ------------------------------------------------------------------------------------------


def test_ban_refuses_login_and_posting_ends_sessions_and_ends_itself(
    client, moderator, article, camille
):
    member_client = client.__class__()
    member_client.force_login(camille)
    assert member_client.get(reverse("accounts:account")).status_code == 200
    client.force_login(moderator)
    response = admin_action(
        client, "accounts_member", "ban", [camille.pk], reason="", duration="7d"
    )
    assert "Un bannissement doit avoir un motif." in response.text
    camille.refresh_from_db()
    assert not camille.is_banned
    until = timezone.localtime() + timedelta(days=3)
    admin_action(
        client,
        "accounts_member",
        "ban",
        [camille.pk],
        reason="Insultes répétées",
        duration="until",
        until=until.strftime("%Y-%m-%dT%H:%M"),
        note="Troisième avertissement",
    )
    camille.refresh_from_db()
    assert camille.is_banned and camille.ban_reason == "Insultes répétées"
    # Open sessions end at once.
    assert member_client.get(reverse("accounts:account")).status_code == 302
    # Logging in is refused, saying until when and why.
    anonymous = client.__class__()
    response = anonymous.post(reverse("account_login"), {"login": "camille", "password": PASSWORD})
    assert f"Votre compte est banni jusqu\u2019au {until:%d/%m/%Y} à" in response.text
    assert "Insultes répétées" in response.text
    assert "_auth_user_id" not in anonymous.session
    # Posting is refused too (a session opened another way).
    anonymous.force_login(camille)
    response = anonymous.post(reverse("comments:add", args=[article.slug]), {"body": "Je reviens"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
    # When the ban ends, the member comes back.
    Member.objects.filter(pk=camille.pk).update(banned_until=timezone.now() - timedelta(minutes=1))
    response = client.__class__().post(
        reverse("account_login"), {"login": "camille", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert [a.action for a in ModerationAction.objects.all()] == ["ban"]


def test_ban_for_good_unban_and_expired_ban(client, moderator, camille):
    client.force_login(moderator)
    # An empty length never means for good: "for good" is chosen.
    response = admin_action(client, "accounts_member", "ban", [camille.pk], reason="Spam", until="")
    assert "Choisissez la durée du bannissement." in response.text
    camille.refresh_from_db()
    assert not camille.is_banned
    admin_action(client, "accounts_member", "ban", [camille.pk], reason="Spam", duration="forever")
    camille.refresh_from_db()
    assert camille.is_banned_for_good
    response = admin_action(
        client,
        "accounts_member",
        "ban",
        [camille.pk],
        reason="Spam",
        duration="until",
        until="2020-01-01T10:00",
    )
    assert "dans le futur" in response.text
    admin_action(client, "accounts_member", "unban", [camille.pk], note="Excuses reçues")
    camille.refresh_from_db()
    assert not camille.is_banned
    response = admin_action(client, "accounts_member", "unban", [camille.pk], note="")
    assert french("n'est pas banni") in response.text.replace("&#x27;", "'")
    assert [a.action for a in ModerationAction.objects.order_by("pk")] == ["ban", "unban"]


def test_hide_all_comments_and_cancel_votes_of_a_member(
    client, moderator, article, camille, yannick, instant_votes
):
    from comments import services

    theirs = make_comment(article, yannick, "Un avis")
    services.record_vote(theirs, camille, 1)
    make_comment(article, camille, "Spam 1")
    make_comment(article, camille, "Spam 2")
    client.force_login(moderator)
    admin_action(
        client, "accounts_member", "hide_all_comments", [camille.pk], reason="Compte de spam"
    )
    admin_action(client, "accounts_member", "cancel_votes", [camille.pk], note="")
    article.refresh_from_db()
    theirs.refresh_from_db()
    yannick.refresh_from_db()
    camille.refresh_from_db()
    assert article.comment_count == 1
    assert camille.message_count == 0
    assert (theirs.upvotes, yannick.reputation) == (0, 0)
    assert not CommentVote.objects.exists()


def test_rank_override_from_the_member_page_is_logged(client, moderator, camille):
    from accounts.models import Rank

    client.force_login(moderator)
    rank = Rank.objects.get(name="Membre émérite")
    response = client.post(
        reverse("admin:accounts_member_change", args=[camille.pk]), {"rank_override": rank.pk}
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert camille.rank == rank
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.member, entry.reason) == ("rank", camille, "Membre émérite")


# The public log --------------------------------------------------------------------------------


def test_public_log_shows_decisions_but_no_private_field(
    client, moderator, article, camille, yannick
):
    comment = make_comment(article, camille)
    CommentReport.objects.create(
        comment=comment, reporter=yannick, reason="spam", details="détail secret"
    )
    moderation.hide(comment, moderator, "Publicité", note="note très privée")
    page = client.get(reverse("moderation:log")).text
    assert "Commentaire masqué" in page
    assert "Publicité" in page
    assert article.title in page
    assert "note très privée" not in page
    assert "yannick" not in page
    assert "détail secret" not in page
    assert "modo" not in page


# Limits on abuse -------------------------------------------------------------------------------


def test_automatic_hiding_at_the_threshold_and_first_in_the_queue(
    client, moderator, article, camille, settings
):
    settings.AUTO_HIDE_REPORTS = 3
    calm = make_comment(article, camille, "Calme")
    heated = make_comment(article, camille, "Très discuté")
    reporters = [make_member(f"r{i}") for i in range(3)]
    CommentReport.objects.create(comment=calm, reporter=reporters[0], reason="off_topic")
    for i, reporter in enumerate(reporters):
        client.force_login(reporter)
        client.post(reverse("moderation:report", args=[heated.pk]), {"reason": "abusive"})
        heated.refresh_from_db()
        assert heated.is_visible is (i < 2)
    assert ModerationAction.objects.get().action == "auto_hide"
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_commentreport_changelist")).text
    assert page.index("Très discuté") < page.index("Calme")


def test_newcomers_post_no_links_and_less_often(client, article, settings):
    settings.NEWCOMER_DAYS = timedelta(days=3)
    settings.NEWCOMER_MESSAGES = 3
    newcomer = make_member("nouvelle")
    client.force_login(newcomer)
    url = reverse("comments:add", args=[article.slug])
    for body in [
        "Voyez https://example.com",
        "Voyez [ce lien](https://example.com)",
        "www.example.com",
    ]:
        response = client.post(url, {"body": body})
        assert "Les nouveaux membres ne peuvent pas encore publier de liens" in response.text
    assert not Comment.objects.exists()
    cache.clear()
    settings.NEWCOMER_POSTS_PER_HOUR = 2
    client.post(url, {"body": "Bonjour", "token": "a"})
    client.post(url, {"body": "Encore", "token": "b"})
    response = client.post(url, {"body": "Une troisième", "token": "c"}, follow=True)
    assert french("Les nouveaux membres publient au plus 2 commentaires par heure") in response.text
    assert Comment.objects.count() == 2
    # An established member posts links.
    settings.NEWCOMER_POSTS_PER_HOUR = 3  # the veteran's first three messages, before they count
    veteran = make_member("ancien", date_joined=timezone.now() - timedelta(days=30))
    elsewhere = make_article(article.author, "ailleurs")
    for i in range(3):
        make_comment(elsewhere, veteran, f"Message {i}")
    client.force_login(veteran)
    client.post(url, {"body": "Voyez https://example.com", "token": "d"})
    assert Comment.objects.filter(author=veteran, article=article).exists()


def test_votes_on_one_members_comments_are_capped_per_day(
    client, article, camille, yannick, settings
):
    settings.VOTES_PER_AUTHOR_PER_DAY = 2
    comments = [make_comment(article, yannick, f"Avis {i}") for i in range(3)]
    client.force_login(camille)
    for comment in comments[:2]:
        client.post(reverse("comments:vote", args=[comment.pk]), {"value": "up"})
    response = client.post(
        reverse("comments:vote", args=[comments[2].pk]), {"value": "up"}, follow=True
    )
    assert french(
        "Vous avez déjà beaucoup voté pour les commentaires de ce membre aujourd'hui."
    ) in response.text.replace("&#x27;", "'")
    assert CommentVote.objects.count() == 2
    # Changing a vote already cast stays possible.
    client.post(reverse("comments:vote", args=[comments[0].pk]), {"value": "down"})
    assert CommentVote.objects.get(comment=comments[0]).value == -1


def test_heated_threads_cool_down(client, article, camille, yannick, settings):
    settings.COOLDOWN_FREE_MESSAGES = 2
    # A step far longer than the test takes, however slow: the third message must wait.
    settings.COOLDOWN_STEP_SECONDS = 10 * 60
    top = make_comment(article, yannick, "Tabs ou espaces ?")
    client.force_login(camille)
    url = reverse("comments:add", args=[article.slug])
    client.post(url, {"body": "Espaces.", "parent": top.pk, "token": "1"})
    client.post(url, {"body": "Toujours.", "parent": top.pk, "token": "2"})
    response = client.post(url, {"body": "Et je le répète.", "parent": top.pk, "token": "3"})
    assert french("Cette discussion s'échauffe : patientez") in response.text.replace("&#x27;", "'")
    assert Comment.objects.filter(author=camille).count() == 2
    # Elsewhere on the page, no wait.
    client.post(url, {"body": "Autre sujet.", "token": "4"})
    assert Comment.objects.filter(author=camille).count() == 3
    # Later, the member may go on.
    Comment.objects.filter(author=camille).update(created_at=timezone.now() - timedelta(minutes=30))
    client.post(url, {"body": "Et je le répète.", "parent": top.pk, "token": "5"})
    assert Comment.objects.filter(author=camille).count() == 4


def test_vote_report_lists_one_sided_voters(
    client, moderator, article, camille, yannick, instant_votes
):
    from comments import services

    for i in range(5):
        services.record_vote(make_comment(article, yannick, f"Avis {i}"), camille, 1)
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_commentvote_report")).text
    assert "camille" in page and "yannick" in page


def test_moderators_still_see_and_can_restore_hidden_comments_without_replies(
    client, moderator, article, camille
):
    comment = make_comment(article, camille, "Masqué sans réponse")
    moderation.hide(comment, moderator, "Hors sujet")
    assert "Masqué sans réponse" not in client.get(article.get_absolute_url()).text
    client.force_login(moderator)
    page = client.get(article.get_absolute_url()).text
    assert "Masqué sans réponse" in page
    assert html_elements(page, "button", name="action", value="restore")


# Regressions found in review --------------------------------------------------------------------


def test_moderators_cannot_touch_staff_accounts(client, moderator, admin_member, editor):
    client.force_login(moderator)
    page = client.get(reverse("admin:accounts_member_change", args=[admin_member.pk])).text
    assert 'name="rank_override"' not in page  # read-only for moderators
    response = client.post(
        f"/admin/accounts/member/{admin_member.pk}/password/",
        {"password1": "Pirate-123-Pirate", "password2": "Pirate-123-Pirate"},
    )
    assert response.status_code == 403
    admin_member.refresh_from_db()
    assert admin_member.check_password(PASSWORD)
    response = admin_action(
        client, "accounts_member", "ban", [editor.pk], reason="Coup d'État", duration="7d"
    )
    assert "Seul un administrateur" in response.text
    editor.refresh_from_db()
    assert not editor.is_banned


def test_a_banned_member_stays_out_through_a_password_reset(client, moderator, camille):
    from django.core import mail

    from .conftest import link_in

    moderation.ban(camille, moderator, "Spam", None)
    client.post(reverse("account_reset_password"), {"email": "camille@example.com"})
    response = client.get(link_in(mail.outbox[-1]), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "Nouveau-Secret-99", "password2": "Nouveau-Secret-99"}, follow=True
    )
    assert "_auth_user_id" not in client.session
    assert "Votre compte est banni définitivement" in response.text


def test_no_report_on_a_comment_no_longer_visible(client, moderator, article, camille, yannick):
    comment = make_comment(article, yannick, "Texte masqué, à ne plus lire")
    moderation.hide(comment, moderator, "Données personnelles")
    client.force_login(camille)
    response = client.get(reverse("moderation:report", args=[comment.pk]))
    assert response.status_code == 404
    assert "Texte masqué, à ne plus lire" not in response.text
    assert (
        client.post(reverse("moderation:report", args=[comment.pk]), {"reason": "spam"}).status_code
        == 404
    )


def test_restoring_closes_the_reports_and_dismissing_them_all_restores(
    moderator, article, camille, settings
):
    settings.AUTO_HIDE_REPORTS = 2
    comment = make_comment(article, camille, "Contesté")
    reporters = [make_member(f"r{i}") for i in range(3)]
    for reporter in reporters[:2]:
        moderation.report_comment(comment, reporter, "abusive")
    comment.refresh_from_db()
    assert comment.status == "hidden"
    # Every report dismissed: the comment hidden pending review comes back.
    moderation.close_comment_reports(comment.reports.open(), moderator, "dismissed")
    comment.refresh_from_db()
    assert comment.is_visible
    # Hidden by a moderator then restored: its reports are closed and one more does not hide it.
    moderation.hide(comment, moderator, "Vérification")
    moderation.restore(comment, moderator)
    moderation.report_comment(comment, reporters[2], "abusive")
    comment.refresh_from_db()
    assert comment.is_visible


def test_hiding_from_the_queue_records_the_moderators_decision(
    moderator, article, camille, settings
):
    settings.AUTO_HIDE_REPORTS = 1
    comment = make_comment(article, camille)
    moderation.report_comment(comment, make_member("r"), "spam")
    report = comment.reports.get()
    moderation.hide_reported(report, moderator, "Publicité confirmée")
    comment.refresh_from_db()
    assert (comment.moderated_by, comment.moderation_reason) == (moderator, "Publicité confirmée")
    assert ModerationAction.objects.filter(action="hide", reason="Publicité confirmée").exists()


def test_newcomers_cannot_add_links_by_editing_or_in_their_bio(client, article, settings):
    settings.NEWCOMER_DAYS = timedelta(days=3)
    settings.NEWCOMER_MESSAGES = 3
    newcomer = make_member("nouveau")
    comment = make_comment(article, newcomer, "Bonjour")
    client.force_login(newcomer)
    response = client.post(
        reverse("comments:edit", args=[comment.pk]), {"body": "Spam https://evil.example"}
    )
    assert "Les nouveaux membres ne peuvent pas encore publier de liens" in response.text
    comment.refresh_from_db()
    assert comment.body == "Bonjour"
    response = client.post(
        reverse("accounts:account"), {"website": "", "bio": "[promo](https://evil.example)"}
    )
    assert "Les nouveaux membres ne peuvent pas encore publier de liens" in response.text


def test_saving_a_profile_never_writes_back_stale_counters(client, article, camille, moderator):
    client.force_login(camille)
    stale = Member.objects.get(pk=camille.pk)
    make_comment(article, camille)
    moderation.ban(camille, moderator, "Pendant l'envoi du formulaire", None)
    stale.website = "https://example.org"
    stale.save()
    camille.refresh_from_db()
    assert camille.message_count == 1
    assert camille.is_banned
    assert camille.website == "https://example.org"


def test_deleting_a_member_in_the_admin_puts_their_votes_right(
    client, admin_member, article, camille, yannick, instant_votes
):
    from comments import services

    theirs = make_comment(article, yannick)
    services.record_vote(theirs, camille, 1)
    client.force_login(admin_member)
    client.post(reverse("admin:accounts_member_delete", args=[camille.pk]), {"post": "yes"})
    assert not Member.objects.filter(pk=camille.pk).exists()
    theirs.refresh_from_db()
    yannick.refresh_from_db()
    assert (theirs.upvotes, yannick.reputation) == (0, 0)
