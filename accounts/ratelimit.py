"""Fixed-window rate limits kept in the shared cache (Redis or the database table), so that they
hold across every server process. Limits are named settings: ``RATE_LIMITS[action] = (count,
seconds)``."""

import hashlib

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """Who is acting: the member when logged in, otherwise the address (hashed)."""
    if request.user.is_authenticated:
        return f"m{request.user.pk}"
    # allauth's reading of the address honours ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy.
    address = get_client_ip(request) or ""
    return "a" + hashlib.sha256(address.encode()).hexdigest()[:24]


def hit(request: HttpRequest, action: str) -> bool:
    """Count one more ``action`` by this client; False once the limit is passed."""
    count, seconds = settings.RATE_LIMITS[action]
    key = f"rl:{action}:{client_key(request)}"
    # add() only writes when the key is missing, so the window starts with the first action.
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return True
    return used <= count


def allows(request: HttpRequest, action: str) -> bool:
    """Whether one more ``action`` is within the limit, without counting it (count it with
    hit() once it went through: refused attempts then cost nothing)."""
    count, _seconds = settings.RATE_LIMITS[action]
    return (cache.get(f"rl:{action}:{client_key(request)}") or 0) < count
