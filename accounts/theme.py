"""The reader's colour theme: the system's (``auto``, following ``prefers-color-scheme``), light
or dark, chosen with the switch at the foot of every page and kept in a cookie, like the
language. It works without JavaScript: the switch is a form that sets the cookie and comes back.

The anonymous pages cached as bytes (``articles.views.cached_anonymous_page``) name the theme in
their key: each theme is its own cached page, so one reader's choice never reaches another."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

COOKIE = "theme"
AUTO, LIGHT, DARK = "auto", "light", "dark"
THEMES = (AUTO, LIGHT, DARK)
COOKIE_AGE = 365 * 24 * 3600


def of(request: HttpRequest) -> str:
    """The theme this reader chose, ``auto`` when none (or a value we do not know)."""
    value = request.COOKIES.get(COOKIE, AUTO)
    return value if value in THEMES else AUTO


def context(request: HttpRequest) -> dict:
    """For the templates: ``theme`` (set on <html> as data-theme, and the switch's choice)."""
    return {"theme": of(request), "themes": THEMES}


@require_POST
def set_theme(request: HttpRequest) -> HttpResponseRedirect:
    """The switch: remember the theme and go back where the reader was (``next``, on this site
    only)."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    value = request.POST.get("theme", AUTO)
    if value in (LIGHT, DARK):
        response.set_cookie(
            COOKIE,
            value,
            max_age=COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
