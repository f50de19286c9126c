from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import prepared
from .markdown import has_links, render_member_text
from .signals import member_display_changed

# A ban "for good" lasts until then.
BAN_FOREVER = datetime(9999, 1, 1, tzinfo=UTC)


class Weekday(models.IntegerChoices):
    """Days as Python numbers them (date.weekday()): Monday is 0."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# Only web addresses a browser opens as pages: never javascript:, data:, ftp: or the like.
http_url_validator = URLValidator(schemes=["http", "https"])


class SavesChangedFields:
    """A ``save()`` of a row read earlier writes only the columns this instance changed since
    it was read, never the ones it merely loaded: a request that read the row at its start
    cannot put back stale values over what another request wrote meanwhile (a profile save
    over a password just changed, an editor's save over a vote count). Columns that only the
    database moves (counters kept with F() updates or recounted from rows, bans) are listed in
    ``DATABASE_KEPT`` and never written by a plain save, even when changed in memory.

    Reading costs nothing: the row's values, which Django hands to from_db() anyway, are kept
    as they came and compared only when the instance is saved."""

    DATABASE_KEPT: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._loaded_values = (field_names, values)
        return instance

    def _loaded(self) -> dict:
        loaded = self.__dict__.get("_loaded_values")
        if isinstance(loaded, tuple):
            loaded = self._loaded_values = dict(zip(*loaded, strict=True))
        return loaded if loaded is not None else {}

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        loaded = self._loaded()
        for field in self._meta.concrete_fields:
            if fields is None or field.name in fields or field.attname in fields:
                loaded[field.attname] = getattr(self, field.attname)

    def changed_fields(self) -> list[str]:
        """The columns whose value differs from what was read (all of them for a new row)."""
        loaded = self._loaded()
        missing = object()
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key
            and loaded.get(field.attname, missing) != getattr(self, field.attname)
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            changed = [name for name in self.changed_fields() if name not in self.DATABASE_KEPT]
            if not changed:
                return  # nothing changed: no UPDATE (Django skips an empty update_fields too)
            # "Modified at" columns (auto_now) move with any change, as a full save moves them.
            stamps = [f.name for f in self._meta.concrete_fields if getattr(f, "auto_now", False)]
            kwargs["update_fields"] = [*changed, *stamps]
        super().save(*args, **kwargs)
        if "_loaded_values" in self.__dict__:
            loaded = self._loaded()
            for field in self._meta.concrete_fields:
                loaded[field.attname] = getattr(self, field.attname)


class Rank(models.Model):
    """A step of the ladder ("Membre averti", "Expert éminent"…). Members reach the highest
    rank whose thresholds they meet; staff ranks are only ever given by hand."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    min_messages = models.PositiveIntegerField(_("messages needed"), default=0)
    min_reputation = models.IntegerField(_("reputation needed"), default=0)
    is_staff_rank = models.BooleanField(
        _("staff rank"), default=False, help_text=_("Given by hand, never reached by numbers.")
    )
    privileges = models.CharField(_("what it allows"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        ordering = ["is_staff_rank", "position", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            Member.objects.rerank()  # the ladder changed: everyone's rank may have
            member_display_changed.send(Member, member_ids=None)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            Member.objects.rerank()
            member_display_changed.send(Member, member_ids=None)
        return result

    @classmethod
    def earned_rank_expression(cls) -> models.Expression:
        """The rank each member row has earned, as one SQL expression: the highest rung of the
        ladder whose thresholds the row meets, unless an override is set."""
        ladder = cls.objects.filter(is_staff_rank=False).order_by("-position", "-pk")
        return Case(
            When(rank_override__isnull=False, then=F("rank_override")),
            *(
                When(
                    Q(message_count__gte=rank.min_messages, reputation__gte=rank.min_reputation),
                    then=Value(rank.pk),
                )
                for rank in ladder
            ),
            default=Value(None),
            output_field=models.BigIntegerField(),
        )


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def listed(self):
        """Members others may see (the members list, profiles): active accounts whose address
        is confirmed. An unconfirmed sign-up is nobody yet."""
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        return self.active().filter(Exists(verified))

    def named(self, names):
        """Members whose username is one of ``names``, whatever the case: one query on the
        unique index of lower(username), however many names."""
        names = list(names)
        return self.annotate(name_key=Lower("username")).filter(
            name_key__in={*names, *(name.lower() for name in names)}
        )

    def mentionable(self):
        """Members a "@pseudo" links to: those whose profile others may see."""
        return self.listed()

    def notifiable(self):
        """Members who may be told of something (a mention): listed, and not banned."""
        return self.listed().exclude(banned_until__gt=timezone.now())

    def completing(self, prefix: str):
        """Listed members whose username begins with ``prefix`` (any case), in name order: the
        completion of names after "@". On PostgreSQL, the expression index
        member_username_prefix_idx (text_pattern_ops, made by a migration) serves the LIKE."""
        return (
            self.listed()
            .annotate(name_key=Lower("username"))
            .filter(name_key__startswith=prefix.lower())
            .order_by("name_key")
        )

    def established(self):
        """The opposite of Member.is_newcomer, as a filter (the same two thresholds), and the
        team: members whose reports count toward hiding a comment automatically."""
        return self.filter(
            Q(is_staff=True)
            | Q(
                date_joined__lte=timezone.now() - settings.NEWCOMER_DAYS,
                message_count__gte=settings.NEWCOMER_MESSAGES,
            )
        )

    def of_session(self, member_id: int) -> "Member | None":
        """The member a session names, read in one statement prepared once (accounts.prepared),
        with whether their address is confirmed (can_take_part() then asks nothing more) and
        their rank (shown with what they post). The session's own statement reads them too
        (accounts.sessions): this one is for sessions saved before it did."""
        row = prepared.row(_MEMBER_SQL(), [member_id], self.db)
        return None if row is None else self.of_row(row)

    def of_row(self, row) -> "Member | None":
        """The member of a row that starts with member_row_sql()'s columns (None where a left
        join found none)."""
        members, ranks = prepared.fields(Member, None), prepared.fields(Rank, None)
        if row[0] is None:
            return None
        member = prepared.instance(Member, members, row[: len(members)], self.db)
        member._verified = bool(row[len(members)])
        if member.rank_id is not None:
            rank = row[len(members) + 1 : len(members) + 1 + len(ranks)]
            member.rank = prepared.instance(Rank, ranks, rank, self.db)
        return member

    def rerank(self) -> int:
        """Store each member's rank, in one UPDATE however many members there are."""
        return self.update(rank=Rank.earned_rank_expression())

    def move_standing(self, member_id: int, *, messages: int = 0, reputation: int = 0) -> bool:
        """Add to the member's message count and reputation (one UPDATE, exact whatever
        arrives at the same time), for a change whose effect is known exactly: a new comment
        (one more message), a vote (its score). Their rank is recomputed only if a count
        crossed a rung's threshold, which the same statement says: most posts and votes cross
        none. Returns whether their rank changed. (comments.services.refresh_standing recounts
        from the rows, for the changes that move more than that.)"""
        return self.moving_standing(member_id, messages=messages, reputation=reputation)()

    def moving_standing(
        self, member_id: int, *, messages: int = 0, reputation: int = 0
    ) -> Callable[[], bool]:
        """move_standing()'s statement run (sent, in a prepared.together() block); the function
        returned, called after it in the same transaction, recomputes their rank if a
        threshold was crossed and says whether it changed."""
        # A threshold t is crossed when it lies between the count before and after:
        # before < t <= after going up, after < t <= before going down; that is
        # after - max(delta, 0) < t <= after - min(delta, 0), and nothing for a delta of 0.
        moved = prepared.later(
            _MOVE_STANDING_SQL(),
            [
                messages,
                reputation,
                member_id,
                max(messages, 0),
                min(messages, 0),
                max(reputation, 0),
                min(reputation, 0),
            ],
            self.db,
        )

        def rank_changed() -> bool:
            row = moved()
            if row is None or not row[1]:
                return False
            rank_before = row[0]
            self.filter(pk=member_id).rerank()
            return self.filter(pk=member_id).values_list("rank", flat=True).get() != rank_before

        return rank_changed


@cache
def member_row_sql() -> tuple[str, str]:
    """The columns of a member as a request needs them (MemberQuerySet.of_row): theirs,
    whether their address is confirmed, their rank's; and the join that brings the rank, to
    follow the member's table in a FROM clause."""
    member, address, rank = (
        Member._meta.db_table,
        EmailAddress._meta.db_table,
        Rank._meta.db_table,
    )
    return (
        f"{prepared.columns(Member, prepared.fields(Member, None))}, "  # noqa: S608
        f'EXISTS(SELECT 1 FROM "{address}" WHERE "{address}"."user_id" = "{member}"."id" '
        f'AND "{address}"."verified"), {prepared.columns(Rank, prepared.fields(Rank, None))}',
        f'LEFT OUTER JOIN "{rank}" ON "{rank}"."id" = "{member}"."rank_id"',
    )


@cache
def _MEMBER_SQL() -> str:
    columns, rank = member_row_sql()
    member = Member._meta.db_table
    return f'SELECT {columns} FROM "{member}" {rank} WHERE "{member}"."id" = %s'  # noqa: S608


@cache
def _MOVE_STANDING_SQL() -> str:
    member, rank = Member._meta.db_table, Rank._meta.db_table
    return (
        f'UPDATE "{member}" SET "message_count" = "message_count" + %s, '  # noqa: S608
        f'"reputation" = "reputation" + %s WHERE "id" = %s RETURNING "rank_id", EXISTS('
        f'SELECT 1 FROM "{rank}" WHERE NOT "{rank}"."is_staff_rank" AND ('
        f'("{rank}"."min_messages" > "{member}"."message_count" - %s '
        f'AND "{rank}"."min_messages" <= "{member}"."message_count" - %s) OR '
        f'("{rank}"."min_reputation" > "{member}"."reputation" - %s '
        f'AND "{rank}"."min_reputation" <= "{member}"."reputation" - %s)))'
    )


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass


class Member(SavesChangedFields, AbstractUser):
    """A person with an account: the username is the public pseudonym shown on what they write."""

    email = models.EmailField(_("email address"))
    website = models.URLField(
        _("website"),
        blank=True,
        validators=[http_url_validator],
        help_text=_("An http or https address, shown beside your messages."),
    )

    bio = models.TextField(
        _("biography"), blank=True, max_length=2000, help_text=_("A few lines, in Markdown.")
    )
    bio_html = models.TextField(editable=False, default="")
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    avatar_small = models.ImageField(upload_to="avatars/", blank=True, editable=False)

    # Standing, recomputed from the rows behind it by comments.services.refresh_standing():
    # visible comments written, and the up votes minus the down votes they received.
    message_count = models.PositiveIntegerField(_("messages"), default=0, editable=False)
    reputation = models.IntegerField(_("reputation"), default=0, editable=False)
    # The rank shown beside the name, stored so that showing it costs no query of its own;
    # recomputed by MemberQuerySet.rerank() whenever the numbers or the ladder change.
    rank = models.ForeignKey(
        Rank,
        verbose_name=_("rank"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    rank_override = models.ForeignKey(
        Rank,
        verbose_name=_("rank given by hand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Staff ranks and exceptions: wins over the numbers."),
    )
    # The read counter ("Vous avez lu N articles depuis …"), kept on the member row so that showing
    # it costs no query; articles.services.record_visit() moves it.
    articles_read = models.PositiveIntegerField(_("articles read"), default=0, editable=False)
    first_read_at = models.DateTimeField(_("first read"), null=True, blank=True, editable=False)

    # Notification preferences, and the bell's number (kept by comments.notifications).
    email_on_reply = models.BooleanField(_("email me the replies to my comments"), default=True)
    email_on_follow = models.BooleanField(
        _("email me about the discussions I follow (at most one email per discussion per hour)"),
        default=True,
    )
    email_on_mention = models.BooleanField(
        _("email me when someone mentions me (@pseudo)"), default=True
    )
    follow_on_comment = models.BooleanField(
        _("follow the discussions I take part in"), default=True
    )
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    # The weekly digest (comments.digest): opt-in, on the day and hour (Europe/Paris) chosen.
    email_weekly_digest = models.BooleanField(
        _(
            "email me a weekly digest: the most discussed articles, and the replies and "
            "mentions I have not read"
        ),
        default=False,
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("day of the digest"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("hour of the digest"),
        choices=[(hour, f"{hour}:00") for hour in range(24)],
        default=8,
        help_text=_("Paris time."),
    )

    # A ban: no log-in, no posting, until this moment (BAN_FOREVER for good). Set by
    # comments.moderation.ban(), which also ends the member's open sessions.
    banned_until = models.DateTimeField(_("banned until"), null=True, blank=True, editable=False)
    ban_reason = models.CharField(
        _("reason of the ban"), max_length=300, blank=True, editable=False
    )
    # Part of the session hash: raising it ends every open session of the member.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_member_email_ci_unique",
                violation_error_message=_("A member with this email address already exists."),
            ),
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_member_username_ci_unique",
                violation_error_message=_("A member with this username already exists."),
            ),
        ]

    def __str__(self):
        return self.username

    @property
    def initials(self) -> str:
        return self.initials_of(self.username)

    @staticmethod
    def initials_of(username: str) -> str:
        """For the avatar drawn when the member has none: up to two letters of the name."""
        parts = [part for part in username.replace("_", " ").replace(".", " ").split() if part]
        letters = "".join(part[0] for part in parts[:2]) or username[:1]
        return letters.upper()

    @property
    def is_banned(self) -> bool:
        return self.banned_until is not None and self.banned_until > timezone.now()

    @property
    def is_banned_for_good(self) -> bool:
        return self.banned_until is not None and self.banned_until >= BAN_FOREVER

    def _ban_end(self) -> dict[str, str]:
        end = timezone.localtime(self.banned_until)
        return {"date": formats.date_format(end, "d/m/Y"), "time": formats.date_format(end, "G:i")}

    def ban_message(self) -> str:
        """What a banned member is told: the same word, "banned", as the moderators use."""
        if self.is_banned_for_good:
            return _("Your account is banned for good. Reason: %(reason)s") % {
                "reason": self.ban_reason
            }
        return _("Your account is banned until %(date)s at %(time)s. Reason: %(reason)s") % {
            **self._ban_end(),
            "reason": self.ban_reason,
        }

    def ban_label(self) -> str:
        """The ban as the team sees it: "Banned until 14/06/2025 at 15:24", "Banned for good",
        or nothing."""
        if not self.is_banned:
            return ""
        if self.is_banned_for_good:
            return _("Banned for good")
        return _("Banned until %(date)s at %(time)s") % self._ban_end()

    def is_newcomer(self) -> bool:
        """Newcomers (a few days old, or few accepted messages) post less often and no links.
        (MemberQuerySet.established() is the same rule as a filter.)"""
        return (
            timezone.now() - self.date_joined < settings.NEWCOMER_DAYS
            or self.message_count < settings.NEWCOMER_MESSAGES
        )

    def may_post_links(self) -> bool:
        return self.is_staff or not self.is_newcomer()

    def check_links(self, text: str) -> None:
        """Newcomers may not post links yet (comments, edits, biography, website): a clear
        message says why."""
        if text and not self.may_post_links() and has_links(text):
            raise ValidationError(
                _(
                    "New members cannot post links yet: they can after %(days)s days and "
                    "%(messages)s accepted messages. Write the address without http, or wait a "
                    "little."
                )
                % {"days": settings.NEWCOMER_DAYS.days, "messages": settings.NEWCOMER_MESSAGES}
            )

    def may_be_moderated_by(self, moderator) -> bool:
        """Moderators act on members, not on the team: staff accounts are the superusers' to
        handle, and nobody moderates themself. The same rule on the site and in the admin."""
        return self.pk != moderator.pk and (not self.is_staff or moderator.is_superuser)

    @cached_property
    def is_moderator(self) -> bool:
        """Moderators read hidden comments and act on them while reading. is_staff comes first,
        so that ordinary members cost no permission query."""
        return bool(self.is_staff and self.has_perm("comments.change_comment"))

    def _get_session_auth_hash(self, secret=None):
        # The epoch is mixed in, so that a ban ends the member's sessions everywhere at once.
        return salted_hmac(
            "accounts.Member.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def can_take_part(self) -> bool:
        """Post, vote, report: active members whose address is confirmed and who are not banned.
        (allauth already refuses to log in an unconfirmed address; this also covers accounts
        made by other means.)"""
        if not self.is_active or self.is_banned:
            return False
        if not hasattr(self, "_verified"):
            self._verified = EmailAddress.objects.filter(user=self, verified=True).exists()
        return self._verified

    # Kept by the database alone (F() updates, recounts, bans): see SavesChangedFields.
    DATABASE_KEPT = (
        "message_count",
        "reputation",
        "rank",
        "unread_notifications",
        "articles_read",
        "first_read_at",
        "banned_until",
        "ban_reason",
        "session_epoch",
    )

    # What shows beside the member's messages elsewhere (see accounts.signals).
    DISPLAYED = frozenset({"username", "avatar", "avatar_small", "website", "rank_override"})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        changed = set(update_fields if update_fields is not None else self.changed_fields())
        # The biography is rendered when it is written, never when another field is saved (a
        # log-in saves last_login: it must cost no Markdown rendering).
        if "bio" in changed:
            self.bio_html = render_member_text(self.bio) if self.bio else ""
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "bio_html"}
        if "email" in changed:
            self.email = self.email.strip().lower()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if "rank_override" in changed:
                Member.objects.filter(pk=self.pk).rerank()  # an override may be set or cleared
            if changed & self.DISPLAYED and not self._state.adding:
                member_display_changed.send(Member, member_ids=[self.pk])

    def delete(self, *args, **kwargs):
        """The member leaves: their account and personal data go, their avatar files too.
        Their comments stay, signed "membre supprimé" (author set to NULL); the apps that own
        what they did (votes…) put their counts right when the row goes (comments.apps)."""
        avatars = [self.avatar, self.avatar_small]
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
        for avatar in avatars:
            avatar.delete(save=False)
        return result

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.pk])

    @property
    def avatar_colour(self) -> int:
        """One of eight colours for the drawn avatar, the same for a member every time."""
        return (self.pk or 0) % 8

    def next_rank(self) -> Rank | None:
        """The next rung of the ladder above what the member has earned (None at the top, or
        for a rank given by hand)."""
        if self.rank_override_id:
            return None
        ladder = Rank.objects.filter(is_staff_rank=False).order_by("position", "pk")
        current = self.rank.position if self.rank else -1
        return ladder.filter(position__gt=current).first()


class RateCounter(models.Model):
    """One rate limit's current window, for accounts.ratelimit when there is no Redis: how many
    units were taken in it and when it ends. Not the cache table: the cache API cannot count
    atomically, nor keep a window's end when a count changes. A row whose window has ended means
    the same as no row; ratelimit.purge_expired() deletes such rows now and then."""

    key = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)  # indexed for the purge

    def __str__(self):
        return f"{self.key}: {self.count} until {self.window_ends:%Y-%m-%d %H:%M:%S}"


MAX_IGNORED = 200  # members one member may ignore: what each of their pages reads is bounded


class Ignore(models.Model):
    """A member who would rather not read another: that member's comments are folded on their
    pages ("Message d'un membre ignoré — afficher"), replies to them stay readable, and no
    reply, mention or followed-discussion notification comes to them from that member. The
    moderators' notices and log are not concerned. Nothing of it shows to the member ignored."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="ignores")
    ignored = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ignored member")
        verbose_name_plural = _("ignored members")
        constraints = [
            models.UniqueConstraint(fields=["member", "ignored"], name="ignore_once"),
            models.CheckConstraint(condition=~Q(member=F("ignored")), name="ignore_not_oneself"),
        ]

    def __str__(self):
        return f"{self.member} ignores {self.ignored}"

    @classmethod
    def of(cls, member):
        """Whom the member ignores, as a subquery (``author__in=Ignore.of(member)``)."""
        return cls.objects.filter(member=member).values("ignored")

    @classmethod
    def start(cls, member: Member, ignored: Member) -> bool:
        """The member ignores ``ignored`` from now on (False: they already did). Refused for
        oneself and past MAX_IGNORED members, under the member's row lock so that simultaneous
        requests cannot pass the bound together."""
        if ignored.pk == member.pk:
            raise ValidationError(_("You cannot ignore yourself."))
        with transaction.atomic():
            list(Member.objects.select_for_update(no_key=True).filter(pk=member.pk).values("pk"))
            if cls.objects.filter(member=member, ignored=ignored).exists():
                return False
            if cls.objects.filter(member=member).count() >= MAX_IGNORED:
                raise ValidationError(
                    _("You already ignore %(count)s members: stop ignoring some first.")
                    % {"count": MAX_IGNORED}
                )
            cls.objects.create(member=member, ignored=ignored)
        return True

    @classmethod
    def stop(cls, member: Member, ignored: Member) -> bool:
        return bool(cls.objects.filter(member=member, ignored=ignored).delete()[0])


class Session(AbstractBaseSession):
    """Django's database session (SESSION_ENGINE = "accounts.sessions"), which also names the
    member it logs in, set each time it is saved: a request reads the session and its member
    in one statement, and a member's sessions end with their account."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        # Not checked by the database: a session saved as its member is deleted must not fail
        # the request; it names no one then, and is read as logged out.
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
