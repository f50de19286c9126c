from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# Only web addresses a browser opens as pages: never javascript:, data:, ftp: or the like.
http_url_validator = URLValidator(schemes=["http", "https"])


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass


class Member(AbstractUser):
    """A person with an account: the username is the public pseudonym shown on what they write."""

    email = models.EmailField(_("email address"))
    website = models.URLField(
        _("website"),
        blank=True,
        validators=[http_url_validator],
        help_text=_("An http or https address, shown beside your messages."),
    )

    # Visible comments written, kept by comments.services as they are posted, deleted or hidden.
    message_count = models.PositiveIntegerField(_("messages"), default=0, editable=False)
    # The read counter ("Vous avez lu N articles depuis …"), kept on the member row so that showing
    # it costs no query; articles.services.record_visit() moves it.
    articles_read = models.PositiveIntegerField(_("articles read"), default=0, editable=False)
    first_read_at = models.DateTimeField(_("first read"), null=True, blank=True, editable=False)

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
        """For the avatar drawn when the member has none: up to two letters of the name."""
        parts = [part for part in self.username.replace("_", " ").replace(".", " ").split() if part]
        letters = "".join(part[0] for part in parts[:2]) or self.username[:1]
        return letters.upper()

    def can_take_part(self) -> bool:
        """Post, vote, report: active members whose address is confirmed. (allauth already refuses
        to log in an unconfirmed address; this also covers accounts made by other means.)"""
        if not self.is_active:
            return False
        if not hasattr(self, "_verified"):
            from allauth.account.models import EmailAddress

            self._verified = EmailAddress.objects.filter(user=self, verified=True).exists()
        return self._verified

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
