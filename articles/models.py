from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import prepared
from accounts.markdown import render_markdown
from accounts.models import Member, SavesChangedFields, http_url_validator

from .reports import Report, ReportQuerySet
from .votes import Vote


class Edition(models.Model):
    """One row whose version moves with every editorial change (an article written, published
    or withdrawn, a category, tag, source, question, link or correction changed): pages that
    show other articles (lists, "see also") are cached under it, beside the time of the latest
    publication (which moves without a write, when a scheduled article comes out).

    Its ``activity`` moves with every change of what the right column shows of the discussions
    (comments.column: a comment posted, edited, deleted, hidden or restored, a commenter's name
    changed). On the same row, so that the queries that read a page's versions read it too."""

    version = models.PositiveBigIntegerField(default=0)
    activity = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"edition {self.version}"

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(version=F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})

    @classmethod
    def bump_activity(cls) -> None:
        """Something the right column shows of the discussions changed (call it in the
        transaction of the change). A statement written once: every post makes it."""
        if not prepared.execute(_BUMP_ACTIVITY_SQL(), []):
            cls.objects.get_or_create(pk=1, defaults={"activity": 1})


@cache
def _BUMP_ACTIVITY_SQL() -> str:
    return f'UPDATE "{Edition._meta.db_table}" SET "activity" = "activity" + 1 WHERE "id" = 1'  # noqa: S608


class EditorialChange:
    """Saving or deleting one of these rows is an editorial change (see Edition)."""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Edition.bump()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Edition.bump()
        return result


