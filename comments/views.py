import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotModified,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from accounts import csrf, prepared, ratelimit
from accounts.cache import incarnation
from accounts.models import Ignore
from accounts.participation import refuse, require_participant, wait_in_words
from articles.models import Article
from articles.votes import parse_vote

from . import history, reading, rendering, services, threads
from .forms import CommentForm, EditForm, blank_form_html
from .models import Comment, CommentVote
from .rendering import Reader

SHOWN_WITH = ("article", "author__rank", "parent__author")  # what showing a comment reads


def get_comment_for(
    request: HttpRequest, pk: int, *, to_change: bool = False, related=SHOWN_WITH
) -> Comment:
    """The comment at ``pk`` if this reader may see it (its article is published), else 404,
    with its ``related`` rows (what rendering it needs, by default). ``to_change``: the reader
    must also be its author, else 403 (log in first: see require_participant)."""
    comment = get_object_or_404(
        Comment.objects.select_related(*related).filter(article__in=Article.objects.published()),
        pk=pk,
    )
    if to_change and not comment.is_by(request.user):
        raise PermissionDenied(_("You can only change your own comments."))
    return comment


def comment_url(comment: Comment, page: int | None = None) -> str:
    """The article page that holds the comment (``page``, when already known), scrolled to it."""
    page = page or threads.page_of(comment)
    query = f"?page={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#{comment.anchor}"


def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(comment_url(get_comment_for(request, pk)))


@require_POST
def add_comment(request: HttpRequest, slug: str) -> HttpResponse:
    """The comment form's target, for a new comment or a reply."""
    article = Article.objects.published_with_slug(slug)
    if article is None:
        raise Http404
    if response := require_participant(request, article.get_absolute_url() + "#commenter"):
        return response
    form = CommentForm(request.POST, article=article)
    status = 422
    if form.is_valid():
        comment, status = _post(request, article, form)  # the article's count follows
        if status == 204:
            return _already_posted(request, comment)
    if not form.is_valid():
        return _form_errors(request, article, form, status)
    if request.htmx:
        parent = form.replying_to
        context = {
            "comment": comment,
            "article": article,
            "parent": parent,
            "nest": parent is not None and parent.depth < settings.COMMENT_MAX_DEPTH,
        }
        if parent is None:  # a fresh form replaces the one used (a reply's slot empties)
            context["form_html"] = blank_form_html(
                article, token=secrets.token_urlsafe(16), csrf_token=csrf.token(request), oob=True
            )
        if parent is None and (page := _page_elsewhere(request, comment)):
            context |= {"elsewhere_url": comment_url(comment, page), "elsewhere_page": page}
        else:  # shown where it was posted; a new comment has no votes, and none of its author
            context["comment_html"] = comment_html(request, comment, my_votes={})
        return HttpResponse(get_template("comments/posted.html").render(context))
    messages.success(request, _("Your comment has been posted."))
    return redirect(comment_url(comment))


@transaction.atomic  # the quota and the post in one transaction: one commit
def _post(request: HttpRequest, article: Article, form: CommentForm):
    """Post the form's comment, its quota taken first (and given back if it is refused).
    Returns the comment, or None with the form's errors set; and the status: 204 when the
    same form had already posted it (a double click, a browser resubmitting), else the
    status of the form's errors."""
    token = form.cleaned_data["token"]
    quota = ratelimit.take(request, "comment_post")
    if not quota:
        if done := services.submitted(request.user, token):
            return done, 204
        form.add_error(
            None,
            _("You are posting too fast: you can post again in %(wait)s.")
            % {"wait": wait_in_words(quota.retry_after)},
        )
        return None, 429
    try:
        comment, created = services.post_comment(
            article,
            request.user,
            form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
            token=token,
        )
    except ValidationError as error:
        quota.refund()  # only what goes through counts
        form.add_error(None, error)
        return None, 422
    if not created:
        quota.refund()
        return comment, 204
    return comment, 201


EARLIEST_SINCE = datetime(2000, 1, 1, tzinfo=UTC)


