"""Caching renderings under versioned keys.

A key names everything its value was made from (an article's version, the edition, the
language…), so the value behind a key never changes: a change makes new keys, and the old
entries are simply never asked for again. Two consequences shape this module:

- Each server process may keep what it read in its own memory (``versioned``): an entry that
  is in memory is as right as the shared cache's, however many processes there are, since
  nothing ever changes behind a key. The shared cache (Redis, or the database table) is the
  second level, which every process fills and reads; a process's memory is bounded (LRU by
  size) and lost at restart, which costs speed, never correctness.
- Nothing needs to expire: entries are written without a timeout and the shared cache evicts
  what is no longer asked for (Redis by its memory policy, the table by culling).
- What goes to the shared cache is pickled and compressed here (``_packed``): a page of
  hundreds of comments is a megabyte of HTML that compresses about twentyfold, and writing the
  megabyte (base64-encoded into the table, then into SQLite's journal; into Redis's memory)
  cost far more than compressing it, on the first page after every change. Zstandard at its
  fastest level, rather than zlib's: for a 500-comment discussion (740 KB pickled), 1.0 ms to
  compress instead of 3.6-4.8, 0.4 ms to read back instead of 2.1-2.3, and 37 KB instead of
  72 KB.

``DatabaseCache`` is Django's database cache that writes in one statement (an upsert) instead of
three (a count of the whole table, a read, a write): the database cache is the default, and the
cost of a write shows in the number of queries of the first page after each change.

``RedisCache`` is Django's Redis cache keeping one client per server: Django's makes a new
``redis.Redis`` for every operation (its connections come from a pool either way), and making
one cost 0.18 ms, more than a GET of a small key on loopback, in every request that read the
cache or took a rate-limit unit.
"""

import base64
import logging
import pickle
import random
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime

import zstandard
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
LOCAL_BYTES = 64 * 1024 * 1024  # per server process
# Part of every key: raise it when what is cached changes shape, so that a new release never
# reads what an older one wrote in the shared cache.
FORMAT = 10  # 10: the anonymous page outlives its discussion's version (9: Zstandard)
# Writes, on average, between two looks at the table's size: settings.CACHE_CULL_EVERY (0:
# never; the test settings, whose query counts must not depend on chance).
CULL_EVERY = 100


class _LocalLRU:
    """Immutable values by key, least recently used first out past ``limit`` bytes (strings
    count their length; other values a fixed small size)."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.entries: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key: str, value) -> None:
        size = _size(value)
        if size > self.limit // 4:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (value, size)
            self.size += size
            while self.size > self.limit:
                _key, (_value, dropped) = self.entries.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


def _size(value) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, dict):  # a few renderings by hole (remembered)
        return sum(_size(each) for each in value.values()) + 256
    size = getattr(value, "size", None)
    return size + 1024 if isinstance(size, int) else 1024


local = _LocalLRU(LOCAL_BYTES)


def _packed(value) -> bytes:
    """A value as the shared cache stores it: pickled, then compressed (Zstandard's fastest
    level; a compressor is made for each value: it is cheap, and one shared is not safe to
    use from two threads at once)."""
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return zstandard.ZstdCompressor(level=1).compress(data)


def _unpacked(data):
    """The value ``_packed`` made, or None for anything else (an entry of another shape)."""
    if not isinstance(data, bytes):
        return None
    try:
        return pickle.loads(zstandard.decompress(data))  # noqa: S301 - written by _packed only
    except Exception:
        logger.warning("An entry of the shared cache could not be read", exc_info=True)
        return None


def incarnation() -> str:
    """The database server's current run, in every key here and in every ETag made from
    versions: on PostgreSQL, when it started. A vote's commit does not wait for the disk
    (settings.VOTES_WAIT_FOR_DISK), so a crash of the database server may lose the versions
    that its last votes moved, and the same versions, moved again by the next changes, would
    name what was cached under them before the crash. After the server's restart no key made
    before is reached, in any process (each reads this again on its new connection). Read
    once per connection. Elsewhere (SQLite, whose commits wait) empty."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return ""
    connection.ensure_connection()
    raw = connection.connection
    known = getattr(connection, "_incarnation", None)
    if known is None or known[0] is not raw:
        with connection.cursor() as cursor:
            cursor.execute("SELECT CAST(EXTRACT(EPOCH FROM pg_postmaster_start_time()) AS TEXT)")
            known = connection._incarnation = (raw, cursor.fetchone()[0])
    return known[1]


