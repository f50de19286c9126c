from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.db import connection, connections, models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts import prepared
from accounts.markdown import Mentions
from accounts.models import Ignore, Member, render_member_text
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

    def to_vote_on(self, pk: int) -> "Comment | None":
        """The comment at ``pk`` if its article is published (else None), with what a vote on
        it needs (its counts, author, status, thread) and its article's slug, in one statement
        written once (accounts.prepared): every vote reads it."""
        return self.to_vote_on_later(pk)()

    def to_vote_on_later(self, pk: int) -> Callable[[], "Comment | None"]:
        """to_vote_on()'s statement run (sent, in a prepared.together() block); the function
        returned reads its answer."""
        now = connections[self.db].ops.adapt_datetimefield_value(timezone.now())
        row = prepared.later(_TO_VOTE_ON_SQL(), [pk, Article.Status.PUBLISHED, now], self.db)

        def comment() -> "Comment | None":
            found = row()
            if found is None:
                return None
            made = prepared.instance(Comment, _VOTED_FIELDS, found[:-1], self.db)
            made.article = Article.from_db(self.db, ("id", "slug"), (made.article_id, found[-1]))
            return made

        return comment

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
            # The right column's latest comments (comments.column): read in this order, the
            # first few found, however many comments there are.
            models.Index(fields=["status", "-created_at", "-id"], name="comment_latest_idx"),
            # What is new in a discussion for a member since their last visit (asked by every
            # page they read: articles.views._STATE), however many comments other discussions
            # get meanwhile.
            models.Index(fields=["article", "status", "created_at"], name="comment_new_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="comment_submitted_once"
            ),
        ]

    def __str__(self):
        return f"{self.author or '—'} : {Truncator(self.body).chars(60)}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        rendering = update_fields is None or "body" in update_fields
        if rendering:
            mentioned = self._render_body()
            new = self._state.adding
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)
        if rendering and (mentioned or not new):  # a new comment without mentions: no query
            self._keep_mentions(mentioned)
        if rendering:
            self.mentioned_ids = mentioned  # who the text links to (read by its notifications)

    def get_absolute_url(self):
        """The permalink: it redirects to the page of the thread that holds the comment."""
        return reverse("comments:permalink", args=[self.pk])

    def _render_body(self) -> list[int]:
        """Render the text, its "@pseudo" linked to the members they name (resolved now, in
        one query, and linked by their id: see README, Mentions). Returns the ids of the
        members linked, in order of first mention."""
        found: dict[str, int] = {}

        def resolve(names: list[str]) -> dict[str, str]:
            members = Member.objects.mentionable().named(names).order_by()
            rows = members.values_list("pk", "username")
            found.update((username.lower(), pk) for pk, username in rows)
            return {name: reverse("accounts:profile", args=[pk]) for name, pk in found.items()}

        mentions = Mentions(resolve)
        self.body_html = render_member_text(self.body, mentions=mentions)
        return list(dict.fromkeys(found[name] for name in mentions.linked))

    def _keep_mentions(self, member_ids: list[int]) -> None:
        """The Mention rows follow the text: who it links to, in order."""
        kept = {
            (member, position): pk
            for pk, member, position in self.mentions.values_list("pk", "member", "position")
        }
        wanted = {(member, position) for position, member in enumerate(member_ids)}
        if gone := [pk for key, pk in kept.items() if key not in wanted]:
            Mention.objects.filter(pk__in=gone).delete()
        if new := wanted - kept.keys():
            Mention.objects.bulk_create(
                Mention(comment=self, member_id=member, position=position)
                for member, position in sorted(new, key=lambda key: key[1])
            )

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


# What a vote reads of its comment (CommentQuerySet.to_vote_on): not its text.
_VOTED_FIELDS = prepared.fields(
    Comment,
    (
        *("id", "article_id", "author_id", "parent_id", "root_id", "depth"),
        *("created_at", "status", "upvotes", "downvotes"),
    ),
)


@cache
def _TO_VOTE_ON_SQL() -> str:
    comments, articles = Comment._meta.db_table, Article._meta.db_table
    return (
        f"SELECT {prepared.columns(Comment, _VOTED_FIELDS)}, "  # noqa: S608
        f'"{articles}"."slug" FROM "{comments}" INNER JOIN "{articles}" '
        f'ON "{articles}"."id" = "{comments}"."article_id" WHERE "{comments}"."id" = %s '
        f'AND "{articles}"."status" = %s AND "{articles}"."published_at" <= %s'
    )