def _since(request: HttpRequest):
    """The time the reader's page was made (``depuis``, as the page wrote it), or 404."""
    written = request.GET.get("depuis", "")
    try:
        if len(written) > 40:  # an ISO time with its offset is shorter
            raise ValueError(written[:40])
        since = datetime.fromisoformat(written)
        since = since if timezone.is_aware(since) else since.replace(tzinfo=UTC)
        if not EARLIEST_SINCE <= since <= timezone.now() + timedelta(days=1):
            raise ValueError(written)  # no page was made then (and the database may not say)
    except (ValueError, OverflowError):
        raise Http404 from None
    return since


def _new_since(article_id: int, since, member):
    """The visible comments posted since, but the reader's own and those of members they
    ignore."""
    new = Comment.objects.visible().filter(article_id=article_id, created_at__gt=since)
    if not member.is_authenticated:
        return new
    return new.exclude(author=member).exclude(author__in=Ignore.of(member))


@require_GET
def live(request: HttpRequest, slug: str) -> HttpResponse:
    """How many comments were posted since the reader's page was made, for the notice that
    the page's script asks for now and then. When nothing changed in the discussion since the
    previous answer, a 304 from its version alone: one query, the session never read."""
    row = Article.objects.versions_of(slug)
    if row is None:
        raise Http404
    if row[4]:  # the discussion is closed: nothing new will come, the page stops asking
        return HttpResponse(status=410)
    since = _since(request)
    etag = f'"live-{row[1]}-{incarnation()}-{since.timestamp()}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        count = _new_since(row[0], since, request.user).count()
        response = render(
            request,
            "comments/_live.html",
            {"count": count, "slug": slug, "since": request.GET["depuis"]},
        )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def live_comments(request: HttpRequest, slug: str) -> HttpResponse:
    """The comments posted since the reader's page was made, each where it belongs in that
    page (htmx out-of-band swaps: comments.rendering.new_items), in a fixed number of queries;
    at most LIVE_MAX_COMMENTS (more: the notice offers to reload)."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if article.comments_closed:
        return HttpResponse(status=410)
    now = timezone.now()  # before the query: what comes later is new next time
    comments = list(
        _new_since(article.pk, _since(request), request.user)
        .select_related("author__rank", "parent__author")
        .order_by("created_at", "pk")[: settings.LIVE_MAX_COMMENTS]
    )
    for comment in comments:
        comment.article = article
    my_votes = {}
    if request.user.is_authenticated and comments:
        my_votes = CommentVote.values_of(request.user.pk, [c.pk for c in comments])
    # Every one of them is new to this reader: none is theirs, all came after their page.
    reader = Reader(request.user, my_votes=my_votes, since=datetime.min.replace(tzinfo=UTC))
    response = HttpResponse(rendering.new_items(comments, reader, csrf.token(request)))
    # What the notice counts from next (the last comment shown, when there were more).
    response["X-Live-Since"] = (
        comments[-1].created_at if len(comments) == settings.LIVE_MAX_COMMENTS else now
    ).isoformat()
    return response


def _already_posted(request: HttpRequest, comment: Comment) -> HttpResponse:
    """The answer to a form sent again: nothing new in place, or the comment it made."""
    return HttpResponse(status=204) if request.htmx else redirect(comment_url(comment))


def _page_elsewhere(request: HttpRequest, comment: Comment) -> int | None:
    """The page that holds a new top-level comment, when it is not the page the reader posted
    from (htmx says which, in HX-Current-URL): a page sorted by score, or an earlier page."""
    query = QueryDict(urlsplit(request.htmx.current_url or "").query)
    page = threads.page_of(comment)
    if query.get("tri", "date") != "date" or query.get("page", "1") != str(page):
        return page
    return None


def _form_errors(request, article, form, status=422):
    """The form again, with its errors and the text as typed: in place with htmx (where the
    form is), or on the reply page without JavaScript."""
    parent = form.replying_to
    context = {"article": article, "form": form, "parent": parent}
    if parent is not None and not request.htmx:
        context["parent_html"] = comment_html(request, parent)
    if request.htmx:
        response = render(request, "comments/_form.html", context, status=status)
        target = f"#reply-form-{parent.pk}" if parent else "#comment-form"
        return reswap(retarget(response, target), "outerHTML")
    return render(request, "comments/reply.html", context, status=200 if status == 422 else status)


@require_GET
@vary_on_headers("HX-Request")
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply form under a comment: in place with htmx, or on a page of its own."""
    parent = get_comment_for(request, pk)
    if response := require_participant(request, request.get_full_path()):
        return response
    if not parent.can_be_answered():
        return HttpResponseBadRequest(
            _("This comment has been removed: it can no longer be answered.")
        )
    try:
        parent.article.check_accepts_comments()
    except ValidationError as error:
        return HttpResponseBadRequest(error.messages[0])
    initial = {}
    if "citer" in request.GET:
        quoted = "\n".join(f"> {line}" for line in parent.body.splitlines())
        author = parent.author.username if parent.author else _("deleted member")
        initial["body"] = _("%(name)s wrote:") % {"name": author} + f"\n{quoted}\n\n"
    form = CommentForm(article=parent.article, parent=parent, initial=initial)
    context = {"article": parent.article, "parent": parent, "form": form}
    if not request.htmx:
        context["parent_html"] = comment_html(request, parent)
    template = "comments/_form.html" if request.htmx else "comments/reply.html"
    return render(request, template, context)


