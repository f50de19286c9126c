"""What moderation shows on the site: members' reports, the moderators' controls beside each
comment, and the public log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from accounts import ratelimit
from accounts.participation import refuse, require_participant
from comments.views import comment_url, get_comment_for, render_comment, render_form

from . import services
from .forms import ReportForm
from .models import ModerationAction


@vary_on_headers("HX-Request")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for(request, pk)
    if response := require_participant(request, request.get_full_path()):
        return response
    if comment.is_by(request.user):
        raise PermissionDenied(_("You cannot report your own comment."))
    if not comment.can_be_reported_by(request.user):
        raise Http404(_("This comment is no longer visible: there is nothing to report."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.take(request, "comment_report"):
            return refuse(
                request,
                _("You have sent many reports lately. Please try again later."),
                comment_url(comment),
            )
        created = services.report_comment(comment, request.user, **form.cleaned_data)
        message = (
            _("Thank you: the moderators will look at this comment.")
            if created
            else _("You had already reported this comment.")
        )
        if request.htmx:
            return render(request, "moderation/report.html#done", {"message": message})
        messages.success(request, message)
        return redirect(comment_url(comment))
    context = {"comment": comment, "form": form, "form_id": f"report-form-{comment.pk}"}
    return render_form(request, "moderation/report.html", context)


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide or restore a comment while reading: moderators only, and not the team's comments."""
    comment = get_comment_for(request, pk)
    if not comment.is_moderatable_by(request.user):
        raise PermissionDenied(_("Only moderators can do this."))
    action, reason = request.POST.get("action"), request.POST.get("reason", "").strip()
    try:
        if action == "hide":
            services.hide(comment, request.user, reason)
        elif action == "restore":
            services.restore(comment, request.user)
        else:
            return HttpResponseBadRequest(_("Unknown moderation action."))
    except services.ModerationError as error:
        if request.htmx:
            response = render(request, "_flash.html", {"message": str(error)}, status=422)
            return reswap(retarget(response, "#flash"), "innerHTML")
        messages.error(request, str(error))
        return redirect(comment_url(comment))
    if request.htmx:
        comment.refresh_from_db(fields=["status", "moderated_by", "moderation_reason"])
        return render_comment(request, comment)
    messages.success(request, _("Done: the decision is in the moderation log."))
    return redirect(comment_url(comment))


def log(request: HttpRequest) -> HttpResponse:
    page = Paginator(ModerationAction.objects.for_public(), 50).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"page_obj": page, "actions": page.object_list})
