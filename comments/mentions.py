"""What follows a mentioned member out of the site.

A mention links to the member by their id, with the name as the author wrote it (see README,
Mentions): a rename leaves every link right, and nothing cached has to change. A member who
leaves has no profile any more: the comments that linked to them keep "@name" as plain text."""

from django.db.models import F, Value
from django.db.models.functions import Replace
from django.urls import reverse

from accounts.models import Member
from articles.models import Article

from .models import Comment


def unlink_leaving_member(sender, instance: Member, **kwargs) -> None:
    """Connected to the deletion of a member (comments.apps), inside its transaction: the
    links to them in comments stop being links (their Mention rows go with the member), in one
    UPDATE rather than a rendering per comment, and the discussions that show them change."""
    comments = Comment.objects.filter(mentions__member=instance)
    Article.objects.filter(pk__in=comments.values("article")).touch()
    link = f'<a href="{reverse("accounts:profile", args=[instance.pk])}" class="mention">'
    Comment.objects.filter(pk__in=list(comments.values_list("pk", flat=True))).update(
        body_html=Replace(F("body_html"), Value(link), Value('<a class="mention">'))
    )