@csrf_exempt  # checked below for members: an anonymous reader's vote form has no token
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's vote on a comment. The discussion anonymous readers are given is the same
    bytes for all of them, so its vote forms carry no CSRF token (comments.rendering.Holes):
    their vote changes nothing and only leads to the log-in page. A member's vote is checked
    for its token as any POST is (csrf_protect), before anything else."""
    if request.user.is_authenticated:
        return _member_vote(request, pk)
    comment = Comment.objects.to_vote_on(pk)
    if comment is None:
        raise Http404
    return require_participant(request, lambda: comment_url(comment))


@csrf_protect
def _member_vote(request: HttpRequest, pk: int) -> HttpResponse:
    # (anonymous readers' votes go to vote(): no member is sent to the log-in page from here)
    if response := require_participant(request, ""):
        return response
    value = parse_vote(request.POST.get("value", ""))
    if value is None:
        return HttpResponseBadRequest(_("A vote is either up or down."))
    # The quotas and the vote in one transaction: one commit (with the database's counters,
    # the quotas' rows are written there too), and a vote that fails gives its units back.
    with transaction.atomic():
        # The comment (what the vote and its form's counts need) and the member's vote on it,
        # read once, for both the cap and the vote: sent with the transaction's BEGIN.
        with prepared.together():
            comment = Comment.objects.to_vote_on_later(pk)
            current = services.reading_vote(request.user, pk)
        comment, current = comment(), current()
        if comment is None:
            raise Http404
        if not comment.can_be_voted_by(request.user):
            return HttpResponseBadRequest(
                _("You cannot vote on your own comment.")
                if comment.is_by(request.user)
                else _("This comment has been removed: it can no longer be voted on.")
            )
        # A member's new votes on one author's comments are capped per day (against vote
        # rings), taken like any quota: before the vote, so that simultaneous votes cannot
        # pass the cap.
        per_author = None
        if comment.author_id and not current:
            per_author = ratelimit.take_key(
                f"votes_per_author:m{request.user.pk}>m{comment.author_id}",
                settings.VOTES_PER_AUTHOR_PER_DAY,
                24 * 60 * 60,
            )
            if not per_author:
                return refuse(
                    request,
                    _("You have already voted many times for this member's comments today."),
                    comment_url(comment),
                )
        if not ratelimit.take(request, "comment_vote"):
            if per_author:
                per_author.refund()
            return refuse(
                request,
                _("You are voting too fast. Please wait a few minutes."),
                comment_url(comment),
            )
        my_vote = services.record_vote(comment, request.user, value, current=current)
    if request.htmx:
        reader = Reader(request.user, my_votes={comment.pk: my_vote.value} if my_vote else {})
        return HttpResponse(rendering.one_vote_form(comment, reader, csrf.token(request)))
    return redirect(comment_url(comment))


@vary_on_headers("HX-Request")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    if response := require_participant(request, request.get_full_path()):
        return response
    comment = get_comment_for(request, pk, to_change=True)
    if not comment.is_editable_by(request.user):
        raise PermissionDenied(_("The time to edit this comment is over."))
    form = EditForm(request.POST or None, comment=comment)
    if request.method == "POST" and form.is_valid():
        quota = ratelimit.take(request, "comment_edit")  # each edit renders Markdown again
        if not quota:
            form.add_error("body", _("You are editing too fast. Please wait a few minutes."))
        else:
            try:
                services.edit_comment(comment, form.cleaned_data["body"])
            except ValidationError as error:
                quota.refund()
                form.add_error("body", error)
    if request.method == "POST" and form.is_valid():
        if request.htmx:
            return render_comment(request, comment)
        messages.success(request, _("Your comment has been updated."))
        return redirect(comment_url(comment))
    context = {"comment": comment, "form": form, "form_id": f"edit-form-{comment.pk}"}
    return render_form(request, "comments/edit.html", context)


@require_GET
def comment_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every earlier version of a comment, newest change first, as word-level diffs: public
    while the comment is visible, the moderators' only once it is hidden or deleted."""
    comment = get_comment_for(request, pk)
    if not history.may_read(comment, request.user):
        raise Http404
    moderator = request.user.is_authenticated and request.user.is_moderator
    page, changes, withheld = history.changes_page(
        comment, request.GET.get("page"), moderator=moderator
    )
    return render(
        request,
        "comments/history.html",
        {"comment": comment, "page_obj": page, "changes": changes, "withheld": withheld},
    )


