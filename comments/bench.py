"""The benchmark's ceiling: a Django view that returns a fixed page of the article page's size
without touching the database, served by the same gunicorn only when ``make bench`` asks for it
(CAUSERIE_BENCH_CEILING_BYTES)."""

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@cache
def _page() -> bytes:
    size = settings.BENCH_CEILING_BYTES
    head = b"<!DOCTYPE html><html lang=fr><head><title>plafond</title></head><body><p>"
    tail = b"</p></body></html>"
    return head + b"x" * max(size - len(head) - len(tail), 0) + tail


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_page())
