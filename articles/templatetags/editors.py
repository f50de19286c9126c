from django import template

from ..models import ErrorReport

register = template.Library()

DESK_SIZE = 20  # reports listed on an editor's admin home; the rest are a click away


@register.simple_tag
def error_report_desk(user) -> dict:
    """What the admin's home shows of the readers' error reports, to whom may open them: how
    many are new (for those who pass them on), and for an editor the reports passed to them or
    to all the editors, oldest first."""
    desk = {"new": 0, "mine": [], "mine_count": 0, "is_editor": False}
    if not user.has_perm("articles.view_errorreport"):
        return desk
    desk["new"] = ErrorReport.objects.filter(status=ErrorReport.Status.OPEN).count()
    if user.has_perm("articles.change_article") and user.has_perm("articles.change_errorreport"):
        waiting = ErrorReport.objects.waiting_for(user)
        desk["is_editor"] = True
        desk["mine_count"] = waiting.count()
        desk["mine"] = list(
            waiting.select_related("article", "forwarded_by", "assigned_to").order_by(
                "forwarded_at", "pk"
            )[:DESK_SIZE]
        )
    return desk
