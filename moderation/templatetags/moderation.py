from django import template

from articles.models import ErrorReport

from ..models import CommentReport

register = template.Library()


@register.simple_tag
def open_reports() -> dict[str, int]:
    """How many reports wait for the moderators: shown on the admin's index."""
    return {
        "comments": CommentReport.objects.open().count(),
        "reported_comments": CommentReport.objects.open().values("comment").distinct().count(),
        "errors": ErrorReport.objects.open().count(),
    }
