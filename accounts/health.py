"""/sante/: whether this server process can serve, for a load balancer or a supervisor.

200 "ok" when the database and the cache both answer, 503 "unavailable" otherwise. The answer
says nothing more (no versions, no host names, no error text): it is public. What failed is
logged instead, with the request's id. No session, no rate limit, never cached.

A probe must send a host name of ``DJANGO_ALLOWED_HOSTS`` (127.0.0.1 is allowed by default), and
may use plain http: the address is exempt from the https redirect (``SECURE_REDIRECT_EXEMPT``).
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_KEY = "health:probe"


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("health: the database does not answer", exc_info=True)
        return False


def cache_answers() -> bool:
    """A write and a read: rate limits need the cache to take writes, not only to answer."""
    try:
        cache.set(PROBE_KEY, "1", timeout=60)
        return cache.get(PROBE_KEY) == "1"
    except Exception:
        logger.warning("health: the cache does not answer", exc_info=True)
        return False


@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    # Both are always tried, so that the log names every part that is down.
    database, cache_ok = database_answers(), cache_answers()
    if database and cache_ok:
        return HttpResponse("ok\n", content_type="text/plain")
    return HttpResponse("unavailable\n", content_type="text/plain", status=503)