class Category(EditorialChange, models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", args=[self.slug])


class Tag(EditorialChange, models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, member):
        """Readers see published articles; editors also preview drafts and scheduled ones."""
        # is_staff first: it spares ordinary members the permission queries.
        if member.is_staff and member.has_perm("articles.change_article"):
            return self
        return self.published()

    def for_listing(self):
        return self.select_related("author", "category").order_by("-published_at", "-pk")

    def publish(self) -> int:
        """Publish these drafts (an editorial change: see Edition). Their publication date
        becomes now, unless the editor scheduled a later one: a story written days ago and
        published now is news now, at the top of the home page and the feeds."""
        now = timezone.now()
        with transaction.atomic():
            drafts = self.filter(status=Article.Status.DRAFT)
            drafts.filter(published_at__lte=now).update(published_at=now)
            return self._set_status(Article.Status.PUBLISHED)

    def unpublish(self) -> int:
        """Turn these articles back into drafts (an editorial change: see Edition)."""
        return self._set_status(Article.Status.DRAFT)

    def _set_status(self, status) -> int:
        count = self.update(status=status, version=F("version") + 1)
        Edition.bump()
        return count

    def versions_of(self, slug: str):
        """(pk, version, edition, latest publication, discussion closed, activity, comment
        count, up votes, down votes, shares) of the published article at ``slug``, or None:
        what an anonymous reader's cached page is keyed by, with its right column
        (comments.column), and the counts put in it. Written as SQL, prepared once: building
        this query with the ORM cost more than serving the page from memory."""
        now = connections[self.db].ops.adapt_datetimefield_value(timezone.now())
        row = prepared.row(_VERSIONS_SQL(), [now, slug, Article.Status.PUBLISHED, now], self.db)
        if row is None:
            return None
        return (
            row[0],
            row[1],
            row[2],
            prepared.moment(row[3]),
            bool(row[4]),
            row[5] or 0,
            *row[6:],
        )

    def listing_versions(self, *, category_id=None, tag_id=None) -> tuple:
        """(sum of the versions, number, latest publication) of the published articles (of a
        category, of a tag), then the edition's version, its activity and the latest
        publication of all: what a cached list and its right column are keyed by. One statement
        written once."""
        now = connections[self.db].ops.adapt_datetimefield_value(timezone.now())
        within = "category" if category_id is not None else "tag" if tag_id is not None else ""
        params = [Article.Status.PUBLISHED, now] * 2  # all articles, then those listed
        if within:
            params.append(category_id if within == "category" else tag_id)
        versions, count, latest, edition, activity, latest_of_all = prepared.row(
            _LISTING_SQL(within), params, self.db
        )
        latest, latest_of_all = prepared.moment(latest), prepared.moment(latest_of_all)
        return versions or 0, count, latest, edition or 0, activity or 0, latest_of_all

    def close_discussions(self) -> int:
        """Close these articles' discussions to new comments (their pages change: the version
        moves in the same UPDATE)."""
        return self.filter(comments_closed=False).update(
            comments_closed=True, version=F("version") + 1
        )

    def open_discussions(self) -> int:
        return self.filter(comments_closed=True).update(
            comments_closed=False, version=F("version") + 1
        )

    def touch(self) -> int:
        """Something these articles' pages show has changed: their version moves, and every
        cached rendering of them is unreachable at once. Call it in the transaction of the
        change (see the README's "Caching" for the list of what calls it)."""
        return self.update(version=F("version") + 1)

    def published_with_slug(self, slug: str) -> "Article | None":
        """The published article at ``slug``, or None, in a statement written once (a post
        reads it, as the article page's versions are read: see versions_of)."""
        now = connections[self.db].ops.adapt_datetimefield_value(timezone.now())
        row = prepared.row(
            _PUBLISHED_WITH_SLUG_SQL(), [slug, Article.Status.PUBLISHED, now], self.db
        )
        if row is None:
            return None
        return prepared.instance(Article, prepared.fields(Article, None), row, self.db)

    def count_comments(self, pk: int, delta: int) -> int | None:
        """One more visible comment under the article (or one less: ``delta``), and its version
        moves (what its discussion shows has changed), in one statement written once that says
        how many there are now."""
        row = prepared.row(_COUNT_COMMENTS_SQL(), [delta, pk], self.db)
        return None if row is None else row[0]

    def touch_one(self, pk: int) -> None:
        """touch() for one article, in a statement written once: a vote does it every time
        (sent with its other statements: accounts.prepared.together)."""
        prepared.send(_TOUCH_SQL(), [pk], self.db)

    def search(self, terms: str):
        """Full-text search over title, lead and body: PostgreSQL's French configuration where
        available, a plain case-insensitive match elsewhere (SQLite)."""
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = (
                SearchVector("title", weight="A", config="french")
                + SearchVector("lead", weight="B", config="french")
                + SearchVector("body", weight="C", config="french")
            )
            query = SearchQuery(terms, config="french", search_type="websearch")
            return (
                self.annotate(rank=SearchRank(vector, query))
                .filter(rank__gt=0)
                .order_by("-rank", "-published_at")
            )
        # Elsewhere: every word must appear somewhere; title matches first, then the lead's.
        words = terms.split()
        matches = Q()
        for word in words:
            matches &= Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
        in_title = Q(*(Q(title__icontains=word) for word in words))
        in_lead = Q(*(Q(lead__icontains=word) for word in words))
        rank = Case(When(in_title, then=Value(2)), When(in_lead, then=Value(1)), default=Value(0))
        return self.filter(matches).annotate(rank=rank).order_by("-rank", "-published_at")


@cache
def _PUBLISHED_WITH_SLUG_SQL() -> str:
    table = Article._meta.db_table
    return (
        f"SELECT {prepared.columns(Article, prepared.fields(Article, None))} "  # noqa: S608
        f'FROM "{table}" WHERE "slug" = %s AND "status" = %s AND "published_at" <= %s'
    )


@cache
def _COUNT_COMMENTS_SQL() -> str:
    return (
        f'UPDATE "{Article._meta.db_table}" SET "comment_count" = "comment_count" + %s, '  # noqa: S608
        '"version" = "version" + 1 WHERE "id" = %s RETURNING "comment_count"'
    )


@cache
def _TOUCH_SQL() -> str:
    return f'UPDATE "{Article._meta.db_table}" SET "version" = "version" + 1 WHERE "id" = %s'  # noqa: S608


@cache
def _VERSIONS_SQL() -> str:
    article, edition = Article._meta.db_table, Edition._meta.db_table
    published = Article.Status.PUBLISHED
    return (
        f'SELECT "id", "version", (SELECT "version" FROM "{edition}" WHERE "id" = 1), '  # noqa: S608
        f'(SELECT MAX("published_at") FROM "{article}" WHERE "status" = \'{published}\' '
        f'AND "published_at" <= %s), "comments_closed", '
        f'(SELECT "activity" FROM "{edition}" WHERE "id" = 1), "comment_count", "upvotes", '
        f'"downvotes", "shares" FROM "{article}" WHERE "slug" = %s '
        f'AND "status" = %s AND "published_at" <= %s'
    )


@cache
def _LISTING_SQL(within: str) -> str:
    article, edition = Article._meta.db_table, Edition._meta.db_table
    tags = Article.tags.through._meta.db_table
    where = {
        "": "",
        "category": ' AND "category_id" = %s',
        "tag": f' AND "id" IN (SELECT "article_id" FROM "{tags}" WHERE "tag_id" = %s)',  # noqa: S608
    }[within]
    return (
        f'SELECT SUM("version"), COUNT(*), MAX("published_at"), '  # noqa: S608
        f'(SELECT "version" FROM "{edition}" WHERE "id" = 1), '
        f'(SELECT "activity" FROM "{edition}" WHERE "id" = 1), '
        f'(SELECT MAX("published_at") FROM "{article}" WHERE "status" = %s '
        f'AND "published_at" <= %s) '
        f'FROM "{article}" WHERE "status" = %s AND "published_at" <= %s{where}'
    )


class Article(EditorialChange, SavesChangedFields, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    lead = models.TextField(_("lead"), help_text=_("One paragraph, shown on the home page."))
    body = models.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        help_text=_(
            "A date in the future schedules the article: readers see it from then on. "
            "Publishing a draft dates it to the moment it is published, unless a later date "
            "is set here."
        ),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("see also"),
        through="RelatedArticle",
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # What the page shows, as a number that moves with every change of it (ArticleQuerySet.touch):
    # cached renderings are keyed by it.
    version = models.PositiveBigIntegerField(default=0, editable=False)
    # Counters, moved only by the database (F() updates or counts of the rows behind them).
    upvotes = models.PositiveIntegerField(_("up votes"), default=0, editable=False)
    downvotes = models.PositiveIntegerField(_("down votes"), default=0, editable=False)
    shares = models.PositiveIntegerField(_("shares"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    comments_closed = models.BooleanField(
        _("discussion closed"),
        default=False,
        help_text=_(
            "No new comment nor reply can be posted; the comments already there and their votes "
            "stay."
        ),
    )
    reads = models.PositiveIntegerField(_("reads"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    # The longest body the admin takes, and previews: ten times a long article.
    BODY_MAX_LENGTH = 100_000

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_listing_idx")]

    def __str__(self):
        return self.title

    # Moved by the database alone: an editor's save must not write back the values read when the
    # admin page was opened.
    DATABASE_KEPT = ("upvotes", "downvotes", "shares", "comment_count", "reads", "version")

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if self.is_being_published() and self.published_at <= timezone.now():
            self.published_at = timezone.now()  # see ArticleQuerySet.publish
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    def is_being_published(self) -> bool:
        """Whether this save turns a draft into a published article (a new article written
        as published is not: its date is the one given)."""
        return (
            not self._state.adding
            and self.status == self.Status.PUBLISHED
            and self._loaded().get("status") == self.Status.DRAFT
        )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    def check_accepts_comments(self) -> None:
        """Raise ValidationError when no comment may be posted under the article."""
        if self.comments_closed:
            raise ValidationError(
                _("This discussion is closed: no new comment can be posted in it.")
            )


class Source(EditorialChange, models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address"), blank=True, validators=[http_url_validator])

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Question(EditorialChange, models.Model):
    """A question put to readers in the "Et vous ?" block."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class RelatedArticle(EditorialChange, models.Model):
    """An editor's "Voir aussi" link, in the editor's order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("related article")
        verbose_name_plural = _("see also")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="related_article_once"),
            models.CheckConstraint(
                condition=~Q(article=models.F("target")), name="related_article_not_itself"
            ),
        ]

    def __str__(self):
        return str(self.target)


class Correction(EditorialChange, models.Model):
    """A public note under the article: "Corrigé le … : …"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    note = models.CharField(_("correction"), max_length=500)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.note


class ArticleVote(Vote):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")

    class Meta(Vote.Meta):
        verbose_name = _("article vote")
        verbose_name_plural = _("article votes")
        constraints = [
            *Vote.Meta.constraints,
            models.UniqueConstraint(fields=["article", "member"], name="article_vote_once"),
        ]

    @property
    def target(self):
        return self.article


class ArticleShare(models.Model):
    """One reader's use of a share link: counted once per reader and article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_rows")
    # "m<member id>" for members, "s<hash of the session>" for anonymous readers.
    reader = models.CharField(max_length=80)
    network = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "reader"], name="article_share_once"),
        ]

    def __str__(self):
        return f"{self.article} → {self.network}"


class ArticleRead(models.Model):
    """A member's reading of an article: the first visit (the read counter), and how far they
    have read its discussion: every comment posted until ``seen_until`` has been shown to them;
    later ones are "nouveau". It moves only over what a page actually showed (see
    comments.threads.load_page), so that comments on a page not yet opened stay new."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="read_rows")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_reads"
    )
    read_at = models.DateTimeField(default=timezone.now)
    seen_until = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "member"], name="article_read_once"),
        ]

    def __str__(self):
        return f"{self.member} → {self.article}"


def editors():
    """The editors: active staff members allowed to change articles (the "Rédacteurs" group,
    or the permission given otherwise). Superusers count only when given it explicitly: an
    administrator is not an editor for being able to do everything."""
    return (
        Member.objects.with_perm(
            "articles.change_article",
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True, is_staff=True)
        .order_by("username")
    )


class ErrorReportQuerySet(ReportQuerySet):
    def waiting_for(self, editor):
        """The reports passed to the editors that this editor should look at: those passed
        to them, and those passed to the editors in general."""
        return self.filter(status=ErrorReport.Status.FORWARDED).filter(
            Q(assigned_to=editor) | Q(assigned_to__isnull=True)
        )


class ErrorReport(Report):
    """ "Une erreur dans cette actualité ?": a reader's report. It goes from new to passed to
    the editors (by a moderator, to one editor or to them all), then closes once: corrected,
    with a public note under the article, or rejected, with a reason. The reader who can be
    answered (an address left, or a member) is told by email when it closes."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("error report", "New")
        FORWARDED = "forwarded", _("Passed to the editors")
        RESOLVED = "resolved", _("Corrected")
        DISMISSED = "dismissed", _("Rejected")

    OPEN_STATUSES = (Status.OPEN, Status.FORWARDED)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="error_reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("email address"), blank=True)
    message = models.TextField(_("message"), max_length=10_000)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("passed on by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(_("passed on"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for the editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_error_reports",
        help_text=_("Empty: for all the editors."),
    )
    forward_note = models.TextField(_("note for the editors"), blank=True, max_length=2000)
    reason = models.TextField(
        _("reason given to the reader"),
        blank=True,
        max_length=2000,
        help_text=_("Why the report was rejected: sent to the reader who left an address."),
    )
    correction = models.OneToOneField(
        Correction,
        verbose_name=_("correction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report",
    )
    # When the email telling the reader how their report was closed was claimed for sending
    # (articles.tasks): it leaves once, even if the task runs twice.
    reader_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ErrorReportQuerySet.as_manager()

    class Meta(Report.Meta):
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")

    def __str__(self):
        return f"{self.article} — {self.message[:60]}"

    @property
    def answer_address(self) -> str:
        """Where the reader can be answered: the address they left, or the member's."""
        if self.email:
            return self.email
        return self.reporter.email if self.reporter_id and self.reporter else ""

    def can_be_forwarded_by(self, member) -> bool:
        """Moderators (and editors, to a colleague) pass new reports to the editors."""
        return self.status == self.Status.OPEN and member.has_perm("articles.change_errorreport")

    def can_be_corrected_by(self, member) -> bool:
        """A correction changes the article: the editors' decision."""
        return (
            self.is_open
            and member.has_perm("articles.change_errorreport")
            and member.has_perm("articles.change_article")
        )

    def can_be_rejected_by(self, member) -> bool:
        return self.is_open and member.has_perm("articles.change_errorreport")

    def forward(self, by, to=None, note: str = "") -> bool:
        """Pass a new report to the editors (``to``: one editor; None: all of them), in one
        conditional UPDATE: False, and nothing changed, when it was no longer new."""
        now = timezone.now()
        values = {
            "status": self.Status.FORWARDED,
            "forwarded_by": by,
            "forwarded_at": now,
            "assigned_to": to,
            "forward_note": note,
        }
        passed = ErrorReport.objects.filter(pk=self.pk, status=self.Status.OPEN).update(**values)
        if passed:
            for name, value in values.items():
                setattr(self, name, value)
        return bool(passed)

    def close(self, by, status: str, note: str = "", **fields) -> bool:
        """See Report.close; the reader who can be answered is emailed once it commits."""
        closed = super().close(by, status, note, **fields)
        if closed and self.answer_address:
            from . import tasks

            pk = self.pk
            transaction.on_commit(lambda: tasks.email_report_closed.enqueue(pk))
        return closed

    def correct(self, by, correction_note: str, note: str = "") -> bool:
        """The article was corrected: the public note is published under it and the report
        closes as corrected (False, and nothing published, when it was already closed)."""
        with transaction.atomic():
            if not self.close(by, self.Status.RESOLVED, note):
                return False
            self.correction = Correction.objects.create(article=self.article, note=correction_note)
            self.save(update_fields=["correction"])
        return True

    def reject(self, by, reason: str, note: str = "") -> bool:
        """The report was wrong: it closes as rejected, with the reason the reader is given
        (False when it was already closed)."""
        return self.close(by, self.Status.DISMISSED, note, reason=reason)


class Page(models.Model):
    """A simple page the staff edit in the admin (the support page, about, …)."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page", args=[self.slug])
