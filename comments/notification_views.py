"""The bell, the notifications page, preferences, following discussions, unsubscribing."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import Member
from articles.models import Article

from . import notifications
from . import unsubscribe as unsubscribe_links
from .models import Follow, Notification


class PreferencesForm(forms.ModelForm):
    # The digest's day and hour keep their value when a form does not send them (a page
    # opened before they existed, a script that sets one preference).
    KEPT_WHEN_MISSING = ("digest_weekday", "digest_hour")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.KEPT_WHEN_MISSING:
            self.fields[name].required = False

    def _kept(self, name: str):
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value in (None, "") else value

    def clean_digest_weekday(self):
        return self._kept("digest_weekday")

    def clean_digest_hour(self):
        return self._kept("digest_hour")

    class Meta:
        model = Member
        fields = [
            "email_on_reply",
            "email_on_mention",
            "email_on_follow",
            "follow_on_comment",
            "email_weekly_digest",
            "digest_weekday",
            "digest_hour",
        ]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        request.user.notifications.shown().select_related("comment__author", "article"), 30
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/notifications.html",
        {"page_obj": page, "notifications": page.object_list},
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(
        request.user.notifications.shown().select_related("comment"), pk=pk
    )
    notifications.mark_read(request.user, Notification.objects.filter(pk=pk))
    return redirect(notification.comment.get_absolute_url())


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notifications.mark_read(request.user, request.user.notifications.all())
    messages.success(request, _("All your notifications are marked read."))
    return redirect("comments:notifications")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()  # the preferences only: a save writes the columns it changed
        messages.success(request, _("Your preferences have been saved."))
        return redirect("comments:preferences")
    follows = (
        request.user.follows.filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("-created_at")
    )
    return render(request, "comments/preferences.html", {"form": form, "follows": follows})


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow the article's discussion, or stop following it."""
    from_preferences = request.POST.get("from") == "preferences"
    if request.POST.get("follow") == "0":
        # Found among the member's own follows (even of an article no longer published), so
        # that the answer never tells whether some draft exists at that address.
        follow = request.user.follows.filter(article__slug=slug).select_related("article").first()
        if follow is not None:
            follow.delete()
        messages.success(request, _("You no longer follow this discussion."))
        if from_preferences or follow is None or not follow.article.is_published:
            return redirect("comments:preferences")
        return redirect(follow.article.get_absolute_url() + "#commentaires")
    article = get_object_or_404(Article.objects.published(), slug=slug)
    Follow.objects.get_or_create(member=request.user, article=article)
    messages.success(
        request, _("You follow this discussion: new comments will be notified to you.")
    )
    if from_preferences:
        return redirect("comments:preferences")
    return redirect(article.get_absolute_url() + "#commentaires")


@csrf_exempt  # mail clients post the one-click unsubscription (RFC 8058) without a CSRF token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from an email, no log-in: a signed token names the member and the emails."""
    try:
        found = unsubscribe_links.read_unsubscribe_token(token)
    except unsubscribe_links.ExpiredToken:
        return render(request, "comments/unsubscribe.html", {"expired": True}, status=410)
    if found is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    member, kind = found
    if request.method == "POST":
        unsubscribe_links.unsubscribe(member, kind)
        return render(request, "comments/unsubscribe.html", {"done": True, "kind": kind})
    return render(request, "comments/unsubscribe.html", {"kind": kind, "member": member})
