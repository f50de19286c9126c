"""Site-wide guards that must run before any view reads the request."""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

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


# The id of the request being served, for every log record written while it is (see the filter).
_request_id = contextvars.ContextVar("request_id", default="-")
# nginx's $request_id is 32 hex digits; an id from elsewhere is kept only if it looks like one,
# so that a client cannot write into the log through it.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
request_log = logging.getLogger("causerie.request")


class RequestLogMiddleware:
    """Names each request with the proxy's ``X-Request-ID`` (or a new id without a proxy), sends
    the name back in the response's ``X-Request-ID``, and logs one line when the response leaves:
    method, path, status, duration and member, with the id, so that a line of nginx's log, of
    this log and a member's report ("erreur, réf. …") lead to one another. First in MIDDLEWARE:
    the duration covers every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            self.log(request, response, (time.perf_counter() - started) * 1000)
            return response
        finally:
            _request_id.reset(token)

    @staticmethod
    def log(request: HttpRequest, response: HttpResponse, milliseconds: float) -> None:
        match = request.resolver_match
        # Addresses that carry a secret (a password reset key, an unsubscribe token) are logged
        # by their route, not with the secret in them.
        secret = match is not None and bool({"key", "token"} & match.kwargs.keys())
        # The member only if the request already loaded them: logging costs no query.
        user = getattr(request, "_cached_user", None)
        fields = {
            "method": request.method,
            "path": f"/{match.route}" if secret else request.path,
            "status": response.status_code,
            "duration_ms": round(milliseconds, 1),
            "member": user.pk if user is not None and user.is_authenticated else "-",
        }
        # Load balancers' probes every few seconds would drown the rest.
        level = logging.DEBUG if match is not None and match.url_name == "health" else logging.INFO
        request_log.log(
            level,
            "%s %s %s %.1f ms",
            fields["method"],
            fields["path"],
            fields["status"],
            milliseconds,
            extra={"fields": fields},
        )


class RequestIdFilter(logging.Filter):
    """Gives every log record the id of the request it was written in ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class LogfmtFormatter(logging.Formatter):
    """One ``key=value`` line per record (logfmt, which log tools parse): time, level, logger,
    request id, then the record's ``fields`` or its message; a traceback follows on the next
    lines. Values with spaces, quotes or line breaks are quoted and escaped."""

    def format(self, record: logging.LogRecord) -> str:
        fields = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            **(getattr(record, "fields", None) or {"msg": record.getMessage()}),
        }
        line = " ".join(f"{key}={_logfmt_value(value)}" for key, value in fields.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


def _logfmt_value(value) -> str:
    text = str(value)
    if text and re.fullmatch(r"[^\s\"=\\]+", text) and text.isprintable():
        return text
    return json.dumps(text, ensure_ascii=False)
