"""The Redis list where searches and opened results wait until ``tasks.flush`` writes them.

Recording a search is one RPUSH (no SQL on the search path). The list is bounded
(``SEARCH_ANALYTICS_BUFFER_MAX``: past it the oldest items are dropped, so a stopped flush task
cannot fill Redis) and named after the database, so that test runs, benchmarks and development
sharing one Redis never flush each other's items. An unreachable Redis raises
``BufferUnavailable`` at once while a circuit breaker is open (callers then write directly or drop).
"""

import json
import logging

import redis
from django.conf import settings

from core.breaker import breaker

log = logging.getLogger(__name__)

UNREACHABLE = (
    redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
    redis.exceptions.ReadOnlyError, OSError,
)  # fmt: skip
COOLDOWN = 5.0

_clients: dict[str, redis.Redis] = {}  # URL → client (a thread-safe connection pool)


class BufferUnavailable(Exception):
    """Redis cannot take or give items now."""


def redis_url() -> str:
    return settings.SEARCH_ANALYTICS_REDIS_URL or settings.REDIS_URL


def client() -> redis.Redis:
    url = redis_url()
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=settings.SEARCH_ANALYTICS_REDIS_TIMEOUT,
            socket_timeout=settings.SEARCH_ANALYTICS_REDIS_TIMEOUT,
        )  # fmt: skip
    return _clients[url]


def key() -> str:
    return f"search-analytics:{settings.DATABASES['default']['NAME']}"


def _guarded(operation):
    guard = breaker(f"search analytics buffer {redis_url()}", COOLDOWN)
    if not guard.allow():
        raise BufferUnavailable("breaker open")
    try:
        result = operation(client())
    except UNREACHABLE as error:
        guard.failed()
        raise BufferUnavailable(str(error)) from error
    guard.succeeded()
    return result


def push(item: dict) -> None:
    """Append one item (a search or an opened result)."""
    text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    limit = settings.SEARCH_ANALYTICS_BUFFER_MAX

    def append(r):
        if r.rpush(key(), text) > limit:
            r.ltrim(key(), -limit, -1)

    _guarded(append)


def pop(count: int) -> list[dict]:
    """Take up to ``count`` of the oldest items (atomically: two flushers never share one)."""
    raw = _guarded(lambda r: r.lpop(key(), count)) or []
    items = []
    for text in raw:
        try:
            items.append(json.loads(text))
        except ValueError:
            log.warning("search analytics: dropped an unreadable buffered item")
    return items


def push_back(items: list[dict]) -> None:
    """Return items a failed write took, at the head, in their order."""
    if items:
        texts = [json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items]
        _guarded(lambda r: r.lpush(key(), *reversed(texts)))


def length() -> int:
    return _guarded(lambda r: r.llen(key()))