@vary_on_headers("HX-Request")
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, or with htmx (which asks in the browser) the deletion itself."""
    if response := require_participant(request, request.get_full_path()):
        return response
    comment = get_comment_for(request, pk, to_change=True)
    if not comment.is_deletable_by(request.user):
        raise PermissionDenied(_("This comment is no longer shown: there is nothing to delete."))
    if request.method == "POST":
        services.delete_comment(comment)
        if request.htmx:
            return render_comment(request, comment)
        messages.success(request, _("Your comment has been deleted."))
        return redirect(comment.article)
    return render(request, "comments/delete.html", {"comment": comment})


def render_form(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A form page, or with htmx its "form" partial; 422 when it comes back with errors (htmx
    is configured to swap those in, so the errors show where the form is)."""
    if request.htmx:
        if not context["form"].errors:
            return render(request, f"{template}#form", context)
        response = render(request, f"{template}#form", context, status=422)
        return reswap(retarget(response, f"#{context['form_id']}"), "outerHTML")
    return render(request, template, context)


def comment_html(request: HttpRequest, comment: Comment, my_votes=None) -> SafeString:
    """One comment as the thread shows it to this reader, their own vote pressed (``my_votes``:
    when already known)."""
    if my_votes is None:
        my_votes = {}
        if request.user.is_authenticated:
            my_votes = dict(
                CommentVote.objects.filter(comment=comment, member=request.user).values_list(
                    "comment_id", "value"
                )
            )
    reader = Reader(request.user, my_votes=my_votes)
    return mark_safe(rendering.one_comment(comment, reader, csrf.token(request)))  # noqa: S308


def render_comment(request: HttpRequest, comment: Comment) -> HttpResponse:
    """One comment as the thread shows it to this reader (the answer to an in-place action)."""
    return HttpResponse(comment_html(request, comment))


@login_required
def unread(request: HttpRequest) -> HttpResponse:
    """« Non lus »: the discussions the member opened that have comments they have not read,
    the most recently active first."""
    page = Paginator(reading.unread_discussions(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "comments/unread.html", {"page_obj": page, "articles": page.object_list})
