"""Site-wide guards that must run before any view reads the request."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared body is larger than MAX_REQUEST_BYTES, before a
    byte of it is read: a 20 MB "avatar" costs nothing. (A body sent without a length is not
    read by Django's form parsers at all; nginx caps what reaches us in production.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            megabytes = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            response = HttpResponse(
                # A page of its own, without the site's frame: no session or user is loaded yet.
                render_to_string("413.html", {"megabytes": megabytes}),
                status=413,
            )
            response["Connection"] = "close"  # the unread body is not worth waiting for
            return response
        return self.get_response(request)
