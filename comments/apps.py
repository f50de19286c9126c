from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _

from accounts.signals import member_display_changed


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from . import mentions, services

        # Whatever deletes a member (their account page, the admin, a script), their votes go
        # first and the counts, reputations and ranks they moved follow.
        pre_delete.connect(
            services.withdraw_votes_of_leaving_member,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="comments.withdraw_votes_of_leaving_member",
        )
        # A member who leaves has no profile to link to: mentions of them become plain text.
        pre_delete.connect(
            mentions.unlink_leaving_member,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="comments.unlink_leaving_member",
        )
        # What shows beside a member's comments changed: their discussions change with it.
        member_display_changed.connect(
            services.retouch_discussions_of, dispatch_uid="comments.retouch_discussions_of"
        )
