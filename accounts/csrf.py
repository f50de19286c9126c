"""The CSRF token of a page, as Django's ``get_token()`` makes it, with its randomness drawn in
one call.

Django draws each of the 32 characters of a new secret, and of the mask that each page's token
is made with, by a call of its own to the system's random source: 64 system calls for a
reader without the cookie yet (every anonymous reader's first page, and every page of a
client that keeps no cookies), 90 µs of the 1.2 ms that an anonymous page served from the
cache costs. Here the same secret and mask, drawn from the same source
(``secrets.token_bytes``) with the same uniform distribution over the same 62 characters, take
one call. The token is Django's own format: the middleware checks it as it checks its own,
and sets the cookie when the secret is new (``CSRF_COOKIE_NEEDS_UPDATE``, as ``get_token()``
does). Templates' ``{% csrf_token %}`` still use Django's, which reads the same secret.
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_INDEX = {char: position for position, char in enumerate(CSRF_ALLOWED_CHARS)}
# Bytes from this value up are drawn again: 256 is not a multiple of 62, and taking every byte
# modulo 62 would make the first characters likelier than the others.
_UNBIASED = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _random_string(length: int = CSRF_SECRET_LENGTH) -> str:
    chars: list[str] = []
    while len(chars) < length:
        chars += [
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in secrets.token_bytes(length + 8)
            if byte < _UNBIASED
        ]
    return "".join(chars[:length])


def token(request) -> str:
    """The token for the page's forms: a new mask over the reader's secret (a new secret, and
    the cookie that carries it, when they have none)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # the cookie is sent (again): its expiry
    mask = _random_string()
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_INDEX[char] + _INDEX[key]) % size]
        for char, key in zip(secret, mask, strict=True)
    )
    return mask + cipher
