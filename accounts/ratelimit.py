"""Rate limits that hold across every server process, counted in fixed windows.

A limit is ``count`` actions per window of ``seconds``: the window starts with the first action
and does not move after it, however many actions follow. Named limits are settings,
``RATE_LIMITS[action] = (count, seconds)``.

Take the quota *before* acting, and give it back if the action is then refused::

    quota = ratelimit.take(request, "comment_post")
    if not quota:
        return too_fast(request, wait=quota.retry_after)  # "réessayez dans 42 min"
    try:
        post_comment(...)
    except ValidationError:
        quota.refund()  # a comment refused for its content costs no unit
        raise

Why: checking first and counting after the action let simultaneous requests all pass the check
(eight posts stored for a quota of three). Here the store alone decides, in one atomic step per
request, whether a unit is left, and takes it in the same step.

Why not the cache API: on the database cache ``incr()`` is a read then a write (concurrent
increments are lost) and it writes the key again with the default timeout (five minutes), so an
hourly limit lasted five minutes. There are two stores instead, chosen by the default cache:

- Redis, when it is Django's ``RedisCache``: one small Lua script per take, which Redis runs
  alone, start to end; the key's expiry is set when the window opens and never touched again.
- otherwise the database table ``accounts.RateCounter``: one conditional ``UPDATE`` that counts
  the unit only while some are left (or opens a new window once the last one ended). The row
  lock the UPDATE takes on PostgreSQL, and the write lock on SQLite, make concurrent takes wait
  for each other, and each then sees the count the previous one left.
"""

import hashlib
import ipaddress
import math
import random
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from redis.exceptions import NoScriptError

from . import prepared
from .models import RateCounter

# Odds that a take on the database store then deletes windows that have ended (a bounded batch),
# so that the table holds about the clients of the last window rather than every client ever.
PURGE_PROBABILITY = 0.01
PURGE_BATCH = 1000

# Keys are stored as given when short and plain; others by a digest (the table's column and
# the cache's key rules both have limits).
_PLAIN_KEY = re.compile(r"[!-~]{1,200}")


class Quota:
    """What ``take()`` answers: whether the action may go ahead, and when the window ends.

    - ``allowed``: a unit was taken (the action may go ahead) or not (the limit is reached).
      ``bool(quota)`` is ``quota.allowed``, so ``if not take(...)`` reads as it should.
    - ``retry_after``: whole seconds until the current window ends, rounded up and at least 1.
      Refused: when to try again ("dans 42 min"). Allowed: when the units left come back.
    - ``refund()``: gives the unit back when the action is then refused for another reason (a
      validation error, a conflict), so that a refused attempt costs nothing. It only gives back
      to the window the unit was taken from (a window that has ended since is left alone), only
      once, and does nothing on a refused quota. Returns whether a unit was given back.
    """

    __slots__ = ("_key", "_store", "_window", "allowed", "retry_after")

    def __init__(self, allowed: bool, retry_after: int, store=None, key="", window=None):
        self.allowed = allowed
        self.retry_after = retry_after
        self._store, self._key, self._window = store, key, window

    def __bool__(self) -> bool:
        return self.allowed

    def __repr__(self) -> str:
        return f"<Quota allowed={self.allowed} retry_after={self.retry_after}>"

    def refund(self) -> bool:
        if not self.allowed or self._store is None:
            return False
        store, self._store = self._store, None  # once only
        return store.refund(self._key, self._window)


def client_key(request: HttpRequest) -> str:
    """Who is acting: the member when logged in, otherwise the address group (hashed)."""
    if request.user.is_authenticated:
        return f"m{request.user.pk}"
    # allauth's reading of the address honours ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy.
    address = address_group(get_client_ip(request) or "")
    return "a" + hashlib.sha256(address.encode()).hexdigest()[:24]


