"""Who may take part (post, vote, report), and how a refusal is said: shared by every view that
lets members act, with htmx or as plain forms."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget


def require_participant(request: HttpRequest, next_url) -> HttpResponse | None:
    """None for a member who may take part. Anonymous readers go to the login page and back
    (``next_url``, or a function that makes it: it may cost a query, spent only for them);
    members who may not (banned, address not confirmed) get a 403 saying why."""
    if not request.user.is_authenticated:
        login = redirect_to_login(next_url() if callable(next_url) else next_url)
        return HttpResponseClientRedirect(login.url) if request.htmx else login
    if not request.user.can_take_part():
        if request.user.is_banned:
            raise PermissionDenied(request.user.ban_message())
        raise PermissionDenied(_("Confirm your email address to take part."))
    return None


def refuse(request: HttpRequest, message: str, fallback_url: str) -> HttpResponse:
    """A limit is reached: say so where messages go (429 with htmx), change nothing."""
    if request.htmx:
        response = render(request, "_flash.html", {"message": message}, status=429)
        return reswap(retarget(response, "#flash"), "innerHTML")
    messages.error(request, message)
    return redirect(fallback_url)


def wait_in_words(seconds: float) -> str:
    """How long a refusal lasts, as a member reads it: "42 min", "30 s", "2 h"."""
    seconds = max(int(seconds + 0.999), 1)
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = (seconds + 59) // 60
    if minutes < 120:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = (minutes + 59) // 60
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
