from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import render_member_text
from articles.models import Article
from articles.votes import Vote

MAX_BODY_LENGTH = 10_000


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Comment.Status.VISIBLE)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def shown(self):
        """What a thread shows: visible comments, and removed ones that still have replies
        (as "Message supprimé par son auteur" or "Message masqué par la modération")."""
        replies = Comment.objects.filter(parent=OuterRef("pk"))
        return self.filter(Q(status=Comment.Status.VISIBLE) | Exists(replies))

    def ordered_roots(self, order: str):
        if order == "score":
            return self.order_by(
                (models.F("upvotes") - models.F("downvotes")).desc(), "created_at", "pk"
            )
        return self.order_by("created_at", "pk")


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        DELETED = "deleted", _("Deleted by its author")
        HIDDEN = "hidden", _("Hidden by a moderator")

    # Members' text is never lost silently: an article that has comments cannot be deleted
    # (turn it back into a draft instead, or remove its comments first).
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="comments"
    )
    # Members who leave may keep their comments, signed "membre supprimé": hence SET_NULL.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    # The top-level comment of the thread (None for a top-level comment): a page of threads is
    # loaded in one query by it.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    body = models.TextField(_("message"), max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    upvotes = models.PositiveIntegerField(_("up votes"), default=0, editable=False)
    downvotes = models.PositiveIntegerField(_("down votes"), default=0, editable=False)
    # The form's one-time token: a resubmitted form or a double click finds the comment it
    # already made instead of making a second one.
    # NULL, not "", when there is none: NULLs never collide in the unique constraint.
    submission_token = models.CharField(  # noqa: DJ001
        max_length=40, null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "parent", "created_at"], name="comment_roots_idx"),
            models.Index(fields=["root", "created_at"], name="comment_thread_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="comment_submitted_once"
            ),
        ]

    def __str__(self):
        return f"{self.author or '—'} : {Truncator(self.body).chars(60)}"

    def save(self, *args, **kwargs):
        self.body_html = render_member_text(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The permalink: it redirects to the page of the thread that holds the comment."""
        return reverse("comments:permalink", args=[self.pk])

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.VISIBLE

    @property
    def score(self) -> int:
        return self.upvotes - self.downvotes

    def is_by(self, member) -> bool:
        return member.is_authenticated and self.author_id == member.pk

    def is_editable_by(self, member) -> bool:
        """Authors edit their own visible comment within the edit window."""
        return self.is_by(member) and self.is_visible and self.in_edit_window(self.created_at)

    @staticmethod
    def in_edit_window(created_at, now=None) -> bool:
        """Whether a comment written then may still be edited (also read by
        comments.rendering, which works from plain values)."""
        return (now or timezone.now()) - created_at <= settings.COMMENT_EDIT_WINDOW

    def is_deletable_by(self, member) -> bool:
        return self.is_by(member) and self.is_visible

    def can_be_voted_by(self, member) -> bool:
        """Members vote on others' visible comments, never on their own."""
        return member.is_authenticated and self.is_visible and not self.is_by(member)

    def can_be_reported_by(self, member) -> bool:
        """Members report others' visible comments, never their own."""
        return member.is_authenticated and self.is_visible and not self.is_by(member)

    def is_moderatable_by(self, member) -> bool:
        """Moderators hide and restore comments while reading, except the team's own (see
        Member.may_be_moderated_by)."""
        return bool(
            member.is_authenticated
            and member.is_moderator
            and (self.author is None or self.author.may_be_moderated_by(member))
        )

    def can_be_answered(self) -> bool:
        return self.is_visible


class CommentRevision(models.Model):
    """An earlier version of an edited comment, kept for the moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.body[:60]


class CommentVote(Vote):
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="votes"
    )

    class Meta(Vote.Meta):
        verbose_name = _("comment vote")
        verbose_name_plural = _("comment votes")
        constraints = [
            *Vote.Meta.constraints,
            models.UniqueConstraint(fields=["comment", "member"], name="comment_vote_once"),
        ]

    @property
    def target(self):
        return self.comment


class Follow(models.Model):
    """A member following an article's discussion ("Suivre la discussion")."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)
    # The digest email: when the last one left, and whether one is already on its way.
    last_emailed_at = models.DateTimeField(null=True, blank=True)
    digest_queued = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("followed discussion")
        verbose_name_plural = _("followed discussions")
        constraints = [models.UniqueConstraint(fields=["member", "article"], name="follow_once")]

    def __str__(self):
        return f"{self.member} → {self.article}"


class NotificationQuerySet(models.QuerySet):
    def shown(self):
        """Notifications whose comment is still visible under a published article: the others
        are dropped (an article turned back into a draft takes its excerpts with it)."""
        return self.filter(
            comment__status=Comment.Status.VISIBLE, article__in=Article.objects.published()
        )

    def unread(self):
        return self.shown().filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply to your comment")
        FOLLOWED = "followed", _("New comment in a discussion you follow")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notifications")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "comment"], name="notification_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class Activity(models.Model):
    """One row whose version moves with every change of what the right column shows of the
    discussions (comments.column): a comment posted, edited, deleted, hidden or restored, or a
    commenter's name changed. Editorial changes move the Edition instead."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("discussions' activity")
        verbose_name_plural = _("discussions' activity")

    def __str__(self):
        return f"activity {self.version}"

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})