class CommentRevision(models.Model):
    """An earlier version of an edited comment: its text, when it was written, and who replaced
    it (the author, or a moderator). The comment's history page shows each change as a diff of
    this version and the next one; readers see it while the comment is visible, moderators
    always (comments.history)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"))
    # Who made the change that replaced this version (at the next version's created_at, or
    # the comment's edited_at for the latest one). by_moderator is kept as it was then: the
    # editor may leave, or stop being a moderator, and the history must not change with it.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_moderator = models.BooleanField(_("replaced by a moderator"), default=False)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["comment", "-created_at"], name="comment_revision_idx"),
        ]

    def __str__(self):
        return self.body[:60]


class Mention(models.Model):
    """A member linked by "@pseudo" in a comment, kept in step with its text by Comment.save:
    which comments link to a member (their link is taken out when the member leaves), and
    which members an edit adds (comments.notifications.notify_mentions)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    position = models.PositiveSmallIntegerField(default=0)  # order of first mention in the text

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["comment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="mention_once"),
        ]

    def __str__(self):
        return f"@{self.member} ← {self.comment_id}"


class CommentVote(Vote):
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="votes"
    )
    # The comment's article, kept with the vote (a comment never moves): a member's votes in
    # one discussion, which their page of it shows, are one range of an index, however many
    # votes they cast elsewhere. None for a vote cast by the code before it, while it still
    # served (migration 0019). Not checked by the database, and the vote goes with its comment.
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )

    class Meta(Vote.Meta):
        verbose_name = _("comment vote")
        verbose_name_plural = _("comment votes")
        constraints = [
            *Vote.Meta.constraints,
            models.UniqueConstraint(fields=["comment", "member"], name="comment_vote_once"),
        ]
        indexes = [
            models.Index(
                # their votes read from the index alone
                fields=["member", "article", "comment", "value"],
                name="comment_vote_reader_idx",
            )
        ]

    @property
    def target(self):
        return self.comment

    @classmethod
    def values_of(cls, member_id: int, comment_ids) -> dict[int, int]:
        """The member's votes on these comments (a page of a discussion: bounded), by comment."""
        return cls.reader_marks(member_id, comment_ids)[0]

    @classmethod
    def reader_marks(cls, member_id: int, comment_ids) -> tuple[dict[int, int], frozenset[int]]:
        """What a member's page of a discussion shows of their own: their votes on these
        comments (a page: bounded), by comment, and whom they ignore (bounded by MAX_IGNORED).
        One query of our own: the ORM spent longer building an IN of hundreds of ids than the
        database answering it, and the two lists come back together."""
        comment_ids = [int(pk) for pk in comment_ids] or [0]
        quote = connection.ops.quote_name
        votes, ignores = quote(cls._meta.db_table), quote(Ignore._meta.db_table)
        marks = ", ".join(["%s"] * len(comment_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT "comment_id", "value" FROM {votes} '  # noqa: S608 - ids are ints
                f'WHERE "member_id" = %s AND "comment_id" IN ({marks}) '
                f'UNION ALL SELECT "ignored_id", 0 FROM {ignores} WHERE "member_id" = %s',
                [member_id, *comment_ids, member_id],
            )
            rows = cursor.fetchall()
        return (
            {pk: value for pk, value in rows if value},
            frozenset(pk for pk, value in rows if not value),
        )


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


class WeeklyDigest(models.Model):
    """One member's digest of one week (comments.digest). The row is the claim: it is written
    before the email is sent, and the unique constraint lets one run only write it, so that no
    member ever gets two digests for one week, whatever runs at the same time or restarts."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("being sent")
        SENT = "sent", _("sent")
        NOTHING = "nothing", _("nothing to say")
        # Claimed by a run that stopped before saying what became of it (a worker killed in
        # the middle of a batch): the email may have left, so it is never sent again.
        UNKNOWN = "unknown", _("interrupted")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_digests"
    )
    # The Monday (Europe/Paris) of the week whose digest this is.
    week = models.DateField(_("week"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CLAIMED
    )
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    # The run that claimed it: a run reads back the rows it won.
    claimed_by = models.CharField(max_length=32, editable=False, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            models.UniqueConstraint(fields=["member", "week"], name="weekly_digest_once"),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="weekly_digest_status_idx")]

    def __str__(self):
        return f"{self.member} — {self.week}"


class NotificationQuerySet(models.QuerySet):
    def shown(self):
        """Notifications whose comment is still visible under a published article: the others
        are dropped (an article turned back into a draft takes its excerpts with it)."""
        return self.filter(
            comment__status=Comment.Status.VISIBLE, article__in=Article.objects.published()
        )

    def unread(self):
        return self.shown().filter(read_at__isnull=True)

    def addressed(self):
        """Notifications addressed to the member (a reply to them, a mention of them): every
        kind but the news of discussions they follow."""
        return self.exclude(kind=Notification.Kind.FOLLOWED)


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply to your comment")
        FOLLOWED = "followed", _("New comment in a discussion you follow")
        MENTION = "mention", _("Mention of you in a comment")

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