def address_group(address: str) -> str:
    """The addresses that count as one client: an IPv6 address stands for its /64, an IPv4
    address for itself.

    A home, a phone or a server is given a whole IPv6 /64 and may use any of its 2^64 addresses:
    counting each address alone would let anyone step around every limit by changing address.
    IPv4 addresses are scarce and already shared behind NAT, so grouping them would make
    neighbours share a quota. An IPv4 address written as IPv6 (``::ffff:192.0.2.1``) is IPv4.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network((ip, 64), strict=False))
    return str(ip)


def take(request: HttpRequest, action: str, *, key: str | None = None) -> Quota:
    """Take one unit of the ``action`` limit (``settings.RATE_LIMITS[action]``) for this client,
    or for ``key`` instead when given (a cap that is not the client's, e.g. per article); see
    Quota for the answer. Call it before acting, and refund() if the action is then refused.

    Called inside a transaction of the caller, the database store's counter row stays locked
    until that transaction ends (concurrent takes of the same key wait for it): take early, and
    several quotas always in the same order. A rollback of that transaction also undoes the take
    there, but not on Redis: call refund() whenever the action does not happen.
    """
    count, seconds = settings.RATE_LIMITS[action]
    who = client_key(request) if key is None else key
    return take_key(f"{action}:{who}", count, seconds)


def take_key(key: str, count: int, seconds: int) -> Quota:
    """Take one unit of the limit named ``key``: at most ``count`` units per window of
    ``seconds`` opened by the first one. For limits that are not a named setting of one client,
    e.g. ``take_key(f"author_votes:{voter.pk}:{author.pk}", 20, 86400)``. Callers choose keys
    that cannot collide with ``take()``'s ``"<action>:<who>"``."""
    seconds = int(seconds)
    if seconds < 1:
        raise ValueError("A rate-limit window lasts at least one second.")
    return _store().take(_stored_key(key), max(int(count), 0), seconds)


def purge_expired(batch: int = PURGE_BATCH) -> int:
    """Delete up to ``batch`` database counters whose window has ended; returns how many.

    Safe at any time: an ended window means the same as no row (the next take opens a new
    window either way). Called now and then by takes (``PURGE_PROBABILITY``), after their
    transaction commits; a scheduled job may call it too. Rows locked by a take in progress are
    skipped rather than waited for, so a purge never holds up a request nor deadlocks with one.
    Redis needs none of this: its keys expire.
    """
    now = timezone.now()
    with transaction.atomic():
        keys = list(
            RateCounter.objects.filter(window_ends__lte=now)
            .select_for_update(skip_locked=True)
            .values_list("key", flat=True)[:batch]
        )
        if not keys:
            return 0
        return RateCounter.objects.filter(key__in=keys, window_ends__lte=now).delete()[0]


def _stored_key(key: str) -> str:
    if _PLAIN_KEY.fullmatch(key):
        return key
    return "#" + hashlib.sha256(key.encode()).hexdigest()


def _store():
    cache = caches["default"]
    return _RedisStore(cache) if isinstance(cache, RedisCache) else _DATABASE


@cache
def _TAKE_SQL() -> str:
    """Parameters: now, now, the end of a new window, the key, now, the count allowed. Every
    CASE reads the row as it was before the UPDATE (count first: on a database that assigns
    left to right, it still reads the window's end from before)."""
    table = RateCounter._meta.db_table
    return (
        f'UPDATE "{table}" SET "count" = CASE WHEN "window_ends" <= %s THEN 1 '  # noqa: S608
        'ELSE "count" + 1 END, "window_ends" = CASE WHEN "window_ends" <= %s THEN %s '
        'ELSE "window_ends" END WHERE "key" = %s AND ("window_ends" <= %s OR "count" < %s) '
        'RETURNING "window_ends"'
    )


def _seconds_until(ends: datetime) -> int:
    return max(1, math.ceil((ends - timezone.now()).total_seconds()))


class _DatabaseStore:
    """Counters in the table ``accounts.RateCounter``, one row per key.

    The UPDATE both decides and counts: it matches the row only while a unit is left or once the
    window has ended, and then either adds one or opens a new window with a count of one (every
    CASE reads the row as it was before the UPDATE). On PostgreSQL a concurrent take waits for
    the row lock, then checks its WHERE again against the row the other one committed; SQLite
    runs one writer at a time. So ``count`` units are taken per window, never more.

    0 rows updated means either no row yet (it is inserted with a count of 0, ignoring the
    conflict if a concurrent take inserted it first, and the UPDATE is tried again) or no unit
    left. Assumes READ COMMITTED on PostgreSQL (its default): each statement then sees what
    concurrent takes committed.

    Times are the web servers' clocks (kept by NTP), not the database's, so that the same SQL
    works on SQLite and PostgreSQL.
    """

    def take(self, key: str, count: int, seconds: int) -> Quota:
        now = timezone.now()
        new_window_ends = now + timedelta(seconds=seconds)
        quota = Quota(False, 1)  # still racing after three tries: refuse rather than loop
        # Part of the caller's transaction when there is one (a vote takes its quotas and
        # records itself in one): no savepoint, nothing here is undone alone.
        with transaction.atomic(savepoint=False):
            for _attempt in range(3):
                # Most takes end here: their row has a unit left.
                window_ends = self._take_where_left(key, count, now, new_window_ends)
                if window_ends is not None:
                    quota = Quota(True, _seconds_until(window_ends), self, key, window_ends)
                    break
                row = (
                    RateCounter.objects.filter(key=key).values_list("count", "window_ends").first()
                )
                if row is None:
                    RateCounter.objects.bulk_create(
                        [RateCounter(key=key, count=0, window_ends=new_window_ends)],
                        ignore_conflicts=True,
                    )
                    continue
                used, window_ends = row
                if window_ends > now and used >= count:
                    quota = Quota(False, _seconds_until(window_ends))
                    break
                # Between the two statements a unit came back (refund), or the row was made
                # (a concurrent first take): try again.
        if random.random() < PURGE_PROBABILITY:
            transaction.on_commit(purge_expired, robust=True)
        return quota

    @staticmethod
    def _take_where_left(key: str, count: int, now: datetime, new_window_ends: datetime):
        """One UPDATE that counts the unit only while one is left, or opens a new window once
        the last one ended (_TAKE_SQL); it says where the window it took from ends (RETURNING),
        or None when it took nothing (no row yet, or no unit left). Prepared once as SQL: the
        ORM's form of it, and the SELECT that read the window's end after it, cost more than
        the rest of a vote's quotas."""
        using = RateCounter.objects.db
        adapt = connections[using].ops.adapt_datetimefield_value
        now, new_window_ends = adapt(now), adapt(new_window_ends)
        row = prepared.row(_TAKE_SQL(), [now, now, new_window_ends, key, now, count], using)
        return None if row is None else prepared.moment(row[0])

    def refund(self, key: str, window_ends: datetime) -> bool:
        # Only to the window the unit came from: once it has ended, the unit is gone with it.
        counter = RateCounter.objects.filter(key=key, window_ends=window_ends, count__gt=0)
        return bool(counter.update(count=F("count") - 1))


_DATABASE = _DatabaseStore()

# KEYS[1] a hash {n: units taken, w: the window's name}; ARGV: count, window in ms, a name for a
# new window. Redis runs a script alone, start to end: nothing can come between the read and the
# write. The expiry is set once, when the window opens. Returns {taken?, ms left, window name}.
_TAKE = """
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'n', 0, 'w', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
local window = redis.call('HGET', KEYS[1], 'w')
if tonumber(redis.call('HGET', KEYS[1], 'n')) >= tonumber(ARGV[1]) then
  return {0, ttl, window}
end
redis.call('HINCRBY', KEYS[1], 'n', 1)
return {1, ttl, window}
"""
# Gives a unit back to window ARGV[1] if it is still the running one.
_REFUND = """
if redis.call('HGET', KEYS[1], 'w') == ARGV[1]
    and tonumber(redis.call('HGET', KEYS[1], 'n')) > 0 then
  redis.call('HINCRBY', KEYS[1], 'n', -1)
  return 1
end
return 0
"""


class _RedisStore:
    """Counters in the Redis of Django's RedisCache, under its key prefix and version (so
    ``cache.clear()`` resets them too), each a hash that expires when its window ends. Always on
    the primary server: a replica may lag behind."""

    def __init__(self, cache: RedisCache):
        self.cache = cache

    def _client(self, key: str):
        name = self.cache.make_and_validate_key(f"ratelimit:{key}")
        return name, self.cache._cache.get_client(name, write=True)

    def take(self, key: str, count: int, seconds: int) -> Quota:
        name, client = self._client(key)
        taken, ttl, window = _run(client, _TAKE, name, count, seconds * 1000, secrets.token_hex(8))
        retry_after = max(1, math.ceil(ttl / 1000))
        return Quota(True, retry_after, self, key, window) if taken else Quota(False, retry_after)

    def refund(self, key: str, window: bytes) -> bool:
        name, client = self._client(key)
        return bool(_run(client, _REFUND, name, window))


def _run(client, script: str, key: str, *args):
    """A script run by Redis on one key: by its digest, as Redis keeps the scripts it was sent
    (loaded on the first run, and again after a restart). redis-py's Script objects cost as
    much again as the round trip (90 -> 56 us of CPU a take)."""
    try:
        return client.evalsha(_digest(script), 1, key, *args)
    except NoScriptError:
        return client.eval(script, 1, key, *args)


@cache
def _digest(script: str) -> str:
    return hashlib.sha1(script.encode()).hexdigest()  # noqa: S324 (Redis names scripts so)
