from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from accounts import ratelimit
from accounts.participation import refuse, require_participant
from articles.models import Article
from articles.votes import parse_vote

from . import moderation, services, threads
from .forms import CommentForm, EditForm, ReportForm
from .models import Comment, ModerationAction
from .permissions import is_moderator


def get_comment_for(request: HttpRequest, pk: int) -> Comment:
    """The comment, if its article is one this reader may see; 404 otherwise."""
    return get_object_or_404(
        Comment.objects.select_related("article", "author__rank", "parent__author").filter(
            article__in=Article.objects.published()
        ),
        pk=pk,
    )


def comment_url(comment: Comment) -> str:
    """The article page that holds the comment, scrolled to it."""
    page = threads.page_of(comment)
    query = f"?page={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#{comment.anchor}"


def _too_fast(request: HttpRequest, action: str, message: str, fallback_url: str):
    """None while the member is within the rate limit of ``action``; past it, the refusal."""
    return None if ratelimit.hit(request, action) else refuse(request, message, fallback_url)


def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(comment_url(get_comment_for(request, pk)))


@require_POST
def post(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if response := require_participant(request, article.get_absolute_url() + "#commenter"):
        return response
    form = CommentForm(request.POST)
    # The parent is found first, so that a reply refused (empty, too fast…) comes back as a
    # reply, under its comment, and never turns into a top-level comment.
    parent = None
    parent_id = form["parent"].value()
    if parent_id not in (None, ""):
        parent = (
            Comment.objects.filter(pk=parent_id).select_related("author").first()
            if str(parent_id).isdigit()
            else None
        )
        if parent is None:
            form.add_error(None, _("The comment you are replying to does not exist."))
    status = 422
    if form.is_valid() and form.cleaned_data["token"]:
        existing = Comment.objects.filter(
            author=request.user, submission_token=form.cleaned_data["token"]
        ).first()
        if existing:  # the same form again (a double click): the comment it already made
            return HttpResponse(status=204) if request.htmx else redirect(comment_url(existing))
    if form.is_valid():
        action = "comment_post_newcomer" if request.user.is_newcomer() else "comment_post"
        if not ratelimit.allows(request, action):
            form.add_error(
                None,
                _("New members post at most %(count)s comments an hour: please wait a little.")
                % {"count": settings.RATE_LIMITS[action][0]}
                if action == "comment_post_newcomer"
                else _("You are posting too fast. Please wait a few minutes."),
            )
            status = 429
        else:
            try:
                comment, _created = services.post_comment(
                    article,
                    request.user,
                    form.cleaned_data["body"],
                    parent=parent,
                    token=form.cleaned_data["token"],
                )
                ratelimit.hit(request, action)  # only what went through counts
            except ValidationError as error:
                form.add_error(None, error)
    if not form.is_valid():
        return _form_errors(request, article, form, parent, status)
    if request.htmx:
        threads.prepare(comment, request.user)
        return render(
            request,
            "comments/posted.html",
            {"comment": comment, "article": article, "parent": parent, "form": CommentForm()},
        )
    messages.success(request, _("Your comment has been posted."))
    return redirect(comment_url(comment))


def _form_errors(request, article, form, parent, status=422):
    """The form again, with its errors and the text as typed: in place with htmx (where the
    form is), or on the reply page without JavaScript."""
    if parent is not None:
        threads.prepare(parent, request.user)
    context = {"article": article, "form": form, "parent": parent}
    if request.htmx:
        response = render(request, "comments/_form.html", context, status=status)
        target = f"#reply-form-{parent.pk}" if parent else "#comment-form"
        return reswap(retarget(response, target), "outerHTML")
    return render(request, "comments/reply.html", context, status=200 if status == 422 else status)


@require_GET
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply form under a comment: in place with htmx, or on a page of its own."""
    parent = get_comment_for(request, pk)
    if response := require_participant(request, request.get_full_path()):
        return response
    if not parent.is_visible:
        return HttpResponseBadRequest(
            _("This comment has been removed: it can no longer be answered.")
        )
    initial = {"parent": parent.pk}
    if "citer" in request.GET:
        quoted = "\n".join(f"> {line}" for line in parent.body.splitlines())
        author = parent.author.username if parent.author else _("deleted member")
        initial["body"] = _("%(name)s wrote:") % {"name": author} + f"\n{quoted}\n\n"
    threads.prepare(parent, request.user)
    context = {"article": parent.article, "parent": parent, "form": CommentForm(initial=initial)}
    template = "comments/_form.html" if request.htmx else "comments/reply.html"
    return render(request, template, context)


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for(request, pk)
    if response := require_participant(request, comment_url(comment)):
        return response
    value = parse_vote(request.POST.get("value", ""))
    if value is None:
        return HttpResponseBadRequest(_("A vote is either up or down."))
    if comment.author_id == request.user.pk:
        return HttpResponseBadRequest(_("You cannot vote on your own comment."))
    if not comment.is_visible:
        return HttpResponseBadRequest(
            _("This comment has been removed: it can no longer be voted on.")
        )
    if not services.may_vote_for(request.user, comment):
        return refuse(
            request,
            _("You have already voted many times for this member's comments today."),
            comment_url(comment),
        )
    if limited := _too_fast(
        request,
        "comment_vote",
        _("You are voting too fast. Please wait a few minutes."),
        comment_url(comment),
    ):
        return limited
    my_vote = services.vote_comment(comment, request.user, value)
    if request.htmx:
        threads.prepare(comment, request.user, my_vote=my_vote.value if my_vote else None)
        return render(
            request, "comments/_comment.html#votes", {"comment": comment, "user": request.user}
        )
    return redirect(comment_url(comment))


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for(request, pk)
    if response := require_participant(request, request.get_full_path()):
        return response
    if not comment.is_editable_by(request.user):
        if comment.author_id == request.user.pk and comment.is_visible:
            raise PermissionDenied(_("The time to edit this comment is over."))
        raise PermissionDenied(_("You can only edit your own comments."))
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(comment, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
    if request.method == "POST" and form.is_valid():
        if request.htmx:
            return _render_card(request, comment)
        messages.success(request, _("Your comment has been updated."))
        return redirect(comment_url(comment))
    context = {"comment": comment, "form": form, "form_id": f"edit-form-{comment.pk}"}
    return _render_form(request, "comments/edit.html", context)


def delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for(request, pk)
    if response := require_participant(request, request.get_full_path()):
        return response
    if not comment.is_deletable_by(request.user):
        raise PermissionDenied(_("You can only delete your own comments."))
    if request.method == "POST":
        services.delete_comment(comment)
        if request.htmx:
            return _render_card(request, comment)
        messages.success(request, _("Your comment has been deleted."))
        return redirect(comment.article)
    return render(request, "comments/delete.html", {"comment": comment})


def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_comment_for(request, pk)
    if response := require_participant(request, request.get_full_path()):
        return response
    if comment.author_id == request.user.pk:
        raise PermissionDenied(_("You cannot report your own comment."))
    if not comment.is_visible:
        raise Http404(_("This comment is no longer visible: there is nothing to report."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limited := _too_fast(
            request,
            "comment_report",
            _("You have sent many reports lately. Please try again later."),
            comment_url(comment),
        ):
            return limited
        created = moderation.report(comment, request.user, **form.cleaned_data)
        message = (
            _("Thank you: the moderators will look at this comment.")
            if created
            else _("You had already reported this comment.")
        )
        if request.htmx:
            return render(request, "comments/report.html#done", {"message": message})
        messages.success(request, message)
        return redirect(comment_url(comment))
    context = {"comment": comment, "form": form, "form_id": f"report-form-{comment.pk}"}
    return _render_form(request, "comments/report.html", context)


def _render_form(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A form page, or with htmx its "form" partial; 422 when it comes back with errors (htmx
    is configured to swap those in, so the errors show where the form is)."""
    if request.htmx:
        if not context["form"].errors:
            return render(request, f"{template}#form", context)
        response = render(request, f"{template}#form", context, status=422)
        return reswap(retarget(response, f"#{context['form_id']}"), "outerHTML")
    return render(request, template, context)


def _render_card(request: HttpRequest, comment: Comment) -> HttpResponse:
    threads.prepare(comment, request.user)
    return render(request, "comments/_comment.html", {"comment": comment, "user": request.user})


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide or restore a comment while reading: moderators only."""
    comment = get_comment_for(request, pk)
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only moderators can do this."))
    action, reason = request.POST.get("action"), request.POST.get("reason", "").strip()
    try:
        if action == "hide":
            moderation.hide(comment, request.user, reason)
        elif action == "restore":
            moderation.restore(comment, request.user)
        else:
            return HttpResponseBadRequest(_("Unknown moderation action."))
    except moderation.ModerationError as error:
        if request.htmx:
            response = render(request, "_flash.html", {"message": str(error)}, status=422)
            return reswap(retarget(response, "#flash"), "innerHTML")
        messages.error(request, str(error))
        return redirect(comment_url(comment))
    if request.htmx:
        comment.refresh_from_db()
        threads.prepare(comment, request.user, moderator=True)
        return render(
            request,
            "comments/_comment.html",
            {"comment": comment, "user": request.user, "is_moderator": True},
        )
    messages.success(request, _("Done: the decision is in the moderation log."))
    return redirect(comment_url(comment))


def moderation_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(ModerationAction.objects.for_public(), 50).get_page(request.GET.get("page"))
    return render(
        request, "comments/moderation_log.html", {"page_obj": page, "actions": page.object_list}
    )
