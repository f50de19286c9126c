"""The moderators' records: members' reports on comments, and the log of every decision.

They keep the ``comments`` app label (and so their tables and permissions) from before the
moderation code had an app of its own: no data had to move."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.reports import Report
from comments.models import Comment


class CommentReport(Report):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off-topic")
        ABUSIVE = "abusive", _("Abusive or insulting")
        OTHER = "other", _("Other")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.CASCADE,
        related_name="comment_reports",
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    details = models.TextField(_("details"), blank=True, max_length=2000)

    class Meta(Report.Meta):
        app_label = "comments"
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="comment_reported_once"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} — #{self.comment_id}"


class ReportedComment(Comment):
    """A comment as the reports queue shows it: one row per reported comment, however many
    members reported it (the reports themselves stay in CommentReport)."""

    class Meta:
        proxy = True
        app_label = "comments"
        verbose_name = _("reported comment")
        verbose_name_plural = _("reported comments")


class ModerationActionQuerySet(models.QuerySet):
    def for_public(self):
        """What readers see of the log: one line per public decision, no private note, no
        reporter (the model keeps none); the template names an article only while it is
        published, and a member only where the decision was about them (public_member)."""
        return (
            self.filter(public=True)
            .select_related("comment__article", "member")
            .only(
                "created_at",
                "action",
                "reason",
                "comment__id",
                "comment__article__slug",
                "comment__article__title",
                "comment__article__status",
                "comment__article__published_at",
                "member__id",
                "member__username",
            )
        )


class ModerationAction(models.Model):
    """One moderator decision, or one the site took by itself (automatic hiding): who, when, what
    and why. Readers see it on the public log, without the private note."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Comment hidden")
        AUTO_HIDE = "auto_hide", _("Comment hidden pending review")
        RESTORE = "restore", _("Comment restored")
        EDIT = "edit", _("Comment edited")
        DELETE = "delete", _("Comment deleted")
        BAN = "ban", _("Member banned")
        UNBAN = "unban", _("Ban lifted")
        RANK = "rank", _("Rank given by hand")
        VOTES = "votes", _("Votes cancelled")
        RESOLVE = "resolve", _("Report resolved")
        DISMISS = "dismiss", _("Report dismissed")
        FORWARD = "forward", _("Report passed to the editors")

    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    reason = models.CharField(_("public reason"), max_length=300, blank=True)
    note = models.TextField(_("private note"), blank=True)
    # On the public log. Off for what only follows from another decision (the reports resolved
    # by hiding their comment, the comments hidden with a ban) so that readers see one line per
    # decision, and for the hiding of a comment later restored (its author did nothing wrong);
    # the moderators' log in the admin keeps every line.
    public = models.BooleanField(_("on the public log"), default=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        app_label = "comments"
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    # Decisions that say nothing against the member: the public log does not name them.
    NAMELESS_IN_PUBLIC = frozenset({Action.RESTORE, Action.DISMISS})

    @property
    def public_member(self):
        """The member the public log names beside this decision, if any."""
        return None if self.action in self.NAMELESS_IN_PUBLIC else self.member