def _prefix() -> str:
    return f"f{FORMAT}:{incarnation()}:"


def versioned_get_many(keys: list[str]) -> dict:
    """The values found for ``keys``: this process's memory first, the shared cache for the
    rest (one round trip, or one query on the database cache)."""
    found = {}
    missing = []
    prefix = _prefix()
    keys = [prefix + key for key in keys]
    for key in keys:
        value = local.get(key)
        if value is None:
            missing.append(key)
        else:
            found[key] = value
    if missing:
        try:
            shared = cache.get_many(missing)
        except Exception:
            shared = {}
        for key, data in shared.items():
            value = _unpacked(data)
            if value is not None:
                local.put(key, value)
                found[key] = value
    return {key.removeprefix(prefix): value for key, value in found.items()}


def remembered[T](key: str, make: Callable[[], T]) -> T:
    """What ``make()`` renders in the active language, kept in this process's memory under
    ``key``, which names everything else it is made from, as every key here does: for the small
    parts that a page fills in for its reader (a member's header, an article's vote buttons
    as they pressed them), shared by many requests, too small to be worth a trip to the
    shared cache and dearer to render each time (0.1 to 0.7 ms each) than to look up."""
    key = f"r:{get_language()}:{incarnation()}:{key}"
    value = local.get(key)
    if value is None:
        value = make()
        local.put(key, value)
    return value


def versioned_set_many(values: dict) -> None:
    """Keep ``values`` here and in the shared cache, without expiry."""
    prefix = _prefix()
    values = {prefix + key: value for key, value in values.items()}
    for key, value in values.items():
        local.put(key, value)
    try:
        cache.set_many({key: _packed(value) for key, value in values.items()}, timeout=None)
    except Exception:  # a cache that is down costs speed, not the page
        logger.warning("The shared cache could not be written", exc_info=True)


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache, writing each entry with one upsert, and looking at the table's
    size (to cull it) only now and then rather than at every write."""

    def set_many(self, data, timeout=None, version=None):
        rows = []
        expires = self._expiry(timeout)
        for key, value in data.items():
            key = self.make_and_validate_key(key, version=version)
            pickled = pickle.dumps(value, self.pickle_protocol)
            rows.append((key, base64.b64encode(pickled).decode("latin1"), expires))
        if rows:
            self._upsert(rows)
        return []

    def set(self, key, value, timeout=None, version=None):
        self.set_many({key: value}, timeout=timeout, version=version)

    def _expiry(self, timeout):
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max.replace(microsecond=0)
        return datetime.fromtimestamp(timeout, tz=UTC).replace(microsecond=0)

    def _upsert(self, rows) -> None:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        with connection.cursor() as cursor:
            every = getattr(settings, "CACHE_CULL_EVERY", CULL_EVERY)
            if every and random.randrange(every) == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                count = cursor.fetchone()[0]
                if count > self._max_entries:
                    self._cull(db, cursor, timezone.now().replace(microsecond=0), count)
            values = ", ".join(["(%s, %s, %s)"] * len(rows))
            params = [
                item
                for key, value, expires in rows
                for item in (key, value, connection.ops.adapt_datetimefield_value(expires))
            ]
            cursor.execute(
                f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, "  # noqa: S608
                f"{quote('expires')}) VALUES {values} ON CONFLICT ({quote('cache_key')}) DO "
                f"UPDATE SET {quote('value')} = excluded.{quote('value')}, "
                f"{quote('expires')} = excluded.{quote('expires')}",
                params,
            )


class _RedisClients(RedisCacheClient):
    """One ``redis.Redis`` per server (a client is only a handle on its connection pool, safe
    to share between threads; the pool itself opens new connections after a fork)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # The server chosen once (a replica at random for a read), its pool and its client
        # for that same server (Django's _get_connection_pool() would choose again).
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache with a client kept per server (see the module's docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _RedisClients
