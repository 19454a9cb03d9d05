"""Django's Redis cache, failing open: an unreachable Redis is a miss, not an error.

Pages, GraphQL and search read through caches whose source of truth is PostgreSQL, so with Redis
down they keep answering (slower). Reads return the default, writes are dropped, each logged
once per outage; a circuit breaker skips Redis for ``FAIL_OPEN_COOLDOWN`` seconds after a
failure, and short socket timeouts (OPTIONS) bound a hung Redis.

Two things must not fail open and raise ``CacheUnavailable`` instead: counters (``incr``: rate
limits fail closed) and ``is_available()`` (sessions, ``core.sessions``). Values ``add``-ed
during an outage are kept in this process for a few seconds, so an add-then-get sequence (the
version stamps of ``core.stamps``) still reads back what it added; ``set`` is never kept, so no
cached copy outlives the outage.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

from tenants.health import ServiceUnavailable

from .breaker import breaker

log = logging.getLogger(__name__)

# Down, hung, loading its data after a restart (a ConnectionError), or a replica during failover.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ReadOnlyError, OSError)
ADDED_KEPT_SECONDS = 5.0


class CacheUnavailable(ServiceUnavailable):
    """Redis cannot be reached and the operation has no safe fallback."""

    message = "缓存服务暂时不可用，请稍后再试"


_added: dict[str, tuple[object, float]] = {}  # made key → (value, kept until), during outages
_added_lock = threading.Lock()


def _kept(key: str, default=None):
    value, until = _added.get(key, (None, 0.0))
    return value if until > time.monotonic() else default


class ReusedClients(RedisCacheClient):
    """Django's Redis cache client keeping one redis-py client per connection pool. Django builds
    a new ``redis.Redis`` for every cache operation, and redis-py's constructor fills a table of
    ~170 response callbacks each time: about as much CPU as the GET itself. A client holds no
    connection (the pool lends one per command) and the backend is per thread."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id(pool) → client; the pools live as long as this object

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = breaker(f"Redis cache {location}", params.get("FAIL_OPEN_COOLDOWN", 5.0))

    def _try(self, operation, fallback):
        if self.breaker.allow():
            try:
                result = operation()
            except UNREACHABLE:
                log.debug("cache operation failed", exc_info=True)
                self.breaker.failed()
            else:
                self.breaker.succeeded()
                return result
        return fallback()

    def is_available(self) -> bool:
        """True when Redis answers a ping now (no fallback: for sessions and health)."""
        return self._try(lambda: bool(self._cache.get_client(write=True).ping()), lambda: False)

    def get(self, key, default=None, version=None):
        return self._try(
            lambda: RedisCache.get(self, key, default, version),
            lambda: _kept(self.make_and_validate_key(key, version=version), default),
        )

    def get_many(self, keys, version=None):
        def kept():
            found = {k: _kept(self.make_and_validate_key(k, version=version)) for k in keys}
            return {k: v for k, v in found.items() if v is not None}

        return self._try(lambda: RedisCache.get_many(self, keys, version), kept)

    def has_key(self, key, version=None):
        return self._try(
            lambda: RedisCache.has_key(self, key, version),
            lambda: _kept(self.make_and_validate_key(key, version=version)) is not None,
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        def keep():
            made = self.make_and_validate_key(key, version=version)
            with _added_lock:
                if _kept(made) is not None:
                    return False
                _added[made] = (value, time.monotonic() + ADDED_KEPT_SECONDS)
            return True

        return self._try(lambda: RedisCache.add(self, key, value, timeout, version), keep)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(lambda: RedisCache.set(self, key, value, timeout, version), lambda: None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(
            lambda: RedisCache.set_many(self, data, timeout, version), lambda: list(data)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(lambda: RedisCache.touch(self, key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        _added.pop(self.make_and_validate_key(key, version=version), None)
        return self._try(lambda: RedisCache.delete(self, key, version), lambda: False)

    def delete_many(self, keys, version=None):
        for key in keys:
            _added.pop(self.make_and_validate_key(key, version=version), None)
        return self._try(lambda: RedisCache.delete_many(self, keys, version), lambda: None)

    def clear(self):
        _added.clear()
        return self._try(lambda: RedisCache.clear(self), lambda: False)

    def incr(self, key, delta=1, version=None):
        def unavailable():
            raise CacheUnavailable(f"incr {key}")

        return self._try(lambda: RedisCache.incr(self, key, delta, version), unavailable)
