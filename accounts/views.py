import re

from allauth.account.internal.flows.email_verification import send_verification_email_at_login
from allauth.account.stages import EmailVerificationStage, LoginStageController
from allauth.account.utils import has_verified_email, passthrough_next_redirect_url
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

# Page compositions: a profile lists the member's comments, and leaving decides what becomes
# of them; the comments app owns both.
from articles.models import Article
from comments.models import Comment
from comments.services import withdraw_comments

from . import ratelimit
from .forms import DeleteAccountForm, ProfileForm
from .models import MAX_IGNORED, Ignore, Member, Rank
from .params import small_number

MEMBERS_PER_PAGE = 30
COMMENTS_PER_PAGE = 20
# The completion of names after "@": from the second character typed, eight names at most.
SUGGESTIONS_MIN_PREFIX = 2
SUGGESTIONS_MAX = 8
_NAME_PREFIX = re.compile(r"[\w.+-]{1,150}")
MEMBER_ORDERS = {
    "reputation": ["-reputation", "username"],
    "messages": ["-message_count", "username"],
    "date": ["-date_joined"],
}


@login_required
def ignore(request: HttpRequest, pk: int) -> HttpResponse:
    """Ignore a member, or stop: a page that says what it does and asks (a link from a profile
    or a comment leads here), then a POST. ``commentaire``: the comment it was asked from, where
    the reader goes back to."""
    member = get_member_for(request, pk)
    back = _back_to(request)
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            Ignore.stop(request.user, member)
            messages.success(
                request, _("You no longer ignore %(name)s.") % {"name": member.username}
            )
        else:
            try:
                Ignore.start(request.user, member)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(
                    request,
                    _("You ignore %(name)s: their messages are folded for you.")
                    % {"name": member.username},
                )
        return redirect(back)
    ignoring = Ignore.objects.filter(member=request.user, ignored=member).exists()
    return render(
        request,
        "accounts/ignore.html",
        {"member": member, "ignoring": ignoring, "back": back, "oneself": member == request.user},
    )


def _back_to(request: HttpRequest) -> str:
    """Where the reader goes after ignoring: the comment they asked from, or the list."""
    comment = request.GET.get("commentaire") or request.POST.get("commentaire") or ""
    if pk := small_number(comment, 11):
        return reverse("comments:permalink", args=[pk])
    return reverse("accounts:ignored")


@login_required
def ignored(request: HttpRequest) -> HttpResponse:
    """The members the reader ignores, each with a button to stop."""
    ignores = Ignore.objects.filter(member=request.user).select_related("ignored")
    return render(
        request,
        "accounts/ignored.html",
        {"ignores": ignores.order_by("ignored__username"), "limit": MAX_IGNORED},
    )


def get_member_for(request: HttpRequest, pk: int) -> Member:
    """The member at ``pk`` if others may see them (active, address confirmed), else 404."""
    return get_object_or_404(Member.objects.listed().select_related("rank"), pk=pk)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        # Each save renders the biography and may resize an avatar: bounded like posts.
        if not ratelimit.take(request, "profile_save"):
            form.add_error(
                None, _("You have changed your profile many times lately: wait a little.")
            )
        else:
            form.save()
            messages.success(request, _("Your account has been updated."))
            return redirect("accounts:account")
    return render(request, "accounts/account.html", {"form": form})


def profile(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request, pk)
    comments = Paginator(
        Comment.objects.visible()
        .filter(author=member, article__in=Article.objects.published())
        .select_related("article")
        .order_by("-created_at"),
        COMMENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context = {"member": member, "comments": comments, "page_obj": comments}
    if request.user.is_authenticated and request.user != member:
        context["ignoring"] = Ignore.objects.filter(member=request.user, ignored=member).exists()
    if member.is_staff:
        context["articles"] = member.articles.published().order_by("-published_at")[:10]
    if request.user == member and (next_rank := member.next_rank()):
        context["next_rank"] = next_rank
        context["missing_messages"] = max(next_rank.min_messages - member.message_count, 0)
        context["missing_points"] = max(next_rank.min_reputation - member.reputation, 0)
    return render(request, "accounts/profile.html", context)


def members(request: HttpRequest) -> HttpResponse:
    order = request.GET.get("tri", "reputation")
    order = order if order in MEMBER_ORDERS else "reputation"
    page = Paginator(
        Member.objects.listed().select_related("rank").order_by(*MEMBER_ORDERS[order]),
        MEMBERS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/members.html",
        {
            "page_obj": page,
            "members": page.object_list,
            "order": order,
        },
    )


@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """Members whose name begins with ``q``: the options of the completion after "@" in the
    comment form (an htmx request), or a page of links to their profiles. Only listed members
    (their profile is public anyway), eight at most, from one indexed query; rate-limited per
    member (per address for visitors), and kept a minute by the browser."""
    prefix = request.GET.get("q", "").strip().removeprefix("@")
    members, status = [], 200
    if len(prefix) >= SUGGESTIONS_MIN_PREFIX and _NAME_PREFIX.fullmatch(prefix):
        if ratelimit.take(request, "member_lookup"):
            members = list(
                Member.objects.completing(prefix)
                .select_related("rank")
                .only("username", "rank__name")[:SUGGESTIONS_MAX]
            )
        else:
            status = 429
    template = "accounts/suggestions.html"
    response = render(
        request,
        f"{template}#options" if request.htmx else template,
        {"members": members, "prefix": prefix, "limited": status == 429},
        status=status,
    )
    patch_vary_headers(response, ["HX-Request"])
    if status == 200:
        patch_cache_control(response, private=True, max_age=60)
    return response


def ranks(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/ranks.html", {"ranks": Rank.objects.all()})


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        member = request.user
        logout(request)
        with transaction.atomic():
            if form.cleaned_data["comments"] == DeleteAccountForm.REMOVE:
                withdraw_comments(member, Comment.Status.DELETED)
            member.delete()  # their votes go with them, and every count they moved follows
        messages.success(request, _("Your account has been deleted. Goodbye!"))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/delete.html", {"form": form})


@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """The "send the email again" button of "check your email": for the sign-up (or the log-in
    with an address not confirmed yet) this browser is in the middle of, which allauth keeps in
    the session, so that nothing is typed and no other address can be aimed at. allauth sends
    it, with its own limit (ACCOUNT_RATE_LIMITS["confirm_email"], per address) and its own
    answer to a sign-up with an address that is already taken (its owner is told again): the
    page says the same whether the account is new or not."""
    if request.user.is_authenticated:
        return redirect("account_email")
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    if stage is None:
        messages.info(
            request,
            _(
                "No sign-up is waiting for its confirmation in this browser. Log in with your "
                "username and password: if your address is not confirmed yet, a new email will "
                "be sent to you."
            ),
        )
        return redirect(passthrough_next_redirect_url(request, reverse("account_login"), "next"))
    login = stage.login
    if login.user and has_verified_email(login.user, login.email):
        messages.info(request, _("Your address is already confirmed: log in."))
        return redirect(passthrough_next_redirect_url(request, reverse("account_login"), "next"))
    if not send_verification_email_at_login(request, login):
        messages.info(
            request,
            _(
                "An email was sent to you a moment ago: wait a few minutes, and look in your "
                "spam folder, before asking for another."
            ),
        )
    return redirect(
        passthrough_next_redirect_url(request, reverse("account_email_verification_sent"), "next")
    )
